"""Read a list of test results (``ukm score keuangan pre --from nilai.xlsx``) into scores.

The file is read by the import's own reader (``core/importing/sources``: CSV
in the encodings Excel writes, every visible worksheet of an xlsx) and the
table found by the same reader as ``register --from``'s (``region``): a
header row (or two) naming who (an id or a name) and at least one score; the
table ends at a totals row or after its last row holding a score, so a
signature block under it is left out and listed, as is a row of averages
(``Rata-rata``) written in the table's columns.  Headers are
matched with case, spaces and punctuation ignored, in English or as a
trainer's result sheet writes them (``ID``, ``Nama Peserta``, ``Nilai``,
``Pre-test``, ``Nilai Akhir``).  A row is named by its id, else (an empty or
unknown id) by the owner's or business's name.  Columns that only help a
person read the row (``No``, ``Kecamatan``, ``Paraf``) are read and left
out, and the outcome says so; any other header is an error that names it.
Nothing here checks values: ``writing/score`` does, for every row, before
anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core.fields import norm
from ukmtool.core.importing import measure_rows, sources
from ukmtool.core.importing.region import (
    SHOWN_LEFT_OUT,
    Kind,
    LeftOut,
    LeftOutBlock,
    Region,
    TableRows,
    table_in,
)
from ukmtool.core.importing.sources import Cells, Row
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.score import Entry
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _
from ukmtool.masking import shown

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress

LEFT_OUT = "-"
"""The field of a column read and left out."""

HEADERS: dict[str, tuple[str, ...]] = {
    "participant": measure_rows.HEADERS["participant"],
    "name": (
        "name",
        "nama",
        "nama peserta",
        "peserta",
        "owner",
        "nama pemilik",
        "pemilik",
        "business",
        "nama usaha",
        "usaha",
    ),
    "pre": (
        "pre",
        "pre test",
        "pretest",
        "nilai pre test",
        "nilai pretest",
        "nilai pre",
        "skor pre test",
        "tes awal",
        "test awal",
        "nilai awal",
        "skor awal",
    ),
    "post": (
        "post",
        "post test",
        "posttest",
        "nilai post test",
        "nilai posttest",
        "nilai post",
        "skor post test",
        "tes akhir",
        "test akhir",
        "nilai akhir",
        "skor akhir",
    ),
    "score": ("score", "skor", "nilai", "nilai tes", "hasil", "hasil tes"),
    LEFT_OUT: (
        "no",
        "no.",
        "nomor",
        "no urut",
        "district",
        "kecamatan",
        "desa",
        "sector",
        "sektor",
        "jenis usaha",
        "gender",
        "l/p",
        "jenis kelamin",
        "keterangan",
        "ket",
        "tanggal",
        "tgl",
        "paraf",
        "tanda tangan",
        "ttd",
    ),
}
"""The headers each field of a row of results is known by."""

_BY_HEADER = {norm(h): name for name, headers in HEADERS.items() for h in headers}
_WHO = ("participant", "name")
_SCORES = ("pre", "post", "score")


@dataclass(frozen=True)
class Results(TableRows[Entry]):
    """The rows of scores a file gives, and the columns read and left out."""

    tests: tuple[str, ...] = ()
    """The tests the file's columns give: pre, post, or score (the one the command names)."""


_SUMMARY_ROWS = frozenset(
    norm(word)
    for word in ("jumlah", "total", "rata-rata", "rata rata", "rerata", "average", "mean")
)
"""What the first cell of a row of averages or totals under the results says."""


def _field_of(header: str) -> str | None:
    return _BY_HEADER.get(norm(header))


RESULTS = Kind(
    field_of=_field_of,
    ignored=LEFT_OUT,
    usable=lambda named: bool(named.intersection(_WHO)) and bool(named.intersection(_SCORES)),
    row_fields=frozenset(_SCORES),
    row_needs=1,
    not_a_row=lambda: _("below the table (no score)"),
)
"""A list of results: a header naming who and a score; a row of it holds a score.

A row is known by its score, not by its name: a signature block under the
list (``Blora, 20 Maret 2018`` / ``Pelatih``) is written in the name column.
"""


def read(
    path: Path,
    kind: str | None,
    progress: Progress | None = None,
    worksheet: str | None = None,
) -> Results:
    """Every row of results of ``path`` (``.csv`` or ``.xlsx``; its sheet ``worksheet``).

    ``kind`` (pre or post) is the test the command names: the test of a
    ``Nilai`` column, and the one column taken when the file has both a
    pre-test and a post-test column (the other is left out).  Raises
    :class:`UsageError` for a file that is missing or of another kind, and
    :class:`DataError` (every problem listed) for one that cannot be read,
    has no table of results, or has a column ukm does not know.
    """
    region, source = table_in(
        path,
        RESULTS,
        worksheet,
        progress,
        missing=_("{name} has no table of test results.").format(name=path.name),
        hint=_(
            "The table needs a header row with a column for the id (ID) or the name (Nama) "
            "and one for the scores (Nilai, Pre-test, Post-test)."
        ),
    )
    several = len(source.worksheets) > 1
    columns = {c: _field_of(text) for c, text in region.header.items()}
    return _results(path, region, columns, kind, several)


def _results(
    path: Path,
    region: Region,
    columns: dict[int, str | None],
    kind: str | None,
    several: bool,
) -> Results:
    number = region.header_row
    names = dict(region.header)
    problems: list[Diagnostic] = []
    first: dict[str, str] = {}
    given = set(columns.values())
    for column, named in list(columns.items()):
        name = names[column]
        if named in ("pre", "post") and kind is not None and named != kind:
            columns[column] = LEFT_OUT  # the other test: this run records ``kind``
        elif named == "score" and kind is not None and kind in given:
            columns[column] = LEFT_OUT  # a total or grade beside the named test's column
        elif named == "score" and kind is None:
            problems.append(
                _problem(
                    path,
                    number,
                    _("The column '{name}' does not say which test it holds.").format(name=name),
                    _("Name the test: ukm score MODULE pre --from FILE (or post)."),
                )
            )
        elif named is None:
            problems.append(
                _problem(
                    path,
                    number,
                    _("Unknown column '{name}'.").format(name=name),
                    did_you_mean(name, [h for hs in HEADERS.values() for h in hs])
                    or _("Known columns: {names}.").format(
                        names=", ".join(h[0] for f, h in HEADERS.items() if f != LEFT_OUT)
                    ),
                )
            )
        elif named != LEFT_OUT and named in first:
            problems.append(
                _problem(
                    path,
                    number,
                    _("The columns '{first}' and '{name}' both give the {field}.").format(
                        first=first[named], name=name, field=named
                    ),
                    _("Keep one of them."),
                )
            )
        elif named is not None:
            first.setdefault(named, name)
    if problems:
        raise DataError(
            _("{name}: the columns are not all usable; nothing was recorded.").format(
                name=path.name
            ),
            problems,
            hint=_("Rename the columns (the manual lists the headers ukm reads) or remove them."),
        )
    _refuse_stranded(path, region)
    entries: list[Entry] = []
    summaries: list[Row] = []
    labels = {name: names[column] for column, name in columns.items() if name}
    for row, cells in region.rows:
        values: dict[str, str | None] = {}
        stray = False
        for column, value in cells.items():
            named = columns.get(column)
            text = sources.cell_text(value)
            if not text:
                continue
            if named is None:
                stray = True  # a cell outside the table's columns
            elif named != LEFT_OUT:
                values[named] = text
        if not any(values.get(f) for f in _WHO) and not any(values.get(f) for f in _SCORES):
            continue
        if _summary(cells):
            summaries.append((row, cells))
            continue
        entries.append(Entry(values, labels, Origin(path, row), stray=stray))
    left_out = [names[c] for c, named in columns.items() if named == LEFT_OUT]
    tests = tuple(f for f in _SCORES if f in columns.values())
    listed, blocks = _with_summaries(region, summaries)
    return Results(
        entries,
        left_out,
        region.worksheet.name if several else None,
        listed,
        blocks,
        region.hidden_worksheets,
        tests=tests,
    )


def _first_text(cells: Cells) -> str:
    return next((t for c in sorted(cells) if (t := sources.cell_text(cells[c]))), "")


def _summary(cells: Cells) -> bool:
    """A row of averages or totals under the results (``Rata-rata`` in its first cell)."""
    return norm(_first_text(cells)) in _SUMMARY_ROWS


def _with_summaries(
    region: Region, summaries: list[Row]
) -> tuple[list[LeftOut], list[LeftOutBlock]]:
    """The region's rows left out, and the rows of averages inside the table, in row order."""
    if not summaries:
        return list(region.left_out), list(region.left_out_blocks)
    reason = _("a row of averages or totals")
    added = [
        LeftOut(
            row,
            shown(" | ".join(t for c in sorted(cells) if (t := sources.cell_text(cells[c])))),
            reason,
        )
        for row, cells in summaries
    ]
    rows = sorted([*region.left_out, *added], key=lambda left: left.row)[:SHOWN_LEFT_OUT]
    blocks = sorted(
        [*region.left_out_blocks, *(LeftOutBlock(r, r, 1, reason) for r, _c in summaries)],
        key=lambda block: block.first,
    )
    return rows, blocks


def _refuse_stranded(path: Path, region: Region) -> None:
    """Results below a totals row would be lost: refused, unless they are averages."""
    texts = {left.row: left.text for left in region.left_out}
    stranded = [
        row
        for row in region.stranded
        if norm(texts.get(row, "").split(" | ")[0]) not in _SUMMARY_ROWS
    ]
    if region.stranded_count > len(region.stranded):
        stranded = list(region.stranded)
    if not stranded:
        return
    raise DataError(
        _("{name}: rows below the totals row hold results; nothing was recorded.").format(
            name=path.name
        ),
        [
            _problem(path, row, _("This row is below the totals row: it would be left out."), None)
            for row in stranded
        ],
        hint=_("Move these rows above the totals row (or delete them) and record again."),
    )


def _problem(path: Path, row: int, message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, path, row, None, message, hint)
