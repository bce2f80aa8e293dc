"""A build progress bar on standard error, shown only once a build has taken more than a second."""

from __future__ import annotations

import time


class BuildProgress:
    """Callable progress(done, total) that draws a rich bar after the first second."""

    DELAY = 1.0

    def __init__(self, console):
        self.console = console
        self.started = time.monotonic()
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.DELAY:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("indexing notes"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console, transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("index", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        """Remove the bar, if one was drawn."""
        if self.bar is not None:
            self.bar.stop()
