"""The chat session: one handle(line) for every line, and the loops that feed it."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from askdocker.answer import ask
from askdocker.followup import Turn, resolve
from askdocker.index import Index
from askdocker.models import Answer, Hit
from askdocker.render import cite, plain, related_line, render_answer, render_error

MAX_QUESTION = 4000
MORE = 3  # results per /more
PROMPT = "askdocker> "


class ChatSession:
    """The state of a conversation: the index, the last exchange and what has been shown."""

    def __init__(self, index: Index, console: Console, top: int = 3, lang: str = "en"):
        self.index = index
        self.console = console
        self.top = top
        self.lang = lang
        self.previous: Turn | None = None
        self.last: Answer | None = None
        self.last_tokens: list[str] = []
        self.results: list[Hit] = []  # numbered as /show and /sources see them

    def say(self, renderable: RenderableType) -> None:
        """Print to the session's console."""
        self.console.print(renderable)

    def handle(self, line: str) -> bool:
        """One line of input: a slash command or a question. False ends the session."""
        from askdocker.chat.commands import dispatch

        line = line.strip()
        if not line:
            return True
        if line.startswith("/"):
            return dispatch(self, line)
        try:
            self.answer(line[:MAX_QUESTION])
        except Exception as e:  # one failing question must not end the session
            self.say(render_error(f"could not answer that: {type(e).__name__}: {e}"))
        return True

    def answer(self, question: str) -> Answer:
        """Answer a question, as a follow-up when it leans on the last one, and show it."""
        query = resolve(self.index, question, self.previous)
        a = ask(self.index, question, self.top, context_from=query.context_from, tokens=list(query.tokens))
        self.previous = query.turn()
        self.last, self.last_tokens = a, list(query.tokens)
        self.results = list(a.hits)
        self.say(render_answer(a, show_gloss=self.gloss_for(a)))
        if a.answered and len(a.hits) > 1:
            self.say(Text("/more for further results, /show N for the section around result N", style="dim"))
        return a

    def gloss_for(self, a: Answer) -> bool | None:
        """Whether to show the English gloss, following /lang."""
        if self.lang == "zh":
            return False
        if self.lang == "both":
            return bool(a.best and a.best.passage.gloss)
        return None  # en: the answer decides (English question, Chinese note)

    def more(self) -> None:
        """Show the next results of the last question."""
        if self.last is None:
            self.say(Text("no question yet: ask one first", style="yellow"))
            return
        from askdocker.answer import search

        shown = len(self.results)
        hits = search(self.index, self.last.question, shown + MORE, tokens=self.last_tokens)[shown:]
        if not hits:
            self.say(Text("no more results", style="yellow"))
            return
        for h in hits:
            self.results.append(h)
            self.say(Text.assemble((f"{len(self.results):>2}. ", "bold"), related_line(h)))

    def show(self, arg: str) -> None:
        """Show the full section around result N, with line numbers."""
        if not self.results:
            self.say(Text("no results yet: ask a question first", style="yellow"))
            return
        if not arg.isdigit() or not 1 <= int(arg) <= len(self.results):
            self.say(Text(f"/show N: N is a result number from 1 to {len(self.results)}", style="yellow"))
            return
        hit = self.results[int(arg) - 1]
        lines = section_lines(self.index, hit)
        t = Table(show_header=False, box=None, padding=(0, 1))
        t.add_column(justify="right", style="dim")
        t.add_column()
        for n, text in lines:
            mark = hit.passage.start <= n <= hit.passage.end
            t.add_row(str(n), plain(text, "bold" if mark else ""))
        self.say(Text.assemble(("section ", "bold"), (cite(hit), "cyan"), "  ", plain(" › ".join(hit.passage.section), "dim")))
        self.say(t)

    def clear(self) -> None:
        """Clear the screen and forget the conversation."""
        self.console.clear()
        self.previous, self.last, self.last_tokens, self.results = None, None, [], []


def section_lines(index: Index, hit: Hit) -> list[tuple[int, str]]:
    """The numbered lines of the section a hit is in: from its heading to the next one."""
    same = sorted((p for p in index.passages if p.source == hit.passage.source), key=lambda p: p.start)
    heads = [p.start for p in same if p.kind == "heading"]
    start = max((s for s in heads if s <= hit.passage.start), default=0)
    end = min((s for s in heads if s > hit.passage.start), default=10**9)
    out: dict[int, str] = {}
    for p in same:
        if start <= p.start < end:
            for i, text in enumerate(p.text.split("\n")):
                out[p.start + i] = text
    return sorted(out.items())


def make_history(path: Path):
    """A FileHistory at path, or an in-memory one and a warning when it cannot be written."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass
        return FileHistory(str(path)), ""
    except OSError as e:
        return InMemoryHistory(), f"history will not be kept: {path}: {e.strerror or e}"


def make_prompt_session(index: Index, history, input=None, output=None):
    """The PromptSession: history, auto-suggestion, completion and key bindings."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory

    from askdocker.chat.completer import ChatCompleter
    from askdocker.chat.keys import key_bindings

    return PromptSession(
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter.for_index(index),
        complete_while_typing=False,
        key_bindings=key_bindings(),
        input=input,
        output=output,
    )


def interactive(session: ChatSession, prompt_session) -> int:
    """Prompt until Ctrl-D or /quit; Ctrl-C clears the line."""
    while True:
        try:
            line = prompt_session.prompt(PROMPT)
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        try:
            if not session.handle(line):
                return 0
        except KeyboardInterrupt:  # Ctrl-C while answering: back to the prompt
            continue


def scripted(session: ChatSession, lines) -> int:
    """Answer questions read line by line (standard input that is not a terminal)."""
    for line in lines:
        if not session.handle(line):
            break
    return 0


def run_chat(args) -> int:
    """askdocker chat: open the notes, then prompt (or read standard input when it is not a terminal)."""
    from askdocker import config
    from askdocker.cli import UsageError, make_console, open_notes

    settings = config.load_settings()
    top = args.top if getattr(args, "top", None) is not None else settings.top
    if top < 0:
        raise UsageError("--top must be 0 or more")
    console = make_console(color=settings.color)
    err = make_console(sys.stderr, color=settings.color)
    index = open_notes(getattr(args, "corpus", None), err)
    for w in index.warnings:
        err.print(f"askdocker: {w}", markup=False, highlight=False)
    session = ChatSession(index, console, top=top, lang=settings.gloss)
    if not sys.stdin.isatty():
        return scripted(session, sys.stdin)
    history, warning = make_history(config.data_dir() / "history")
    if warning:
        err.print(f"askdocker: {warning}", markup=False, highlight=False)
    console.print(Text(f"askdocker: {len(index.passages)} notes. Ask a Docker question; /help for commands, Ctrl-D to leave.", style="dim"))
    return interactive(session, make_prompt_session(index, history))
