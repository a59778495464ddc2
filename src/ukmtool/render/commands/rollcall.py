"""The roll call on the terminal: one line per participant, one key each.

Keys are read with the terminal in cbreak mode for the whole walk (no echo,
one key at a time, Ctrl-C still interrupts), and whatever arrives is split
into single keys, so keys typed ahead while a line is printed are neither
lost nor merged (``typer.getchar`` flushes pending input on every call and
can return two keys as one).  Where there is no POSIX terminal (Windows, or
tests that feed stdin) the caller's fallback reads the keys.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.text import Text

from ukmtool.core.rollcall import CANCEL, RollCall, StepKind
from ukmtool.core.writing.attend import SessionSheet
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_number, status_label
from ukmtool.render.console import clean, console

KeySource = Callable[[], str]

# an escape sequence (arrow keys, F-keys) is one key, never its letters
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|O.|.)?", re.DOTALL)


def reads_keys() -> bool:
    """Whether keys can be read one at a time (stdin is a terminal)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def keys(fallback: KeySource) -> Iterator[KeySource]:
    """Single keys from the terminal while the block runs; ``fallback`` without termios."""
    if sys.platform == "win32":  # no termios: the fallback (click.getchar) reads one key
        yield fallback
        return
    try:
        import termios
        import tty
    except ImportError:  # pragma: no cover - Windows
        yield fallback
        return
    try:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (AttributeError, ValueError, OSError, termios.error):
        yield fallback
        return
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        yield _Keys(fd)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class _Keys:
    """Read what the terminal has and hand it out one key at a time."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = ""
        self.decoder = codecs.getincrementaldecoder(sys.stdin.encoding or "utf-8")("replace")

    def __call__(self) -> str:
        while not self.pending:
            data = os.read(self.fd, 64)
            if not data:
                return ""
            self.pending = self.decoder.decode(data)
        key, self.pending = split_key(self.pending)
        return key


def split_key(text: str) -> tuple[str, str]:
    """The first key of ``text`` and the rest (an escape sequence is one key)."""
    if text.startswith("\x1b"):
        match = _ESCAPE.match(text)
        end = match.end() if match else 1
        return text[:end], text[end:]
    if text.startswith("\r\n"):
        return text[:2], text[2:]
    return text[:1], text[1:]


def walk(call: RollCall, sheet: SessionSheet, read_key: KeySource, *, stderr: bool = False) -> bool:
    """Ask for a key per participant until the walk ends; False when it was cancelled."""
    out = console(stderr=stderr)
    out.print(
        Text(
            _("Roll call: {module}, session {number} ({date}), {count} not marked yet.").format(
                module=sheet.module.id,
                number=sheet.session,
                date=format_date(sheet.date),
                count=format_number(len(call.queue)),
            ),
            style="bold",
        ),
        soft_wrap=True,
    )
    out.print(Text(_keys_help(), style="dim"), soft_wrap=True)
    width = max((len(p.id) for p in call.queue), default=0)
    while not call.stopped:
        _prompt(out, call, width)
        step = call.press(_read(read_key))
        if step.kind is StepKind.MARKED:
            assert step.status is not None
            out.print(Text(status_label(step.status), style="bold"))
        elif step.kind is StepKind.UNDONE:
            assert step.participant is not None
            was = status_label(step.status) if step.status else "-"
            out.print(
                Text(_("undo: {id} ({status})").format(id=clean(step.participant.id), status=was))
            )
        elif step.kind is StepKind.NOTHING_TO_UNDO:
            out.print(Text(_("nothing to undo"), style="dim"))
        elif step.kind is StepKind.UNKNOWN:
            out.print()
            out.print(Text(_keys_help(), style="yellow"), soft_wrap=True)
        elif step.kind is StepKind.CANCELLED:
            out.print()
            out.print(Text(_("Roll call cancelled; nothing was written."), style="yellow"))
            return False
        else:
            out.print()
    return True


def _prompt(out: Console, call: RollCall, width: int) -> None:
    participant = call.current
    if participant is None:
        out.print(
            Text(_("Everyone is marked: Enter to save, u to undo the last.") + " "),
            end="",
        )
        return
    counter = f"[{call.position + 1}/{len(call.queue)}] "
    line = Text(counter, style="dim")
    line.append(clean(participant.id).ljust(width) + "  ", style="bold")
    line.append(
        "  ".join(clean(v) for v in (participant.business, participant.owner, participant.district))
    )
    line.append(" > ")
    out.print(line, end="", soft_wrap=True)


def _keys_help() -> str:
    return _(
        "Keys: H present (or Enter), T late, I excused, S sick, A absent; "
        "u undo the last, q stop and save."
    )


def _read(read_key: KeySource) -> str:
    try:
        return read_key()
    except KeyboardInterrupt:
        return CANCEL
    except EOFError:
        return ""
