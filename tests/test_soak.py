"""Soak: 10,000 questions through one chat session; memory stays within a stated bound."""

from __future__ import annotations

import io
import itertools
import tracemalloc

from rich.console import Console

from askdocker.chat.session import ChatSession

QUESTIONS = 10_000
# What the session may keep growing by after warm-up, over 10,000 questions: caches in the
# analyzer (lru_cache, bounded) and the session's last answer. A leak of even 1 KB per question
# would be 10 MB and fail.
BOUND_BYTES = 4 * 1024 * 1024

ASKED = [
    "how do I map a port", "and a random one?", "怎么退出容器不停止", "那后台运行呢", "docker ps -a",
    "how to exit vim", "", "   ", "/more", "/show 1", "/sources", "/nonsense", "-P", "🐳", "[bold]x[/bold]",
    "\x1b]0;t\x07 images", "docker run -it -p 8888:8080 tomcat", "删除所有镜像",
]


class _Sink(io.TextIOBase):
    """A console file that counts and forgets, so the output itself is not what grows."""

    def __init__(self):
        self.chars = 0

    def write(self, s: str) -> int:
        self.chars += len(s)
        return len(s)


def test_ten_thousand_questions_in_one_session(notes_index):
    sink = _Sink()
    session = ChatSession(notes_index, Console(file=sink, width=100, color_system="truecolor", force_terminal=True))
    lines = itertools.cycle(ASKED)
    # numbered variants so the analyzer and follow-up logic see new text, not only cache hits
    texts = (f"{q} {i % 500}" if q and not q.startswith("/") and i % 3 == 0 else q for i, q in enumerate(lines))
    for _ in range(1000):  # warm-up: caches fill
        assert session.handle(next(texts)) is True
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(QUESTIONS - 1000):
            assert session.handle(next(texts)) is True
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"soak: {QUESTIONS} questions, traced memory grew by {(after - before) / 1024:.0f} KiB after warm-up")
    assert sink.chars > 0
    assert after - before < BOUND_BYTES, f"grew by {(after - before) / 1024:.0f} KiB"
