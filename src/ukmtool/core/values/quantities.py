"""Hours and counts of people as offices write them: one reader each.

Hours (a visit, a session): ``1.5``, ``1,5`` (the Indonesian decimal comma,
as ukm prints it: ``1,5 jam``), ``2 jam``, ``90 menit``, ``1 jam 30 menit``,
``1:30``.  ``1.500`` and ``1,500`` are refused: grouped thousands or three
decimals, nobody can tell.

People (employees): ``3``, ``3 orang``, ``±5``, ``kurang lebih 5``, ``5 org.``,
``3 (suami istri)``, and ``1.000`` / ``1,000`` (a count has no fraction, so
a dot or comma before three digits can only group thousands).  A range
(``3-5``) or a fraction (``1,5 orang``) is refused.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from ukmtool.core.fields import ValueProblem, plain_text
from ukmtool.i18n import _

MAX_DIGITS = 15
"""More than any count or number of hours in a programme; keeps ``int()`` cheap."""

_DECIMAL = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?|[.,]([0-9]+)")
_HOURS_WORD = r"(?:jam|j|hours?|hrs?|h)"
_MINUTES_WORD = r"(?:menit|mnt|minutes?|mins?|m)"
_HOURS = re.compile(rf"(?P<n>[0-9.,]+)\s*{_HOURS_WORD}?\.?", re.IGNORECASE)
_MINUTES = re.compile(rf"(?P<n>[0-9]+)\s*{_MINUTES_WORD}\.?", re.IGNORECASE)
_HOURS_MINUTES = re.compile(
    rf"(?P<h>[0-9]+)\s*{_HOURS_WORD}\.?\s*(?:dan\s+|and\s+)?(?P<m>[0-9]+)\s*{_MINUTES_WORD}\.?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?P<h>[0-9]{1,2}):(?P<m>[0-5][0-9])")
_ABOUT = r"(?:±|\+/-|\+-|kurang lebih|kl\.?|sekitar|kira-kira|kurleb|\+|~|lebih dari)"
_PEOPLE_WORD = r"(?:orang|org|jiwa|tk|pekerja|karyawan|people|persons?|employees?|staff)"
_PEOPLE = re.compile(
    rf"(?:{_ABOUT}\s*)?(?P<n>[0-9][0-9.,]*)\s*(?:{_PEOPLE_WORD})?\.?(?:\s*\([^()]*\))?",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(r"[-\u2212]\s*[0-9]")
_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_RANGE = re.compile(r"[0-9]+\s*(?:-|–|s/?d|sampai|to)\s*[0-9]+.*", re.IGNORECASE)


def hours(value: Any) -> float:
    """A number of hours above 0, in any of the forms above."""
    if isinstance(value, bool):
        raise _not_hours(str(value))
    if isinstance(value, int | float):
        if not math.isfinite(value) or value <= 0:
            raise _not_positive(repr(value))
        return float(value)
    raw = plain_text(value)
    if not raw:
        raise ValueProblem(_("A number of hours is needed here."), _hours_hint())
    text = " ".join(raw.split())
    if match := _HOURS_MINUTES.fullmatch(text) or _CLOCK.fullmatch(text):
        result = int(match["h"]) + _minutes(match["m"], raw) / 60
    elif match := _MINUTES.fullmatch(text):
        result = _minutes(match["n"], raw, limit=False) / 60
    elif match := _HOURS.fullmatch(text):
        result = _decimal(match["n"], raw)
    else:
        if text.startswith("-"):
            raise _not_positive(raw)
        raise _not_hours(raw)
    if result <= 0:
        raise _not_positive(raw)
    return result


def _minutes(text: str, raw: str, *, limit: bool = True) -> int:
    if len(text) > MAX_DIGITS:
        raise _too_large(raw)
    minutes = int(text)
    if limit and minutes >= 60:
        raise ValueProblem(_("'{value}': an hour has 60 minutes.").format(value=raw), _hours_hint())
    return minutes


def _decimal(text: str, raw: str) -> float:
    """``1.5``, ``1,5``, ``2``, ``.5``; three digits after one mark are refused as unclear."""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        raise _not_hours(raw)
    whole, fraction = match[1] or "0", match[2] if match[1] else match[3]
    if len(whole) > MAX_DIGITS:
        raise _too_large(raw)
    if fraction is not None and len(fraction) == 3 and match[1]:
        mark = text[len(whole)]
        raise ValueProblem(
            _("'{value}' is unclear: thousands grouped with '{mark}', or three decimals.").format(
                value=raw, mark=mark
            ),
            _("For one and a half hours write 1,5 or 1.5."),
        )
    return float(Decimal(whole + ("." + fraction if fraction else "")))


def _hours_hint() -> str:
    return _("Write it as 1,5 or 1.5 (hours), 2 jam or 90 menit.")


def _not_hours(raw: str) -> ValueProblem:
    return ValueProblem(_("'{value}' is not a number of hours.").format(value=raw), _hours_hint())


def _not_positive(raw: str) -> ValueProblem:
    return ValueProblem(_("This must be more than 0, not {value}.").format(value=raw))


def _too_large(raw: str) -> ValueProblem:
    return ValueProblem(
        _("'{value}' is far too large.").format(value=raw[:20] + "..."),
        _("Check the value: it has only a few digits."),
    )


def people(value: Any) -> int:
    """A count of people, 0 or more, in any of the forms above."""
    if isinstance(value, bool):
        raise _not_people(str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return _count(value, str(value))
    raw = plain_text(value)
    if not raw:
        raise ValueProblem(_("A number is needed here."), _people_hint())
    text = " ".join(raw.split())
    if _NEGATIVE.match(text):
        raise ValueProblem(_("'{value}' is below 0: a count of people.").format(value=raw))
    match = _PEOPLE.fullmatch(text)
    if match is None:
        if _RANGE.fullmatch(text):
            raise ValueProblem(
                _("'{value}' is a range; ukm needs one number.").format(value=raw),
                _("Write the number there is now, for example 4."),
            )
        if text.endswith("%"):
            raise ValueProblem(
                _("'{value}' is not a number.").format(value=raw),
                _("Leave out the % sign: {plain}.").format(plain=text.rstrip("% ")),
            )
        raise _not_people(raw)
    number = match["n"].rstrip(".,")
    if number.isdigit():
        digits = number
    elif _GROUPED.fullmatch(number):
        digits = number.replace(".", "").replace(",", "")
    else:
        raise ValueProblem(
            _("'{value}' is not a whole number of people.").format(value=raw), _people_hint()
        )
    if len(digits) > MAX_DIGITS:
        raise ValueProblem(
            _("This number has {count} digits: far too large.").format(count=len(digits)),
            _("Check the value: a count has only a few digits."),
        )
    return _count(int(digits), raw)


def _count(number: int, raw: str) -> int:
    if number < 0:
        raise ValueProblem(_("'{value}' is below 0: a count of people.").format(value=raw))
    if number >= 10**MAX_DIGITS:
        raise ValueProblem(
            _("This number has {count} digits: far too large.").format(count=len(str(number))),
            _("Check the value: a count has only a few digits."),
        )
    return number


def _people_hint() -> str:
    return _("Write how many people, for example 3 or 3 orang.")


def _not_people(raw: str) -> ValueProblem:
    return ValueProblem(_("'{value}' is not a number of people.").format(value=raw), _people_hint())
