"""Read the list of businesses a district office sent: a ``.csv`` or ``.xlsx`` file.

Columns are found by their header, in English (the field names) or in the
Bahasa Indonesia a district office writes (``nama usaha``, ``no hp``, ...),
ignoring case, spaces and punctuation.  Rows are numbered as a spreadsheet
shows them (the header row is row 1, or the row it is on), so every problem
can be reported as ``FILE:ROW: column: message``.  Nothing here checks
values: that is ``registration``'s job, by the same code as ``ukm check``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ukmtool.core.fields import ValueProblem, norm
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.register import REQUIRED, Entry
from ukmtool.core.yamlio.reader import decode
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _

IGNORED = "-"
"""The field of a column that is read and left out (a row number column: ``No``)."""

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "business": ("business", "nama usaha", "nama ukm"),
    "owner": ("owner", "nama pemilik", "pemilik"),
    "gender": ("gender", "jenis kelamin", "jk", "l/p"),
    "sector": ("sector", "sektor", "jenis usaha", "bidang usaha"),
    "district": ("district", "kecamatan"),
    "village": ("village", "desa", "kelurahan", "desa/kelurahan"),
    "phone": ("phone", "no hp", "nomor hp", "hp", "telepon", "no telepon", "telp", "no telp"),
    "employees": ("employees", "jumlah karyawan", "karyawan", "tenaga kerja"),
    "nik": ("nik", "no nik", "no ktp"),
    "registered": ("registered", "tanggal daftar", "tanggal registrasi"),
    "tags": ("tags", "tag"),
    IGNORED: ("no", "no.", "nomor", "no urut"),
}
"""The headers each field is known by; matched with case, spaces and punctuation ignored."""

_BY_HEADER = {norm(header): name for name, headers in HEADERS.items() for header in headers}
_DELIMITERS = (",", ";", "\t")


def read(path: Path, progress: Callable[[int, int], None] | None = None) -> list[Entry]:
    """The entries of ``path`` (``.csv`` or ``.xlsx``), one per row that is not empty.

    Raises :class:`UsageError` for a file that is missing or of another kind,
    and :class:`DataError` (every problem listed) for one that cannot be read
    or has a column ukm does not know.  ``progress`` is called now and then
    with (rows read, rows in the file); 0 rows in the file: not known yet.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        hint = (
            _("Open it in Excel and save it as .xlsx (Excel Workbook) or as CSV UTF-8.")
            if suffix in (".xls", ".ods", ".xlsm")
            else None
        )
        raise UsageError(
            _("ukm imports .csv and .xlsx files, not {name}.").format(name=path.name), hint=hint
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(_("There is no file {path}.").format(path=path)) from None
    except OSError as exc:
        raise UsageError(
            _("The file {path} cannot be read: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    reading = _csv_rows if suffix == ".csv" else _xlsx_rows
    rows = reading(path, data, progress)
    return _entries(path, rows)


def _csv_rows(
    path: Path, data: bytes, progress: Callable[[int, int], None] | None
) -> Iterator[tuple[int, list[Any]]]:
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        raise DataError(
            _("{name} cannot be read.").format(name=path.name),
            [Diagnostic(Severity.ERROR, path, problem.line, None, problem.message, problem.hint)],
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from _counted(enumerate(reader, start=1), text.count("\n") + 1, progress)
    except csv.Error as exc:
        raise DataError(
            _("{name} cannot be read as CSV.").format(name=path.name),
            [Diagnostic(Severity.ERROR, path, reader.line_num, None, str(exc))],
            hint=_("Open it in a spreadsheet and save it again as CSV UTF-8."),
        ) from None


def _delimiter(text: str) -> str:
    """``,``, ``;`` or a tab: the one the header line uses most (outside quotes)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(_DELIMITERS, key=lambda d: counts[d])


def _counted(
    rows: Iterator[tuple[int, list[Any]]], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[tuple[int, list[Any]]]:
    """``rows``, telling ``progress`` how far they got (``total``: an estimate, or 0)."""
    if progress is None:
        yield from rows
        return
    number = 0
    for number, cells in rows:
        if not number % 256:
            progress(number, max(total, number + 1) if total else 0)
        yield number, cells
    progress(number, number)


def _xlsx_rows(
    path: Path, data: bytes, progress: Callable[[int, int], None] | None
) -> Iterator[tuple[int, list[Any]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BadZipFile:
        raise _not_a_workbook(path, _("it is not a zip archive")) from None
    except Exception as exc:  # any failure inside openpyxl: a damaged file
        raise _not_a_workbook(path, type(exc).__name__) from None
    try:
        sheet = book.worksheets[0]
        estimate = sheet.max_row or 0  # as the file says: often right, never trusted
        sheet.reset_dimensions()
        read = enumerate((list(row) for row in sheet.iter_rows(values_only=True)), start=1)
        rows = list(_counted(read, estimate, progress))
    except Exception as exc:
        raise _not_a_workbook(path, type(exc).__name__) from None
    finally:
        book.close()
    yield from rows


def _not_a_workbook(path: Path, reason: str) -> DataError:
    return DataError(
        _("{name} cannot be read as an Excel workbook ({reason}).").format(
            name=path.name, reason=reason
        ),
        hint=_("Open it in Excel and save it again as .xlsx, or save it as CSV UTF-8."),
    )


def _entries(path: Path, rows: Iterable[tuple[int, list[Any]]]) -> list[Entry]:
    iterator = iter(rows)
    header_row, header = next(
        ((n, cells) for n, cells in iterator if any(_cell(c) for c in cells)), (0, [])
    )
    if not header_row:
        raise DataError(
            _("{name} holds no rows.").format(name=path.name),
            hint=_("The first row names the columns; each row after it is one business."),
        )
    names = [_cell(c) for c in header]
    columns = _columns(path, header_row, names)
    entries: list[Entry] = []
    for number, cells in iterator:
        entry = _entry(path, number, cells, names, columns)
        if entry is not None:
            entries.append(entry)
    return entries


def _columns(path: Path, row: int, names: Sequence[str]) -> list[str | None]:
    """The field of each column (None: no header); every unknown or repeated header is an error."""
    problems: list[Diagnostic] = []
    fields: list[str | None] = []
    first: dict[str, str] = {}
    known = [headers[0] for name, headers in HEADERS.items() if name != IGNORED]
    for name in names:
        if not name:
            fields.append(None)
            continue
        field = _BY_HEADER.get(norm(name))
        if field is None:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("Unknown column '{name}'.").format(name=name),
                    did_you_mean(name, [h for hs in HEADERS.values() for h in hs])
                    or _("Known columns: {names}.").format(names=", ".join(known)),
                )
            )
        elif field in first and field != IGNORED:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("The columns '{first}' and '{name}' both give the {field}.").format(
                        first=first[field], name=name, field=field
                    ),
                    _("Keep one of them."),
                )
            )
        if field:
            first.setdefault(field, name)
        fields.append(field)
    for name in REQUIRED:
        if name not in fields:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("There is no column for the {field}.").format(field=name),
                    _("Add a column headed {headers}.").format(
                        headers=" / ".join(HEADERS[name][:2])
                    ),
                )
            )
    if problems:
        raise DataError(
            _("{name}: the columns are not all usable; nothing was registered.").format(
                name=path.name
            ),
            problems,
            hint=_("Rename the columns (the README lists the headers ukm reads) or remove them."),
        )
    return fields


def _entry(
    path: Path,
    number: int,
    cells: Sequence[Any],
    names: Sequence[str],
    columns: Sequence[str | None],
) -> Entry | None:
    values: dict[str, str] = {}
    labels: dict[str, str] = {}
    tags: tuple[str, ...] = ()
    problems: list[tuple[str, ValueProblem]] = []
    filled = False
    for index, raw in enumerate(cells):
        text = _cell(raw)
        if not text:
            continue
        filled = True
        field = columns[index] if index < len(columns) else None
        if field is None:
            label = _("column {letter}").format(letter=_column_letter(index))
            problems.append(
                (label, ValueProblem(_("This cell has no column header."), _header_hint()))
            )
            continue
        if field == IGNORED:
            continue
        labels[field] = names[index]
        if field == "tags":
            tags = tuple(t.strip() for t in text.replace(";", ",").split(",") if t.strip())
        elif field == "nik" and isinstance(raw, int | float) and not isinstance(raw, bool):
            problems.append((names[index], _numeric_nik()))
        else:
            values[field] = text
    if not filled:
        return None
    for index, name in enumerate(names):
        field = columns[index]
        if field and field != IGNORED:
            labels.setdefault(field, name)
    return Entry(values, tags, labels, Origin(path, number), tuple(problems))


def _cell(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _numeric_nik() -> ValueProblem:
    return ValueProblem(
        _("The NIK is stored as a number: Excel keeps only 15 digits, so it may be wrong."),
        _("Format the column as Text, type the NIK again from the KTP, and save."),
    )


def _header_hint() -> str:
    return _("Give the column a header the README lists, or empty the cell.")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
