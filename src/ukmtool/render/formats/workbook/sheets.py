"""One table as one worksheet, written row by row in order (XlsxWriter's constant memory).

Each sheet opens ready to read and to print:

- a title block: the programme (large, bold), the report and the table, the
  day it is as of, and a note where the sheet needs one; then the header row
  (row 5) in the report's language, bold, frozen, with filters on it;
- the rows, each value through its column's writer (``cells``); each phone a
  link that opens a WhatsApp chat, for the first 65,530 of a sheet (Excel's
  limit: later phones are plain text, and the title block says from which row);
- a total row under a table of counts (each column that adds up: counts and
  Rupiah summed, percentages as the sum of their parts over the sum of their
  wholes), apart from the rows by an empty one so that filters and sorting
  leave it alone;
- columns as wide as what they hold; landscape A4, one page wide, the header
  row repeated on every page, gridlines, the programme and the table in the
  page header and "Page N of M" in the footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ukmtool.core.reports.figures import Ratio
from ukmtool.core.tables.tableset import FACT_COLUMNS, ColumnKind, Table, TotalLabel, Where
from ukmtool.errors import UkmError
from ukmtool.i18n import _
from ukmtool.localefmt import format_number
from ukmtool.render.formats.cells import flat_header, one_line
from ukmtool.render.formats.workbook.cells import (
    Cell,
    Styles,
    Write,
    cell,
    column_writer,
    fit,
    shown_width,
    write_cell,
)

TITLE_ROWS = 4
"""Rows of the title block above each sheet's header row (the fourth holds a note, if any)."""
HEADER_ROW = TITLE_ROWS + 1
"""The header row as Excel numbers it (from 1)."""
MAX_LINKS = 65_530
"""Excel's limit of hyperlinks in one worksheet."""
SHEET_ROWS = 1_048_576
"""Excel's limit of rows in one worksheet."""
_WIDTH_SAMPLE = 500
"""Rows looked at to size a column (a long table's first rows are like its others)."""
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_HEADER_PART = 100
"""Characters of the programme's name and of the table's title in a printed page's header."""
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_RESERVED = frozenset({"history"})
"""Sheet names Excel keeps for itself."""


@dataclass(frozen=True, slots=True)
class Heading:
    """What a sheet's title block says above its table."""

    programme: str
    report: str
    day: str


@dataclass(frozen=True, slots=True)
class Placed:
    """A table written as a sheet: where its cells are (for the charts)."""

    name: str
    sheet: Any
    table: Table
    shown: list[int]


def shown_columns(table: Table) -> list[int]:
    """The columns a sheet shows: every figure (of facts: the item and the value)."""
    return table.visible(Where.EXPORT)


def fact_cells(table: Table) -> list[tuple[Cell | None, Cell | None]]:
    """Each fact as its two cells: its name (not its key) and its value, written as its kind."""
    name, value, kind = (FACT_COLUMNS.index(k) for k in ("name", "value", "kind"))
    return [(cell(ColumnKind.TEXT, row[name]), cell(row[kind], row[value])) for row in table.rows]


def sheet_name(table: Table, used: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters) for ``table``."""
    base = _SHEET_UNSAFE.sub("_", table.name).strip("'")[:31] or "sheet"
    name = base
    number = 2
    while name.casefold() in used or name.casefold() in _RESERVED:
        suffix = f"_{number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return name


def write_sheet(
    book: Any, table: Table, heading: Heading, styles: Styles, used: set[str]
) -> Placed:
    """Write ``table`` as a new sheet of ``book`` (see the module)."""
    shown = shown_columns(table)
    last_row = HEADER_ROW + len(table.rows) + 2  # the empty row and the total row
    if last_row > SHEET_ROWS:
        raise UkmError(
            _("The table '{title}' has {n} rows; an Excel sheet holds at most {limit}.").format(
                title=one_line(table.title),
                n=format_number(len(table.rows)),
                limit=format_number(SHEET_ROWS - HEADER_ROW - 2),
            ),
            hint=_("Write it with --format csv, or choose fewer participants."),
        )
    name = sheet_name(table, used)
    sheet = book.add_worksheet(name)
    links = _links(table, shown)
    _title_block(sheet, table, heading, styles, links)
    headers = [flat_header(table.columns[i].header) for i in shown]
    header_row = HEADER_ROW - 1
    for c, text in enumerate(headers):
        _check(sheet.write_string(header_row, c, text, styles.header), name, header_row, c)
    if table.facts:
        for r, cells in enumerate(fact_cells(table), start=header_row + 1):
            for c, how in enumerate(cells):
                _check(write_cell(sheet, styles.plain, r, c, how), name, r, c)
    else:
        _rows(sheet, table, shown, styles, links)
    total = _total_row(table, shown)
    if total is not None:
        row = header_row + len(table.rows) + 2
        for c, how in enumerate(total):
            _check(write_cell(sheet, styles.bold, row, c, how), name, row, c)
    _lay_out(sheet, table, shown, headers)
    _print_setup(sheet, heading, _what(heading, table))
    return Placed(name, sheet, table, shown)


def _what(heading: Heading, table: Table) -> str:
    """The report and the table, as the title block's second line says them."""
    parts = dict.fromkeys(t for t in (heading.report, table.title) if t and t != heading.programme)
    return ": ".join(parts)


def _title_block(sheet: Any, table: Table, heading: Heading, styles: Styles, links: Links) -> None:
    note = _links_note(links)
    lines = (
        (heading.programme, styles.programme),
        (_what(heading, table), styles.heading),
        (heading.day, styles.day),
        (note, styles.day),
    )
    for row, (text, style) in enumerate(lines[:TITLE_ROWS]):
        if text:
            _check(sheet.write_string(row, 0, fit(one_line(text)), style), sheet.name, row, 0)


@dataclass(frozen=True, slots=True)
class Links:
    """The WhatsApp links of a sheet's phone columns (by position), and where they stop."""

    columns: dict[int, list[str | None]]
    """Each row's link, None for a row without one or after Excel's limit."""
    last_row: int | None
    """The last row (from 0) holding a link when the limit left later phones as text."""


def _links(table: Table, shown: list[int]) -> Links:
    """The links of ``table``'s phone columns: the first ``MAX_LINKS`` phones of the sheet."""
    from ukmtool.core.documents.report import whatsapp

    columns: dict[int, list[str | None]] = {}
    made = 0
    last: int | None = None
    cut = False
    for position, i in enumerate(shown):
        if table.columns[i].key != "phone":
            continue
        column: list[str | None] = []
        for index, row in enumerate(table.rows):
            phone = row[i]
            link = whatsapp(phone) if phone.__class__ is str else None
            if link is not None:
                if made >= MAX_LINKS:
                    link, cut = None, True
                else:
                    made += 1
                    last = index if last is None else max(last, index)
            column.append(link)
        columns[position] = column
    return Links(columns, HEADER_ROW + last if cut and last is not None else None)


def _links_note(links: Links) -> str:
    """What the title block says when some phones are plain text ("": all are links)."""
    if links.last_row is None:
        return ""
    return _(
        "Phones are WhatsApp links down to row {row}; below it they are plain text "
        "(Excel allows at most {limit} links in a sheet)."
    ).format(row=format_number(links.last_row + 1), limit=format_number(MAX_LINKS))


def _rows(
    sheet: Any,
    table: Table,
    shown: list[int],
    styles: Styles,
    links: Links,
) -> None:
    """Every row of ``table`` in order, each value through its column's writer."""
    writers: list[tuple[int, int, Write]] = []
    with_none: set[int] = set()
    for c, i in enumerate(shown):
        kind = table.columns[i].kind
        write = column_writer(sheet, kind, styles)
        if c in links.columns:
            write = _phone_writer(sheet, kind, write, links.columns[c])
        if kind is ColumnKind.GROUP:
            with_none.add(c)  # None is a group too: participants without a tag
        writers.append((c, i, write))
    r = HEADER_ROW - 1
    for row in table.rows:
        r += 1
        for c, i, write in writers:
            value = row[i]
            if (value is not None or c in with_none) and (code := write(r, c, value)):
                _check(code, sheet.name, r, c)


def _phone_writer(sheet: Any, kind: ColumnKind, text: Write, links: list[str | None]) -> Write:
    """Phones as links that open a WhatsApp chat (``text`` where a row has no link)."""
    first = HEADER_ROW  # the first data row, from 0

    def write(r: int, c: int, value: Any) -> int:
        link = links[r - first]
        if link is None:
            return text(r, c, value)
        how = cell(kind, value)
        shown = how[1] if how is not None else link
        code: int = sheet.write_url(r, c, link, None, str(shown))
        return code

    return write


def _total_row(table: Table, shown: list[int]) -> list[tuple[str, Any, str] | None] | None:
    """The total row under a table of counts (None: the table has none, or its own)."""
    totals = [i for i in shown if table.columns[i].total]
    if not totals or not table.rows or table.facts:
        return None
    if any(isinstance(v, TotalLabel) for v in table.rows[-1]):
        return None  # the table's last row is its own total
    out: list[tuple[str, Any, str] | None] = []
    labelled = False
    for i in shown:
        column = table.columns[i]
        if not column.total:
            out.append(None if labelled else cell(ColumnKind.TEXT, _("total")))
            labelled = True
            continue
        values = [row[i] for row in table.rows if row[i] is not None]
        if column.kind is ColumnKind.PERCENT:
            ratios = [v for v in values if isinstance(v, Ratio)]
            whole = sum(v.whole for v in ratios)
            out.append(cell(column.kind, Ratio(sum(v.part for v in ratios), whole)))
        else:
            numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
            out.append(cell(column.kind, sum(numbers)) if numbers else None)
    return out


def _lay_out(sheet: Any, table: Table, shown: list[int], headers: list[str]) -> None:
    """Widths from what the columns hold, the header frozen, filters on it."""
    sample = table.rows[:_WIDTH_SAMPLE]
    facts = fact_cells(table) if table.facts else []
    for position, (i, header) in enumerate(zip(shown, headers, strict=True)):
        kind = table.columns[i].kind
        if table.facts:
            longest = max((shown_width(cells[position]) for cells in facts), default=0)
        else:
            longest = max((shown_width(cell(kind, row[i])) for row in sample), default=0)
        width = min(max(len(header), longest, _MIN_WIDTH), _MAX_WIDTH) + 2
        sheet.set_column(position, position, width)
    sheet.freeze_panes(HEADER_ROW, 0)
    if shown:
        last = HEADER_ROW - 1 + len(table.rows)
        sheet.autofilter(HEADER_ROW - 1, 0, last, len(shown) - 1)
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})


def _print_setup(sheet: Any, heading: Heading, what: str) -> None:
    """Landscape A4, one page wide, the header row on every page, the page header and footer."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW - 1)
    sheet.hide_gridlines(0)  # gridlines shown and printed
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.set_header(f"&L{_page_text(heading.programme)}&R{_page_text(what)}")
    sheet.set_footer(
        "&C" + _page_text(_("Page {page} of {pages}"), codes={"page": "&P", "pages": "&N"})
    )


def _page_text(text: str, codes: dict[str, str] | None = None) -> str:
    """``text`` for a page header or footer: ``&`` doubled (Excel's codes start with it), cut short.

    ``codes`` fill ``{name}`` places with Excel's own codes (``&P`` the page number).
    """
    text = one_line(text)[:_HEADER_PART]
    escaped = text.replace("&", "&&").replace("&&G", "&&\u2060G")  # never read as &G (a picture)
    for name, code in (codes or {}).items():
        escaped = escaped.replace("{" + name + "}", code)
    return escaped


def _check(code: int, sheet: str, row: int, col: int) -> None:
    """XlsxWriter refuses a cell with a negative code: never silently (it would leave it empty)."""
    if code:
        raise RuntimeError(f"XlsxWriter refused cell ({row}, {col}) of sheet {sheet}: {code}")
