"""The shapes of single values: text, whole numbers, ids, yes/no; and :class:`ValueProblem`.

Every value arrives as the text the person wrote (see ``reader``); these
functions turn it into what the model holds, or raise :class:`ValueProblem`
with a message and a hint that say what to write instead.  The kinds of value
an office writes in many ways (dates, hours, people, money, gender, phone,
NIK, NIB, districts, sectors) each have their one reader in ``core/values``.
``ukm register`` and ``ukm check`` call the same functions, so a value
accepted at the desk is accepted in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ukmtool.i18n import _


class ValueProblem(ValueError):
    """A value that cannot be used, with what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_WHOLE = re.compile(r"[+-]?[0-9]+")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_THOUSANDS = re.compile(r"[0-9]{1,3}([.,][0-9]{3})+")
_MAX_DIGITS = 15  # more than any count or percent in a programme; keeps int() cheap
_SESSION_NUMBER = re.compile(r"[0-9]{1,6}")


_NONCHARACTER = re.compile(r"[\ufffe\uffff]")


def plain_text(value: Any) -> str:
    """``value`` as stripped text (None: empty); a list or mapping, or a noncharacter, refused."""
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


_LINE_CONTROLS = "\t\n\r\x0b\x0c\x85\u2028\u2029"
"""Tabs and line breaks: refused in a name, kept in notes (tab, line feed only)."""
_FORMAT_CONTROLS = (
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # the other C0 and C1 controls (ESC, BEL, CSI ...)
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001"
)
"""Invisible characters that change how text prints or compares: the bidi controls (U+202E
turns a name around), zero-width spaces, the BOM, soft hyphens, and every other control or
format character; the joiners U+200C and U+200D (scripts and emoji need them) and emoji tags
are letters' companions and stay."""
_CONTROL = re.compile(f"[{_LINE_CONTROLS}{_FORMAT_CONTROLS}]")
_CONTROL_IN_NOTES = re.compile(f"[\r\x0b\x0c\x85\u2028\u2029{_FORMAT_CONTROLS}]")


def control_problem(value: str, *, lines: bool = False) -> ValueProblem | None:
    """Why ``value`` cannot be a name or a printed text: a control or bidi character in it.

    ``lines``: tabs and line feeds are allowed (notes).  Everything ukm
    prints (certificates, sheets, reports) is checked so at every entry
    point: the files (``ukm check``), the options, the desk's prompts and the
    imports, so that a name never prints split over two lines or reversed.
    """
    if value.isascii() and value.isprintable():
        return None
    found = (_CONTROL_IN_NOTES if lines else _CONTROL).search(value)
    if found is None:
        return None
    char = found.group()
    if char in _LINE_CONTROLS:
        return ValueProblem(
            _("This text holds a line break or a tab ({code}); it must be one line.").format(
                code=f"U+{ord(char):04X}"
            ),
            _("Write it on one line (in a spreadsheet cell: remove the Alt+Enter break)."),
        )
    import unicodedata

    return ValueProblem(
        _(
            "This text holds {code} ({name}), an invisible control character that changes how "
            "it prints."
        ).format(code=f"U+{ord(char):04X}", name=unicodedata.name(char, "control")),
        _("Remove it (it is invisible: retype the text, or copy it from plain text)."),
    )


def text(value: Any) -> str:
    """Non-empty text on one line, no control or bidi character in it (``control_problem``)."""
    result = plain_text(value)
    if not result:
        raise ValueProblem(_("This must not be empty."))
    problem = control_problem(result)
    if problem is not None:
        raise problem
    return result


def notes(value: Any) -> str:
    """Non-empty text that may hold line breaks and tabs, and no other control character."""
    result = plain_text(value)
    if not result:
        raise ValueProblem(_("This must not be empty."))
    problem = control_problem(result, lines=True)
    if problem is not None:
        raise problem
    return result


def whole_number(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number written with digits only."""
    raw = plain_text(value)
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


def slug(value: Any) -> str:
    """A short lowercase id: letters, digits, '-' and '_' (module and practice ids)."""
    raw = plain_text(value)
    if not _SLUG.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a valid short id.").format(value=raw),
            _("Use lowercase letters, digits, '-' and '_' only, for example keuangan."),
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
    raw = plain_text(value)
    if not _ID.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a valid participant id.").format(value=raw),
            _("Use letters, digits and '-', for example UKM-001."),
        )
    return raw


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
    raw = plain_text(value).casefold()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise ValueProblem(
        _("'{value}' is not yes or no.").format(value=plain_text(value)),
        _("Write yes or no (ya or tidak)."),
    )


def language(value: Any) -> str:
    """``id`` or ``en``."""
    raw = plain_text(value).lower()
    if raw in ("id", "en"):
        return raw
    raise ValueProblem(
        _("The language must be id or en, not '{value}'.").format(value=plain_text(value)),
        _("Write id for Bahasa Indonesia or en for English."),
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def email(value: Any) -> str:
    """An e-mail address: ``name@domain.tld``, no spaces."""
    raw = plain_text(value)
    if not _EMAIL.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not an e-mail address.").format(value=raw),
            _("Write it as name@domain, for example dinas@example.go.id."),
        )
    return raw


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
    longest = Pattern.parse(raw).number(99999, 2099)
    if len(longest) > NUMBER_LIMIT:
        raise ValueProblem(
            _("The number pattern '{value}' makes numbers longer than {limit} characters.").format(
                value=raw, limit=NUMBER_LIMIT
            ),
            _("A certificate's number must fit its QR code; shorten the fixed text."),
        )
    return raw


NUMBER_LIMIT = 40
"""The most characters a certificate number may have (``core/certificates/claims.LIMITS``)."""


def verify_url(value: Any) -> str:
    """The address a certificate's QR code starts with: ``https://...``, without ``#``."""
    raw = text(value)
    if not re.fullmatch(r"https?://[^\s#]+", raw, re.IGNORECASE) or len(raw) > VERIFY_URL_LIMIT:
        raise ValueProblem(
            _("verify_url '{value}' is not a web address ukm can put in a QR code.").format(
                value=raw[:80]
            ),
            _(
                "Give an address starting with https://, without # and spaces, at most "
                "{limit} characters, for example https://dinas.example.go.id/verifikasi."
            ).format(limit=VERIFY_URL_LIMIT),
        )
    return raw


VERIFY_URL_LIMIT = 120
"""The most characters ``certificates.verify_url`` may have (it takes room in the QR code)."""


FAR_AHEAD = 366
"""Days after today past which a date typed at the desk is taken for a typo (2099, 2999)."""


def not_far_ahead(found: date, today: date) -> date:
    """``found``, unless it lies more than a year after ``today`` (a mistyped year)."""
    if (found - today).days > FAR_AHEAD:
        raise ValueProblem(
            _("{date} is more than a year after today ({today}).").format(
                date=found.isoformat(), today=today.isoformat()
            ),
            _("Check the year."),
        )
    return found
