"""``ukm compare`` as tables: one row per programme and a total, the groups, those left out."""

from __future__ import annotations

from typing import Any

from ukmtool.core.reports.compare import Comparison, Figures, ModuleCompletion
from ukmtool.core.tables.columns import group_column, group_name
from ukmtool.core.tables.tableset import Column, ColumnKind, Table, TableSet, TotalLabel, Where
from ukmtool.i18n import _


def _figure_columns() -> list[Column]:
    return [
        Column("registered", _("regis-\ntered"), ColumnKind.INT),
        Column("graduates", _("grad-\nuates"), ColumnKind.INT),
        Column("graduate_share", _("graduates\n(of regis-\ntered)"), ColumnKind.PERCENT),
    ]


def _outcome_columns() -> list[Column]:
    return [
        Column("at_risk", _("at risk\nin a\nmodule"), ColumnKind.INT),
        Column("naik_kelas", _("naik\nkelas"), ColumnKind.INT),
        Column("jobs_added", _("jobs\nadded"), ColumnKind.SIGNED),
        Column("certificates", _("certif-\nicates"), ColumnKind.INT),
    ]


def _figures(figures: Figures) -> tuple[Any, ...]:
    return (figures.registered, figures.graduates, figures.graduate_share)


def _outcomes(figures: Figures) -> tuple[Any, ...]:
    return (figures.at_risk, figures.moved_up, figures.jobs_added, figures.certificates)


def compare_tables(comparison: Comparison) -> TableSet:
    """The programmes side by side (and the groups of ``--by``), each with a total row."""
    module_ids = [m.id for m in comparison.modules]
    columns = [
        Column("folder", _("folder"), ColumnKind.TEXT),
        Column("programme", _("programme"), ColumnKind.TEXT),
        Column("organizer", _("organizer"), ColumnKind.TEXT, Where.EXPORT),
        Column("year", _("year"), ColumnKind.YEAR),
        *_figure_columns(),
        *(
            Column(
                f"completed:{module}",
                _("{module}\ncom-\npleted").format(module=module),
                ColumnKind.PERCENT,
                Where.EXPORT,
            )
            for module in module_ids
        ),
        *_outcome_columns(),
    ]
    rows: list[tuple[Any, ...]] = []
    for row in comparison.rows:
        shares = {m.id: m.share for m in row.modules}
        rows.append(
            (
                row.folder,
                row.name,
                row.organizer or "",
                row.year,
                *_figures(row.figures),
                *(shares.get(module) for module in module_ids),
                *_outcomes(row.figures),
            )
        )
    rows.append(
        (
            TotalLabel("total"),
            "",
            "",
            "",
            *_figures(comparison.total),
            *(m.share for m in comparison.modules),
            *_outcomes(comparison.total),
        )
    )
    notes = [
        _(
            "Each row holds the figures of its programme's own report; graduates = completed "
            "every module; at risk = at risk in at least one module; naik kelas = measured "
            "businesses whose size class went up; certificates = valid certificates issued."
        )
    ]
    tables = [
        Table("programmes", _("Programmes"), columns, rows, notes=notes),
        _completion_table(comparison),
    ]
    if comparison.by is not None:
        tables.append(_groups_table(comparison))
    if comparison.left_out:
        tables.append(left_out_table(comparison))
    tables.append(_modules_table(comparison.modules))
    return TableSet(_("Programmes compared"), tables, primary="programmes")


def _completion_table(comparison: Comparison) -> Table:
    """Completion per module of each programme, a row per programme and module."""
    columns = [
        Column("folder", _("folder"), ColumnKind.TEXT),
        Column("module", _("module"), ColumnKind.CODE),
        Column("title", _("title"), ColumnKind.TEXT),
        Column("participants", _("partici-\npants"), ColumnKind.INT),
        Column("completed", _("com-\npleted"), ColumnKind.INT),
        Column("exempt", _("exempt"), ColumnKind.INT),
        Column("completed_share", _("completed\n(of partici-\npants)"), ColumnKind.PERCENT),
    ]
    rows = [
        (row.folder, m.id, m.title, m.participants, m.completed, m.exempt, m.share)
        for row in comparison.rows
        for m in row.modules
    ]
    notes = [_("completed (of participants): those exempt from the module left out.")]
    return Table(
        "completion",
        _("Completion per module of each programme"),
        columns,
        rows,
        notes=notes if any(m.exempt for row in comparison.rows for m in row.modules) else [],
    )


def _groups_table(comparison: Comparison) -> Table:
    by = comparison.by
    assert by is not None
    columns = [
        group_column(by),
        Column("programmes", _("pro-\ngrammes"), ColumnKind.INT),
        *_figure_columns(),
        *_outcome_columns(),
    ]
    rows: list[tuple[Any, ...]] = [
        (group.group, group.programmes, *_figures(group.figures), *_outcomes(group.figures))
        for group in comparison.groups
    ]
    rows.append(
        (
            TotalLabel("total"),
            len(comparison.rows),
            *_figures(comparison.total),
            *_outcomes(comparison.total),
        )
    )
    title = _("By {group}, over every programme").format(group=group_name(by))
    return Table("groups", title, columns, rows)


def _modules_table(modules: list[ModuleCompletion]) -> Table:
    columns = [
        Column("module", _("module"), ColumnKind.CODE),
        Column("title", _("title"), ColumnKind.TEXT),
        Column("participants", _("partici-\npants"), ColumnKind.INT),
        Column("completed", _("com-\npleted"), ColumnKind.INT),
        Column("completed_share", _("completed\n(of partici-\npants)"), ColumnKind.PERCENT),
    ]
    rows = [(m.id, m.title, m.participants, m.completed, m.share) for m in modules]
    return Table("modules", _("Modules over every programme"), columns, rows)


def left_out_table(comparison: Comparison) -> Table:
    """The folders left out, each with its first error."""
    columns = [
        Column("folder", _("folder"), ColumnKind.TEXT),
        Column("errors", _("errors"), ColumnKind.INT),
        Column("first_error", _("first error"), ColumnKind.TEXT),
    ]
    rows = [(left.shown, left.errors, left.first) for left in comparison.left_out]
    return Table(
        "left_out",
        _("Left out: folders with errors"),
        columns,
        rows,
        notes=[_("Left out of every figure above until their errors are fixed.")],
        advice=[_("Run `ukm --data FOLDER check` and fix what it lists.")],
    )
