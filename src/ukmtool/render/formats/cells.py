"""One value of one column as text: for people (translated) or for files (stable English)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from ukmtool.core.reports.figures import Miss, Ratio
from ukmtool.core.tables.tableset import ColumnKind, GenderCode, TotalLabel
from ukmtool.i18n import _
from ukmtool.localefmt import (
    format_date,
    format_decimal,
    format_number,
    format_percent_figure,
    format_rupiah,
    gender_label,
    status_label,
    yes_no,
)
from ukmtool.render.console import clean, clean_keep_lines

_SPACES = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")


def status_text(code: str) -> str:
    """A status code (``in_progress``, ``sick``, ``unmarked``) in the language of the output."""
    try:
        return status_label(code)
    except KeyError:  # a word this version has no name for: shown as it is
        return one_line(code)


def one_line(text: str) -> str:
    """``text`` safe for a terminal and on one line (control characters made visible)."""
    return clean(_SPACES.sub(" ", text))


def screen_text(kind: ColumnKind, value: Any) -> str:
    """How a person reads ``value`` on a screen, piped as plain text, or in Markdown.

    In the language of the output: ``13 Desember 2017``, ``1.234``, ``75%``,
    ``berjalan``, ``ya``; files (CSV, JSON, Excel) use :func:`export_value`.
    """
    if isinstance(value, TotalLabel):
        return _("total")
    if kind is ColumnKind.GROUP and value is None:
        return _("(no tag)")
    if value is None:
        return ""
    if kind is ColumnKind.PERCENT:
        assert isinstance(value, Ratio)
        pct = value.percent()
        return "-" if pct is None else format_percent_figure(pct)
    if kind is ColumnKind.FLAG:
        return yes_no(True) if value else ""
    if kind is ColumnKind.STATUS:
        return status_text(str(value))
    if kind is ColumnKind.GENDER or isinstance(value, GenderCode):
        return one_line(gender_label(str(value)))
    if kind is ColumnKind.MISSED:
        return ", ".join(f"{format_date(m.date)} {status_text(m.status)}" for m in value)
    if kind is ColumnKind.COUNTS:
        return " ".join(format_number(n) for n in value)
    if kind is ColumnKind.SLASHED:
        return "/".join(format_number(n) for n in value)
    if kind is ColumnKind.YEAR and isinstance(value, int):
        return str(value)  # 2017, never grouped as 2.017
    if kind is ColumnKind.SIGNED and isinstance(value, int):
        return f"{value:+d}" if value else "0"
    if kind in (ColumnKind.MONEY, ColumnKind.MONEY_CHANGE) and isinstance(value, int):
        return format_rupiah(value, signed=kind is ColumnKind.MONEY_CHANGE)
    if kind is ColumnKind.PERCENT_CHANGE and isinstance(value, int | float):
        sign = "+" if value > 0 else ""
        return sign + format_decimal(float(value)) + "%"
    if kind is ColumnKind.SCORE_CHANGE and isinstance(value, int | float):
        return ("+" if value > 0 else "") + format_decimal(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return format_decimal(value)
    if isinstance(value, date):
        return format_date(value)
    return one_line(str(value))


def export_value(kind: ColumnKind, value: Any) -> Any:
    """``value`` for a file: numbers stay numbers, words stay English, text stays text.

    Returns an int, float, bool, date, str or None; each format writes it its way.
    """
    if value is None:
        return None
    if kind is ColumnKind.PERCENT:
        assert isinstance(value, Ratio)
        return value.percent()
    if kind is ColumnKind.FLAG:
        return bool(value)
    if kind is ColumnKind.MISSED:
        return ", ".join(missed_text(m) for m in value)
    if kind is ColumnKind.DATE or (kind is ColumnKind.AUTO and isinstance(value, date)):
        return value if isinstance(value, date) else str(value)
    if kind is ColumnKind.COUNTS:
        return " ".join(str(n) for n in value)
    if kind is ColumnKind.SLASHED:
        return "/".join(str(n) for n in value)
    if kind in _NUMBERS and isinstance(value, int | float):
        return value
    return clean_keep_lines(str(value))


_NUMBERS = frozenset(
    {
        ColumnKind.INT,
        ColumnKind.YEAR,
        ColumnKind.AUTO,
        ColumnKind.SIGNED,
        ColumnKind.MONEY,
        ColumnKind.MONEY_CHANGE,
        ColumnKind.PERCENT_CHANGE,
        ColumnKind.SCORE,
        ColumnKind.SCORE_CHANGE,
    }
)


def missed_text(miss: Miss) -> str:
    """``2017-12-20 sick`` (English, for files)."""
    return f"{miss.date.isoformat()} {miss.status}"


def flat_header(header: str) -> str:
    """A header on one line; a word broken after a hyphen or a slash is joined again."""
    return " ".join(header.replace("-\n", "").replace("/\n", "/").split())


_ATOMS = (str, int, float, bool, date, type(None))


def each_once(convert: Callable[[Any], str], values: Iterable[Any]) -> list[str]:
    """``convert`` of each value, in order; a value seen before is converted once.

    Equal numbers, texts and dates (of one type) give one text; any other value
    (a ratio, the sessions missed) by identity: a long report's rows share them.
    """
    done: dict[tuple[Any, Any], str] = {}
    texts = []
    for value in values:
        # ``values`` keeps every value alive, so an id is not reused meanwhile
        key = (value.__class__, value) if isinstance(value, _ATOMS) else (None, id(value))
        text = done.get(key)
        if text is None:
            text = done[key] = convert(value)
        texts.append(text)
    return texts
