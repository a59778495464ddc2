"""Dates, numbers, percentages and status names as a person reads them, in the current language.

``13 Desember 2017``, ``1.234`` and ``75,5%`` in Indonesian; ``13 December
2017``, ``1,234`` and ``75.5%`` in English.  A small table for the two
languages does it: Babel would give the same text but costs about 26 ms a
process and 0.1 ms a call (docs/translating.md has the figures).

For people only: JSON and CSV keep ISO dates, plain numbers and the English
status codes (``present``, ``in_progress``) so that scripts do not break.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ukmtool.i18n import N_, _, current_language


@dataclass(frozen=True, slots=True)
class _Conventions:
    months: tuple[str, ...]
    group: str
    decimal: str


_CONVENTIONS = {
    "en": _Conventions(
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        group=",",
        decimal=".",
    ),
    "id": _Conventions(
        months=(
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ),
        group=".",
        decimal=",",
    ),
}

ATTENDANCE_STATUSES = ("present", "late", "excused", "sick", "absent")
"""The marks of an attendance sheet, as in the files and in JSON/CSV."""

COMPLETION_STATES = (
    "completed",
    "in_progress",
    "failed",
    "at_risk",
    "graduated",
    "missed",
    "exempt",
)
"""Where a participant stands (in a module, or ``graduated`` from the programme)."""

_LABELS = {
    "present": N_("present"),
    "late": N_("late"),
    "excused": N_("excused"),
    "sick": N_("sick"),
    "absent": N_("absent"),
    "completed": N_("completed"),
    "in_progress": N_("in progress"),
    "failed": N_("failed"),
    "at_risk": N_("at risk"),
    "graduated": N_("graduated"),
    "missed": N_("missed"),
    "exempt": N_("exempt"),
    "unmarked": N_("not marked"),
    "makeup": N_("make-up"),
    # how a good practice changed between its first and latest observation
    "gained": N_("gained"),
    "lost": N_("lost"),
    "kept": N_("kept"),
    "not_yet": N_("not yet"),
    "once": N_("observed once"),
    # whether a practice was seen in place
    "yes": N_("yes"),
    "no": N_("no"),
    # what a size class is judged on (naik kelas compares one figure on both sides)
    "sales": N_("annual sales"),
    "capital": N_("capital"),
    "not_comparable": N_("not comparable"),
    # what tied entries of several programmes into one business
    "nik": N_("NIK"),
    "nib": N_("NIB"),
    "phone": N_("phone and name"),
}


def _conventions() -> _Conventions:
    return _CONVENTIONS.get(current_language(), _CONVENTIONS["en"])


def format_date(day: date) -> str:
    """``13 Desember 2017`` / ``13 December 2017``."""
    return f"{day.day} {_conventions().months[day.month - 1]} {day.year}"


_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
}


def weekday(day: date) -> str:
    """``Rabu`` / ``Wednesday``."""
    names = _WEEKDAYS.get(current_language(), _WEEKDAYS["en"])
    return names[day.weekday()]


def format_time(stored: str) -> str:
    """A session's time as kept (``08.00-12.00 WIB``) as a person reads it.

    ``08.00–12.00 WIB`` in Indonesian (hours and minutes with a dot), ``08:00–12:00``
    in English.
    """
    text = stored.replace("-", "–")
    return text if current_language() == "id" else text.replace(".", ":")


def format_number(value: int | float | Decimal, digits: int = 0) -> str:
    """``1.234`` / ``1,234``; with ``digits`` decimals: ``1.234,5`` / ``1,234.5``.

    Rounds half up (``2.5`` -> ``3``), as people round by hand.
    """
    conventions = _conventions()
    if type(value) is int and digits == 0:  # the common case, without Decimal (a table has many)
        return f"{value:,}".replace(",", conventions.group)
    exponent = Decimal(1).scaleb(-digits)
    rounded = Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = conventions.group.join([whole, *groups])
    if fraction:
        text += conventions.decimal + fraction
    return sign + text


def format_percent(fraction: float | Decimal, digits: int = 1) -> str:
    """A fraction as a percentage: ``0.755`` -> ``75,5%`` / ``75.5%``."""
    return format_number(Decimal(str(fraction)) * 100, digits) + "%"


def format_percent_figure(percent: int) -> str:
    """A whole percent already computed: ``75`` -> ``75%``, ``1234`` -> ``1.234%`` / ``1,234%``."""
    return format_number(percent) + "%"


def format_decimal(value: int | float) -> str:
    """A number with the decimals it has: ``1.5`` -> ``1,5`` / ``1.5``; ``2.0`` -> ``2``."""
    if isinstance(value, float):
        if value.is_integer():
            return format_number(int(value))
        if not math.isfinite(value):  # inf, nan: as Python writes them
            return repr(value)
        # the digits Python's repr gives, without an exponent: 1e-05 -> 0.00001
        _whole, _dot, fraction = format(Decimal(repr(value)), "f").partition(".")
        return format_number(value, len(fraction))
    return format_number(value)


def yes_no(value: bool) -> str:
    """``ya`` / ``tidak`` in Indonesian, ``yes`` / ``no`` in English."""
    return _("yes") if value else _("no")


_GENDERS = {"F": N_("female"), "M": N_("male")}


def gender_label(code: str) -> str:
    """The owner's gender as a person reads it: ``perempuan`` / ``laki-laki`` for F / M.

    Files and JSON keep F and M; any other text is returned as it is.
    """
    word = _GENDERS.get(code)
    return _(word) if word is not None else code


def status_label(code: str) -> str:
    """The name a person reads for an attendance mark or a completion state.

    ``present`` -> ``hadir``, ``excused`` -> ``izin``, ``in_progress`` ->
    ``berjalan``, ``at_risk`` -> ``berisiko`` in Indonesian; ``in progress``,
    ``at risk`` in English; ``unmarked`` (on no list of a held sheet) ->
    ``tidak tercatat`` / ``not marked``.  Raises ``KeyError`` for any other code.
    """
    return _(_LABELS[code])


def format_rupiah(amount: int, *, signed: bool = False) -> str:
    """Whole Rupiah: ``Rp15.000.000`` / ``Rp15,000,000``; ``-Rp2.000.000`` below zero.

    With ``signed``, a change: ``+Rp2.000.000`` above zero, ``Rp0`` for none.
    """
    sign = "-" if amount < 0 else "+" if signed and amount > 0 else ""
    return f"{sign}Rp{format_number(abs(amount))}"
