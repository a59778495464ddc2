"""Certificate numbers: the programme's pattern, the sequence in a number, finding one again.

A pattern is text with ``{seq}`` (the running number; ``{seq:03}`` pads it
with zeros to three digits) once, and ``{year}`` (the issue date's year) as
often as wanted: ``{seq:03}/SERT-SP/DINDAGKOP/{year}``.  The running number
never restarts, so no two certificates can get one number whatever the year.

A QR code on a certificate holds ``UKM-CERT|<number>|<programme>``; wherever
a number is asked for (``verify``, ``revoke``, ``print``), that text is
taken as its number too.

Here, beside the single values of ``fields``, and not in ``core/certificates``:
``program.yaml``'s ``certificates.number`` is checked with it when the folder
is read, below everything the certificates package builds on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_PATTERN = "{seq:03}/SERT-SP/{year}"
QR_PREFIX = "UKM-CERT"
"""The first field of the text a certificate's QR code holds."""

_FIELD = re.compile(r"\{([^{}]*)\}")
_SEQ = re.compile(r"seq(?::0?([1-9]))?")


class PatternProblem(ValueError):
    """A pattern that cannot number certificates (the message says why)."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """A parsed numbering pattern."""

    text: str
    width: int
    """Digits the running number is padded to (1: not padded)."""

    @classmethod
    def parse(cls, text: str) -> Pattern:
        """The pattern ``text``; :class:`PatternProblem` when it is not one."""
        if "|" in text or "\n" in text or "\r" in text:
            raise PatternProblem("bar")
        width: int | None = None
        for found in _FIELD.finditer(text):
            name = found.group(1)
            seq = _SEQ.fullmatch(name)
            if seq is not None:
                if width is not None:
                    raise PatternProblem("twice")
                width = int(seq.group(1) or 1)
            elif name != "year":
                raise PatternProblem(name)
        stray = _FIELD.sub("", text)
        if "{" in stray or "}" in stray:
            raise PatternProblem("brace")
        if width is None:
            raise PatternProblem("no-seq")
        return cls(text, width)

    def number(self, seq: int, year: int) -> str:
        """The number with running number ``seq`` issued in ``year``."""

        def fill(found: re.Match[str]) -> str:
            if found.group(1) == "year":
                return str(year)
            return str(seq).zfill(self.width)

        return _FIELD.sub(fill, self.text)

    def sequence(self, number: str) -> int | None:
        """The running number in ``number`` when it was made by this pattern, else None."""
        parts: list[str] = []
        at = 0
        for found in _FIELD.finditer(self.text):
            parts.append(re.escape(self.text[at : found.start()]))
            parts.append(r"[0-9]{4}" if found.group(1) == "year" else r"(?P<seq>[0-9]{1,18})")
            at = found.end()
        parts.append(re.escape(self.text[at:]))
        matched = re.fullmatch("".join(parts), number.strip(), re.IGNORECASE)
        return int(matched["seq"]) if matched else None


def qr_text(number: str, programme: str) -> str:
    """What a certificate's QR code holds: ``UKM-CERT|<number>|<programme>``."""
    return f"{QR_PREFIX}|{number}|{programme}"


def asked_number(text: str) -> str:
    """The number in ``text``: the text itself, or the number field of a QR code's text."""
    stripped = text.strip()
    parts = stripped.split("|")
    if len(parts) >= 2 and parts[0].strip().upper() == QR_PREFIX:
        return parts[1].strip()
    return stripped


def same_number(a: str, b: str) -> bool:
    """Whether two written numbers are one (case and spaces around ``/`` do not matter)."""
    return key(a) == key(b)


def key(number: str) -> str:
    """The form numbers are compared in."""
    return re.sub(r"\s+", "", number).casefold()


def closest(text: str, numbers: Iterable[str], count: int = 3) -> list[str]:
    """The numbers most like ``text`` (a typo, a digit left out), best first."""
    by_key: dict[str, str] = {}
    for number in numbers:
        by_key.setdefault(key(number), number)
    found = difflib.get_close_matches(key(text), list(by_key), n=count, cutoff=0.6)
    return [by_key[k] for k in found]
