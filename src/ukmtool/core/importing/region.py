"""Where the table is: which worksheet, which rows name the columns, where the table ends.

One reader for every import (``register --from`` a list of businesses,
``measure --from`` a survey): a :class:`Kind` says which headers name which
fields and what a row of the table looks like; :func:`find` gives the
:class:`Region` of the table on the best worksheet.

- The header is the row (among the first ``HEADER_SEARCH`` rows of a
  worksheet that hold anything) whose cells name the most fields of the
  kind, or that row and the next together: the most common district layout
  writes its headings over two rows (``NO``, ``NO HP/WA`` merged down over
  both, ``NAMA`` over ``USAHA`` and ``PEMILIK``).  A heading merged across
  columns (or, in a CSV, written in the first of them) names every column
  under it; a column's two parts are read together when they name a field
  (``JENIS`` / ``USAHA``), else the lower one.  The rows above are the title.
- Hidden worksheets are never read unless named with ``--sheet``: the outcome
  names them.
- The table ends at a totals row (``JUMLAH``, ``TOTAL`` in its first cell) or
  after its last row that looks like a row of the kind: what lies below, a
  signature block (``Cepu, 4 Februari 2019 / Camat Cepu / ttd / NIP. ...``),
  is left out and listed.  A row of column numbers right under the header
  (``1 2 3``, ``(1) (2) (3)``) is left out too.

Rows are read as a stream: the rows left out are counted, and only the first
``SHOWN_LEFT_OUT`` are kept with their text (a file of a million short lines
costs a count, not a million lines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from ukmtool.core.fields import norm
from ukmtool.core.importing import sources
from ukmtool.core.importing.sources import Cells, Row, Source, Worksheet, cell_text
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _
from ukmtool.masking import shown

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress

HEADER_SEARCH = 30
"""How many non-empty rows at the top of a sheet may hold the header row."""
SHOWN_LEFT_OUT = 20
"""How many rows left out are kept with their text; the others are counted, by block."""
MAX_GAP = 10_000
"""The most rows in a row that do not look like the table's, inside the table."""
MAX_TABLE_ROWS = 200_000
"""The most rows a table may have (a district list has hundreds)."""

_TOTALS = re.compile(r"(jumlah|total|jml|grandtotal)[a-z]*")
_COLUMN_NUMBER = re.compile(r"\(?([0-9]{1,2})\)?")


@dataclass(frozen=True, slots=True)
class Kind:
    """What a table of one kind looks like.

    ``field_of`` names the field a header gives (``ignored`` for a column read
    and left out, None for an unknown one); ``usable`` says whether the fields
    a header row names make a table of this kind; ``row_fields`` and
    ``row_needs``: a row of the table has at least ``row_needs`` of the
    columns giving ``row_fields`` filled.
    """

    field_of: Callable[[str], str | None]
    ignored: str
    usable: Callable[[set[str]], bool]
    row_fields: frozenset[str]
    row_needs: int
    not_a_row: Callable[[], str]
    """Why a row below the table is left out (said in the person's language)."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A row read and not imported: its number, its text (masked, shortened), why."""

    row: int
    text: str
    reason: str


@dataclass(slots=True)
class LeftOutBlock:
    """Rows left out together for one reason: the first and last row, how many."""

    first: int
    last: int
    count: int
    reason: str


EntryT = TypeVar("EntryT")


@dataclass(frozen=True)
class TableRows(Generic[EntryT]):
    """The entries a table of a file gives, and what was read of it and left out.

    What ``measure --from`` and ``score --from`` read (``register --from`` says
    more: ``plan.Imported``).
    """

    entries: list[EntryT]
    left_out: list[str]
    """The headers of the columns read and left out."""
    worksheet: str | None
    """The sheet read, when the workbook has several (None: a CSV, or one sheet)."""
    rows_left_out: list[LeftOut] = field(default_factory=list)
    """The first rows read and left out (a row of averages, a signature block), with their text."""
    left_out_blocks: list[LeftOutBlock] = field(default_factory=list)
    """Every row left out, as blocks of one reason."""
    hidden_worksheets: list[str] = field(default_factory=list)
    """Hidden sheets, not read."""


@dataclass(slots=True)
class Region:
    """The table found on a sheet."""

    worksheet: Worksheet
    header_row: int
    header: dict[int, str]
    """The header of each column (by index) that has one."""
    title: list[str]
    rows: list[Row]
    left_out: list[LeftOut] = field(default_factory=list)
    """The first ``SHOWN_LEFT_OUT`` rows left out, with their text."""
    left_out_blocks: list[LeftOutBlock] = field(default_factory=list)
    """Every row left out, as blocks of one reason (``left_out`` shows the first few)."""
    other_worksheets: list[str] = field(default_factory=list)
    hidden_worksheets: list[str] = field(default_factory=list)
    """Hidden worksheets, not read (named, so nothing is read or skipped silently)."""
    stranded: list[int] = field(default_factory=list)
    """Rows below a totals row that look like rows of the table (the first few): an error."""
    stranded_count: int = 0
    header_rows: int = 1
    """How many rows the header takes (1, or 2 for a header written over two rows)."""

    @property
    def left_out_count(self) -> int:
        """How many rows were left out in all."""
        return sum(block.count for block in self.left_out_blocks)


class NoTableError(DataError):
    """No sheet holds a table of the kind: what each sheet holds instead, and the sheets."""

    def __init__(self, problems: list[Diagnostic], hint: str) -> None:
        super().__init__("", problems, hint=hint)


def table_in(
    path: Path,
    kind: Kind,
    worksheet: str | None,
    progress: Progress | None,
    *,
    missing: str,
    hint: str,
) -> tuple[Region, Source]:
    """The table of ``kind`` in the file at ``path`` (on sheet ``worksheet``), and the file read.

    Raises :class:`UsageError` for ``--sheet`` with a CSV (and what :func:`find`
    raises), and :class:`DataError` saying ``missing``, with what each sheet holds
    instead and ``hint``, when no sheet holds such a table.
    """
    if worksheet is not None and path.suffix.lower() == ".csv":
        raise UsageError(_("--sheet is for .xlsx files; {name} is a CSV.").format(name=path.name))
    with sources.read(path, progress) as source:
        try:
            return find(source, kind, worksheet), source
        except NoTableError as exc:
            raise DataError(missing, exc.diagnostics, hint=f"{hint} {exc.hint}".strip()) from None


def find(source: Source, kind: Kind, worksheet_name: str | None = None) -> Region:
    """The table of ``kind`` in ``source`` (on sheet ``worksheet_name`` when given).

    Without ``worksheet_name`` hidden sheets are not read.  Raises
    :class:`UsageError` for a sheet the file lacks and :class:`NoTableError`
    when no sheet holds such a table (the caller says what it looked for).
    """
    names = [worksheet.name for worksheet in source.worksheets]
    hidden = [w.name for w in source.worksheets if w.hidden]
    if worksheet_name is not None:
        worksheets = [
            s
            for s in source.worksheets
            if s.name.strip().casefold() == worksheet_name.strip().casefold()
        ]
        if not worksheets:
            raise UsageError(
                _("{name} has no sheet '{sheet}'.").format(
                    name=source.path.name, sheet=worksheet_name
                ),
                hint=_("Its sheets: {sheets}.").format(sheets=", ".join(names) or "-"),
            )
        hidden = []
    else:
        worksheets = [w for w in source.worksheets if not w.hidden]
    best: tuple[int, Worksheet, _Header] | None = None
    heads: dict[str, list[Row]] = {}
    for worksheet in worksheets:
        heads[worksheet.name] = head = worksheet.head(HEADER_SEARCH + 1)
        found = _header_row(head, kind, worksheet)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, worksheet, found)
    if best is None:
        raise _no_region(source, worksheets, heads, names, hidden)
    _score, worksheet, header = best
    others = [n for n in names if n != worksheet.name and n not in hidden]
    return _region(worksheet, header, kind, others, hidden)


@dataclass(frozen=True, slots=True)
class _Header:
    index: int
    """Index of the (first) header row among the sheet's non-empty rows."""
    number: int
    texts: dict[int, str]
    score: int
    rows: int


def _fields_named(texts: Iterable[str], kind: Kind) -> set[str]:
    found = set()
    for text in texts:
        name = kind.field_of(text)
        if name is not None and name != kind.ignored:
            found.add(name)
    return found


def _header_row(head: list[Row], kind: Kind, worksheet: Worksheet) -> _Header | None:
    """The header of the sheet: one row, or two read together, naming the most fields."""
    best: _Header | None = None
    for index, (number, cells) in enumerate(head[:HEADER_SEARCH]):
        texts = {c: cell_text(v) for c, v in cells.items() if cell_text(v)}
        candidates = [_Header(index, number, texts, 0, 1)]
        if index + 1 < len(head) and not _numbers_row(head[index + 1][1]):
            below = head[index + 1]
            spans = _spans(worksheet, number)
            joined = _two_rows(texts, below[1], spans, kind)
            candidates.append(_Header(index, number, joined, 0, 2))
        for candidate in candidates:
            named = _fields_named(candidate.texts.values(), kind)
            if not kind.usable(named):
                continue
            score = len(named) * 2 - (candidate.rows - 1)  # two rows only when they name more
            if best is None or score > best.score:
                best = _Header(index, number, candidate.texts, score, candidate.rows)
    return best


def _two_rows(
    top: dict[int, str], below: Cells, spans: dict[int, int], kind: Kind
) -> dict[int, str]:
    """The headers of a header written over two rows (see the module)."""
    lower = {c: cell_text(v) for c, v in below.items() if cell_text(v)}
    upper = dict(top)
    for start, end in spans.items():  # a heading merged across columns names each of them
        if start in top:
            for column in range(start + 1, end + 1):
                upper.setdefault(column, top[start])
    if not spans:  # a CSV: a heading stands over the empty columns after it that have a lower part
        last: str | None = None
        for column in range(0, max([*top, *lower], default=-1) + 1):
            if column in top:
                last = top[column]
            elif column in lower and last is not None and kind.field_of(last) is None:
                upper[column] = last
            else:
                last = None
    result: dict[int, str] = {}
    for column in sorted({*upper, *lower}):
        high, low = upper.get(column), lower.get(column)
        if high and low:
            both = f"{high} {low}"
            result[column] = (
                both if kind.field_of(both) is not None or not kind.field_of(low) else low
            )
        else:
            result[column] = high or low or ""
    return result


def _spans(worksheet: Worksheet, row: int) -> dict[int, int]:
    """Cells merged across columns in row ``row``: first column -> last column."""
    reader = worksheet.merged
    if reader is None:
        return {}
    spans = {}
    for first_row, first_column, _last_row, last_column in reader():
        if first_row == row and last_column > first_column:
            spans[first_column] = last_column
    return spans


def _no_region(
    source: Source,
    worksheets: list[Worksheet],
    heads: dict[str, list[Row]],
    names: list[str],
    hidden: list[str],
) -> NoTableError:
    problems = []
    for worksheet in worksheets:
        head = heads.get(worksheet.name) or []
        first = head[0] if head else None
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
    hints = []
    if len(names) > 1:
        hints.append(
            _("To read one sheet, name it with --sheet; its sheets: {sheets}.").format(
                sheets=", ".join(names)
            )
        )
    if hidden:
        hints.append(
            _("Hidden sheets are not read unless named with --sheet: {sheets}.").format(
                sheets=", ".join(hidden)
            )
        )
    return NoTableError(problems, " ".join(hints))


def _row_text(cells: Cells) -> str:
    return shown(" | ".join(cell_text(cells[c]) for c in sorted(cells)))


class _LeftOuts:
    """The rows left out as they come: the first few with their text, all by block."""

    def __init__(self) -> None:
        self.shown: list[LeftOut] = []
        self.blocks: list[LeftOutBlock] = []

    def add(self, number: int, cells: Cells, reason: str) -> None:
        if len(self.shown) < SHOWN_LEFT_OUT:
            self.shown.append(LeftOut(number, _row_text(cells), reason))
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.reason == reason:
            last.last = number
            last.count += 1
        else:
            self.blocks.append(LeftOutBlock(number, number, 1, reason))

    def flush(self, pending: list[Row], count: int, last: int, reason: str) -> None:
        """Leave out the rows since the table's last row: those kept, and those only counted."""
        for number, cells in pending:
            self.add(number, cells, reason)
        if count > len(pending) and self.blocks:
            self.blocks[-1].count += count - len(pending)
            self.blocks[-1].last = last


def _region(
    worksheet: Worksheet, header: _Header, kind: Kind, others: list[str], hidden: list[str]
) -> Region:
    texts = header.texts
    required = {c for c, text in texts.items() if kind.field_of(text) in kind.row_fields}
    rows: Iterator[Row] = worksheet.rows()
    title = [_row_text(cells) for _n, cells in islice(rows, header.index)]
    for _skipped in islice(rows, header.rows):
        pass
    left = _LeftOuts()
    below_table = kind.not_a_row()
    table: list[Row] = []
    pending: list[Row] = []  # rows since the last row of the table: inside it, or below it
    pending_count = pending_last = 0
    totals = False
    stranded: list[int] = []
    stranded_count = 0
    first = True
    for number, cells in rows:
        if first:
            first = False
            if _numbers_row(cells):
                left.add(number, cells, _("the columns' numbers, under the header"))
                continue
        like = _like_a_row(cells, required, kind)
        if totals:
            left.add(number, cells, _("below the totals row"))
            if like:
                stranded_count += 1
                if len(stranded) < SHOWN_LEFT_OUT:
                    stranded.append(number)
            continue
        if _is_totals(cells) and not like:
            left.flush(pending, pending_count, pending_last, below_table)
            pending, pending_count, totals = [], 0, True
            left.add(number, cells, _("a totals row"))
            continue
        if like:
            if pending_count > len(pending):
                raise _gap(worksheet, pending, pending_count)
            table.extend(pending)
            table.append((number, cells))
            pending, pending_count = [], 0
            if len(table) > MAX_TABLE_ROWS:
                raise _too_many_rows(worksheet)
            continue
        pending_count += 1
        pending_last = number
        if len(pending) < MAX_GAP:  # beyond: far below the table, only counted
            pending.append((number, cells))
    left.flush(pending, pending_count, pending_last, below_table)
    return Region(
        worksheet,
        header.number,
        {c: t for c, t in texts.items() if t},
        title,
        table,
        left.shown,
        left.blocks,
        others,
        hidden,
        stranded,
        stranded_count,
        header.rows,
    )


def _gap(worksheet: Worksheet, pending: list[Row], count: int) -> DataError:
    first = pending[0][0] if pending else 0
    return DataError(
        _(
            "Sheet '{sheet}': {count} rows from row {row} on do not look like rows of the "
            "table, and yet more rows of it follow; nothing was read."
        ).format(sheet=worksheet.name, count=f"{count:,}", row=first),
        hint=_("Delete the rows that are not part of the list, then import again."),
    )


def _too_many_rows(worksheet: Worksheet) -> DataError:
    return DataError(
        _("Sheet '{sheet}' has more than {limit} rows in its table; nothing was read.").format(
            sheet=worksheet.name, limit=f"{MAX_TABLE_ROWS:,}"
        ),
        hint=_("Split the list into smaller files and import each."),
    )


def _numbers_row(cells: Cells) -> bool:
    numbers = []
    for value in cells.values():
        match = _COLUMN_NUMBER.fullmatch(cell_text(value))
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_totals(cells: Cells) -> bool:
    first = cell_text(cells[min(cells)])
    return bool(_TOTALS.fullmatch(norm(first)))


def _like_a_row(cells: Cells, required: set[int], kind: Kind) -> bool:
    return sum(1 for column in required if column in cells) >= kind.row_needs
