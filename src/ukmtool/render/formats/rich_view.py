"""The table format on a terminal: Rich tables with colour, marks and bars.

Every cell is a :class:`rich.text.Text` built from cleaned text, so nothing
from the files is read as markup or emoji.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table as RichTable
from rich.text import Text

from ukmtool.core.reports.tabular import Bar, Document, Kind, Table, Where
from ukmtool.localefmt import format_number
from ukmtool.render.console import console
from ukmtool.render.formats.cells import one_line, screen_text
from ukmtool.render.formats.layout import RIGHT, cut, fact_lines, left_out_note, shown_columns

BAR_WIDTH = 10
TONES = {"good": "green", "warn": "yellow", "bad": "red", "": "cyan"}
STATUS_STYLES = {
    "completed": "green",
    "failed": "red",
    "in_progress": "",
    "gained": "green",
    "lost": "red",
}


def bar_text(bar: Bar) -> Text:
    """``███▒▒░░░░░``: filled (coloured), still possible (shaded), lost (light)."""
    if bar.total <= 0:
        return Text("")
    filled = round(BAR_WIDTH * bar.filled / bar.total)
    reach = round(BAR_WIDTH * (bar.filled + bar.open) / bar.total)
    text = Text("█" * filled, style=TONES.get(bar.tone, ""))
    text.append("▒" * (reach - filled), style="dim")
    text.append("░" * (BAR_WIDTH - reach), style="dim")
    return text


def cell(kind: Kind, value: Any, digits: int = 1) -> Text:
    """One cell with its style (``digits``: the width of each count of a COUNTS cell)."""
    if kind is Kind.BAR:
        return bar_text(value) if isinstance(value, Bar) else Text("")
    if kind is Kind.COUNTS:
        return Text(" ".join(format_number(n).rjust(digits) for n in value))
    text = Text(screen_text(kind, value))
    if kind is Kind.STATUS and value:
        text.stylize(STATUS_STYLES.get(str(value), ""))
    elif kind in (Kind.FLAG, Kind.MARK) and value:
        text.stylize("bold yellow")
    return text


def _grid(table: Table, limit: int | None) -> tuple[RichTable, int]:
    columns = shown_columns(table, Where.TERMINAL)
    rows, left_out = cut(table, limit)
    digits = {
        i: max((len(format_number(n)) for r in rows for n in table.rows[r][i]), default=1)
        for i, column in columns
        if column.kind is Kind.COUNTS
    }
    grid = RichTable(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        header_style="bold",
        collapse_padding=True,
    )
    for i, column in columns:
        flexible = column.kind in (Kind.TEXT, Kind.MISSED, Kind.GROUP)
        least = None
        if flexible:  # narrow to this, not below: a name cut shorter says nothing
            longest = max((len(str(table.rows[r][i])) for r in rows), default=0)
            least = min(longest, 18 if column.kind is Kind.MISSED else 10)
        grid.add_column(
            Text(column.header),
            justify="right" if column.kind in RIGHT else "left",
            no_wrap=not flexible,
            overflow="ellipsis",
            min_width=least,
        )
    for r in rows:
        values = table.rows[r]
        cells = [cell(column.kind, values[i], digits.get(i, 1)) for i, column in columns]
        if table.limitable:  # long tables: one line a row, long names cut with an ellipsis
            for text, (_i, column) in zip(cells, columns, strict=True):
                if column.kind is Kind.TEXT:
                    text.no_wrap = True
                    text.overflow = "ellipsis"
        grid.add_row(*cells)
    return grid, left_out


def draw(document: Document, limit: int | None) -> None:
    """Print every table of ``document``."""
    out = console()
    out.print(Text(one_line(document.title), style="bold"))
    for table in document.tables:
        out.print()
        out.print(Text(one_line(table.title), style="bold"))
        if table.facts:
            for label, text in fact_lines(table):
                line = Text(label + ": ", style="bold")
                line.append(text)
                out.print(line, soft_wrap=True)
            continue
        if table.rows:
            grid, left_out = _grid(table, limit)
            out.print(grid)
            if left_out:
                out.print(Text(left_out_note(table, left_out), style="yellow"), soft_wrap=False)
        for note in [*table.notes, *table.terminal_notes]:
            out.print(Text(one_line(note), style="dim"))
