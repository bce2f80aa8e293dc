"""Tests for askdocker.render: golden output of an answer and a decline, and untrusted text.

Golden files live in tests/data/. After an intended change of the output, regenerate them with
    UPDATE_GOLDEN=1 /tmp/v2/bin/python -m pytest tests/test_render.py
and review the diff before committing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from askdocker.answer import build_answer
from askdocker.corpus import parse_markdown
from askdocker.models import Hit
from askdocker.render import render_answer

DATA = Path(__file__).resolve().parent / "data"

NOTE = """\
# 容器命令

1. 有镜像才可以创建容器
   1. crlt+p+q容器不停止退出
   2. exit：容器停止退出
   3. -p：主机端口：docker容器端口 例子：docker run -it -p 8888：8080 tomcat
"""


def render(renderable) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def check_golden(name: str, text: str) -> None:
    path = DATA / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


class FakeIndex:
    """Enough of an Index for build_answer: the passages, for decline suggestions."""

    def __init__(self, passages):
        self.passages = passages


@pytest.fixture
def passages():
    ps = parse_markdown("notes.md", NOTE)
    return [p for p in ps]


def hits_of(passages, lines):
    by = {p.start: p for p in passages}
    return [Hit(passage=by[n], score=0.5 - 0.1 * i, rank=i + 1) for i, n in enumerate(lines)]


def test_answer_golden(passages):
    from dataclasses import replace

    ps = [replace(p, gloss="Ctrl+P Ctrl+Q: detach without stopping.") if p.start == 4 else p for p in passages]
    a = build_answer(FakeIndex(ps), "how do I exit without stopping a container", hits_of(ps, [4, 5, 6]), True)
    out = render(render_answer(a))
    assert "notes.md:4" in out and "Ctrl+P Ctrl+Q" in out and "detach without stopping" in out
    check_golden("answer.txt", out)


def test_decline_golden(passages):
    a = build_answer(FakeIndex(passages), "how do I exit vim", hits_of(passages, [5, 4]), False,
                     reason="the notes do not cover part of this question")
    out = render(render_answer(a))
    assert "Not in your notes" in out and "容器命令" in out
    check_golden("decline.txt", out)


def test_rich_markup_in_a_note_is_shown_literally():
    ps = parse_markdown("evil.md", "- [bold red]docker ps[/bold red] [link=http://x]click[/link]\n")
    a = build_answer(FakeIndex(ps), "docker ps", hits_of(ps, [1]), True)
    out = render(render_answer(a))
    assert "[bold red]docker ps[/bold red]" in out
    assert "[link=http://x]click[/link]" in out


def test_escape_sequences_in_a_note_are_removed():
    ps = parse_markdown("evil.md", "- docker ps \x1b]0;pwned\x07\x1b[2J\x1b[31mred\n")
    a = build_answer(FakeIndex(ps), "docker ps", hits_of(ps, [1]), True)
    out = render(render_answer(a))
    assert "\x1b" not in out and "\x07" not in out and "pwned" not in out
    assert "red" in out


def test_an_english_question_answered_by_an_unglossed_chinese_note_shows_dockers_help():
    ps = parse_markdown("n.md", "- 启动已停止的容器：docker start 容器名\n")
    a = build_answer(FakeIndex(ps), "how do I start a stopped container", hits_of(ps, [1]), True)
    assert a.help == "Start one or more stopped containers"
    out = render(render_answer(a))
    assert "docker's help: Start one or more stopped containers" in " ".join(out.split())
    assert "docker's help" not in render(render_answer(a, show_gloss=False))  # /lang zh
    # a Chinese question, or a note with its own gloss, shows no help line
    assert build_answer(FakeIndex(ps), "怎么启动容器", hits_of(ps, [1]), True).help == ""
    from dataclasses import replace

    glossed = [replace(p, gloss="docker start NAME: start a container") for p in ps]
    assert build_answer(FakeIndex(glossed), "how do I start a container", hits_of(glossed, [1]), True).help == ""
