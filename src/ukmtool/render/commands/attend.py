"""Output of ``ukm attend``: what changed, then the sheet's counts and who is unmarked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ukmtool.core.models import MAKEUP, STATUSES
from ukmtool.core.writing.attend import Outcome, SessionSheet
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date, format_number, status_label
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import note, where_written

MAX_LISTED = 20


def show(outcome: Outcome, *, as_json: bool, asked: bool = True) -> None:
    """Print the result of ``ukm attend``; warnings go to stderr.

    ``asked``: marks were asked for (else the sheet is only shown as it is).
    """
    warn(outcome)
    if as_json:
        print_json(as_dict(outcome))
        return
    out = console()
    sheet = outcome.sheet
    title = _("{module}, session {number} ({date})").format(
        module=sheet.module.id, number=sheet.session, date=format_date(sheet.date)
    )
    moves = [c for c in outcome.changes if c.old is not None]
    new_marks = [c for c in outcome.changes if c.old is None]
    if new_marks:
        counts = {s: sum(1 for c in new_marks if c.new == s) for s in (*STATUSES, MAKEUP)}
        marked = ", ".join(
            _("{count} {status}").format(count=format_number(n), status=status_label(s))
            for s, n in counts.items()
            if n
        )
        out.print(Text(_("Marked {marks}.").format(marks=marked)), soft_wrap=True)
    for change in moves:
        assert change.old is not None
        out.print(
            Text(
                clean(change.pid)
                + ": "
                + status_label(change.old)
                + " -> "
                + status_label(change.new),
                style="bold",
            ),
            soft_wrap=True,
        )
    made_up = [c.pid for c in outcome.changes if c.new == MAKEUP]
    if made_up:
        out.print(
            Text(
                _("Made up on {date}: {ids}; the session counts for them as attended.").format(
                    date=format_date(sheet.makeup[made_up[0]]), ids=_listing(made_up)
                )
            ),
            soft_wrap=True,
        )
    if outcome.unchanged:
        out.print(
            Text(
                _("Already marked so: {ids}.").format(ids=_listing(outcome.unchanged)),
                style="dim",
            ),
            soft_wrap=True,
        )
    if asked and not outcome.changes:
        out.print(Text(_("Nothing changed; nothing was written."), style="dim"))
    out.print(Text(counts_line(sheet, title)), soft_wrap=True)
    if sheet.unmarked and sheet.held:
        out.print(
            Text(_("Not marked yet: {ids}.").format(ids=_listing(sheet.unmarked)), style="dim"),
            soft_wrap=True,
        )
    if outcome.written:
        where_written(outcome.programme, outcome.path)


def counts_line(sheet: SessionSheet, title: str) -> str:
    """``title: 66 present, 11 late, ...; 11 not marked yet.`` (or "not held yet")."""
    if not sheet.marked:
        return (
            clean(title)
            + ": "
            + _("not held yet (no sheet); {count} to mark.").format(
                count=format_number(len(sheet.unmarked))
            )
        )
    counts = ", ".join(
        _("{count} {status}").format(
            count=format_number(len(sheet.lists[s])), status=status_label(s)
        )
        for s in STATUSES
    )
    if sheet.makeup:
        counts += ", " + _("{count} {status}").format(
            count=format_number(len(sheet.makeup)), status=status_label(MAKEUP)
        )
    if not sheet.held:
        return (
            clean(title)
            + ": "
            + counts
            + "; "
            + _(
                "not held yet (nobody is marked present or late): "
                "these marks wait for the session and count once it is held."
            )
        )
    rest = (
        ngettext("{count} not marked yet", "{count} not marked yet", len(sheet.unmarked)).format(
            count=format_number(len(sheet.unmarked))
        )
        if sheet.unmarked
        else _("everyone is marked")
    )
    return clean(title) + ": " + counts + "; " + rest + "."


def warn(outcome: Outcome) -> None:
    """Warnings on stderr: marks before registration, and who ``--all`` left out."""
    sheet = outcome.sheet
    for change in outcome.kept:
        note(
            _(
                "warning: {id} was marked {old} by someone else during the roll call; "
                "that mark is kept, not your {new}."
            ).format(
                id=clean(change.pid),
                old=status_label(change.old or ""),
                new=status_label(change.new),
            )
        )
    for pid, registered in outcome.early:
        note(
            _(
                "warning: {id} registered on {registered}, after session {number} ({date}); "
                "the mark is kept, but the session does not count for them."
            ).format(
                id=pid,
                registered=format_date(registered),
                number=sheet.session,
                date=format_date(sheet.date),
            )
        )
    if outcome.left_out:
        note(
            ngettext(
                "Left out {count} participant who registered after this session: {ids}.",
                "Left out {count} participants who registered after this session: {ids}.",
                len(outcome.left_out),
            ).format(count=format_number(len(outcome.left_out)), ids=_listing(outcome.left_out))
            + " "
            + _("Mark them by id if they came.")
        )


def as_dict(outcome: Outcome) -> dict[str, object]:
    """The sheet after the change, as ``--format json`` prints it."""
    sheet = outcome.sheet
    data: dict[str, object] = {
        "module": sheet.module.id,
        "session": sheet.session,
        "date": sheet.date.isoformat(),
        "held": sheet.held,
    }
    for status in STATUSES:
        data[status] = list(sheet.lists[status])
    data[MAKEUP] = {pid: day.isoformat() for pid, day in sheet.makeup.items()}
    data["unmarked"] = list(sheet.unmarked)
    data["changes"] = [{"id": c.pid, "from": c.old, "to": c.new} for c in outcome.changes]
    data["kept"] = [{"id": c.pid, "marked": c.old, "asked": c.new} for c in outcome.kept]
    data["written"] = outcome.written
    data["programme"] = outcome.programme
    data["file"] = display_path(outcome.path)
    return data


def _listing(ids: Sequence[str]) -> str:
    shown = ", ".join(clean(pid) for pid in ids[:MAX_LISTED])
    if len(ids) > MAX_LISTED:
        shown += " " + _("and {count} more").format(count=format_number(len(ids) - MAX_LISTED))
    return shown
