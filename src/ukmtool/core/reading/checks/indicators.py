"""Checks of ``indicators.yaml`` across files: whose figures, on which day, once a day.

The model checks each value (a date, whole Rupiah 0 or more, a whole count of
employees); here each measurement must name a registered participant, not be
dated before they registered, and be the only one for that participant on
that day.  A measurement that holds no figure at all is a warning.
"""

from __future__ import annotations

from datetime import date

from ukmtool.core.reading.checks.given import Given
from ukmtool.core.reading.checks.visits import day_of
from ukmtool.core.yamlio.reader import LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _

FIGURES = ("monthly_sales", "capital", "employees")
"""The fields of a measurement that hold the business's figures."""


def check_measurements(given: Given, out: Collector) -> None:
    """Whose figures, on which day, once a day: the measurements of ``indicators.yaml``."""
    root = given.sources.indicators
    if root is None:
        return
    path = given.folder.indicators
    registered = given.participants_by_id
    first: dict[tuple[str, date], int] = {}
    for item in root:
        if not isinstance(item, LMap):
            continue
        raw = item.get("participant")
        pid = raw.strip() if isinstance(raw, str) else None
        day = day_of(item.get("date"))
        participant = registered.get(pid) if pid is not None else None
        if pid is not None and participant is None:
            if given.unregistered(pid):
                where = (item.value_line("participant"), item.value_column("participant"))
                given.report_unregistered(out, path, where, pid)
        elif participant is not None and day is not None and day < participant.registered:
            out.error(
                path,
                item.value_line("date"),
                _("The measurement ({date}) is before {id} registered ({registered}).").format(
                    date=day.isoformat(), id=pid, registered=participant.registered.isoformat()
                ),
                column=item.value_column("date"),
                hint=_("The figures when they registered go in participants.yaml (the baseline)."),
            )
        if pid is not None and day is not None:
            key = (pid, day)
            if key in first:
                out.error(
                    path,
                    item.value_line("date"),
                    _("{id} has two measurements on {date} (the first at line {line}).").format(
                        id=pid, date=day.isoformat(), line=first[key]
                    ),
                    column=item.value_column("date"),
                    hint=_("Keep one measurement a day: merge them into one entry."),
                )
            else:
                first[key] = item.value_line("date")
        if not any(_given(item.get(name)) for name in FIGURES):
            out.warning(
                path,
                item.line,
                _("This measurement holds no figures."),
                hint=_("Give monthly_sales, capital or employees, or remove the entry."),
            )


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
