"""NIKs (16-digit ID numbers) masked wherever text may quote one.

A NIK is personal data: output shows it as ``3316********0001``.  Messages
quote values as typed, and a NIK turns up where it does not belong (typed
into ``phone:``, a CSV without a header row, swapped columns), so every
message ukm makes masks any run of 16 to 20 digits: a NIK, or a NIK with a
digit or a few too many.  A longer run holds no NIK (it is junk, shown as
typed or cut short).  :func:`shown` and :func:`redact` are what a message
may quote of a value a person wrote: a NIK written with spaces or dots
masked too, a long value cut short.
"""

from __future__ import annotations

import re

NIK_LENGTH = 16
LONGEST_MASKED = 20
_DIGIT_RUN = re.compile(rf"(?<![0-9])[0-9]{{{NIK_LENGTH},{LONGEST_MASKED}}}(?![0-9])")
_NIK_SEPARATORS = re.compile(r"[ .\-]")
_NIK_RUN = re.compile(r"(?<![0-9])[0-9](?:[ .\-]?[0-9]){15}(?![0-9])")
_QUOTED_LONG = 80


def mask_nik(value: str) -> str:
    """``3316015507800001`` -> ``3316********0001``."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_nik_runs(text: str) -> str:
    """``text`` with every run of 16 to 20 digits masked as a NIK is."""
    if len(text) < NIK_LENGTH:
        return text
    return _DIGIT_RUN.sub(lambda m: mask_nik(m.group()), text)


def shown(text: str, limit: int = _QUOTED_LONG) -> str:
    """``text`` as a message may quote it: every run of 16 digits masked, at most ``limit`` long."""
    masked = mask_nik_runs(
        _NIK_RUN.sub(lambda m: mask_nik(_NIK_SEPARATORS.sub("", m.group(0))), text)
    )
    if len(masked) > limit:
        return masked[: limit - 1] + "…"
    return masked


_QUOTED = re.compile("'([^']{" + str(_QUOTED_LONG + 1) + ",})'")


def redact(message: str) -> str:
    """A message quoting values, with every 16-digit run masked and long quotes shortened."""
    message = _QUOTED.sub(lambda m: "'" + shown(m.group(1)) + "'", message)
    return shown(message, limit=max(len(message), 1))
