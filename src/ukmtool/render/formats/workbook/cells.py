"""How each kind of value becomes a cell: typed writes with number formats made once.

A workbook is for people: words (statuses, genders, yes/no) in the report's
language, numbers as numbers, money in Rupiah (``Rp15.000.000`` in Excel with
Indonesian settings), percentages as fractions shown ``84%``, dates as dates.
Every text is written as text (``write_string``): a name starting with ``=``
stays a name, never a formula.

Each column gets one writer (:func:`column_writer`), made once for its kind:
plain texts and counts go straight to XlsxWriter, any other value is turned
into its cell once per distinct value and that cell reused.  Writers return
XlsxWriter's code (0: written; negative: refused), as its own methods do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ukmtool.core.reports.figures import Ratio
from ukmtool.core.tables.tableset import ColumnKind, GenderCode, TotalLabel
from ukmtool.i18n import _
from ukmtool.localefmt import yes_no
from ukmtool.render.formats.cells import export_value, screen_text

NUMBER_FORMATS = {
    "count": "#,##0",
    "percent": "0%",
    "percent_change": "+0.0%;-0.0%;0.0%",
    "signed": "+#,##0;-#,##0;0",
    "score_change": "+General;-General;0",
    "rupiah": '"Rp"#,##0;-"Rp"#,##0',
    "rupiah_change": '+"Rp"#,##0;-"Rp"#,##0;"Rp"0',
    "date": "yyyy-mm-dd",
}
"""Excel's number formats by name; Excel shows the digits grouped as the computer's locale does."""
_BIG = 1000
"""Whole numbers from here on are shown grouped (``1.234``); below it they look the same."""
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_PLAIN_DAY = date(1900, 3, 1)
"""From this day on a date's serial number is days since 1899-12-30 (Excel's 1900 quirk before)."""
TEXT_LIMIT = 32_767
"""Excel's limit of a cell's text, in UTF-16 code units."""
_WORDS = frozenset({ColumnKind.STATUS, ColumnKind.GENDER, ColumnKind.MISSED})
"""Kinds written as words in the report's language."""

Write = Callable[[int, int, Any], int]
"""Writes one value into the cell at (row, column), both from 0; returns XlsxWriter's code."""
Cell = tuple[str, Any, str]
"""How a value is written: ``s`` text, ``n`` number, ``d`` date; the value; a number format."""


class Styles:
    """The formats of one workbook, made once: each number format plain and bold, the titles."""

    def __init__(self, book: Any) -> None:
        self.plain: dict[str, Any] = {"": None}
        self.bold: dict[str, Any] = {"": book.add_format({"bold": True})}
        for name, code in NUMBER_FORMATS.items():
            self.plain[name] = book.add_format({"num_format": code})
            self.bold[name] = book.add_format({"num_format": code, "bold": True})
        self.programme = book.add_format({"bold": True, "font_size": 14})
        self.heading = self.bold[""]
        self.day = book.add_format({"italic": True})
        self.header = book.add_format({"bold": True, "bottom": 1})


def word(kind: ColumnKind, value: Any) -> Any:
    """``value`` as a cell holds it: words in the report's language, else as for files."""
    if isinstance(value, TotalLabel):
        return _("total")
    if kind is ColumnKind.GROUP and value is None:
        return _("(no tag)")
    if value is None:
        return None
    if kind is ColumnKind.FLAG or isinstance(value, bool):
        return yes_no(bool(value))
    if kind in _WORDS or isinstance(value, GenderCode):
        return screen_text(kind, value)
    return export_value(kind, value)


def cell(kind: ColumnKind, value: Any) -> Cell | None:
    """How ``value`` of a ``kind`` column is written; None: the cell stays empty."""
    if value is None or isinstance(value, TotalLabel | str):
        pass
    elif isinstance(value, Ratio):
        return None if value.whole <= 0 else ("n", value.part / value.whole, "percent")
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int | float):
        if kind is ColumnKind.MONEY:
            return ("n", value, "rupiah")
        if kind is ColumnKind.MONEY_CHANGE:
            return ("n", value, "rupiah_change")
        if kind is ColumnKind.PERCENT_CHANGE:
            return ("n", value / 100, "percent_change")
        if kind is ColumnKind.SIGNED:
            return ("n", value, "signed")
        if kind is ColumnKind.YEAR:
            return ("n", value, "")  # a number shown 2017, never grouped
        if kind is ColumnKind.SCORE_CHANGE:
            return ("n", value, "score_change")  # a gain of 12.5 points: +12.5
    out = word(kind, value)
    if out is None:
        return None
    if isinstance(out, int | float) and not isinstance(out, bool):
        big = isinstance(out, int) and abs(out) >= _BIG
        return ("n", out, "count" if big else "")
    if isinstance(out, date):
        if out < _FIRST_PLAIN_DAY:
            return ("d", out, "date")
        return ("n", out.toordinal() - _EXCEL_EPOCH, "date")
    text = fit(str(out))
    return ("s", text, "") if text else None


def fit(text: str) -> str:
    """``text`` within Excel's limit of a cell, ending with ``…`` where it was cut."""
    if len(text) <= TEXT_LIMIT // 2:
        return text
    units = 0
    for position, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > TEXT_LIMIT - 1:
            return text[:position] + "…"
    return text


def write_cell(sheet: Any, styles: dict[str, Any], row: int, col: int, how: Cell | None) -> int:
    """Write one prepared cell with ``styles`` (``Styles.plain`` or ``Styles.bold``)."""
    if how is None:
        return 0
    what, value, number_format = how
    style = styles[number_format]
    if what == "s":
        code: int = sheet.write_string(row, col, value, style)
    elif what == "n":
        code = sheet.write_number(row, col, value, style)
    else:
        code = sheet.write_datetime(row, col, value, style)
    return code


_ATOMS = frozenset({str, int, float, date})
_MEMO_SIZE = 100_000


def column_writer(sheet: Any, kind: ColumnKind, styles: Styles) -> Write:
    """The writer of one column of ``kind`` (see the module): the work per cell kept small."""
    string: Callable[..., int] = sheet.write_string
    number: Callable[..., int] = sheet.write_number
    plain = styles.plain

    def write_any(r: int, c: int, value: Any) -> int:
        return write_cell(sheet, plain, r, c, cell(kind, value))

    if kind in (ColumnKind.TEXT, ColumnKind.CODE):

        def write_text(r: int, c: int, value: Any) -> int:
            # printable text (no control, bidi or line-break character) is written as it is
            if value.__class__ is str and value.isprintable() and len(value) <= TEXT_LIMIT // 2:
                return string(r, c, value) if value else 0
            return write_any(r, c, value)

        return write_text
    if kind is ColumnKind.INT:
        grouped = plain["count"]

        def write_int(r: int, c: int, value: Any) -> int:
            if value.__class__ is int:
                return number(r, c, value, grouped if value <= -_BIG or value >= _BIG else None)
            return write_any(r, c, value)

        return write_int
    if kind is ColumnKind.PERCENT:
        percent = plain["percent"]

        def write_ratio(r: int, c: int, value: Any) -> int:
            if value.__class__ is Ratio:
                whole = value.whole
                return number(r, c, value.part / whole, percent) if whole > 0 else 0
            return write_any(r, c, value)

        return write_ratio
    memo: dict[Any, tuple[Callable[..., int], Any, Any] | None] = {}
    methods = {"s": string, "n": number, "d": sheet.write_datetime}

    def prepared(value: Any) -> tuple[Callable[..., int], Any, Any] | None:
        how = cell(kind, value)
        if how is None:
            return None
        return (methods[how[0]], how[1], plain[how[2]])

    def write_once(r: int, c: int, value: Any) -> int:
        # the rows keep every value alive while the sheet is written: an id is not reused
        key = (value.__class__, value) if value.__class__ in _ATOMS else id(value)
        try:
            op = memo[key]
        except KeyError:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            op = memo[key] = prepared(value)
        return 0 if op is None else op[0](r, c, op[1], op[2])

    return write_once


def shown_width(how: Cell | None) -> int:
    """About how many characters a cell (as :func:`cell` makes it) takes: its longest line."""
    if how is None:
        return 0
    what, out, number_format = how
    if number_format == "date":
        return 10
    if number_format.startswith("percent"):
        return 6
    if what == "n":
        text = f"{out:,}" if isinstance(out, int) else str(out)
        return len(text) + (3 if number_format.startswith("rupiah") else 0)
    return max((len(line) for line in str(out).splitlines()), default=0)
