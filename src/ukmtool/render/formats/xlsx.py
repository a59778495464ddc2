"""``--format xlsx``: one sheet per table, one header row each, no formulas.

Written with openpyxl in write-only mode.  Headers are the columns' stable
English keys; numbers are numbers, flags are TRUE/FALSE, dates are dates,
and every text (ids, phones and NIKs included) is a text cell: a value
starting with ``=`` is stored as text, never as a formula.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ukmtool.core.reports.tabular import Kind, Table, Where
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import export_value

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


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


class XlsxFormat(Formatter):
    """Every table of the document as a sheet of a workbook."""

    name = "xlsx"
    suffixes = (".xlsx",)
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The workbook's bytes."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        document = report.document
        used: set[str] = set()
        for table in document.tables:
            sheet = book.create_sheet(sheet_name(table, used))
            shown = table.visible(Where.EXPORT)
            kinds = [table.columns[i].kind for i in shown]
            sheet.append([self._text(sheet, WriteOnlyCell, table.columns[i].key) for i in shown])
            for row in table.rows:
                cells = []
                for kind, i in zip(kinds, shown, strict=True):
                    cells.append(self._cell(sheet, WriteOnlyCell, kind, row[i]))
                sheet.append(cells)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _text(sheet: Any, make: Any, text: str) -> Any:
        cell = make(sheet, value=text)
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        return cell

    def _cell(self, sheet: Any, make: Any, kind: Kind, value: Any) -> Any:
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
