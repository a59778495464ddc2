"""The programme report as tables: modules at a glance, (groups,) the summary, who is at risk."""

from __future__ import annotations

from ukmtool.core.programme import missed_hint
from ukmtool.core.reports.programme import ProgrammeReport
from ukmtool.core.tables.columns import (
    as_of_title,
    flag,
    groups_table,
    shown_if,
)
from ukmtool.core.tables.scores import score_facts, tests_table
from ukmtool.core.tables.tableset import (
    Bar,
    Column,
    ColumnKind,
    Fact,
    Table,
    TableSet,
    Where,
    facts_table,
)
from ukmtool.core.tables.visits import uptake_facts
from ukmtool.i18n import _, pgettext
from ukmtool.localefmt import format_number as num


def programme_tables(report: ProgrammeReport) -> TableSet:
    """Modules at a glance, (groups,) the programme summary, who is at risk, who missed."""
    missed = sum(line.tally.missed for line in report.modules)
    exempt = sum(line.tally.exempt for line in report.modules)
    columns = [
        Column("module", _("module"), ColumnKind.CODE),
        Column("title", _("title"), ColumnKind.TEXT),
        Column("held", pgettext("column", "held"), ColumnKind.INT, total=True),
        Column("sessions", _("plan"), ColumnKind.INT, total=True),
        Column("required", _("req"), ColumnKind.INT),
        Column("participants", _("partici-\npants"), ColumnKind.INT),
        Column("completed", _("com-\npleted"), ColumnKind.INT),
        Column("in_progress", _("in\nprogress"), ColumnKind.INT),
        Column("failed", pgettext("column", "failed"), ColumnKind.INT),
        Column("at_risk", _("at\nrisk"), ColumnKind.INT),
        Column("missed", pgettext("column", "missed"), ColumnKind.INT, shown_if(missed)),
        Column("exempt", _("exempt"), ColumnKind.INT, shown_if(exempt)),
        Column(
            "pct_attended_of_held",
            _("attendance\nto date\n(att/held)"),
            ColumnKind.PERCENT,
            total=True,
        ),
        Column("bar", "", ColumnKind.BAR, Where.TERMINAL),
    ]
    rows = [
        (
            line.module.id,
            line.module.title,
            line.held,
            line.planned,
            line.required,
            line.tally.participants,
            line.tally.completed,
            line.tally.in_progress,
            line.tally.failed,
            line.tally.at_risk,
            line.tally.missed,
            line.tally.exempt,
            line.tally.to_date,
            Bar(
                line.tally.completed,
                line.tally.in_progress,
                line.tally.participants - line.tally.exempt,
            ),
        )
        for line in report.modules
    ]
    modules = Table(
        "modules",
        _("Modules"),
        columns,
        rows,
        notes=[
            _(
                "held/plan = sessions held of planned; req = sessions needed to complete; "
                "attendance to date = sessions attended (present, late or made up) of "
                "sessions held, over every participant, counting the sessions on or after "
                "they registered and those they made up."
            ),
            *(
                [
                    _(
                        "missed = registered after the module's last session and made none "
                        "up: not completed; exempt = counts as completed to graduate, left "
                        "out of completed, failed and at risk."
                    )
                ]
                if missed or exempt
                else []
            ),
        ],
        terminal_notes=[_("Bar: █ completed, ▒ in progress, ░ failed.")],
    )
    tables = [modules]
    if report.tested:
        tables.append(tests_table(report))
    if report.groups is not None:
        tables.append(groups_table(report.groups, programme=True, tests=report.tested))
    facts = _programme_facts(report)
    if report.tested:
        facts += score_facts(report.tests, pairs=True)
    tables.append(facts_table("summary", _("Summary"), facts))
    tables.append(_risk_table(report))
    tables.append(_missed_table(report))
    title = as_of_title(report.settings.name, report.as_of)
    return TableSet(title, tables, primary="groups" if report.groups else "modules")


def _programme_facts(report: ProgrammeReport) -> list[Fact]:
    s = report.standing
    return [
        Fact("programme", _("programme"), report.settings.name),
        Fact(
            "participants",
            _("Participants"),
            s.participants,
            num(s.participants)
            if s.participants == report.total
            else _("{n} of {total} (filtered)").format(
                n=num(s.participants), total=num(report.total)
            ),
        ),
        Fact(
            "sessions",
            _("Sessions"),
            report.planned,
            _("{held} held of {planned} planned in {modules} modules").format(
                held=num(report.held), planned=num(report.planned), modules=num(len(report.modules))
            ),
            name=_("sessions planned"),
        ),
        Fact("held", _("sessions held"), report.held),
        Fact(
            "graduates",
            _("Graduates (completed every module)"),
            s.graduates,
            _("{n} of {total}").format(n=num(s.graduates), total=num(s.participants)),
        ),
        Fact(
            "in_progress",
            _("Still in progress"),
            s.in_progress,
            num(s.in_progress),
        ),
        Fact("failed", _("Failed at least one module"), s.failed, num(s.failed)),
        Fact("at_risk", _("At risk in at least one module"), s.at_risk, num(s.at_risk)),
        Fact(
            "missed",
            _("Missed a module (registered after it), failed none"),
            s.missed,
            num(s.missed) if s.missed else None,
        ),
        Fact(
            "exempt",
            _("Exempt from at least one module"),
            s.exempt,
            num(s.exempt) if s.exempt else None,
        ),
        *_mentoring_facts(report),
    ]


def _mentoring_facts(report: ProgrammeReport) -> list[Fact]:
    """Mentored businesses and practice uptake (nothing on a screen without visits)."""
    u = report.mentoring
    if u is None:
        return []
    shown = u.businesses > 0
    return [
        Fact(
            "mentored",
            _("Mentored businesses"),
            u.businesses,
            num(u.businesses) if shown else None,
        ),
        *uptake_facts(u, shown),
    ]


def _risk_table(report: ProgrammeReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("phone", _("phone"), ColumnKind.CODE),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("module", _("module"), ColumnKind.CODE),
        Column("attended", _("att"), ColumnKind.INT),
        Column("held", pgettext("column", "held"), ColumnKind.INT),
        Column("sessions", _("plan"), ColumnKind.INT),
        Column("required", _("req"), ColumnKind.INT),
        Column("missed_last_two", _("missed last 2"), ColumnKind.FLAG, Where.EXPORT),
        Column("flag", _("flag"), ColumnKind.MARK, Where.TERMINAL),
        Column("missed", _("missed (date, why)"), ColumnKind.MISSED),
    ]
    rows = [
        (
            r.participant.id,
            r.participant.owner,
            r.participant.business,
            r.participant.phone,
            r.participant.district,
            r.module.id,
            r.standing.attended,
            r.standing.held,
            r.standing.sessions,
            r.standing.required,
            r.standing.missed_last_two,
            flag(r.standing),
            r.misses,
        )
        for r in report.at_risk
    ]
    title = _("At risk: must attend every remaining session ({n})").format(n=num(len(rows)))
    notes = [] if rows else [_("Nobody is at risk.")]
    legend = _("flag: ! = at risk, 2x = missed the last two held sessions.")
    return Table(
        "at_risk",
        title,
        columns,
        rows,
        notes=notes,
        terminal_notes=[legend] if rows else [],
        limitable=True,
        noun="rows",
    )


def _missed_table(report: ProgrammeReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("phone", _("phone"), ColumnKind.CODE, Where.EXPORT),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("module", _("module"), ColumnKind.CODE),
        Column("registered", _("registered"), ColumnKind.DATE),
        Column("last_session", _("last session"), ColumnKind.DATE),
    ]
    rows = [
        (
            m.participant.id,
            m.participant.owner,
            m.participant.business,
            m.participant.phone,
            m.participant.district,
            m.module.id,
            m.participant.registered,
            max(session.date for session in m.module.sessions.values()),
        )
        for m in report.missed
    ]
    title = _("Missed a module: registered after its last session ({n})").format(n=num(len(rows)))
    notes = [] if rows else [_("Nobody missed a module.")]
    advice = [missed_hint("MODULE")] if rows else []
    return Table(
        "missed", title, columns, rows, notes=notes, advice=advice, limitable=True, noun="rows"
    )
