"""Hostile questions, broken corpora, caches and history: an answer, a decline or one line, never a traceback."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from askdocker.answer import ask
from askdocker.cli import main
from askdocker.corpus import CorpusError, load_corpus

EXIT_OK, EXIT_DECLINED, EXIT_USAGE = 0, 1, 2

# question, expected exit codes (a set when the ranking may reasonably go either way)
HOSTILE_QUESTIONS = [
    ("", {EXIT_DECLINED}),
    ("   \t  ", {EXIT_DECLINED}),
    ("port " * 20_000, {EXIT_OK, EXIT_DECLINED}),  # 100 KB
    ("how do I map a port\x00\x01\x07\x1b[2J", {EXIT_OK}),
    ("\ud800 port \udfff", {EXIT_OK, EXIT_DECLINED}),
    ("كيف docker run", {EXIT_OK, EXIT_DECLINED}),  # right-to-left
    ("\u202eport map\u202c", {EXIT_OK, EXIT_DECLINED}),
    ("🐳🐳🐳 🚢", {EXIT_DECLINED}),
    ("?!.,;:…。？！", {EXIT_DECLINED}),
    ("[bold red]port[/bold red] [link=http://x]y[/link]", {EXIT_OK, EXIT_DECLINED}),
    ("docker run -it -p 8888:8080 tomcat", {EXIT_OK}),
]


@pytest.mark.parametrize("question,codes", HOSTILE_QUESTIONS, ids=range(len(HOSTILE_QUESTIONS)))
def test_hostile_question_through_main(question, codes, capsys):
    code = main(["ask", "--", question])
    out, err = capsys.readouterr()
    assert code in codes
    assert "Traceback" not in out + err


@pytest.mark.parametrize("question,codes", HOSTILE_QUESTIONS, ids=range(len(HOSTILE_QUESTIONS)))
def test_hostile_question_json(question, codes, capsys):
    import json

    code = main(["ask", "--json", "--", question])
    out, _ = capsys.readouterr()
    assert code in codes
    doc = json.loads(out)
    assert doc["answered"] is (code == EXIT_OK)


@pytest.mark.parametrize("question", [q for q, _ in HOSTILE_QUESTIONS] + ["\ud800", "\x00" * 1000])
def test_hostile_question_in_process(notes_index, question):
    a = ask(notes_index, question)
    assert isinstance(a.answered, bool)
    assert all(0.0 <= h.score <= 1.0 for h in a.hits)


def test_bare_flag_is_a_usage_error_in_one_line(capsys):
    assert main(["ask", "-P"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bare_flag_after_double_dash_is_answered(capsys):
    assert main(["ask", "--", "-P"]) == EXIT_OK
    assert "随机分配端口" in capsys.readouterr().out


def _run(args, home, stdin=None, **env):
    e = {**os.environ, "ASKDOCKER_HOME": str(home), **env}
    return subprocess.run([sys.executable, "-m", "askdocker", *args], input=stdin, capture_output=True, env=e, timeout=120)


def test_subprocess_surrogate_argv_and_bad_stdin(tmp_path):
    # bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape)
    r = _run(["ask", b"\xed\xa0\x80 port \xff"], tmp_path)
    assert r.returncode in (EXIT_OK, EXIT_DECLINED)
    assert b"Traceback" not in r.stderr
    r = _run(["ask", "--json"], tmp_path, stdin=b"port\n\xff\xfe\x00 bad\n\n" + b"docker ps " * 10_000 + b"\n")
    assert r.returncode == EXIT_DECLINED  # one of them declined
    assert b"Traceback" not in r.stderr
    assert len(r.stdout.splitlines()) == 3
    # one 100 KB *word* (a pasted token): declined, not minutes of spelling correction (the
    # subprocess timeout above is the guard; no clock is read here)
    r = _run(["ask"], tmp_path, stdin=b"x" * 100_000 + b"\n")
    assert r.returncode == EXIT_DECLINED and b"Traceback" not in r.stderr


def test_subprocess_usage_errors_are_one_line(tmp_path):
    for args in (["ask", "-P"], ["ask", "--top", "x", "q"], ["nonsense"], ["ask", "--corpus", str(tmp_path / "nope"), "q"]):
        r = _run(args, tmp_path)
        assert r.returncode == EXIT_USAGE, args
        assert b"Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


# --- corpus trouble ---------------------------------------------------------------------------

GOOD = "# 容器命令\n\n- docker ps：列出正在运行的容器\n- docker images：列出本地镜像\n"


@pytest.fixture
def notes(tmp_path):
    d = tmp_path / "notes"
    d.mkdir()
    (d / "good.md").write_text(GOOD, encoding="utf-8")
    return d


def test_missing_path_alone_is_an_error_naming_it(tmp_path):
    with pytest.raises(CorpusError, match="nope"):
        load_corpus([tmp_path / "nope"])


def test_missing_path_beside_good_notes_is_a_warning(notes, tmp_path, capsys):
    c = load_corpus([notes, tmp_path / "nope"])
    assert any("nope" in w for w in c.warnings) and c.passages
    assert main(["ask", "--corpus", str(notes), "--corpus", str(tmp_path / "nope"), "list images"]) == EXIT_OK
    assert "nope" in capsys.readouterr().err


def test_empty_directory_is_one_line(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["ask", "--corpus", str(tmp_path / "empty"), "q"]) == EXIT_USAGE
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def _trouble(notes: Path, kind: str) -> Path:
    if kind == "non-utf8":
        p = notes / "gbk.md"
        p.write_bytes("- docker rmi：删除镜像\n".encode("gbk"))
    elif kind == "binary":
        p = notes / "blob.md"
        p.write_bytes(b"\x7fELF\x00\x00\x01" + os.urandom(2048))
    elif kind == "huge":
        p = notes / "huge.md"
        with open(p, "wb") as fh:  # sparse: costs no disk
            fh.truncate(64 * 1024 * 1024)
    elif kind == "symlink-loop":
        p = notes / "loop.md"
        os.symlink(notes / "loop2.md", p)
        os.symlink(p, notes / "loop2.md")
    elif kind == "dir-loop":
        p = notes / "sub"
        p.mkdir()
        os.symlink(notes, p / "back")
        return p
    elif kind == "unreadable":
        p = notes / "secret.md"
        p.write_text("- docker secret\n", encoding="utf-8")
        p.chmod(0)
    else:
        raise AssertionError(kind)
    return p


@pytest.mark.parametrize("kind", ["non-utf8", "binary", "huge", "symlink-loop", "unreadable"])
def test_bad_file_is_named_and_the_rest_answers(notes, kind, capsys):
    if kind == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    bad = _trouble(notes, kind)
    c = load_corpus([notes])
    assert any(bad.name in w for w in c.warnings), c.warnings
    assert {p.source for p in c.passages} >= {"good.md"}
    code = main(["ask", "--corpus", str(notes), "how do I list images"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK and "docker images" in out
    assert bad.name in err and "Traceback" not in err


def test_symlinked_directory_loop_terminates(notes):
    _trouble(notes, "dir-loop")
    c = load_corpus([notes])
    assert [p.source for p in c.passages if p.source != "good.md"] == []


def test_non_utf8_text_is_still_searchable(notes):
    _trouble(notes, "non-utf8")
    c = load_corpus([notes])
    assert any(p.source == "gbk.md" for p in c.passages)  # decoded with replacement, not dropped


# --- cache trouble ----------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_cache_dir_still_answers(askdocker_home, capsys):
    cache = askdocker_home / "cache"
    cache.mkdir(parents=True)
    cache.chmod(0o500)
    try:
        assert main(["ask", "how do I exit without stopping a container"]) == EXIT_OK
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "crlt+p+q" in out
    finally:
        cache.chmod(0o700)


def test_cache_dir_is_a_file_still_answers(askdocker_home, capsys):
    askdocker_home.mkdir(parents=True, exist_ok=True)
    (askdocker_home / "cache").write_text("not a directory")
    assert main(["ask", "how do I exit without stopping a container"]) == EXIT_OK
    assert "crlt+p+q" in capsys.readouterr().out


def _ask_in_child(home: str, q: str, out) -> None:
    os.environ["ASKDOCKER_HOME"] = home
    from askdocker import config
    from askdocker.answer import ask as _ask
    from askdocker.index import open_index

    index = open_index([config.bundled_notes()], config.cache_dir())
    a = _ask(index, q)
    out.put((a.answered, a.best.passage.id if a.best else None))


def test_two_processes_building_at_once(askdocker_home):
    q = "how do I exit without stopping a container"
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=_ask_in_child, args=(str(askdocker_home), q, results)) for _ in range(2)]
    for p in procs:
        p.start()
    got = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert got[0] == got[1] and got[0][0] is True
    # the cache they left behind loads, and gives the same answer
    from askdocker.config import bundled_notes, cache_dir
    from askdocker.index import open_index

    notices: list[str] = []
    index = open_index([bundled_notes()], cache_dir(), notice=notices.append)
    assert notices == []  # loaded, not rebuilt
    assert ask(index, q).best.passage.id == got[0][1]
    assert not list(cache_dir().glob("*.tmp"))


# --- history ----------------------------------------------------------------------------------

_WRITER = r"""
import sys
from pathlib import Path
from askdocker.chat.session import make_history
history, warning = make_history(Path(sys.argv[1]))
assert not warning, warning
for i in range(int(sys.argv[3])):
    history.append_string(f"{sys.argv[2]} question {i} 容器 \u202e")
"""


def test_two_chat_sessions_append_history_at_once(askdocker_home):
    from prompt_toolkit.history import FileHistory

    from askdocker import config

    path = config.data_dir() / "history"
    n = 200
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, str(n)], stderr=subprocess.PIPE)
        for name in ("alpha", "beta")
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    strings = list(FileHistory(str(path)).load_history_strings())
    for name in ("alpha", "beta"):
        assert {s for s in strings if s.startswith(name)} == {f"{name} question {i} 容器 \u202e" for i in range(n)}
    assert len(strings) == 2 * n


def test_notes_with_no_searchable_words_are_one_line(tmp_path, capsys):
    d = tmp_path / "punct"
    d.mkdir()
    (d / "p.md").write_text("???\n\n!!! ...\n", encoding="utf-8")
    assert main(["ask", "--corpus", str(d), "port"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
