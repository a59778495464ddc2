"""The printed reports (``ukm report --format pdf``): what they say beyond their tables.

Each is framed the way an office hands a report up (``templates/report.typ``):
the kop surat; the number, the addressee and what it is about (the
programme's laporan kegiatan always, another report when ``--number`` or
``--to`` is given); the title; what it covers; the organiser and partners;
for the laporan kegiatan, the office's own text (``laporan.md``); the
report's own tables (the same as every other format, drawn by
``render/formats/pdf.py``) and charts (``charts``); the closing words and
the signature; and the lists of participants as annexes (lampiran).  It goes
to the Bupati or a sponsor, so it carries no phone number and no NIK: the
lists of people to call are the office's own document (``ukm print calls``).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core.documents.charts import module_charts, programme_charts, visits_charts
from ukmtool.core.documents.letterhead import document_base
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters
from ukmtool.core.reports.graduates import GraduateList
from ukmtool.core.reports.groups import group_table
from ukmtool.core.reports.module import ModuleReport
from ukmtool.core.reports.programme import ProgrammeReport, programme_report
from ukmtool.core.reports.visits import VisitsReport
from ukmtool.core.rules import Standing, Status
from ukmtool.core.tables.tableset import Column, ColumnKind, Table
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, gender_label, status_label

GROUPINGS = ("district", "sector", "gender")
"""The breakdowns every printed report charts."""
SAMPLE = 3
"""How many of a column's longest texts (and of its longest words) its width is measured on."""


@dataclass(frozen=True, slots=True)
class Paper:
    """What a printed report says beyond its figures (``--date``, ``--number``, ``--to``)."""

    day: date
    """The day it is dated and signed on."""
    number: str | None = None
    """Its number (nomor) in the office's register; a dotted line without one."""
    addressee: str | None = None
    """To whom it goes (``--to``); else ``program.yaml``'s ``addressee``."""
    text: str | None = None
    """The office's own text (``laporan.md``), Markdown; the laporan kegiatan prints it."""


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
    programmes: dict[str, str] = field(default_factory=dict)
    """Folder (as the tables name it) -> its programme's name, printed in the folder's
    place: no file name on paper (``compare``, ``history``)."""


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


def printed_table(
    title: str | None,
    columns: Sequence[str],
    numeric: Sequence[bool],
    rows: Sequence[Sequence[str]],
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """A table as ``templates/tables.typ`` draws it, with the texts its widths are measured on.

    ``sample`` holds, per column, its longest texts and the texts holding its
    longest words, over every row: the template measures those alone, so a
    table of any length is laid out the same in every part.
    """
    sample: list[list[str]] = []
    for i in range(len(columns)):
        cells = [str(row[i]) for row in rows]
        longest = heapq.nlargest(SAMPLE, cells, key=len)
        widest = heapq.nlargest(SAMPLE, cells, key=_longest_word)
        sample.append(list(dict.fromkeys(longest + widest)))
    return {
        "title": title,
        "columns": list(columns),
        "numeric": list(numeric),
        "rows": [[str(cell) for cell in row] for row in rows],
        "sample": sample,
        "notes": list(notes),
    }


def _longest_word(text: str) -> int:
    return max(map(len, text.split()), default=0)


def _labels() -> dict[str, str]:
    return {
        "number": _("Number"),
        "subject": _("Subject"),
        "to": _("To"),
        "figures": _("The programme in figures"),
        "charts": _("Charts"),
        "annex": _("ANNEX {n}"),
        "page": _("Page"),
        "of": _("of"),
        "head_sign": _("Head of the office"),
        "none": _("Nobody."),
    }


def filters_text(filters: Filters, chosen: int) -> str | None:
    """Who the report covers when not everybody: ``Only the 10 participants chosen by ...``."""
    chosen_by: list[tuple[str, tuple[str, ...]]] = [
        (_("district"), filters.districts),
        (_("sector"), filters.sectors),
        (_("tag"), filters.tags),
        (_("status"), tuple(status_label(s) for s in filters.statuses)),
    ]
    parts = [f"{label}: {', '.join(values)}" for label, values in chosen_by if values]
    if not parts:
        return None
    return _("Only the {n} participants chosen by {filters}.").format(
        n=chosen, filters="; ".join(parts)
    )


def _last_held(programme: Programme) -> date | None:
    days = [
        module.sessions[n].date
        for module in programme.modules
        for n, sheet in programme.sheets.get(module.id, {}).items()
        if n in module.sessions and (sheet.present or sheet.late)  # held: someone came
    ]
    return max(days, default=None)


def attendance_as_of(programme: Programme) -> str:
    """The day the attendance figures are as of: the latest session held."""
    last = _last_held(programme)
    if last is None:
        return _("no session held yet")
    return _("attendance as recorded up to {date}").format(date=format_date(last))


def period(start: date, end: date) -> str:
    """``13 Desember 2017 sampai 13 Maret 2018``."""
    return _("{starts} to {ends}").format(starts=format_date(start), ends=format_date(end))


@dataclass(frozen=True, slots=True)
class Frame:
    """What a printed report says around its figures (see the module)."""

    title: str
    subtitle: str | None
    about: list[tuple[str, str]]
    closing: str = ""
    letter: bool = False
    """Whether it carries the number, the addressee and its subject even without options."""


def framed(programme: Programme, paper: Paper, frame: Frame) -> dict[str, Any]:
    """The payload of ``templates/report.typ`` around the figures (see the module)."""
    settings = programme.settings
    payload = document_base(settings, paper.day)
    letter = None
    if frame.letter or paper.number or paper.addressee:
        addressee = paper.addressee or settings.addressee
        subject = frame.title if frame.subtitle is None else f"{frame.title} {frame.subtitle}"
        letter = {
            "number": paper.number,
            "addressee": addressee.splitlines() if addressee else None,
            "subject": subject,
        }
    payload.update(
        title=frame.title,
        subtitle=frame.subtitle,
        letter=letter,
        about=[[label, text] for label, text in frame.about],
        text=[],
        charts=[],
        closing=frame.closing
        or _("This report is submitted for your information. Thank you for your attention."),
        labels=_labels(),
    )
    return payload


def _programme_about(
    programme: Programme, filters: Filters, chosen: int, as_of: str
) -> list[tuple[str, str]]:
    settings = programme.settings
    about = [(_("Held"), period(settings.starts, settings.ends))]
    if settings.venue:
        about.append((_("Venue"), settings.venue))
    covered = filters_text(filters, chosen)
    if covered:
        about.append((_("Participants"), covered))
    about.append((_("Figures as of"), as_of))
    return about


def programme_printed(
    programme: Programme, report: ProgrammeReport, filters: Filters, paper: Paper
) -> Printed:
    """The programme report as a laporan kegiatan: the office's text, the figures, annexes."""
    from ukmtool.core.documents.laporan import laporan_blocks

    about = _programme_about(
        programme, filters, report.standing.participants, attendance_as_of(programme)
    )
    frame = Frame(_("Activity report"), programme.settings.name, about, letter=True)
    payload = framed(programme, paper, frame)
    payload["text"] = laporan_blocks(paper.text) if paper.text else []
    groups = []
    for by in GROUPINGS:
        grouped = programme_report(programme, filters, by).groups
        if grouped is not None:
            groups.append(grouped)
    payload["charts"] = programme_charts(report, groups)
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
    """The annex: every participant by name and standing (:func:`standings_table`, no phones)."""
    table = standings_table(report)
    titles = [line.module.title for line in report.modules]
    return printed_table(
        table.title,
        [_("Id"), _("Owner"), _("Business"), _("District"), *titles],
        [False] * (4 + len(titles)),
        [[*row[:4], *(status_label(code) for code in row[5:])] for row in table.rows],
    )


def module_printed(
    programme: Programme, report: ModuleReport, filters: Filters, paper: Paper
) -> Printed:
    """One module's report as a printed document."""
    module = report.module
    days = [s.date for s in module.sessions.values()]
    about = [(_("Programme"), programme.settings.name)]
    if days:
        about.append((_("Sessions"), period(min(days), max(days))))
    covered = filters_text(filters, len(report.participants))
    if covered:
        about.append((_("Participants"), covered))
    about.append((_("Figures as of"), attendance_as_of(programme)))
    payload = framed(programme, paper, Frame(_("Module report"), module.title, about))
    verdicts = [(s.status.value, s.at_risk, s.status is Status.EXEMPT) for s in report.standings]
    groups = [group_table(by, programme, report.participants, verdicts) for by in GROUPINGS]
    payload["charts"] = module_charts(report, groups)
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
    about = [(_("Programme"), programme.settings.name)]
    covered = filters_text(filters, len(report.businesses))
    if covered:
        about.append((_("Businesses"), covered))
    about.append(
        (_("Figures as of"), _("visits up to {date}").format(date=format_date(report.as_of)))
    )
    payload = framed(programme, paper, Frame(_("Mentoring report"), None, about))
    payload["charts"] = visits_charts(report)
    return Printed(
        "report",
        payload,
        programme.folder,
        appendix=("businesses",),
        left_out=("stale",),
        names=owners(programme),
    )


def graduates_printed(programme: Programme, listing: GraduateList, paper: Paper) -> Printed:
    """The list of graduates (Daftar Lulusan), numbered, signed by the head of the office."""
    settings = programme.settings
    as_of = (
        _("completion as of {date}").format(date=format_date(listing.as_of))
        if listing.as_of is not None
        else attendance_as_of(programme)
    )
    about = [(_("Held"), period(settings.starts, settings.ends))]
    covered = filters_text(listing.filters, listing.considered)
    if covered:
        about.append((_("Participants"), covered))
    about.append((_("Figures as of"), as_of))
    frame = Frame(
        _("List of graduates"),
        settings.name,
        about,
        closing=_("This list is made truthfully, to be used as it should be."),
    )
    payload = framed(programme, paper, frame)
    rows = [
        [
            str(number),
            g.participant.id,
            g.participant.owner,
            g.participant.business,
            g.participant.district,
            gender_label(g.participant.gender),
            format_date(g.completed),
        ]
        for number, g in enumerate(listing.graduates, start=1)
    ]
    table = printed_table(
        None,
        [
            _("No."),
            _("Id"),
            _("Owner"),
            _("Business"),
            _("District"),
            _("Gender"),
            _("Completed on"),
        ],
        [True, False, False, False, False, False, False],
        rows,
        [
            _("{n} of {total} participants completed every module.").format(
                n=len(rows), total=listing.considered
            )
        ],
    )
    table["empty"] = _("Nobody has graduated yet.")
    payload["body_tables"] = [table]
    return Printed("report", payload, programme.folder, left_out=("graduates",))
