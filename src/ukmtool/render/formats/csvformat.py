"""``--format csv``: one table, one header row, as Excel with Indonesian settings opens it.

- UTF-8 with a byte order mark, so Excel reads the text as UTF-8;
- ``;`` between values (Excel's separator where the decimal mark is a comma,
  as in Indonesia), ``--csv-sep ,`` for a comma;
- the header row holds the columns' stable English keys;
- numbers are plain digits (percentages are whole numbers); a decimal (the
  hours of a session) is written with a comma when the separator is ``;`` (as
  Excel with Indonesian settings reads it) and with a dot otherwise; flags are
  yes/no; dates are YYYY-MM-DD;
- a text value that Excel would run as a formula (starting with = + - @, a
  tab or a carriage return) or turn into a number (an id, phone or NIK made of
  digits, such as 081234567890 or 3316015507800001, or any text that looks
  like a number) is written with a leading apostrophe ``'``, which makes Excel
  keep it as text. Reading the file back: drop one leading ``'`` from text.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import partial
from typing import Any

from ukmtool.core.tables.tableset import ColumnKind, Where
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import each_once, export_value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"\s*[0-9][0-9.,\s]*(E[+-]?[0-9]+)?\s*", re.IGNORECASE)


def protect(text: str, kind: ColumnKind) -> str:
    """``text`` with a leading ``'`` when Excel would run it or read it as a number."""
    if not text:
        return text
    if (
        text.startswith(FORMULA_START)
        or text.startswith("'")
        or (kind is ColumnKind.CODE and text[0].isdigit())
        or _NUMBER_LIKE.fullmatch(text)
    ):
        return "'" + text
    return text


def csv_cell(kind: ColumnKind, value: Any, sep: str = ";") -> str:
    """One value as CSV text (decimals with a comma when ``sep`` is ``;``)."""
    out = export_value(kind, value)
    if out is None:
        return ""
    if isinstance(out, bool):
        return "yes" if out else "no"
    if isinstance(out, float):
        text = str(int(out)) if out.is_integer() else str(out)
        return text.replace(".", ",") if sep == ";" else text
    if isinstance(out, int):
        return str(out)
    if isinstance(out, date):
        return out.isoformat()
    return protect(str(out), kind)


class CsvFormat(Formatter):
    """The tableset's primary table as CSV."""

    name = "csv"
    suffixes = (".csv",)

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """UTF-8 with BOM, ``options.csv_sep`` between values, CRLF line ends."""
        tableset = report.tableset
        table = tableset.table(tableset.primary)
        shown = table.visible(Where.EXPORT)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=options.csv_sep, lineterminator="\r\n")
        writer.writerow([table.columns[i].key for i in shown])
        columns = [
            each_once(
                partial(csv_cell, table.columns[i].kind, sep=options.csv_sep),
                [row[i] for row in table.rows],
            )
            for i in shown
        ]
        writer.writerows(zip(*columns, strict=True) if columns else [[]] * len(table.rows))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
