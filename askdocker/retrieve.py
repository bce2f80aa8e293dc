"""Question → ranked Hits, including the decision to decline.

Ranking is the TF-IDF cosine of the question with each passage. Declining asks a second
question: does the best passage contain the question's concepts? Each concept (an English
word, a flag, a Chinese dictionary word with its English) weighs its idf; a concept the notes
never mention weighs the most an idf can. When the best passage covers too little of that
weight, or its cosine is too low, the notes do not answer and askdocker says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from askdocker.analysis import analyze, units
from askdocker.index import Index
from askdocker.models import Hit

MIN_SCORE = 0.08
MIN_COVERAGE = 0.55


@dataclass(frozen=True)
class Decision:
    """Whether the best hit answers the question, and why not when it does not."""

    answered: bool
    coverage: float
    reason: str = ""


def search(index: Index, question: str, top: int = 3, tokens: list[str] | None = None) -> list[Hit]:
    """The top passages for a question, best first; ties keep note order."""
    scores = index.score_tokens(analyze(question) if tokens is None else tokens)
    if not len(scores) or top <= 0:
        return []
    k = min(top, len(scores))
    # stable: equal scores rank in note order
    order = np.argsort(-scores, kind="stable")[:k]
    return [Hit(passage=index.passages[i], score=float(scores[i]), rank=r + 1) for r, i in enumerate(order) if scores[i] > 0]


def _contains(index: Index, term: int, row: int) -> bool:
    a, b = index.indptr[term], index.indptr[term + 1]
    rows = index.indices[a:b]
    k = int(np.searchsorted(rows, row))
    return k < len(rows) and int(rows[k]) == row


def coverage(index: Index, question: str, row: int) -> float:
    """The idf-weighted share of the question's concepts that passage `row` contains."""
    max_idf = math.log(len(index.passages) + 1) + 1.0
    total = found = 0.0
    for unit in units(question):
        known = [j for j in (index.vocabulary.get(t) for t in unit) if j is not None]
        # a concept the notes never mention is as rare as can be
        weight = max((float(index.idf[j]) for j in known), default=max_idf)
        total += weight
        if any(_contains(index, j, row) for j in known):
            found += weight
    return found / total if total else 0.0


def decide(index: Index, question: str, hits: list[Hit]) -> Decision:
    """Answer or decline: enough score and enough of the question's concepts in the best passage."""
    if not question.strip():
        return Decision(False, 0.0, "the question is empty")
    if not hits:
        return Decision(False, 0.0, "nothing in the notes matches these words")
    best = hits[0]
    cov = coverage(index, question, index.row_of(best.passage.id))
    if best.score < MIN_SCORE:
        return Decision(False, cov, "the closest note is only a weak match")
    if cov < MIN_COVERAGE:
        return Decision(False, cov, "the notes do not cover part of this question")
    return Decision(True, cov)
