"""Where the list is: which worksheet, which row names the columns, where the list ends.

The :class:`Region` of a worksheet that holds the list of businesses.  The
header row is the row (among the first ``HEADER_SEARCH`` rows of a worksheet
that hold anything) whose cells name the most fields ukm knows; the rows
above it are the title.  The list ends at a totals row (``JUMLAH``,
``TOTAL`` in its first cell) or after its last row that looks like a
business (two of the required columns filled): what lies below, a signature
block (``Cepu, 4 Februari 2019 / Camat Cepu / ttd / NIP. ...``), is left
out and listed.  A row of column numbers right under the header (``1 2 3``,
``(1) (2) (3)``) is left out too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ukmtool.core.fields import norm
from ukmtool.core.importing import headers
from ukmtool.core.importing.sources import Cells, Source, Worksheet, cell_text
from ukmtool.core.writing.register import REQUIRED
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _
from ukmtool.masking import shown

HEADER_SEARCH = 30
"""How many non-empty rows at the top of a sheet may hold the header row."""

_TOTALS = re.compile(r"(jumlah|total|jml|grandtotal)[a-z]*")
_COLUMN_NUMBER = re.compile(r"\(?([0-9]{1,2})\)?")


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A row read and not imported: its number, its text (masked, shortened), why."""

    row: int
    text: str
    reason: str


@dataclass(slots=True)
class Region:
    """The table found on a sheet."""

    worksheet: Worksheet
    header_row: int
    header: dict[int, str]
    """The header of each column (by index) that has one."""
    title: list[str]
    rows: list[tuple[int, Cells]]
    left_out: list[LeftOut] = field(default_factory=list)
    other_worksheets: list[str] = field(default_factory=list)
    stranded: list[int] = field(default_factory=list)
    """Rows below a totals row that look like businesses: an error, never left out quietly."""


def find(source: Source, worksheet_name: str | None = None) -> Region:
    """The table of businesses in ``source`` (on sheet ``sheet_name`` when given)."""
    names = [worksheet.name for worksheet in source.worksheets]
    worksheets = source.worksheets
    if worksheet_name is not None:
        chosen = [
            s for s in worksheets if s.name.strip().casefold() == worksheet_name.strip().casefold()
        ]
        if not chosen:
            raise UsageError(
                _("{name} has no sheet '{sheet}'.").format(
                    name=source.path.name, sheet=worksheet_name
                ),
                hint=_("Its sheets: {sheets}.").format(sheets=", ".join(names) or "-"),
            )
        worksheets = chosen
    best: tuple[int, Worksheet, int] | None = None
    for worksheet in worksheets:
        found = _header_row(worksheet)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], worksheet, found[0])
    if best is None:
        raise _no_region(source, worksheets, names)
    _score, worksheet, index = best
    return _region(worksheet, index, [n for n in names if n != worksheet.name])


def _fields_named(cells: Cells) -> set[str]:
    found = set()
    for value in cells.values():
        if isinstance(value, str):
            name = headers.field_of(value)
            if name is not None and name != headers.IGNORED:
                found.add(name)
    return found


def _header_row(worksheet: Worksheet) -> tuple[int, int] | None:
    """(index in ``sheet.rows``, fields named) of the header row, or None when there is none."""
    best: tuple[int, int] | None = None
    for index, (_number, cells) in enumerate(worksheet.rows[:HEADER_SEARCH]):
        score = len(_fields_named(cells))
        if score >= 2 and (best is None or score > best[1]):
            best = (index, score)
    return best


def _no_region(source: Source, worksheets: list[Worksheet], names: list[str]) -> DataError:
    problems = []
    for worksheet in worksheets:
        first = worksheet.rows[0] if worksheet.rows else None
        where = _("sheet '{sheet}'").format(sheet=worksheet.name) if len(names) > 1 else None
        if first is None:
            text = _("it is empty.")
        else:
            text = _("no row names the columns; the first row holds: {cells}").format(
                cells=shown(" | ".join(cell_text(v) for v in first[1].values()), 120)
            )
        message = f"{where}: {text}" if where else text
        problems.append(
            Diagnostic(Severity.ERROR, source.path, first[0] if first else None, None, message)
        )
    hint = _(
        "The row above the businesses must name the columns, for example: "
        "No | Nama Usaha | Nama Pemilik | L/P | Sektor | Kecamatan | No HP."
    )
    if len(names) > 1:
        hint += " " + _("To read one sheet, name it with --sheet; its sheets: {sheets}.").format(
            sheets=", ".join(names)
        )
    return DataError(
        _("No list of businesses found in {name}; nothing was registered.").format(
            name=source.path.name
        ),
        problems,
        hint=hint,
    )


def _row_text(cells: Cells) -> str:
    return shown(" | ".join(cell_text(cells[c]) for c in sorted(cells)))


def _region(worksheet: Worksheet, index: int, others: list[str]) -> Region:
    header_number, header_cells = worksheet.rows[index]
    header = {c: cell_text(v) for c, v in header_cells.items() if cell_text(v)}
    title = [_row_text(cells) for _n, cells in worksheet.rows[:index]]
    required = {c for c, text in header.items() if headers.field_of(text) in REQUIRED}
    body = worksheet.rows[index + 1 :]
    left_out: list[LeftOut] = []
    if body and _numbers_row(body[0][1]):
        left_out.append(
            LeftOut(body[0][0], _row_text(body[0][1]), _("the columns' numbers, under the header"))
        )
        body = body[1:]
    end = len(body)
    totals = next((i for i, (_n, cells) in enumerate(body) if _is_totals(cells, required)), None)
    if totals is not None:
        end = totals
    last = max(
        (i for i, (_n, cells) in enumerate(body[:end]) if _like_a_row(cells, required)), default=-1
    )
    table_rows = body[: last + 1]
    for position, (number, cells) in enumerate(body[last + 1 :], start=last + 1):
        if totals is not None and position == totals:
            reason = _("a totals row")
        elif totals is not None and position > totals:
            reason = _("below the totals row")
        else:
            reason = _("below the table (not a business: fewer than two of {fields})").format(
                fields=", ".join(REQUIRED)
            )
        left_out.append(LeftOut(number, _row_text(cells), reason))
    stranded = [
        number
        for number, cells in body[(totals if totals is not None else end) + 1 :]
        if _like_a_row(cells, required)
    ]
    return Region(worksheet, header_number, header, title, table_rows, left_out, others, stranded)


def _numbers_row(cells: Cells) -> bool:
    numbers = []
    for value in cells.values():
        match = _COLUMN_NUMBER.fullmatch(cell_text(value))
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_totals(cells: Cells, required: set[int]) -> bool:
    first = cell_text(cells[min(cells)])
    return bool(_TOTALS.fullmatch(norm(first))) and not _like_a_row(cells, required)


def _like_a_row(cells: Cells, required: set[int]) -> bool:
    return sum(1 for column in required if column in cells) >= 2
