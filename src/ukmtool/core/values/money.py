"""Sums of money as people write them, read as whole Rupiah.

An office writes omzet and modal in many ways: ``15000000``, ``15.000.000``,
``Rp 15.000.000,-``, ``Rp15jt``, ``15 juta``, ``1,5 juta``, ``1,2 M``,
``1,2 miliar``, ``500 rb``, and a spreadsheet hands over ``15000000.0``.
:func:`parse_rupiah` reads all of them as one whole number of Rupiah, and
refuses anything else with a :class:`~ukmtool.core.fields.ValueProblem` that
says what to write instead: for options, prompts, imports and the
programme's files alike (``ukm`` itself writes whole Rupiah, digits only).

How the number before a unit is read (Indonesian writing first):

- without a unit the number is whole Rupiah; ``.`` or ``,`` between groups
  of three digits groups them (``15.000.000``, ``15,000,000``); a last
  ``,00``, ``.00`` or ``,-`` after grouped digits is allowed and adds nothing;
- with a unit (``rb``/``ribu``, ``jt``/``juta``, ``M``/``miliar``) a comma is
  the decimal mark (``1,5 juta``); a dot is the decimal mark unless exactly
  three digits follow it (``1.5 jt`` but ``1.500 jt``); the result must come
  to whole Rupiah.

``M`` in capitals is miliar, as Indonesians write it; a lowercase ``m`` is
refused, since in English it means million.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ukmtool.core.fields import ValueProblem
from ukmtool.i18n import _

MAX_RUPIAH = 10**15
"""Anything above a thousand trillion Rupiah is a mistake (a pasted ID number, say)."""

_UNITS: dict[str, int] = {
    "rb": 10**3,
    "ribu": 10**3,
    "k": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "million": 10**6,
    "mio": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "billion": 10**9,
    "bn": 10**9,
}
_PREFIX = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)
_UNIT = re.compile(r"\s*([A-Za-z]+)\.?$")
_SPACE_GROUPS = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<sep>[.,])[0-9]{3})(?:(?P=sep)[0-9]{3})*")
_PLAIN = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"(?P<whole>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:[.,](?P<fraction>[0-9]+))?")
_ZERO_CENTS = re.compile(r"(?:[.,]0{1,2}|,-{1,2})$")


def parse_rupiah(value: Any) -> int:
    """``value`` (text, or a number from a spreadsheet cell) as whole Rupiah, 0 or more.

    Raises :class:`ValueProblem` (message and hint) for anything it cannot read
    exactly: an empty value, a negative sum, a fraction of a Rupiah, an unknown
    unit, or a number that is not written in one of the ways above.
    """
    if isinstance(value, bool):
        raise _not_money(str(value))
    if isinstance(value, int):
        return _checked(value, str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_money(repr(value))
        if not value.is_integer():
            raise _fraction(repr(value))
        return _checked(int(value), repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise _fraction(str(value))
        return _checked(int(value), str(value))
    if not isinstance(value, str):
        raise ValueProblem(_("Expected a single value, not a list or mapping."))
    raw = value.strip()
    if not raw:
        raise ValueProblem(
            _("A sum of money is needed here."), _("Write it in Rupiah, for example 15000000.")
        )
    text = raw
    if text.startswith(("-", "\u2212", "(")):
        raise ValueProblem(
            _("'{value}' is negative: a sum of money here is 0 or more.").format(value=raw)
        )
    text = _PREFIX.sub("", text).strip()
    unit_factor: int | None = None
    unit = _UNIT.search(text)
    if unit is not None:
        word = unit.group(1)
        factor = _unit_factor(word)
        if not text[: unit.start()].strip():
            raise _not_money(raw)
        if factor is None:
            raise _unknown_unit(raw, word)
        unit_factor = factor
        text = text[: unit.start()].strip()
    if text.startswith(("-", "\u2212")):
        raise ValueProblem(
            _("'{value}' is negative: a sum of money here is 0 or more.").format(value=raw)
        )
    if not text:
        raise _not_money(raw)
    if unit_factor is None:
        return _checked(_whole_rupiah(text, raw), raw)
    amount = _decimal_before_unit(text, raw) * unit_factor
    if amount != amount.to_integral_value():
        raise _fraction(raw)
    return _checked(int(amount), raw)


def _unit_factor(word: str) -> int | None:
    if word == "M":
        return 10**9
    if word == "m":
        return None
    return _UNITS.get(word.casefold())


def _whole_rupiah(text: str, raw: str) -> int:
    """A number written without a unit: whole Rupiah, maybe grouped."""
    text = _ZERO_CENTS.sub("", text) if _grouped_with_cents(text) else text
    if _SPACE_GROUPS.fullmatch(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    if _PLAIN.fullmatch(text):
        return _int(text, raw)
    if _GROUPED.fullmatch(text):
        return _int(text.replace(".", "").replace(",", ""), raw)
    if re.fullmatch(r"[0-9]+[.,][0-9]+", text):
        raise ValueProblem(
            _("'{value}' is not a whole number of Rupiah.").format(value=raw),
            _("Write whole Rupiah, or add the unit: {value} juta.").format(value=text),
        )
    raise _not_money(raw)


def _grouped_with_cents(text: str) -> bool:
    """``15.000.000,00``, ``15,000,000.00``, ``15.000.000,-``, ``15000000,00``."""
    match = _ZERO_CENTS.search(text)
    if match is None:
        return False
    body = text[: match.start()]
    if _PLAIN.fullmatch(body):
        return True
    grouped = _GROUPED.fullmatch(body)
    # the decimal mark must differ from the grouping mark: 15.000.000,00 but not 15.000.000.00
    return grouped is not None and grouped.group("sep") != match.group(0)[0]


def _decimal_before_unit(text: str, raw: str) -> Decimal:
    """The number before ``juta``, ``rb``, ``M``: ``1,5``, ``1.5``, ``1.500``, ``2``."""
    if _SPACE_GROUPS.fullmatch(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    match = _DECIMAL.fullmatch(text)
    if match is None:
        raise _not_money(raw)
    whole, fraction = match.group("whole"), match.group("fraction")
    if fraction is not None and "." not in whole:
        mark = text[len(whole)]
        if mark == "." and len(fraction) == 3:  # 1.500 jt: Indonesian grouping
            whole, fraction = whole + fraction, None
    elif fraction is not None and text[len(whole)] == ".":
        raise _not_money(raw)  # 1.500.5 jt
    digits = whole.replace(".", "")
    if len(digits) > 18:
        raise _too_large(raw)
    if fraction is not None:
        fraction = fraction.rstrip("0")
        if len(fraction) > 9:  # more decimals than any unit has zeros: not whole Rupiah
            raise _fraction(raw)
    try:
        return Decimal(digits + ("." + fraction if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise _not_money(raw) from None


def _int(digits: str, raw: str) -> int:
    if len(digits) > 18:
        raise _too_large(raw)
    return int(digits)


def _checked(amount: int, raw: str) -> int:
    if amount < 0:
        raise ValueProblem(
            _("'{value}' is negative: a sum of money here is 0 or more.").format(value=raw)
        )
    if amount > MAX_RUPIAH:
        raise _too_large(raw)
    return amount


def _not_money(raw: str) -> ValueProblem:
    return ValueProblem(
        _("'{value}' is not a sum of money ukm can read.").format(value=raw),
        _("Write it as 15000000, 15.000.000, Rp15jt, 1,5 juta or 1,2 miliar."),
    )


def _unknown_unit(raw: str, word: str) -> ValueProblem:
    if word == "m":
        return ValueProblem(
            _("'{value}': a lowercase m could mean million or miliar.").format(value=raw),
            _("Write juta (jt) for a million, miliar or M for a thousand million."),
        )
    return ValueProblem(
        _("'{value}': '{unit}' is not a unit ukm knows.").format(value=raw, unit=word),
        _("Use rb (ribu), jt (juta) or M (miliar), or write the whole number."),
    )


def _fraction(raw: str) -> ValueProblem:
    return ValueProblem(
        _("'{value}' is not a whole number of Rupiah.").format(value=raw),
        _("Round it to whole Rupiah."),
    )


def _too_large(raw: str) -> ValueProblem:
    return ValueProblem(
        _("'{value}' is far too large for a sum of money.").format(value=raw[:30]),
        _("Check the value: it is more than a thousand trillion Rupiah."),
    )
