"""The chat: handle(line), a scripted PromptSession, completion, history, and a real terminal."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from askdocker import config
from askdocker.chat.commands import COMMANDS
from askdocker.chat.completer import ChatCompleter
from askdocker.chat.session import ChatSession, interactive, make_history, make_prompt_session, scripted


def _session(index, **kw):
    out = io.StringIO()
    return ChatSession(index, Console(file=out, width=100, color_system=None), **kw), out


def _drive(index, keys: str, history=None):
    """Run the real PromptSession over piped keystrokes; the exit code and what was printed."""
    session, out = _session(index)
    with create_pipe_input() as inp:
        inp.send_text(keys)
        ps = make_prompt_session(index, history or InMemoryHistory(), input=inp, output=DummyOutput())
        code = interactive(session, ps)
    return code, out.getvalue(), session


def test_scripted_prompt_session(notes_index):
    keys = (
        "how do I map a port\r"
        "and a random one?\r"
        "/more\r"
        "/show 1\r"
        "/nosuch\r"
        "half a line\x03"  # Ctrl-C clears the line: nothing is asked
        "/sources\r"
        "\x04"  # Ctrl-D on an empty line leaves
    )
    code, text, session = _drive(notes_index, keys)
    assert code == 0
    assert "8888:8080" in text  # the -p answer, normalized command
    assert "(follow-up to: how do I map a port)" in text
    assert "-P：随机分配端口" in text
    assert " 52 " in text and "**容器命令**" in text  # /show: the whole section with line numbers
    assert "unknown command /nosuch" in text
    assert "half a line" not in text
    assert session.last.question == "and a random one?"


def test_quit_command_ends_with_zero(notes_index):
    code, text, _ = _drive(notes_index, "/quit\rhow do I map a port\r")
    assert code == 0 and "8888" not in text


def test_handle_directly(notes_index):
    s, out = _session(notes_index)
    assert s.handle("/more")  # before any question: a hint, not a crash
    assert s.handle("")
    assert s.handle("/show 9")
    assert s.handle("how do I map a port")
    assert s.handle("/show x")
    assert not s.handle("/quit")
    text = out.getvalue()
    assert "ask one first" in text and "result number" in text


def test_help_is_generated_from_the_registry(notes_index):
    s, out = _session(notes_index)
    s.handle("/help")
    for name in ("more", "show", "sources", "corpus", "lang", "clear", "quit", "help"):
        assert name in COMMANDS
        assert COMMANDS[name].usage in out.getvalue()


def test_failing_question_prints_one_line_and_goes_on(notes_index, monkeypatch):
    s, out = _session(notes_index)
    import askdocker.chat.session as mod

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(mod, "ask", boom)
    assert s.handle("how do I map a port")
    monkeypatch.undo()
    assert s.handle("how do I map a port")
    lines = out.getvalue().splitlines()
    assert sum("disk on fire" in ln for ln in lines) == 1
    assert "8888:8080" in out.getvalue()


def test_lang_controls_gloss(notes_index):
    s, out = _session(notes_index)
    s.handle("/lang zh")
    s.handle("how do I map a port")
    assert "publish" not in out.getvalue()
    s.handle("/lang both")
    s.handle("怎么映射端口")
    assert "publish" in out.getvalue()
    s.handle("/lang fr")
    assert "/lang en|zh|both" in out.getvalue()


def test_corpus_command(notes_index):
    s, out = _session(notes_index)
    s.handle("/corpus")
    assert "docker-notes.md" in out.getvalue() and f"{len(notes_index.passages)} passages" in out.getvalue()


def test_scripted_stdin_lines(notes_index):
    s, out = _session(notes_index)
    assert scripted(s, iter(["how do I map a port\n", "and a random one?\n", "/quit\n", "ignored\n"])) == 0
    assert "(follow-up to: how do I map a port)" in out.getvalue()


def _complete(completer, text):
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/", "/help"),
        ("/mo", "/more"),
        ("/lang ", "both"),
        ("docker im", "images"),
        ("docker run -", "-P"),
        ("docker images --no", "--no-trunc"),
        ("how do I pub", "publish"),
        ("怎么删除容", "容器"),
        ("镜", "镜像"),
    ],
)
def test_completer(notes_index, text, expected):
    assert expected in _complete(ChatCompleter.for_index(notes_index), text)


def test_completer_offers_nothing_odd():
    c = ChatCompleter(terms=["port"], flags=["-p"])
    assert _complete(c, "/zz") == []
    assert _complete(c, "") == []
    assert _complete(c, "port") == []  # already complete


def test_history_survives_two_sessions(notes_index):
    path = config.data_dir() / "history"
    h1, warning = make_history(path)
    assert isinstance(h1, FileHistory) and warning == ""
    _drive(notes_index, "how do I map a port\r\x04", history=h1)
    h2, _ = make_history(path)
    # the second session recalls the first one's question with the up arrow
    code, text, session = _drive(notes_index, "\x1b[A\r\x04", history=h2)
    assert session.last is not None and session.last.question == "how do I map a port"
    assert "8888:8080" in text


def test_unwritable_history_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    h, warning = make_history(blocker / "history")
    assert isinstance(h, InMemoryHistory)
    assert "history will not be kept" in warning and "\n" not in warning


def test_config_file_gloss_and_top(notes_index, monkeypatch):
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('gloss = "zh"\ntop = 1\n')
    s = config.load_settings()
    assert s.gloss == "zh" and s.top == 1 and s.sources["gloss"] == str(path)


def shown(text: str) -> str:
    """A pattern for text as a terminal draws it: a space may be a cursor move or sit among style codes."""
    import re

    style = r"(?:\x1b\[[0-9;]*m)*"
    gap = style + r"(?: |\x1b\[\d*C)" + style
    return gap.join(style.join(re.escape(c) for c in w) for w in text.split(" "))


ASKDOCKER = shutil.which("askdocker") or str(Path(sys.executable).parent / "askdocker")


@pytest.mark.skipif(not os.path.exists(ASKDOCKER), reason="askdocker is not installed")
def test_real_terminal(tmp_path):
    """The installed askdocker in a pseudo-terminal: ask, follow up, recall with up arrow, Ctrl-D."""
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, ASKDOCKER_HOME=str(tmp_path / "home"), TERM="xterm", COLUMNS="100", LINES="40", PROMPT_TOOLKIT_NO_CPR="1")
    env["NO_COLOR"] = "1"  # plain text on the screen, so the assertions read what a person reads
    child = pexpect.spawn(ASKDOCKER, [], env=env, encoding="utf-8", dimensions=(40, 100), timeout=60)
    try:
        child.expect_exact("askdocker>")
        child.sendline("how do I map a port")
        child.expect("8888:8080")
        child.expect_exact("askdocker>")
        child.sendline("and a random one?")
        child.expect(shown("(follow-up to: how do I map a port)"))
        child.expect_exact("-P：随机分配端口")
        child.expect_exact("askdocker>")
        child.send("\x1b[A")  # up arrow, twice: back to the first question
        child.send("\x1b[A")
        child.expect(shown("how do I map a port"))
        child.send("\r")
        child.expect("8888:8080")
        child.expect_exact("askdocker>")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    history = (tmp_path / "home" / "data" / "history").read_text(encoding="utf-8")
    assert "+how do I map a port" in history and "+and a random one?" in history
