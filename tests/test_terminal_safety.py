"""A note full of markup and escape sequences reaches the terminal as plain, harmless text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from askdocker.answer import ask
from askdocker.index import open_index
from askdocker.render import render_answer, render_error, render_notice, safe

PWNED = "/tmp/askdocker-pwned-by-a-note"
EVIL = (
    "# 端口 ports [bold red]boom[/bold red]\n\n"
    "- map a port \x1b]0;pwned\x07 with \x1b[2J clear \x1b[8mhidden\x1b[0m "
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x9b31m "
    "[link=http://evil.example]click[/link]: `docker run -p 80:80 $(touch " + PWNED + ") nginx`\n"
    "- list images \u202eevil\u202c: `docker images`\n"
)
FORBIDDEN = ["\x1b]", "\x1b[2J", "\x1b[8m", "\x07", "\x9b", "evil.example\x1b", "\u202e", "pwned\x07"]


@pytest.fixture
def evil_index(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "evil.md").write_text(EVIL, encoding="utf-8")
    return open_index([tmp_path / "notes"], tmp_path / "cache")


def _render(renderable) -> str:
    buf = io.StringIO()
    Console(file=buf, width=100, color_system="truecolor", force_terminal=True).print(renderable)
    return buf.getvalue()


def test_escapes_in_notes_never_reach_the_terminal(evil_index):
    Path(PWNED).unlink(missing_ok=True)
    a = ask(evil_index, "how do I map a port")
    assert a.answered
    out = _render(render_answer(a))
    for seq in FORBIDDEN:
        assert seq not in out, repr(seq)
    # rich's own styling is there (so colour was on), and only SGR sequences are
    import re

    assert "\x1b[" in out
    assert not re.findall(r"\x1b(?!\[[0-9;]*m)", out)
    # markup is shown literally
    assert "[link=http://evil.example]click[/link]" in out
    assert "[bold red]boom[/bold red]" in out
    # the command is shown, never executed
    assert "touch" in out and not Path(PWNED).exists()


def test_decline_of_an_evil_question(evil_index):
    a = ask(evil_index, "[bold]\x1b]0;t\x07 kubernetes helm charts\x1b[2J")
    out = _render(render_answer(a))
    for seq in FORBIDDEN:
        assert seq not in out


@pytest.mark.parametrize("render", [render_error, render_notice])
def test_errors_and_notices_strip_escapes_from_file_names(render):
    out = _render(render("skipped /x/\x1b]0;pwned\x07[red]a[/red].md: binary file\nsecond line"))
    assert "\x1b]" not in out and "\x07" not in out and "[red]a[/red]" in out and "second" not in out


@pytest.mark.parametrize("seq", ["\x1b]0;t\x07", "\x1b]8;;u\x1b\\", "\x1b[2J", "\x1b[8m", "\x1bP1$q\x1b\\", "\x9b2J", "\x00", "\x7f", "\u202e", "\u2066"])
def test_safe_removes(seq):
    assert safe(f"a{seq}b") in ("ab", "a" + seq[-1:] + "b") and "\x1b" not in safe(f"a{seq}b")
    assert safe("tab\tand\nnewline") == "tab\tand\nnewline"


def test_subprocess_note_with_escapes(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "evil.md").write_text(EVIL, encoding="utf-8")
    env = {**os.environ, "ASKDOCKER_HOME": str(tmp_path / "home"), "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    r = subprocess.run([sys.executable, "-m", "askdocker", "ask", "--corpus", str(tmp_path / "notes"), "how do I map a port"],
                       capture_output=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    for seq in FORBIDDEN:
        assert seq not in out
    assert not Path(PWNED).exists()


def test_json_output_escapes_c1_controls(tmp_path, capsys):
    import json

    from askdocker.cli import main

    note = tmp_path / "c1.md"
    note.write_text("- docker ps\u009b2J：列出容器\n", encoding="utf-8")
    code = main(["ask", "--json", "--corpus", str(note), "docker ps"])
    out = capsys.readouterr().out
    assert code == 0
    assert "\u009b" not in out  # escaped as \\u009b, not sent raw to the terminal
    assert json.loads(out)["hits"][0]["text"] == "- docker ps\u009b2J：列出容器"
