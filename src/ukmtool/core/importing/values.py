"""What a spreadsheet's cells hold beyond the value: marks for "nothing", Excel's ``'``, two phones.

``-`` (or ``n/a``, ``tidak ada``) is empty, a leading ``'`` (Excel's mark for
text) is dropped, two phone numbers in one cell give the first as the phone
and keep the others in the notes.  The value itself (``Kec. Cepu``, ``5
orang``, ``13/12/2017``) is read by its kind's one reader (``core/values``),
as options, prompts and ``ukm check`` read it; ``register`` says which
values it read otherwise than written.
"""

from __future__ import annotations

import re

from ukmtool.i18n import _

MAX_CELL = 4000
"""The most characters a cell may hold (a long note fits; a 70 MB paste does not)."""

_EMPTY_WORDS = frozenset(
    {"-", "--", "---", "—", "–", "−", "n/a", "tidak ada", "tdk ada", "belum ada"}
)
_PHONE_SPLIT = re.compile(r"\s*(?:/|,|;|&|\||\n|\s+atau\s+|\s+dan\s+)\s*", re.IGNORECASE)


def is_empty_word(text: str) -> bool:
    """Whether a cell holds only a mark for "nothing" (``-``, ``n/a``, ``tidak ada``)."""
    return " ".join(text.split()).casefold() in _EMPTY_WORDS


def read_value(name: str, text: str) -> tuple[str, list[str]]:
    """The text of field ``name`` to check, and the other phone numbers found beside the first."""
    if text.startswith("'"):
        text = text[1:].strip()
    if is_empty_word(text):
        return "", []
    if name == "phone":
        parts = [p for p in _PHONE_SPLIT.split(text) if p]
        if len(parts) > 1 and all(sum(ch.isdigit() for ch in p) >= 9 for p in parts):
            return parts[0], parts[1:]
        return text, []
    return text, []


def other_phones_note(numbers: list[str]) -> str:
    """The text added to the notes for the numbers beyond the first."""
    return _("other phone: {numbers}").format(numbers=", ".join(numbers))
