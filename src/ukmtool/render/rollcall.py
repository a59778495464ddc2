"""The roll call on the terminal: one line per participant, one key each."""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from ukmtool.core.attendance import Sheet, status_name
from ukmtool.core.rollcall import CANCEL, Kind, RollCall
from ukmtool.i18n import _
from ukmtool.render.console import clean, console

KeySource = Callable[[], str]


def interactive() -> bool:
    """Whether keys can be read one at a time (stdin is a terminal)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def walk(call: RollCall, sheet: Sheet, read_key: KeySource, *, stderr: bool = False) -> bool:
    """Ask for a key per participant until the walk ends; False when it was cancelled."""
    out = console(stderr=stderr)
    out.print(
        Text(
            _("Roll call: {module}, session {number} ({date}), {count} not marked yet.").format(
                module=sheet.module.id,
                number=sheet.session,
                date=sheet.date.isoformat(),
                count=len(call.queue),
            ),
            style="bold",
        ),
        soft_wrap=True,
    )
    out.print(Text(_keys_help(), style="dim"), soft_wrap=True)
    width = max(len(p.id) for p in call.queue)
    while not call.stopped:
        _prompt(out, call, width)
        step = call.press(_read(read_key))
        if step.kind is Kind.MARKED:
            assert step.status is not None
            out.print(Text(status_name(step.status), style="bold"))
        elif step.kind is Kind.UNDONE:
            assert step.participant is not None
            was = status_name(step.status) if step.status else "-"
            out.print(
                Text(_("undo: {id} ({status})").format(id=clean(step.participant.id), status=was))
            )
        elif step.kind is Kind.NOTHING_TO_UNDO:
            out.print(Text(_("nothing to undo"), style="dim"))
        elif step.kind is Kind.UNKNOWN:
            out.print()
            out.print(Text(_keys_help(), style="yellow"), soft_wrap=True)
        elif step.kind is Kind.CANCELLED:
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
