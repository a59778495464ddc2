"""A progress bar on stderr for a load that takes a while.

The core knows nothing of Rich: ``core/loader.load`` takes a plain callback,
``progress(done, total)`` in bytes.  :func:`loading` gives one that draws a
Rich bar on stderr, but only on a terminal (stdout and stderr both), and only
once the load has taken more than :data:`DELAY` seconds: a small programme, or
one that comes from the load cache, never shows a bar.  The bar is transient:
it is gone before the command prints its answer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ukmtool.i18n import _
from ukmtool.render.console import console, is_terminal

DELAY = 1.0
"""Seconds a load runs before the bar appears (``UKM_PROGRESS_DELAY`` overrides it)."""

ProgressCallback = Callable[[int, int], None]


def on_terminal() -> bool:
    """Whether a person is watching: stdout and stderr are both a terminal."""
    return is_terminal() and is_terminal(stderr=True)


@contextmanager
def loading(*, enabled: bool = True) -> Iterator[ProgressCallback | None]:
    """A progress callback for the loader while the block runs (None: no bar wanted)."""
    if not enabled or not on_terminal():
        yield None
        return
    bar = _Bar()
    try:
        yield bar.update
    finally:
        bar.close()


def _delay() -> float:
    try:
        return float(os.environ.get("UKM_PROGRESS_DELAY", DELAY))
    except ValueError:
        return DELAY


class _Bar:
    """Starts a Rich progress bar lazily, once the work has run for :data:`DELAY`."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.delay = _delay()
        self.progress: Any = None
        self.task: Any = None

    def update(self, done: int, total: int) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < self.delay or done >= total:
                return
            self._start(total)
        self.progress.update(self.task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        out = console(stderr=True, force_terminal=True)  # on_terminal() said so
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=out,
            transient=True,
        )
        self.task = self.progress.add_task(_("Reading the programme folder"), total=total)
        self.progress.start()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
