"""Checks that depend on today's date, run by ``ukm check`` after the load.

They are not in :data:`~ukmtool.core.reading.checks.CHECKS`: the load cache
keeps what the files say, and what today makes of them changes at midnight.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ukmtool.core.programme import Programme
from ukmtool.core.yamlio.reader import FileTooLargeError, LMap, parse_bytes
from ukmtool.diagnostics import Collector, Diagnostic
from ukmtool.i18n import _


def check_today(programme: Programme, today: date) -> list[Diagnostic]:
    """A warning for each sheet that marks someone present or late at a session dated after today.

    Nobody can have come to a session that has not happened: most likely the
    date in ``modules.yaml`` is stale (the session was moved), or the sheet was
    written under the wrong number.
    """
    out = Collector()
    for module in programme.modules:
        sheets = programme.sheets.get(module.id, {})
        future = sorted(
            number
            for number, sheet in sheets.items()
            if sheet.held and number in module.sessions and module.sessions[number].date > today
        )
        if not future:
            continue
        path = programme.folder.attendance(module.id)
        root = _located(path)
        for number in future:
            out.warning(
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
    return out.items


def _located(path: Path) -> LMap | None:
    """The attendance file's sessions with their lines (None when it cannot be read as such).

    The load read this file a moment ago; if it cannot be read now, the warning goes without
    its line.
    """
    try:
        root = parse_bytes(path.read_bytes()).value
    except (OSError, FileTooLargeError):
        return None
    return root if isinstance(root, LMap) else None
