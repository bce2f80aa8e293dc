"""Question → ranked Hits, including the decision to decline.

Ranking starts from the TF-IDF cosine of the question with each passage (times small priors
against headings and very short passages); when the question names a term (a flag, a `docker`
command, a word; a how-to question, a flag or command only) that a passage defines by opening with
it, the other passages step down. The best RERANK are then re-scored by coverage: the idf-weighted
share of the question's concepts (an English word, a flag, a Chinese dictionary word with its
English) that the passage contains (half, when only its headings name it, when it has the word only
in what it compares its subject to, "类似于Linux的man", or when a Chinese word of many dictionary
senses meets it through one of them); the final score is cosine × coverage².
A passage that names Docker objects, but none of those the question names, ranks lower; for a
how-to question (or a request, 把…), a note that holds its action comes first among notes that
cover as much of it. A verb that only says which thing is meant ("a stopped container", "the
images I have downloaded", "running containers") weighs half, as do the words of what a how-to
question says was done before its step (拿到镜像以后…).
Declining asks whether the best passage answers: enough final score, enough coverage, not
too much of the question about concepts the notes never mention (such a concept weighs the most
an idf can, half again when Docker's help uses the word or names a command, half when it is ordinary
English; a word the notes only compare to counts as one of them), not another program's command
("git commit" for notes that write `docker commit`; "tail -f", "kill -9" with nothing of Docker),
not a Docker command the question writes and the notes never do (`docker rm`), not a note met only
on a figure of a two-column table ("| 鲸鱼 | docker |" for "what do blue whales eat"), not a note
about other objects than the question's, not a note that does only what the question uses to
describe its object ("remove a stopped container": `docker stop`), not, for a question that asks
how to do something, a table row with no command in it, and not a question that Docker's help for
a command the notes never write covers better ("copy a file out of a container" is `docker cp`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from askdocker.analysis import (ABBREVIATIONS, EN_STOP, NEGATION_ZH, analyze, asked_verbs, asks_how_to, asks_to_do,
                                context_words, english_tokens, english_words, flag_tokens, normalized, participles, scan,
                                spelling_variants, stem, synonyms, units)
from askdocker.bridge import action_terms, english_for, english_senses, glossary, is_english_word, object_terms
from askdocker.cliref import command_name, defined_term, reference
from askdocker.index import MARKUP, Index, index_text
from askdocker.models import Hit, Passage

# A heading (or a paragraph introducing a section) that has notes under it names a topic; the
# notes under it are the answers. Short texts win cosine ties easily, so such headings rank
# below an equally good passage. A heading as long as a typical passage is a sentence that says
# something itself, and is not held back (hit@1 0.874 → 0.884 on questions.jsonl, 0.879 → 0.897
# on the holdout).
HEADING_PRIOR = 0.35
# Short passages win cosine too easily; shorter than the median costs a little.
LEN_ALPHA = 0.2
# Answer when coverage × (1 − unknown share) reaches this, for questions of up to SHORT_CONCEPTS
# concepts; longer ones need less (support_needed). Chosen on questions, holdout, holdout2 and
# verbose.jsonl (long, told-a-story questions, which this rule alone declined 59% of). A question
# whose weight is half unknown and half found in the note has support 0.5 × 0.5 = 0.25 exactly
# ("docker pull 很慢怎么办": the notes know `docker pull`, never "slow"); it is declined.
MIN_SUPPORT = 0.26
SHORT_CONCEPTS = 6
LENGTH_POWER = 0.8
# ... or, for a long question, this much support when it talks about TALKED_ABOUT of the note.
MIN_SUPPORT_TALKED = 0.1
TALKED_ABOUT = 0.5


@dataclass(frozen=True)
class Decision:
    """Whether the best hit answers the question, and why not when it does not."""

    answered: bool
    coverage: float  # share of the question's concepts in the best passage
    reason: str = ""


WHITESPACE = re.compile(r"\s+")
MIN_TYPO_LEN = 4
MAX_TYPO_LEN = 24
RERANK = 20  # how many of the best cosines are re-scored by coverage
COVERAGE_POWER = 2.0
COVERAGE_FLOOR = 0.05  # the coverage counted for a passage that shares words but no concept
# A question that names Docker objects (containers, images, volumes…: the glossary's objects
# section) is not answered by a note that names other objects and none of these, itself or in
# the headings and items above it ("delete all stopped containers" is not "删除全部" images).
# Such a note ranks lower, and is declined when it is still the best. Measured: the ranking
# factor fixed one hit@1 on questions.jsonl and one on holdout5; with the decline, 2 more
# unanswerable questions declined on the read sets and 1 more on each of holdout3, 5 and 6.
OBJECT_MISMATCH = 0.7
# A note says what its headings and the items above it say: a table row under "docker的logo：鲸鱼
# 背上有集装箱" is about the whale logo, an item under "镜像命令" is about images. A concept the note
# lacks but its headings name counts SECTION_SHARE of its weight in coverage (ranking and decline
# alike). Measured on every set: hit@1 +1 on each of holdout5, 6 and 7 (never read), +3 on
# holdout4, −1 on verbose and holdout9; answerable declined 5.7 → 3.8 % on holdout7, 6.7 → 5.7 %
# on holdout5; xl-dev hit@1 0.8011 → 0.8015. Anything from 0.3 to 0.7 measured about the same.
SECTION_SHARE = 0.5


# Comparative, superlative and adverb endings, and what the word they end was: "smaller" is
# "small", "easier" "easy", "gently" "gentle" (the stemmer keeps them apart).
DERIVED_ENDINGS = (("iest", "y"), ("ier", "y"), ("est", ""), ("er", ""), ("est", "e"), ("er", "e"),
                   ("ily", "y"), ("ly", ""), ("ly", "le"))
MIN_BASE_LEN = 3


def known_base(index: Index, word: str) -> str:
    """For a lower-case English word, the word its comparative, superlative or -ly ending was made
    from when the notes use that word ("smaller" → "small", "bigger" → "big", "largest" →
    "large", not "larg"); else "". An -er noun meets its verb the same way ("builder" → "build")."""
    for ending, was in DERIVED_ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < MIN_BASE_LEN:
            continue
        base = word[: -len(ending)] + was
        # a doubled consonant is the ending's spelling rule: bigger, hotter
        doubled = ending in ("er", "est") and len(base) > MIN_BASE_LEN and base[-1] == base[-2]
        for cand in (base[:-1], base) if doubled else (base,):
            toks = english_tokens([cand])
            # or a word of its group the notes use: "faster" is "fast", and the notes say "speed"
            if (len(toks) == 1 and any(t in index.vocabulary for t in (toks[0], *synonyms().get(toks[0], ())))
                    and is_english_word(cand)):
                return cand
    return ""


def correct_spelling(index: Index, question: str) -> str:
    """The question with abbreviations written out ("docker imgs" → "docker images", so the
    command's name is named), a comparative or an adverb the notes do not use written as the word
    they do ("smaller" → "small": the stemmer keeps them apart), and misspelt English words
    replaced by a word one edit away that the notes use ("dokcer imges" → "docker images"). A word
    is misspelt when neither the notes nor the dictionary's English know it; unchanged when there
    is no such word."""
    for word in dict.fromkeys(english_words(question)):
        low = word.lower()
        if low in ABBREVIATIONS:
            question = re.sub(rf"\b{re.escape(word)}\b", ABBREVIATIONS[low], question)
            continue
        toks = english_tokens([low])
        if not toks or all(t in index.vocabulary for t in toks):
            continue
        base = known_base(index, low)
        if base:
            question = re.sub(rf"\b{re.escape(word)}\b", base, question)
            continue
        # beyond MAX_TYPO_LEN a "word" is a pasted token, and its variants would cost seconds
        if not MIN_TYPO_LEN <= len(low) <= MAX_TYPO_LEN:
            continue
        if is_english_word(low):
            continue  # a real word the notes do not use, not a typo
        best, best_idf = "", 0.0
        for cand in spelling_variants(low):
            if cand in ABBREVIATIONS:
                continue  # "imges" is "images", not "imgs"
            ct = english_tokens([cand])
            j = index.vocabulary.get(ct[0]) if len(ct) == 1 else None
            # the most common known variant is the likeliest meaning
            if j is not None and (not best or float(index.idf[j]) < best_idf):
                best, best_idf = cand, float(index.idf[j])
        if best:
            question = re.sub(rf"\b{re.escape(word)}\b", best, question)
    return question


# A passage that opens with a term ("-p：…", "exec：…", "docker ps：…", "-f跟随…") defines it;
# a question that names the term is most likely asking for that definition, not an example.
# Measured (hit@1, questions / holdout): ×1 0.823/0.810, ×1.5 0.849/0.845, ×2 0.874/0.879, ×3 worse.
DEFINITION_BOOST = 2.0
def asked_terms(question: str) -> set[str]:
    """The terms a question names: its flags (a cluster's letters too), `docker <command>`s, words."""
    q = WHITESPACE.sub(" ", unicodedata.normalize("NFKC", question))
    out: set[str] = set()
    flags = re.findall(r"(?<![\w-])--?[A-Za-z][A-Za-z0-9-]*", q)
    # "the -t flag in docker run -it" asks about -t: a flag named alone is the one asked about, a
    # cluster's other letters are its example
    alone = [f for f in flags if len(flag_tokens(f)) == 1]
    for f in flags:
        out.update(flag_tokens(f) if not alone else [t for t in flag_tokens(f) if t in alone or t == f])
    words = re.findall(r"[a-z]+", q.lower())
    out.update(words)
    # a term of two or three words ("image id：镜像id")
    for run in re.findall(r"[a-z]+(?: [a-z]+)*", q.lower()):
        ws = run.split()
        out.update(" ".join(ws[i:i + n]) for n in (2, 3) for i in range(len(ws) - n + 1))
    # "how do I start a container" names `docker start`; "a stopped container" does not name
    # `docker stop` (the word as written, not its stem: the verb asked for, not a participle)
    out.update(f"docker {w}" for w in words)
    out.update(f"docker {f}" for f in re.findall(r"(?<![\w-])--[a-z]+", q.lower()))
    return out


def _definitions(index: Index) -> dict[str, list[int]]:
    """Term → the rows of the passages that define it, worked out once per index."""
    by_term = index.derived.get("definitions")
    if by_term is None:
        by_term = {}
        for i, p in enumerate(index.passages):
            term = defined_term(p.text)
            if term:
                by_term.setdefault(term, []).append(i)
        index.derived["definitions"] = by_term
    return by_term


def search(index: Index, question: str, top: int = 3, tokens: list[str] | None = None) -> list[Hit]:
    """The top passages for a question, best first; ties keep note order."""
    scores = index.score_tokens(analyze(question) if tokens is None else tokens)
    scores = scores * _priors(index)
    named = asked_terms(question)
    how_to = asks_to_do(question)
    if named and how_to:
        # "一 exit 容器就停了，有没有什么快捷键…" asks how, not what `exit：` means: only the flags and
        # commands it names are looked up (read sets +2, nothing lost)
        named = {t for t in named if t.startswith(("-", "docker "))}
    if named:
        by_term = _definitions(index)
        rows = [i for t in named if t in by_term for i in by_term[t]]
        if rows:
            defines = np.zeros(len(scores), dtype=bool)
            defines[rows] = True
            # the others step down rather than the definitions up: scores stay cosines in [0, 1]
            scores = np.where(defines, scores, scores / DEFINITION_BOOST)
    if not len(scores) or top <= 0:
        return []
    k = min(top, len(scores))
    # stable: equal scores rank in note order
    order = np.argsort(-scores, kind="stable")[: max(k, RERANK)]
    # The cosine favours short passages that repeat one of the question's words; the share of
    # the question's concepts a passage holds favours the one that answers all of it.
    scores = scores.copy()
    asked = concepts(index, question)
    weak = _senses_only(index, question)
    named = _asked_objects(index, asked)
    covered = {}
    for i in order:
        if scores[i] > 0:
            # a passage that holds none of the question's concepts whole still shares words with
            # it: it ranks low, but it is not dropped (/more, and a follow-up, whose words are
            # searched with its context's, list it)
            covered[int(i)] = _coverage(index, asked, int(i), weak)[0]
            scores[i] *= max(covered[int(i)], COVERAGE_FLOOR) ** COVERAGE_POWER
            if _other_objects(index, named, int(i)):
                scores[i] *= OBJECT_MISMATCH
    order = order[np.argsort(-scores[order], kind="stable")]
    if how_to:
        order = _action_first(index, question, order, covered)
    order = order[:k]
    return [Hit(passage=index.passages[i], score=float(scores[i]), rank=r + 1) for r, i in enumerate(order) if scores[i] > 0]


# A how-to question asks for an action: "delete all local images" is `docker rmi`, whatever
# "-a：列出本地所有的镜像" says of local images. When the best note lacks the question's action and
# one of the next ones holds it and as much of the question (within ACTION_TIE of the best's
# coverage), that one comes first. Seeing, listing and showing are left out: notes that show
# something are everywhere. Measured: read sets hit@1 +5 ("nuke all my local docker images",
# "get back into a container running in the background": `attach`, not `run -d`), nothing lost,
# never-read sets unchanged; at 0.1, holdout3 lost one. A penalty for every note without the
# action, and the action weighted more in coverage, lost on the never-read sets.
ACTION_TIE = 0.05
ACTION_TIE_DEPTH = 3
SHOWING = frozenset(english_tokens(["see", "view", "list", "display", "check", "look", "print", "show"]))


def _wanted_actions(index: Index, question: str) -> list[list[int]]:
    """The (how-to) question's actions, as the term ids of each; not seeing or listing, and not an
    action it says it does without."""
    actions = _action_stems()
    said, asked = _analysed(index, question)
    # not an action an English question says it does without ("without copy-pasting each ID"; a
    # Chinese 不 also negates the verb before it: 看不到输出 "cannot see the output")
    return [known for i, (unit, (known, _)) in enumerate(zip(said, asked))
            if known and any(t in actions for t in unit) and not any(t in SHOWING for t in unit)
            and not (i and unit[0].isascii() and said[i - 1][:1] == [NEGATION_ZH])]


def holds_asked_action(index: Index, question: str, row: int) -> bool:
    """Whether passage `row` holds every action the how-to question asks for (True when it asks none)."""
    return all(any(_contains(index, j, row) for j in known) for known in _wanted_actions(index, question))


def _action_first(index: Index, question: str, order: np.ndarray, covered: dict[int, float]) -> np.ndarray:
    """`order` with a note that holds the (how-to) question's action moved first, when the first
    does not and it covers as much of the question (see ACTION_TIE)."""
    if len(order) < 2 or int(order[0]) not in covered:
        return order
    wanted = _wanted_actions(index, question)
    if not wanted:
        return order

    def acts(row: int) -> bool:
        return all(any(_contains(index, j, row) for j in known) for known in wanted)

    first = int(order[0])
    if acts(first):
        return order
    for pos in range(1, min(ACTION_TIE_DEPTH, len(order))):
        row = int(order[pos])
        if row in covered and acts(row) and covered[row] >= covered[first] - ACTION_TIE:
            return np.concatenate(([order[pos]], np.delete(order, pos)))
    return order


def _priors(index: Index) -> np.ndarray:
    priors = index.derived.get("priors")
    if priors is None:
        ps = index.passages
        priors = np.ones(len(ps))
        terms = np.bincount(index.indices, minlength=len(ps)).astype(float)
        med = float(np.median(terms)) or 1.0
        priors *= np.minimum(1.0, terms / med) ** LEN_ALPHA
        for i, p in enumerate(ps):
            nxt = ps[i + 1] if i + 1 < len(ps) else None
            has_body = nxt is not None and nxt.source == p.source and nxt.section[: len(p.section)] == p.section and len(nxt.section) > len(p.section)
            # a heading that is a whole sentence (as long as a typical passage) says something itself;
            # a paragraph with notes under it introduces them (a tldr page's description, under which
            # its examples sit): the examples are the answers (xl-dev hit@1 0.792 → 0.801)
            if has_body and ((p.kind == "heading" and terms[i] < med) or p.kind == "paragraph"):
                priors[i] = HEADING_PRIOR
        index.derived["priors"] = priors
    return priors


@lru_cache(maxsize=1)
def _object_tokens() -> frozenset[str]:
    return frozenset(english_tokens(object_terms()))


def _object_ids(index: Index) -> frozenset[int]:
    """The indexed terms of Docker's objects (bridge.object_terms), worked out once per index."""
    ids = index.derived.get("objects")
    if ids is None:
        ids = frozenset(j for j in (index.vocabulary.get(t) for t in _object_tokens()) if j is not None)
        index.derived["objects"] = ids
    return ids


def _row_terms(index: Index, kind: str, row: int, text: Callable[[Passage], str]) -> frozenset[int]:
    """The indexed terms of `text(passage)` for passage `row`, worked out once per index and kind."""
    cache = index.derived.setdefault(kind, {})
    got = cache.get(row)
    if got is None:
        words = analyze(text(index.passages[row]))
        got = cache[row] = frozenset(j for j in (index.vocabulary.get(t) for t in words) if j is not None)
    return got


def _section_terms(index: Index, row: int) -> frozenset[int]:
    """The indexed terms of the headings and list items above passage `row`."""
    return _row_terms(index, "section_terms", row, lambda p: " ".join(p.section))


def _object_names(index: Index, ids) -> str:
    """The objects of these term ids as words ("container, image"), in the glossary's order."""
    names = [w for w in object_terms() if (t := english_tokens([w])) and index.vocabulary.get(t[0]) in ids]
    return ", ".join(dict.fromkeys(names))


def _asked_objects(index: Index, asked: list[tuple[list[int], float]]) -> set[int]:
    objects = _object_ids(index)
    return {j for known, _ in asked for j in known if j in objects}


def _objects_named(index: Index, named: set[int], row: int) -> tuple[str, str]:
    """The question's objects and passage `row`'s, as words, for the reason of a decline."""
    has = {j for j in _object_ids(index) if _contains(index, j, row)}
    return _object_names(index, named), _object_names(index, has)


def _other_objects(index: Index, named: set[int], row: int) -> bool:
    """Whether passage `row` names Docker objects but none of `named`, the question's."""
    if not named:
        return False
    if any(_contains(index, j, row) for j in named) or named & _section_terms(index, row):
        return False
    return any(_contains(index, j, row) for j in _object_ids(index))


def _inflects(word: str, action: str) -> bool:
    """Whether `word` is `action` or one of its forms (stopped, exits, created), not another word
    with its stem (terminal is not terminate)."""
    return word.startswith(action) or action.startswith(word) or (action.endswith("e") and word.startswith(action[:-1]))


@lru_cache(maxsize=1)
def _action_stems() -> dict[str, str]:
    """Stem → the first action word with that stem ("remov" → "remove"); not a stem the glossary's
    other words share ("termin": terminate, but 终端's terminal)."""
    actions = action_terms()
    out: dict[str, str] = {}
    for word in actions:
        for t in english_tokens([word]):
            out.setdefault(t, word)
    chosen = set(actions)
    for terms in glossary().values():
        for term in terms:
            for w in term.split():
                if w not in chosen:
                    for t in english_tokens([w]):
                        if t in out and not _inflects(w, out[t]):
                            del out[t]
    return out


def _done_to_a_participle(index: Index, question: str, row: int) -> tuple[str, str]:
    """When passage `row` holds an action the question only uses to say which thing it means
    ("a stopped container") and misses an action the question asks for ("remove"): the two, as
    words; else ("", "")."""
    described = participles(question)
    if not described:
        return "", ""
    actions = _action_stems()
    found, missing = "", ""
    for unit, (known, _) in zip(*_analysed(index, question)):
        verbs = [t for t in unit if t in actions]
        if not verbs:
            continue
        here = any(_contains(index, j, row) for j in known)
        if here and any(t in described for t in unit):
            found = found or verbs[0]
        elif not here and known and not any(t in described for t in unit) and not any(t in SHOWING for t in unit):
            # not seeing or listing: "查看正在跑的容器" asks for the note that lists them
            missing = missing or verbs[0]
    return (actions[found], actions[missing]) if found and missing else ("", "")


def _contains(index: Index, term: int, row: int) -> bool:
    return _weight(index, term, row) > 0.0


def concepts(index: Index, question: str) -> list[tuple[list[int], float]]:
    """The question's concepts as (their indexed term ids, idf weight); analysed once per question
    (search, decide and the related notes all ask for the same question's: the last is kept)."""
    return _analysed(index, question)[1]


def _analysed(index: Index, question: str) -> tuple[list[list[str]], list[tuple[list[int], float]]]:
    """The question's units (analysis.units) and its concepts, one for one, in the same order."""
    last = index.derived.get("concepts")
    if last is not None and last[0] == question:
        return last[1]
    max_idf = math.log(len(index.passages) + 1) + 1.0
    docker_words = _docker_words(index)
    commands = _docker_commands(index)
    said = units(question)
    verbs = asked_verbs(question)  # what a how-to question asks to do is never ordinary
    manner = {t for w in english_words(question) if len(w) > 5 and w.lower().endswith("ly") for t in english_tokens([w.lower()])}
    out = []
    for unit in said:
        known = [j for j in (index.vocabulary.get(t) for t in unit) if j is not None]
        asked = index.vocabulary.get(unit[0]) if unit and unit[0].isascii() else None
        if asked is not None:
            # an English word weighs what it weighs in the notes: a synonym that stands in for it
            # ("pull" is also "fetch", which only Docker's help for `docker logs` says) is not
            # rarer for that
            out.append((known, float(index.idf[asked])))
        elif (not known and unit and unit[0].isascii() and unit[0] not in verbs and unit[0] not in commands
              and (english_senses(unit[0]) >= ORDINARY_SENSES or unit[0] in manner)):
            out.append((known, ORDINARY * max_idf))
        elif not known and unit and unit[0] in docker_words:
            out.append((known, DOCKER_TOPIC * max_idf))
        else:
            # a Chinese word weighs its rarest form; a concept the notes never mention is as rare
            # as can be
            out.append((known, max((float(index.idf[j]) for j in known), default=max_idf)))
    described = participles(question)
    if described:
        out = [(known, w * DESCRIBED) if known and any(t in described for t in unit) else (known, w)
               for unit, (known, w) in zip(said, out)]
    # so does what was done before a how-to question's step, but for the Docker object it was done to
    # ("拿到镜像以后怎么跑起来一个容器": 拿到 "obtain" says when; 镜像 stays)
    before = context_words(question)
    if before:
        objects = _object_tokens()
        out = [(known, w * DESCRIBED) if unit and unit[0] in before and not any(t in described or t in objects for t in unit)
               else (known, w) for unit, (known, w) in zip(said, out)]
    index.derived["concepts"] = (question, (said, out))
    return said, out


# A verb the question uses to say which thing it means ("a stopped container", "the images I have
# downloaded", 已经下载了哪些镜像) weighs half of what it would: "which images have I downloaded"
# asks for `docker images`, not `docker pull`. Measured: read sets hit@1 +5 (questions, holdout2
# twice, holdout10, holdout13), declined unanswerable +1 on holdout9 and −1 on verbose, one more
# holdout12 answerable declined; never-read sets: hit@1 −1 on holdout5 and +1 on holdout6, declined
# answerable −1 on holdout5, declined unanswerable +1 on holdout7. At 0.3, more was lost.
DESCRIBED = 0.5


# An English word the notes never use but Docker's own help does ("push", "volume", "mount",
# "restart", "dockerfile") names a Docker topic the notes leave out; an ordinary word they never
# use ("stuck", "tweaked") seldom does. Of the unknown words in the read sets' questions, those of
# Docker's help were in unanswerable questions 83% of the time, the others 50-70%. Such a word
# weighs this much more than another unknown one (measured: declined unanswerable +1 on holdout6,
# holdout7, holdout10 and holdout11, no answerable one more declined; at 2.0, five were).
DOCKER_TOPIC = 1.5


# An English word the notes never use that the dictionary uses in hundreds of its senses ("first",
# "short", "whole", "live", "die", "night") is ordinary English: it seldom names what a question is
# about ("the container seems hung… force it to die", "the column is cut short"). It weighs half of
# another unknown word, unless it is what a how-to question asks to do ("how to clear container
# logs").
# Measured: answerable questions declined −7 over four read sets (eight answered, one now meets
# `docker wait`'s help and is declined for it) and −2 on holdout3 (never read);
# unanswerable ones declined −1 ("how to see the size of each layer"), none on the never-read sets.
# From 175 senses (verbose) or at 0.3 (holdout6, holdout7), more unanswerable ones were lost; at
# 0.6, fewer answerable ones were won.
# So is an adverb of manner the notes never use ("gracefully stop a container", "safely"): how to do
# something, not what. Measured: one read and one never-read (holdout5) answerable question fewer
# declined, nothing else moved on any set or on xl-dev.
# An ordinary word comes before a Docker topic: "live", "state", "manage", "resource" are words of
# Docker's help and of everyday English ("watch its logs live", "save that state as an image"), and
# weigh as ordinary; a word that names a Docker command ("history", "top", "stats") stays a Docker
# topic. Measured: read sets declined answerable −2, nothing else moved on any set (last round,
# without the exception for command names, "the history of an image's layers" was answered).
ORDINARY_SENSES = 200
ORDINARY = 0.5


def _docker_commands(index: Index) -> frozenset[str]:
    """The stems of Docker's command names ("history", "top", "stats"), for notes that write `docker`
    commands: an ordinary word that names one is a Docker topic."""
    got = index.derived.get("docker_commands")
    if got is None:
        got = frozenset()
        if _docker_words(index):
            got = frozenset(t for (sub, _) in reference() if sub for t in english_tokens([sub]))
        index.derived["docker_commands"] = got
    return got


def _docker_words(index: Index) -> frozenset[str]:
    """The tokens of Docker's help lines, for notes that write `docker` commands (none for others:
    in notes about something else, Docker's words are no sign of a Docker topic)."""
    got = index.derived.get("docker_words")
    if got is None:
        got = frozenset()
        if any(c.startswith("docker ") for p in index.passages for c in p.commands):
            got = frozenset(t for (sub, _), line in reference().items() for t in analyze(f"{sub} {line}"))
        index.derived["docker_words"] = got
    return got


# What a note compares its subject to is not its subject: "docker --help：类似于Linux的man" is about
# Docker's help, and "Linux 的 man 手册怎么搜索关键字" is not a question it answers. A word a passage
# has only after 类似/像/相当于/"like"/"similar to", up to the clause's end, counts half in the
# coverage, unless the question names the passage's command ("is there a man page for docker").
# Measured: declined unanswerable +4 on four read sets (every Linux-man question), nothing else
# moved on any set. At 0: one more read and one more never-read unanswerable question declined,
# but one never-read hit@1 lost and one answerable question declined. Without the exception for
# the note's command, one (at 0.5) to four (at 0) read answerable questions were declined.
COMPARED = re.compile(r"(?:类似于|类似|相当于|好比|如同|(?<!镜)像|(?<![a-z])(?:similar to|like|akin to|just as)\b)[^，。；：,.;:!?！？\n]*",
                      re.IGNORECASE)
COMPARED_SHARE = 0.5


def _command_terms(index: Index, row: int) -> frozenset[int]:
    """The indexed terms of passage `row`'s commands: what the note is about."""
    return _row_terms(index, "command_terms", row, lambda p: " ".join(p.commands))


def _compared_everywhere(index: Index, term: int) -> bool:
    """Whether the notes have this term only in what they compare their subjects to ("Linux" of
    "类似于Linux的man"): they never talk about it. Worked out per term, at the first passage that
    talks about it for most."""
    cache = index.derived.setdefault("compared_everywhere", {})
    got = cache.get(term)
    if got is None:
        rows = index.indices[index.indptr[term]:index.indptr[term + 1]]
        got = cache[term] = len(rows) > 0 and all(term in _compared_only(index, int(r)) for r in rows)
    return got


def _compared_elsewhere(index: Index, asked: list[tuple[list[int], float]], row: int) -> float:
    """The share of the question's concepts the notes have only in what other passages than `row`
    compare their subjects to: "linux" of "kill a process on linux", which only "类似于Linux的man"
    has. The notes never talk about them, as about a word they never use."""
    total = sum(w for _, w in asked)
    if not total:
        return 0.0
    return sum(w for known, w in asked
               if known and not any(_contains(index, j, row) for j in known)
               and all(_compared_everywhere(index, j) for j in known)) / total


def _compared_only(index: Index, row: int) -> frozenset[int]:
    """The indexed terms passage `row` has only in what it compares its subject to."""
    cache = index.derived.setdefault("compared", {})
    got = cache.get(row)
    if got is None:
        text = index_text(index.passages[row])
        spans = COMPARED.findall(text)
        got = frozenset()
        if spans:
            rest = set(analyze(COMPARED.sub(" ", text)))
            got = frozenset(j for t in analyze(" ".join(spans)) if t not in rest and (j := index.vocabulary.get(t)) is not None)
        cache[row] = got
    return got


# A Chinese word the glossary does not know carries every English sense CC-CEDICT gives it: 行情
# "market; price; quotation; current situation", 股票 "share; stock". A note that meets such a word
# only through one of its senses (行情's "current" in "list currently running containers", 股票's
# "share" in 共享) holds it less surely than one that writes it: that match counts this much, when
# the word has at least SENSES_AMBIGUOUS English words. Measured on the read sets: hit@1 +4,
# declined unanswerable +6 ("今天股票行情怎么样", the CPU-and-memory questions), declined
# answerable +3 (跑 "paw; run; escape" is one such word); never-read: declined unanswerable +1,
# hit@1 −1 on holdout3 and +1 on holdout7. From 2 senses or at 0.3, more answerable questions were
# declined than unanswerable ones won (2 : 3); at 0.7 or from 4 senses, less was won.
SENSES_AMBIGUOUS = 3
SENSE_SHARE = 0.5
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _word_of(grams: list[str]) -> str:
    """The Chinese word a unit's character n-grams come from (集装, 装箱 → 集装箱)."""
    return grams[0] + "".join(g[-1] for g in grams[1:]) if grams else ""


def _senses_only(index: Index, question: str) -> list[frozenset[int]]:
    """Per concept of the question: the term ids of its English senses when it is a Chinese word
    with SENSES_AMBIGUOUS or more of them from CC-CEDICT (not the glossary); else none."""
    last = index.derived.get("senses_only")
    if last is not None and last[0] == question:
        return last[1]
    out = []
    for unit in _analysed(index, question)[0]:
        grams = [t for t in unit if HAN.match(t)]
        english = {t for t in unit if t.isascii()}
        weak = frozenset()
        if grams and len(english) >= SENSES_AMBIGUOUS and not english_for(_word_of(grams))[1]:
            weak = frozenset(j for j in (index.vocabulary.get(t) for t in english) if j is not None)
        out.append(weak)
    index.derived["senses_only"] = (question, out)
    return out


def _coverage(index: Index, asked: list[tuple[list[int], float]], row: int,
              weak: list[frozenset[int]] | None = None) -> tuple[float, float]:
    total = sum(w for _, w in asked)
    if not total:
        return 0.0, 1.0
    unknown = sum(w for known, w in asked if not known)
    found = 0.0
    compared = _compared_only(index, row)
    if compared and any(j in _command_terms(index, row) for known, _ in asked for j in known):
        compared = frozenset()  # the question names the note's command: "a man page for docker"
    above = None
    for i, (known, w) in enumerate(asked):
        if not known:
            continue
        senses = weak[i] if weak else frozenset()
        if any(_contains(index, j, row) and j not in compared and j not in senses for j in known):
            found += w
        elif senses and any(_contains(index, j, row) for j in senses):
            found += SENSE_SHARE * w
        elif any(_contains(index, j, row) for j in known):
            found += COMPARED_SHARE * w
        else:
            above = _section_terms(index, row) if above is None else above
            if any(j in above for j in known):
                found += SECTION_SHARE * w
    return found / total, unknown / total


def coverage(index: Index, question: str, row: int) -> tuple[float, float]:
    """Of the question's concepts (idf-weighted): the share passage `row` contains, and the share
    that no note mentions at all."""
    return _coverage(index, concepts(index, question), row, _senses_only(index, question))


def held(index: Index, question: str, row: int) -> tuple[float, float]:
    """The coverage as the decline weighs it: the share of the question passage `row` holds, and the
    share the notes never talk about (never mention, or only in what another note compares to)."""
    asked = concepts(index, question)
    found, unknown = _coverage(index, asked, row, _senses_only(index, question))
    return found, unknown + _compared_elsewhere(index, asked, row)


def _weight(index: Index, term: int, row: int) -> float:
    """The passage row's (l2-normalized tf-idf) weight for a term, 0.0 when it does not have it."""
    a, b = index.indptr[term], index.indptr[term + 1]
    rows = index.indices[a:b]
    k = int(np.searchsorted(rows, row))
    return float(index.data[a + k]) if k < len(rows) and int(rows[k]) == row else 0.0


def talked_about(index: Index, question: str, row: int) -> float:
    """How much of passage `row` the question talks about: the share of the passage's (squared,
    l2-normalized) tf-idf mass in terms the question uses."""
    terms = {index.vocabulary[t] for t in analyze(question) if t in index.vocabulary}
    return sum(_weight(index, j, row) ** 2 for j in terms)


def concept_free(index: Index, question: str, hits: list[Hit]) -> frozenset[str]:
    """The ids of the hits that hold none of the question's concepts (they share only words)."""
    asked = concepts(index, question)
    weak = _senses_only(index, question)
    return frozenset(h.passage.id for h in hits if not _coverage(index, asked, index.row_of(h.passage.id), weak)[0])


def support_needed(n_concepts: int) -> float:
    """The support a question needs: MIN_SUPPORT up to SHORT_CONCEPTS concepts, then less. A
    question that tells its story ("I pulled tomcat yesterday and now I want to…") has more
    concepts than any one note holds, so the share a right note covers shrinks with its length."""
    return MIN_SUPPORT * min(1.0, SHORT_CONCEPTS / max(n_concepts, 1)) ** LENGTH_POWER


def _says_what_not_how(passage: Passage) -> bool:
    """A table row with no command, key chord or flag in it: it describes or compares ("| 运行性能 |
    几乎无额外性能损失 | …"), it cannot say how to do anything."""
    return passage.kind == "row" and not passage.commands and not any(k == "flag" for k, _ in scan(passage.text))


# Docker's help for the commands notes about Docker never write or name (`docker cp`, `docker push`,
# `docker stats`…) says what those commands do. A question that such a line covers better than the
# best note covers it, and at least this much of it, asks for that command: declined, and the
# reason names it ("copy a file from a container to the host": `docker cp`, not `docker commit`'s
# 副本). Measured: declined unanswerable holdout3 0.850 → 0.900, holdout5 0.844 → 0.889, holdout6
# 0.889 → 0.944 (never read), and on six read sets; no answerable question more declined on any
# set. At 0.5, answerable ones were; options of written commands (`ps -a`, `run --rm`) cost more
# than they caught ("输入exit会怎么样" met `start -i`'s "Attach container's STDIN").
UNWRITTEN_COVERAGE = 0.6
COMMAND_WORD = re.compile(r"[a-z]+")


def _unwritten_commands(index: Index) -> list[tuple[str, str, frozenset[str]]]:
    """(command, its help line, the line's tokens) for each Docker command the notes neither write
    as a `docker` command nor name as a word ("exec：…" names exec); none for notes that write no
    `docker` command at all. Worked out once per index."""
    got = index.derived.get("unwritten")
    if got is None:
        written = {command_name(c)[0] for p in index.passages for c in p.commands if c.startswith("docker ")}
        got = []
        if written:
            lines = {(sub, line) for (sub, option), line in reference().items() if sub and not option and sub not in written}
            subs = {sub for sub, _ in lines}
            named = {w for p in index.passages for w in COMMAND_WORD.findall(p.text.lower()) if w in subs}
            got = [(sub, line, frozenset(analyze(f"docker {sub} {line}"))) for sub, line in sorted(lines) if sub not in named]
        index.derived["unwritten"] = got
    return got


def _unwritten_asked(index: Index, question: str, found: float) -> tuple[str, str]:
    """The Docker command the notes never write whose help covers the question best, with its help
    line, when it covers at least UNWRITTEN_COVERAGE and more than the best note's `found`."""
    said, asked = _analysed(index, question)
    total = sum(w for _, w in asked)
    best, command = 0.0, ("", "")
    for sub, line, tokens in _unwritten_commands(index) if total else ():
        share = sum(w for unit, (_, w) in zip(said, asked) if any(t in tokens for t in unit)) / total
        if share > best:
            best, command = share, (sub, line)
    return command if best >= UNWRITTEN_COVERAGE and best > found else ("", "")


# A question that writes a Docker command the notes never write nor name (`docker rm -f`, `docker
# save 和 docker export`) asks about that command, whatever the notes say of `docker rmi`: declined,
# the command named. Written as a command: `docker` and the subcommand, then a flag, the end, or a
# stop word ("what does docker rm do"), not a word that makes a name of it ("docker port mapping" names
# a port mapping, not `docker port`).
WRITTEN_COMMAND = re.compile(r"(?i)(?<![\w.-])docker\s+([a-z]+)(?:\s+([A-Za-z]+)\b)?")


def _written_unwritten(index: Index, question: str) -> tuple[str, str]:
    """(the Docker command, its help line) when the question writes one the notes never do."""
    written = [(m.group(1).lower(), (m.group(2) or "").lower()) for m in WRITTEN_COMMAND.finditer(normalized(question))]
    written = [sub for sub, after in written if not after or after in EN_STOP]
    if not written:
        return "", ""
    unwritten = {sub: line for sub, line, _ in _unwritten_commands(index)}
    return next(((sub, unwritten[sub]) for sub in written if sub in unwritten), ("", ""))


# A question that writes another program's command with a subcommand the notes write ("git commit
# -m …", "git log 怎么只显示最后几条", "kubectl logs") asks about that program, not the notes' `docker
# commit`: declined, the two named. The programs are the tldr pages' names that are no English word
# (corpus/programs.txt: git, kubectl, npm, not "watch" or "find"), and only those the notes never
# mention. Measured: declined unanswerable +5 on five read sets (every "git …" question), no
# answerable question declined on any set.
PROGRAM_SUBCOMMAND = re.compile(r"(?i)(?<![\w.-])([a-z][a-z0-9]*)\s+([a-z]+)\b")


@lru_cache(maxsize=2)
def programs(name: str = "programs.txt") -> frozenset[str]:
    """The command-line programs of corpus/programs.txt, or of another such list (none when the file
    is missing)."""
    from askdocker.config import data_root

    try:
        text = (data_root() / name).read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


def _written_subcommands(index: Index) -> dict[str, str]:
    """Stem → (the notes' program and subcommand, as written) for each `program subcommand` the notes
    write ("commit" → "docker commit"); an object word ("images") is no subcommand here."""
    got = index.derived.get("subcommands")
    if got is None:
        pairs: dict[str, str] = {}
        for p in index.passages:
            for c in p.commands:
                words = c.split(None, 2)
                if len(words) > 1 and COMMAND_WORD.fullmatch(words[1]):
                    pairs.setdefault(words[1], f"{words[0]} {words[1]}")
        got = {}
        for sub, written in pairs.items():
            t = english_tokens([sub])
            if t and t[0] not in _object_tokens():
                got.setdefault(t[0], written)
        index.derived["subcommands"] = got
    return got


# A program whose name is an English word (corpus/programs-english.txt: tail, kill, screen) is
# that program when a flag follows it ("tail -f a log file", "kill -9 和 kill 有什么区别") or 命令
# ("man 命令"), in a question that names nothing of Docker (no `docker`, no container or image, not "像 tail -f 那样"
# or "like tail -f", which compare Docker's to it), and with a flag the notes never write for it
# (`ps -a` is `docker ps -a`). Such a question is about that program: declined, the two named. Not a
# verb whose object is the flag ("why do people always type -it together"). Measured: read sets
# declined unanswerable +5 (kill -9, three tail -f, man 命令), nothing else moved on any set; xl-dev
# unchanged.
PROGRAM_FLAG = re.compile(r"(?i)(?<![A-Za-z0-9_.'’-])([a-z][a-z0-9]+)(?:\s+(-{1,2}[a-z0-9][a-z0-9-]*)|\s*(?:命令|指令))")
FLAG_VERBS = frozenset("type typed typing write writes written add adding pass passing put use using set "
                       "append include specify give enter try need with without and or".split())


def _notes_flags(index: Index) -> frozenset[str]:
    """The flags the notes write anywhere (-a, -it's -i and -t…), worked out once per index."""
    got = index.derived.get("notes_flags")
    if got is None:
        got = index.derived["notes_flags"] = frozenset(
            t for p in index.passages for k, tok in scan(p.text) if k == "flag" for t in flag_tokens(tok))
    return got


def program_with_flag(index: Index, question: str) -> tuple[str, str]:
    """("tail -f", "") or ("kill -9", "docker kill") when the question writes a program of
    corpus/programs-english.txt with a flag and names nothing of Docker; the second, the notes'
    command of that name. Else ("", "")."""
    text = COMPARED.sub(" ", normalized(question))
    names = programs("programs-english.txt")
    found = [(m.group(1).lower(), m.group(2) or "") for m in PROGRAM_FLAG.finditer(text)]
    found = [(name, flag) for name, flag in found if name in names and name not in FLAG_VERBS]
    if not found or re.search(r"(?i)\bdocker\b", text):
        return "", ""
    # read only now: working out the notes' subcommands costs a pass over every passage
    written = _written_subcommands(index)
    if not written or _asked_objects(index, concepts(index, question)):
        return "", ""  # notes that write no program's subcommands: nothing to tell apart
    flags = _notes_flags(index)
    for name, flag in found:
        ours = written.get(stem(name), "")
        # `ps -a` is the notes' `docker ps -a`; `kill -9` is no flag of theirs; "ps命令" may be theirs
        if not ours or (flag and not set(flag_tokens(flag)) & flags):
            return f"{name} {flag}".strip(), ours
    return "", ""


def other_program(index: Index, question: str) -> tuple[str, str]:
    """("git commit", "docker commit") when the question writes another program's command with a
    subcommand the notes write for theirs; else ("", "")."""
    known = programs()
    candidates = [(m.group(1).lower(), m.group(2).lower()) for m in PROGRAM_SUBCOMMAND.finditer(normalized(question))]
    candidates = [(name, sub) for name, sub in candidates if name in known and stem(name) not in index.vocabulary]
    if not candidates:
        return "", ""
    written = _written_subcommands(index)
    for name, sub in candidates:
        t = english_tokens([sub])
        ours = written.get(t[0]) if t else None
        if ours and not ours.startswith(name + " "):
            return f"{name} {sub}", ours
    return "", ""


# A table of two columns maps a picture to what it stands for ("| 鲸鱼 | docker |", "| 集装箱 | 容器实例 |"
# under "docker的logo"): its first column's words are a figure, as what a note compares its subject
# to is. A question that meets the best note only on such words, and asks nothing of what they stand
# for ("蓝鲸和座头鲸有什么区别", "what do blue whales eat"), is about whales, not the logo: declined.
# What they stand for shows as any other word of the note or its section ("docker", "logo", the
# gloss's "stands for"), or as a word that asks for a meaning (MEANING). Measured: read sets declined
# unanswerable +4 (every whale question the logo row answered), never-read +2 (holdout6, holdout7);
# no answerable question declined on any set; xl-dev unchanged.
MEANING = re.compile(r"(?i)代表|象征|意思|寓意|比喻|隐喻|含义|意义|对应|指的|\b(?:stand|stands|mean|means|meant|meaning|"
                     r"represent\w*|symboli[sz]e\w*|symbol\w*|metaphor\w*|signif\w*)\b")
CELL = re.compile(r"(?<!\\)\|")


def _cells(p: Passage) -> list[str]:
    """A table row's cells, as written; none for any other passage."""
    return CELL.split(p.text.strip())[1:-1] if p.kind == "row" else []


def _figures(index: Index) -> frozenset[int]:
    """The indexed terms the notes write only in the first column of a two-column table (and in the
    heading above it), never in its second column or elsewhere."""
    got = index.derived.get("figures")
    if got is None:
        first: set[int] = set()
        second: set[int] = set()
        rows = set()
        for i, p in enumerate(index.passages):
            cells = _cells(p)
            if len(cells) == 2:
                rows.add(i)
                first.update(j for t in analyze(cells[0]) if (j := index.vocabulary.get(t)) is not None)
                second.update(j for t in analyze(cells[1]) if (j := index.vocabulary.get(t)) is not None)
        got = set()
        for j in first - second:
            where = index.indices[index.indptr[j]:index.indptr[j + 1]]
            if all(int(r) in rows or index.passages[int(r)].kind == "heading" for r in where):
                got.add(j)
        got = index.derived["figures"] = frozenset(got)
    return got


def _plain(text: str) -> str:
    return MARKUP.sub(" ", text).strip(" *_`#")


def _figure_words(index: Index) -> list[str]:
    """The first cells of the two-column tables, as written."""
    return [_plain(cells[0]) for p in index.passages if len(cells := _cells(p)) == 2]


def _figure_only(index: Index, question: str, row: int) -> tuple[str, str]:
    """(the figure, as the notes write it, and the heading it sits under) when all the question
    holds of passage `row` is a figure and the question asks no meaning; else ("", "")."""
    figures = _figures(index)
    if not figures or MEANING.search(normalized(question)):
        return "", ""
    held_terms = [[j for j in known if _contains(index, j, row)] for known, _ in concepts(index, question)]
    held_terms = [js for js in held_terms if js]
    # a concept met on a figure's own words is met as the figure (集装箱's 装箱, not its "container")
    if not held_terms or not all(figures.intersection(js) for js in held_terms):
        return "", ""
    p = index.passages[row]
    cells = _cells(p)
    heading = p.section[-1] if p.kind == "row" and p.section else p.text
    figure = cells[0] if cells else next((w for w in _figure_words(index) if w in p.text), "this")
    return _plain(figure), _plain(heading)


def decide(index: Index, question: str, hits: list[Hit]) -> Decision:
    """Answer or decline: the best passage must hold enough of the question, and not too much of
    the question may be about concepts the notes never mention."""
    if not question.strip():
        return Decision(False, 0.0, "the question is empty")
    if not hits:
        return Decision(False, 0.0, "nothing in the notes matches these words")
    row = index.row_of(hits[0].passage.id)
    asked = concepts(index, question)
    found, unknown = held(index, question, row)
    support = found * (1.0 - unknown)
    theirs, ours = other_program(index, question)
    if theirs:
        return Decision(False, found, f"this is about `{theirs}`, not `{ours}` (the notes never mention {theirs.split()[0]})")
    theirs, ours = program_with_flag(index, question)
    if theirs:
        return Decision(False, found, f"this is about `{theirs}`, not `{ours}`" if ours else
                        f"this is about `{theirs}`, a program the notes never write")
    command, line = _written_unwritten(index, question)
    if command:
        return Decision(False, found, f"this is about `docker {command}` ({line}), which the notes never mention")
    figure, where = _figure_only(index, question, row)
    if figure:
        return Decision(False, found, f"the notes mention {figure} only as a picture, in “{where}”")
    named = _asked_objects(index, asked)
    if _other_objects(index, named, row):
        wanted, there = _objects_named(index, named, row)
        return Decision(False, found, f"the closest note is about {there}, not {wanted}")
    did, asked_for = _done_to_a_participle(index, question, row)
    if did:
        return Decision(False, found, f"the closest note is about how to {did}, not how to {asked_for}")
    if _says_what_not_how(hits[0].passage) and asks_how_to(question):
        return Decision(False, found, "the closest note is a table row that describes; it has no command to run")
    # declined whatever its support, with the command named
    command, line = _unwritten_asked(index, question, found)
    if command:
        return Decision(False, found, f"this sounds like `docker {command}` ({line}), which the notes never mention")
    # a long question that names most of what the note says is about that note, whatever else
    # it tells (a short one that names an unknown thing, "怎么退出vim", is not)
    if support >= support_needed(len(asked)) or (
            len(asked) > SHORT_CONCEPTS and support >= MIN_SUPPORT_TALKED and talked_about(index, question, row) >= TALKED_ABOUT):
        return Decision(True, found)
    if unknown >= found:
        return Decision(False, found, "part of this question is about something the notes never mention")
    return Decision(False, found, "the closest note covers too little of the question")
