"""One value of one column as text: for people (translated) or for files (stable English)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ukmtool.core.reports.tabular import Kind, Miss, Ratio
from ukmtool.i18n import _
from ukmtool.render.console import clean

_SPACES = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")


def status_label(value: str) -> str:
    """A stable status word in the language of the output."""
    labels = {
        "completed": _("completed"),
        "in_progress": _("in progress"),
        "failed": _("failed"),
        "present": _("present"),
        "late": _("late"),
        "excused": _("excused"),
        "sick": _("sick"),
        "absent": _("absent"),
        "unmarked": _("not marked"),
        "yes": _("yes"),
        "no": _("no"),
        "gained": _("gained"),
        "lost": _("lost"),
        "kept": _("kept"),
        "not_yet": _("not yet"),
        "once": _("observed once"),
    }
    return labels.get(value, value)


def one_line(text: str) -> str:
    """``text`` safe for a terminal and on one line (control characters made visible)."""
    return clean(_SPACES.sub(" ", text))


def number_text(value: float) -> str:
    """2 -> "2", 2.5 -> "2.5"."""
    return str(int(value)) if float(value).is_integer() else str(value)


def screen_text(kind: Kind, value: Any) -> str:
    """How a person reads ``value`` in a table on a screen (or piped as plain text)."""
    if kind is Kind.GROUP and value is None:
        return _("(no tag)")
    if value is None:
        return ""
    if kind is Kind.PERCENT:
        assert isinstance(value, Ratio)
        pct = value.percent()
        return "-" if pct is None else f"{pct}%"
    if kind is Kind.FLAG:
        return _("yes") if value else ""
    if kind is Kind.STATUS:
        return status_label(str(value))
    if kind is Kind.MISSED:
        return ", ".join(f"{m.date.isoformat()} {status_label(m.status)}" for m in value)
    if kind is Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind is Kind.COUNTS:
        return " ".join(str(n) for n in value)
    if kind is Kind.SLASHED:
        return "/".join(str(n) for n in value)
    if kind is Kind.SIGNED and isinstance(value, int):
        return f"{value:+d}" if value else "0"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number_text(value)
    return one_line(str(value))


def export_value(kind: Kind, value: Any) -> Any:
    """``value`` for a file: numbers stay numbers, words stay English, text stays text.

    Returns an int, float, bool, date, str or None; each format writes it its way.
    """
    if value is None:
        return None
    if kind is Kind.PERCENT:
        assert isinstance(value, Ratio)
        return value.percent()
    if kind is Kind.FLAG:
        return bool(value)
    if kind is Kind.MISSED:
        return ", ".join(missed_text(m) for m in value)
    if kind is Kind.DATE:
        return value if isinstance(value, date) else str(value)
    if kind in (Kind.COUNTS, Kind.SLASHED):
        return screen_text(kind, value)
    if kind in (Kind.INT, Kind.AUTO, Kind.SIGNED) and isinstance(value, int | float):
        return value
    return clean(str(value))


def missed_text(miss: Miss) -> str:
    """``2017-12-20 sick`` (English, for files)."""
    return f"{miss.date.isoformat()} {miss.status}"


def flat_header(header: str) -> str:
    """A header on one line; a word broken with a hyphen at a line end is joined again."""
    return " ".join(header.replace("-\n", "").split())
