"""``--format pdf``: the report printed, to hand up (A4, letterhead, charts, annexes).

The report's own tables (the same figures as every other format, headers
and values in the language of the output) follow the frame the core made
(``core.documents.report``: number, addressee, title, what it covers, the
office's own text); long lists of participants go to annexes on landscape
pages; no phone and no NIK.  ``render.pdf`` compiles ``templates/report.typ``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from ukmtool.core.tables.tableset import Column, ColumnKind, Table, Where
from ukmtool.errors import UsageError
from ukmtool.i18n import _
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import each_once, flat_header, screen_text

_NUMERIC = (
    ColumnKind.INT,
    ColumnKind.PERCENT,
    ColumnKind.SIGNED,
    ColumnKind.COUNTS,
    ColumnKind.SLASHED,
    ColumnKind.MONEY,
    ColumnKind.MONEY_CHANGE,
    ColumnKind.PERCENT_CHANGE,
    ColumnKind.SCORE,
    ColumnKind.SCORE_CHANGE,
)
_LEFT_OUT_KINDS = (ColumnKind.BAR, ColumnKind.MARK)
PRIVATE = frozenset({"phone", "nik"})
"""Columns and facts never printed in a report: it goes to the Bupati or a sponsor."""
FILE_COLUMNS = frozenset({"first_error"})
"""Columns quoting a file and line (``participants.yaml:12: ...``): no file name on paper."""


def pdf_table(
    table: Table,
    names: Mapping[str, str] | None = None,
    programmes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One table as the template draws it: headers, texts, which columns are numbers.

    With ``names`` (participant id -> owner), a list of participants without
    its owners' names gets them beside the ids: a printed list names people.
    No phone and no NIK is ever printed (``PRIVATE``), nor a file's name
    (``FILE_COLUMNS``); with ``programmes`` (folder -> programme name), a
    table's folders are printed as their programmes (left out where the table
    names the programme already).
    """
    from ukmtool.core.documents.report import printed_table

    if table.facts:
        return {
            "title": table.title,
            "facts": [
                [_capitalised(str(row[1])), row[3]]
                for row in table.rows
                if row[3] and row[0] not in PRIVATE
            ],
            "notes": table.notes,
        }
    shown = [
        i
        for i in table.visible(Where.TERMINAL)
        if table.columns[i].kind not in _LEFT_OUT_KINDS
        and table.columns[i].key not in PRIVATE | FILE_COLUMNS
    ]
    columns = [table.columns[i] for i in shown]
    texts = [
        each_once(partial(screen_text, c.kind), [row[i] for row in table.rows])
        for c, i in zip(columns, shown, strict=True)
    ]
    numeric = [
        _numeric(c, [row[i] for row in table.rows]) for c, i in zip(columns, shown, strict=True)
    ]
    if programmes:
        _folders_as_programmes(columns, texts, numeric, programmes)
    keys = [c.key for c in columns]
    if names and "id" in keys and "owner" not in keys:
        at = keys.index("id") + 1
        columns.insert(at, Column("owner", _("owner"), ColumnKind.TEXT))
        texts.insert(at, [names.get(str(pid), "") for pid in texts[at - 1]])
        numeric.insert(at, False)
    result = printed_table(
        table.title,
        [flat_header(c.header) for c in columns],
        numeric,
        [list(cells) for cells in zip(*texts, strict=True)] if texts else [],
        table.notes,
    )
    if not table.rows:
        result["empty"] = _("Nobody.")
    return result


def _folders_as_programmes(
    columns: list[Column],
    texts: list[list[str]],
    numeric: list[bool],
    programmes: Mapping[str, str],
) -> None:
    """A folder column printed as its programmes' names, in place.

    Beside a column of the programmes' own names, the folder column goes and
    the names become the printed ones (two of one name told apart). A table of
    folders left out for their errors keeps them: those have no programme to name.
    """
    keys = [c.key for c in columns]
    if "folder" not in keys:
        return
    at = keys.index("folder")
    folders = texts[at]
    if "programme" in keys:
        named = keys.index("programme")
        texts[named] = [
            programmes.get(folder, text or folder)  # the total row keeps its label
            for folder, text in zip(folders, texts[named], strict=True)
        ]
        del columns[at], texts[at], numeric[at]
    elif all(folder in programmes for folder in folders):
        columns[at] = Column("programme", _("programme"), ColumnKind.TEXT)
        texts[at] = [programmes[folder] for folder in folders]


def _capitalised(label: str) -> str:
    """A fact's label as it heads a line of the summary (``naik kelas`` -> ``Naik kelas``)."""
    return label[:1].upper() + label[1:]


def _numeric(column: Column, values: list[Any]) -> bool:
    """Whether a column holds numbers (set right): by its kind, or an AUTO one by its values."""
    if column.kind is ColumnKind.AUTO:
        held = [v for v in values if v is not None and v != ""]
        return bool(held) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in held
        )
    return column.kind in _NUMERIC


LIST_PART_ROWS = 400
"""Rows of the long lists a part of the report holds (about twenty landscape pages)."""


def list_rows(
    lists: list[tuple[dict[str, Any], bool]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The long lists without their rows, and the rows of all of them in one list.

    ``lists`` are tables and whether each is an annex (after the signature;
    else before it, as the graduates).  The report is compiled in parts
    (``render/pdf.py``): the template gets the rows a part at a time, each
    saying its list (``t``) and whether it is that list's first or last row;
    a list without rows is one row with no ``cells``.
    """
    heads: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for index, (table, annex) in enumerate(lists):
        body = table.get("rows", [])
        heads.append({**{k: v for k, v in table.items() if k != "rows"}, "annex": annex})
        if not body:
            rows.append({"t": index, "first": True, "last": True, "cells": None})
        last = len(body) - 1
        rows.extend(
            {"t": index, "first": i == 0, "last": i == last, "cells": cells}
            for i, cells in enumerate(body)
        )
    return heads, rows


class PdfFormat(Formatter):
    """The printed report."""

    name = "pdf"
    suffixes = (".pdf",)
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The PDF's bytes: compiled in parts, the long lists a few hundred rows at a time."""
        from ukmtool.render.pdf import Printer, Section

        printed = report.printed
        if printed is None:
            raise UsageError(
                _("There is no printed form of this output."),
                hint=_("ukm report --format pdf prints the reports."),
            )
        payload = dict(printed.payload)
        body: list[dict[str, Any]] = []
        appendix = list(payload.pop("appendix_tables", []))
        for table in report.tableset.tables:
            if table.name in printed.left_out:
                continue
            if table.name in printed.appendix:
                appendix.append(pdf_table(table, printed.names, printed.programmes))
            else:
                body.append(pdf_table(table, programmes=printed.programmes))
        payload["tables"] = body
        lists = [(table, False) for table in payload.pop("body_tables", [])]
        lists += [(table, True) for table in appendix]
        payload["lists"], rows = list_rows(lists)
        with Printer() as printer:
            section = Section(printed.template, payload, rows, part_rows=LIST_PART_ROWS)
            return printer.pdf([section], printed.folder)
