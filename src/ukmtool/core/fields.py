"""Checks and conversions of single values, shared by the loader and the commands.

Every value arrives as the text the person wrote (see ``reader``); these
functions turn it into what the model holds, or raise :class:`ValueProblem`
with a message and a hint that say what to write instead.  ``ukm register``
and ``ukm check`` call the same functions, so a value accepted at the desk is
accepted in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from ukmtool.i18n import _


class ValueProblem(ValueError):
    """A value that cannot be used, with what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_WHOLE = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_THOUSANDS = re.compile(r"[0-9]{1,3}([.,][0-9]{3})+")
_NIK = re.compile(r"[0-9]{16}")
_CANONICAL_MOBILE = re.compile(r"08[1-9][0-9]{7,10}")
_PHONE_SEPARATORS = re.compile(r"[ .()-]")
LATEST_DATE = date(9000, 12, 31)
"""Dates after this are refused: room for any span ukm adds to a date (weeks, years)."""
_MAX_DIGITS = 15  # more than any count or percent in a programme; keeps int() cheap
_SESSION_NUMBER = re.compile(r"[0-9]{1,6}")
_DISTRICT_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")


_NONCHARACTER = re.compile(r"[\ufffe\uffff]")


def _text(value: Any) -> str:
    if isinstance(value, str):
        if _NONCHARACTER.search(value):  # no spreadsheet (XML 1.0) can hold it
            raise ValueProblem(
                _(
                    "This text holds U+{code:04X}, a character that is no letter and that no "
                    "spreadsheet can hold."
                ).format(code=ord(_NONCHARACTER.findall(value)[0])),
                _("Remove it (it is invisible; retype the text)."),
            )
        return value.strip()
    if value is None:
        return ""
    raise ValueProblem(_("Expected a single value, not a list or mapping."))


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def typed_text(raw: str | None, hint: str) -> str:
    """Text a person typed (or a file gave), stripped; refused when it holds undecodable bytes.

    Python hands bytes that are not UTF-8 on the command line over as lone
    surrogates, which no file can hold: ``hint`` says how to give it again.
    """
    value = (raw or "").strip()
    if _SURROGATE.search(value):
        raise ValueProblem(_("This text holds bytes that are not UTF-8."), hint)
    return value


def missing(values: Mapping[str, str | None], required: Iterable[str]) -> list[str]:
    """The ``required`` fields with no value in ``values``."""
    return [name for name in required if not (values.get(name) or "").strip()]


def text(value: Any) -> str:
    """Non-empty text."""
    result = _text(value)
    if not result:
        raise ValueProblem(_("This must not be empty."))
    return result


def whole_number(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number written with digits only."""
    raw = _text(value)
    if not raw:
        raise ValueProblem(_("A number is needed here."))
    if not _WHOLE.fullmatch(raw):
        if _THOUSANDS.fullmatch(raw):
            plain = raw.replace(".", "").replace(",", "")
            raise ValueProblem(
                _("'{value}' is not a whole number here.").format(value=raw),
                _("Write numbers without thousands separators: {plain}.").format(plain=plain),
            )
        if raw.endswith("%"):
            raise ValueProblem(
                _("'{value}' is not a number.").format(value=raw),
                _("Leave out the % sign: {plain}.").format(plain=raw.rstrip("% ")),
            )
        raise ValueProblem(
            _("'{value}' is not a whole number.").format(value=raw),
            _("Write it with digits only, for example 3."),
        )
    if len(raw.lstrip("+-")) > _MAX_DIGITS:
        raise ValueProblem(
            _("This number has {count} digits: far too large.").format(count=len(raw.lstrip("+-"))),
            _("Check the value: a count or a percent has only a few digits."),
        )
    number = int(raw)
    if minimum is not None and number < minimum:
        raise ValueProblem(
            _("{value} is too small: the least allowed is {minimum}.").format(
                value=number, minimum=minimum
            )
        )
    if maximum is not None and number > maximum:
        raise ValueProblem(
            _("{value} is too large: the most allowed is {maximum}.").format(
                value=number, maximum=maximum
            )
        )
    return number


def percent(value: Any) -> int:
    """A whole percent from 0 to 100."""
    return whole_number(value, minimum=0, maximum=100)


def positive_number(value: Any) -> float:
    """A number above zero, with a dot for decimals (hours)."""
    raw = _text(value)
    if not raw:
        raise ValueProblem(_("A number is needed here."))
    if not _NUMBER.fullmatch(raw):
        if "," in raw and _NUMBER.fullmatch(raw.replace(",", ".")):
            raise ValueProblem(
                _("'{value}' is not a number.").format(value=raw),
                _("Use a dot for decimals: {fixed}.").format(fixed=raw.replace(",", ".")),
            )
        raise ValueProblem(_("'{value}' is not a number.").format(value=raw))
    number = float(raw)
    if len(raw.split(".")[0].lstrip("+-")) > _MAX_DIGITS:
        raise ValueProblem(
            _("'{value}' is far too large.").format(value=raw[:20] + "..."),
            _("Check the value: hours have only a few digits."),
        )
    if number <= 0:
        raise ValueProblem(_("This must be more than 0, not {value}.").format(value=raw))
    return number


def iso_date(value: Any) -> date:
    """A date written as YYYY-MM-DD that exists in the calendar."""
    if isinstance(value, date):
        return value
    raw = _text(value)
    if not raw:
        raise ValueProblem(_("A date is needed here."), _("Write it as YYYY-MM-DD."))
    if not _ISO_DATE.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a date written as YYYY-MM-DD.").format(value=raw),
            _("For 13 December 2017 write 2017-12-13."),
        )
    try:
        found = date.fromisoformat(raw)
    except ValueError:
        raise ValueProblem(
            _("{value} is not a date that exists.").format(value=raw),
            _("Check the day and the month."),
        ) from None
    if found > LATEST_DATE:  # a typo; and weeks added to it would run past the calendar
        raise ValueProblem(
            _("{value} is too far in the future.").format(value=raw),
            _("ukm takes dates up to {latest}; check the year.").format(
                latest=LATEST_DATE.isoformat()
            ),
        )
    return found


def day_until(text: str, today: date, hint: str) -> date:
    """``text`` as a date (YYYY-MM-DD), empty meaning ``today``; a day after ``today`` refused.

    ``hint`` says when it may be recorded (a visit once it happened, figures once measured).
    """
    if not text:
        return today
    day = iso_date(text)
    if day > today:
        raise ValueProblem(
            _("{date} is after today ({today}).").format(
                date=day.isoformat(), today=today.isoformat()
            ),
            hint,
        )
    return day


def slug(value: Any) -> str:
    """A short lowercase id: letters, digits, '-' and '_' (module and practice ids)."""
    raw = _text(value)
    if not _SLUG.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a valid short id.").format(value=raw),
            _("Use lowercase letters, digits, '-' and '_' only, for example keuangan."),
        )
    return raw


def district_code(value: Any) -> str:
    """A Kemendagri region code of a district (kecamatan): ``33.16.01``."""
    raw = _text(value)
    if not _DISTRICT_CODE.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a district code.").format(value=raw),
            _(
                "Write the Kemendagri code of the district (kecamatan) in quotes, "
                'for example "33.16.01".'
            ),
        )
    return raw


WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)
"""Names Windows keeps for devices, whatever follows a dot (``attendance/con.yaml`` is the
console there, not a file), in any case; a short id is small letters already."""


def module_id(value: Any) -> str:
    """A module id: a short id that can name its attendance file on every system."""
    raw = slug(value)
    if raw in WINDOWS_DEVICES:
        raise ValueProblem(
            _(
                "'{value}' cannot be a module id: Windows keeps the name for a device, "
                "so attendance/{value}.yaml could not be a file there."
            ).format(value=raw),
            _("Choose another id, for example {value}-1 or modul-{value}.").format(value=raw),
        )
    return raw


def participant_id(value: Any) -> str:
    """A participant id such as UKM-001."""
    raw = _text(value)
    if not _ID.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a valid participant id.").format(value=raw),
            _("Use letters, digits and '-', for example UKM-001."),
        )
    return raw


def gender(value: Any) -> str:
    """F or M (the owner's)."""
    raw = _text(value).upper()
    if raw in ("F", "M"):
        return raw
    hint = None
    if raw in ("P", "L"):
        hint = _("Write F for perempuan (P) and M for laki-laki (L).")
    raise ValueProblem(
        _("Gender must be F or M, not '{value}'.").format(value=_text(value)),
        hint or _("Write F (female) or M (male)."),
    )


def nik(value: Any) -> str:
    """The owner's 16-digit NIK."""
    raw = _text(value).replace(" ", "")
    if _NIK.fullmatch(raw):
        return raw
    digits = sum(ch in "0123456789" for ch in raw)
    if raw and digits == len(raw):
        raise ValueProblem(
            _("A NIK has 16 digits; this one has {count}.").format(count=digits),
            _("Copy it again from the KTP; write it in quotes so it stays text."),
        )
    raise ValueProblem(
        _("A NIK is 16 digits, nothing else."),
        _("Copy it again from the KTP; write it in quotes so it stays text."),
    )


def ascii_digits(text: str, longest: int = 64) -> bool:
    """Whether ``text`` is 1 to ``longest`` digits 0-9 (``int()`` of it is safe and cheap).

    ``str.isdigit`` also accepts ``²`` and ``①``, which ``int()`` refuses,
    and Python refuses to convert more than 4,300 digits.
    """
    return 0 < len(text) <= longest and text.isascii() and text.isdigit()


def session_number(value: str) -> int | None:
    """The session number written as ``value`` (digits 0-9, 1 or more), else None."""
    raw = value.strip()
    if not _SESSION_NUMBER.fullmatch(raw) or int(raw) < 1:
        return None
    return int(raw)


def phone(value: Any) -> str:
    """An Indonesian phone number, returned as 08... / 0xx... (the national form)."""
    raw = _text(value)
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


def trainer_key(name: str) -> str:
    """One trainer however the case and spaces of the name were typed."""
    return " ".join(name.split()).casefold()


def norm(value: str) -> str:
    """Lowercase with spaces and punctuation removed: for likely-duplicate checks."""
    return "".join(ch for ch in value.casefold() if ch.isalnum())


_ASCII_DROP = bytes(code for code in range(1, 128) if not chr(code).isalnum())


def norm_all(values: Sequence[str]) -> list[str]:
    """``norm`` of each of ``values``; the plain ASCII ones in one pass over all of them.

    At 100,000 names that pass takes a hundredth of a second, ``norm`` one by one a third.
    """
    joined = "\x00".join(values)
    if joined.isascii() and joined.count("\x00") == max(len(values) - 1, 0):
        if not values:
            return []
        # for ASCII, casefold is lower() and isalnum() is [0-9A-Za-z]
        return joined.encode().lower().translate(None, _ASCII_DROP).decode().split("\x00")
    plain = [value for value in values if value.isascii() and "\x00" not in value]
    done = iter(norm_all(plain))
    return [
        next(done) if value.isascii() and "\x00" not in value else norm(value) for value in values
    ]


_YES = frozenset({"yes", "ya", "y", "true"})
_NO = frozenset({"no", "tidak", "n", "false"})


def yes_no(value: Any) -> bool:
    """yes/no (also ya/tidak): whether a practice was observed."""
    raw = _text(value).casefold()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise ValueProblem(
        _("'{value}' is not yes or no.").format(value=_text(value)),
        _("Write yes or no (ya or tidak)."),
    )


def language(value: Any) -> str:
    """``id`` or ``en``."""
    raw = _text(value).lower()
    if raw in ("id", "en"):
        return raw
    raise ValueProblem(
        _("The language must be id or en, not '{value}'.").format(value=_text(value)),
        _("Write id for Bahasa Indonesia or en for English."),
    )


def certificate_pattern(value: Any) -> str:
    """A pattern for certificate numbers, such as ``{seq:03}/SERT-SP/{year}``."""
    from ukmtool.core.certificate_numbers import Pattern, PatternProblem

    raw = text(value)
    try:
        Pattern.parse(raw)
    except PatternProblem as problem:
        reason = str(problem)
        if reason == "no-seq":
            message = _("The number pattern '{value}' has no {{seq}}.").format(value=raw)
        elif reason == "twice":
            message = _("The number pattern '{value}' has {{seq}} twice.").format(value=raw)
        elif reason in ("bar", "brace"):
            message = _("The number pattern '{value}' holds a character it cannot use.").format(
                value=raw
            )
        else:
            message = _("The number pattern '{value}' has an unknown field {{{name}}}.").format(
                value=raw, name=reason
            )
        raise ValueProblem(
            message,
            _(
                "Use {{seq}} (or {{seq:03}} for 001) once and {{year}} where wanted, "
                "for example {{seq:03}}/SERT-SP/{{year}}; no | and no other braces."
            ),
        ) from None
    return raw
