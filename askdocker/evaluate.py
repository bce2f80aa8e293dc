"""Question files → retrieval metrics, per language, with optional baselines.

A question file is JSON Lines. Each answerable question says what makes a hit right: `expect`
(substrings, any of which the passage's verbatim text contains) and/or `source` (the hit's
source file equals it), optionally with `line` (the hit's line range contains it). When
`source` and `line` are both given they decide alone and `expect` is ignored (xl-dev ships
`expect` for substring-only tools); with `source` and no `line`, a given `expect` must hold too.
Metrics have fixed names so CI can gate on them with `--min` (and `--max` for the
lower-is-better `declined_answerable`). A metric over no questions is
None (JSON null), never NaN.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from askdocker.analysis import detect_language
from askdocker.models import AskdockerError, Passage

CATEGORIES = ("answerable", "out_of_scope", "off_topic")
LANGS = ("en", "zh", "mixed")
RANK_METRICS = ("hit@1", "hit@3", "hit@5", "MRR@10", "nDCG@10")
METRICS = (*RANK_METRICS, "declined_unanswerable", "declined_answerable")
DEPTH = 10
DIGITS = 4


class QuestionFileError(AskdockerError):
    """A question file that cannot be read, or a malformed line (the message names it)."""


@dataclass(frozen=True)
class Question:
    """One evaluation question and what makes a hit right."""

    question: str
    category: str = "answerable"
    lang: str = ""
    expect: tuple[str, ...] = ()
    source: str = ""
    line: int | None = None
    lineno: int = 0

    @property
    def answerable(self) -> bool:
        """Whether the notes are meant to answer this question."""
        return self.category == "answerable"

    def matches(self, p: Passage) -> bool:
        """Whether passage p is a right answer to this question."""
        if self.source:
            if p.source != self.source:
                return False
            if self.line is not None:
                return p.start <= self.line <= p.end
        return not self.expect or any(e in p.text for e in self.expect)

    def expected(self) -> str:
        """What makes a hit right, in one short line."""
        if self.source:
            where = self.source if self.line is None else f"{self.source}:{self.line}"
            return where if self.line is not None or not self.expect else f"{where} ∋ {' | '.join(self.expect)}"
        return " | ".join(self.expect)


@dataclass(frozen=True)
class Outcome:
    """What the system did with one question."""

    question: Question
    ranks: tuple[int, ...]  # 1-based ranks of right hits within the first DEPTH
    relevant: int  # how many passages of the corpus are right answers
    answered: bool
    first: Passage | None
    seconds: float

    @property
    def failed(self) -> bool:
        """Wrong first hit or wrongly declined (answerable); answered anyway (unanswerable)."""
        if self.question.answerable:
            return not self.ranks or self.ranks[0] != 1 or not self.answered
        return self.answered


@dataclass(frozen=True)
class EvalReport:
    """Metrics overall and per language, plus the failing questions."""

    name: str
    metrics: dict[str, float | None]
    by_lang: dict[str, dict[str, float | None]]
    counts: dict[str, int]
    latency_ms: dict[str, float | None]
    failures: tuple[Outcome, ...] = ()
    lang_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # lang → answerable/unanswerable

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {
            "name": self.name,
            "metrics": self.metrics,
            "by_lang": self.by_lang,
            "counts": self.counts,
            "lang_counts": self.lang_counts,
            "latency_ms": self.latency_ms,
            "failures": [failure_dict(o) for o in self.failures],
        }


def failure_dict(o: Outcome) -> dict:
    """One failing question as a JSON-ready dict."""
    return {
        "question": o.question.question,
        "line": o.question.lineno,
        "category": o.question.category,
        "lang": o.question.lang,
        "expected": o.question.expected() if o.question.answerable else "decline",
        "rank": o.ranks[0] if o.ranks else None,
        "answered": o.answered,
        "first": None if o.first is None else f"{o.first.source}:{o.first.start}",
        "first_text": None if o.first is None else o.first.text.strip(),
    }


def _strings(value, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        raise ValueError(f"{key} must be a non-empty string or a list of them")
    return tuple(value)


def parse_question(raw: str, lineno: int = 0) -> Question:
    """One JSON Lines line → a Question; raises ValueError saying what is wrong."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON ({e.msg}, column {e.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    q = obj.get("question")
    if not isinstance(q, str) or not q.strip():
        raise ValueError("question must be a non-empty string")
    category = obj.get("category") or "answerable"
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    lang = obj.get("lang") or detect_language(q)
    if lang not in LANGS:
        raise ValueError(f"unknown lang {lang!r} (one of {', '.join(LANGS)})")
    expect = _strings(obj["expect"], "expect") if obj.get("expect") is not None else ()
    source = obj.get("source") or ""
    if not isinstance(source, str):
        raise ValueError("source must be a string")
    line = obj.get("line")
    if line is not None:
        if isinstance(line, bool) or not isinstance(line, int) or line < 1:
            raise ValueError("line must be a positive integer")
        if not source:
            raise ValueError("line needs a source")
    if category == "answerable" and not expect and not source:
        raise ValueError("an answerable question needs expect or source")
    return Question(q, category, lang, expect, source, line, lineno)


def read_questions(path: str | Path) -> list[Question]:
    """Parse a JSON Lines question file; a malformed line raises with its line number."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise QuestionFileError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from e
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            out.append(parse_question(raw, n))
        except ValueError as e:
            raise QuestionFileError(f"{path}:{n}: {e}") from e
    if not out:
        raise QuestionFileError(f"{path}: no questions")
    return out


def dcg(ranks: Iterable[int]) -> float:
    """Discounted cumulative gain of right hits at these 1-based ranks (binary relevance)."""
    return sum(1.0 / math.log2(r + 1) for r in ranks)


def ndcg(ranks: Sequence[int], relevant: int) -> float:
    """nDCG@DEPTH with binary relevance; the ideal ranks every relevant passage first."""
    ideal = dcg(range(1, min(relevant, DEPTH) + 1))
    return dcg(r for r in ranks if r <= DEPTH) / ideal if ideal else 0.0


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), DIGITS) if values else None


def metrics_of(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    """The fixed-name metrics of a list of outcomes (None where no question counts)."""
    ans = [o for o in outcomes if o.question.answerable]
    una = [o for o in outcomes if not o.question.answerable]
    m: dict[str, float | None] = {}
    for k in (1, 3, 5):
        m[f"hit@{k}"] = _mean([float(bool(o.ranks) and o.ranks[0] <= k) for o in ans])
    m["MRR@10"] = _mean([1.0 / o.ranks[0] if o.ranks else 0.0 for o in ans])
    m["nDCG@10"] = _mean([ndcg(o.ranks, o.relevant) for o in ans])
    m["declined_unanswerable"] = _mean([float(not o.answered) for o in una])
    m["declined_answerable"] = _mean([float(not o.answered) for o in ans])
    return m


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


Ranker = Callable[[str], tuple[Sequence[Passage], bool]]


def count_relevant(questions: Sequence[Question], passages: Sequence[Passage]) -> list[int]:
    """How many passages are right answers to each question (0 means its gold is unreachable)."""
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    return [
        sum(1 for p in (by_source.get(q.source, []) if q.source else passages) if q.matches(p)) if q.answerable else 0
        for q in questions
    ]


def evaluate(questions: Sequence[Question], rank: Ranker, passages: Sequence[Passage], name: str = "askdocker") -> EvalReport:
    """Run every question through `rank` (question → passages best first, answered) and score it."""
    relevant = count_relevant(questions, passages)
    outcomes: list[Outcome] = []
    for q, rel in zip(questions, relevant):
        t0 = time.perf_counter()
        ranked, answered = rank(q.question)
        seconds = time.perf_counter() - t0
        ranks = tuple(i + 1 for i, p in enumerate(ranked[:DEPTH]) if q.matches(p))
        outcomes.append(Outcome(q, ranks, rel, bool(answered), ranked[0] if ranked else None, seconds))
    langs = [*LANGS, *sorted({o.question.lang for o in outcomes} - set(LANGS))]
    by_lang, lang_counts = {}, {}
    for lang in langs:
        sub = [o for o in outcomes if o.question.lang == lang]
        if sub:
            by_lang[lang] = metrics_of(sub)
            n = sum(1 for o in sub if o.question.answerable)
            lang_counts[lang] = {"answerable": n, "unanswerable": len(sub) - n}
    counts = {"questions": len(outcomes)}
    counts.update({c: sum(1 for o in outcomes if o.question.category == c) for c in CATEGORIES})
    counts["unanswerable"] = counts["out_of_scope"] + counts["off_topic"]
    counts.update({lang: sum(1 for o in outcomes if o.question.lang == lang) for lang in LANGS})
    counts["gold_unreachable"] = sum(1 for o in outcomes if o.question.answerable and o.relevant == 0)
    lat = [o.seconds * 1000 for o in outcomes]
    p50, p95 = percentile(lat, 50), percentile(lat, 95)
    return EvalReport(
        name=name,
        metrics=metrics_of(outcomes),
        by_lang=by_lang,
        counts=counts,
        latency_ms={"p50": None if p50 is None else round(p50, 3), "p95": None if p95 is None else round(p95, 3)},
        failures=tuple(o for o in outcomes if o.failed),
        lang_counts=lang_counts,
    )


def parse_minimums(specs: Sequence[str], flag: str = "--min") -> dict[str, float]:
    """`METRIC=VALUE` strings → thresholds; raises ValueError on an unknown metric or a bad value."""
    out: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        name = name.strip()
        if not sep or name not in METRICS:
            raise ValueError(f"{flag} {spec!r}: expected METRIC=VALUE with METRIC one of {', '.join(METRICS)}")
        try:
            out[name] = float(value)
        except ValueError:
            raise ValueError(f"{flag} {spec!r}: {value!r} is not a number") from None
        if math.isnan(out[name]):
            raise ValueError(f"{flag} {spec!r}: {value!r} is not a number")
    return out


def check_thresholds(report: EvalReport, minimums: dict[str, float], maximums: dict[str, float] | None = None) -> list[str]:
    """The `--min` and `--max` thresholds the report misses, as one-line messages."""
    missed = []
    for name, floor in minimums.items():
        value = report.metrics.get(name)
        if value is None:
            missed.append(f"{name} is not measured (no questions count toward it); the minimum is {floor}")
        elif value < floor:
            missed.append(f"{name} = {value:.4f} is below the minimum {floor}")
    for name, ceiling in (maximums or {}).items():
        value = report.metrics.get(name)
        if value is None:
            missed.append(f"{name} is not measured (no questions count toward it); the maximum is {ceiling}")
        elif value > ceiling:
            missed.append(f"{name} = {value:.4f} is above the maximum {ceiling}")
    return missed
