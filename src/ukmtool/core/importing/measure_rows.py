"""Read an endline survey (``ukm measure --from survei-akhir.xlsx``) into measurements.

The file is read by the import's own reader (``core/importing/sources``: CSV
in the encodings Excel writes, every visible worksheet of an xlsx) and the
table found by the same reader as ``register --from``'s (``region``): a
header row (or two) naming the participant's id and at least one figure; the
table ends at a totals row or after its last row with an id, so a signature
block under it is left out and listed.  Headers are matched with
case, spaces and punctuation ignored, in English (the field names) or as a
survey writes them (``ID``, ``Tanggal``, ``Omzet per bulan``, ``Modal
usaha``, ``Jumlah karyawan``).  Columns that only help a person read the
row (``No``, ``Nama usaha``, ``Pemilik``, ``Kecamatan``) are read and left
out, and the outcome says so; any other header is an error that names it.
Nothing here checks values: ``measure`` does, for every row, before
anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core.fields import norm
from ukmtool.core.importing import headers as register_headers
from ukmtool.core.importing import sources
from ukmtool.core.importing.region import (
    Kind,
    Region,
    TableRows,
    table_in,
)
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


class Survey(TableRows[Entry]):
    """The measurements a file gives, and what was read and left out."""


def _field_of(header: str) -> str | None:
    return _BY_HEADER.get(norm(header))


SURVEY = Kind(
    field_of=_field_of,
    ignored=LEFT_OUT,
    usable=lambda named: "participant" in named and bool(named.intersection(_FIGURES)),
    row_fields=frozenset({"participant"}),
    row_needs=1,
    not_a_row=lambda: _("below the table (no participant id)"),
)
"""A survey: a header naming the id and a figure; a row has an id."""


def read(path: Path, progress: Progress | None = None, worksheet: str | None = None) -> Survey:
    """Every measurement row of ``path`` (``.csv`` or ``.xlsx``; its sheet ``worksheet``).

    Raises :class:`UsageError` for a file that is missing or of another kind,
    and :class:`DataError` (every problem listed) for one that cannot be read,
    has no table of measurements, or has a column ukm does not know.
    """
    region, source = table_in(
        path,
        SURVEY,
        worksheet,
        progress,
        missing=_("{name} has no table of measurements.").format(name=path.name),
        hint=_(
            "The table needs a header row with a column for the id (ID) and at least "
            "one for the figures (Omzet per bulan, Modal usaha, Jumlah karyawan)."
        ),
    )
    several = len(source.worksheets) > 1
    columns = {c: _field_of(text) for c, text in region.header.items()}
    return _survey(path, region, columns, several)


def _survey(path: Path, region: Region, columns: dict[int, str | None], several: bool) -> Survey:
    number = region.header_row
    names = dict(region.header)
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
    for row, cells in region.rows:
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
    return Survey(
        entries,
        left_out,
        region.worksheet.name if several else None,
        region.left_out,
        region.left_out_blocks,
        region.hidden_worksheets,
    )
