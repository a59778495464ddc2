"""Read an endline survey (``ukm measure --from survei-akhir.xlsx``) into measurements.

The file is read by the import's own reader (``core/importing/sources``: CSV
in the encodings Excel writes, every worksheet of an xlsx).  The list is found
by its header row: the first row, on the first worksheet that has one, naming
the participant's id and at least one figure.  Headers are matched with
case, spaces and punctuation ignored, in English (the field names) or as a
survey writes them (``ID``, ``Tanggal``, ``Omzet per bulan``, ``Modal
usaha``, ``Jumlah karyawan``).  Columns that only help a person read the
row (``No``, ``Nama usaha``, ``Pemilik``, ``Kecamatan``) are read and left
out, and the outcome says so; any other header is an error that names it.
Nothing here checks values: ``measure`` does, for every row, before
anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core.fields import norm
from ukmtool.core.importing import headers as register_headers
from ukmtool.core.importing import sources
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.measure import Entry
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress

LEFT_OUT = "-"
"""The field of a column read and left out."""

HEADERS: dict[str, tuple[str, ...]] = {
    "participant": (
        "participant",
        "id",
        "id peserta",
        "id ukm",
        "kode",
        "kode ukm",
        "no peserta",
        "nomor peserta",
    ),
    "date": ("date", "tanggal", "tgl", "tanggal survei", "tgl survei", "tanggal pengukuran"),
    "monthly_sales": register_headers.HEADERS["monthly_sales"],
    "capital": register_headers.HEADERS["capital"],
    "employees": register_headers.HEADERS["employees"],
    "source": ("source", "sumber", "keterangan", "ket"),
    LEFT_OUT: (
        "no",
        "no.",
        "nomor",
        "no urut",
        "business",
        "nama usaha",
        "usaha",
        "owner",
        "nama pemilik",
        "pemilik",
        "nama",
        "district",
        "kecamatan",
        "desa",
        "sector",
        "sektor",
        "jenis usaha",
    ),
}
"""The headers each field of a measurement is known by (the figures: as ``ukm register``'s)."""

_BY_HEADER = {norm(h): name for name, headers in HEADERS.items() for h in headers}
_FIGURES = ("monthly_sales", "capital", "employees")


@dataclass(frozen=True)
class Survey:
    """The measurements a file gives, and the columns read and left out."""

    entries: list[Entry]
    left_out: list[str]
    worksheet: str | None


def read(path: Path, progress: Progress | None = None) -> Survey:
    """Every measurement row of ``path`` (``.csv`` or ``.xlsx``).

    Raises :class:`UsageError` for a file that is missing or of another kind,
    and :class:`DataError` (every problem listed) for one that cannot be read,
    has no table of measurements, or has a column ukm does not know.
    """
    source = sources.read(path, progress)
    for worksheet in source.worksheets:
        found = _header(worksheet)
        if found is not None:
            index, columns = found
            return _survey(path, worksheet, index, columns, len(source.worksheets) > 1)
    raise DataError(
        _("{name} has no table of measurements.").format(name=path.name),
        hint=_(
            "The table needs a header row with a column for the id (ID) and at least one "
            "for the figures (Omzet per bulan, Modal usaha, Jumlah karyawan)."
        ),
    )


def _header(worksheet: sources.Worksheet) -> tuple[int, dict[int, str | None]] | None:
    """(index in ``sheet.rows``, field of each column) of the header row, or None."""
    for index, (_number, cells) in enumerate(worksheet.rows[:50]):
        named = {
            column: _BY_HEADER.get(norm(sources.cell_text(value)))
            for column, value in cells.items()
            if sources.cell_text(value)
        }
        fields = set(named.values())
        if "participant" in fields and fields.intersection(_FIGURES):
            return index, named
    return None


def _survey(
    path: Path,
    worksheet: sources.Worksheet,
    index: int,
    columns: dict[int, str | None],
    several: bool,
) -> Survey:
    number, header = worksheet.rows[index]
    names = {column: sources.cell_text(value) for column, value in header.items()}
    problems: list[Diagnostic] = []
    first: dict[str, str] = {}
    for column, field in columns.items():
        name = names[column]
        if field is None:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    number,
                    None,
                    _("Unknown column '{name}'.").format(name=name),
                    did_you_mean(name, [h for hs in HEADERS.values() for h in hs])
                    or _("Known columns: {names}.").format(
                        names=", ".join(h[0] for f, h in HEADERS.items() if f != LEFT_OUT)
                    ),
                )
            )
        elif field != LEFT_OUT and field in first:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    number,
                    None,
                    _("The columns '{first}' and '{name}' both give the {field}.").format(
                        first=first[field], name=name, field=field
                    ),
                    _("Keep one of them."),
                )
            )
        else:
            first.setdefault(field, name)
    if problems:
        raise DataError(
            _("{name}: the columns are not all usable; nothing was recorded.").format(
                name=path.name
            ),
            problems,
            hint=_("Rename the columns (the README lists the headers ukm reads) or remove them."),
        )
    entries: list[Entry] = []
    for row, cells in worksheet.rows[index + 1 :]:
        values: dict[str, str | None] = {}
        for column, value in cells.items():
            field = columns.get(column)
            text = sources.cell_text(value)
            if not text:
                continue
            if field is None:
                values.setdefault("-", text)  # a cell outside the table's columns
            elif field != LEFT_OUT:
                values[field] = text
        if not any(v for k, v in values.items() if k != "-"):
            continue
        labels = {field: names[column] for column, field in columns.items() if field}
        if "-" in values:
            values = {k: v for k, v in values.items() if k != "-"}
            entries.append(Entry(values, labels, Origin(path, row), stray=True))
        else:
            entries.append(Entry(values, labels, Origin(path, row)))
    left_out = [names[c] for c, field in columns.items() if field == LEFT_OUT]
    return Survey(entries, left_out, worksheet.name if several else None)
