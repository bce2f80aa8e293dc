"""Fit the ranker and the decline on labelled questions (scikit-learn), and cross-validate them.

Fitting is not query time: `askdocker eval --cv` and benchmarks/train.py call this; answering reads
the weights from JSON (askdocker.scorer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from askdocker import features as F
from askdocker.answer import read_question
from askdocker.evaluate import Question
from askdocker.index import Index
from askdocker.scorer import Linear, Model, sigmoid

MAX_DECLINED = 0.05  # the share of answerable questions the threshold may decline
C_RANK = 1.0
C_DECLINE = 3


@dataclass
class Sample:
    """One question's candidates and features, ready to fit on."""

    question: Question
    group: str  # the file it came from
    ctx: F.Context
    rows: np.ndarray
    X: np.ndarray
    relevant: np.ndarray  # bool per candidate


def extract(index: Index, questions: Sequence[Question], group: str) -> list[Sample]:
    """Candidates and candidate features of every question, labelled by the question's expectation."""
    out = []
    names = list(F.CANDIDATE_FEATURES)
    for q in questions:
        query = F.parse_query(index, read_question(index, q.question))
        ctx = F.context(index, query)
        rows = F.candidates(ctx)
        X = F.candidate_matrix(ctx, rows, names)
        rel = np.array([q.answerable and q.matches(index.passages[int(r)]) for r in rows], dtype=bool)
        out.append(Sample(q, group, ctx, rows, X, rel))
    return out


def _standardize(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    return mean, np.where(scale > 1e-9, scale, 1.0)


def _logistic(X: np.ndarray, y: np.ndarray, names: Sequence[str], C: float, weight: np.ndarray | None = None) -> Linear:
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardize(X)
    m = LogisticRegression(C=C, max_iter=2000)
    m.fit((X - mean) / scale, y, sample_weight=weight)
    return Linear(tuple(names), m.coef_[0].copy(), mean, scale, float(m.intercept_[0]))


def fit_ranker(samples: Sequence[Sample], names: Sequence[str] | None = None, C: float = C_RANK) -> Linear:
    """Logistic regression of relevant / not relevant over the candidates of answerable questions
    that have a right candidate; each question weighs one in all."""
    names = list(F.CANDIDATE_FEATURES) if names is None else list(names)
    cols = [list(F.CANDIDATE_FEATURES).index(n) for n in names]
    use = [s for s in samples if s.relevant.any() and len(s.rows) > 1]
    X = np.vstack([s.X[:, cols] for s in use])
    y = np.concatenate([s.relevant for s in use]).astype(int)
    w = np.concatenate([np.full(len(s.rows), 1.0 / len(s.rows)) for s in use])
    return _logistic(X, y, names, C, w * len(y) / w.sum())


def ranked(sample: Sample, ranker: Linear) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sample's candidates best first under a ranker: rows, scores, relevance."""
    cols = [list(F.CANDIDATE_FEATURES).index(n) for n in ranker.names]
    s = ranker.score(sample.X[:, cols]) if len(sample.rows) else np.zeros(0)
    order = np.lexsort((np.arange(len(s)), -s))
    return sample.rows[order], s[order], sample.relevant[order]


def question_matrix(samples: Sequence[Sample], ranker: Linear, names: Sequence[str] | None = None) -> np.ndarray:
    """The question features of every sample's best candidate under a ranker."""
    names = list(F.QUESTION_FEATURES) if names is None else list(names)
    out = np.zeros((len(samples), len(names)))
    for i, s in enumerate(samples):
        rows, scores, _ = ranked(s, ranker)
        if len(rows):
            out[i] = F.question_vector(s.ctx, int(rows[0]), scores, names)
        else:
            out[i] = [F.QUESTION_FEATURES[n](s.ctx.query, s.ctx, 0, scores) if n in ("is_chinese", "is_mixed", "n_concepts") else 0.0
                      for n in names]
    return out


def fit_decline(Q: np.ndarray, answerable: np.ndarray, names: Sequence[str], C: float = C_DECLINE,
                weight: np.ndarray | None = None) -> Linear:
    """Logistic regression of answerable / unanswerable over the question features, classes balanced."""
    weight = np.ones(len(answerable)) if weight is None else weight
    pos = weight[answerable].sum() / weight.sum() if len(answerable) else 0.5
    w = weight * np.where(answerable, 0.5 / max(pos, 1e-9), 0.5 / max(1 - pos, 1e-9))
    return _logistic(Q, answerable.astype(int), names, C, w)


def threshold_for(probabilities: np.ndarray, answerable: np.ndarray, max_declined: float = MAX_DECLINED) -> float:
    """The highest threshold that declines at most `max_declined` of the answerable questions."""
    p = np.sort(probabilities[answerable])
    if not len(p):
        return 0.5
    k = int(np.floor(max_declined * len(p)))  # this many may fall below
    return float(p[k]) if k < len(p) else float(p[-1])


def fit_model(samples: Sequence[Sample], tune: Sequence[Sample] | None = None, rank_names=None, decline_names=None,
              weights: dict[str, float] | None = None) -> Model:
    """Fit the ranker, then the decline on the ranker's best candidates; the threshold is chosen on
    `tune` (the real questions among the samples, by default all of them). `weights` maps a sample
    group (its file's name) to how much its questions count in the decline (1 by default)."""
    ranker = fit_ranker(samples, rank_names)
    dn = list(F.QUESTION_FEATURES) if decline_names is None else list(decline_names)
    Q = question_matrix(samples, ranker, dn)
    ans = np.array([s.question.answerable for s in samples])
    w = np.array([(weights or {}).get(s.group, 1.0) for s in samples])
    decline = fit_decline(Q, ans, dn, weight=w)
    tune = samples if tune is None else tune
    Qt = question_matrix(tune, ranker, dn)
    pt = np.array([sigmoid(float(v)) for v in decline.score(Qt)]) if len(tune) else np.zeros(0)
    at = np.array([s.question.answerable for s in tune])
    return Model(ranker, decline, threshold_for(pt, at), "fitted")


def predict(samples: Sequence[Sample], model: Model) -> list[tuple[list, bool, float]]:
    """For each sample: its passages best first, whether it is answered, and the probability."""
    out = []
    Q = question_matrix(samples, model.rank, list(model.decline.names))
    for s, qv in zip(samples, Q):
        rows, scores, _ = ranked(s, model.rank)
        p = sigmoid(float(model.decline.score(qv[None, :])[0])) if len(rows) else 0.0
        out.append(([s.ctx.index.passages[int(r)] for r in rows], len(rows) > 0 and p >= model.threshold, p))
    return out


def folds(samples: Sequence[Sample], k: int, seed: int = 0) -> list[np.ndarray]:
    """k folds of sample positions, shuffled reproducibly."""
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(samples))
    return [idx[i::k] for i in range(k)]


def out_of_fold(samples: Sequence[Sample], extra: Sequence[Sample] = (), k: int = 5, seed: int = 0,
                weights: dict[str, float] | None = None, **kw) -> list[tuple[list, bool, float]]:
    """Predictions for every sample by a model fitted without its fold (on the other folds and `extra`);
    the threshold is chosen on the other folds."""
    preds: list = [None] * len(samples)
    for fold in folds(samples, min(k, len(samples)), seed):
        held = set(fold.tolist())
        train = [s for i, s in enumerate(samples) if i not in held]
        model = fit_model([*train, *extra], tune=train, weights=weights, **kw)
        for i, p in zip(fold, predict([samples[i] for i in fold], model)):
            preds[i] = p
    return preds


def figures(samples: Sequence[Sample], preds) -> dict[str, float | None]:
    """hit@1, hit@3 and the two decline shares of predictions."""
    ans = [(s, p) for s, p in zip(samples, preds) if s.question.answerable]
    una = [(s, p) for s, p in zip(samples, preds) if not s.question.answerable]

    def mean(xs):
        return round(float(np.mean(xs)), 4) if xs else None

    def hit(s, p, k):
        return any(s.question.matches(x) for x in p[0][:k])

    return {"hit@1": mean([hit(s, p, 1) for s, p in ans]), "hit@3": mean([hit(s, p, 3) for s, p in ans]),
            "declined_answerable": mean([not p[1] for _, p in ans]), "declined_unanswerable": mean([not p[1] for _, p in una])}


def ablate(samples: Sequence[Sample], extra: Sequence[Sample] = (), k: int = 5, weights=None) -> list[tuple[str, str, dict]]:
    """Cross-validated figures with every feature, then with each left out in turn:
    (kind, feature or "all", figures)."""
    out = [("all", "all", figures(samples, out_of_fold(samples, extra, k, weights=weights)))]
    for name in F.CANDIDATE_FEATURES:
        names = [n for n in F.CANDIDATE_FEATURES if n != name]
        out.append(("rank", name, figures(samples, out_of_fold(samples, extra, k, weights=weights, rank_names=names))))
    for name in F.QUESTION_FEATURES:
        names = [n for n in F.QUESTION_FEATURES if n != name]
        out.append(("decline", name, figures(samples, out_of_fold(samples, extra, k, weights=weights, decline_names=names))))
    return out
