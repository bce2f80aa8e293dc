"""Naive rankers over the same passages, to show what askdocker's analyzer and bridge add.

Both read only each passage's verbatim text (no section, context, gloss or normalized commands)
and never decline: every question counts as answered, so their `declined_unanswerable` is 0 and
`declined_answerable` is 0 by construction.

- `tfidf`: scikit-learn's TfidfVectorizer with its defaults (lowercase, token pattern
  `(?u)\\b\\w\\w+\\b`, which drops one-letter flags such as `-d` and makes a whole Chinese clause
  one token), ranked by cosine.
- `bm25`: Okapi BM25 (k1=1.5, b=0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5))) written with
  numpy. Tokenization is deliberately simple: lowercase, split on whitespace, then every CJK
  character is a token of its own and the runs of other characters between them are tokens.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from askdocker.models import Passage

K1 = 1.5
B = 0.75
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NAMES = ("tfidf", "bm25")


def simple_tokens(text: str) -> list[str]:
    """Whitespace split, lowercased, with each CJK character a token of its own."""
    out: list[str] = []
    for word in text.lower().split():
        out.extend(t for t in re.split(f"({CJK.pattern})", word) if t)
    return out


class TfidfBaseline:
    """scikit-learn TF-IDF with its default tokenizer, cosine ranking, no declines."""

    name = "tfidf"

    def __init__(self, passages: Sequence[Passage]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.passages = list(passages)
        self.vectorizer = TfidfVectorizer()
        try:
            self.matrix = self.vectorizer.fit_transform([p.text for p in self.passages])
        except ValueError:  # no passage has a token the default pattern accepts
            self.matrix = None

    def __call__(self, question: str) -> tuple[list[Passage], bool]:
        """The passages best first (only those with a positive score), and always answered."""
        if self.matrix is None:
            return [], True
        scores = (self.matrix @ self.vectorizer.transform([question]).T).toarray().ravel()
        return _top(self.passages, scores), True


class BM25Baseline:
    """Okapi BM25 over whitespace/CJK-character tokens, no declines."""

    name = "bm25"

    def __init__(self, passages: Sequence[Passage], k1: float = K1, b: float = B):
        self.passages = list(passages)
        self.k1, self.b = k1, b
        docs = [simple_tokens(p.text) for p in self.passages]
        self.vocabulary: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for i, doc in enumerate(docs):
            counts: dict[int, int] = {}
            for t in doc:
                j = self.vocabulary.setdefault(t, len(self.vocabulary))
                counts[j] = counts.get(j, 0) + 1
            rows.extend([i] * len(counts))
            cols.extend(counts)
            vals.extend(counts.values())
        n, v = len(docs), len(self.vocabulary)
        self._rows, self._cols, self._vals = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=np.float64)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = lengths.mean() if n and lengths.mean() > 0 else 1.0
        df = np.bincount(self._cols, minlength=v).astype(np.float64)
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5))
        # the BM25 weight of each (passage, term) pair, precomputed: the query only sums them
        norm = self.k1 * (1.0 - self.b + self.b * lengths / avg)
        weights = self.idf[self._cols] * self._vals * (self.k1 + 1.0) / (self._vals + norm[self._rows])
        order = np.lexsort((self._rows, self._cols))
        self._post_rows = self._rows[order]
        self._post_w = weights[order]
        self._indptr = np.concatenate([[0], np.cumsum(df.astype(np.int64))])

    def scores(self, question: str) -> np.ndarray:
        """The BM25 score of every passage; a query term repeated in the question counts each time."""
        out = np.zeros(len(self.passages), dtype=np.float64)
        for t in simple_tokens(question):
            j = self.vocabulary.get(t)
            if j is not None:
                a, b = self._indptr[j], self._indptr[j + 1]
                out[self._post_rows[a:b]] += self._post_w[a:b]
        return out

    def __call__(self, question: str) -> tuple[list[Passage], bool]:
        """The passages best first (only those with a positive score), and always answered."""
        return _top(self.passages, self.scores(question)), True


def _top(passages: list[Passage], scores: np.ndarray, k: int = 10) -> list[Passage]:
    # stable: equal scores keep note order, as askdocker's own ranking does
    order = np.argsort(-scores, kind="stable")[:k]
    return [passages[i] for i in order if scores[i] > 0]


def build_baselines(passages: Sequence[Passage]) -> list[TfidfBaseline | BM25Baseline]:
    """Both baselines over the same passages."""
    return [TfidfBaseline(passages), BM25Baseline(passages)]
