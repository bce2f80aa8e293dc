"""Key bindings: Ctrl-C clears the line (Ctrl-D on an empty line leaves, as prompt_toolkit does)."""

from __future__ import annotations

from prompt_toolkit.key_binding import KeyBindings


def key_bindings() -> KeyBindings:
    """The chat's extra key bindings."""
    kb = KeyBindings()

    @kb.add("c-c")
    def _clear(event) -> None:
        event.current_buffer.reset()

    return kb
