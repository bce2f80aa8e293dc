"""The interactive prompt: session, slash commands, completer and key bindings."""

from __future__ import annotations


def run_chat(args) -> int:
    """Run the chat for parsed `askdocker chat` arguments; the exit code."""
    from askdocker.chat.session import run_chat as _run

    return _run(args)
