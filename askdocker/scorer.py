"""Score candidates and decide with fitted weights (corpus/model.json, written by benchmarks/train.py).

Two linear models over standardized features: the ranker gives each candidate a log-odds that it
answers the question; the decline turns the question features of the best candidate into a
probability that the notes answer the question, and declines below one threshold. Answering needs
only numpy: the weights are a JSON file.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from askdocker import features as F
from askdocker.index import Index
from askdocker.models import AskdockerError

MODEL_FILE = "model.json"


class ModelError(AskdockerError):
    """The model file is missing or does not fit the features this version computes."""


@dataclass(frozen=True)
class Linear:
    """A standardized linear model: score = bias + Σ weight · (x − mean) / scale."""

    names: tuple[str, ...]
    weights: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    bias: float

    def score(self, X: np.ndarray) -> np.ndarray:
        """The model's log-odds for each row of X (columns in `names` order)."""
        return self.bias + ((X - self.mean) / self.scale) @ self.weights

    def contributions(self, x: np.ndarray) -> dict[str, float]:
        """Each feature's share of one row's score (they add up to the score minus the bias)."""
        parts = self.weights * (x - self.mean) / self.scale
        return {n: float(v) for n, v in zip(self.names, parts)}

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {"names": list(self.names), "weights": self.weights.tolist(), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "bias": self.bias}

    @classmethod
    def from_dict(cls, d: dict, known: dict) -> "Linear":
        """Read a model; raises ModelError when it names a feature this version does not compute."""
        names = tuple(d["names"])
        missing = [n for n in names if n not in known]
        if missing:
            raise ModelError(f"the model uses features this version lacks: {', '.join(missing)}")
        arrays = [np.asarray(d[k], dtype=float) for k in ("weights", "mean", "scale")]
        if any(a.shape != (len(names),) or not np.isfinite(a).all() for a in arrays):
            raise ModelError("the model file's arrays do not fit its feature names")
        return cls(names, arrays[0], arrays[1], np.where(arrays[2] > 0, arrays[2], 1.0), float(d["bias"]))


@dataclass(frozen=True)
class Model:
    """The ranker, the decline and its threshold."""

    rank: Linear
    decline: Linear
    threshold: float  # answer when the decline's probability is at least this
    digest: str

    def to_dict(self) -> dict:
        """A JSON-ready view (what train.py writes)."""
        return {"rank": self.rank.to_dict(), "decline": self.decline.to_dict(), "threshold": self.threshold}


def model_from_dict(d: dict, digest: str = "") -> Model:
    """A Model from its JSON form."""
    try:
        return Model(Linear.from_dict(d["rank"], F.CANDIDATE_FEATURES), Linear.from_dict(d["decline"], F.QUESTION_FEATURES),
                     float(d["threshold"]), digest)
    except (KeyError, TypeError, ValueError) as e:
        raise ModelError(f"the model file is malformed ({e})") from None


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The model that ships with askdocker."""
    raw = resources.files("askdocker_corpus").joinpath(MODEL_FILE).read_bytes()
    return model_from_dict(json.loads(raw), hashlib.sha256(raw).hexdigest()[:12])


@dataclass(frozen=True)
class Scored:
    """A question's candidates, scored: rows best first, their scores and features, and the decline."""

    query: F.Query
    rows: np.ndarray
    scores: np.ndarray
    X: np.ndarray  # candidate features, in rows' order
    q: np.ndarray  # the question features of the best candidate
    probability: float  # that the best candidate answers the question
    threshold: float

    @property
    def answered(self) -> bool:
        """Whether the probability clears the threshold."""
        return len(self.rows) > 0 and self.probability >= self.threshold


def sigmoid(x: float) -> float:
    """The logistic function, safe for large |x|."""
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def score(index: Index, question: str, model: Model | None = None, tokens: list[str] | None = None) -> Scored:
    """Rank a (read) question's candidates and decide whether the best one answers it."""
    model = load_model() if model is None else model
    query = F.parse_query(index, question, tokens)
    ctx = F.context(index, query)
    rows = F.candidates(ctx)
    X = F.candidate_matrix(ctx, rows, list(model.rank.names))
    s = model.rank.score(X) if len(rows) else np.zeros(0)
    order = np.lexsort((np.arange(len(rows)), -s))  # best first; ties keep candidate order
    rows, s, X = rows[order], s[order], X[order]
    if not len(rows):
        return Scored(query, rows, s, X, np.zeros(len(model.decline.names)), 0.0, model.threshold)
    qv = F.question_vector(ctx, int(rows[0]), s, list(model.decline.names))
    p = sigmoid(float(model.decline.score(qv[None, :])[0]))
    return Scored(query, rows, s, X, qv, p, model.threshold)


@dataclass(frozen=True)
class Explanation:
    """Why the notes' passages ranked as they did and why the question was answered or declined."""

    hits: tuple[tuple[int, float, dict[str, float], dict[str, float]], ...]  # row, score, values, contributions
    rank_bias: float
    decline_values: dict[str, float]
    decline_contributions: dict[str, float]
    decline_bias: float
    probability: float
    threshold: float

    def to_dict(self, index: Index) -> dict:
        """A JSON-ready view, passages by id."""
        return {
            "hits": [{"id": index.passages[r].id, "score": s, "bias": self.rank_bias, "features": v, "contributions": c}
                     for r, s, v, c in self.hits],
            "decline": {"probability": self.probability, "threshold": self.threshold, "bias": self.decline_bias,
                        "features": self.decline_values, "contributions": self.decline_contributions},
        }


def explain(scored: Scored, model: Model | None = None, top: int = 3) -> Explanation:
    """Every feature's value and contribution for the first `top` hits and for the decline."""
    model = load_model() if model is None else model
    hits = tuple((int(r), float(s), dict(zip(model.rank.names, map(float, x))), model.rank.contributions(x))
                 for r, s, x in zip(scored.rows[:top], scored.scores[:top], scored.X[:top]))
    return Explanation(hits, model.rank.bias, dict(zip(model.decline.names, map(float, scored.q))),
                       model.decline.contributions(scored.q), model.decline.bias, scored.probability, scored.threshold)
