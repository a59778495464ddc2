"""Test scores as offices write them: a number from 0 to 100, whole or with one decimal.

A pre-test or post-test is marked out of 100: ``80``, ``82,5`` (the
Indonesian decimal comma, as ukm prints it), ``82.5``, ``80 %``, ``80/100``,
and a cell Excel holds as a number (``82.5``, ``80.0``).  ``82,50`` is 82.5.
A score is kept with at most one decimal: ``83,33`` (an average pasted from
a formula) is refused with the rounded value to write instead, never rounded
quietly; so is a value below 0 or above 100, and ``1.500`` (thousands, or
three decimals: nobody can tell).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from ukmtool.core.fields import ValueProblem, plain_text
from ukmtool.i18n import _

HIGHEST = 100
"""A test is marked out of 100."""

ScoreValue = int | float
"""A score as ukm keeps it: an int when whole, else a float with one decimal."""

_NUMBER = re.compile(r"([0-9]{1,6})(?:[.,]([0-9]+))?")
_OUT_OF = re.compile(r"(?P<n>.+?)\s*/\s*100")
_PERCENT = re.compile(r"(?P<n>.+?)\s*%")


def score(value: Any) -> ScoreValue:
    """A score from 0 to 100, whole or with one decimal, in any of the forms above."""
    if isinstance(value, bool):
        raise _not_a_score(str(value))
    if isinstance(value, int | float):
        return _number(value, repr(value))
    raw = plain_text(value)
    if not raw:
        raise ValueProblem(_("A score is needed here."), _hint())
    text = " ".join(raw.split())
    for form in (_OUT_OF, _PERCENT):
        match = form.fullmatch(text)
        if match is not None:
            text = match["n"]
            break
    if text.startswith(("-", "\u2212")) and _NUMBER.fullmatch(text[1:].strip()):
        raise _outside(raw)
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise _not_a_score(raw)
    whole, fraction = match[1], match[2]
    if fraction is not None and len(fraction) >= 3:
        raise ValueProblem(
            _("'{value}' is unclear: thousands grouped, or three decimals.").format(value=raw),
            _hint(),
        )
    number = Decimal(whole + ("." + fraction if fraction else ""))
    return _checked(number, raw)


def _number(value: int | float, raw: str) -> ScoreValue:
    if isinstance(value, float) and not math.isfinite(value):
        raise _not_a_score(raw)
    # a cell Excel holds as 82.5 may reach us as 82.49999999999999: its shortest repr
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, float) and abs(value * 10 - round(value * 10)) < 1e-9:
        number = Decimal(round(value * 10)) / 10
    shown = format(number.normalize(), "f") if isinstance(value, float) else str(value)
    return _checked(number, shown)


def _checked(number: Decimal, raw: str) -> ScoreValue:
    if number < 0 or number > HIGHEST:
        raise _outside(raw)
    tenths = number * 10
    if tenths != tenths.to_integral_value():
        rounded = number.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
        raise ValueProblem(
            _("'{value}' has more than one decimal.").format(value=raw),
            _("A score is kept whole or with one decimal: write {rounded}.").format(
                rounded=format(rounded.normalize(), "f")
            ),
        )
    if tenths % 10 == 0:
        return int(number)
    return float(number)


def tenths(value: ScoreValue) -> int:
    """``value`` in tenths of a point (82.5 -> 825): sums of scores are exact."""
    return round(value * 10)


def _hint() -> str:
    return _("Write a score from 0 to 100, for example 80 or 82,5.")


def _not_a_score(raw: str) -> ValueProblem:
    return ValueProblem(_("'{value}' is not a score.").format(value=raw), _hint())


def _outside(raw: str) -> ValueProblem:
    return ValueProblem(
        _("{value} is outside 0-100: a test is scored out of 100.").format(value=raw),
        _("Write the score out of 100 (convert a test marked out of 10 or 50 first)."),
    )
