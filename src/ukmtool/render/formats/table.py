"""``--format table``: Rich tables on a terminal, plain aligned text everywhere else.

Plain text has no colour, no box drawing and no bars: every figure in its own
column (the columns of the CSV file, with the headers people read), columns
separated by two spaces, so ``grep`` and ``cut -c`` work.  On a terminal a long table
of participants is cut to a limit (200 by default), those needing attention
first, with a note saying how many were left out and how to see them.
"""

from __future__ import annotations

from functools import partial

from ukmtool.core.tables.tableset import TableSet, Where
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import each_once, flat_header, one_line, screen_text
from ukmtool.render.formats.layout import RIGHT, cut, fact_lines, left_out_note, shown_columns

DEFAULT_LIMIT = 200


def _width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def aligned(texts: list[str], right: bool) -> list[str]:
    """``texts`` padded with spaces to the width of the widest (on the left when ``right``)."""
    widths: dict[str, int] = {}
    for text in texts:
        if text not in widths:
            widths[text] = _width(text)
    most = max(widths.values())
    if right:
        return [" " * (most - widths[text]) + text for text in texts]
    return [text + " " * (most - widths[text]) for text in texts]


def plain_text(tableset: TableSet, limit: int | None) -> str:
    """The whole table set as plain aligned text."""
    out = [one_line(tableset.title), ""]
    for table in tableset.tables:
        out.append(one_line(table.title))
        if table.facts:
            out += [f"{label}: {text}" for label, text in fact_lines(table)]
            out.append("")
            continue
        rows, left_out = cut(table, limit)
        chosen = [table.rows[r] for r in rows]
        grid = [
            aligned(
                [
                    flat_header(column.header),
                    *each_once(partial(screen_text, column.kind), [v[i] for v in chosen]),
                ],
                column.kind in RIGHT,
            )
            for i, column in shown_columns(table, Where.EXPORT)
        ]
        out += ["  ".join(line).rstrip() for line in zip(*grid, strict=True)] or [""] * (
            1 + len(chosen)
        )
        if left_out:
            out.append(left_out_note(table, left_out))
        out += [one_line(note) for note in [*table.notes, *table.advice]]
        out.append("")
    return "\n".join(out)


class TableFormat(Formatter):
    """Plain aligned text (the terminal view is :func:`show_terminal`)."""

    name = "table"
    suffixes = (".txt",)

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """Plain text of every table, UTF-8."""
        return plain_text(report.tableset, options.limit).encode("utf-8")


def show_terminal(tableset: TableSet, limit: int | None) -> None:
    """Draw the table set with Rich on stdout."""
    from ukmtool.render.formats.rich_view import draw

    draw(tableset, limit)
