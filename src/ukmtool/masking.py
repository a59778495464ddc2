"""NIKs (16-digit ID numbers) masked wherever text may quote one.

A NIK is personal data: output shows it as ``3316********0001``.  Messages
quote values as typed, and a NIK turns up where it does not belong (typed
into ``phone:``, a CSV without a header row, swapped columns), so every
message ukm makes masks any run of exactly 16 digits, the shape of a NIK.
A run of another length is no NIK (an 18-digit participant id, a 15-digit
NPWP, junk) and is shown as typed, or cut short when long: masking it would
hide what the message is about (``There is no participant '2017********1235'``).
A NIK field's own value is never quoted in a message (``core/values/people``).
:func:`shown` and :func:`redact` are what a message may quote of a value a
person wrote: a NIK written with spaces or dots masked too, a long value cut
short.
"""

from __future__ import annotations

import re

NIK_LENGTH = 16
_DIGIT_RUN = re.compile(rf"(?<![0-9])[0-9]{{{NIK_LENGTH}}}(?![0-9])")
_NIK_SEPARATORS = re.compile(r"[ .\-]")
_NIK_RUN = re.compile(r"(?<![0-9])[0-9](?:[ .\-]?[0-9]){15}(?![0-9])")
_QUOTED_LONG = 80


def mask_nik(value: str) -> str:
    """``3316015507800001`` -> ``3316********0001``."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_nik_runs(text: str) -> str:
    """``text`` with every run of exactly 16 digits (a NIK's shape) masked."""
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
