"""``--format pdf``: the report printed, to hand up (A4, letterhead, charts, appendix).

The report's own tables (the same figures as every other format, headers
and values in the language of the output) follow the front the core made
(``core.documents.report``: title, as-of date, summary in words, charts, the
people to phone); long lists of participants go to an appendix on landscape
pages.  ``render.pdf`` compiles ``templates/report.typ`` with it all.
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


def pdf_table(table: Table, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One table as the template draws it: headers, texts, which columns are numbers.

    With ``names`` (participant id -> owner), a list of participants without
    its owners' names gets them beside the ids: a printed list names people.
    """
    if table.facts:
        return {
            "title": table.title,
            "facts": [
                [str(row[1]), row[3]] for row in table.rows if row[3] and row[0] not in PRIVATE
            ],
            "notes": table.notes,
        }
    shown = [
        i
        for i in table.visible(Where.TERMINAL)
        if table.columns[i].kind not in _LEFT_OUT_KINDS and table.columns[i].key not in PRIVATE
    ]
    columns = [table.columns[i] for i in shown]
    texts = [
        each_once(partial(screen_text, c.kind), [row[i] for row in table.rows])
        for c, i in zip(columns, shown, strict=True)
    ]
    keys = [c.key for c in columns]
    if names and "id" in keys and "owner" not in keys:
        at = keys.index("id") + 1
        columns.insert(at, Column("owner", _("owner"), ColumnKind.TEXT))
        texts.insert(at, [names.get(str(pid), "") for pid in texts[at - 1]])
    headers = [flat_header(c.header) for c in columns]
    numeric = [c.kind in _NUMERIC for c in columns]
    return {
        "title": table.title,
        "columns": headers,
        "numeric": numeric,
        "widths": widths(headers, texts, numeric),
        "rows": [list(cells) for cells in zip(*texts, strict=True)] if texts else [],
        "notes": table.notes,
    }


def widths(headers: list[str], texts: list[list[str]], numeric: list[bool]) -> list[int]:
    """Each column's share of the page width, from what it holds.

    A column's weight is its longest cell (of the first few hundred rows),
    at least its longest header word (headers wrap between words) and at
    most 40 characters for text (a long practice or topic wraps), so every
    column gets room for what it says.  A text column that cannot wrap (an
    id, a module: no cell has a space) gets 0, which the template reads as
    "as wide as its widest cell", so a share of the page never cuts into it.
    """
    result: list[int] = []
    for header, column, number in zip(headers, texts, numeric, strict=True):
        sample = column[:300]
        longest = max((len(text) for text in sample), default=1)
        if not number and longest <= _UNBROKEN and not any(" " in text for text in sample):
            result.append(0)
            continue
        word = max((len(w) for w in header.split()), default=1)
        result.append(max(word, longest if number else min(longest, 40), 2) + 2)
    return result


APPENDIX_PART_ROWS = 400
"""Rows of the appendix a part of the report holds (about twenty landscape pages)."""


def appendix_rows(
    tables: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The appendix's tables without their rows, and the rows of all of them in one list.

    The report is compiled in parts (``render/pdf.py``): the template gets the
    rows a part at a time, each saying its table (``t``) and whether it is that
    table's first row (``first``: its title goes above it); a table without
    rows is one row with no ``cells`` ("Nobody.").
    """
    heads: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for index, table in enumerate(tables):
        body = table.get("rows", [])
        heads.append({key: value for key, value in table.items() if key != "rows"})
        if not body:
            rows.append({"t": index, "first": True, "last": True, "cells": None})
        last = len(body) - 1
        rows.extend(
            {"t": index, "first": i == 0, "last": i == last, "cells": cells}
            for i, cells in enumerate(body)
        )
    return heads, rows


_UNBROKEN = 24
"""The longest text without a space that keeps its own width rather than a share."""


class PdfFormat(Formatter):
    """The printed report."""

    name = "pdf"
    suffixes = (".pdf",)
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The PDF's bytes."""
        from ukmtool.render.pdf import Printer, Section

        printed = report.printed
        if printed is None:
            raise UsageError(
                _("There is no printed form of this output."),
                hint=_("ukm report --format pdf prints the reports."),
            )
        payload = dict(printed.payload)
        body, appendix = [], list(payload.pop("appendix_tables", []))
        for table in report.tableset.tables:
            if table.name in printed.left_out:
                continue
            if table.name in printed.appendix:
                appendix.append(pdf_table(table, printed.names))
            else:
                body.append(pdf_table(table))
        payload["tables"] = body
        payload["appendix"], rows = appendix_rows(appendix)
        with Printer() as printer:
            section = Section(printed.template, payload, rows, part_rows=APPENDIX_PART_ROWS)
            return printer.pdf([section], printed.folder)
