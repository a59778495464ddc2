"""Pre- and post-test scores as figures: averages that say what they divide by.

For one module and the chosen participants: the average pre-test score over
those who took the pre-test, the average post-test score over those who
took the post-test, and the average gain (post minus pre) over those who
took both.  Each :class:`Average` carries how many it divides by (PRODUCT.md:
figures say what they divide by).  A participant exempt from the module
did not take it: their scores are shown but left out of its averages, and
counted apart.

Sums are kept in tenths of a point (scores have at most one decimal), so an
average is exact until it is rounded, half away from zero, to one decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ukmtool.core.models import Participant, Score
from ukmtool.core.programme import Programme
from ukmtool.core.values.scores import tenths

Number = int | float
"""A score, a gain or an average: an int when whole, else one decimal."""


def from_tenths(value: int) -> Number:
    """``value`` tenths of a point as a number (825 -> 82.5, 800 -> 80)."""
    return value // 10 if value % 10 == 0 else value / 10


@dataclass(frozen=True, slots=True)
class Average:
    """An average that knows what it divides by: a sum in tenths of a point, and ``of``."""

    total: int
    """The sum, in tenths of a point."""
    of: int
    """How many values were summed: what the average divides by."""

    @property
    def value(self) -> Number | None:
        """The average to one decimal (rounded half away from zero); None of nobody."""
        if self.of <= 0:
            return None
        size = (2 * abs(self.total) + self.of) // (2 * self.of)
        return from_tenths(size if self.total >= 0 else -size)

    def __add__(self, other: Average) -> Average:
        return Average(self.total + other.total, self.of + other.of)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"average", "of"}`` (average null when ``of`` is 0)."""
        return {"average": self.value, "of": self.of}


NOBODY = Average(0, 0)


@dataclass(frozen=True, slots=True)
class ScoreTally:
    """A module's averages over some participants (or, added up, over several modules)."""

    pre: Average = NOBODY
    """Over those who took the pre-test."""
    post: Average = NOBODY
    """Over those who took the post-test."""
    gain: Average = NOBODY
    """Post minus pre, over those who took both."""
    exempt: int = 0
    """Scores of participants exempt from the module: shown, left out of the averages."""

    def __add__(self, other: ScoreTally) -> ScoreTally:
        return ScoreTally(
            self.pre + other.pre,
            self.post + other.post,
            self.gain + other.gain,
            self.exempt + other.exempt,
        )

    @property
    def any(self) -> bool:
        """Whether any score counts (or was left out as an exemption's)."""
        return bool(self.pre.of or self.post.of or self.exempt)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: each average with what it divides by."""
        return {
            "pre": self.pre.to_dict(),
            "post": self.post.to_dict(),
            "gain": self.gain.to_dict(),
            "exempt_left_out": self.exempt,
        }


NO_TESTS = ScoreTally()
"""No score at all."""


def by_module(programme: Programme) -> dict[str, dict[str, Score]]:
    """Module id -> participant id -> their entry (the first, when one is written twice)."""
    found: dict[str, dict[str, Score]] = {}
    for entry in programme.scores:
        found.setdefault(entry.module, {}).setdefault(entry.participant, entry)
    return found


def of_module(programme: Programme, module_id: str) -> dict[str, Score]:
    """Participant id -> their scores in one module."""
    return by_module(programme).get(module_id, {})


def gain_tenths(entry: Score | None) -> int | None:
    """Post minus pre in tenths of a point, or None unless both were taken."""
    if entry is None or entry.pre is None or entry.post is None:
        return None
    return tenths(entry.post) - tenths(entry.pre)


def tally(entries: Iterable[tuple[Score | None, bool]]) -> ScoreTally:
    """The averages of ``entries``: (a participant's scores or None, whether exempt)."""
    pre = post = gain = 0
    took_pre = took_post = took_both = exempt = 0
    for entry, excused in entries:
        if entry is None or (entry.pre is None and entry.post is None):
            continue
        if excused:
            exempt += 1
            continue
        if entry.pre is not None:
            pre += tenths(entry.pre)
            took_pre += 1
        if entry.post is not None:
            post += tenths(entry.post)
            took_post += 1
        both = gain_tenths(entry)
        if both is not None:
            gain += both
            took_both += 1
    return ScoreTally(
        Average(pre, took_pre), Average(post, took_post), Average(gain, took_both), exempt
    )


def module_scores(
    programme: Programme, module_id: str, participants: Sequence[Participant]
) -> list[Score | None]:
    """Each participant's scores in the module (None: no entry), in the same order."""
    scored = of_module(programme, module_id)
    return [scored.get(p.id) for p in participants]


def counted_gains(
    scores: Sequence[Score | None], participants: Sequence[Participant], module_id: str
) -> list[tuple[int, ...]]:
    """Per participant, the gains that count (in tenths): none when exempt or not both taken."""
    found: list[tuple[int, ...]] = []
    for entry, p in zip(scores, participants, strict=True):
        gain = None if module_id in p.exempt else gain_tenths(entry)
        found.append(() if gain is None else (gain,))
    return found
