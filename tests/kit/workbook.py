"""Reading ukm's own workbooks in tests: the rows of a sheet's table and its total row.

A sheet is a title block, the header row (``HEADER_ROW``), the table's rows,
then, under a table of counts, an empty row and the total row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.kit.helpers import Run
from ukmtool.render.formats.xlsx import HEADER_ROW


def report_json(ukm: Run, folder: Path, *args: str) -> Any:
    """What ``ukm --data FOLDER ARGS --format json`` says."""
    result = ukm("--data", str(folder), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def workbook(ukm: Run, folder: Path, out: Path, *args: str, lang: str = "en") -> Any:
    """The workbook ``ukm --lang LANG --data FOLDER ARGS -o OUT`` writes, opened by openpyxl."""
    from openpyxl import load_workbook

    result = ukm("--lang", lang, "--data", str(folder), *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return load_workbook(out)


def _empty(row: tuple[Any, ...]) -> bool:
    return all((c.value if hasattr(c, "value") else c) is None for c in row)


def table_rows(sheet: Any, *, values_only: bool = False) -> list[tuple[Any, ...]]:
    """The rows of the sheet's table: from under the header row to the first empty row."""
    out = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=values_only):
        if _empty(row):
            break
        out.append(row)
    return out


def total_row(sheet: Any, *, values_only: bool = False) -> tuple[Any, ...] | None:
    """The total row under the table (after one empty row), or None when it has none."""
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=values_only))
    for index, row in enumerate(rows):
        if _empty(row):
            rest = [r for r in rows[index + 1 :] if not _empty(r)]
            assert len(rest) <= 1, "more than one row under the table's empty row"
            return rest[0] if rest else None
    return None
