"""An imported list as entries to register, with everything read, left out or reinterpreted.

Rows are numbered as a spreadsheet shows them, so every problem can be
reported as ``FILE:ROW: column: message``.  Values are read as offices write
them (``values``) and then checked by ``register``, by the same code as
``ukm check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukmtool.core.fields import ValueProblem, norm
from ukmtool.core.importing import headers, sources, values
from ukmtool.core.importing.headers import IGNORED
from ukmtool.core.importing.region import LeftOut, Region, find
from ukmtool.core.importing.sources import cell_text, column_letter
from ukmtool.core.writing.entries import Origin, Reinterpreted
from ukmtool.core.writing.register import FIELDS, REQUIRED, Entry
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _
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
    source = sources.read(path, progress)
    if worksheet is not None and path.suffix.lower() == ".csv":
        raise UsageError(_("--sheet is for .xlsx files; {name} is a CSV.").format(name=path.name))
    region = find(source, worksheet)
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
            ],
            hint=_("Move these rows above the totals row (or delete them) and import again."),
        )
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
        list(source.notes),
    )


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
        if name == "nik" and isinstance(raw, int | float) and not isinstance(raw, bool):
            problems.append((column.header, _numeric_nik(column.header)))
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


def _too_long(length: int) -> ValueProblem:
    return ValueProblem(
        _("This cell holds {count} characters; ukm takes at most {limit} in one cell.").format(
            count=length, limit=values.MAX_CELL
        ),
        _("Check the cell: it may hold something pasted by mistake."),
    )


def _numeric_nik(header: str) -> ValueProblem:
    return ValueProblem(
        _("The NIK is stored as a number: Excel keeps only 15 digits, so it may be wrong."),
        _(
            "Format the column as Text and type the NIK again from the KTP; or import the "
            "rest without it: --skip-column '{name}'."
        ).format(name=header),
    )


def _header_hint() -> str:
    return _("Give the column a header the README lists, or empty the cell.")
