"""Tests for askdocker.cli: the one-shot command, its JSON, stdin batches and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from askdocker.cli import main

EXAMPLE = "how do I exit without stopping a container"
HIT_KEYS = {"id", "source", "lines", "section", "text", "commands", "score"}
NOTES = Path(__file__).resolve().parents[1] / "corpus" / "docker-notes.md"
NOTE_LINES = NOTES.read_text(encoding="utf-8").split("\n")


def run_json(capsys, *argv):
    code = main(["ask", "--json", *argv])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def check_schema(obj):
    assert set(obj) == {"question", "answered", "probability", "threshold", "hits"}
    assert isinstance(obj["answered"], bool)
    # the decline's probability against its threshold is what answered says
    assert obj["answered"] == (obj["probability"] >= obj["threshold"] and bool(obj["hits"]))
    for h in obj["hits"]:
        assert set(h) == HIT_KEYS
        assert isinstance(h["lines"], list) and len(h["lines"]) == 2
        assert isinstance(h["section"], list) and isinstance(h["commands"], list)
    scores = [h["score"] for h in obj["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_json_schema_and_verbatim_text(capsys):
    code, objs = run_json(capsys, EXAMPLE)
    assert code == 0 and len(objs) == 1
    obj = objs[0]
    check_schema(obj)
    assert obj["question"] == EXAMPLE and obj["answered"] is True
    assert len(obj["hits"]) == 3
    for h in obj["hits"]:
        start, end = h["lines"]
        assert h["source"] == "docker-notes.md"
        assert h["text"] == "\n".join(NOTE_LINES[start - 1 : end])
    assert 47 in [h["lines"][0] for h in obj["hits"][:2]]


def test_json_when_declined(capsys):
    code, objs = run_json(capsys, "git commit --amend")
    assert code == 1
    check_schema(objs[0])
    assert objs[0]["answered"] is False and objs[0]["hits"]


@pytest.mark.parametrize("k", [1, 5])
def test_top(capsys, k):
    code, objs = run_json(capsys, "--top", str(k), "list running containers")
    assert code == 0 and len(objs[0]["hits"]) == k


def test_corpus_file_and_directories(capsys, tmp_path):
    a = tmp_path / "a"
    (a / "sub").mkdir(parents=True)
    (a / "sub" / "net.md").write_text("# Networks\n\n- docker network ls：列出网络\n", encoding="utf-8")
    single = tmp_path / "vol.md"
    single.write_text("- docker volume create：创建数据卷\n", encoding="utf-8")
    code, objs = run_json(capsys, "--corpus", str(a), "--corpus", str(single), "list networks")
    assert code == 0
    assert objs[0]["hits"][0]["source"] == "sub/net.md"
    assert objs[0]["hits"][0]["lines"] == [3, 3]
    code, objs = run_json(capsys, "--corpus", str(a), "--corpus", str(single), "create a volume")
    assert objs[0]["hits"][0]["source"] == "vol.md"
    assert {h["source"] for h in objs[0]["hits"]} <= {"sub/net.md", "vol.md"}


def test_stdin_batch_json(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("list running containers\n\nhow do I bake sourdough bread\n怎么下载镜像\n"))
    code, objs = run_json(capsys)
    assert [o["question"] for o in objs] == ["list running containers", "how do I bake sourdough bread", "怎么下载镜像"]
    assert [o["answered"] for o in objs] == [True, False, True]
    assert code == 1  # one of them was declined
    for o in objs:
        check_schema(o)


def test_stdin_batch_all_answered(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("list running containers\n怎么下载镜像\n"))
    assert main(["ask"]) == 0
    out = capsys.readouterr().out
    assert "docker ps" in out and "docker pull" in out


def test_plain_answer_has_no_colour(capsys):
    assert main(["ask", "list running containers"]) == 0
    out = capsys.readouterr().out
    assert "docker-notes.md:45" in out and "docker ps" in out
    assert "\x1b[" not in out


@pytest.mark.parametrize(
    "argv",
    [["ask", "--top", "x", "q"], ["ask", "--top", "-1", "q"], ["ask", "--nope", "q"], ["frobnicate"],
     ["ask", "--corpus", "/nonexistent/notes", "q"]],
)
def test_usage_errors_exit_2_one_line(capsys, argv):
    assert main(argv) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    assert len(cap.err.strip().splitlines()) == 1
    assert "Traceback" not in cap.err and cap.err.startswith("askdocker:")


def test_empty_stdin_is_usage_error(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\n"))
    assert main(["ask"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_non_utf8_note_warns_on_stderr(capsys, tmp_path):
    (tmp_path / "good.md").write_text("- docker ps：列出正在运行的容器\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes("- docker images：列出镜像\n".encode("gbk"))
    code = main(["ask", "--corpus", str(tmp_path), "list running containers"])
    err = capsys.readouterr().err
    assert code == 0 and "bad.md" in err


# --- the real process --------------------------------------------------------------------------


def run(args, stdin="", env_extra=None, tmp_path=None):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "askdocker", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


def test_python_m_askdocker_example(askdocker_home):
    r = run(["ask", "--json", EXAMPLE])
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    check_schema(obj)
    assert obj["answered"] is True


def test_python_m_declined_and_usage(askdocker_home):
    r = run(["ask", "how do I bake sourdough bread"])
    assert r.returncode == 1
    r = run(["ask", "--top", "nope", "q"])
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"NO_COLOR": "1", "TERM": "xterm-256color"}])
def test_no_colour_when_piped_or_no_color(askdocker_home, env):
    r = run(["ask", "list running containers"], env_extra=env)
    assert r.returncode == 0
    assert "\x1b[" not in r.stdout and "docker ps" in r.stdout


def test_python_m_stdin_batch(askdocker_home):
    r = run(["ask", "--json"], stdin="list running containers\n怎么下载镜像\n")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) == 2
    assert [json.loads(x)["question"] for x in lines] == ["list running containers", "怎么下载镜像"]
