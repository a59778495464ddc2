"""Progress bars on stderr for work that takes a while: a load, a large import.

The core knows nothing of Rich: it takes plain callbacks, ``progress(done,
total)`` (bytes of a load, rows of an import).  :func:`stages` hands out such
callbacks, each drawing its own Rich bar on stderr, but only on a terminal
(stdout and stderr both), and only once its stage has taken more than
:data:`DELAY` seconds: a small programme, one that comes from the load cache,
or a short list never shows a bar.  One bar at a time; each is transient and
gone once its stage is done, before the command prints its answer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ukmtool.i18n import _
from ukmtool.render.console import clean, console, is_terminal

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress

DELAY = 1.0
"""Seconds a stage runs before its bar appears (``UKM_PROGRESS_DELAY`` overrides it)."""


def watched() -> bool:
    """Whether a person is watching: stdout and stderr are both a terminal."""
    return is_terminal() and is_terminal(stderr=True)


class Stages:
    """Hands out one progress callback per stage of a command; one bar shows at a time."""

    def __init__(self) -> None:
        self.shown: _Bar | None = None

    def loading(self) -> Progress:
        """For ``core/loader.load``: bytes read of all the folder's files."""
        return _Bar(self, _("Reading the programme folder"), in_bytes=True).update

    def rows(self, description: str) -> Progress:
        """For work counted in rows (``done`` of ``total``; a total of 0 is not known yet)."""
        return _Bar(self, description, in_bytes=False).update

    def show(self, bar: _Bar) -> None:
        """Make ``bar`` the one on screen (the one before it is done)."""
        if self.shown is not None and self.shown is not bar:
            self.shown.stop()
        self.shown = bar

    def close(self) -> None:
        """Take any bar still shown off the screen."""
        if self.shown is not None:
            self.shown.stop()


@contextmanager
def stages(*, enabled: bool = True) -> Iterator[Stages | None]:
    """Progress callbacks for the stages of the block (None: no bar wanted, or no terminal)."""
    if not enabled or not watched():
        yield None
        return
    owner = Stages()
    try:
        yield owner
    finally:
        owner.close()


@contextmanager
def loading(*, enabled: bool = True) -> Iterator[Progress | None]:
    """A progress callback for the loader while the block runs (None: no bar wanted)."""
    with stages(enabled=enabled) as owner:
        yield None if owner is None else owner.loading()


def _delay() -> float:
    try:
        return float(os.environ.get("UKM_PROGRESS_DELAY", DELAY))
    except ValueError:
        return DELAY


class _Bar:
    """Starts a Rich progress bar lazily, once its stage has run for :data:`DELAY`."""

    def __init__(self, owner: Stages, description: str, *, in_bytes: bool) -> None:
        self.owner = owner
        self.description = clean(description)  # a file name: no escapes, no line breaks
        self.in_bytes = in_bytes
        self.started = time.monotonic()
        self.delay = _delay()
        self.progress: Any = None
        self.task: Any = None
        self.done = False

    def update(self, done: int, total: int) -> None:
        if self.done:
            return
        if total and done >= total:
            self.stop()  # the stage is over: make way for the next one
            return
        if self.progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self._start()
        self.progress.update(self.task, completed=done, total=total or None)

    def _start(self) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.owner.show(self)
        out = console(stderr=True, force_terminal=True)  # watched() said so
        amount = DownloadColumn() if self.in_bytes else MofNCompleteColumn()
        self.progress = Progress(
            TextColumn("{task.description}", markup=False),  # a file name is no markup
            BarColumn(),
            amount,
            TimeRemainingColumn(),
            console=out,
            transient=True,
        )
        self.task = self.progress.add_task(self.description, total=None)
        self.progress.start()

    def stop(self) -> None:
        self.done = True
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
