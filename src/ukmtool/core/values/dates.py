"""Dates as offices write them: the one reader of a day, for options, prompts, imports and files.

``2017-12-13`` (ISO, what ukm writes), ``13/12/2017``, ``13-12-2017`` and
``13.12.2017`` (day first, as Indonesian Excel writes it), ``2017/12/13``,
and the way ukm prints a date: ``13 Desember 2017`` / ``13 December 2017``
(also ``13 Des 2017``, ``13-Des-2017``).  A spreadsheet cell that holds a
date comes as a ``date``.  A two-digit year (``13/12/17``) is refused: ukm
does not guess the century.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ukmtool.core.fields import ValueProblem, plain_text
from ukmtool.i18n import _

LATEST_DATE = date(9000, 12, 31)
"""Dates after this are refused: room for any span ukm adds to a date (weeks, years)."""

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_WITH_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]00:00(?::00(?:\.0+)?)?")
_YEAR_FIRST = re.compile(r"([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_SHORT_YEAR = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{2})")
_NAMED = re.compile(r"([0-9]{1,2})[ -]+([^\W\d_]+)\.?[ -]+([0-9]{4})")

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"),
        ("februari", "february", "feb", "pebruari", "peb"),
        ("maret", "march", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "ags", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number


def day(value: Any) -> date:
    """The date ``value`` names, in any of the forms above; refused with what to write instead."""
    if isinstance(value, datetime):
        return _checked(value.date(), value.date().isoformat())
    if isinstance(value, date):
        return _checked(value, value.isoformat())
    raw = plain_text(value)
    if not raw:
        raise ValueProblem(_("A date is needed here."), _("Write it as 2017-12-13 or 13/12/2017."))
    text = " ".join(raw.split())
    if (
        match := _ISO.fullmatch(text)
        or _ISO_WITH_TIME.fullmatch(text)
        or _YEAR_FIRST.fullmatch(text)
    ):
        year, month, number = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        number, month, year = int(match[1]), int(match[3]), int(match[4])
        if month > 12 and number <= 12:
            raise ValueProblem(
                _("'{value}' has no month {month}: ukm reads a date day first.").format(
                    value=raw, month=month
                ),
                _("For 13 December 2017 write 13/12/2017 or 2017-12-13."),
            )
    elif match := _SHORT_YEAR.fullmatch(text):
        raise ValueProblem(
            _("'{value}' has a two-digit year.").format(value=raw),
            _("Write the year in full: {fixed}.").format(
                fixed=f"{match[1]}{match[2]}{match[3]}{match[2]}20{match[4]}"
            ),
        )
    elif (match := _NAMED.fullmatch(text)) and match[2].casefold() in _MONTHS:
        number, month, year = int(match[1]), _MONTHS[match[2].casefold()], int(match[3])
    else:
        raise ValueProblem(
            _("'{value}' is not a date ukm can read.").format(value=raw),
            _("For 13 December 2017 write 2017-12-13, 13/12/2017 or 13 Desember 2017."),
        )
    try:
        found = date(year, month, number)
    except ValueError:
        raise ValueProblem(
            _("{value} is not a date that exists.").format(value=raw),
            _("Check the day and the month."),
        ) from None
    return _checked(found, raw)


def _checked(found: date, raw: str) -> date:
    if found > LATEST_DATE:  # a typo; and weeks added to it would run past the calendar
        raise ValueProblem(
            _("{value} is too far in the future.").format(value=raw),
            _("ukm takes dates up to {latest}; check the year.").format(
                latest=LATEST_DATE.isoformat()
            ),
        )
    return found


_TIME = re.compile(
    r"(?P<h1>[0-9]{1,2})[.:](?P<m1>[0-9]{2})"
    r"(?:\s*(?:-|–|—|s\.?\s?d\.?|sampai|until|to)\s*(?P<h2>[0-9]{1,2})[.:](?P<m2>[0-9]{2}))?"
    r"(?:\s*(?P<zone>WIB|WITA|WIT))?",
    re.IGNORECASE,
)


def session_time(value: Any) -> str:
    """A session's time of day: ``08.00-12.00`` (or ``08:00 - 12:00 WIB``, or a start alone).

    Kept as ``HH.MM-HH.MM`` (and `` WIB``/``WITA``/``WIT`` when written), the
    end after the start.
    """
    if not isinstance(value, str):
        raise ValueProblem(
            _("'{value}' is not a time of day.").format(value=value),
            _('Write it with a dot and in quotes, for example time: "08.00-12.00".'),
        )
    raw = " ".join(value.split())
    found = _TIME.fullmatch(raw)
    if found is None:
        raise ValueProblem(
            _("'{value}' is not a time of day.").format(value=raw[:40]),
            _('Write the start and the end, for example time: "08.00-12.00".'),
        )
    start = (int(found["h1"]), int(found["m1"]))
    end = (int(found["h2"]), int(found["m2"])) if found["h2"] else None
    for hour, minute in (start, end) if end else (start,):
        if hour > 23 or minute > 59:
            raise ValueProblem(
                _("'{value}' is not a time of day.").format(value=raw),
                _("Hours go from 00 to 23 and minutes from 00 to 59."),
            )
    if end is not None and end <= start:
        raise ValueProblem(
            _("The session ends before it starts: '{value}'.").format(value=raw),
            _('Write the start first, for example time: "08.00-12.00".'),
        )
    text = f"{start[0]:02d}.{start[1]:02d}"
    if end is not None:
        text += f"-{end[0]:02d}.{end[1]:02d}"
    if found["zone"]:
        text += " " + found["zone"].upper()
    return text


def day_until(text: str, today: date, hint: str) -> date:
    """``text`` as a date (any form :func:`day` reads), empty meaning ``today``; later refused.

    ``hint`` says when it may be recorded (a visit once it happened, figures once measured).
    """
    if not text:
        return today
    found = day(text)
    if found > today:
        raise ValueProblem(
            _("{date} is after today ({today}).").format(
                date=found.isoformat(), today=today.isoformat()
            ),
            hint,
        )
    return found
