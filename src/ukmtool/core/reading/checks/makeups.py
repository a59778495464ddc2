"""Checks of format 1.2's ``makeup`` on attendance sheets (rules 2.1).

A sheet's ``makeup`` maps each id who attended a make-up session (susulan)
of that session to the day of the make-up.  Each id must be registered and
not also on one of the sheet's lists (one mark per session); a make-up comes
on or after the session it makes up.  A make-up of a session nobody came to
(no one present or late) does not count until the session is held: a
warning, since the officer most likely has not written the session's roll
yet, or put the make-up under the wrong number.  A make-up dated after today
is an error of ``ukm check`` (``checks/today``: what today makes of the files
is not cached).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ukmtool.core.reading.checks.given import Given
from ukmtool.core.reading.checks.visits import day_of
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.yamlio.reader import LList, LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _


def check_makeups(
    sheet: LMap,
    where: tuple[str, int, date | None],
    listed: dict[str, tuple[str, int]],
    given: Given,
    path: Path,
    out: Collector,
) -> None:
    """The ``makeup`` mapping of one sheet; ``where``: module id, session number and its date.

    ``listed`` holds the ids on the sheet's lists, with the list and its line.
    """
    marks = sheet.get("makeup")
    if not isinstance(marks, LMap) or not marks:
        return
    module, number, held_on = where
    held = any(isinstance(sheet.get(s), LList) and sheet.get(s) for s in ("present", "late"))
    for raw, value in marks.items():
        pid = raw.strip() if isinstance(raw, str) else None
        if not pid:
            continue
        line, column = marks.key_line(raw), marks.key_column(raw)
        if pid in listed:
            status, other = listed[pid]
            out.error(
                path,
                line,
                _(
                    "{id} is both marked '{status}' (line {other}) and made up at session {number}."
                ).format(id=pid, status=status, other=other, number=number),
                column=column,
                hint=_(
                    "Keep the one that is right: a make-up is for someone who missed the session."
                ),
            )
            continue
        if given.unregistered(pid):
            hint = _("Register it first with `ukm register`.")
            given.report_unregistered(out, path, (line, column), pid, hint)
            continue
        day = day_of(value)
        if day is not None and held_on is not None and day < held_on:
            out.error(
                path,
                marks.value_line(raw),
                _(
                    "{id}'s make-up of session {number} is dated {date}, before the session "
                    "({held_on})."
                ).format(id=pid, number=number, date=day.isoformat(), held_on=held_on.isoformat()),
                column=marks.value_column(raw),
                hint=_("A make-up comes on or after the session it makes up: correct its date."),
            )
        elif not held:
            out.warning(
                path,
                line,
                _(
                    "Nobody is marked present or late at session {number} of '{module}', so it "
                    "is not held and {id}'s make-up does not count yet."
                ).format(number=number, module=module, id=pid),
                column=column,
                hint=_(
                    "Write the session's roll (`ukm attend {module} -s {number}`), or put the "
                    "make-up under the session it made up."
                ).format(module=module, number=number),
            )


def check_exemptions(given: Given, out: Collector) -> None:
    """Each module a participant is exempt from (``exempt``) is a module of the programme."""
    root = given.sources.participants
    listed = given.listed_modules
    if root is None:
        return
    path = given.folder.participants
    known = given.modules_by_id
    for item in root:
        if not isinstance(item, LMap):
            continue
        exempt = item.get("exempt")
        if not isinstance(exempt, LMap):
            continue
        for raw in exempt:
            module = raw.strip() if isinstance(raw, str) else None
            if not module or module in known or (listed is None or module in listed):
                continue  # a module whose own entry has errors is "there"
            out.error(
                path,
                exempt.key_line(raw),
                _("There is no module '{module}' to be exempt from.").format(module=module),
                column=exempt.key_column(raw),
                hint=did_you_mean(module, known)
                or _("The modules are: {ids}.").format(ids=", ".join(known) or "-"),
            )
