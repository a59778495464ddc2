"""``--format xlsx``: a workbook for people, one sheet per table, no formulas.

Written with openpyxl in write-only mode.  Each sheet starts with a title
block (the programme, the report and the table, the day it is as of), then
one header row in the report's language, then the rows.  Numbers are
numbers, percentages are fractions shown as percentages (``84%``), dates
are dates, statuses, genders and yes/no are words in the report's language,
and every text (ids, phones and NIKs included) is a text cell: a value
starting with ``=`` is stored as text, never as a formula.  Each sheet opens
ready to read: columns as wide as what they hold, the header row bold and
frozen, and filters on it.  (CSV and JSON keep the stable English keys.)
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ukmtool.core.reports.figures import Ratio
from ukmtool.core.tables.tableset import ColumnKind, GenderCode, Table, TotalLabel, Where
from ukmtool.i18n import _
from ukmtool.localefmt import yes_no
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import export_value, flat_header, one_line, screen_text

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 500
"""Rows looked at to size a column (a long table's first rows are like its others)."""
_MIN_WIDTH, _MAX_WIDTH = 6, 60
TITLE_ROWS = 4
"""Rows of the title block above each sheet's header row (the last one left empty)."""
HEADER_ROW = TITLE_ROWS + 1
_WORDS = frozenset({ColumnKind.STATUS, ColumnKind.GENDER, ColumnKind.MISSED})
"""Kinds written as words in the report's language."""


def _column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA`` (openpyxl's letters, counted from 0)."""
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(index + 1)
    return letter


def shown_columns(table: Table) -> list[int]:
    """The columns a sheet shows: every figure, and a fact's label rather than its key."""
    shown = table.visible(Where.EXPORT)
    if table.facts:
        keys = [c.key for c in table.columns]
        shown = [keys.index("label") if keys[i] == "item" else i for i in shown]
    return shown


def word(kind: ColumnKind, value: Any) -> Any:
    """``value`` as a cell holds it: words in the report's language, else as for files."""
    if isinstance(value, TotalLabel):
        return _("total")
    if kind is ColumnKind.GROUP and value is None:
        return _("(no tag)")
    if value is None:
        return None
    if kind is ColumnKind.FLAG:
        return yes_no(bool(value))
    if kind in _WORDS or isinstance(value, GenderCode):
        return screen_text(kind, value)
    return export_value(kind, value)


def _shown_width(kind: ColumnKind, value: Any) -> int:
    out = word(kind, value)
    if out is None:
        return 0
    if isinstance(out, date):
        return 10
    if kind is ColumnKind.PERCENT:
        return 5
    text = str(out)
    return max((len(line) for line in text.splitlines()), default=0)


def sheet_name(table: Table, used: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters) for ``table``."""
    base = _SHEET_UNSAFE.sub("_", table.name)[:31] or "sheet"
    name = base
    number = 2
    while name.casefold() in used:
        suffix = f"_{number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return name


_COMPLETION = ("completed", "in_progress", "failed")
_CHART_ROWS = 18
"""Rows of the summary sheet each chart takes."""


def add_charts(tables: list[Table], sheets: dict[str, Any]) -> None:
    """Native Excel charts of the figures, on the summary sheet (else beside their table).

    Completion (completed, in progress, failed) of every table that has it
    per module or per group, and attendance per session; each chart reads
    its table's own cells, so it follows them when someone edits the sheet.
    """
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.series import SeriesLabel

    place = sheets.get("summary")
    count = 0
    for table in tables:
        keys = [table.columns[i].key for i in shown_columns(table)]
        rows = len(table.rows)
        if table.facts:
            continue
        label = next(
            (k for k in ("title", "group", "district", "sector", "gender", "tag", "session")
             if k in keys),
            None,
        )  # fmt: skip
        if table.name == "groups":
            rows -= 1  # its last row is the total
        if label is None:
            continue
        if all(k in keys for k in _COMPLETION):
            series, stacked = list(_COMPLETION), True
        elif table.name == "sessions" and {"attended", "counted"} <= set(keys):
            series, stacked = ["counted", "attended"], False
        else:
            continue
        if rows < 1:
            continue
        sheet = sheets[table.name]
        chart = BarChart()
        chart.type = "bar"
        chart.title = table.title
        chart.height, chart.width = 8, 18
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
        headers = {c.key: flat_header(c.header) for c in table.columns}
        for key in series:
            column = keys.index(key) + 1
            data = Reference(
                sheet, min_col=column, min_row=HEADER_ROW + 1, max_row=HEADER_ROW + rows
            )
            chart.add_data(data, titles_from_data=False)
            chart.series[-1].tx = SeriesLabel(v=headers[key])
        column = keys.index(label) + 1
        categories = Reference(
            sheet, min_col=column, min_row=HEADER_ROW + 1, max_row=HEADER_ROW + rows
        )
        chart.set_categories(categories)
        target = place if place is not None else sheet
        anchor_column = "D" if place is not None else _column_letter(len(keys) + 1)
        target.add_chart(chart, f"{anchor_column}{HEADER_ROW + 1 + count * _CHART_ROWS}")
        count += 1 if place is not None else 0


def _link_whatsapp(cell: Any, phone: Any) -> None:
    """Make a phone cell a link that opens a WhatsApp chat with that number."""
    from ukmtool.core.documents.report import whatsapp

    link = whatsapp(phone if isinstance(phone, str) else None)
    if link is not None:
        cell.hyperlink = link
        cell.style = "Hyperlink"


class XlsxFormat(Formatter):
    """Every table of the table set as a sheet of a workbook."""

    name = "xlsx"
    suffixes = (".xlsx",)
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The workbook's bytes."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        book = Workbook(write_only=True)
        book.properties.creator = "ukm"  # ukm's own: --output may replace it in the folder
        tableset = report.tableset
        tables = [*tableset.tables, *report.workbook_tables]
        used: set[str] = set()
        sheets: dict[str, Any] = {}
        for table in tables:
            sheet = sheets[table.name] = book.create_sheet(sheet_name(table, used))
            shown = shown_columns(table)
            kinds = [table.columns[i].kind for i in shown]
            headers = [flat_header(table.columns[i].header) for i in shown]
            self._lay_out(sheet, table, shown, headers)
            for line in self._title_block(sheet, report, tableset.title, table):
                sheet.append(line)
            header = []
            for text in headers:
                cell = self._text(sheet, WriteOnlyCell, text)
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
            phones = {i for i in shown if table.columns[i].key == "phone"}
            for row in table.rows:
                cells = []
                for kind, i in zip(kinds, shown, strict=True):
                    cell = self._cell(sheet, WriteOnlyCell, kind, row[i])
                    if i in phones and cell is not None:
                        _link_whatsapp(cell, row[i])
                    cells.append(cell)
                sheet.append(cells)
        add_charts(tables, sheets)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def _title_block(self, sheet: Any, report: Report, title: str, table: Table) -> list[list[Any]]:
        """The programme (bold), the report and the table, the day: ``TITLE_ROWS`` rows."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        programme, *rest = (*report.heading, "") if report.heading else ("", "")
        parts = dict.fromkeys(t for t in (title, table.title) if t and t != programme)
        what = ": ".join(parts)
        lines: list[list[Any]] = []
        for text, font in (
            (programme, Font(bold=True, size=14)),
            (what, Font(bold=True)),
            (" ".join(rest).strip(), Font(italic=True)),
        ):
            if not text:
                lines.append([])
                continue
            cell = self._text(sheet, WriteOnlyCell, one_line(text))
            cell.font = font
            lines.append([cell])
        lines.append([])
        return lines[:TITLE_ROWS]

    @staticmethod
    def _lay_out(sheet: Any, table: Table, shown: list[int], headers: list[str]) -> None:
        """Widths from what the columns hold, the header frozen, filters on it."""
        sample = table.rows[:_WIDTH_SAMPLE]
        for position, (i, header) in enumerate(zip(shown, headers, strict=True)):
            kind = table.columns[i].kind
            longest = max((_shown_width(kind, row[i]) for row in sample), default=0)
            width = min(max(len(header), longest, _MIN_WIDTH), _MAX_WIDTH) + 2
            sheet.column_dimensions[_column_letter(position)].width = width
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        if shown:
            last = _column_letter(len(shown) - 1)
            sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(table.rows)}"

    @staticmethod
    def _text(sheet: Any, make: Any, text: str) -> Any:
        cell = make(sheet, value=text)
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        return cell

    def _cell(self, sheet: Any, make: Any, kind: ColumnKind, value: Any) -> Any:
        if kind is ColumnKind.PERCENT and isinstance(value, Ratio):
            if value.whole <= 0:
                return None
            cell = make(sheet, value=value.part / value.whole)
            cell.number_format = "0%"
            return cell
        out = word(kind, value)
        if out is None:
            return None
        if isinstance(out, bool | int | float):
            return out
        if isinstance(out, date):
            cell = make(sheet, value=out)
            cell.number_format = "yyyy-mm-dd"
            return cell
        return self._text(sheet, make, str(out))
