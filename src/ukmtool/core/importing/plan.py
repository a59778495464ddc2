"""An imported list as entries to register, with everything read, left out or reinterpreted.

Rows are numbered as a spreadsheet shows them, so every problem can be
reported as ``FILE:ROW: column: message``.  Values are read as offices write
them (``values``) and then checked by ``register``, by the same code as
``ukm check``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukmtool.core.fields import ValueProblem, norm
from ukmtool.core.importing import headers, values
from ukmtool.core.importing.headers import IGNORED
from ukmtool.core.importing.region import (
    Kind,
    LeftOut,
    LeftOutBlock,
    Region,
    table_in,
)
from ukmtool.core.importing.sources import cell_text, column_letter
from ukmtool.core.writing.entries import Origin, Reinterpreted
from ukmtool.core.writing.participant import FIELDS, REQUIRED, Entry
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _, ngettext
from ukmtool.masking import shown

if TYPE_CHECKING:
    from ukmtool.core.reading.loader import Progress


@dataclass(frozen=True, slots=True)
class SourceColumn:
    """A column of the table: its letter, header, the field it gives (None: left out) and why."""

    letter: str
    header: str
    field: str | None
    reason: str | None = None


@dataclass(slots=True)
class Imported:
    """What ``read`` found: the entries, and how the file was read."""

    path: Path
    entries: list[Entry]
    worksheet: str | None
    other_worksheets: list[str]
    header_row: int
    title: list[str]
    columns: list[SourceColumn]
    left_out: list[LeftOut]
    reinterpreted: list[Reinterpreted]
    notes: list[str] = field(default_factory=list)
    left_out_blocks: list[LeftOutBlock] = field(default_factory=list)
    """Every row left out, by block (``left_out`` holds the first few with their text)."""
    hidden_worksheets: list[str] = field(default_factory=list)
    header_rows: int = 1


LIST = Kind(
    field_of=headers.field_of,
    ignored=IGNORED,
    usable=lambda named: len(named) >= 2,
    row_fields=frozenset(REQUIRED),
    row_needs=2,
    not_a_row=lambda: _("below the table (not a business: fewer than two of {fields})").format(
        fields=", ".join(REQUIRED)
    ),
)
"""A list of businesses: a header naming two fields or more; a row fills two required columns."""


def read(
    path: Path,
    *,
    worksheet: str | None = None,
    skip_columns: Sequence[str] = (),
    progress: Progress | None = None,
) -> Imported:
    """The entries of ``path`` (``.csv`` or ``.xlsx``), one per row of its table.

    Raises :class:`UsageError` for a file that is missing, of another kind
    or not a regular file, a ``worksheet`` it lacks or a ``skip_columns`` name
    none of its headers has; :class:`DataError` (every problem listed) for
    one that cannot be read, holds no table, or has a column ukm does not know.
    """
    region, source = table_in(
        path,
        LIST,
        worksheet,
        progress,
        missing=_("No list of businesses found in {name}; nothing was registered.").format(
            name=path.name
        ),
        hint=_(
            "The row above the businesses must name the columns, for example: "
            "No | Nama Usaha | Nama Pemilik | L/P | Sektor | Kecamatan | No HP."
        ),
    )
    notes = list(source.notes)
    columns = _columns(path, region, skip_columns)
    if region.stranded:
        raise DataError(
            _(
                "{name}: rows below the totals row look like businesses; nothing was registered."
            ).format(name=path.name),
            [
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("This row is below the totals row: it would be left out."),
                )
                for row in region.stranded
            ]
            + _more_rows(path, region.stranded_count - len(region.stranded)),
            hint=_("Move these rows above the totals row (or delete them) and import again."),
        )
    _refuse_numeric_niks(path, region, columns)
    entries: list[Entry] = []
    reinterpreted: list[Reinterpreted] = []
    for number, cells in region.rows:
        entry = _entry(path, number, cells, columns)
        entries.append(entry)
        reinterpreted.extend(entry.reinterpreted)
    is_xlsx = path.suffix.lower() == ".xlsx"
    return Imported(
        path,
        entries,
        region.worksheet.name if is_xlsx else None,
        region.other_worksheets,
        region.header_row,
        region.title,
        list(columns.values()),
        region.left_out,
        reinterpreted,
        notes,
        region.left_out_blocks,
        region.hidden_worksheets,
        region.header_rows,
    )


def _more_rows(path: Path, count: int) -> list[Diagnostic]:
    """One line for the rows of a long list of problems that are not listed one by one."""
    if count <= 0:
        return []
    return [
        Diagnostic(
            Severity.ERROR,
            path,
            None,
            None,
            _("... and {count} more rows like these.").format(count=f"{count:,}"),
        )
    ]


def _columns(path: Path, region: Region, skip: Sequence[str]) -> dict[int, SourceColumn]:
    """The field of each column with a header; every unknown or repeated header is an error."""
    wanted = {norm(name): name for name in skip}
    unused = dict(wanted)
    problems: list[Diagnostic] = []
    result: dict[int, SourceColumn] = {}
    first: dict[str, str] = {}
    row = region.header_row
    for index in sorted(region.header):
        name = region.header[index]
        letter = column_letter(index)
        key = norm(name)
        if key in wanted:
            unused.pop(key, None)
            result[index] = SourceColumn(letter, name, None, _("--skip-column"))
            continue
        if headers.is_signature(name):
            result[index] = SourceColumn(letter, name, None, _("a column for signatures"))
            continue
        if headers.is_exemptions(name):
            result[index] = SourceColumn(
                letter, name, None, _("exemptions are recorded with `ukm edit ID --exempt`")
            )
            continue
        if headers.is_not_kept(name):
            result[index] = SourceColumn(letter, name, None, _("not kept by ukm (age, birth)"))
            continue
        field_name = headers.field_of(name)
        if field_name not in FIELDS and field_name != IGNORED:
            field_name = None  # a field this version of the folder cannot hold
        if field_name == IGNORED:
            result[index] = SourceColumn(letter, name, None, _("row numbers"))
            continue
        if field_name is None:
            free = [f for f in FIELDS if f not in first]
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("Unknown column '{name}' (column {letter}).").format(
                        name=shown(name), letter=letter
                    ),
                    headers.hint_for(name, free)
                    or _("Known columns: {names}.").format(
                        names=", ".join(headers.known_headers(FIELDS))
                    ),
                )
            )
            continue
        if field_name in first:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("The columns '{first}' and '{name}' both give the {field}.").format(
                        first=first[field_name], name=shown(name), field=field_name
                    ),
                    _("Keep one of them, or leave one out with --skip-column '{name}'.").format(
                        name=shown(name)
                    ),
                )
            )
            continue
        first[field_name] = name
        result[index] = SourceColumn(letter, name, field_name)
    if unused:
        raise UsageError(
            _("--skip-column: {path} has no column {names}.").format(
                path=path.name, names=", ".join(f"'{n}'" for n in unused.values())
            ),
            hint=_("Its columns: {names}.").format(
                names=", ".join(shown(h) for h in region.header.values())
            ),
        )
    for name in REQUIRED:
        if name not in first:
            problems.append(
                Diagnostic(
                    Severity.ERROR,
                    path,
                    row,
                    None,
                    _("There is no column for the {field}.").format(field=name),
                    _("Add a column headed {headers}.").format(
                        headers=" / ".join(headers.HEADERS[name][:2])
                    ),
                )
            )
    if problems:
        where = (
            _(" (header in row {row} of sheet '{sheet}')").format(
                row=row, sheet=region.worksheet.name
            )
            if path.suffix.lower() == ".xlsx"
            else ""
        )
        raise DataError(
            _("{name}: the columns are not all usable; nothing was registered.").format(
                name=path.name
            )
            + where,
            problems,
            hint=_(
                "Rename the columns (the README lists the headers ukm reads), or leave a column "
                "out with --skip-column NAME."
            ),
        )
    return result


def _entry(
    path: Path, number: int, cells: dict[int, Any], columns: dict[int, SourceColumn]
) -> Entry:
    found: dict[str, str] = {}
    labels: dict[str, str] = {}
    tags: tuple[str, ...] = ()
    problems: list[tuple[str, ValueProblem]] = []
    reinterpreted: list[Reinterpreted] = []
    extra_phones: list[str] = []
    for index in sorted(cells):
        raw = cells[index]
        text = cell_text(raw)
        column = columns.get(index)
        if column is None:
            if not text:
                continue
            label = _("column {letter}").format(letter=column_letter(index))
            problems.append(
                (label, ValueProblem(_("This cell has no column header."), _header_hint()))
            )
            continue
        name = column.field
        if name is None:
            continue
        labels[name] = column.header
        if len(text) > values.MAX_CELL:
            problems.append((column.header, _too_long(len(text))))
            continue
        value, others = values.read_value(name, text)
        if others and "notes" not in FIELDS:  # nowhere to keep them: the cell stays as written
            value, others = text, []
        extra_phones.extend(others)
        if value != text and (name != "nik" or not value):
            read_as = value if not others else f"{value}; {values.other_phones_note(others)}"
            reinterpreted.append(
                Reinterpreted(number, column.header, shown(text), shown(read_as), name)
            )
        if name == "tags":
            tags = tuple(t.strip() for t in value.replace(";", ",").split(",") if t.strip())
        else:
            found[name] = value
    if extra_phones:
        note = values.other_phones_note(extra_phones)
        found["notes"] = f"{found['notes']}; {note}" if found.get("notes") else note
    for column in columns.values():
        if column.field:
            labels.setdefault(column.field, column.header)
    return Entry(found, tags, labels, Origin(path, number), tuple(problems), tuple(reinterpreted))


_SCIENTIFIC = re.compile(r"[0-9]([.,][0-9]+)?[eE]\+?[0-9]{1,2}")


def _numeric_nik(raw: Any) -> bool:
    """A NIK Excel stored as a number, or wrote as one (``3,31505E+15``): digits are lost."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int | float):
        return True
    return isinstance(raw, str) and bool(_SCIENTIFIC.fullmatch(raw.strip()))


def _refuse_numeric_niks(path: Path, region: Region, columns: dict[int, SourceColumn]) -> None:
    """One error for a NIK column holding numbers: which rows, the way out, what it costs."""
    for index, column in columns.items():
        if column.field != "nik":
            continue
        numeric: list[int] = []
        filled = 0
        for number, cells in region.rows:
            raw = cells.get(index)
            if raw is None or not cell_text(raw):
                continue
            filled += 1
            if _numeric_nik(raw):
                numeric.append(number)
        if not numeric:
            continue
        rows = ", ".join(str(n) for n in numeric[:8]) + (", ..." if len(numeric) > 8 else "")
        raise DataError(
            _("{name}: the NIK column holds numbers; nothing was registered.").format(
                name=path.name
            ),
            [
                Diagnostic(
                    Severity.ERROR,
                    path,
                    region.header_row,
                    None,
                    ngettext(
                        "{column} (column {letter}): {count} NIK is stored as a number (row "
                        "{rows}): Excel keeps only 15 digits, so it may be wrong.",
                        "{column} (column {letter}): {count} NIKs are stored as numbers (rows "
                        "{rows}): Excel keeps only 15 digits, so they may be wrong.",
                        len(numeric),
                    ).format(
                        column=shown(column.header),
                        letter=column.letter,
                        count=f"{len(numeric):,}",
                        rows=rows,
                    ),
                    ngettext(
                        "Format the column as Text and type the NIKs again from the KTPs; or "
                        "import the rest without them: --skip-column '{name}' leaves out "
                        "{count} NIK.",
                        "Format the column as Text and type the NIKs again from the KTPs; or "
                        "import the rest without them: --skip-column '{name}' leaves out "
                        "{count} NIKs.",
                        filled,
                    ).format(name=shown(column.header), count=f"{filled:,}"),
                )
            ],
        )


def _too_long(length: int) -> ValueProblem:
    return ValueProblem(
        _("This cell holds {count} characters; ukm takes at most {limit} in one cell.").format(
            count=length, limit=values.MAX_CELL
        ),
        _("Check the cell: it may hold something pasted by mistake."),
    )


def _header_hint() -> str:
    return _("Give the column a header the README lists, or empty the cell.")
