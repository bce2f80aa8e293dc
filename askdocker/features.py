"""Retrieval as named features.

A question is parsed once into a `Query`. Its candidates are the passages with the best cosines
(times the length and heading prior) and the passages that define a term it names. Each
*candidate feature* is a small function `(query, context, row) -> float`; each *question feature*
describes the question and its best candidate, for the decline. A scorer (askdocker.scorer)
combines them with weights fitted on labelled questions (benchmarks/train.py); nothing here holds a
weight.

The signal functions themselves live where the analyzer's knowledge lives (askdocker.retrieve):
this module names them, one feature each, so that a feature can be measured (eval --ablate) and
explained (ask --explain).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from askdocker import retrieve as R
from askdocker.analysis import analyze, asks_how_to, asks_to_do, detect_language
from askdocker.index import Index
from askdocker.reflayer import reference_scores, unwritten_margin

CANDIDATES = 30  # how many of the best cosines are scored by the model
SYMPTOM_FILE = "symptom-words.txt"


@dataclass(frozen=True)
class Query:
    """A question, parsed once: what every feature reads."""

    text: str  # as searched (what it says it is not about left out, spelling corrected)
    tokens: tuple[str, ...]
    concepts: tuple[tuple[tuple[int, ...], float], ...]  # (indexed term ids, idf weight) per concept
    weak: tuple[frozenset[int], ...]  # per concept: the ids it meets only through one of many senses
    named: frozenset[str]  # the terms it names: flags, `docker <command>`s, words
    objects: frozenset[int]  # the Docker objects it names, as term ids
    how_to: bool  # it asks how to do something
    asks_how: bool  # it asks how (a table row that only describes cannot answer)
    lang: str  # en | zh | mixed

    @property
    def concept_list(self) -> list[tuple[list[int], float]]:
        """The concepts in the form retrieve's signals take."""
        return [(list(k), w) for k, w in self.concepts]


def parse_query(index: Index, question: str, tokens: list[str] | None = None) -> Query:
    """Parse a (read) question once against an index."""
    asked = R.concepts(index, question)
    named = R.asked_terms(question)
    how_to = asks_to_do(question)
    if named and how_to:
        # a how-to question names only its flags and commands as terms to look up
        named = {t for t in named if t.startswith(("-", "docker "))}
    return Query(
        text=question,
        tokens=tuple(analyze(question) if tokens is None else tokens),
        concepts=tuple((tuple(k), w) for k, w in asked),
        weak=tuple(R._senses_only(index, question)),
        named=frozenset(named),
        objects=frozenset(R._asked_objects(index, asked)),
        how_to=how_to,
        asks_how=asks_how_to(question),
        lang=detect_language(question),
    )


@dataclass
class Context:
    """Per-question arrays the candidate features share (computed once per question)."""

    index: Index
    query: Query
    cosine: np.ndarray  # raw cosine of the question with every passage
    prior: np.ndarray  # the length and heading prior of every passage
    defines: frozenset[int]  # rows that define a term the question names
    reference: dict[int, float]  # row → cosine of the question with the reference entries of its commands
    best_cosine: float
    qvec: dict[int, float] = field(default_factory=dict)  # the question's tf-idf vector
    memo: dict = field(default_factory=dict)

    def coverage(self, row: int) -> tuple[float, float]:
        """(share held, share the notes never mention) of the question's concepts, for `row`."""
        got = self.memo.get(("cov", row))
        if got is None:
            got = self.memo[("cov", row)] = R._coverage(self.index, self.query.concept_list, row, list(self.query.weak))
        return got


Feature = Callable[[Query, Context, int], float]
CANDIDATE_FEATURES: dict[str, Feature] = {}
QUESTION_FEATURES: dict[str, Callable[[Query, Context, int, np.ndarray], float]] = {}


def candidate_feature(fn: Feature) -> Feature:
    """Register a candidate feature under its function's name."""
    CANDIDATE_FEATURES[fn.__name__] = fn
    return fn


def question_feature(fn):
    """Register a question (decline) feature under its function's name."""
    QUESTION_FEATURES[fn.__name__] = fn
    return fn


# --- candidate features: how well passage `row` answers the question -------------------------

@candidate_feature
def cosine(q: Query, c: Context, row: int) -> float:
    """TF-IDF cosine of the question with the passage (its text, commands, context, gloss, help)."""
    return float(c.cosine[row])


@candidate_feature
def cosine_share(q: Query, c: Context, row: int) -> float:
    """The cosine as a share of the question's best cosine (1.0 for the best)."""
    return float(c.cosine[row]) / c.best_cosine if c.best_cosine > 0 else 0.0


@candidate_feature
def log_prior(q: Query, c: Context, row: int) -> float:
    """Log of the length and heading prior: short passages and headings with notes under them rank lower."""
    return math.log(max(float(c.prior[row]), 1e-6))


@candidate_feature
def defines_named(q: Query, c: Context, row: int) -> float:
    """1 when the passage opens with a term the question names ("-p：…", "exec：…")."""
    return float(row in c.defines)


@candidate_feature
def coverage(q: Query, c: Context, row: int) -> float:
    """The idf-weighted share of the question's concepts the passage holds."""
    return c.coverage(row)[0]


@candidate_feature
def coverage_sq(q: Query, c: Context, row: int) -> float:
    """The coverage squared: holding all of the question matters more than holding most of it."""
    return c.coverage(row)[0] ** 2


@candidate_feature
def other_objects(q: Query, c: Context, row: int) -> float:
    """1 when the passage names Docker objects, but none of those the question names."""
    return float(R._other_objects(c.index, set(q.objects), row))


@candidate_feature
def holds_action(q: Query, c: Context, row: int) -> float:
    """For a how-to question, 1 when the passage holds the action it asks for (remove, start…)."""
    if not q.how_to:
        return 0.0
    return float(_acts(c, row))


@candidate_feature
def reference_match(q: Query, c: Context, row: int) -> float:
    """Cosine of the question with the Docker reference's entries for the commands the passage writes
    (what the command does, the tasks it is for, the errors it answers, its Chinese terms)."""
    return c.reference.get(row, 0.0)


@candidate_feature
def is_heading(q: Query, c: Context, row: int) -> float:
    """1 for a heading."""
    return float(c.index.passages[row].kind == "heading")


@candidate_feature
def is_row(q: Query, c: Context, row: int) -> float:
    """1 for a table row."""
    return float(c.index.passages[row].kind == "row")


@candidate_feature
def has_command(q: Query, c: Context, row: int) -> float:
    """1 when the passage writes a command."""
    return float(bool(c.index.passages[row].commands))


@candidate_feature
def describes_only(q: Query, c: Context, row: int) -> float:
    """1 for a table row with no command, key chord or flag, asked how to do something."""
    return float(q.asks_how and R._says_what_not_how(c.index.passages[row]))


@candidate_feature
def section_cosine(q: Query, c: Context, row: int) -> float:
    """Cosine of the question with the headings and list items above the passage (what it is under)."""
    vec = _row_vector(c.index, "section_vectors", row, lambda p: " ".join(p.section))
    return sum(w * vec.get(j, 0.0) for j, w in c.qvec.items())


@candidate_feature
def names_its_command(q: Query, c: Context, row: int) -> float:
    """1 when the question names, as a word, the Docker subcommand the passage writes ("inspect", "ps")."""
    words = {w for t in q.named if t.startswith("docker ") for w in [t[7:]]}
    return float(any(cmd.split()[1] in words for cmd in c.index.passages[row].commands
                     if cmd.startswith("docker ") and len(cmd.split()) > 1))


@candidate_feature
def han_overlap(q: Query, c: Context, row: int) -> float:
    """The share of the question's Chinese character bigrams the passage has (a word the segmenter
    split differently still meets its characters)."""
    grams = c.memo.get("han_grams")
    if grams is None:
        grams = c.memo["han_grams"] = _han_bigrams(q.text)
    if not grams:
        return 0.0
    return len(grams & _han_bigrams(c.index.passages[row].text)) / len(grams)


HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def _han_bigrams(text: str) -> frozenset[str]:
    return frozenset(run[i:i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1))


def _row_vector(index: Index, kind: str, row: int, text) -> dict[int, float]:
    cache = index.derived.setdefault(kind, {})
    got = cache.get(row)
    if got is None:
        got = cache[row] = index.vectorize(analyze(text(index.passages[row])))
    return got


@candidate_feature
def rule_score(q: Query, c: Context, row: int) -> float:
    """The hand-ordered pipeline's score (cosine × prior × definition step × coverage² × object
    step, then the action tie-break), as one feature while its parts are being fitted apart."""
    return _rules(c)[0].get(row, 0.0)


@candidate_feature
def rule_first(q: Query, c: Context, row: int) -> float:
    """1 for the passage the hand-ordered pipeline puts first."""
    return float(_rules(c)[1] == row)


def _rules(c: Context) -> tuple[dict[int, float], int]:
    got = c.memo.get("rules")
    if got is None:
        hits = R.search(c.index, c.query.text, CANDIDATES, tokens=list(c.query.tokens))
        rows = {c.index.row_of(h.passage.id): h.score for h in hits}
        got = c.memo["rules"] = (rows, c.index.row_of(hits[0].passage.id) if hits else -1)
    return got


def _acts(c: Context, row: int) -> bool:
    got = c.memo.get(("acts", row))
    if got is None:
        got = c.memo[("acts", row)] = R.holds_asked_action(c.index, c.query.text, row)
    return got


# --- question features: does the best candidate answer the question ---------------------------

@question_feature
def best_score(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """The ranking model's score of the best candidate (a log-odds that it is right)."""
    return float(scores[0]) if len(scores) else -10.0


@question_feature
def margin(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """How far the best candidate's score is ahead of the second's."""
    return float(scores[0] - scores[1]) if len(scores) > 1 else 5.0


@question_feature
def held_share(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """The share of the question the best candidate holds."""
    return R.held(c.index, q.text, row)[0]


@question_feature
def unknown_share(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """The share of the question about concepts the notes never mention (or only compare to)."""
    return R.held(c.index, q.text, row)[1]


@question_feature
def n_concepts(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """Log of the number of concepts the question has (a long story holds more than any note)."""
    return math.log1p(len(q.concepts))


@question_feature
def best_cosine(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """The raw cosine of the best candidate."""
    return float(c.cosine[row])


@question_feature
def talked_about(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """How much of the best candidate's weight is in words the question uses."""
    return R.talked_about(c.index, q.text, row)


@question_feature
def reference_elsewhere(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """How much better the question meets a Docker command the notes never write than the best
    candidate: the reference's best unwritten entry's cosine minus the best candidate's."""
    return unwritten_margin(c.index, q.tokens)[0]


@question_feature
def other_program(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the question is about another program's command ("git commit", "kill -9")."""
    return float(bool(R.other_program(c.index, q.text)[0] or R.program_with_flag(c.index, q.text)[0]))


@question_feature
def unwritten_docker_command(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the question writes a Docker command the notes never write nor name."""
    return float(bool(R._written_unwritten(c.index, q.text)[0]))


@question_feature
def figure_only(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the best candidate meets the question only on a figure of a two-column table."""
    return float(bool(R._figure_only(c.index, q.text, row)[0]))


@question_feature
def best_other_objects(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the best candidate is about other Docker objects than the question's."""
    return float(R._other_objects(c.index, set(q.objects), row))


@question_feature
def done_to_participle(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the best candidate does only what the question uses to describe its object."""
    return float(bool(R._done_to_a_participle(c.index, q.text, row)[0]))


@question_feature
def best_describes_only(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when asked how, and the best candidate is a table row that only describes."""
    return float(q.asks_how and R._says_what_not_how(c.index.passages[row]))


@question_feature
def help_covers_better(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when Docker's help for a command the notes never write covers the question better."""
    found = R.held(c.index, q.text, row)[0]
    return float(bool(R._unwritten_asked(c.index, q.text, found)[0]))


@question_feature
def is_chinese(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 for a Chinese question."""
    return float(q.lang == "zh")


@question_feature
def is_mixed(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 for a question mixing Chinese and English."""
    return float(q.lang == "mixed")


@question_feature
def rules_answer(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the hand-ordered decline (support, coverage and its vetoes) answers with its own best note."""
    rows, first = _rules(c)
    if first < 0:
        return 0.0
    from askdocker.models import Hit

    hit = Hit(c.index.passages[first], rows[first], 1)
    return float(R.decide(c.index, q.text, [hit]).answered)


@question_feature
def symptom_report(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """1 when the question reports an error or a symptom (corpus/symptom-words.txt)."""
    return float(reports_symptom(q.text))


@question_feature
def best_reference(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """The reference match of the best candidate: the question meets what its command is for."""
    return c.reference.get(row, 0.0)


@question_feature
def best_holds_action(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """For a how-to question, 1 when the best candidate holds the action it asks for."""
    return holds_action(q, c, row)


@question_feature
def best_coverage_sq(q: Query, c: Context, row: int, scores: np.ndarray) -> float:
    """The best candidate's coverage, squared."""
    return c.coverage(row)[0] ** 2


@lru_cache(maxsize=1)
def _symptom_words() -> tuple[re.Pattern, tuple[str, ...]]:
    words = [w.strip() for w in resources.files("askdocker_corpus").joinpath(SYMPTOM_FILE).read_text("utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    english = [w for w in words if w.isascii()]
    pattern = re.compile(r"(?i)(?<![a-z])(?:" + "|".join(re.escape(w) for w in sorted(english, key=len, reverse=True)) + r")(?![a-z])")
    return pattern, tuple(w for w in words if not w.isascii())


def reports_symptom(text: str) -> bool:
    """Whether a question reports an error or a symptom."""
    pattern, chinese = _symptom_words()
    return bool(pattern.search(text)) or any(w in text for w in chinese)


def context(index: Index, q: Query) -> Context:
    """The per-question arrays the candidate features share."""
    cos = index.score_tokens(list(q.tokens))
    prior = R._priors(index)
    defines: frozenset[int] = frozenset()
    if q.named:
        by_term = R._definitions(index)
        defines = frozenset(i for t in q.named if t in by_term for i in by_term[t])
    return Context(index, q, cos, prior, defines, reference_scores(index, q.tokens),
                   float(cos.max()) if len(cos) else 0.0, index.vectorize(list(q.tokens)))


def candidates(c: Context, depth: int = CANDIDATES) -> np.ndarray:
    """The rows the model scores: the best cosines (times the prior), the definitions of a named
    term, and the passages the reference layer reaches; in note order of their first score."""
    pre = c.cosine * c.prior
    if not len(pre):
        return np.zeros(0, dtype=np.int64)
    k = min(depth, len(pre))
    top = np.argsort(-pre, kind="stable")[:k]
    extra = [r for r in sorted(c.defines | set(c.reference)) if r not in set(top.tolist())]
    rows = np.concatenate([top, np.array(extra, dtype=np.int64)]) if extra else top
    keep = (c.cosine[rows] > 0) | np.isin(rows, list(c.defines | set(c.reference)))
    return rows[keep]


def candidate_matrix(c: Context, rows: np.ndarray, names: list[str] | None = None) -> np.ndarray:
    """One row of candidate features per candidate, in CANDIDATE_FEATURES order (or `names`)."""
    names = list(CANDIDATE_FEATURES) if names is None else names
    fns = [CANDIDATE_FEATURES[n] for n in names]
    X = np.zeros((len(rows), len(fns)))
    for i, row in enumerate(rows):
        r = int(row)
        for j, fn in enumerate(fns):
            X[i, j] = fn(c.query, c, r)
    return X


def question_vector(c: Context, row: int, scores: np.ndarray, names: list[str] | None = None) -> np.ndarray:
    """The question features for the best candidate `row`, given the candidates' sorted scores."""
    names = list(QUESTION_FEATURES) if names is None else names
    return np.array([QUESTION_FEATURES[n](c.query, c, row, scores) for n in names])
