"""``ukm show``, ``ukm participants`` and ``ukm modules`` as tables (see ``tableset``)."""

from __future__ import annotations

from ukmtool.core.programme import missed_hint
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.records import ModuleList, ParticipantList, ShowRecord, nik_shown
from ukmtool.core.rules import Status
from ukmtool.core.tables.columns import (
    as_of_title,
    standing_columns,
    standing_legend,
    standing_terminal_legend,
    standing_values,
    threshold_note,
)
from ukmtool.core.tables.impact import figures_table
from ukmtool.core.tables.scores import score_columns, score_legend, score_values
from ukmtool.core.tables.tableset import (
    Column,
    ColumnKind,
    Fact,
    GenderCode,
    Table,
    TableSet,
    Where,
)
from ukmtool.core.tables.tableset import facts_table as facts
from ukmtool.core.tables.visits import show_visit_tables
from ukmtool.i18n import _, pgettext
from ukmtool.localefmt import format_date, gender_label
from ukmtool.localefmt import format_number as num


def _opt(value: object) -> str:
    return "" if value is None else str(value)


def show_tables(record: ShowRecord) -> TableSet:
    """One business: its details, then its standing in every module."""
    p = record.participant
    nik = nik_shown(p, record.show_nik)
    details = [
        Fact("id", _("id"), p.id, p.id),
        Fact("business", _("business"), p.business, p.business),
        Fact("owner", _("owner"), p.owner, p.owner),
        Fact("gender", _("gender"), GenderCode(p.gender), gender_label(p.gender)),
        Fact("sector", _("sector"), p.sector, p.sector),
        Fact("district", _("district"), p.district, p.district),
        Fact("village", _("village"), p.village, p.village),
        Fact("address", _("address"), p.address, p.address),
        Fact("phone", _("phone"), p.phone, p.phone),
        Fact(
            "employees",
            _("employees"),
            p.employees,
            None if p.employees is None else num(p.employees),
        ),
        Fact("nik", _("NIK"), nik, nik),
        Fact("nib", _("NIB"), p.nib, p.nib),
        Fact("registered", _("registered"), p.registered, format_date(p.registered)),
        Fact("tags", _("tags"), ", ".join(p.tags), ", ".join(p.tags) or None),
        Fact("notes", _("notes"), p.notes, p.notes),
        Fact(
            "exempt",
            _("exempt from"),
            "; ".join(f"{module}: {why}" for module, why in p.exempt.items()),
            "; ".join(f"{module} ({why})" for module, why in p.exempt.items()) or None,
        ),
    ]
    passed = sum(1 for standing, _m in record.modules if standing.status.passed)
    details.append(
        Fact(
            "graduated",
            _("graduated"),
            record.graduated,
            _("yes, completed every module")
            if record.graduated
            else _("not yet: completed {done} of {total} modules").format(
                done=num(passed), total=num(len(record.modules))
            ),
        )
    )
    makeups = any(standing.makeup for standing, _m in record.modules)
    tested = bool(record.scores)  # the tests' columns only for a business that took one
    columns = [
        Column("module", _("module"), ColumnKind.CODE),
        Column("title", _("title"), ColumnKind.TEXT),
        *standing_columns(makeups),
        Column("missed", _("missed (date, why)"), ColumnKind.MISSED),
        *(score_columns() if tested else []),
    ]
    rows = [
        (
            standing.module.id,
            standing.module.title,
            *standing_values(standing, makeups),
            misses,
            *(score_values(record.scores.get(standing.module.id)) if tested else ()),
        )
        for standing, misses in record.modules
    ]
    notes = [standing_legend(), *([score_legend()] if tested else [])]
    advice = [
        missed_hint(standing.module.id, p.id)
        for standing, _m in record.modules
        if standing.status is Status.MISSED
    ]
    modules = Table(
        "modules",
        _("Modules"),
        columns,
        rows,
        notes=notes,
        terminal_notes=[standing_terminal_legend(makeups)],
        advice=advice,
    )
    title = as_of_title(_("{id} {business}").format(id=p.id, business=p.business), record.as_of)
    tables = [facts("participant", _("Details"), details), modules]
    if record.mentoring is not None:
        tables += show_visit_tables(record.mentoring)
    if any(point.figures.known for point in record.figures):
        tables.append(figures_table(record.figures, record.change))
    return TableSet(title, tables, "modules")


def participants_tables(listing: ParticipantList) -> TableSet:
    """The chosen participants, every field (NIK masked unless asked; the NIB, public, as is)."""
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("gender", _("gender"), ColumnKind.GENDER),
        Column("sector", _("sector"), ColumnKind.TEXT),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("village", _("village"), ColumnKind.TEXT, Where.EXPORT),
        Column("phone", _("phone"), ColumnKind.CODE),
        Column("employees", _("employees"), ColumnKind.AUTO, Where.EXPORT),
        Column("nik", _("NIK"), ColumnKind.CODE, Where.ALL if listing.show_nik else Where.EXPORT),
        Column("registered", _("registered"), ColumnKind.DATE),
        Column("tags", _("tags"), ColumnKind.TEXT),
        Column("nib", _("NIB"), ColumnKind.CODE, Where.EXPORT),
        Column("exempt", _("exempt from"), ColumnKind.TEXT, Where.EXPORT),
    ]
    rows = [
        (
            p.id,
            p.business,
            p.owner,
            p.gender,
            p.sector,
            p.district,
            _opt(p.village),
            _opt(p.phone),
            p.employees,
            _opt(nik_shown(p, listing.show_nik)),
            p.registered,
            ", ".join(p.tags),
            _opt(p.nib),
            ", ".join(p.exempt),
        )
        for p in listing.rows
    ]
    count = len(rows)
    if listing.filters.active:
        note = _("{n} of {total} participants match.").format(
            n=num(count), total=num(listing.total)
        )
    else:
        note = _("{n} participants.").format(n=num(count))
    table = Table(
        "participants",
        _("Participants"),
        columns,
        rows,
        notes=[note],
        limitable=True,
        noun="participants",
    )
    return TableSet(as_of_title(listing.programme_name, listing.as_of), [table], "participants")


def modules_tables(listing: ModuleList) -> TableSet:
    """Modules, then every session with its date and whether it was held."""
    module_columns = [
        Column("module", _("module"), ColumnKind.CODE),
        Column("title", _("title"), ColumnKind.TEXT),
        Column("min_attendance", _("minimum\nattendance"), ColumnKind.PERCENT),
        Column("required", _("req"), ColumnKind.INT),
        Column("held", pgettext("column", "held"), ColumnKind.INT, total=True),
        Column("sessions", _("plan"), ColumnKind.INT, total=True),
        Column("first", _("first"), ColumnKind.DATE),
        Column("last", _("last"), ColumnKind.DATE),
        Column("next", _("next not held"), ColumnKind.DATE),
    ]
    module_rows = []
    session_rows = []
    for entry in listing.modules:
        dates = [s.date for s in entry.sessions]
        upcoming = [s.date for s in entry.sessions if not s.held]
        module_rows.append(
            (
                entry.module.id,
                entry.module.title,
                Ratio(entry.min_attendance, 100),
                entry.required,
                entry.held,
                len(entry.sessions),
                min(dates) if dates else None,
                max(dates) if dates else None,
                upcoming[0] if upcoming else None,
            )
        )
        for s in entry.sessions:
            planned = entry.module.sessions[s.number]
            session_rows.append(
                (
                    entry.module.id,
                    s.number,
                    s.date,
                    s.topic or "",
                    s.trainer or "",
                    planned.place or "",
                    planned.hours,
                    s.held,
                    s.counted,
                    s.attended,
                    Ratio(s.attended, s.counted if s.held else 0),
                )
            )
    session_columns = [
        Column("module", _("module"), ColumnKind.CODE),
        Column("session", _("session"), ColumnKind.INT),
        Column("date", _("date"), ColumnKind.DATE),
        Column("topic", _("topic"), ColumnKind.TEXT),
        Column("trainer", _("trainer"), ColumnKind.TEXT),
        Column("place", _("place"), ColumnKind.TEXT, Where.EXPORT),
        Column("hours", _("hours"), ColumnKind.AUTO, Where.EXPORT, total=True),
        Column("held", pgettext("column", "held"), ColumnKind.FLAG),
        # not added up: a session not held yet counts everyone, and attends no one
        Column("counted", _("counted"), ColumnKind.INT),
        Column("attended", _("att"), ColumnKind.INT, total=True),
        Column(
            "pct_attended_of_counted", _("attended\n(att/counted)"), ColumnKind.PERCENT, total=True
        ),
    ]
    note = _(
        "A session is held once its sheet in attendance/<module>.yaml marks someone present or "
        "late. counted = participants registered on or before its date (or who made it up); "
        "att = present or late, or made up later."
    )
    module_notes = [
        _("{module}: {note}").format(module=entry.module.id, note=text)
        for entry in listing.modules
        if (text := threshold_note(len(entry.sessions), entry.min_attendance))
    ]
    tables = [
        Table("modules", _("Modules"), module_columns, module_rows, notes=module_notes),
        Table("sessions", _("Sessions"), session_columns, session_rows, notes=[note]),
    ]
    return TableSet(listing.programme_name, tables, "sessions")
