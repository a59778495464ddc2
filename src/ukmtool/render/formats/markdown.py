r"""``--format md``: every table of the report as a Markdown (GitHub) table.

A report for people, in the language of the output as on a terminal: each
table has one header row (the headers people read) and every row, with
dates, numbers, percentages, statuses and yes/no as ``ukmtool.localefmt``
writes them (``13 Desember 2017``, ``1.234``, ``75%``, ``selesai``,
``ya``/``tidak``); facts are a two-column table.  Characters Markdown would
read as formatting (``| \ * _ ` [ ] < > # ~``) are escaped with a backslash,
so the text shows as written.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from ukmtool.core.tables.tableset import ColumnKind, Table, Where
from ukmtool.i18n import _
from ukmtool.localefmt import yes_no
from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.cells import each_once, flat_header, one_line, screen_text

_SPECIAL = re.compile(r"([\\|*_`\[\]<>#~])")


_NUMERIC = frozenset(
    {
        ColumnKind.INT,
        ColumnKind.PERCENT,
        ColumnKind.SIGNED,
        ColumnKind.MONEY,
        ColumnKind.MONEY_CHANGE,
        ColumnKind.PERCENT_CHANGE,
        ColumnKind.SCORE,
        ColumnKind.SCORE_CHANGE,
    }
)
"""Columns aligned right."""


def escape(text: str) -> str:
    """``text`` on one line with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def md_cell(kind: ColumnKind, value: Any) -> str:
    """One value as Markdown text, as a person reads it in the language of the output."""
    if kind is ColumnKind.FLAG:
        return "" if value is None else yes_no(bool(value))
    return escape(screen_text(kind, value))


def _table_lines(table: Table) -> list[str]:
    if table.facts:
        header = [_("item"), _("value")]
        body: list[tuple[str, ...]] = [
            (escape(str(name)), md_cell(kind, value))
            for _k, _label, value, _t, name, kind in table.rows
        ]
        numeric = [False, False]
    else:
        shown = table.visible(Where.EXPORT)
        columns = [table.columns[i] for i in shown]
        header = [escape(flat_header(c.header)) for c in columns]
        texts = [
            each_once(partial(md_cell, c.kind), [row[i] for row in table.rows])
            for c, i in zip(columns, shown, strict=True)
        ]
        body = list(zip(*texts, strict=True)) if texts else [() for _row in table.rows]
        numeric = [c.kind in _NUMERIC for c in columns]
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    lines.extend("| " + " | ".join(cells) + " |" for cells in body)
    return lines


class MarkdownFormat(Formatter):
    """Every table, each under its title, with its notes."""

    name = "md"
    suffixes = (".md", ".markdown")

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The Markdown text, UTF-8."""
        tableset = report.tableset
        lines = ["# " + escape(tableset.title), ""]
        for table in tableset.tables:
            lines += ["## " + escape(table.title), ""]
            lines += _table_lines(table)
            for note in [*table.notes, *table.advice]:
                lines += ["", escape(note)]
            lines.append("")
        return "\n".join(lines).encode("utf-8")
