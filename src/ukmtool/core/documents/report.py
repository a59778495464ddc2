"""The printed reports (``ukm report --format pdf``): what they say beyond their tables.

A printed report is the report's own tables (the same as every other
format, drawn by ``render/formats/pdf.py``) with, in front of them: the
title, what it covers and the day it is as of, the summary in words and
charts drawn from the figures; then the signature.  The per-participant
tables go to an appendix.  It goes to the Bupati or a sponsor, so it carries
no phone number and no NIK: the lists of people to call are the office's own
document (``ukm print calls``).

Charts are plain data: ``{"title", "legend": [...], "rows": [{"label",
"values", "total", "note"}]}``, drawn as bars by ``templates/report.typ``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core.documents.letterhead import document_base
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.filters import Filters
from ukmtool.core.reports.groups import GroupTable, group_table
from ukmtool.core.reports.module import ModuleReport
from ukmtool.core.reports.programme import ProgrammeReport, programme_report
from ukmtool.core.reports.visits import VisitsReport
from ukmtool.core.rules import Standing
from ukmtool.core.tables.tableset import Column, ColumnKind, Table
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_percent, gender_label, status_label

GROUPINGS = ("district", "sector", "gender")
"""The breakdowns every printed report charts."""


@dataclass(frozen=True, slots=True)
class Paper:
    """What a printed report says beyond its figures (``--date``, ``--number``, ``--to``)."""

    day: date
    """The day it is dated and signed on."""
    number: str | None = None
    """Its number (nomor) in the office's register; a dotted line without one."""
    addressee: str | None = None
    """To whom it goes (``--to``); else ``program.yaml``'s ``addressee``."""


@dataclass(frozen=True)
class Printed:
    """A document to compile: its template, its data, the folder whose templates win."""

    template: str
    payload: dict[str, Any]
    folder: Folder
    appendix: tuple[str, ...] = ()
    """Names of the report's tables that go to the appendix (participant lists)."""
    left_out: tuple[str, ...] = field(default=())
    """Names of the report's tables left out (the lists of people to phone)."""
    names: dict[str, str] = field(default_factory=dict)
    """Participant id -> owner: the appendix's lists name the people they list."""


def owners(programme: Programme) -> dict[str, str]:
    """Participant id -> owner, for the appendix's lists."""
    return {p.id: p.owner for p in programme.participants}


def whatsapp(phone: str | None) -> str | None:
    """``https://wa.me/62...`` for an Indonesian phone as stored (``08...``); None without one."""
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}" if len(digits) >= 8 else None


def contact(participant: Participant) -> dict[str, Any]:
    """The phone cell of a list of people to act on: the number and its WhatsApp link."""
    return {"text": participant.phone or "-", "link": whatsapp(participant.phone)}


def _percent(ratio: Ratio) -> str:
    fraction = ratio.fraction()
    return "-" if fraction is None else format_percent(fraction, 0)


def _completion_legend() -> list[dict[str, str]]:
    return [
        {"label": status_label("completed"), "color": "good"},
        {"label": status_label("in_progress"), "color": "open"},
        {"label": status_label("failed"), "color": "bad"},
    ]


def _group_label(table: GroupTable, key: str | None) -> str:
    if key is None:
        return _("no tag")
    return gender_label(key) if table.by[0] == "gender" else key


def group_chart(table: GroupTable) -> dict[str, Any]:
    """Completion per district, sector or gender as bars."""
    titles = {
        "district": _("Completion by district"),
        "sector": _("Completion by sector"),
        "gender": _("Completion by gender of the owner"),
    }
    return {
        "title": titles.get(table.by[0], table.by[0]),
        "legend": _completion_legend(),
        "rows": [
            {
                "label": f"{_group_label(table, row.group)} ({row.participants})",
                "values": [row.completed, row.in_progress, row.failed],
                "total": row.participants,
                "note": _percent(row.completed_share),
            }
            for row in table.rows
        ],
    }


def _covers(programme: Programme, filters: Filters, chosen: int) -> list[str]:
    settings = programme.settings
    lines = [
        _("{name}, {starts} to {ends}").format(
            name=settings.name, starts=format_date(settings.starts), ends=format_date(settings.ends)
        )
    ]
    chosen_by: list[tuple[str, tuple[str, ...]]] = [
        (_("district"), filters.districts),
        (_("sector"), filters.sectors),
        (_("tag"), filters.tags),
        (_("status"), tuple(status_label(s) for s in filters.statuses)),
    ]
    parts = [f"{label}: {', '.join(values)}" for label, values in chosen_by if values]
    if parts:
        lines.append(
            _("Only the {n} participants chosen by {filters}.").format(
                n=chosen, filters="; ".join(parts)
            )
        )
    return lines


def _last_held(programme: Programme) -> date | None:
    days = [
        module.sessions[n].date
        for module in programme.modules
        for n, sheet in programme.sheets.get(module.id, {}).items()
        if n in module.sessions and (sheet.present or sheet.late)  # held: someone came
    ]
    return max(days, default=None)


def _as_of(programme: Programme, today: date) -> str:
    """The day the figures are as of: the latest session held (else today)."""
    last = _last_held(programme)
    if last is None:
        return _("as printed on {date}; no session held yet").format(date=format_date(today))
    return _("attendance as recorded up to {date}").format(date=format_date(last))


def _front(
    programme: Programme, title: str, covers: list[str], as_of: str, paper: Paper
) -> dict[str, Any]:
    payload = document_base(programme.settings, paper.day)
    payload.update(title=title, covers=covers, as_of=as_of, labels=_labels())
    return payload


def _labels() -> dict[str, str]:
    return {
        "covers": _("Covers"),
        "as_of": _("As of"),
        "printed": _("Printed"),
        "summary": _("Summary"),
        "charts": _("Figures"),
        "tables": _("Tables"),
        "appendix": _("Appendix"),
        "page": _("Page"),
        "of": _("of"),
        "head_sign": _("Head of the office"),
        "closing": _(
            "This report is submitted for your information. Thank you for your attention."
        ),
        "none": _("Nobody."),
    }


def programme_printed(
    programme: Programme, report: ProgrammeReport, filters: Filters, paper: Paper
) -> Printed:
    """The programme report as a printed document."""
    payload = _front(
        programme,
        _("Programme report"),
        _covers(programme, filters, report.standing.participants),
        _as_of(programme, paper.day),
        paper,
    )
    charts = [
        {
            "title": _("Completion per module"),
            "legend": _completion_legend(),
            "rows": [
                {
                    "label": line.module.title,
                    "values": [line.tally.completed, line.tally.in_progress, line.tally.failed],
                    "total": line.tally.participants,
                    "note": _percent(Ratio(line.tally.completed, line.tally.participants)),
                }
                for line in report.modules
            ],
        },
        {
            "title": _("Attendance to date per module (present or late, of sessions held)"),
            "legend": [{"label": _("attended"), "color": "good"}],
            "rows": [
                {
                    "label": line.module.title,
                    "values": [line.tally.attended],
                    "total": line.tally.held,
                    "note": _percent(line.tally.to_date),
                }
                for line in report.modules
                if line.tally.held
            ],
        },
    ]
    for by in GROUPINGS:
        grouped = programme_report(programme, filters, by).groups
        if grouped is not None:
            charts.append(group_chart(grouped))
    payload["charts"] = charts
    payload["appendix_tables"] = [_programme_participants(programme, report, filters)]
    return Printed("report", payload, programme.folder, appendix=(), left_out=("at_risk",))


def standings_table(report: ProgrammeReport) -> Table:
    """One row per participant: who, and where they stand in every module (a status code).

    From the report's own standings (the participants it chose, each module's
    standing of each), never worked out again.
    """
    codes: dict[Standing, str] = {}  # one code per standing: participants share them
    columns = []
    for column in report.standings:
        words = []
        for s in column:
            code = codes.get(s)
            if code is None:
                code = codes[s] = "at_risk" if s.at_risk else s.status.value
            words.append(code)
        columns.append(words)
    rows = [
        (p.id, p.owner, p.business, p.district, p.phone, *statuses)
        for p, *statuses in zip(report.chosen, *columns, strict=True)
    ]
    return Table(
        "standing",
        _("Participants and their standing in each module"),
        [
            Column("id", _("id"), ColumnKind.CODE),
            Column("owner", _("owner"), ColumnKind.TEXT),
            Column("business", _("business"), ColumnKind.TEXT),
            Column("district", _("district"), ColumnKind.TEXT),
            Column("phone", _("phone"), ColumnKind.CODE),
            *(
                Column(line.module.id, line.module.title, ColumnKind.STATUS)
                for line in report.modules
            ),
        ],
        rows,
        noun="participants",
    )


def _programme_participants(
    programme: Programme, report: ProgrammeReport, filters: Filters
) -> dict[str, Any]:
    """The appendix: :func:`standings_table` without the phones, in words."""
    table = standings_table(report)
    titles = [line.module.title for line in report.modules]
    return {
        "title": table.title,
        "columns": [_("Id"), _("Owner"), _("Business"), _("District"), *titles],
        "numeric": [False] * (4 + len(titles)),
        "rows": [[*row[:4], *(status_label(code) for code in row[5:])] for row in table.rows],
    }


def module_printed(
    programme: Programme, report: ModuleReport, filters: Filters, paper: Paper
) -> Printed:
    """One module's report as a printed document."""
    module = report.module
    payload = _front(
        programme,
        _("Module report: {title}").format(title=module.title),
        _covers(programme, filters, len(report.participants)),
        _as_of(programme, paper.day),
        paper,
    )
    charts: list[dict[str, Any]] = [
        {
            "title": _("Attendance per session (present or late, of those it counts for)"),
            "legend": [{"label": _("attended"), "color": "good"}],
            "rows": [
                {
                    "label": _("{number} · {date}").format(
                        number=s.number, date=format_date(s.date)
                    ),
                    "values": [s.attended],
                    "total": s.counted,
                    "note": _percent(Ratio(s.attended, s.counted)),
                }
                for s in report.sessions
                if s.held
            ],
        }
    ]
    verdicts = [(s.status, s.at_risk) for s in report.standings]
    for by in GROUPINGS:
        charts.append(group_chart(group_table(by, programme, report.participants, verdicts)))
    payload["charts"] = charts
    return Printed(
        "report",
        payload,
        programme.folder,
        appendix=("participants",),
        left_out=("attention",),
        names=owners(programme),
    )


def visits_printed(
    programme: Programme, report: VisitsReport, filters: Filters, paper: Paper
) -> Printed:
    """The mentoring report as a printed document."""
    chosen = len(report.businesses)
    payload = _front(
        programme,
        _("Mentoring report"),
        _covers(programme, filters, chosen),
        _("visits up to {date}").format(date=format_date(report.as_of)),
        paper,
    )
    payload["charts"] = [
        {
            "title": _("Good practices in place: at the first and at the latest observation"),
            "legend": [
                {"label": _("first observation"), "color": "open"},
                {"label": _("latest observation"), "color": "good"},
            ],
            "paired": True,
            "rows": [
                {
                    "label": line.text,
                    "values": [line.yes_first, line.yes_latest],
                    "total": line.observed,
                    "note": f"{_percent(line.first)} → {_percent(line.latest)}",
                }
                for line in report.practices
                if line.observed
            ],
        }
    ]
    return Printed(
        "report",
        payload,
        programme.folder,
        appendix=("businesses",),
        left_out=("stale",),
        names=owners(programme),
    )


def report_labels() -> dict[str, str]:
    """The words of the report template (headings, page numbers), in the output's language."""
    return _labels()
