"""The worksheets of an imported file: each row's cells as they are, within bounded memory.

A ``.csv`` is one worksheet.  It may be UTF-8 (with or without a BOM) or, as
Excel on Windows saves "CSV (Comma delimited)", Windows-1252; it may start
with Excel's ``sep=;`` line; its delimiter is the one that splits the first
lines into the most cells.  An ``.xlsx`` gives every worksheet, each read from
its XML cell by cell: a row holds only the cells present in the file, so a
row that touches column XFD costs one cell, not 16,384.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukmtool.core.yamlio.reader import MAX_FILE_BYTES
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress

Cells = dict[int, Any]
"""The non-empty cells of a row by column index (0 = column A)."""

_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)


@dataclass(slots=True)
class Worksheet:
    """One sheet: its name and its rows (number as a spreadsheet shows it, cells)."""

    name: str
    rows: list[tuple[int, Cells]]


@dataclass(slots=True)
class Source:
    """What was read from the file, and how (the encoding, the delimiter)."""

    path: Path
    worksheets: list[Worksheet]
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def read(path: Path, progress: Progress | None = None) -> Source:
    """Every sheet of ``path`` (``.csv`` or ``.xlsx``).

    Raises :class:`UsageError` for a file that is missing, of another kind,
    not a regular file (a pipe, a device) or over the size limit, and
    :class:`DataError` for one that cannot be read.
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
    data = _read_bytes(path)
    if suffix == ".csv":
        return _csv(path, data, progress)
    return _xlsx(path, data, progress)


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``, checked before reading."""
    try:
        # O_NONBLOCK: a named pipe swapped in after the check is not waited on
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UsageError(_("There is no file {path}.").format(path=path)) from None
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise _unreadable(path, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(
                _("{path} is not a regular file (a pipe, a device or a socket).").format(path=path),
                hint=_("Give the .csv or .xlsx file itself."),
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(path, info.st_size)
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # grew after the check
        raise _too_large(path, len(data))
    return data


def _unreadable(path: Path, reason: str) -> UsageError:
    return UsageError(
        _("The file {path} cannot be read: {reason}.").format(path=path, reason=reason)
    )


def _too_large(path: Path, size: int) -> UsageError:
    return UsageError(
        _("{name} is {size} MB; ukm imports files of at most {limit} MB.").format(
            name=path.name, size=size // 2**20, limit=MAX_FILE_BYTES // 2**20
        ),
        hint=_("Check that it is the right file, or split the list into smaller files."),
    )


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 (a BOM allowed), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        line = data.count(b"\n", 0, first_bad) + 1
        raise DataError(
            _("{name} cannot be read.").format(name=path.name),
            [
                Diagnostic(
                    Severity.ERROR,
                    path,
                    line,
                    None,
                    _(
                        "The file is neither UTF-8 nor Windows-1252 text (byte 0x{byte:02x})."
                    ).format(byte=data[first_bad]),
                    _("Open it in Excel and save it as CSV UTF-8 or as .xlsx."),
                )
            ],
        ) from None


def _csv(path: Path, data: bytes, progress: Progress | None) -> Source:
    text, encoding = _decode(path, data)
    notes = []
    if encoding != "UTF-8":
        notes.append(
            _(
                "{name} is not UTF-8: it was read as {encoding} (as Excel on Windows saves CSV)."
            ).format(name=path.name, encoding=encoding)
        )
    sep = _SEP_LINE.match(text)
    if sep and sep.group(1) not in "\r\n":
        delimiter = sep.group(1)
        text = text[sep.end() :]
        notes.append(_("The first line 'sep={sep}' names the delimiter.").format(sep=delimiter))
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, Cells]] = []
    total = text.count("\n") + 1
    try:
        for number, cells in enumerate(reader, start=1):
            if progress is not None and not number % 256:
                progress(number, max(total, number + 1))
            row = {index: value for index, value in enumerate(cells) if value.strip()}
            if row:
                rows.append((number, row))
    except csv.Error as exc:
        raise DataError(
            _("{name} cannot be read as CSV.").format(name=path.name),
            [Diagnostic(Severity.ERROR, path, reader.line_num, None, str(exc))],
            hint=_("Open it in a spreadsheet and save it again as CSV UTF-8."),
        ) from None
    if progress is not None:
        progress(total, total)
    return Source(path, [Worksheet(path.stem, rows)], encoding, delimiter, notes)


def _delimiter(text: str) -> str:
    """``,``, ``;`` or a tab: the one that splits the first lines into the most cells."""
    head = text[:20_000].splitlines()[:40]

    def cells(delimiter: str) -> int:
        try:
            rows = csv.reader(head, delimiter=delimiter)
            return max((sum(1 for c in row if c.strip()) for row in rows), default=0)
        except csv.Error:
            return 0

    return max(_DELIMITERS, key=cells)


def _xlsx(path: Path, data: bytes, progress: Progress | None) -> Source:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BadZipFile:
        raise _not_a_workbook(path, _("it is not a zip archive")) from None
    except Exception as exc:  # any failure inside openpyxl: a damaged file
        raise _not_a_workbook(path, type(exc).__name__) from None
    worksheets = []
    try:
        for worksheet in book.worksheets:
            if not hasattr(worksheet, "_get_source"):  # a chart sheet: no cells
                continue
            worksheets.append(
                Worksheet(str(worksheet.title), list(_worksheet_rows(book, worksheet, progress)))
            )
    except DataError:
        raise
    except Exception as exc:
        raise _not_a_workbook(path, type(exc).__name__) from None
    finally:
        book.close()
    return Source(path, worksheets)


def _worksheet_rows(
    book: Any, worksheet: Any, progress: Progress | None
) -> Iterator[tuple[int, Cells]]:
    """The rows of a read-only sheet with only the cells its XML holds."""
    from openpyxl.worksheet._reader import WorkSheetParser

    estimate = 0
    try:
        estimate = int(worksheet.max_row or 0)  # as the file says: often right, never trusted
    except (TypeError, ValueError):
        estimate = 0
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            book.shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for count, (number, cells) in enumerate(parser.parse(), start=1):
            if progress is not None and not count % 256:
                progress(count, max(estimate, count + 1))
            row = {}
            for cell in cells:
                value = cell.get("value")
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                row[int(cell["column"]) - 1] = value
            if row:
                yield number, row


def _not_a_workbook(path: Path, reason: str) -> DataError:
    return DataError(
        _("{name} cannot be read as an Excel workbook ({reason}).").format(
            name=path.name, reason=reason
        ),
        hint=_("Open it in Excel and save it again as .xlsx, or save it as CSV UTF-8."),
    )


def cell_text(value: Any) -> str:
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


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
