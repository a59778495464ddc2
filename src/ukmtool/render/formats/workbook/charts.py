"""Native Excel charts of a workbook's figures, on its summary sheet (else beside their table).

Completion (completed, in progress, failed) of every table that has it per
module or per group, and attendance per session; each chart reads its
table's own cells, so it follows them when someone edits the sheet.  (In
constant-memory mode XlsxWriter keeps no cells to cache in the chart: Excel
and LibreOffice draw it from the cells when the file opens.)
"""

from __future__ import annotations

from typing import Any

from ukmtool.core.tables.tableset import TotalLabel
from ukmtool.render.formats.cells import flat_header
from ukmtool.render.formats.workbook.sheets import HEADER_ROW, Placed

_COMPLETION = ("completed", "in_progress", "failed")
_LABELS = ("title", "group", "district", "sector", "gender", "tag", "session")
"""Columns that name a chart's bars, the first a table has."""
CHART_ROWS = 18
"""Rows of the summary sheet each chart takes."""
_SIZE = {"width": 680, "height": 302}
"""18 x 8 cm."""


def add_charts(book: Any, placed: list[Placed]) -> None:
    """Add the charts of every sheet in ``placed`` (see the module)."""
    summary = next((p for p in placed if p.table.name == "summary"), None)
    count = 0
    for one in placed:
        table = one.table
        if table.facts:
            continue
        keys = [table.columns[i].key for i in one.shown]
        label = next((k for k in _LABELS if k in keys), None)
        if label is None:
            continue
        if all(k in keys for k in _COMPLETION):
            series, stacked = list(_COMPLETION), True
        elif table.name == "sessions" and {"attended", "counted"} <= set(keys):
            series, stacked = ["counted", "attended"], False
        else:
            continue
        own_total = any(isinstance(v, TotalLabel) for v in table.rows[-1]) if table.rows else False
        rows = len(table.rows) - own_total  # a table's own total row is no bar
        if rows < 1:
            continue
        chart = book.add_chart(
            {"type": "bar", "subtype": "stacked"} if stacked else {"type": "bar"}
        )
        chart.set_title({"name": table.title})
        chart.set_size(_SIZE)
        headers = {c.key: flat_header(c.header) for c in table.columns}
        first, last = HEADER_ROW, HEADER_ROW - 1 + rows  # the data rows, from 0
        names = keys.index(label)
        for key in series:
            values = keys.index(key)
            options: dict[str, Any] = {
                "name": headers[key],
                "categories": [one.name, first, names, last, names],
                "values": [one.name, first, values, last, values],
            }
            if stacked:
                options["overlap"] = 100
            chart.add_series(options)
        if summary is not None:
            summary.sheet.insert_chart(HEADER_ROW + count * CHART_ROWS, 3, chart)
            count += 1
        else:
            one.sheet.insert_chart(HEADER_ROW, len(keys) + 1, chart)
