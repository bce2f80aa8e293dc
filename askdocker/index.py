"""Build (scikit-learn) and load (numpy) the TF-IDF index; the on-disk cache.

The index is built with scikit-learn (raw counts, then sublinear TF-IDF) over the analyzer's
tokens and stored as JSON (vocabulary, passages, note files and their stamps) plus `.npz` (idf
and the passage matrix by term), never pickle. Answering from a stored index needs only numpy:
the question is vectorized with the same analyzer, the same sublinear tf, the stored idf and l2
norm, and scored by walking the postings of its terms. The raw counts are stored too (`.tf.npy`),
so when a few note files change, the next start re-analyses only those files and fits TF-IDF
again over the counts of the others (a refresh) instead of analysing every note. A refresh fits in
numpy, by scikit-learn's formula: importing scikit-learn was a third of its time.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from askdocker.analysis import analyze, analyzer_version
from askdocker.cliref import describe
from askdocker.corpus import Corpus, NoteFile, discover, file_stamp, fingerprint, load_files, load_note
from askdocker.models import Passage

FORMAT_VERSION = 2
MARKUP = re.compile(r"^\s*(?:#{1,6}|>|\d{1,9}[.)]|[-*+])\s*|\*\*|__|`|\|", re.MULTILINE)


class CacheError(Exception):
    """A cache file that cannot be used: missing, corrupt, tampered or from another version."""


@dataclass
class Index:
    """The passages, vocabulary, idf and passage vectors (as postings by term)."""

    passages: list[Passage]
    vocabulary: dict[str, int]
    idf: np.ndarray
    indptr: np.ndarray  # postings: for term j, rows indices[indptr[j]:indptr[j+1]] ...
    indices: np.ndarray
    data: np.ndarray  # ... with their l2-normalized tf-idf weights
    files: list[dict] = field(default_factory=list)  # source, sha256, passages
    built_at: str = ""
    key: str = ""
    cache_path: str = ""
    warnings: tuple[str, ...] = ()
    _rows: dict[str, int] = field(default_factory=dict, repr=False)
    # per-index values that retrieval derives once (e.g. its ranking priors), never stored
    derived: dict[str, object] = field(default_factory=dict, repr=False)
    # raw term counts aligned with data, kept for the next refresh; not loaded to answer
    tf: np.ndarray | None = field(default=None, repr=False)
    tf_sha256: str = ""  # the digest of the stored counts, checked when a refresh reads them

    def row_of(self, passage_id: str) -> int:
        """The row of a passage in the index."""
        if not self._rows:
            self._rows = {p.id: i for i, p in enumerate(self.passages)}
        return self._rows[passage_id]

    def vectorize(self, tokens: Sequence[str]) -> dict[int, float]:
        """The l2-normalized tf-idf vector of tokens, as term id → weight (terms not indexed drop)."""
        counts: dict[int, int] = {}
        for t in tokens:
            j = self.vocabulary.get(t)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        weights = {j: (1.0 + math.log(c)) * float(self.idf[j]) for j, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {j: w / norm for j, w in weights.items()} if norm else {}

    def scores(self, question: str) -> np.ndarray:
        """Cosine similarity of the question with every passage."""
        return self.score_tokens(analyze(question))

    def score_tokens(self, tokens: Sequence[str]) -> np.ndarray:
        """Cosine similarity of a token list with every passage."""
        out = np.zeros(len(self.passages), dtype=np.float64)
        for j, w in self.vectorize(tokens).items():
            a, b = self.indptr[j], self.indptr[j + 1]
            out[self.indices[a:b]] += w * self.data[a:b]
        return np.clip(out, 0.0, 1.0)


def index_text(p: Passage) -> str:
    """What is indexed for a passage: its words without markup, commands, context, gloss, and
    Docker's help for its commands (cliref).

    The section path is left out on purpose: it repeats a heading's words in every passage under
    it, and measured on both question sets ranking is better without it (the commands already
    carry a nested flag's parent command)."""
    parts = [MARKUP.sub(" ", p.text), " ".join(p.commands), MARKUP.sub(" ", p.context), p.gloss,
             describe(p.commands, p.text)]
    return "\n".join(x for x in parts if x)


def corpus_key(fingerprint: str) -> str:
    """The cache key: format, analyzer version and the corpus fingerprint."""
    return hashlib.sha256(f"{FORMAT_VERSION}:{analyzer_version()}:{fingerprint}".encode()).hexdigest()[:24]


def corpus_id(paths: Sequence[str | Path]) -> str:
    """Which notes these are (their resolved paths), whatever their content: old caches of it are pruned."""
    names = "\0".join(str(Path(p).expanduser().resolve()) for p in paths)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def analyse_note(note: NoteFile) -> list[list[str]]:
    """The analyzer's tokens of each passage of a note file (the costly step of a build)."""
    return [analyze(index_text(p)) for p in note.passages]


def file_record(note: NoteFile | None, path: Path, source: str, stamp: str, warning: str | None) -> dict:
    """What the index keeps of one note file: enough to tell, on the next start, that it is unchanged."""
    return {
        "source": source, "path": os.path.abspath(path), "stamp": stamp, "warning": warning,
        "sha256": note.sha256 if note else "", "passages": len(note.passages) if note else 0,
    }


def build_index(
    corpus: Corpus,
    key: str = "",
    progress: Callable[[int, int], None] | None = None,
    records: list[dict] | None = None,
) -> Index:
    """Analyse every passage and fit TF-IDF with scikit-learn (raw counts, then sublinear tf-idf)."""
    from sklearn.feature_extraction.text import CountVectorizer

    passages: list[Passage] = []
    docs: list[list[str]] = []
    total = sum(len(f.passages) for f in corpus.files)
    for f in corpus.files:
        docs.extend(analyse_note(f))
        passages.extend(f.passages)
        if progress:
            progress(len(docs), total)
    # The analyzer already ran, so the vectorizer takes tokens.
    vec = CountVectorizer(analyzer=_identity, dtype=np.float32)
    counts = vec.fit_transform(docs)
    if records is None:  # no stamps: a later refresh of this index is a full build
        records = [file_record(f, Path(f.path), f.source, "", None) for f in corpus.files]
    return _fit(passages, counts, _terms(vec.vocabulary_), records, key, corpus.warnings)


def _terms(vocabulary: dict[str, int]) -> list[str]:
    """The terms in column order (the vocabulary inverted)."""
    terms = [""] * len(vocabulary)
    for t, j in vocabulary.items():
        terms[j] = t
    return terms


def sklearn_tfidf(counts):
    """Sublinear TF-IDF, l2-normalized rows, of a raw count matrix (scipy CSR) with scikit-learn:
    (the weights, the idf)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    tfidf = TfidfTransformer(sublinear_tf=True, norm="l2").fit(counts)
    return tfidf.transform(counts), tfidf.idf_


def numpy_tfidf(counts):
    """What sklearn_tfidf gives, in numpy: idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's smooth
    idf), tf = 1 + ln(count), rows scaled to unit length. A refresh uses it because importing
    scikit-learn (it imports scipy.stats) was a third of a refresh's time; the tests hold the two
    to the same weights."""
    # in the counts' precision, step by step as scikit-learn does, so scores agree to the last digit
    dtype = counts.dtype
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(dtype) + dtype.type(1)
    idf = np.log(dtype.type(n + 1) / df) + dtype.type(1)
    values = (np.log(counts.data) + dtype.type(1)) * idf[counts.indices]
    lengths = np.diff(counts.indptr)
    rows = np.repeat(np.arange(n), lengths)
    squares = np.bincount(rows, weights=(values * values).astype(np.float64), minlength=n)
    norms = np.sqrt(np.where(lengths > 0, squares, 1.0))  # an empty row stays empty
    weights = counts.copy()
    weights.data = (values / np.repeat(norms, lengths)).astype(dtype)
    return weights, idf


def _fit(passages: list[Passage], counts, terms: list[str], records: list[dict], key: str, warnings,
         tfidf=sklearn_tfidf) -> Index:
    """TF-IDF of a raw count matrix (passages × terms, scipy CSR), as postings.

    Terms no passage uses any more (after a refresh) are dropped first, so a refreshed index has
    exactly the vocabulary, idf and weights a fresh build would have (in another column order)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    if not df.all():
        used = np.flatnonzero(df)
        counts = counts[:, used]
        terms = [terms[j] for j in used]
    if not terms:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    counts = counts.tocsr()
    counts.sort_indices()
    weights, idf = tfidf(counts)
    # both matrices share one sparsity pattern (tf ≥ 1 and idf ≥ 1 give no zeros), so their
    # by-term (CSC) forms line up entry for entry: the counts ride along for the next refresh
    by_term, tf = weights.tocsc(), counts.tocsc()
    by_term.sort_indices()  # coverage looks rows up by binary search
    tf.sort_indices()
    aligned = np.array_equal(by_term.indptr, tf.indptr) and np.array_equal(by_term.indices, tf.indices)
    return Index(
        passages=passages,
        vocabulary={t: j for j, t in enumerate(terms)},
        idf=np.asarray(idf, dtype=np.float64),
        indptr=by_term.indptr.astype(np.int64),
        indices=by_term.indices.astype(np.int32),
        data=by_term.data.astype(np.float32),
        files=records,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        key=key,
        warnings=tuple(warnings),
        # were they ever not aligned (another scikit-learn), refreshes would just be full builds
        tf=tf.data.astype(np.float32) if aligned else None,
    )


def refresh_index(previous: Index, found: Sequence[tuple[Path, str]], stamps: Sequence[str],
                  warnings: Sequence[str], key: str) -> Index | None:
    """The index of these notes made from the previous index of the same notes: unchanged files
    (same path and stamp) keep their passages and counts, changed and new files are parsed and
    analysed, deleted ones drop out, and TF-IDF is fitted again over the counts. None when most of
    the notes changed (a full build is as cheap) or the previous index has no counts."""
    from scipy import sparse

    if previous.tf is None or len(previous.tf) != len(previous.data):
        return None
    old: dict[tuple[str, str], tuple[dict, int]] = {}
    start = 0
    for f in previous.files:
        if "stamp" not in f or "path" not in f:
            return None
        old[(f["path"], f["source"])] = (f, start)
        start += int(f["passages"])
    if start != len(previous.passages):
        return None
    fresh = [(path, source, stamp) for (path, source), stamp in zip(found, stamps)
             if (f := old.get((os.path.abspath(path), source))) is None or f[0]["stamp"] != stamp]
    if len(fresh) > max(1, len(found) // 4):
        return None
    by_row = sparse.csc_matrix((previous.tf, previous.indices, previous.indptr),
                               shape=(len(previous.passages), len(previous.vocabulary))).tocsr()
    terms = _terms(previous.vocabulary)
    vocabulary = dict(previous.vocabulary)
    loaded = {(os.path.abspath(p), s): load_note(p, s) + (st,) for p, s, st in fresh}
    # the rows in their new order, as runs: (first old row, count) or the new rows of a changed note
    runs: list[tuple[int, int] | list[list[str]]] = []
    passages, records, notes_warnings = [], [], list(warnings)
    for path, source in found:
        where = (os.path.abspath(path), source)
        if where in loaded:
            note, warning, stamp = loaded[where]
            record = file_record(note, path, source, stamp, warning)
            if note is not None and note.passages:
                runs.append(analyse_note(note))
                passages.extend(note.passages)
        else:
            record, first = old[where]
            n = int(record["passages"])
            if runs and isinstance(runs[-1], tuple) and sum(runs[-1]) == first:
                runs[-1] = (runs[-1][0], runs[-1][1] + n)  # unchanged neighbours are one slice
            elif n:
                runs.append((first, n))
            passages.extend(previous.passages[first:first + n])
        if record.get("warning"):
            notes_warnings.append(record["warning"])
        records.append(record)
    if not passages:
        return None  # nothing left to search: the full build says so
    blocks = [by_row[r[0]:r[0] + r[1]] if isinstance(r, tuple) else _count_rows(r, vocabulary, terms) for r in runs]
    width = len(terms)
    # blocks made before the vocabulary grew are narrower: the same rows, more (empty) columns
    counts = sparse.vstack([sparse.csr_matrix((b.data, b.indices, b.indptr), shape=(b.shape[0], width)) for b in blocks],
                           format="csr")
    return _fit(passages, counts, terms, records, key, notes_warnings, tfidf=numpy_tfidf)


def _count_rows(docs: list[list[str]], vocabulary: dict[str, int], terms: list[str]):
    """Raw term counts of analysed passages as CSR rows, adding new terms to the vocabulary."""
    from scipy import sparse

    indptr, indices, values = [0], [], []
    for toks in docs:
        row: dict[int, int] = {}
        for t in toks:
            j = vocabulary.get(t)
            if j is None:
                j = vocabulary[t] = len(terms)
                terms.append(t)
            row[j] = row.get(j, 0) + 1
        for j in sorted(row):
            indices.append(j)
            values.append(row[j])
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(values, dtype=np.float32), np.array(indices, dtype=np.int32), np.array(indptr)),
                             shape=(len(docs), len(terms)))


def _identity(tokens: list[str]) -> list[str]:
    return tokens


PASSAGE_FIELDS = tuple(f.name for f in fields(Passage))


def _passage_dict(p: Passage) -> list:
    # A row in PASSAGE_FIELDS order: JSON objects with ten keys per passage made reading 47,000
    # of them back the slow part of a refresh (and dataclasses.asdict deep-copies everything).
    return [getattr(p, name) for name in PASSAGE_FIELDS]


def _passage_from(row: list) -> Passage:
    if not isinstance(row, list) or len(row) != len(PASSAGE_FIELDS):
        raise ValueError("a cached passage of another shape")
    d = dict(zip(PASSAGE_FIELDS, row))
    d["section"], d["commands"] = tuple(d["section"]), tuple(d["commands"])
    # A frozen dataclass's __init__ sets each field through object.__setattr__, which made
    # reading 47,000 cached passages take a third of a second; the values are the same.
    p = object.__new__(Passage)
    p.__dict__.update(d)
    return p


def _atomic_write(path: Path, payload: bytes) -> None:
    """Write to a temporary file beside path, then rename: readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only cache costs time, never answers


def _paths(cache: Path, key: str) -> tuple[Path, Path]:
    return cache / f"index-{key}.json", cache / f"index-{key}.npz"


def _tf_path(cache: Path, key: str) -> Path:
    return cache / f"index-{key}.tf.npy"


def save_index(index: Index, cache: Path) -> Path | None:
    """Store the index as JSON plus .npz (no pickle); returns the JSON path, or None if unwritable.

    The raw counts go to a third file (.tf.npy) that only a refresh reads, so answering from the
    cache reads and checks no more than it needs."""
    import io

    jpath, npath = _paths(cache, index.key)
    meta = {
        "format": FORMAT_VERSION,
        "analyzer": analyzer_version(),
        "key": index.key,
        "built_at": index.built_at,
        "files": index.files,
        "vocabulary": index.vocabulary,
        "passages": [_passage_dict(p) for p in index.passages],
        "warnings": list(index.warnings),
    }
    buf = io.BytesIO()
    np.savez(buf, idf=index.idf, indptr=index.indptr, indices=index.indices, data=index.data)
    npz = buf.getvalue()
    # The JSON names the digests of its arrays, so a mismatched or tampered set is refused.
    meta["npz_sha256"] = hashlib.sha256(npz).hexdigest()
    if index.tf is not None:
        buf = io.BytesIO()
        np.save(buf, index.tf, allow_pickle=False)
        tf = buf.getvalue()
        meta["tf_sha256"] = hashlib.sha256(tf).hexdigest()
        _atomic_write(_tf_path(cache, index.key), tf)
    _atomic_write(npath, npz)
    _atomic_write(jpath, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    if not jpath.exists():
        return None
    _prune(cache, index.key)
    return jpath


def _prune(cache: Path, key: str) -> None:
    """Remove the older indexes of the same notes, so the cache does not grow with every edit."""
    cid = key.split("-", 1)[0] if "-" in key else ""
    if not cid:
        return
    keep = {*_paths(cache, key), _tf_path(cache, key)}
    for old in cache.glob(f"index-{cid}-*"):
        if old not in keep and old.suffix in (".json", ".npz", ".npy", ".tmp"):
            try:
                old.unlink()
            except OSError:
                pass
    # askdocker 0.1 kept parsed notes and tokens per file; a refresh no longer reads them
    for legacy in ("parsed", "tokens"):
        if (cache / legacy).is_dir() and not (cache / legacy).is_symlink():
            shutil.rmtree(cache / legacy, ignore_errors=True)


def load_index(cache: Path, key: str) -> Index:
    """Load a stored index for exactly this corpus key, or raise CacheError."""
    jpath, npath = _paths(cache, key)
    if not jpath.exists() or not npath.exists():
        raise CacheError("no cached index")
    try:
        meta = json.loads(jpath.read_text(encoding="utf-8"))
        raw = npath.read_bytes()
        if meta.get("format") != FORMAT_VERSION or meta.get("analyzer") != analyzer_version() or meta.get("key") != key:
            raise CacheError("cache from another version")
        if hashlib.sha256(raw).hexdigest() != meta.get("npz_sha256"):
            raise CacheError("cache files do not match")
        import io

        with np.load(io.BytesIO(raw), allow_pickle=False) as z:
            arrays = {k: z[k] for k in ("idf", "indptr", "indices", "data")}
        passages = [_passage_from(p) for p in meta["passages"]]
        vocabulary = {str(k): int(v) for k, v in meta["vocabulary"].items()}
        n_terms = len(vocabulary)
        if arrays["indptr"].shape != (n_terms + 1,) or arrays["idf"].shape != (n_terms,):
            raise CacheError("cache arrays do not fit the vocabulary")
        if len(arrays["indices"]) and int(arrays["indices"].max()) >= len(passages):
            raise CacheError("cache arrays do not fit the passages")
    except CacheError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile, EOFError) as e:
        raise CacheError(f"corrupt cache ({type(e).__name__})") from e
    index = Index(
        passages=passages,
        vocabulary=vocabulary,
        idf=arrays["idf"],
        indptr=arrays["indptr"],
        indices=arrays["indices"],
        data=arrays["data"],
        files=meta.get("files", []),
        built_at=meta.get("built_at", ""),
        key=key,
        cache_path=str(jpath),
        warnings=tuple(meta.get("warnings", [])),
    )
    index.tf_sha256 = str(meta.get("tf_sha256") or "")
    return index


def load_counts(cache: Path, index: Index) -> bool:
    """Read a stored index's raw counts (for a refresh) into index.tf; False when missing or bad."""
    try:
        raw = _tf_path(cache, index.key).read_bytes()
        if not index.tf_sha256 or hashlib.sha256(raw).hexdigest() != index.tf_sha256:
            return False
        import io

        tf = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, ValueError):
        return False
    if tf.shape != index.data.shape:
        return False
    index.tf = tf
    return True


def _previous(cache: Path, cid: str) -> Index | None:
    """The newest stored index of the same notes (another key: they have changed since), with its counts."""
    try:
        olds = sorted(cache.glob(f"index-{cid}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return None
    if not olds:
        return None
    try:
        index = load_index(cache, olds[0].stem[len("index-"):])
    except CacheError:
        return None
    return index if load_counts(cache, index) else None


def open_index(
    paths: Sequence[str | Path],
    cache: Path | None,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> Index:
    """The index of these notes: loaded from the cache when it matches, refreshed from the
    previous index of the same notes when a few files changed, else built; then stored."""
    found, warnings = discover(paths)
    stamps = [file_stamp(path) for path, _ in found]
    cid = corpus_id(paths)
    key = f"{cid}-{corpus_key(fingerprint(found, stamps))}"
    index = None
    if cache is not None:
        try:
            return load_index(cache, key)
        except CacheError as e:
            jpath, _ = _paths(cache, key)
            if notice and jpath.exists():
                notice(f"rebuilding the index: {e}")
        previous = _previous(cache, cid)
        if previous is not None:
            index = refresh_index(previous, found, stamps, warnings, key)
    if index is None:
        corpus, loaded = load_files(found, warnings, paths)
        records = [file_record(note, path, source, stamp, warning)
                   for (path, source), stamp, (note, warning) in zip(found, stamps, loaded)]
        index = build_index(corpus, key, progress, records)
    if cache is not None:
        saved = save_index(index, cache)
        index.cache_path = str(saved or "")
    index.tf = None  # stored for the next refresh; answering never needs it
    return index
