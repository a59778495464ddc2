"""The table format on a terminal: Rich tables with colour, marks and bars.

Every cell is a :class:`rich.text.Text` built from cleaned text, so nothing
from the files is read as markup or emoji.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.table import Table as RichTable
from rich.text import Text

from ukmtool.core.tables.tableset import Bar, ColumnKind, Table, TableSet, Where
from ukmtool.i18n import _
from ukmtool.localefmt import format_number
from ukmtool.render.console import console
from ukmtool.render.formats.cells import flat_header, one_line, screen_text
from ukmtool.render.formats.fit import (
    NAME_ROOM,
    Measured,
    bare_table,
    first_name,
    fit,
    words_width,
)
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


def cell(kind: ColumnKind, value: Any, digits: int = 1) -> Text:
    """One cell with its style (``digits``: the width of each count of a COUNTS cell)."""
    if kind is ColumnKind.BAR:
        return bar_text(value) if isinstance(value, Bar) else Text("")
    if kind is ColumnKind.COUNTS:
        return Text(" ".join(format_number(n).rjust(digits) for n in value))
    if kind is ColumnKind.MISSED:  # one session a line: a date is never broken over two
        return Text("\n".join(screen_text(kind, (miss,)) for miss in value))
    text = Text(screen_text(kind, value))
    if kind is ColumnKind.STATUS and value:
        text.stylize(STATUS_STYLES.get(str(value), ""))
    elif kind in (ColumnKind.FLAG, ColumnKind.MARK) and value:
        text.stylize("bold yellow")
    return text


def _grid(table: Table, limit: int | None, width: int) -> tuple[RichTable, int, list[str], int]:
    """The Rich table, the rows left out, the headers of columns left out, the width needed."""
    columns = shown_columns(table, Where.TERMINAL)
    rows, left_out = cut(table, limit)
    digits = {
        i: max((len(format_number(n)) for r in rows for n in table.rows[r][i]), default=1)
        for i, column in columns
        if column.kind is ColumnKind.COUNTS
    }
    body = [
        [cell(column.kind, table.rows[r][i], digits.get(i, 1)) for i, column in columns]
        for r in rows
    ]
    name = first_name([c for _i, c in columns])
    measured = []
    for pos, (_i, column) in enumerate(columns):
        texts = [line[pos] for line in body]
        lines = column.header.split("\n")
        natural = max(
            [*(cell_len(x) for t in texts for x in t.plain.split("\n")), *map(cell_len, lines)]
        )
        heading = max(words_width(line, natural) for line in lines)
        if pos == name:  # a name wraps at a space, never loses letters
            longest = max((words_width(t.plain, natural) for t in texts), default=0)
            least = max(min(natural, NAME_ROOM), longest, heading)
        else:
            least = natural
        measured.append(Measured(column, natural, least))
    chosen = fit(measured, width)
    grid = bare_table()
    for pos in chosen.kept:
        m = measured[pos]
        wraps = pos == name
        grid.add_column(
            Text(m.column.header),
            justify="right" if m.column.kind in RIGHT else "left",
            no_wrap=not wraps,
            overflow="fold" if wraps else "ellipsis",
            min_width=m.least,
        )
    for line in body:
        grid.add_row(*(line[pos] for pos in chosen.kept))
    dropped = [flat_header(measured[pos].column.header) or _("bar") for pos in chosen.dropped]
    return grid, left_out, dropped, chosen.needed


def dropped_note(dropped: list[str], width: int, needed: int) -> str:
    """Which columns a narrow terminal left out, and how to see them."""
    return _(
        "Not shown at {width} columns: {columns}. A terminal {needed} columns wide shows them; "
        "--format md, csv or xlsx has every column."
    ).format(width=width, columns=", ".join(dropped), needed=needed)


def draw(tableset: TableSet, limit: int | None) -> None:
    """Print every table of ``tableset``."""
    out = console()
    out.print(Text(one_line(tableset.title), style="bold"))
    for table in tableset.tables:
        out.print()
        out.print(Text(one_line(table.title), style="bold"))
        if table.facts:
            for label, text in fact_lines(table):
                line = Text(label + ": ", style="bold")
                line.append(text)
                out.print(line)  # wrapped at spaces, never inside a word
            continue
        if table.rows:
            grid, left_out, dropped, needed = _grid(table, limit, out.width)
            out.print(grid)
            if left_out:
                out.print(Text(left_out_note(table, left_out), style="yellow"), soft_wrap=False)
            if dropped:
                out.print(Text(dropped_note(dropped, out.width, needed), style="yellow"))
        for note in [*table.notes, *table.advice, *table.terminal_notes]:
            out.print(Text(one_line(note), style="dim"))
