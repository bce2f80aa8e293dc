"""Question files → retrieval metrics, per language, with optional baselines.

A question file is JSON Lines. Each answerable question says what makes a hit right: `expect`
(substrings, any of which the passage's verbatim text contains) and/or `source` (optionally
with `line`, which the hit's line range must contain). Metrics have fixed names so CI can
gate on them with `--min`.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from askdocker.analysis import detect_language
from askdocker.models import Passage

CATEGORIES = ("answerable", "out_of_scope", "off_topic")
LANGS = ("en", "zh", "mixed")
METRICS = ("hit@1", "hit@3", "hit@5", "MRR@10", "nDCG@10", "declined_unanswerable", "declined_answerable")
DEPTH = 10


class QuestionFileError(Exception):
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

    def matches(self, p: Passage) -> bool:
        """Whether passage p is a right answer to this question."""
        if self.source:
            if p.source != self.source:
                return False
            if self.line is not None and not (p.start <= self.line <= p.end):
                return False
            return not self.expect or any(e in p.text for e in self.expect) or self.line is not None
        return any(e in p.text for e in self.expect)


@dataclass(frozen=True)
class Outcome:
    """What the system did with one question."""

    question: Question
    ranks: tuple[int, ...]  # 1-based ranks of right hits within the first DEPTH
    answered: bool
    first: Passage | None
    seconds: float


@dataclass
class EvalReport:
    """Metrics overall and per language, plus the failing questions."""

    name: str
    metrics: dict[str, float]
    by_lang: dict[str, dict[str, float]]
    counts: dict[str, int]
    latency_ms: dict[str, float]
    failures: list[Outcome] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {
            "name": self.name,
            "metrics": self.metrics,
            "by_lang": self.by_lang,
            "counts": self.counts,
            "latency_ms": self.latency_ms,
            "failures": [
                {
                    "question": o.question.question,
                    "category": o.question.category,
                    "lang": o.question.lang,
                    "expected": list(o.question.expect) or [f"{o.question.source}:{o.question.line}"],
                    "first": None if o.first is None else f"{o.first.source}:{o.first.start}",
                    "first_text": None if o.first is None else o.first.text.strip(),
                    "answered": o.answered,
                }
                for o in self.failures
            ],
        }


def read_questions(path: str | Path) -> list[Question]:
    """Parse a JSON Lines question file; a malformed line raises with its line number."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QuestionFileError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from e
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            q = str(obj["question"])
            category = str(obj.get("category", "answerable"))
            if category not in CATEGORIES:
                raise ValueError(f"unknown category {category!r}")
            expect = obj.get("expect", [])
            if isinstance(expect, str):
                expect = [expect]
            if not isinstance(expect, list):
                raise ValueError("expect must be a list of strings")
            line = obj.get("line")
            if line is not None and not isinstance(line, int):
                raise ValueError("line must be an integer")
            source = str(obj.get("source", ""))
            if category == "answerable" and not expect and not source:
                raise ValueError("an answerable question needs expect or source")
            lang = str(obj.get("lang") or detect_language(q))
        except (ValueError, KeyError, TypeError) as e:
            msg = f"missing key {e}" if isinstance(e, KeyError) else str(e)
            raise QuestionFileError(f"{path}:{n}: {msg}") from e
        out.append(Question(q, category, lang, tuple(str(e) for e in expect), source, line, n))
    if not out:
        raise QuestionFileError(f"{path}: no questions")
    return out


def dcg(ranks: Sequence[int]) -> float:
    """Discounted cumulative gain of right hits at these 1-based ranks."""
    return sum(1.0 / math.log2(r + 1) for r in ranks)


def ndcg(ranks: Sequence[int], relevant: int) -> float:
    """nDCG with binary relevance; the ideal ranks every relevant passage first."""
    ideal = dcg(range(1, min(relevant, DEPTH) + 1))
    return dcg(ranks) / ideal if ideal else 0.0


def metrics_of(outcomes: Sequence[Outcome], relevant: dict[int, int]) -> dict[str, float]:
    """The fixed-name metrics of a list of outcomes; `relevant` counts right passages per question."""
    ans = [o for o in outcomes if o.question.category == "answerable"]
    una = [o for o in outcomes if o.question.category != "answerable"]
    m: dict[str, float] = {}

    def share(xs, pred):
        return round(sum(1 for x in xs if pred(x)) / len(xs), 4) if xs else float("nan")

    for k in (1, 3, 5):
        m[f"hit@{k}"] = share(ans, lambda o, k=k: bool(o.ranks) and o.ranks[0] <= k)
    m["MRR@10"] = round(sum(1.0 / o.ranks[0] for o in ans if o.ranks) / len(ans), 4) if ans else float("nan")
    m["nDCG@10"] = (
        round(sum(ndcg(o.ranks, relevant.get(id(o), 1)) for o in ans) / len(ans), 4) if ans else float("nan")
    )
    m["declined_unanswerable"] = share(una, lambda o: not o.answered)
    m["declined_answerable"] = share(ans, lambda o: not o.answered)
    return m


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


Ranker = Callable[[str], tuple[list[Passage], bool]]


def evaluate(questions: Sequence[Question], rank: Ranker, passages: Sequence[Passage], name: str = "askdocker") -> EvalReport:
    """Run every question through `rank` (question → passages best first, answered) and score it."""
    outcomes: list[Outcome] = []
    relevant: dict[int, int] = {}
    for q in questions:
        t0 = time.perf_counter()
        ranked, answered = rank(q.question)
        dt = time.perf_counter() - t0
        ranks = tuple(i + 1 for i, p in enumerate(ranked[:DEPTH]) if q.matches(p))
        o = Outcome(q, ranks, answered, ranked[0] if ranked else None, dt)
        outcomes.append(o)
        if q.category == "answerable":
            relevant[id(o)] = max(1, sum(1 for p in passages if q.matches(p)))
    by_lang = {}
    for lang in LANGS:
        sub = [o for o in outcomes if o.question.lang == lang]
        if sub:
            by_lang[lang] = metrics_of(sub, relevant)
    lat = [o.seconds * 1000 for o in outcomes]
    failures = [
        o
        for o in outcomes
        if (o.question.category == "answerable" and (not o.ranks or o.ranks[0] != 1 or not o.answered))
        or (o.question.category != "answerable" and o.answered)
    ]
    counts = {c: sum(1 for o in outcomes if o.question.category == c) for c in CATEGORIES}
    counts.update({lang: sum(1 for o in outcomes if o.question.lang == lang) for lang in LANGS})
    return EvalReport(
        name=name,
        metrics=metrics_of(outcomes, relevant),
        by_lang=by_lang,
        counts=counts,
        latency_ms={"p50": round(percentile(lat, 50), 3), "p95": round(percentile(lat, 95), 3)},
        failures=failures,
    )


def check_thresholds(report: EvalReport, minimums: dict[str, float]) -> list[str]:
    """The `--min` thresholds the report misses, as one-line messages."""
    missed = []
    for name, floor in minimums.items():
        value = report.metrics.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)) or value < floor:
            missed.append(f"{name} = {value} is below the minimum {floor}")
    return missed
