"""Build (scikit-learn) and load (numpy) the TF-IDF index; the on-disk cache.

The index is built with scikit-learn's TfidfVectorizer over the analyzer's tokens and stored
as JSON (vocabulary, passages, metadata) plus `.npz` (idf and the passage matrix by term),
never pickle. Answering from a stored index needs only numpy: the question is vectorized with
the same analyzer, the same sublinear tf, the stored idf and l2 norm, and scored by walking
the postings of its terms. Analysed tokens are cached per note file, keyed by the file's
content hash, so when one file changes only that file is analysed again.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from askdocker.analysis import analyze, analyzer_version
from askdocker.corpus import Corpus, NoteFile, discover, file_stamp, fingerprint, load_corpus
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
    """What is indexed for a passage: its words without markup, commands, context, gloss.

    The section path is left out on purpose: it repeats a heading's words in every passage under
    it, and measured on both question sets ranking is better without it (the commands already
    carry a nested flag's parent command)."""
    parts = [MARKUP.sub(" ", p.text), " ".join(p.commands), MARKUP.sub(" ", p.context), p.gloss]
    return "\n".join(x for x in parts if x)


def corpus_key(fingerprint: str) -> str:
    """The cache key: format, analyzer version and the corpus fingerprint."""
    return hashlib.sha256(f"{FORMAT_VERSION}:{analyzer_version()}:{fingerprint}".encode()).hexdigest()[:24]


def corpus_id(paths: Sequence[str | Path]) -> str:
    """Which notes these are (their resolved paths), whatever their content: old caches of it are pruned."""
    names = "\0".join(str(Path(p).expanduser().resolve()) for p in paths)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def _gloss_digest(f: NoteFile) -> str:
    return hashlib.sha1("\0".join(p.gloss for p in f.passages).encode()).hexdigest()[:8]


def build_index(
    corpus: Corpus,
    key: str = "",
    token_cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    memo: ParseCache | None = None,
) -> Index:
    """Analyse every passage (reusing cached tokens of unchanged files) and fit TF-IDF with scikit-learn."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    passages: list[Passage] = []
    docs: list[list[str]] = []
    total = sum(len(f.passages) for f in corpus.files)
    done = 0
    for f in corpus.files:
        toks = memo.tokens_for(f) if memo else None
        if toks is None:
            toks = _load_file_tokens(token_cache, f) if token_cache else None
            if memo and toks is not None:
                memo.keep_tokens(f, toks)
        if toks is None:
            toks = [analyze(index_text(p)) for p in f.passages]
            if memo:
                memo.keep_tokens(f, toks)
            if token_cache:
                _save_file_tokens(token_cache, f, toks)
        passages.extend(f.passages)
        docs.extend(toks)
        done += len(f.passages)
        if progress:
            progress(done, total)
    # The analyzer already ran (or its cached output was read), so the vectorizer takes tokens.
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", dtype=np.float32)
    matrix = vec.fit_transform(docs).tocsc()
    matrix.sort_indices()  # coverage looks rows up by binary search
    vocabulary = {t: int(j) for t, j in vec.vocabulary_.items()}
    return Index(
        passages=passages,
        vocabulary=vocabulary,
        idf=vec.idf_.astype(np.float64),
        indptr=matrix.indptr.astype(np.int64),
        indices=matrix.indices.astype(np.int32),
        data=matrix.data.astype(np.float32),
        files=[{"source": f.source, "sha256": f.sha256, "passages": len(f.passages)} for f in corpus.files],
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        key=key,
        warnings=corpus.warnings,
    )


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _token_path(cache: Path, f: NoteFile) -> Path:
    return cache / "tokens" / f"{f.sha256[:32]}-{_gloss_digest(f)}-{analyzer_version()}.json"


def _load_file_tokens(cache: Path, f: NoteFile) -> list[list[str]] | None:
    try:
        data = json.loads(_token_path(cache, f).read_text(encoding="utf-8"))
        toks = data["tokens"]
        if len(toks) != len(f.passages) or not all(isinstance(t, list) for t in toks):
            return None
        return toks
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save_file_tokens(cache: Path, f: NoteFile, toks: list[list[str]]) -> None:
    _atomic_write(_token_path(cache, f), json.dumps({"source": f.source, "tokens": toks}, ensure_ascii=False).encode())


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


class ParseCache:
    """Parsed note files, with their analysed tokens once built, kept in the cache and keyed by
    path and stamp: a refresh reads one small file per unchanged note and re-parses only the
    files that changed."""

    def __init__(self, cache: Path, corpus: str = "shared"):
        self.dir = cache / "parsed" / corpus
        self.used: set[Path] = set()
        self.entries: dict[int, tuple[Path, str, str | None, list | None]] = {}  # id(note) → where, tokens

    def tokens_for(self, note: NoteFile) -> list[list[str]] | None:
        """Tokens kept with a note read from this cache, if any."""
        entry = self.entries.get(id(note))
        return entry[3] if entry else None

    def keep_tokens(self, note: NoteFile, tokens: list[list[str]]) -> None:
        """Store a note's tokens beside its passages, when they were not there yet."""
        entry = self.entries.get(id(note))
        if entry and entry[3] is None:
            path, source, warning, _ = entry
            self._write(path, source, note, warning, tokens)

    def _path(self, path: Path, source: str) -> Path:
        key = f"{os.path.abspath(path)}\0{source}\0{file_stamp(path)}\0{FORMAT_VERSION}:{analyzer_version()}"
        where = self.dir / (hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest() + ".json")
        self.used.add(where)
        return where

    def prune(self) -> None:
        """Remove the entries of this corpus that the last build did not use (edited or deleted notes)."""
        try:
            stale = [f for f in self.dir.iterdir() if f not in self.used]
        except OSError:
            return
        for f in stale:
            try:
                f.unlink()
            except OSError:
                pass

    def get(self, path: Path, source: str) -> tuple[NoteFile | None, str | None] | None:
        """The parsed file and its warning, or None when not kept (or unreadable)."""
        try:
            data = json.loads(self._path(path, source).read_text(encoding="utf-8"))
            n = data["note"]
            note = None if n is None else NoteFile(
                source=n["source"], path=n["path"], sha256=n["sha256"], passages=tuple(_passage_from(p) for p in n["passages"])
            )
            tokens = data.get("tokens")
            if note is not None:
                ok = isinstance(tokens, list) and len(tokens) == len(note.passages)
                self.entries[id(note)] = (path, source, data["warning"], tokens if ok else None)
            return note, data["warning"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, path: Path, source: str, note: NoteFile | None, warning: str | None) -> None:
        """Keep a parsed file (best effort); its tokens follow once it is analysed."""
        if note is not None:
            self.entries[id(note)] = (path, source, warning, None)
        self._write(path, source, note, warning, None)

    def _write(self, path: Path, source: str, note: NoteFile | None, warning: str | None, tokens) -> None:
        n = None if note is None else {
            "source": note.source, "path": note.path, "sha256": note.sha256, "passages": [_passage_dict(p) for p in note.passages]
        }
        payload = {"note": n, "warning": warning, "tokens": tokens}
        _atomic_write(self._path(path, source), json.dumps(payload, ensure_ascii=False).encode())


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


def save_index(index: Index, cache: Path) -> Path | None:
    """Store the index as JSON plus .npz (no pickle); returns the JSON path, or None if unwritable."""
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
    body = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    import io

    buf = io.BytesIO()
    np.savez(buf, idf=index.idf, indptr=index.indptr, indices=index.indices, data=index.data)
    npz = buf.getvalue()
    meta_digest = hashlib.sha256(npz).hexdigest()
    # The JSON names the digest of its matrix, so a mismatched or tampered pair is refused.
    body = body[:-1] + f', "npz_sha256": "{meta_digest}"}}'.encode()
    _atomic_write(npath, npz)
    _atomic_write(jpath, body)
    if not jpath.exists():
        return None
    _prune(cache, index.key)
    return jpath


def _prune(cache: Path, key: str) -> None:
    """Remove the older indexes of the same notes, so the cache does not grow with every edit."""
    cid = key.split("-", 1)[0] if "-" in key else ""
    if not cid:
        return
    keep = set(_paths(cache, key))
    for old in cache.glob(f"index-{cid}-*"):
        if old not in keep and old.suffix in (".json", ".npz", ".tmp"):
            try:
                old.unlink()
            except OSError:
                pass


TOKENS_KEEP_SECONDS = 30 * 24 * 3600


def _prune_tokens(cache: Path) -> None:
    """Forget analysed tokens not written for a month: they are shared by content across corpora,
    so age, not ownership, decides (a note still in use has them beside its parsed passages)."""
    cutoff = time.time() - TOKENS_KEEP_SECONDS
    try:
        entries = list(os.scandir(cache / "tokens"))
    except OSError:
        return
    for e in entries:
        try:
            if e.stat().st_mtime < cutoff:
                os.unlink(e.path)
        except OSError:
            pass


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
        passages = [
            _passage_from(p) for p in meta["passages"]
        ]
        vocabulary = {str(k): int(v) for k, v in meta["vocabulary"].items()}
        n_terms = len(vocabulary)
        if arrays["indptr"].shape != (n_terms + 1,) or arrays["idf"].shape != (n_terms,):
            raise CacheError("cache arrays do not fit the vocabulary")
        if len(arrays["indices"]) and int(arrays["indices"].max()) >= len(passages):
            raise CacheError("cache arrays do not fit the passages")
    except CacheError:
        raise
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError) as e:
        raise CacheError(f"corrupt cache ({type(e).__name__})") from e
    return Index(
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


def open_index(
    paths: Sequence[str | Path],
    cache: Path | None,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> Index:
    """The index of these notes: loaded from the cache when it matches, else built (and stored)."""
    files, _ = discover(paths)
    key = f"{corpus_id(paths)}-{corpus_key(fingerprint(files))}"
    if cache is not None:
        try:
            return load_index(cache, key)
        except CacheError as e:
            jpath, _ = _paths(cache, key)
            if notice and jpath.exists():
                notice(f"rebuilding the index: {e}")
    memo = ParseCache(cache, corpus_id(paths)) if cache is not None else None
    corpus = load_corpus(paths, memo=memo)
    index = build_index(corpus, key, cache, progress, memo)
    if memo is not None:
        memo.prune()
        _prune_tokens(cache)
    if cache is not None:
        saved = save_index(index, cache)
        index.cache_path = str(saved or "")
    return index
