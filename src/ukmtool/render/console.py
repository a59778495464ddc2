"""Consoles for stdout and stderr, and text made safe to print.

Consoles are made per call (never at import) so that redirected streams, as
in tests, are honoured.  Markup and emoji codes are off: text from the files
is printed as written (``UD [/] Makmur``, ``Warung :sun:``), and control
characters from the files never reach the terminal.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import TextIO

from rich.console import Console

# control characters, bidi overrides, and what XML 1.0 (so xlsx) cannot hold: U+FFFE,
# U+FFFF and lone surrogates
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# and line breaks: a value quoted in a message must not start a line of its own
# (a forged `OK: ...` verdict or `file:line:` after it)
_CONTROL_OR_BREAK = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` made safe for one line of a terminal.

    Control characters, line breaks (U+2028 and U+2029 too) and bidi
    overrides are replaced with visible stand-ins.
    """
    return _CONTROL_OR_BREAK.sub(_visible, text)


def clean_keep_lines(text: str) -> str:
    """As :func:`clean`, but line breaks and tabs stay (a cell of an export may hold lines)."""
    return _CONTROL.sub(_visible, text)


class _Console(Console):
    """A Rich console that lets a closed pipe reach ``cli`` as the error it is.

    Rich answers one with ``SystemExit(1)``, so a command whose reader had gone
    (``ukm edit ... | head -1``) exited 1 after its write had landed; ``cli``
    says nothing of a closed pipe and keeps the command's own exit status.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console(*, stderr: bool = False, force_terminal: bool | None = None) -> Console:
    """A Rich console on stdout or stderr with markup, emoji and highlighting off."""
    stream: TextIO = sys.stderr if stderr else sys.stdout
    width = _size_from_env("COLUMNS") or _size_from_env("TERMINAL_WIDTH")
    for var in ("COLUMNS", "LINES"):  # Rich reads these itself, with int() on any digits
        if var in os.environ and _size_from_env(var) is None:
            del os.environ[var]
    return _Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        width=width,
        soft_wrap=False,
        force_terminal=force_terminal,
    )


def _size_from_env(var: str) -> int | None:
    """A terminal size from the environment: plain ASCII digits, 1 to 99999; else None.

    ``²`` or ``①`` pass ``str.isdigit`` and a run of thousands of digits
    exceeds Python's limit for ``int()``: neither may crash a command.
    """
    value = os.environ.get(var, "")
    if value.isascii() and value.isdigit() and len(value) < 6 and int(value) > 0:
        return int(value)
    return None


def is_terminal(*, stderr: bool = False) -> bool:
    """Whether output goes to a terminal (so tables and colour are wanted)."""
    stream = sys.stderr if stderr else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write(text: str, *, stderr: bool = False) -> None:
    """Write plain text (a trailing newline added) without Rich: for pipes and files."""
    stream = sys.stderr if stderr else sys.stdout
    stream.write(text if text.endswith("\n") else text + "\n")
    stream.flush()
