"""What the terminal view and the plain text share: which rows and columns, and the notes."""

from __future__ import annotations

from ukmtool.core.tables.tableset import Column, ColumnKind, Table, Where
from ukmtool.i18n import _, ngettext
from ukmtool.render.formats.cells import one_line

RIGHT = frozenset(
    {
        ColumnKind.INT,
        ColumnKind.PERCENT,
        ColumnKind.COUNTS,
        ColumnKind.SLASHED,
        ColumnKind.SIGNED,
        ColumnKind.MONEY,
        ColumnKind.MONEY_CHANGE,
        ColumnKind.PERCENT_CHANGE,
        ColumnKind.SCORE,
        ColumnKind.SCORE_CHANGE,
    }
)


def cut(table: Table, limit: int | None) -> tuple[list[int], int]:
    """The rows to show (indexes, in showing order) and how many are left out.

    Everything, in order, when it fits; otherwise the rows needing attention
    first (in order), then the others, up to ``limit``.
    """
    count = len(table.rows)
    if limit is None or not table.limitable or count <= limit:
        return list(range(count)), 0
    flags = table.attention or [False] * count
    first = [i for i in range(count) if flags[i]]
    rest = [i for i in range(count) if not flags[i]]
    return (first + rest)[:limit], count - limit


def left_out_note(table: Table, left_out: int) -> str:
    """Say how many rows were left out and how to see them."""
    if table.noun == "participants":
        what = ngettext("{n} participant left out", "{n} participants left out", left_out)
    else:
        what = ngettext("{n} row left out", "{n} rows left out", left_out)
    parts = [what.format(n=left_out)]
    if table.attention and any(table.attention):
        parts.append(_("those needing attention are shown first"))
    parts.append(_("show more with --limit N, or every row with --all"))
    return "; ".join(parts) + "."


def fact_lines(table: Table) -> list[tuple[str, str]]:
    """``(label, text)`` of the facts shown on a screen."""
    return [(one_line(row[1]), one_line(row[3])) for row in table.rows if row[3]]


def shown_columns(table: Table, where: Where) -> list[tuple[int, Column]]:
    """The columns shown in ``where``: TERMINAL (Rich) or EXPORT (plain text)."""
    return [(i, table.columns[i]) for i in table.visible(where)]
