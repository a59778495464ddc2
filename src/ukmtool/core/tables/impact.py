"""Impact as tables (see ``tableset``): ``ukm report --impact``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ukmtool.core.reports.impact import (
    Change,
    Figures,
    GroupImpact,
    ImpactReport,
    Point,
    Summary,
    baseline_of,
)
from ukmtool.core.sizeclass import PP_7_2021
from ukmtool.core.tables.tableset import (
    Column,
    ColumnKind,
    Fact,
    Table,
    TableSet,
    TotalLabel,
    Where,
)
from ukmtool.core.tables.tableset import facts_table as facts
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import (
    format_date,
    format_decimal,
    format_number,
    format_rupiah,
    status_label,
)


def impact_tables(report: ImpactReport) -> TableSet:
    """The summary, the class table, the groups, every business measured, who has no follow-up."""
    tables = [facts("summary", _("Summary"), summary_facts(report)), _classes_table(report)]
    total = GroupImpact(TotalLabel("total"), report.participants, report.summary)
    if report.by is not None:
        tables.append(_groups_table("groups", [*report.groups, total], report.by))
    tables.append(_groups_table("gender", [*report.genders, total], "gender"))
    tables.append(_businesses_table(report))
    tables.append(_not_comparable_table(report))
    tables.append(_waiting_table(report))
    if report.as_of is not None:
        title = _("Impact: {name}, as of {date}").format(
            name=report.settings.name, date=format_date(report.as_of)
        )
    else:
        title = _("Impact: {name}").format(name=report.settings.name)
    return TableSet(title, tables, primary="businesses")


def _pct(value: float | None) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "") + format_decimal(value) + "%"


def laws_text(laws: Sequence[str]) -> str:
    """``UU 20/2008`` or ``UU 20/2008 and PP 7/2021``."""
    return _(" and ").join(laws) if laws else "-"


def sales_text(summary: Summary) -> str:
    """``+Rp120.000.000 (+18,5%) in total; median +Rp1.500.000 (+12%) of 62 businesses ...``."""
    if not summary.sales_businesses:
        return _("no business has its monthly sales measured twice")
    return ngettext(
        "{total} ({total_pct}) in total, from {before} to {after} a month; median {median} "
        "({median_pct}); of {n} business with sales known at baseline and latest",
        "{total} ({total_pct}) in total, from {before} to {after} a month; median {median} "
        "({median_pct}); of {n} businesses with sales known at baseline and latest",
        summary.sales_businesses,
    ).format(
        total=format_rupiah(summary.sales_change, signed=True),
        total_pct=_pct(summary.sales_change_pct),
        before=format_rupiah(summary.sales_baseline),
        after=format_rupiah(summary.sales_latest),
        median=format_rupiah(summary.sales_median_change or 0, signed=True),
        median_pct=_pct(summary.sales_median_change_pct),
        n=format_number(summary.sales_businesses),
    )


def jobs_text(summary: Summary) -> str:
    """``+14 (from 120 to 134 people); 9 of 60 businesses added any``."""
    if not summary.jobs_businesses:
        return _("no business has its employees counted twice")
    return ngettext(
        "{added} (from {before} to {after} people); {adding} of {n} business with employees "
        "known at baseline and latest added any",
        "{added} (from {before} to {after} people); {adding} of {n} businesses with employees "
        "known at baseline and latest added any",
        summary.jobs_businesses,
    ).format(
        added=f"{summary.jobs_added:+d}" if summary.jobs_added else "0",
        before=format_number(summary.employees_baseline),
        after=format_number(summary.employees_latest),
        adding=format_number(summary.businesses_adding_jobs),
        n=format_number(summary.jobs_businesses),
    )


def summary_facts(report: ImpactReport) -> list[Fact]:
    """The summary's figures, each saying what it is computed over."""
    s = report.summary
    laws = laws_text(report.laws)
    return [
        Fact(
            "participants",
            _("participants"),
            report.participants,
            _("{n} registered, {baseline} with a baseline (sales, capital or employees)").format(
                n=format_number(report.participants),
                baseline=format_number(report.with_baseline),
            ),
        ),
        Fact("with_baseline", _("with a baseline"), report.with_baseline, None),
        Fact(
            "measured",
            _("measured twice"),
            s.measured,
            ngettext(
                "{n} business with a baseline and a later measurement",
                "{n} businesses with a baseline and a later measurement",
                s.measured,
            ).format(n=format_number(s.measured)),
        ),
        Fact(
            "moved_up",
            _("moved up a class"),
            s.moved_up,
            ngettext(
                "{up} of {n} business whose class is judged on the same figure both times "
                "(naik kelas; {down} moved down), under {laws}",
                "{up} of {n} businesses whose class is judged on the same figure both times "
                "(naik kelas; {down} moved down), under {laws}",
                s.classified,
            ).format(
                up=format_number(s.moved_up),
                n=format_number(s.classified),
                down=format_number(s.moved_down),
                laws=laws,
            ),
        ),
        Fact("law", _("law"), laws, None),
        Fact(
            "not_comparable",
            _("not comparable"),
            s.not_comparable,
            ngettext(
                "{n} business measured twice with no figure on both sides (sales both "
                "times, or capital both times): counted neither up nor down",
                "{n} businesses measured twice with no figure on both sides (sales both "
                "times, or capital both times): counted neither up nor down",
                s.not_comparable,
            ).format(n=format_number(s.not_comparable)),
        ),
        Fact(
            "sales_change",
            _("change in sales a month"),
            s.sales_change,
            sales_text(s),
            ColumnKind.MONEY_CHANGE,
        ),
        Fact(
            "sales_median_change",
            _("median sales change"),
            s.sales_median_change,
            kind=ColumnKind.MONEY_CHANGE,
        ),
        Fact("sales_businesses", _("sales measured twice"), s.sales_businesses, None),
        Fact("jobs_added", _("jobs added"), s.jobs_added, jobs_text(s)),
        Fact("businesses_adding_jobs", _("businesses adding jobs"), s.businesses_adding_jobs, None),
        Fact(
            "no_follow_up",
            _("no follow-up yet"),
            len(report.no_follow_up),
            ngettext(
                "{n} registered business has no later measurement",
                "{n} registered businesses have no later measurement",
                len(report.no_follow_up),
            ).format(n=format_number(len(report.no_follow_up))),
        ),
    ]


def _classes_table(report: ImpactReport) -> Table:
    columns = [
        Column("law", _("law"), ColumnKind.TEXT),
        Column("class_figure", _("judged on"), ColumnKind.STATUS),
        Column("baseline_class", _("class at\nbaseline"), ColumnKind.TEXT),
        Column("latest_class", _("class at\nlatest"), ColumnKind.TEXT),
        Column("businesses", _("busi-\nnesses"), ColumnKind.INT, total=True),
    ]
    rows = [
        (m.law, m.figure, m.baseline_class, m.latest_class, m.businesses) for m in report.classes
    ]
    notes = [
        _(
            "Both classes under the law in force on the latest measurement's date (UU 20/2008 "
            "before {change}, PP 7/2021 from then) and on the same figure: annual sales "
            "(12 x sales a month) when both have sales, else capital when both have capital; "
            "over the {n} businesses measured twice that are comparable."
        ).format(
            n=format_number(report.summary.classified),
            change=format_date(PP_7_2021.in_force_from or date.min),
        )
    ]
    if report.summary.not_comparable:
        notes.append(
            ngettext(
                "{n} business measured twice has no figure on both sides: listed under "
                '"Not comparable", counted neither up nor down.',
                "{n} businesses measured twice have no figure on both sides: listed under "
                '"Not comparable", counted neither up nor down.',
                report.summary.not_comparable,
            ).format(n=format_number(report.summary.not_comparable))
        )
    if not rows:
        notes.insert(0, _("No business is measured twice yet."))
    return Table("classes", _("Size class (kelas usaha)"), columns, rows, notes=notes)


def _group_header(by: str) -> str:
    return {
        "district": _("district"),
        "sector": _("sector"),
        "gender": _("gender"),
        "tag": _("tag"),
    }[by]


def _groups_table(name: str, groups: Sequence[GroupImpact], by: str) -> Table:
    columns = [
        Column(
            "group", _group_header(by), ColumnKind.GENDER if by == "gender" else ColumnKind.GROUP
        ),
        Column("participants", _("partici-\npants"), ColumnKind.INT),
        Column("measured", _("measured\ntwice"), ColumnKind.INT),
        Column("moved_up", _("moved\nup"), ColumnKind.INT),
        Column("classified", _("class\nknown"), ColumnKind.INT, Where.EXPORT),
        Column("jobs_added", _("jobs\nadded"), ColumnKind.SIGNED),
        Column("businesses_adding_jobs", _("adding\njobs"), ColumnKind.INT),
        Column("sales_change", _("sales change\n(total)"), ColumnKind.MONEY_CHANGE),
        Column("sales_median_change", _("median\nsales change"), ColumnKind.MONEY_CHANGE),
        Column("sales_median_change_pct", _("median\nchange %"), ColumnKind.PERCENT_CHANGE),
        Column("sales_businesses", _("sales\nmeasured"), ColumnKind.INT, Where.EXPORT),
    ]
    rows = [
        (
            g.group,
            g.participants,
            g.summary.measured,
            g.summary.moved_up,
            g.summary.classified,
            g.summary.jobs_added,
            g.summary.businesses_adding_jobs,
            g.summary.sales_change,
            g.summary.sales_median_change,
            g.summary.sales_median_change_pct,
            g.summary.sales_businesses,
        )
        for g in groups
    ]
    title = {
        "district": _("By district"),
        "sector": _("By sector"),
        "gender": _("By the owner's gender"),
        "tag": _("By tag"),
    }[by]
    notes = [
        _(
            "measured twice: with a baseline and a later measurement; moved up: of those whose "
            "class is judged on the same figure both times; sales: over those with sales known "
            "both times."
        )
    ]
    return Table(name, title, columns, rows, notes=notes)


def _businesses_table(report: ImpactReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("owner", _("owner"), ColumnKind.TEXT, Where.EXPORT),
        Column("gender", _("gender"), ColumnKind.GENDER, Where.EXPORT),
        Column("district", _("district"), ColumnKind.TEXT, Where.EXPORT),
        Column("sector", _("sector"), ColumnKind.TEXT, Where.EXPORT),
        Column("latest_date", _("measured"), ColumnKind.DATE),
        Column("law", _("law"), ColumnKind.TEXT, Where.EXPORT),
        Column("class_figure", _("judged on"), ColumnKind.STATUS, Where.EXPORT),
        Column("baseline_class", _("class at\nbaseline"), ColumnKind.TEXT),
        Column("latest_class", _("class at\nlatest"), ColumnKind.TEXT),
        Column("moved_up", _("moved\nup"), ColumnKind.FLAG),
        Column("baseline_sales", _("sales a month\nat baseline"), ColumnKind.MONEY, total=True),
        Column("latest_sales", _("sales a month\nat latest"), ColumnKind.MONEY, total=True),
        Column("sales_change", _("change"), ColumnKind.MONEY_CHANGE, Where.EXPORT, total=True),
        Column("sales_change_pct", _("change\n%"), ColumnKind.PERCENT_CHANGE),
        Column(
            "baseline_capital",
            _("capital at\nbaseline"),
            ColumnKind.MONEY,
            Where.EXPORT,
            total=True,
        ),
        Column(
            "latest_capital", _("capital at\nlatest"), ColumnKind.MONEY, Where.EXPORT, total=True
        ),
        Column(
            "baseline_employees",
            _("employees\nat baseline"),
            ColumnKind.INT,
            Where.EXPORT,
            total=True,
        ),
        Column(
            "latest_employees", _("employees\nat latest"), ColumnKind.INT, Where.EXPORT, total=True
        ),
        Column("jobs_added", _("jobs\nadded"), ColumnKind.SIGNED, total=True),
        Column("source", _("source"), ColumnKind.TEXT, Where.EXPORT),
    ]
    rows = []
    for c in report.changes:
        p = c.participant
        rows.append(
            (
                p.id,
                p.business,
                p.owner,
                p.gender,
                p.district,
                p.sector,
                c.latest.date,
                c.law.name,
                c.figure or "not_comparable",
                c.baseline_class,
                c.latest_class,
                c.moved_up,
                c.baseline.monthly_sales,
                c.latest.monthly_sales,
                c.sales_change,
                c.sales_change_pct,
                c.baseline.capital,
                c.latest.capital,
                c.baseline.employees,
                c.latest.employees,
                c.jobs_added,
                c.source,
            )
        )
    notes = [
        ngettext(
            "{n} business has a later measurement; its latest is compared with its baseline "
            "(its figures when registered).",
            "{n} businesses have a later measurement; each one's latest is compared with its "
            "baseline (their figures when registered).",
            len(rows),
        ).format(n=format_number(len(rows)))
    ]
    return Table(
        "businesses",
        _("Businesses measured"),
        columns,
        rows,
        notes=notes,
        attention=[not c.has_baseline for c in report.changes],
        limitable=True,
        noun="participants",
    )


def _not_comparable_table(report: ImpactReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("latest_date", _("measured"), ColumnKind.DATE),
        Column("baseline_figures", _("known at\nbaseline"), ColumnKind.TEXT),
        Column("latest_figures", _("known at\nlatest"), ColumnKind.TEXT),
    ]
    rows = [
        (
            c.participant.id,
            c.participant.business,
            c.participant.owner,
            c.participant.district,
            c.latest.date,
            _known_figures(c.baseline),
            _known_figures(c.latest),
        )
        for c in report.not_comparable
    ]
    notes = (
        [
            _(
                "Their class is not judged: give the missing figure (sales, or capital, on "
                "both sides) in participants.yaml or indicators.yaml to compare them."
            )
        ]
        if rows
        else [_("Every business measured twice has a figure on both sides.")]
    )
    return Table(
        "not_comparable",
        _("Not comparable"),
        columns,
        rows,
        notes=notes,
        limitable=True,
        noun="participants",
    )


def _known_figures(figures: Figures) -> str:
    """``sales a month, capital``: the figures a class could be judged on that are known."""
    names = [
        label
        for label, value in (
            (_("sales a month"), figures.monthly_sales),
            (_("capital"), figures.capital),
        )
        if value is not None
    ]
    return ", ".join(names) if names else "-"


def _waiting_table(report: ImpactReport) -> Table:
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("phone", _("phone"), ColumnKind.CODE),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("sector", _("sector"), ColumnKind.TEXT),
        Column("has_baseline", _("baseline"), ColumnKind.FLAG),
    ]
    rows = [
        (p.id, p.business, p.owner, p.phone, p.district, p.sector, baseline_of(p).known)
        for p in report.no_follow_up
    ]
    notes = [] if rows else [_("Every business has a later measurement.")]
    return Table(
        "no_follow_up",
        _("No follow-up yet"),
        columns,
        rows,
        notes=notes,
        limitable=True,
        noun="participants",
    )


def figures_table(points: Sequence[Point], change: Change | None) -> Table:
    """``ukm show``: a business's baseline and measurements, each with its class that day."""
    columns = [
        Column("date", _("date"), ColumnKind.DATE),
        Column("what", _("what"), ColumnKind.TEXT, Where.TERMINAL),
        Column("kind", _("what"), ColumnKind.CODE, Where.EXPORT),
        Column("source", _("source"), ColumnKind.TEXT, Where.EXPORT),
        Column("monthly_sales", _("sales a month"), ColumnKind.MONEY),
        Column("capital", _("capital"), ColumnKind.MONEY),
        Column("employees", _("employees"), ColumnKind.INT),
        Column("law", _("law"), ColumnKind.TEXT),
        Column("class", _("class"), ColumnKind.TEXT),
        Column("class_figure", _("judged on"), ColumnKind.STATUS, Where.EXPORT),
    ]
    rows = [
        (
            point.figures.date,
            _("baseline") if point.baseline else point.source or _("measurement"),
            "baseline" if point.baseline else "measurement",
            point.source,
            point.figures.monthly_sales,
            point.figures.capital,
            point.figures.employees,
            point.law.name,
            point.size,
            point.figure,
        )
        for point in points
    ]
    notes = [_("Each class is under the law in force on its own date.")]
    if change is None:
        notes.append(_("No measurement since registering yet."))
    elif change.figure is None:
        notes.append(
            _(
                "Naik kelas: not comparable, no figure (sales, or capital) is known both at "
                "the baseline and at the latest measurement."
            )
        )
    else:
        notes.append(
            _(
                "Naik kelas compares the baseline and the latest measurement both under {law} "
                "and on {figure}: {before} -> {after} ({verdict})."
            ).format(
                law=change.law.name,
                figure=status_label(change.figure),
                before=change.baseline_class or _("unknown"),
                after=change.latest_class or _("unknown"),
                verdict=_("moved up")
                if change.moved_up
                else _("moved down")
                if change.moved_down
                else _("not moved up"),
            )
        )
    return Table("figures", _("Figures over time"), columns, rows, notes=notes)
