"""``--format xlsx``: one sheet per table, one header row each, no formulas.

Written with openpyxl in write-only mode.  Headers are the columns' stable
English keys; numbers are numbers, percentages are fractions shown as
percentages (``84%``), flags are TRUE/FALSE, dates are dates, and every
text (ids, phones and NIKs included) is a text cell: a value starting with
``=`` is stored as text, never as a formula.  Each sheet opens ready to
read: columns as wide as what they hold, the header row bold and frozen,
and filters on it.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ukmtool.core.reports.tabular import ColumnKind, Ratio, Table, Where
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import export_value

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 500
"""Rows looked at to size a column (a long table's first rows are like its others)."""
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shown_width(kind: ColumnKind, value: Any) -> int:
    out = export_value(kind, value)
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
        keys = [table.columns[i].key for i in table.visible(Where.EXPORT)]
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
        headers = {c.key: c.header.replace("\n", " ").replace("-\n", "") for c in table.columns}
        for key in series:
            column = keys.index(key) + 1
            data = Reference(sheet, min_col=column, min_row=2, max_row=rows + 1)
            chart.add_data(data, titles_from_data=False)
            chart.series[-1].tx = SeriesLabel(v=" ".join(headers[key].split()))
        column = keys.index(label) + 1
        chart.set_categories(Reference(sheet, min_col=column, min_row=2, max_row=rows + 1))
        target = place if place is not None else sheet
        anchor_column = "D" if place is not None else column_letter(len(keys) + 1)
        target.add_chart(chart, f"{anchor_column}{2 + count * _CHART_ROWS}")
        count += 1 if place is not None else 0


class XlsxFormat(Formatter):
    """Every table of the document as a sheet of a workbook."""

    name = "xlsx"
    suffixes = (".xlsx",)
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The workbook's bytes."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        book = Workbook(write_only=True)
        document = report.document
        used: set[str] = set()
        sheets: dict[str, Any] = {}
        for table in document.tables:
            sheet = sheets[table.name] = book.create_sheet(sheet_name(table, used))
            shown = table.visible(Where.EXPORT)
            kinds = [table.columns[i].kind for i in shown]
            keys = [table.columns[i].key for i in shown]
            self._lay_out(sheet, table, shown, keys)
            header = []
            for key in keys:
                cell = self._text(sheet, WriteOnlyCell, key)
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
            for row in table.rows:
                cells = []
                for kind, i in zip(kinds, shown, strict=True):
                    cells.append(self._cell(sheet, WriteOnlyCell, kind, row[i]))
                sheet.append(cells)
        add_charts(document.tables, sheets)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _lay_out(sheet: Any, table: Table, shown: list[int], keys: list[str]) -> None:
        """Widths from what the columns hold, the header frozen, filters on it."""
        sample = table.rows[:_WIDTH_SAMPLE]
        for position, (i, key) in enumerate(zip(shown, keys, strict=True)):
            kind = table.columns[i].kind
            longest = max((_shown_width(kind, row[i]) for row in sample), default=0)
            width = min(max(len(key), longest, _MIN_WIDTH), _MAX_WIDTH) + 2
            sheet.column_dimensions[column_letter(position)].width = width
        sheet.freeze_panes = "A2"
        if shown:
            last = column_letter(len(shown) - 1)
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"

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
        out = export_value(kind, value)
        if out is None:
            return None
        if isinstance(out, bool | int | float):
            return out
        if isinstance(out, date):
            cell = make(sheet, value=out)
            cell.number_format = "yyyy-mm-dd"
            return cell
        return self._text(sheet, make, str(out))
