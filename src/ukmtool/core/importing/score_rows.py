"""Read a list of test results (``ukm score keuangan pre --from nilai.xlsx``) into scores.

The file is read by the import's own reader (``core/importing/sources``: CSV
in the encodings Excel writes, every worksheet of an xlsx).  The list is
found by its header row: the first row, on the first worksheet that has
one, naming who (an id or a name) and at least one score.  Headers are
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

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core.fields import norm
from ukmtool.core.importing import measure_rows, sources
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.score import Entry
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress

LEFT_OUT = "-"
"""The field of a column read and left out."""

HEADER_SEARCH = 30
"""How many rows at the top of a worksheet may hold the header row."""

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
class Results:
    """The rows of scores a file gives, and the columns read and left out."""

    entries: list[Entry]
    left_out: list[str]
    """The headers of the columns read and left out."""
    tests: tuple[str, ...]
    """The tests the file's columns give: pre, post, or score (the one the command names)."""
    worksheet: str | None
    rows_left_out: list[tuple[int, str]] = field(default_factory=list)
    """Rows read and left out (a row of averages or totals): number and text."""


_SUMMARY_ROWS = frozenset(
    norm(word)
    for word in ("jumlah", "total", "rata-rata", "rata rata", "rerata", "average", "mean")
)
"""What the first cell of a row of averages or totals under the results says."""


def read(path: Path, kind: str | None, progress: Progress | None = None) -> Results:
    """Every row of results of ``path`` (``.csv`` or ``.xlsx``).

    ``kind`` (pre or post) is the test the command names: the test of a
    ``Nilai`` column, and the one column taken when the file has both a
    pre-test and a post-test column (the other is left out).  Raises
    :class:`UsageError` for a file that is missing or of another kind, and
    :class:`DataError` (every problem listed) for one that cannot be read,
    has no table of results, or has a column ukm does not know.
    """
    source = sources.read(path, progress)
    for worksheet in source.worksheets:
        found = _header(worksheet)
        if found is not None:
            index, columns = found
            return _results(path, worksheet, index, columns, kind, len(source.worksheets) > 1)
    raise DataError(
        _("{name} has no table of test results.").format(name=path.name),
        hint=_(
            "The table needs a header row with a column for the id (ID) or the name (Nama) "
            "and one for the scores (Nilai, Pre-test, Post-test)."
        ),
    )


def _header(worksheet: sources.Worksheet) -> tuple[int, dict[int, str | None]] | None:
    """(index in ``rows``, field of each column) of the header row, or None."""
    for index, (_number, cells) in enumerate(worksheet.rows[:HEADER_SEARCH]):
        named = {
            column: _BY_HEADER.get(norm(sources.cell_text(value)))
            for column, value in cells.items()
            if sources.cell_text(value)
        }
        fields = set(named.values())
        if fields.intersection(_WHO) and fields.intersection(_SCORES):
            return index, named
    return None


def _results(
    path: Path,
    worksheet: sources.Worksheet,
    index: int,
    columns: dict[int, str | None],
    kind: str | None,
    several: bool,
) -> Results:
    number, header = worksheet.rows[index]
    names = {column: sources.cell_text(value) for column, value in header.items()}
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
    entries: list[Entry] = []
    skipped: list[tuple[int, str]] = []
    labels = {name: names[column] for column, name in columns.items() if name}
    for row, cells in worksheet.rows[index + 1 :]:
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
        texts = [sources.cell_text(cells[c]) for c in sorted(cells) if sources.cell_text(cells[c])]
        if texts and norm(texts[0]) in _SUMMARY_ROWS:
            skipped.append((row, " ".join(texts)))
            continue
        entries.append(Entry(values, labels, Origin(path, row), stray=stray))
    left_out = [names[c] for c, named in columns.items() if named == LEFT_OUT]
    tests = tuple(f for f in _SCORES if f in columns.values())
    return Results(entries, left_out, tests, worksheet.name if several else None, skipped)


def _problem(path: Path, row: int, message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, path, row, None, message, hint)
