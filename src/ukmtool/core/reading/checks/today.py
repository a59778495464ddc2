"""Checks that depend on today's date, run by ``ukm check`` after the load.

They are not in :data:`~ukmtool.core.reading.checks.CHECKS`: the load cache
keeps what the files say, and what today makes of them changes at midnight.
Nothing can have happened after today, so each is an error: someone marked
present or late at a session dated after today, a make-up, a mentoring
visit or a measurement dated after it (a typo in the year, most likely:
2081 for 2018, which would become the "latest" of every report).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core.programme import Programme
from ukmtool.core.yamlio.reader import FileTooLargeError, LList, LMap, parse_bytes
from ukmtool.diagnostics import Collector, Diagnostic
from ukmtool.i18n import _


def check_today(programme: Programme, today: date) -> list[Diagnostic]:
    """An error for each mark, make-up, visit and measurement dated after ``today``."""
    out = Collector()
    _check_sheets(programme, today, out)
    _check_list(
        programme.folder.visits,
        [v.date for v in programme.visits],
        today,
        _("The visit is dated {date}, after today ({today})."),
        _("Record a visit once it has happened; correct the year if it is a typo."),
        out,
    )
    _check_list(
        programme.folder.indicators,
        [m.date for m in programme.indicators],
        today,
        _("The measurement is dated {date}, after today ({today})."),
        _(
            "Record the figures once they are measured; correct the year if it is a typo "
            "(it would be every report's latest measurement)."
        ),
        out,
    )
    return out.items


def _check_sheets(programme: Programme, today: date, out: Collector) -> None:
    for module in programme.modules:
        sheets = programme.sheets.get(module.id, {})
        future = sorted(
            number
            for number, sheet in sheets.items()
            if sheet.held and number in module.sessions and module.sessions[number].date > today
        )
        makeups = sorted(
            (number, pid, day)
            for number, sheet in sheets.items()
            for pid, day in sheet.makeup.items()
            if day > today
        )
        if not future and not makeups:
            continue
        path = programme.folder.attendance(module.id)
        root = _located(path)
        root = root if isinstance(root, LMap) else None
        for number in future:
            out.error(
                path,
                root.key_line(str(number)) if root is not None else None,
                _(
                    "Session {number} of '{module}' is dated {date}, after today, but its sheet "
                    "marks people present or late."
                ).format(
                    number=number,
                    module=module.id,
                    date=module.sessions[number].date.isoformat(),
                ),
                hint=_(
                    "If the session was moved, correct its date in modules.yaml; otherwise the "
                    "marks belong under another session number."
                ),
            )
        for number, pid, day in makeups:
            sheet = root.get(str(number)) if root is not None else None
            marks = sheet.get("makeup") if isinstance(sheet, LMap) else None
            found = isinstance(marks, LMap) and pid in marks
            out.error(
                path,
                marks.value_line(pid) if found and isinstance(marks, LMap) else None,
                _(
                    "{id}'s make-up of session {number} is dated {date}, after today ({today})."
                ).format(id=pid, number=number, date=day.isoformat(), today=today.isoformat()),
                column=marks.value_column(pid) if found and isinstance(marks, LMap) else None,
                hint=_("Record a make-up once it has happened; correct the year if it is a typo."),
            )


def _check_list(
    path: Path,
    dates: list[date],
    today: date,
    message: str,
    hint: str,
    out: Collector,
) -> None:
    """An error at the ``date`` of each entry of ``path`` dated after ``today``.

    ``dates`` holds the date of each entry that loaded, in the file's order;
    the lines come from reading the file again (when an entry did not load,
    an error already, the lines cannot be matched and are left out).
    """
    if not any(day > today for day in dates):
        return
    root = _located(path)
    items: Iterable[Any] = root if isinstance(root, LList) else ()
    entries: list[LMap | None] = [item for item in items if isinstance(item, LMap)]
    if len(entries) != len(dates):
        entries = [None] * len(dates)
    for day, item in zip(dates, entries, strict=True):
        if day <= today:
            continue
        out.error(
            path,
            item.value_line("date") if item is not None else None,
            message.format(date=day.isoformat(), today=today.isoformat()),
            column=item.value_column("date") if item is not None else None,
            hint=hint,
        )


def _located(path: Path) -> Any:
    """The file's located root (None when it cannot be read as such).

    The load read this file a moment ago; if it cannot be read now, the error
    goes without its line.
    """
    try:
        return parse_bytes(path.read_bytes()).value
    except (OSError, FileTooLargeError):
        return None
