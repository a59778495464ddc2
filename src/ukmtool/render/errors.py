"""How errors reach a person: one message, what to do, and every problem with its place."""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path

from rich.text import Text

from ukmtool import __version__
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, InputUsageError, NotFoundError, UkmError
from ukmtool.i18n import _
from ukmtool.render.console import clean, console

MAX_SHOWN = 50


def diagnostic_lines(diagnostic: Diagnostic) -> list[Text]:
    """``file:line: [warning: ]message`` and, indented below, the hint."""
    line = Text()
    line.append(clean(diagnostic.location()) + ":", style="bold")
    line.append(" ")
    if diagnostic.severity is Severity.WARNING:
        line.append(_("warning") + ": ", style="yellow")
    elif diagnostic.severity is Severity.NOTE:
        line.append(_("note") + ": ", style="cyan")
    line.append(clean(diagnostic.message))
    lines = [line]
    if diagnostic.hint:
        lines.append(Text("    " + clean(diagnostic.hint), style="dim"))
    return lines


def show_diagnostics(diagnostics: list[Diagnostic], *, stderr: bool, limit: int | None) -> None:
    """Print diagnostics, at most ``limit`` of them, saying how many were left out."""
    out = console(stderr=stderr)
    shown = diagnostics if limit is None else diagnostics[:limit]
    for diagnostic in shown:
        for line in diagnostic_lines(diagnostic):
            out.print(line, soft_wrap=True)
    if len(shown) < len(diagnostics):
        out.print(
            Text(
                _("... and {count} more.").format(count=len(diagnostics) - len(shown)),
                style="dim",
            )
        )


def show_error(exc: UkmError) -> None:
    """Print an expected error on stderr."""
    err = console(stderr=True)
    if isinstance(exc, DataError) and exc.diagnostics:
        show_diagnostics(exc.diagnostics, stderr=True, limit=MAX_SHOWN)
    message = Text()
    message.append(_("Error") + ": ", style="bold red")
    message.append(clean(exc.message))
    err.print(message, soft_wrap=True)
    if isinstance(exc, InputUsageError | NotFoundError):
        for problem in exc.problems:
            err.print(Text("  - " + clean(problem)), soft_wrap=True)
    if exc.hint:
        err.print(Text(clean(exc.hint), style="dim"), soft_wrap=True)


def show_bug(exc: BaseException) -> None:
    """Report a bug in ukm itself: where it happened, but none of the data it held.

    The exception's message is left out because it may quote a participant's
    data; file names, line numbers and the exception's type are enough to
    find the bug.
    """
    err = console(stderr=True)
    frames = traceback.extract_tb(exc.__traceback__)
    err.print(
        Text(
            _("ukm {version} stopped because of a bug in ukm itself ({kind}).").format(
                version=__version__, kind=type(exc).__name__
            ),
            style="bold red",
        ),
        soft_wrap=True,
    )
    for frame in frames[-12:]:
        err.print(Text(f"  {frame.filename}:{frame.lineno} in {frame.name}"), soft_wrap=True)
    err.print(
        Text(
            _(
                "Please report it to the ukm developers with the command you ran and the "
                "lines above (they hold no participant data)."
            )
        ),
        soft_wrap=True,
    )


def show_output_failure(exc: OSError) -> None:
    """Say plainly that the output could not be written (a full disk, a closed stream).

    What is still waiting in stdout's buffer is dropped, so that Python's own
    flush at exit does not fail a second time with a traceback.
    """
    import os
    import sys

    with contextlib.suppress(OSError, ValueError):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    reason = exc.strerror or type(exc).__name__
    with contextlib.suppress(OSError, ValueError, AttributeError):
        console(stderr=True).print(
            Text(
                _("Error")
                + ": "
                + _("Could not write the output: {reason}.").format(reason=clean(reason))
            ),
            soft_wrap=True,
        )


def show_saved_not_shown(written: list[Path], exc: BaseException) -> None:
    """Say (if stderr still takes it) that the files were written and only printing failed."""
    from ukmtool import streams

    streams.silence_stdout()  # what is still buffered goes nowhere, not into a failing flush
    names = ", ".join(clean(str(path)) for path in written)
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    with contextlib.suppress(Exception):
        console(stderr=True).print(
            Text(
                _(
                    "Saved {files}; only showing what was done failed ({reason}). "
                    "Look at the file before running the command again."
                ).format(files=names, reason=reason)
            ),
            soft_wrap=True,
        )
