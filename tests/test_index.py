"""The index and its on-disk cache: hit, miss, change, corruption, version bump, read-only dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from askdocker import index as ix
from askdocker.corpus import load_corpus
from askdocker.retrieve import search

NOTES = {
    "run.md": "# 容器\n\n- 端口映射：docker run -p 8080:80 nginx\n- 后台运行：docker run -d nginx\n",
    "images.md": "# Images\n\n- list images: docker images\n- remove an image: docker rmi IMAGE\n",
    "logs.md": "# Logs\n\nFollow the logs of a container with docker logs -f NAME.\n",
}
BUILD = ix.build_index  # the real one, whatever a test patches
QUESTIONS = ["how do I remove an image", "follow container logs", "端口映射", "run in the background"]


@pytest.fixture
def notes(tmp_path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    for name, text in NOTES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


def _ranking(index, q):
    return [(h.passage.id, round(h.score, 6)) for h in search(index, q, 5)]


def _no_build(*a, **k):
    raise AssertionError("the index was rebuilt")


def test_cached_index_ranks_like_a_fresh_build(notes, cache):
    fresh = ix.open_index([notes], None)
    ix.open_index([notes], cache)
    cached = ix.open_index([notes], cache)
    assert cached.cache_path
    for q in QUESTIONS:
        assert _ranking(cached, q) == _ranking(fresh, q)
        np.testing.assert_allclose(cached.scores(q), fresh.scores(q), rtol=1e-6, atol=1e-7)


def test_bundled_notes_cached_scores_equal_fresh(notes_index, cache):
    from askdocker.config import bundled_notes

    fresh = ix.build_index(load_corpus([bundled_notes()]))
    for q in ("how do I map a port", "怎么删除镜像", "exit without stopping the container"):
        np.testing.assert_allclose(notes_index.scores(q), fresh.scores(q), rtol=1e-6, atol=1e-7)


def test_hit_does_not_rebuild(notes, cache, monkeypatch):
    first = ix.open_index([notes], cache)
    monkeypatch.setattr(ix, "build_index", _no_build)
    second = ix.open_index([notes], cache)
    assert second.key == first.key and len(second.passages) == len(first.passages)


def test_miss_builds_and_stores(notes, cache):
    index = ix.open_index([notes], cache)
    assert Path(index.cache_path).is_file()
    assert Path(index.cache_path).with_suffix(".npz").is_file()


def _spy_analysis(monkeypatch) -> list[str]:
    analysed: list[str] = []
    real = ix.analyse_note

    def spy(note):
        analysed.append(note.source)
        return real(note)

    monkeypatch.setattr(ix, "analyse_note", spy)
    return analysed


def _same_as_fresh(index, notes):
    fresh = BUILD(load_corpus([notes]))
    assert [p.id for p in index.passages] == [p.id for p in fresh.passages]
    assert sorted(index.vocabulary) == sorted(fresh.vocabulary)
    for q in QUESTIONS + ["show the last lines of the logs", "volume ls"]:
        assert _ranking(index, q) == _ranking(fresh, q)
        np.testing.assert_allclose(index.scores(q), fresh.scores(q), rtol=1e-5, atol=1e-6)


def test_changed_file_rebuilds_only_that_file(notes, cache, monkeypatch):
    ix.open_index([notes], cache)
    (notes / "logs.md").write_text("# Logs\n\nShow the last lines with docker logs --tail 20 NAME.\n", encoding="utf-8")
    analysed = _spy_analysis(monkeypatch)
    monkeypatch.setattr(ix, "build_index", _no_build)
    index = ix.open_index([notes], cache)
    assert analysed == ["logs.md"]
    assert search(index, "show the last lines of the logs", 1)[0].passage.source == "logs.md"
    # "follow" was only in the old logs.md: gone from the vocabulary, as in a fresh build
    assert "follow" not in index.vocabulary
    _same_as_fresh(index, notes)
    # the older index of the same notes is gone: the cache does not grow with every edit
    assert len(list(cache.glob("index-*.json"))) == 1
    assert len(list(cache.glob("index-*.npz"))) == 1
    # and the refreshed index is stored: the next start loads it
    assert ix.load_index(cache, index.key).key == index.key


def test_added_and_deleted_files_refresh(notes, cache, monkeypatch):
    ix.open_index([notes], cache)
    (notes / "images.md").unlink()
    (notes / "volumes.md").write_text("# Volumes\n\n- list volumes: docker volume ls\n", encoding="utf-8")
    analysed = _spy_analysis(monkeypatch)
    monkeypatch.setattr(ix, "build_index", _no_build)
    index = ix.open_index([notes], cache)
    assert analysed == ["volumes.md"]
    assert {p.source for p in index.passages} == {"run.md", "logs.md", "volumes.md"}
    _same_as_fresh(index, notes)
    # two refreshes in a row keep agreeing with a fresh build
    (notes / "run.md").write_text("# 容器\n\n- 后台运行：docker run -d nginx\n", encoding="utf-8")
    _same_as_fresh(ix.open_index([notes], cache), notes)


def test_changed_glosses_refresh_their_note(tmp_path, cache, monkeypatch):
    note = tmp_path / "n.md"
    note.write_text("- 后台运行：docker run -d nginx\n", encoding="utf-8")
    ix.open_index([tmp_path], cache)
    gloss = {"glosses": [{"line": 1, "text": "- 后台运行：docker run -d nginx", "en": "run detached in the background"}]}
    (tmp_path / "n.gloss.json").write_text(json.dumps(gloss, ensure_ascii=False), encoding="utf-8")
    index = ix.open_index([tmp_path], cache)
    assert "detach" in index.vocabulary


def test_most_files_changed_is_a_full_build(notes, cache, monkeypatch):
    ix.open_index([notes], cache)
    for name in ("run.md", "images.md"):
        (notes / name).write_text((notes / name).read_text(encoding="utf-8") + "\n- more\n", encoding="utf-8")
    built: list[int] = []
    real = ix.build_index
    monkeypatch.setattr(ix, "build_index", lambda *a, **k: built.append(1) or real(*a, **k))
    _same_as_fresh(ix.open_index([notes], cache), notes)
    assert built == [1]


def test_missing_counts_file_is_a_full_build(notes, cache, monkeypatch):
    first = ix.open_index([notes], cache)
    Path(first.cache_path).with_suffix(".tf.npy").write_bytes(b"garbage")
    (notes / "logs.md").write_text("# Logs\n\ndocker logs --tail 20 NAME\n", encoding="utf-8")
    built: list[int] = []
    real = ix.build_index
    monkeypatch.setattr(ix, "build_index", lambda *a, **k: built.append(1) or real(*a, **k))
    _same_as_fresh(ix.open_index([notes], cache), notes)
    assert built == [1]


def _corrupt_truncate(j: Path, n: Path):
    n.write_bytes(n.read_bytes()[:100])


def _corrupt_json(j: Path, n: Path):
    j.write_text("{not json", encoding="utf-8")


def _tamper_arrays(j: Path, n: Path):
    # a well-formed npz whose arrays do not match the digest the JSON names
    with np.load(n, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["data"] = arrays["data"][::-1].copy()
    np.savez(n, **arrays)


def _bad_shapes(j: Path, n: Path):
    # arrays that do not fit the vocabulary, with a digest that matches them
    import hashlib

    with np.load(n, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["indptr"] = arrays["indptr"][:-3]
    np.savez(n, **arrays)
    meta = json.loads(j.read_text(encoding="utf-8"))
    meta["npz_sha256"] = hashlib.sha256(n.read_bytes()).hexdigest()
    j.write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize("corrupt", [_corrupt_truncate, _corrupt_json, _tamper_arrays, _bad_shapes])
def test_corrupt_cache_rebuilds_with_one_notice(notes, cache, corrupt):
    first = ix.open_index([notes], cache)
    j = Path(first.cache_path)
    corrupt(j, j.with_suffix(".npz"))
    notices: list[str] = []
    index = ix.open_index([notes], cache, notice=notices.append)
    assert len(notices) == 1 and "\n" not in notices[0] and "rebuild" in notices[0]
    assert search(index, "how do I remove an image", 1)[0].passage.source == "images.md"
    # and the rebuilt cache is good again
    assert ix.load_index(cache, index.key).key == index.key


def test_analyzer_version_bump_rebuilds(notes, cache, monkeypatch):
    first = ix.open_index([notes], cache)
    monkeypatch.setattr(ix, "analyzer_version", lambda: "bumped")
    built: list[int] = []
    real = ix.build_index
    monkeypatch.setattr(ix, "build_index", lambda *a, **k: built.append(1) or real(*a, **k))
    second = ix.open_index([notes], cache)
    assert built == [1] and second.key != first.key
    assert search(second, "follow container logs", 1)[0].passage.source == "logs.md"


def test_stale_version_in_file_is_refused(notes, cache, monkeypatch):
    first = ix.open_index([notes], cache)
    monkeypatch.setattr(ix, "analyzer_version", lambda: "other")
    with pytest.raises(ix.CacheError):
        ix.load_index(cache, first.key)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_cache_dir_still_answers(notes, cache):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        index = ix.open_index([notes], cache)
        assert search(index, "how do I remove an image", 1)[0].passage.source == "images.md"
        assert index.cache_path == ""
    finally:
        cache.chmod(0o700)


def test_unwritable_cache_path_still_answers(notes, tmp_path):
    # works for root too: the cache "directory" is a file, so nothing can be written under it
    blocker = tmp_path / "blocked"
    blocker.write_text("not a directory", encoding="utf-8")
    index = ix.open_index([notes], blocker / "cache")
    assert search(index, "how do I remove an image", 1)[0].passage.source == "images.md"
    assert index.cache_path == ""


def test_other_corpora_keep_their_cache(notes, cache, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("# Volumes\n\n- list volumes: docker volume ls\n", encoding="utf-8")
    ix.open_index([notes], cache)
    ix.open_index([other], cache)
    assert len(list(cache.glob("index-*.json"))) == 2


WRAPPER = "import sys; from askdocker.cli import main; main(sys.argv[1:]); print('MODULES', sorted(sys.modules))"


@pytest.mark.parametrize("question", ["how do I remove an image", "端口映射"])
def test_one_shot_ask_with_a_built_cache_skips_the_build_stack(notes, askdocker_home, question):
    env = {**os.environ, "ASKDOCKER_HOME": str(askdocker_home), "NO_COLOR": "1"}
    argv = [sys.executable, "-c", WRAPPER, "ask", "--corpus", str(notes), question]
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=120)  # builds the cache
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=120).stdout
    modules = out.rsplit("MODULES", 1)[1]
    assert "'sklearn" not in modules
    assert "'scipy" not in modules


def test_a_refresh_does_not_import_scikit_learn(notes, askdocker_home):
    # a refresh fits TF-IDF in numpy: importing scikit-learn was a third of its time
    env = {**os.environ, "ASKDOCKER_HOME": str(askdocker_home), "NO_COLOR": "1"}
    argv = [sys.executable, "-c", WRAPPER, "ask", "--corpus", str(notes), "how do I remove an image"]
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=120)  # builds the cache
    with (notes / "logs.md").open("a", encoding="utf-8") as f:
        f.write("\n- docker logs --since 10m NAME\n")
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=120).stdout
    modules = out.rsplit("MODULES", 1)[1]
    assert "'askdocker.commands'" in modules  # notes were parsed again: a refresh ran
    assert "'sklearn" not in modules


def test_cache_does_not_grow_with_edits(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "n.md"
    cache = tmp_path / "cache"
    for i in range(4):
        note.write_text(f"- docker ps：列出容器 {i}\n- docker images：列出镜像\n" + "x" * i, encoding="utf-8")
        ix.open_index([notes], cache)
    # one index: its JSON, its arrays and its counts
    assert sorted(p.suffix for p in cache.iterdir()) == [".json", ".npy", ".npz"]


def test_legacy_cache_folders_are_removed(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text("- docker ps：列出容器\n", encoding="utf-8")
    cache = tmp_path / "cache"
    for legacy in ("parsed", "tokens"):
        (cache / legacy / "x").mkdir(parents=True)
        (cache / legacy / "x" / "old.json").write_text("{}", encoding="utf-8")
    ix.open_index([notes], cache)
    assert not (cache / "parsed").exists() and not (cache / "tokens").exists()


def test_a_run_of_edits_keeps_refreshes_equal_to_fresh_builds(tmp_path, cache, monkeypatch):
    # add, edit, rename and delete notes in a fixed pseudo-random order; after every step the
    # refreshed index must rank and score like a build from scratch
    import random

    rng = random.Random(7)
    root = tmp_path / "many"
    root.mkdir()
    lines = ["- docker ps：列出容器", "- docker images：列出镜像", "- docker logs -f NAME", "- docker run -d nginx：后台运行",
             "- docker rmi IMAGE：删除镜像", "- docker stop NAME", "- volume ls lists volumes", "- 端口映射：-p 8080:80"]
    for n in range(8):
        (root / f"n{n}.md").write_text(f"# note {n}\n\n{lines[n]}\n", encoding="utf-8")
    ix.open_index([root], cache)
    built: list[int] = []
    monkeypatch.setattr(ix, "build_index", lambda *a, **k: built.append(1) or BUILD(*a, **k))
    for step in range(12):
        files = sorted(root.glob("*.md"))
        op = rng.choice(["edit", "add", "rename", "delete"] if len(files) > 2 else ["add"])
        if op == "edit":
            f = rng.choice(files)
            f.write_text(f.read_text(encoding="utf-8") + rng.choice(lines) + f" {step}\n", encoding="utf-8")
        elif op == "add":
            (root / f"new{step}.md").write_text(f"# new {step}\n\n{rng.choice(lines)}\n", encoding="utf-8")
        elif op == "rename":
            f = rng.choice(files)
            f.rename(root / f"moved{step}.md")
        else:
            rng.choice(files).unlink()
        _same_as_fresh(ix.open_index([root], cache), root)
    assert len(built) < 3  # refreshes, not full builds


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_refresh_fits_tfidf_as_scikit_learn_does(seed):
    # a refresh weights terms in numpy (no scikit-learn import); the weights and idf must be
    # scikit-learn's, empty rows and repeated terms included
    from scipy import sparse

    rng = np.random.default_rng(seed)
    dense = rng.integers(0, 4, size=(30, 12)).astype(np.float32) * (rng.random((30, 12)) < 0.3)
    dense[5] = dense[-1] = 0.0  # passages with no indexed term, the last one too
    dense[:, 3] = np.maximum(dense[:, 3], 1.0)  # a term in every passage: idf 1
    counts = sparse.csr_matrix(dense)
    counts.sort_indices()
    ours, our_idf = ix.numpy_tfidf(counts)
    theirs, their_idf = ix.sklearn_tfidf(counts)
    np.testing.assert_allclose(our_idf, their_idf, rtol=1e-6)
    np.testing.assert_allclose(ours.toarray(), theirs.toarray(), rtol=1e-5, atol=1e-7)
    assert ours.dtype == counts.dtype
