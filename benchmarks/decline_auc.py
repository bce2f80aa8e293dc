"""How well the decline separates answerable from unanswerable questions, threshold-free.

    python benchmarks/decline_auc.py [eval/SET.jsonl ...]

For every question of the sets (by default the ones whose failures have been read, so the
never-read sets stay unread), the decline's own score is worked out: support (coverage of the
best note × the share of the question the notes know) over the support the question needs; the
long-question rule and the object, participle, how-to, unwritten-command, other-program and figure checks
are applied as `decide` applies them.
Prints the pooled ROC AUC between answerable and unanswerable questions, and the share of
unanswerable questions declined when the threshold declines 3, 5 or 8 % of answerable ones: a
decline variant is worth keeping when it moves these, not just the operating point.
"""

from __future__ import annotations

import sys
from pathlib import Path

from askdocker import config
from askdocker import retrieve as R
from askdocker.answer import read_question
from askdocker.evaluate import read_questions
from askdocker.index import open_index

ROOT = Path(__file__).resolve().parent.parent
READ = ["questions", "holdout", "holdout2", "verbose", "holdout4", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12",
        "holdout13", "holdout14", "holdout15"]


def decline_score(index, question: str) -> float:
    """≥ 1 answers, < 1 declines (the further below, the surer)."""
    hits = R.search(index, question, 5)
    if not hits:
        return -1.0
    decision = R.decide(index, question, hits)
    if not decision.answered and decision.reason.startswith(("the closest note is ", "this sounds like ", "this is about ",
                                                              "the notes mention ")):
        # an object, participle, how-to, unwritten-command, other-program or figure mismatch: declined
        # whatever the support
        return 0.0
    row = index.row_of(hits[0].passage.id)
    asked = R.concepts(index, question)
    found, unknown = R.held(index, question, row)
    score = found * (1 - unknown) / R.support_needed(len(asked))
    if (len(asked) > R.SHORT_CONCEPTS and found * (1 - unknown) >= R.MIN_SUPPORT_TALKED
            and R.talked_about(index, question, row) >= R.TALKED_ABOUT):
        score = max(score, 1.0)
    return score


def main(paths: list[str]) -> int:
    index = open_index([ROOT / "corpus" / "docker-notes.md"], config.cache_dir())
    pos, neg = [], []
    for path in paths or [str(ROOT / "eval" / f"{s}.jsonl") for s in READ]:
        for q in read_questions(path):
            v = decline_score(index, read_question(index, q.question))
            (pos if q.category == "answerable" else neg).append(v)
    good = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg)
    print(f"{len(pos)} answerable, {len(neg)} unanswerable: AUC {good / (len(pos) * len(neg)):.3f}")
    ranked = sorted(pos)
    for share in (0.03, 0.05, 0.08):
        t = ranked[int(share * len(ranked))]
        print(f"  declining {share:.0%} of answerable: {sum(v < t for v in neg) / len(neg):.3f} of unanswerable declined")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
