"""Completion of slash commands, Docker subcommands and flags, and words of the indexed notes."""

from __future__ import annotations

import re
from typing import Iterable

from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document

from askdocker.chat.commands import COMMANDS

SUBCOMMANDS = (
    "attach build commit cp create diff exec export history images import info inspect kill load login logout "
    "logs pause port ps pull push rename restart rm rmi run save search start stats stop tag top unpause "
    "update version wait"
).split()
TAIL_WORD = re.compile(r"[A-Za-z0-9_.:/-]+$")
TAIL_CJK = re.compile(r"[\u3400-\u9fff]+$")
EN_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
FLAG = re.compile(r"(?<![\w-])--?[A-Za-z][A-Za-z0-9-]*")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
SUBCOMMAND = re.compile(r"\bdocker\s+([a-z]+)")


class ChatCompleter(Completer):
    """Completes /commands and their arguments, docker subcommands, flags and note terms."""

    def __init__(self, terms: Iterable[str] = (), flags: Iterable[str] = (), subcommands: Iterable[str] = SUBCOMMANDS):
        self.terms = sorted(set(terms))
        self.flags = sorted(set(flags))
        self.subcommands = sorted(set(subcommands))

    @classmethod
    def for_index(cls, index) -> ChatCompleter:
        """A completer that knows the words, flags and subcommands of the indexed notes."""
        from askdocker import bridge

        terms: set[str] = set()
        flags: set[str] = set()
        subs = set(SUBCOMMANDS)
        for p in index.passages:
            text = p.text + "\n" + "\n".join(p.commands) + "\n" + p.gloss
            terms.update(w.lower() for w in EN_WORD.findall(text) if not w.startswith("-"))
            flags.update(FLAG.findall("\n".join(p.commands) + "\n" + p.text))
            subs.update(SUBCOMMAND.findall("\n".join(p.commands)))
            for run in CJK_RUN.findall(p.text):
                terms.update(w for w in bridge.segment(run) if len(w) >= 2)
        return cls(terms, flags, subs)

    def get_completions(self, document: Document, complete_event):
        """Completions for the text before the cursor."""
        text = document.text_before_cursor
        if text.startswith("/"):
            yield from self._slash(text)
            return
        m = TAIL_WORD.search(text)
        if m:
            word = m.group()
            before = text[: m.start()].split()
            if word.startswith("-"):
                yield from _matching(word, self.flags)
            elif before and before[-1].lower() == "docker":
                yield from _matching(word, self.subcommands)
            else:
                seen = set()
                for c in _matching(word, self.subcommands + self.terms, ignore_case=True):
                    if c.text not in seen:
                        seen.add(c.text)
                        yield c
            return
        m = TAIL_CJK.search(text)
        if m:
            run = m.group()
            # Chinese has no spaces: complete from the longest tail of the run that starts a known word
            for n in range(min(len(run), 4), 0, -1):
                tail = run[-n:]
                found = [t for t in self.terms if t.startswith(tail) and t != tail]
                if found:
                    for t in found:
                        yield Completion(t, start_position=-n)
                    return

    def _slash(self, text: str):
        name, space, arg = text[1:].partition(" ")
        if not space:
            for c in COMMANDS.values():
                if c.name.startswith(name.lower()):
                    yield Completion("/" + c.name, start_position=-len(text), display_meta=c.help[:40])
            return
        cmd = COMMANDS.get(name.lower())
        if cmd:
            yield from _matching(arg.strip(), cmd.args)


def _matching(word: str, candidates: Iterable[str], ignore_case: bool = False):
    key = word.lower() if ignore_case else word
    for c in candidates:
        if (c.lower() if ignore_case else c).startswith(key) and c != word:
            yield Completion(c, start_position=-len(word))
