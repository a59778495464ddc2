"""Participant ids as a person types them at a session: ``UKM-007``, ``7``, ``1-20``.

Numbers and ranges are resolved against the numbering of the registered
ids (the number at the end of ``UKM-007``), so ``7``, ``007``, ``ukm-7`` and
``UKM-007`` all name the same business, and ``1-20``, ``1..20`` and
``UKM-001..UKM-020`` name every registered business numbered 1 to 20.
Anything that names nobody is reported with the closest registered id of the same
number (a typo in the prefix), never one of another number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from ukmtool.core.fields import ascii_digits
from ukmtool.core.suggest import closest
from ukmtool.i18n import _

_NUMBERED = re.compile(r"(.*?)([0-9]+)")
_DASH_RANGE = re.compile(r"([0-9]+)\s*-\s*([0-9]+)")
_LONGEST = 64
"""Longer text names no participant (and its digits are not worth converting)."""


@dataclass(frozen=True, slots=True)
class IdProblem:
    """One piece of the command line that names no registered participant."""

    text: str
    message: str
    hint: str | None = None


class Numbering:
    """The registered ids, by case-folded text and by number.

    Each table is built on first use: an id typed in full (the usual case)
    needs only ``by_fold``, and 100,000 ids take a while to number.
    """

    def __init__(self, registered: Sequence[str]) -> None:
        self.ids = list(registered)

    @cached_property
    def by_fold(self) -> dict[str, str]:
        """Case-folded id -> id."""
        return {pid.casefold(): pid for pid in self.ids}

    @cached_property
    def parts(self) -> dict[str, tuple[str, int]]:
        """Id -> (case-folded prefix, number), for the ids that end in a number."""
        parts: dict[str, tuple[str, int]] = {}
        for pid in self.ids:
            match = _NUMBERED.fullmatch(pid)
            if match is not None and len(match.group(2)) <= _LONGEST:  # else no typable number
                parts[pid] = (match.group(1).casefold(), int(match.group(2)))
        return parts

    @cached_property
    def by_number(self) -> dict[int, list[str]]:
        """Number -> the ids ending in it, in registration order."""
        by_number: dict[int, list[str]] = {}
        parts = self.parts
        for pid in self.ids:
            if pid in parts:
                by_number.setdefault(parts[pid][1], []).append(pid)
        return by_number

    def example(self, number: int) -> str:
        """How the most common id form writes ``number`` (UKM-130 for 130)."""
        forms: Counter[tuple[str, int]] = Counter()
        for pid in self.ids:
            match = _NUMBERED.fullmatch(pid)
            if match is not None:
                forms[(match.group(1), len(match.group(2)))] += 1
        if not forms:
            return str(number)
        (prefix, width), _count = forms.most_common(1)[0]
        return prefix + str(number).zfill(width)


def split_tokens(args: Iterable[str]) -> list[str]:
    """The pieces of the arguments: ``13,77`` and ``13 77`` are two pieces each."""
    tokens: list[str] = []
    for arg in args:
        tokens.extend(piece for piece in re.split(r"[,\s]+", arg) if piece)
    return tokens


def resolve(args: Iterable[str], registered: Sequence[str]) -> tuple[list[str], list[IdProblem]]:
    """The registered ids named by ``args`` (each once, in the order given) and the problems."""
    numbering = Numbering(registered)
    found: dict[str, None] = {}
    problems: list[IdProblem] = []
    for token in split_tokens(args):
        ids, problem = _one(token, numbering)
        if problem is not None:
            problems.append(problem)
        for pid in ids:
            found.setdefault(pid)
    return list(found), problems


def resolve_one(text: str, registered: Sequence[str]) -> str | None:
    """The one registered id ``text`` names (``UKM-007``, ``7``, ``007``, ``ukm-7``), or None."""
    ids, problems = resolve([text], registered)
    return ids[0] if len(ids) == 1 and not problems else None


def _one(token: str, numbering: Numbering) -> tuple[list[str], IdProblem | None]:
    exact = numbering.by_fold.get(token.casefold())
    if exact is not None:
        return [exact], None
    if ".." in token:
        first, _sep, last = token.partition("..")
        return _range(token, first, last, numbering)
    dash = _DASH_RANGE.fullmatch(token)
    if dash is not None:
        return _range(token, dash.group(1), dash.group(2), numbering)
    end = _endpoint(token, numbering)
    if end is None:
        return [], _unknown(token, numbering)
    prefix, number = end
    ids = [
        pid
        for pid in numbering.by_number.get(number, [])
        if prefix is None or numbering.parts[pid][0] == prefix
    ]
    if len(ids) == 1:
        return ids, None
    if len(ids) > 1:
        return [], IdProblem(
            token,
            _("{text} could be any of {ids}.").format(text=token, ids=", ".join(ids)),
            _("Write the full id."),
        )
    # A number that names nobody is not a near miss of another number: suggesting
    # UKM-050 for 150 invites marking the wrong person.
    return [], IdProblem(
        token,
        _("{text} is not a registered participant.").format(text=token),
        _range_hint(numbering) or _("Register it first with `ukm register`."),
    )


def _endpoint(text: str, numbering: Numbering) -> tuple[str | None, int] | None:
    """(prefix or None, number) of one end of a range or of a single number."""
    text = text.strip()
    if len(text) > _LONGEST:
        return None
    if ascii_digits(text):
        return None, int(text)
    exact = numbering.by_fold.get(text.casefold())
    if exact is not None and exact in numbering.parts:
        return numbering.parts[exact]
    match = _NUMBERED.fullmatch(text)
    if match is None or not match.group(1):
        return None
    prefix = match.group(1).casefold()
    if not any(p == prefix for p, _n in numbering.parts.values()):
        return None
    return prefix, int(match.group(2))


def _range(
    token: str, first: str, last: str, numbering: Numbering
) -> tuple[list[str], IdProblem | None]:
    low, high = _endpoint(first, numbering), _endpoint(last, numbering)
    if low is None or high is None:
        bad = first if low is None else last
        return [], IdProblem(
            token,
            _("{text}: '{end}' is not a registered id or a number.").format(
                text=token, end=bad.strip()
            ),
            _("Write a range as 1-20, 1..20 or UKM-001..UKM-020."),
        )
    prefixes = {p for p in (low[0], high[0]) if p is not None}
    if len(prefixes) > 1:
        return [], IdProblem(
            token,
            _("{text}: the two ends of the range are different kinds of id.").format(text=token),
        )
    if low[1] > high[1]:
        return [], IdProblem(
            token,
            _("{text}: the range runs backwards.").format(text=token),
            _("Write the lower number first, for example {low}-{high}.").format(
                low=high[1], high=low[1]
            ),
        )
    prefix = next(iter(prefixes), None)
    ids = [
        pid
        for pid, (pid_prefix, number) in numbering.parts.items()
        if low[1] <= number <= high[1] and (prefix is None or pid_prefix == prefix)
    ]
    if not ids:
        return [], IdProblem(
            token,
            _("No registered participant is numbered {low} to {high}.").format(
                low=low[1], high=high[1]
            ),
            _range_hint(numbering),
        )
    return ids, None


def _range_hint(numbering: Numbering) -> str | None:
    numbered = [pid for pid in numbering.ids if pid in numbering.parts]
    if not numbered:
        return None
    first = min(numbered, key=lambda pid: numbering.parts[pid][1])
    last = max(numbered, key=lambda pid: numbering.parts[pid][1])
    return _("Registered ids run from {first} to {last}.").format(first=first, last=last)


def _digits(text: str) -> int | None:
    found = re.findall(r"[0-9]+", text)
    return int(found[-1]) if found else None


def _unknown(token: str, numbering: Numbering) -> IdProblem:
    best = closest(token, numbering.ids)
    if best is not None and _digits(token) is not None and _digits(best) != _digits(token):
        best = None  # never a "did you mean" that names a different number
    hint = (
        _("Did you mean {id}?").format(id=best)
        if best
        else _range_hint(numbering) or _("Register it first with `ukm register`.")
    )
    return IdProblem(token, _("{text} is not a registered participant.").format(text=token), hint)
