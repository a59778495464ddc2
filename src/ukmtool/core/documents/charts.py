"""The charts of the printed reports, as plain data for ``templates/report.typ``.

A chart is ``{"title", "legend": [{"label", "fill"}], "rows": [{"label",
"values", "total", "note"}], "paired": bool, "empty": str | None}``: each row
a bar of ``values`` out of ``total`` (or, ``paired``, one thin bar a value),
filled ``good``, ``open`` or ``bad`` (solid, hatched, dotted: apart on a
black-and-white copy), with a note at its end.  A row where nobody has
completed yet while others are still on their way says so in words
("belum ada yang lulus") instead of 0 %; a chart with no rows says why in
``empty``.
"""

from __future__ import annotations

from typing import Any

from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.groups import GroupTable
from ukmtool.core.reports.module import ModuleReport
from ukmtool.core.reports.programme import ProgrammeReport
from ukmtool.core.reports.visits import VisitsReport
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_percent, gender_label, status_label

Chart = dict[str, Any]


def percent(ratio: Ratio) -> str:
    """A whole percent, ``-`` when there is nothing to divide by."""
    fraction = ratio.fraction()
    return "-" if fraction is None else format_percent(fraction, 0)


def completion_legend(missed: bool = False) -> list[dict[str, str]]:
    """Completed, in progress, failed: the parts of a completion bar (and missed, rules 2.1)."""
    legend = [
        {"label": status_label("completed"), "fill": "good"},
        {"label": status_label("in_progress"), "fill": "open"},
        {"label": status_label("failed"), "fill": "bad"},
    ]
    if missed:
        legend.append({"label": status_label("missed"), "fill": "missed"})
    return legend


def completion_note(completed: int, in_progress: int, total: int, *, graduation: bool) -> str:
    """The share completed, or in words that nobody has completed yet while some still can."""
    if completed == 0 and in_progress > 0:
        return _("nobody graduated yet") if graduation else _("nobody completed yet")
    return percent(Ratio(completed, total))


def _chart(
    title: str, legend: list[dict[str, str]], rows: list[dict[str, Any]], empty: str | None = None
) -> Chart:
    return {"title": title, "legend": legend, "rows": rows, "paired": False, "empty": empty}


def _group_label(table: GroupTable, key: str | None) -> str:
    if key is None:
        return _("no tag")
    return gender_label(key) if table.by[0] == "gender" else key


def group_chart(table: GroupTable, *, graduation: bool) -> Chart:
    """Completion (or, for the programme, graduation) per district, sector or gender."""
    if graduation:
        titles = {
            "district": _("Graduation by district"),
            "sector": _("Graduation by sector"),
            "gender": _("Graduation by gender of the owner"),
        }
    else:
        titles = {
            "district": _("Completion by district"),
            "sector": _("Completion by sector"),
            "gender": _("Completion by gender of the owner"),
        }
    missed = bool(table.total.missed)  # rules 2.1: apart from failed; the exempt left out
    chart = _chart(
        titles.get(table.by[0], table.by[0]),
        completion_legend(missed),
        [
            {
                "label": f"{_group_label(table, row.group)} ({row.participants})",
                "values": [row.completed, row.in_progress, row.failed]
                + ([row.missed] if missed else []),
                "total": row.participants - row.exempt_standing,
                "note": completion_note(
                    row.completed,
                    row.in_progress,
                    row.participants - row.exempt_standing,
                    graduation=graduation,
                ),
            }
            for row in table.rows
        ],
    )
    return chart


def programme_charts(report: ProgrammeReport, groups: list[GroupTable]) -> list[Chart]:
    """Completion and attendance per module, then graduation per group."""
    missed = any(line.tally.missed for line in report.modules)
    charts = [
        _chart(
            _("Completion per module"),
            completion_legend(missed),
            [
                {
                    "label": line.module.title,
                    "values": [line.tally.completed, line.tally.in_progress, line.tally.failed]
                    + ([line.tally.missed] if missed else []),
                    "total": line.tally.participants - line.tally.exempt,
                    "note": completion_note(
                        line.tally.completed,
                        line.tally.in_progress,
                        line.tally.participants - line.tally.exempt,
                        graduation=False,
                    ),
                }
                for line in report.modules
            ],
        ),
        _chart(
            _("Attendance to date per module (present or late, of sessions held)"),
            [{"label": _("attended"), "fill": "good"}],
            [
                {
                    "label": line.module.title,
                    "values": [line.tally.attended],
                    "total": line.tally.held,
                    "note": percent(line.tally.to_date),
                }
                for line in report.modules
                if line.tally.held
            ],
            _("No session has been held yet."),
        ),
    ]
    charts += [group_chart(table, graduation=True) for table in groups]
    return charts


def module_charts(report: ModuleReport, groups: list[GroupTable]) -> list[Chart]:
    """Attendance per session held, then completion per group."""
    charts = [
        _chart(
            _("Attendance per session (present or late, of those it counts for)"),
            [{"label": _("attended"), "fill": "good"}],
            [
                {
                    "label": _("{number} · {date}").format(
                        number=s.number, date=format_date(s.date)
                    ),
                    "values": [s.attended],
                    "total": s.counted,
                    "note": percent(Ratio(s.attended, s.counted)),
                }
                for s in report.sessions
                if s.held
            ],
            _("No session has been held yet."),
        )
    ]
    charts += [group_chart(table, graduation=False) for table in groups]
    return charts


def visits_charts(report: VisitsReport) -> list[Chart]:
    """Each good practice: in place at the first observation, and at the latest."""
    chart = _chart(
        _("Good practices in place: at the first and at the latest observation"),
        [
            {"label": _("first observation"), "fill": "open"},
            {"label": _("latest observation"), "fill": "good"},
        ],
        [
            {
                "label": line.text,
                "values": [line.yes_first, line.yes_latest],
                "total": line.observed,
                "note": f"{percent(line.first)} → {percent(line.latest)}",
            }
            for line in report.practices
            if line.observed
        ],
        _("No good practice has been observed yet."),
    )
    chart["paired"] = True
    return [chart]
