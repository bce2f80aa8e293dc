"""The Docker reference as a second field: a note that writes a command meets the words people use
for it (what it does, the tasks it is for, the errors it answers, its Chinese terms).

The reference's entries are indexed once per process on their own (TF-IDF over entries, numpy
only). A question is scored against them; a passage's reference score is the best score of the
entries for the commands and options it writes. Entries no note writes say what the notes do not
cover.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from askdocker.analysis import analyze, english_tokens
from askdocker.cliref import command_name, defined_term, reference

OPTION = re.compile(r"^-{1,2}[A-Za-z][A-Za-z0-9-]*$")


@dataclass(frozen=True)
class Entry:
    """One reference entry: a command, or one option of it, and the text indexed for it."""

    command: str  # "attach", "image rm", "" for a global option
    option: str  # "-d", "--tail", "" for the command itself
    text: str


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """Every reference entry: the project's Docker reference when it ships, else Docker's help lines."""
    try:
        from askdocker import reference as ref  # the reviewed reference layer (corpus/docker-reference.tsv)
    except ImportError:  # pragma: no cover - the help lines alone
        ref = None
    out: list[Entry] = []
    if ref is not None:
        for e in ref.entries():
            cmd = e.command.removeprefix("docker ").strip()
            text = " ".join([e.does, *e.tasks, *e.symptoms, *e.zh])
            out.append(Entry(cmd, e.option, text))
            for alias in e.aliases:
                a = alias.removeprefix("docker ").strip()
                if a and a != cmd:
                    out.append(Entry(a, e.option, text))
    if not out:
        out = [Entry(sub, opt, line) for (sub, opt), line in reference().items()]
    return tuple(out)


@dataclass(frozen=True)
class RefIndex:
    """TF-IDF vectors of the entries: term → (entry ids, weights), and the idf."""

    vocab: dict[str, int]
    idf: np.ndarray
    postings: tuple[tuple[np.ndarray, np.ndarray], ...]
    by_key: dict[tuple[str, str], tuple[int, ...]]


@lru_cache(maxsize=1)
def ref_index() -> RefIndex:
    """The entries indexed (once per process)."""
    es = entries()
    docs = [Counter(analyze(f"{e.command} {e.option} {e.text}")) for e in es]
    vocab: dict[str, int] = {}
    for d in docs:
        for t in d:
            vocab.setdefault(t, len(vocab))
    df = np.zeros(len(vocab))
    for d in docs:
        for t in d:
            df[vocab[t]] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    rows: list[list[tuple[int, float]]] = [[] for _ in vocab]
    for i, d in enumerate(docs):
        w = {vocab[t]: (1 + math.log(n)) * idf[vocab[t]] for t, n in d.items()}
        norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
        for j, v in w.items():
            rows[j].append((i, v / norm))
    postings = tuple((np.array([i for i, _ in r], dtype=np.int64), np.array([v for _, v in r])) for r in rows)
    by_key: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(es):
        by_key.setdefault((e.command, e.option), []).append(i)
    return RefIndex(vocab, idf, postings, {k: tuple(v) for k, v in by_key.items()})


def entry_scores(tokens) -> np.ndarray:
    """Cosine of a token list with every entry."""
    ri = ref_index()
    counts = Counter(t for t in tokens if t in ri.vocab)
    out = np.zeros(len(entries()))
    if not counts:
        return out
    w = {ri.vocab[t]: (1 + math.log(n)) * ri.idf[ri.vocab[t]] for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
    for j, v in w.items():
        ids, vals = ri.postings[j]
        out[ids] += (v / norm) * vals
    return out


def _keys_of(command: str) -> list[tuple[str, str]]:
    """The (command, option) keys a written command names: `docker run -it -p …` → run, run -i, run -t, run -p."""
    words = command.split()
    if len(words) < 2 or words[0] != "docker":
        return []
    sub, _ = command_name(command)
    keys = [(sub, "")]
    for w in words[1:]:
        if w.startswith("--") and OPTION.match(w.split("=")[0]):
            keys.append((sub, w.split("=")[0]))
        elif w.startswith("-") and not w.startswith("--") and OPTION.match(w):
            keys.extend((sub, f"-{ch}") for ch in w[1:] if ch.isalnum())
    return keys


def passage_entries(index) -> dict[int, tuple[int, ...]]:
    """Row → the reference entries of the commands and options the passage writes. A passage that
    defines a flag and writes no command ("-i：以交互模式运行容器") takes the commands of the notes
    beside it (same section), as a reader does."""
    got = index.derived.get("reference_entries")
    if got is not None:
        return got
    by_key = ref_index().by_key
    ps = index.passages
    siblings: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for p in ps:
        for c in p.commands:
            sub, _ = command_name(c)
            if sub:
                siblings.setdefault((p.source, p.section), set()).add(sub)
                if p.section:
                    siblings.setdefault((p.source, p.section[:-1]), set()).add(sub)
    out: dict[int, tuple[int, ...]] = {}
    for row, p in enumerate(ps):
        ids: list[int] = []
        for c in p.commands:
            for key in _keys_of(c):
                ids.extend(by_key.get(key, ()))
        term = defined_term(p.text)
        if not p.commands and term.startswith("-"):
            for sub in sorted(siblings.get((p.source, p.section), ())):
                ids.extend(by_key.get((sub, term), ()))
        if ids:
            out[row] = tuple(dict.fromkeys(ids))
    index.derived["reference_entries"] = out
    return out


def written_entries(index) -> frozenset[int]:
    """The entries some passage writes (their command, for a command entry; the option, for an option's)."""
    got = index.derived.get("reference_written")
    if got is None:
        ids = {i for row_ids in passage_entries(index).values() for i in row_ids}
        # a command the notes name without writing it ("exec：是在容器中打开新的终端") is theirs too
        for i, e in enumerate(entries()):
            if e.command and not e.option:
                toks = english_tokens([e.command.split()[0]])
                if toks and toks[0] in index.vocabulary:
                    ids.add(i)
        got = index.derived["reference_written"] = frozenset(ids)
    return got


def reference_scores(index, tokens) -> dict[int, float]:
    """Row → the best cosine of the question with the reference entries of the passage's commands."""
    pe = passage_entries(index)
    if not pe:
        return {}
    scores = entry_scores(tokens)
    out = {}
    for row, ids in pe.items():
        s = float(scores[list(ids)].max())
        if s > 0:
            out[row] = s
    return out


def unwritten_margin(index, tokens) -> tuple[float, Entry | None]:
    """How much better the question meets an entry no note writes than the best entry some note
    writes (0 when it does not), and that entry. Only for notes that write Docker commands."""
    written = written_entries(index)
    if not written:
        return 0.0, None
    scores = entry_scores(tokens)
    mask = np.zeros(len(scores), dtype=bool)
    mask[list(written)] = True
    best_written = float(scores[mask].max()) if mask.any() else 0.0
    other = np.where(mask, -1.0, scores)
    i = int(other.argmax())
    gap = float(other[i]) - best_written
    return (gap, entries()[i]) if gap > 0 else (0.0, None)
