"""The xlsx floor: XlsxWriter alone writing the cells of a workbook, nothing else.

    python benchmarks/floor_xlsx.py CELLS OUT.xlsx [--links-as-text]

CELLS is what ``bench_xlsx.py`` took out of a workbook ukm wrote (``marshal``:
per sheet its name and its cells, each row, column, type, value and number
format, and the WhatsApp links). This process loads it and writes the same
cells with XlsxWriter in ``constant_memory`` mode, the way a program that
already holds its values would: typed calls (``write_string``,
``write_number``, ``write_datetime``, ``write_url``), one format object per
number format made up front, rows in order. No title block logic, no widths,
no charts, no report: the cost of the cells themselves.

The whole process (start-up, import, reading CELLS) is the floor a fresh
process cannot beat; the CPU of the writing alone, from the first cell to
the closed file, goes to stderr as ``write cpu: SECONDS``: what XlsxWriter
costs for these cells whatever program calls it. ``--links-as-text`` writes
each link's text as a plain string instead, to show what the links cost.
"""

from __future__ import annotations

import marshal
import resource
import sys
from datetime import date


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    source, target = sys.argv[1], sys.argv[2]
    links_as_text = "--links-as-text" in sys.argv[3:]
    import xlsxwriter

    with open(source, "rb") as handle:
        sheets = marshal.load(handle)
    start = _cpu()
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    formats: dict[str, object] = {}

    def style(code: str) -> object:
        if code not in formats:
            formats[code] = book.add_format({"num_format": code}) if code else None
        return formats[code]

    for name, cells in sheets:
        sheet = book.add_worksheet(name)
        string, number = sheet.write_string, sheet.write_number
        day, url, boolean = sheet.write_datetime, sheet.write_url, sheet.write_boolean
        fromordinal = date.fromordinal
        for row, col, kind, value, code in cells:
            fmt = style(code)
            if kind == "s":
                string(row, col, value, fmt)
            elif kind == "n":
                number(row, col, value, fmt)
            elif kind == "d":
                day(row, col, fromordinal(value), fmt)
            elif kind == "b":
                boolean(row, col, value, fmt)
            elif links_as_text:  # "u": a link, value = (target, text)
                string(row, col, value[1], fmt)
            else:
                url(row, col, value[0], None, value[1])
    book.close()
    print(f"write cpu: {_cpu() - start:.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
