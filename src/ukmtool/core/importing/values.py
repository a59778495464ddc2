"""The values offices write, read as ukm stores them; each change said out loud.

``Kec. Cepu`` is Cepu, ``5 orang`` is 5, ``-`` is empty, ``13/12/2017`` is
2017-12-13 (Indonesian Excel writes the day first), two phone numbers in one
cell give the first as the phone and keep the others in the notes, a NIK may
have spaces or dots, a leading ``'`` (Excel's mark for text) is dropped.
Everything is returned as text for ``register`` to check as ``ukm check``
would, with a :class:`~ukmtool.core.writing.entries.Reinterpreted` for every value read otherwise
than written.
"""

from __future__ import annotations

import re

from ukmtool.i18n import _

MAX_CELL = 4000
"""The most characters a cell may hold (a long note fits; a 70 MB paste does not)."""

_EMPTY_WORDS = frozenset(
    {"-", "--", "---", "—", "–", "−", "n/a", "tidak ada", "tdk ada", "belum ada"}
)
_DISTRICT_PREFIX = re.compile(r"(kecamatan|kec\s*\.|kec)\s+(?=\S)", re.IGNORECASE)
_COUNT = re.compile(
    r"(?:±|\+/-|\+-|kurang lebih|kl\.?|sekitar|kira-kira|\+)?\s*([0-9]{1,9})\s*"
    r"(?:orang|org|jiwa|tk|pekerja|karyawan)?\.?(?:\s*\([^)]*\))?",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_PHONE_SPLIT = re.compile(r"\s*(?:/|,|;|&|\||\n|\s+atau\s+|\s+dan\s+)\s*", re.IGNORECASE)
_NIK_SEPARATORS = re.compile(r"[ .\-]")
_MASKED_NIK = re.compile(r"[0-9]{4}\*{8}[0-9]{4}")


def is_empty_word(text: str) -> bool:
    """Whether a cell holds only a mark for "nothing" (``-``, ``n/a``, ``tidak ada``)."""
    return " ".join(text.split()).casefold() in _EMPTY_WORDS


def read_value(name: str, text: str) -> tuple[str, list[str]]:
    """The text of field ``name`` to check, and the other phone numbers found beside the first."""
    if text.startswith("'"):
        text = text[1:].strip()
    if is_empty_word(text):
        return "", []
    if name == "district":
        return _DISTRICT_PREFIX.sub("", text, count=1) if _DISTRICT_PREFIX.match(text) else text, []
    if name == "employees":
        match = _COUNT.fullmatch(text)
        return (match.group(1) if match else text), []
    if name == "registered":
        match = _DAY_FIRST.fullmatch(text)
        if match:
            day, month, year = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}", []
        return text, []
    if name == "nik":
        if _MASKED_NIK.fullmatch(text):  # as ukm prints it: left out with a note (writing.carry)
            return text, []
        compact = _NIK_SEPARATORS.sub("", text)
        return (compact if compact.isdigit() else text), []
    if name == "phone":
        parts = [p for p in _PHONE_SPLIT.split(text) if p]
        if len(parts) > 1 and all(sum(ch.isdigit() for ch in p) >= 9 for p in parts):
            return parts[0], parts[1:]
        return text, []
    return text, []


def other_phones_note(numbers: list[str]) -> str:
    """The text added to the notes for the numbers beyond the first."""
    return _("other phone: {numbers}").format(numbers=", ".join(numbers))
