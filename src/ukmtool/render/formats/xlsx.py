"""``--format xlsx``: a workbook for people, one sheet per table, no formulas.

Written with XlsxWriter in constant-memory mode: each row goes to disk as
soon as the next one starts, so a workbook of 100,000 participants takes no
more memory than one of 100.  Each sheet starts with a title block (the
programme, the report and the table, the day it is as of), then one header
row in the report's language, then the rows (``render/formats/workbook/sheets``).
Numbers are numbers, money is Rupiah, percentages are fractions shown as
percentages (``84%``), dates are dates, statuses, genders and yes/no are
words in the report's language, and every text (ids, phones and NIKs
included) is a text cell: a value starting with ``=`` is stored as text,
never as a formula (``render/formats/workbook/cells``).  Native charts go on the
summary sheet (``render/formats/workbook/charts``).  (CSV and JSON keep the stable
English keys.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ukmtool.render.formats.base import Fill, Formatter, RenderOptions, Report
from ukmtool.render.formats.workbook.sheets import HEADER_ROW, TITLE_ROWS, Heading

__all__ = ["HEADER_ROW", "TITLE_ROWS", "XlsxFormat"]


class XlsxFormat(Formatter):
    """Every table of the table set as a sheet of a workbook."""

    name = "xlsx"
    suffixes = (".xlsx",)
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The workbook's bytes (written to a temporary file first: XlsxWriter streams to disk)."""
        folder = tempfile.mkdtemp(prefix="ukm-xlsx-")
        try:
            path = Path(folder) / "book.xlsx"
            write_workbook(report, path, folder)
            return path.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def fill(self, report: Report, options: RenderOptions) -> bytes | Fill:
        """The workbook written straight into the output's temporary file."""

        def write(path: Path) -> None:
            scratch = tempfile.mkdtemp(prefix="ukm-xlsx-")
            try:
                write_workbook(report, path, scratch)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)

        return write


def write_workbook(report: Report, path: Path, scratch: str) -> None:
    """Every table of ``report`` as a sheet of the workbook at ``path``.

    ``scratch`` is a folder for XlsxWriter's row files (removed by the caller).
    """
    import xlsxwriter

    from ukmtool.render.formats.workbook.cells import Styles
    from ukmtool.render.formats.workbook.charts import add_charts
    from ukmtool.render.formats.workbook.sheets import write_sheet

    tableset = report.tableset
    programme, *rest = (*report.heading, "") if report.heading else ("", "")
    book = xlsxwriter.Workbook(
        os.fspath(path),
        {
            "constant_memory": True,
            "tmpdir": scratch,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    # ukm's own (dc:creator): --output may replace it in the programme folder
    # (core/files/report_file.is_own_output)
    book.set_properties({"author": "ukm"})
    styles = Styles(book)
    used: set[str] = set()
    placed = []
    for table in [*tableset.tables, *report.workbook_tables]:
        heading = Heading(programme, tableset.title, " ".join(rest).strip())
        placed.append(write_sheet(book, table, heading, styles, used))
    add_charts(book, placed)
    book.close()  # (after a failure it is left open: the caller removes its files, no file is made)
