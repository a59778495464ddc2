"""Fitting a table to the terminal's width: which columns stay, which are left out.

Ids, dates and statuses are never cut (a date column is left out whole, and
last of all), and neither is the first name column (a business, an owner, a
module's title, a group): it may wrap onto a second line at a space, never
lose letters.  When the columns do not fit at their natural widths, whole
columns are left out in a stated order (:func:`drop_order`) and the table
says which, and how to see them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ukmtool.core.tables.tableset import Column, ColumnKind

if TYPE_CHECKING:
    from rich.table import Table

GAP = 2
"""Spaces between two columns of the terminal's tables."""
NAME_ROOM = 24
"""The width a long name may wrap at before columns are left out for it."""

KEPT = frozenset({ColumnKind.CODE, ColumnKind.STATUS})
"""Kinds never left out and never cut (dates are never cut, but left out last of all)."""
NAMES = frozenset({ColumnKind.TEXT, ColumnKind.GROUP})
_RANK = {
    ColumnKind.BAR: 0,
    ColumnKind.SCORE: 1,
    ColumnKind.SCORE_CHANGE: 1,
    ColumnKind.MISSED: 1,
    ColumnKind.TEXT: 2,
    ColumnKind.GROUP: 2,
    ColumnKind.COUNTS: 3,
    ColumnKind.PERCENT: 4,
    ColumnKind.SLASHED: 5,
    ColumnKind.INT: 5,
    ColumnKind.YEAR: 5,
    ColumnKind.SIGNED: 5,
    ColumnKind.AUTO: 5,
    ColumnKind.GENDER: 6,
    ColumnKind.FLAG: 6,
    ColumnKind.MARK: 7,
    ColumnKind.DATE: 8,
}


@dataclass(frozen=True, slots=True)
class Measured:
    """One column as the rows to show need it: its natural width and the least it can take."""

    column: Column
    natural: int
    """The widest cell or header line: no wrapping at all."""
    least: int
    """The narrowest it may become (a name wraps at a space; other columns never narrow)."""


@dataclass(frozen=True, slots=True)
class Fit:
    """Positions (into the measured list) of the columns kept and of those left out."""

    kept: list[int]
    dropped: list[int]
    needed: int
    """The width that would show every column unwrapped."""


def first_name(columns: Sequence[Column]) -> int | None:
    """The position of the first name column (business, title, group), if any."""
    return next((pos for pos, c in enumerate(columns) if c.kind in NAMES), None)


def drop_order(columns: Sequence[Column]) -> list[int]:
    """Positions in the order a narrow screen leaves them out.

    Bars first, then test scores and the missed sessions, other text columns (district,
    sector), the marks' counts, percentages, other figures, flags, and dates
    only when nothing else is left to leave out; the rightmost of a kind goes
    first.  Ids, statuses and the first name column are never left out.
    """
    name = first_name(columns)
    ranked = [
        (_RANK.get(c.kind, 5), -pos, pos)
        for pos, c in enumerate(columns)
        if c.kind not in KEPT and pos != name
    ]
    return [pos for _rank, _right, pos in sorted(ranked)]


def words_width(text: str, width: int) -> int:
    """The longest word of ``text`` (a header or a name), at most ``width``."""
    from rich.cells import cell_len

    return min(max((cell_len(w) for w in text.split()), default=0), width)


def fit(measured: Sequence[Measured], width: int, order: Sequence[int] | None = None) -> Fit:
    """The columns that fit ``width``: at natural widths if they can, else without some.

    ``order``: the positions to leave out, first to last (default :func:`drop_order`).
    """
    total = sum(m.natural for m in measured) + GAP * max(len(measured) - 1, 0)
    if total <= width:
        return Fit(list(range(len(measured))), [], total)
    columns = [m.column for m in measured]
    kept = set(range(len(measured)))
    dropped: list[int] = []

    def room() -> int:
        return sum(measured[p].least for p in kept) + GAP * max(len(kept) - 1, 0)

    for pos in drop_order(columns) if order is None else order:
        if room() <= width:
            break
        kept.discard(pos)
        dropped.append(pos)
    return Fit(sorted(kept), dropped, total)


def bare_table() -> Table:
    """A Rich table as the terminal's tables are drawn: a rule under the header, no edges.

    Its columns are :data:`GAP` apart, as :func:`fit` counts them.
    """
    from rich import box
    from rich.table import Table

    return Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        header_style="bold",
        collapse_padding=True,
    )
