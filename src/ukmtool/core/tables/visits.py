"""Mentoring as tables (see ``tableset``): ``ukm report --visits`` and ``ukm show``'s part."""

from __future__ import annotations

from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.visits import (
    Mentoring,
    Uptake,
    VisitsReport,
    percent_change,
)
from ukmtool.core.tables.tableset import Column, ColumnKind, Fact, Table, TableSet, Where
from ukmtool.core.tables.tableset import facts_table as facts
from ukmtool.i18n import _, ngettext, pgettext
from ukmtool.localefmt import format_date, format_decimal


def _pct(ratio: Ratio) -> str:
    pct = ratio.percent()
    return "-" if pct is None else f"{pct}%"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def as_of_text(report: VisitsReport) -> str:
    """The report's date and why it is that date."""
    reasons = {
        "given": _("the day asked for"),
        "today": _("today"),
        "programme_end": _("the programme's end"),
        "latest_visit": _("the latest visit recorded"),
    }
    return _("{date} ({reason})").format(
        date=format_date(report.as_of), reason=reasons[report.as_of_source]
    )


def uptake_facts(uptake: Uptake, shown: bool = True) -> list[Fact]:
    """Practice uptake at the first and the latest observation (``shown``: said on a screen)."""
    return [
        Fact(
            "pct_uptake_first",
            _("Practice uptake"),
            uptake.first,
            uptake_text(uptake) if shown else None,
            ColumnKind.PERCENT,
            _("uptake at the first observation"),
        ),
        Fact(
            "pct_uptake_latest",
            _("uptake at the latest observation"),
            uptake.latest,
            kind=ColumnKind.PERCENT,
        ),
    ]


def uptake_text(uptake: Uptake) -> str:
    """``35% at the first observation, 60% at the latest (+25, of 80 observed)``."""
    change = percent_change(uptake.first, uptake.latest)
    return _(
        "{first} at the first observation, {latest} at the latest ({change}; of {n} practices "
        "observed at {businesses} businesses)"
    ).format(
        first=_pct(uptake.first),
        latest=_pct(uptake.latest),
        change="-" if change is None else f"{change:+d}" if change else "0",
        n=uptake.observed,
        businesses=uptake.businesses,
    )


def visits_tables(report: VisitsReport) -> TableSet:
    """Trainers, practices, businesses, the stale ones, and a summary."""
    tables = [
        _trainers_table(report),
        _practices_table(report),
        _businesses_table(report),
        _stale_table(report),
        facts("summary", _("Summary"), _facts(report)),
    ]
    title = _("Mentoring: {name}").format(name=report.settings.name)
    return TableSet(title, tables, primary="businesses")


def _trainers_table(report: VisitsReport) -> Table:
    columns = [
        Column("trainer", _("trainer"), ColumnKind.TEXT),
        Column("businesses", _("busi-\nnesses"), ColumnKind.INT),
        Column("visits", _("visits"), ColumnKind.INT, total=True),
        Column("hours", _("hours"), ColumnKind.AUTO, total=True),
        Column("last_visit", _("last visit"), ColumnKind.DATE),
        Column(
            "stale", _("not visited\n> {days} days").format(days=report.stale_days), ColumnKind.INT
        ),
        Column("stale_ids", _("which"), ColumnKind.TEXT),
    ]
    rows = [
        (t.trainer, t.businesses, t.visits, t.hours, t.last_visit, len(t.stale), ", ".join(t.stale))
        for t in report.trainers
    ]
    notes = [
        _(
            "businesses = businesses the trainer visited. A business not visited for more than "
            "{days} days (as of {date}) counts under the trainer who visited it last."
        ).format(days=report.stale_days, date=format_date(report.as_of))
    ]
    if not rows:
        notes.insert(0, _("No mentoring visit is recorded."))
    return Table("trainers", _("Trainers"), columns, rows, notes=notes)


def _practices_table(report: VisitsReport) -> Table:
    columns = [
        Column("practice", _("practice"), ColumnKind.CODE),
        Column("module", _("module"), ColumnKind.CODE),
        Column("text", _("good practice"), ColumnKind.TEXT),
        Column("observed", _("busi-\nnesses\nobserved"), ColumnKind.INT, total=True),
        Column("yes_first", _("yes at\nfirst"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("pct_yes_first", _("first\n(yes/\nobserved)"), ColumnKind.PERCENT, total=True),
        Column("yes_latest", _("yes at\nlatest"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("pct_yes_latest", _("latest\n(yes/\nobserved)"), ColumnKind.PERCENT, total=True),
        Column("change_points", _("change\n(points)"), ColumnKind.SIGNED),
        Column("gained", _("gained"), ColumnKind.INT, total=True),
        Column("lost", _("lost"), ColumnKind.INT, total=True),
    ]
    rows = [
        (
            p.practice,
            p.module,
            p.text,
            p.observed,
            p.yes_first,
            p.first,
            p.yes_latest,
            p.latest,
            percent_change(p.first, p.latest),
            p.gained,
            p.lost,
        )
        for p in report.practices
    ]
    notes = [
        _(
            "Of the mentored businesses observed for the practice: the share that had it at "
            "their first observation and at their latest; change = latest - first in "
            "percentage points; gained = no at the first, yes at the latest; lost = the reverse."
        )
    ]
    if not rows:
        notes.insert(0, _("modules.yaml lists no practices."))
    return Table("practices", _("Good practices"), columns, rows, notes=notes)


def _businesses_table(report: VisitsReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("district", _("district"), ColumnKind.TEXT, Where.EXPORT),
        Column("trainer", _("trainer\n(last visit)"), ColumnKind.TEXT),
        Column("visits", _("visits"), ColumnKind.INT, total=True),
        Column("hours", _("hours"), ColumnKind.AUTO, total=True),
        Column("first_visit", _("first visit"), ColumnKind.DATE, Where.EXPORT),
        Column("last_visit", _("last visit"), ColumnKind.DATE),
        Column("days_since", _("days\nsince"), ColumnKind.INT),
        Column("stale", _("stale"), ColumnKind.FLAG, Where.EXPORT),
        Column("flag", _("flag"), ColumnKind.MARK, Where.TERMINAL),
        Column("observed", _("practices observed"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("yes_first", _("yes at first"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("yes_latest", _("yes at latest"), ColumnKind.INT, Where.EXPORT, total=True),
        Column("yes", _("yes at\nfirst/\nlatest/\nobserved"), ColumnKind.SLASHED, Where.TERMINAL),
        Column("gained", _("gained"), ColumnKind.TEXT, Where.EXPORT),
        Column("lost", _("lost"), ColumnKind.TEXT, Where.EXPORT),
        Column("gained_count", _("gained"), ColumnKind.INT, Where.TERMINAL),
        Column("lost_count", _("lost"), ColumnKind.INT, Where.TERMINAL),
    ]
    rows = []
    attention = []
    for line in report.businesses:
        m = line.mentoring
        lost = m.changed("lost")
        rows.append(
            (
                m.participant.id,
                m.participant.business,
                m.participant.district,
                m.trainer,
                len(m.visits),
                m.hours,
                m.visits[0].date,
                m.visits[-1].date,
                line.days_since,
                line.stale,
                "!" if line.stale else "",
                len(m.observed),
                m.yes_first,
                m.yes_latest,
                (m.yes_first, m.yes_latest, len(m.observed)),
                ", ".join(m.changed("gained")),
                ", ".join(lost),
                len(m.changed("gained")),
                len(lost),
            )
        )
        attention.append(line.stale or bool(lost))
    notes = [
        _(
            "days since = days from the last visit to {date}; yes at first / latest = practices "
            "in place at their first / latest observation; gained and lost name the practices."
        ).format(date=format_date(report.as_of))
    ]
    if not rows:
        notes.insert(0, _("No business matches."))
    legend = _(
        "flag: ! = not visited for more than {days} days. yes at first/latest/observed: "
        "practices in place at their first and latest observation, of those observed; gained "
        "and lost count practices (the exports name them)."
    ).format(days=report.stale_days)
    return Table(
        "businesses",
        _("Mentored businesses ({n})").format(n=len(rows)),
        columns,
        rows,
        notes=notes,
        terminal_notes=[legend] if rows else [],
        attention=attention,
        limitable=True,
        noun="participants",
    )


def _stale_table(report: VisitsReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("phone", _("phone"), ColumnKind.CODE),
        Column("trainer", _("trainer\n(last visit)"), ColumnKind.TEXT),
        Column("last_visit", _("last visit"), ColumnKind.DATE),
        Column("days_since", _("days\nsince"), ColumnKind.INT),
    ]
    stale = report.stale
    rows = [
        (
            b.mentoring.participant.id,
            b.mentoring.participant.owner,
            b.mentoring.participant.business,
            b.mentoring.participant.phone,
            b.mentoring.trainer,
            b.mentoring.visits[-1].date,
            b.days_since,
        )
        for b in stale
    ]
    title = _("Not visited for more than {days} days, as of {date} ({n})").format(
        days=report.stale_days, date=format_date(report.as_of), n=len(rows)
    )
    notes = [] if rows else [_("Every mentored business was visited recently enough.")]
    return Table("stale", title, columns, rows, notes=notes, limitable=True, noun="participants")


def _mentored_text(report: VisitsReport) -> str:
    """``40, by 3 trainers: 112 visits, 168 hours`` (one trainer, one visit, one hour)."""
    trainers = len(report.trainers)
    hours = report.hours
    return _("{n}, by {trainers}: {visits}, {hours}").format(
        n=report.uptake.businesses,
        trainers=ngettext("{count} trainer", "{count} trainers", trainers).format(count=trainers),
        visits=ngettext("{count} visit", "{count} visits", report.visits).format(
            count=report.visits
        ),
        hours=ngettext("{count} hour", "{count} hours", 1 if hours == 1 else 2).format(
            count=_number(hours)
        ),
    )


def _facts(report: VisitsReport) -> list[Fact]:
    u = report.uptake
    change = percent_change(u.first, u.latest)
    return [
        Fact("programme", _("programme"), report.settings.name),
        Fact("as_of", _("As of"), report.as_of, as_of_text(report), ColumnKind.DATE),
        Fact("stale_days", _("stale after (days)"), report.stale_days),
        Fact(
            "mentored",
            _("Mentored businesses"),
            u.businesses,
            _mentored_text(report),
        ),
        Fact("trainers", _("trainers"), len(report.trainers)),
        Fact("visits", _("visits"), report.visits),
        Fact("hours", _("hours"), report.hours),
        Fact("practices_observed", _("practices observed"), u.observed),
        *uptake_facts(u),
        Fact("change_points", _("change (points)"), change, kind=ColumnKind.SIGNED),
        Fact(
            "gained",
            _("Practices gained / lost"),
            sum(p.gained for p in report.practices),
            _("{gained} gained, {lost} lost").format(
                gained=sum(p.gained for p in report.practices),
                lost=sum(p.lost for p in report.practices),
            ),
            name=_("practices gained"),
        ),
        Fact("lost", _("practices lost"), sum(p.lost for p in report.practices)),
        Fact(
            "stale",
            _("Not visited for more than {days} days").format(days=report.stale_days),
            len(report.stale),
            str(len(report.stale)),
        ),
    ]


def _number(value: float) -> str:
    return format_decimal(value)


def show_visit_tables(record: Mentoring) -> list[Table]:
    """``ukm show``'s visits and practice record of one business."""
    visit_columns = [
        Column("date", _("date"), ColumnKind.DATE),
        Column("trainer", _("trainer"), ColumnKind.TEXT),
        Column("hours", _("hours"), ColumnKind.AUTO, total=True),
        Column("modules", _("modules"), ColumnKind.TEXT),
        Column("practices", _("observed"), ColumnKind.TEXT),
        Column("notes", _("notes"), ColumnKind.TEXT),
    ]
    visit_rows = [
        (
            v.date,
            v.trainer,
            v.hours,
            ", ".join(v.modules),
            ", ".join(f"{p} {'yes' if seen else 'no'}" for p, seen in v.practices.items()),
            v.notes or "",
        )
        for v in record.visits
    ]
    practice_columns = [
        Column("practice", _("practice"), ColumnKind.CODE),
        Column("module", _("module"), ColumnKind.CODE),
        Column("text", _("good practice"), ColumnKind.TEXT),
        Column("first", pgettext("observation", "first"), ColumnKind.STATUS),
        Column("first_date", _("on"), ColumnKind.DATE),
        Column("latest", pgettext("observation", "latest"), ColumnKind.STATUS),
        Column("latest_date", _("on"), ColumnKind.DATE),
        Column("change", _("change"), ColumnKind.STATUS),
    ]
    practice_rows = [
        (
            r.practice,
            r.module,
            r.text,
            _yes_no(r.first.value if r.first else None),
            r.first.date if r.first else None,
            _yes_no(r.latest.value if r.latest else None),
            r.latest.date if r.latest else None,
            r.change,
        )
        for r in record.practices
    ]
    hours = _number(record.hours)
    visits = Table(
        "visits",
        _("Mentoring visits ({n}, {hours} hours)").format(n=len(visit_rows), hours=hours),
        visit_columns,
        visit_rows,
    )
    practices = Table(
        "practice_record",
        _("Good practices: first and latest observation"),
        practice_columns,
        practice_rows,
        notes=[
            _(
                "change: gained = no at the first observation, yes at the latest; lost = the "
                "reverse; kept = yes at both; not yet = no at both; observed once = at one "
                "visit only; empty = never observed."
            )
        ],
    )
    return [visits, practices]
