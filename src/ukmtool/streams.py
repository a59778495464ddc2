"""The process's stdout and stderr: UTF-8 when redirected, never an encoding error.

Python encodes a redirected stream in the locale's code page (cp1252 on an
Indonesian or English Windows, or whatever ``PYTHONIOENCODING`` says), with
strict errors: a business name outside that code page would stop ``ukm`` with
a UnicodeEncodeError *after* its entry was written, and text the code page
can encode would not be the UTF-8 the README promises.  :func:`setup`, called
once by ``ukm``'s entry point (never on import, never under a test runner's
captured streams), makes every redirected stream UTF-8 with LF line ends
on every system, so ``ukm ... > out.json`` holds the same bytes on Windows,
macOS and Linux.  A terminal keeps its own encoding (the Windows console is
UTF-8 already), and a character it cannot show is written as a backslash escape
instead of stopping ``ukm``.

Nothing heavy is imported here: ``ukm --version`` runs through it.
"""

from __future__ import annotations

import contextlib
import errno
import sys
from typing import TextIO

ERRORS = "backslashreplace"
"""What a stream does with a character it cannot encode (UTF-8 can encode all but lone
surrogates, a terminal in a legacy code page many more)."""

# errno values of a write to a pipe whose reader has gone: EPIPE on POSIX, EINVAL on
# Windows (a closed pipe, e.g. `ukm report | Select-Object -First 5` in PowerShell).
_CLOSED_PIPE = frozenset({errno.EPIPE, errno.EINVAL})


def setup() -> None:
    """Make stdout and stderr safe for any text (see the module)."""
    for stream in (sys.stdout, sys.stderr):
        prepare(stream)


def prepare(stream: TextIO | None) -> None:
    """UTF-8 and LF line ends when ``stream`` is redirected; never a UnicodeEncodeError."""
    reconfigure = getattr(stream, "reconfigure", None)
    if stream is None or reconfigure is None:
        return
    try:
        terminal = stream.isatty()
    except (OSError, ValueError):
        return  # closed: nothing will be written to it
    with contextlib.suppress(OSError, ValueError, LookupError):
        if terminal:
            reconfigure(errors=ERRORS)
        else:
            reconfigure(encoding="utf-8", errors=ERRORS, newline="\n")


def is_closed_pipe(exc: BaseException) -> bool:
    """Whether ``exc`` is a write to a pipe whose reader has gone (not worth a word).

    An error about a file carries the file's name (Windows also says EINVAL for a
    file name it refuses); one from writing to a stream has none.
    """
    if isinstance(exc, BrokenPipeError):
        return True
    return (
        isinstance(exc, OSError)
        and exc.errno in _CLOSED_PIPE
        and exc.filename is None
        and exc.filename2 is None
    )


def silence_stdout() -> None:
    """After a closed pipe: point stdout at nothing, so Python's final flush stays quiet."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
