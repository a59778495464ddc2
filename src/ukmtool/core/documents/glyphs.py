"""Whether the printed documents can draw a text: the characters their fonts lack.

ukm compiles documents with the fonts embedded in the ``typst`` package only,
and Typst falls back from a template's font to any of them; a character none
of them has prints as an empty box (Hanzi, Javanese script, emoji).
``glyphs_table.RANGES`` lists what they cover (made by
``tools/font_coverage.py`` from the fonts themselves); :func:`undrawable`
says which characters of a text fall outside, so that ``ukm check`` and
``ukm register`` can warn before a certificate prints a name as boxes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ukmtool.core.documents.glyphs_table import RANGES
from ukmtool.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from ukmtool.core.programme import Programme

_STARTS = [first for first, _last in RANGES]


def drawable(char: str) -> bool:
    """Whether the documents' fonts have ``char`` (spaces and joiners count as drawn)."""
    code = ord(char)
    if char.isspace() or code in (0x200C, 0x200D, 0xFE0F):
        return True
    index = bisect_right(_STARTS, code) - 1
    return index >= 0 and RANGES[index][0] <= code <= RANGES[index][1]


def undrawable(text: str) -> str:
    """The characters of ``text`` the fonts lack, each once, in order (empty: all drawn)."""
    if text.isascii():
        return ""
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and not drawable(char):
            seen[char] = None
    return "".join(seen)


def warnings(programme: Programme, lines: Sequence[int | None]) -> list[Diagnostic]:
    """A warning for each participant's business, owner or village the documents cannot draw.

    ``lines``: the line of each participant's entry in participants.yaml (None: unknown).
    """
    from ukmtool.i18n import _

    out: list[Diagnostic] = []
    for index, participant in enumerate(programme.participants):
        for field in ("business", "owner", "village"):
            value = getattr(participant, field, None)
            lacking = undrawable(value) if value else ""
            if not lacking:
                continue
            line = lines[index] if index < len(lines) else None
            out.append(
                Diagnostic(
                    Severity.WARNING,
                    programme.folder.participants,
                    line,
                    None,
                    _(
                        "{field}: the fonts of the printed documents cannot draw {chars}: "
                        "certificates and sign-in sheets would print empty boxes."
                    ).format(
                        field=field, chars=" ".join(f"'{c}' (U+{ord(c):04X})" for c in lacking[:5])
                    ),
                    _(
                        "Write the name in Latin letters as well (for example in notes), or print "
                        "with a template of the folder that brings a font for them."
                    ),
                )
            )
    return out
