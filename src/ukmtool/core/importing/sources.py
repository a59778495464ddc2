"""The worksheets of an imported file: each row's cells as they are, within bounded memory.

A ``.csv`` is one worksheet.  It may be UTF-8 (with or without a BOM), UTF-16
(what Excel saves as "Unicode Text", tab-separated) or, as Excel on Windows
saves "CSV (Comma delimited)", Windows-1252; it may start with Excel's
``sep=;`` line; its delimiter is the one that splits the first lines into the
most cells.  An ``.xlsx`` gives every worksheet, hidden or not (each says
which), each read from its XML cell by cell: a row holds only the cells
present in the file, so a row that touches column XFD costs one cell, not
16,384.

Rows are read as they are asked for (:meth:`Worksheet.rows`), never all
kept: a file of a million short lines costs the rows the caller keeps.  A
workbook is judged before openpyxl parses it (:func:`_refuse_bombs`): the
sizes its parts unzip to, their number and the shared strings it holds are
bounded, and so are the cells read from it, whatever it unzips to.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
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


MAX_PARTS = 10_000
"""The most files a workbook may hold (a list has a few dozen)."""
MAX_UNZIPPED = 256 * 2**20
"""The most a workbook may unzip to, all its parts together."""
MAX_PART = 64 * 2**20
"""The most one part of a workbook (a sheet's XML) may unzip to."""
MAX_SHARED_STRINGS = 1_000_000
"""The most distinct texts a workbook may hold (openpyxl keeps every one in memory)."""
MAX_CELLS = 2_000_000
"""The most cells (and rows) read from one file, every reading of every sheet together."""

Row = tuple[int, Cells]
"""A row's number as a spreadsheet shows it, and its non-empty cells."""


@dataclass(slots=True)
class Worksheet:
    """One sheet: its name, whether it is hidden, and its rows, read when asked for."""

    name: str
    read_rows: Callable[[], Iterator[Row]]
    hidden: bool = False
    merged: Callable[[], list[tuple[int, int, int, int]]] | None = None
    """The sheet's merged cells (first row, first column, last row, last column; None for a CSV)."""

    def rows(self) -> Iterator[Row]:
        """The non-empty rows, in order, read from the file now."""
        return self.read_rows()

    def head(self, count: int) -> list[Row]:
        """The first ``count`` non-empty rows."""
        return list(islice(self.read_rows(), count))


@dataclass(slots=True)
class Source:
    """What was read from the file, and how (the encoding, the delimiter).

    Use it in a ``with`` block: a workbook stays open while its rows are read.
    """

    path: Path
    worksheets: list[Worksheet]
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    close: Callable[[], None] = lambda: None

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _Budget:
    """The cells (and rows) a file may still have read from it: ``MAX_CELLS`` in all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.left = MAX_CELLS

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise DataError(
                _("{name} holds more than {limit} cells; nothing was read from it.").format(
                    name=self.path.name, limit=f"{MAX_CELLS:,}"
                ),
                hint=_(
                    "A list of businesses has far fewer. Copy the list alone into a new "
                    "workbook (or save it as CSV UTF-8) and import that."
                ),
            )


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
    """The text and the encoding it was read in: UTF-8 (a BOM allowed), UTF-16, Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf16 = _utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), "UTF-16"
        except UnicodeDecodeError as exc:
            raise DataError(
                _("{name} cannot be read.").format(name=path.name),
                [
                    Diagnostic(
                        Severity.ERROR,
                        path,
                        None,
                        None,
                        _("The file is UTF-16 text with a broken character (byte {at}).").format(
                            at=exc.start
                        ),
                        _("Open it in Excel and save it as CSV UTF-8 or as .xlsx."),
                    )
                ],
            ) from None
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


def _utf16(data: bytes) -> str | None:
    """``utf-16`` when ``data`` starts with a UTF-16 byte order mark, or looks like UTF-16 text.

    Excel's "Unicode Text" is UTF-16 with a mark; without one, text whose
    every other byte is zero is UTF-16 too (little- or big-endian).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4000]
    if len(head) >= 4 and len(head) % 2 == 0:
        if head[1::2].count(0) > len(head) * 0.4:
            return "utf-16-le"
        if head[0::2].count(0) > len(head) * 0.4:
            return "utf-16-be"
    return None


def _csv(path: Path, data: bytes, progress: Progress | None) -> Source:
    text, encoding = _decode(path, data)
    del data
    notes = []
    if encoding != "UTF-8":
        notes.append(
            _('{name} is UTF-16 text (Excel\'s "Unicode Text"): it was read as such.').format(
                name=path.name
            )
            if encoding == "UTF-16"
            else _(
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
    total = text.count("\n") + 1
    budget = _Budget(path)

    def rows() -> Iterator[Row]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, start=1):
                if not number % 256:
                    budget.spend(256)
                    if progress is not None:
                        progress(number, max(total, number + 1))
                row = {index: value for index, value in enumerate(cells) if value.strip()}
                if row:
                    yield number, row
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

    _refuse_bombs(path, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BadZipFile:
        raise _not_a_workbook(path, _("it is not a zip archive")) from None
    except Exception as exc:  # any failure inside openpyxl: a damaged file
        raise _not_a_workbook(path, type(exc).__name__) from None
    budget = _Budget(path)
    worksheets = []
    for worksheet in book.worksheets:
        if not hasattr(worksheet, "_get_source"):  # a chart sheet: no cells
            continue
        worksheets.append(
            Worksheet(
                str(worksheet.title),
                _reader(path, book, worksheet, budget, progress),
                hidden=str(getattr(worksheet, "sheet_state", "visible")) != "visible",
                merged=_merges(worksheet),
            )
        )
    return Source(path, worksheets, close=book.close)


def _reader(
    path: Path, book: Any, worksheet: Any, budget: _Budget, progress: Progress | None
) -> Callable[[], Iterator[Row]]:
    def rows() -> Iterator[Row]:
        try:
            yield from _worksheet_rows(book, worksheet, budget, progress)
        except DataError:
            raise
        except Exception as exc:  # any failure inside openpyxl: a damaged sheet
            raise _not_a_workbook(path, type(exc).__name__) from None

    return rows


_MERGE = re.compile(
    rb"<(?:[A-Za-z0-9_]+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})\""
)
MAX_MERGES = 10_000


def _merges(worksheet: Any) -> Callable[[], list[tuple[int, int, int, int]]]:
    """The merged cells of a read-only sheet, read from its XML (openpyxl skips them there)."""
    known: list[list[tuple[int, int, int, int]]] = []

    def merged() -> list[tuple[int, int, int, int]]:
        if not known:
            known.append(_read_merges(worksheet))
        return known[0]

    return merged


def _read_merges(worksheet: Any) -> list[tuple[int, int, int, int]]:
    """Every ``<mergeCell ref="A4:A5"/>`` of the sheet's XML, read in a stream (the first ones)."""
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    try:
        with worksheet._get_source() as source:
            while chunk := source.read(1 << 20):
                window = tail + chunk
                cut = window.rfind(b"<")
                whole, tail = (window[:cut], window[cut:]) if cut > 0 else (window, b"")
                for match in _MERGE.finditer(whole):
                    first, row, last, end = match.groups()
                    found.append((int(row), _column(first), int(end), _column(last)))
                    if len(found) >= MAX_MERGES:
                        return found
                if len(tail) > 4096:  # no tag is that long
                    tail = b""
    except Exception:  # a damaged sheet: read as if nothing were merged
        return found
    return found


def _column(letters: bytes) -> int:
    """``A`` -> 0, ``AA`` -> 26."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def _refuse_bombs(path: Path, data: bytes) -> None:
    """Refuse a workbook that unzips to more than ukm reads, before anything is unzipped.

    The sizes come from the zip's directory; Python's zip reader never gives
    more bytes than a part's directory entry says, so a lying entry cannot
    get past them.  The shared strings (which openpyxl keeps in memory, every
    one) are counted in a stream before openpyxl sees them.
    """
    import zipfile

    entries = _zip_entries(data)
    if entries is not None and entries > MAX_PARTS:
        raise _bomb(path, _("it holds {count} files").format(count=f"{entries:,}"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # openpyxl says what is wrong with it
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _bomb(path, _("it holds {count} files").format(count=f"{len(infos):,}"))
        total = sum(info.file_size for info in infos)
        largest = max(infos, key=lambda info: info.file_size, default=None)
        if largest is not None and largest.file_size > MAX_PART:
            raise _bomb(
                path,
                _("its part {part} unzips to {size} MB").format(
                    part=largest.filename, size=f"{largest.file_size // 2**20:,}"
                ),
            )
        if total > MAX_UNZIPPED:
            raise _bomb(path, _("it unzips to {size} MB").format(size=f"{total // 2**20:,}"))
        for info in infos:
            if "sharedstrings" in info.filename.casefold():
                count = _count_shared_strings(archive, info)
                if count > MAX_SHARED_STRINGS:
                    raise _bomb(
                        path,
                        _("it holds more than {count} different texts").format(
                            count=f"{MAX_SHARED_STRINGS:,}"
                        ),
                    )


_SHARED_STRING = re.compile(rb"<(?:[A-Za-z0-9_]+:)?si[\s>/]")


def _count_shared_strings(archive: Any, info: Any) -> int:
    """How many ``<si>`` a shared-strings part holds, read in a stream (stops past the bound)."""
    count = 0
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                count += len(_SHARED_STRING.findall(window))
                tail = window[-16:]
                count -= len(_SHARED_STRING.findall(tail))
                if count > MAX_SHARED_STRINGS:
                    break
    except Exception:  # a damaged part: openpyxl says so
        return 0
    return count


def _zip_entries(data: bytes) -> int | None:
    """The number of files a zip's end record declares (None when it has none)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    if count == 0xFFFF:  # ZIP64: the count is in the ZIP64 end record
        start = data.rfind(b"PK\x06\x06", max(0, end - 65_557), end)
        if start >= 0 and start + 40 <= len(data):
            count = int.from_bytes(data[start + 32 : start + 40], "little")
    return count


def _bomb(path: Path, why: str) -> DataError:
    return DataError(
        _("{name} is larger inside than a list can be ({why}); nothing was read from it.").format(
            name=path.name, why=why
        ),
        hint=_(
            "Open it in Excel and check it is the right file; copy the list alone into a new "
            "workbook (or save it as CSV UTF-8) and import that."
        ),
    )


def _worksheet_rows(
    book: Any, worksheet: Any, budget: _Budget, progress: Progress | None
) -> Iterator[Row]:
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
            budget.spend(len(cells) + 1)
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
