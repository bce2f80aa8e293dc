"""Slash commands, registered with a decorator so /help is generated from the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.table import Table
from rich.text import Text

from askdocker.render import cite, plain


@dataclass(frozen=True)
class Command:
    """A slash command: its name, usage, one-line help and handler(session, arg) -> keep going."""

    name: str
    usage: str
    help: str
    handler: Callable[..., bool | None]
    args: tuple[str, ...] = ()  # completions for its argument


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, usage: str = "", args: tuple[str, ...] = ()):
    """Register a slash command."""

    def register(fn):
        COMMANDS[name] = Command(name, usage or f"/{name}", help, fn, args)
        return fn

    return register


def dispatch(session, line: str) -> bool:
    """Run a slash command line; False ends the session."""
    name, _, arg = line[1:].strip().partition(" ")
    cmd = COMMANDS.get(name.lower())
    if cmd is None:
        session.say(Text.assemble(("unknown command ", "yellow"), plain("/" + name), (": /help lists them", "yellow")))
        return True
    return cmd.handler(session, arg.strip()) is not False


@command("help", "this list")
def _help(session, arg: str) -> None:
    t = Table(show_header=False, box=None, padding=(0, 2))
    for c in COMMANDS.values():
        t.add_row(Text(c.usage, style="bold"), c.help)
    session.say(t)
    session.say(Text("Anything else is a question. A short one (\"and a random one?\") follows up the last.", style="dim"))


@command("more", "the next results for the last question")
def _more(session, arg: str) -> None:
    session.more()


@command("show", "the full section around result N, with line numbers", usage="/show N")
def _show(session, arg: str) -> None:
    session.show(arg)


@command("sources", "where the results of the last question come from")
def _sources(session, arg: str) -> None:
    if not session.results:
        session.say(Text("no results yet: ask a question first", style="yellow"))
        return
    for n, h in enumerate(session.results, 1):
        session.say(Text.assemble((f"{n:>2}. ", "bold"), (cite(h), "cyan"), "  ", plain(" › ".join(h.passage.section), "dim")))


@command("corpus", "what is indexed: files, passages, when built")
def _corpus(session, arg: str) -> None:
    ix = session.index
    for f in ix.files:
        session.say(Text.assemble("  ", plain(str(f.get("source", "")), "cyan"), f"  {f.get('passages', '?')} passages"))
    session.say(Text(f"{len(ix.passages)} passages; built {ix.built_at or 'just now'}", style="dim"))
    if ix.cache_path:
        session.say(Text.assemble(("cache: ", "dim"), plain(ix.cache_path, "dim")))


@command("lang", "glosses: en (English beside Chinese when you ask in English), zh (original only), both (always)",
         usage="/lang en|zh|both", args=("en", "zh", "both"))
def _lang(session, arg: str) -> None:
    if arg not in ("en", "zh", "both"):
        session.say(Text(f"gloss language is {session.lang}; /lang en|zh|both changes it", style="yellow"))
        return
    session.lang = arg
    session.say(Text(f"glosses: {arg}", style="dim"))


@command("clear", "clear the screen and forget the last question")
def _clear(session, arg: str) -> None:
    session.clear()


@command("quit", "leave (Ctrl-D does too)")
def _quit(session, arg: str) -> bool:
    return False


__all__ = ["COMMANDS", "Command", "command", "dispatch"]
