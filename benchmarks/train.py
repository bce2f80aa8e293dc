"""Fit corpus/model.json from the labelled question files, reproducibly, and report cross-validated figures.

    python benchmarks/train.py            # fit on every training file, write corpus/model.json
    python benchmarks/train.py --cv       # only report k-fold figures on the real questions

The real questions (eval/real-*.jsonl and ../shared/eval/real-dev) choose the threshold; the
helper-written sets (eval/questions.jsonl, eval/holdout*.jsonl, eval/verbose.jsonl) and xl-dev add
ranking data. own-notes-dev is never fitted on: it stands for notes nobody annotated.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from askdocker import fit  # noqa: E402
from askdocker.config import bundled_notes  # noqa: E402
from askdocker.evaluate import evaluate, read_questions  # noqa: E402
from askdocker.index import open_index  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
REAL = [SHARED / "real-dev" / "questions.jsonl", *sorted((ROOT / "eval").glob("real-*.jsonl"))]
HELPER = [ROOT / "eval" / "questions.jsonl", ROOT / "eval" / "verbose.jsonl", *sorted((ROOT / "eval").glob("holdout*.jsonl"))]
XL = (SHARED / "xl-dev" / "pairs.jsonl", SHARED / "xl-dev" / "pages.zh")


def samples_of(paths, index, limit=None):
    out = []
    for p in paths:
        if p.exists():
            qs = read_questions(p)[:limit]
            out += fit.extract(index, qs, p.name)
    return out


def load(cache: Path, helper: bool = True, xl: bool = True):
    """(real samples, other samples) on the bundled notes, and xl-dev's on its pages."""
    bundled = open_index([str(bundled_notes())], cache)
    real = samples_of(REAL, bundled)
    other = samples_of(HELPER, bundled) if helper else []
    if xl and XL[0].exists():
        other += samples_of([XL[0]], open_index([str(XL[1])], cache), limit=600)
    return real, other


def _auc(pos, neg):
    if not pos or not neg:
        return None
    pos, neg = np.array(pos), np.array(neg)
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (len(pos) * len(neg)))


def figures(samples, preds):
    """The package's figures, with the decline's AUC and the count."""
    m = fit.figures(samples, preds)
    m["auc"] = _auc([p[2] for s, p in zip(samples, preds) if s.question.answerable],
                    [p[2] for s, p in zip(samples, preds) if not s.question.answerable])
    m["n"] = len(samples)
    return m


HELPER_WEIGHT = 0.3  # a helper-written question counts this much in the decline, a real one 1


def helper_weights(other):
    return {s.group: HELPER_WEIGHT for s in other}


def cross_validate(real, other, k=5, seed=0, **kw):
    """Out-of-fold predictions for the real samples: each fold scored by a model fitted without it."""
    return fit.out_of_fold(real, other, k, seed, weights=helper_weights(other), **kw)


def fmt(m):
    return " ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in m.items())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="report cross-validated figures only")
    ap.add_argument("--no-helper", action="store_true", help="fit without the helper-written sets")
    ap.add_argument("--no-xl", action="store_true", help="fit without xl-dev")
    ap.add_argument("--out", default=str(ROOT / "corpus" / "model.json"))
    ap.add_argument("--helper-weight", type=float, default=HELPER_WEIGHT)
    args = ap.parse_args(argv)
    globals()["HELPER_WEIGHT"] = args.helper_weight
    with tempfile.TemporaryDirectory() as tmp:
        real, other = load(Path(tmp), helper=not args.no_helper, xl=not args.no_xl)
        preds = cross_validate(real, other)
        print("cv real:", fmt(figures(real, preds)))
        for group in sorted({s.group for s in real}):
            sub = [(s, p) for s, p in zip(real, preds) if s.group == group]
            print(f"  {group}:", fmt(figures([s for s, _ in sub], [p for _, p in sub])))
        for lang in ("en", "zh", "mixed"):
            sub = [(s, p) for s, p in zip(real, preds) if s.question.lang == lang]
            if sub:
                print(f"  {lang}:", fmt(figures([s for s, _ in sub], [p for _, p in sub])))
        if args.cv:
            return 0
        model = fit.fit_model(real + other, tune=real, weights=helper_weights(other))
        Path(args.out).write_text(json.dumps(model.to_dict(), indent=1) + "\n")
        print("wrote", args.out, "threshold", round(model.threshold, 4))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
