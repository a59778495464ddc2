"""The module report as tables: participants, sessions, (groups,) summary, who needs attention."""

from __future__ import annotations

from typing import Any

from ukmtool.core.models import MAKEUP, STATUSES
from ukmtool.core.programme import missed_hint
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.module import MARKS, ModuleReport, Tally
from ukmtool.core.rules import Standing
from ukmtool.core.tables.columns import (
    as_of_title,
    flag,
    groups_table,
    shown_if,
    standing_columns,
    standing_legend,
    standing_terminal_legend,
    threshold_note,
)
from ukmtool.core.tables.columns import standing_values as values_of
from ukmtool.core.tables.scores import score_columns, score_facts, score_legend, score_values
from ukmtool.core.tables.tableset import (
    Column,
    ColumnKind,
    Fact,
    Table,
    TableSet,
    Where,
    facts_table,
)
from ukmtool.i18n import _, ngettext, pgettext
from ukmtool.localefmt import format_date, format_percent_figure
from ukmtool.localefmt import format_number as num


def _percent_text(ratio: Ratio) -> str:
    pct = ratio.percent()
    return "-" if pct is None else format_percent_figure(pct)


def module_tables(report: ModuleReport) -> TableSet:
    """Participants, sessions, (groups,) summary and who needs attention, for one module."""
    module = report.module
    who_columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("sector", _("sector"), ColumnKind.TEXT, Where.EXPORT),
        Column("gender", _("gender"), ColumnKind.GENDER, Where.EXPORT),
    ]
    makeups = bool(report.summary.marks[MAKEUP])
    tails: dict[Standing, tuple[Any, ...]] = {}
    rows = []
    scores = report.scores if report.tested else [None] * len(report.participants)
    for who, s, entry in zip(report.participants, report.standings, scores, strict=True):
        tail = tails.get(s)
        if tail is None:
            tail = tails[s] = (*values_of(s, makeups), report.misses(s))
        tested = score_values(entry) if report.tested else ()
        rows.append((who.id, who.business, who.district, who.sector, who.gender, *tail, *tested))
    participants = Table(
        name="participants",
        title=_("Participants"),
        columns=[
            *who_columns,
            *standing_columns(makeups),
            Column("missed", _("missed"), ColumnKind.MISSED, Where.EXPORT),
            *(score_columns() if report.tested else []),
        ],
        rows=rows,
        notes=[standing_legend(), *([score_legend()] if report.tested else [])],
        terminal_notes=[standing_terminal_legend(makeups)],
        attention=[s.needs_attention for s in report.standings],
        limitable=True,
        noun="participants",
    )
    if not report.participants:
        participants.notes.insert(0, _("No participant matches."))
    tables = [participants, _sessions_table(report)]
    if report.groups is not None:
        tables.append(groups_table(report.groups, programme=False, tests=report.tested))
    facts = _module_facts(report) + (score_facts(report.tests) if report.tested else [])
    tables.append(facts_table("summary", _("Summary"), facts))
    tables.append(_attention_table(report))
    title = as_of_title(_("{title} ({id})").format(title=module.title, id=module.id), report.as_of)
    return TableSet(title, tables, primary="groups" if report.groups else "participants")


def _sessions_table(report: ModuleReport) -> Table:
    columns = [
        Column("session", _("session"), ColumnKind.INT),
        Column("date", _("date"), ColumnKind.DATE),
        Column("topic", _("topic"), ColumnKind.TEXT),
        Column("trainer", _("trainer"), ColumnKind.TEXT),
        Column("held", pgettext("column", "held"), ColumnKind.FLAG),
        # not added up: a session not held yet counts everyone, and attends no one
        Column("counted", _("counted"), ColumnKind.INT),
        Column("present", _("pres"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("late", _("late"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("excused", _("exc"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("sick", _("sick"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("absent", _("abs"), ColumnKind.INT, Where.EXPORT, total=True),
        Column(
            "makeup",
            _("make-\nup"),
            ColumnKind.INT,
            shown_if(report.summary.marks[MAKEUP]),
            total=True,
        ),
        Column("attended", _("att"), ColumnKind.INT, total=True),
        Column(
            "pct_attended_of_counted", _("attended\n(att/counted)"), ColumnKind.PERCENT, total=True
        ),
    ]
    rows = [
        (
            s.number,
            s.date,
            s.topic or "",
            s.trainer or "",
            s.held,
            s.counted,
            *(s.counts[k] for k in MARKS),
            s.attended,
            Ratio(s.attended, s.counted if s.held else 0),
        )
        for s in report.sessions
    ]
    notes = [
        _(
            "A session is held once its sheet marks someone present or late. counted = "
            "participants for whom the session counts (registered on or before its date, or "
            "made it up). att = present or late on the day, or made up later (make-up)."
        )
    ]
    notes.extend(
        ngettext(
            "Session {number} ({date}) is not held yet: {n} participant is marked excused, "
            "sick or absent in advance.",
            "Session {number} ({date}) is not held yet: {n} participants are marked excused, "
            "sick or absent in advance.",
            s.advance,
        ).format(number=s.number, date=format_date(s.date), n=num(s.advance))
        for s in report.sessions
        if s.advance
    )
    no_absence = threshold_note(report.planned, report.min_attendance)
    if no_absence:
        notes.append(no_absence)
    title = _("Sessions: {held} of {planned} held").format(
        held=num(report.held), planned=num(report.planned)
    )
    return Table("sessions", title, columns, rows, notes=notes)


def _module_facts(report: ModuleReport) -> list[Fact]:
    s = report.summary
    m = s.marks
    return [
        Fact("module", _("module"), report.module.id),
        Fact("title", _("title"), report.module.title),
        Fact(
            "sessions",
            _("Sessions"),
            report.planned,
            _("{held} held of {planned} planned").format(
                held=num(report.held), planned=num(report.planned)
            ),
            name=_("sessions planned"),
        ),
        Fact("held", _("sessions held"), report.held),
        Fact(
            "min_attendance",
            _("minimum attendance"),
            Ratio(report.min_attendance, 100),
            kind=ColumnKind.PERCENT,
        ),
        Fact(
            "required",
            _("Required"),
            report.required,
            _(
                "{required} of {planned} sessions present, late or made up (minimum {minimum}%; "
                "fewer for those who registered later)"
            ).format(
                required=num(report.required),
                planned=num(report.planned),
                minimum=num(report.min_attendance),
            ),
            name=_("sessions required to complete"),
        ),
        Fact(
            "participants",
            _("Participants"),
            s.participants,
            _participants_text(s),
        ),
        Fact("completed", _("completed"), s.completed),
        Fact("in_progress", _("in progress"), s.in_progress),
        Fact("failed", _("failed"), s.failed),
        Fact("at_risk", _("at risk"), s.at_risk),
        Fact("missed", _("missed"), s.missed),
        Fact("exempt", _("exempt"), s.exempt),
        Fact(
            "missed_last_two",
            _("Missed the last two held sessions"),
            s.missed_last_two,
            num(s.missed_last_two),
        ),
        Fact(
            "present",
            _("Attendance marks"),
            m["present"],
            _marks_text(m),
            name=_("marked present"),
        ),
        Fact("late", _("marked late"), m["late"]),
        Fact("excused", _("marked excused"), m["excused"]),
        Fact("sick", _("marked sick"), m["sick"]),
        Fact("absent", _("absent or not marked"), m["absent"]),
        Fact("makeup", _("made up"), m[MAKEUP]),
        Fact(
            "attended",
            _("attended (present, late or made up), over all participants"),
            s.attended,
        ),
        Fact(
            "attendance_held",
            _("held sessions that count, over all participants"),
            s.held,
        ),
        Fact(
            "pct_attended_of_held",
            _("Attendance to date (att/held)"),
            s.to_date,
            _("{pct} ({attended} attended of {held} held)").format(
                pct=_percent_text(s.to_date), attended=num(s.attended), held=num(s.held)
            ),
            ColumnKind.PERCENT,
        ),
    ]


def _participants_text(s: Tally) -> str:
    """``40: 30 completed, 8 in progress (2 at risk), 2 failed`` (missed, exempt when any)."""
    text = _(
        "{n}: {completed} completed, {in_progress} in progress ({at_risk} at risk), {failed} failed"
    ).format(
        n=num(s.participants),
        completed=num(s.completed),
        in_progress=num(s.in_progress),
        at_risk=num(s.at_risk),
        failed=num(s.failed),
    )
    if s.missed:
        text += _(", {n} missed (registered after every session)").format(n=num(s.missed))
    if s.exempt:
        text += _(", {n} exempt").format(n=num(s.exempt))
    return text


def _marks_text(marks: dict[str, int]) -> str:
    """``120 present, 4 late, ...`` (and the make-ups, when any)."""
    text = _(
        "{present} present, {late} late, {excused} excused, {sick} sick, "
        "{absent} absent (or not marked)"
    ).format(**{status: num(marks[status]) for status in STATUSES})
    if marks[MAKEUP]:
        text += _(", {n} made up").format(n=num(marks[MAKEUP]))
    return text


def _attention_table(report: ModuleReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("phone", _("phone"), ColumnKind.CODE),
        Column("status", _("status"), ColumnKind.STATUS),
        Column("at_risk", _("at risk"), ColumnKind.FLAG, Where.EXPORT),
        Column("missed_last_two", _("missed last 2"), ColumnKind.FLAG, Where.EXPORT),
        Column("flag", _("flag"), ColumnKind.MARK, Where.TERMINAL),
        Column("attended", _("att"), ColumnKind.INT),
        Column("required", _("req"), ColumnKind.INT),
        Column("left", _("not yet\nheld"), ColumnKind.INT),
        Column("missed", _("missed (date, why)"), ColumnKind.MISSED),
    ]
    rows = [
        (
            who.id,
            who.owner,
            who.business,
            who.phone,
            p.status.value,
            p.at_risk,
            p.missed_last_two,
            flag(p),
            p.attended,
            p.required,
            p.remaining,
            report.misses(p),
        )
        for who, p in zip(report.participants, report.standings, strict=True)
        if p.needs_attention
    ]
    count = len(rows)
    if report.summary.missed:
        title = _(
            "Needs attention ({n}): at risk, failed, missed the module, or missed the last two "
            "held sessions"
        ).format(n=num(count))
    else:
        title = _(
            "Needs attention ({n}): at risk, failed, or missed the last two held sessions"
        ).format(n=num(count))
    notes = [] if rows else [_("Nobody is at risk or failed, and nobody missed the last two.")]
    advice = [missed_hint(report.module.id)] if report.summary.missed else []
    legend = _("flag: ! = at risk, 2x = missed the last two held sessions.")
    return Table(
        "attention",
        title,
        columns,
        rows,
        notes=notes,
        terminal_notes=[legend] if rows else [],
        advice=advice,
        limitable=True,
        noun="participants",
    )
