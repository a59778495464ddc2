"""The owner and the business as offices write them: gender, phone, NIK and NIB.

Gender: ``F``/``M`` as the files keep it, and ``P``/``L``, ``Pr``/``Lk``,
``perempuan``/``laki-laki``, ``wanita``/``pria``, ``female``/``male``.
Phone: ``0812-3456-7890``, ``+62 812 3456 7890``, ``62812...``, and the
number Excel made of it (``81234567890``), kept as ``0812...``.  NIK (16
digits) and NIB (13 digits) with spaces, dots or dashes between the digits,
kept as the digits only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ukmtool.core.fields import ValueProblem, plain_text
from ukmtool.i18n import _

_GENDER_WORDS = {
    "f": "F",
    "p": "F",
    "pr": "F",
    "perempuan": "F",
    "wanita": "F",
    "female": "F",
    "woman": "F",
    "m": "M",
    "l": "M",
    "lk": "M",
    "laki-laki": "M",
    "laki laki": "M",
    "lakilaki": "M",
    "laki2": "M",
    "pria": "M",
    "male": "M",
    "man": "M",
}
_CANONICAL_MOBILE = re.compile(r"08[1-9][0-9]{7,10}")
_PHONE_SEPARATORS = re.compile(r"[ .()-]")
_NUMBER_SEPARATORS = re.compile(r"[ .\-\u00a0]")
_MASKED = re.compile(r"[0-9]{4}\*{6,}[0-9]{4}")

NIK_DIGITS = 16
NIB_DIGITS = 13


def gender(value: Any) -> str:
    """``F`` or ``M`` (the owner's), from any of the words above."""
    raw = plain_text(value)
    key = " ".join(raw.split()).casefold().rstrip(".")
    found = _GENDER_WORDS.get(key)
    if found is not None:
        return found
    raise ValueProblem(
        _("Gender must be F or M, not '{value}'.").format(value=raw),
        _("Write F (perempuan, P) or M (laki-laki, L)."),
    )


def phone(value: Any) -> str:
    """An Indonesian phone number, returned as 08... / 0xx... (the national form)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    raw = plain_text(value)
    if _CANONICAL_MOBILE.fullmatch(raw):
        return raw
    compact = _PHONE_SEPARATORS.sub("", raw)  # 0812-3456-7890 is 081234567890, without the library
    if _CANONICAL_MOBILE.fullmatch(compact):
        return compact
    result = _phone_slow(raw)
    if result is None:
        raise ValueProblem(
            _("'{value}' is not an Indonesian phone number.").format(value=raw),
            _("Write it as 0812-3456-7890 or +62 812 3456 7890."),
        )
    return result


@lru_cache(maxsize=4096)
def _phone_slow(raw: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        return None
    return "0" + str(number.national_number)


def nik(value: Any) -> str:
    """The owner's NIK: 16 digits, kept as text."""
    raw = plain_text(value)
    if _MASKED.fullmatch(raw.replace(" ", "")):
        raise ValueProblem(
            _("This NIK is masked (as ukm prints it): its middle digits are not there."),
            _("Copy it again from the KTP, or leave it out."),
        )
    return _digits(
        raw,
        NIK_DIGITS,
        _("A NIK has 16 digits; this one has {count}."),
        _("A NIK is 16 digits, nothing else."),
        _("Copy it again from the KTP; write it in quotes so it stays text."),
    )


def nib(value: Any) -> str:
    """The business's NIB (Nomor Induk Berusaha, from OSS): 13 digits, kept as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _digits(
        plain_text(value),
        NIB_DIGITS,
        _("An NIB has 13 digits; this one has {count}."),
        _("An NIB (Nomor Induk Berusaha) is 13 digits, nothing else."),
        _("Copy it again from the business's OSS page; write it in quotes so it stays text."),
    )


def _digits(raw: str, length: int, count: str, other: str, hint: str) -> str:
    compact = _NUMBER_SEPARATORS.sub("", raw)
    if len(compact) == length and compact.isascii() and compact.isdigit():
        return compact
    if compact and compact.isascii() and compact.isdigit():
        raise ValueProblem(count.format(count=len(compact)), hint)
    raise ValueProblem(other, hint)
