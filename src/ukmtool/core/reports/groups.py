"""``--by district|sector|gender|tag``: completion per group, or per pair of groups.

In a module report a participant's standing is their status in that module;
in the programme report it is their standing in the programme (completed =
every module completed or exempt, failed = at least one module failed,
missed = none failed and at least one missed).  A participant with several
tags counts in each of them; one without a tag in "no tag".  Those exempt
from a module are left out of its completed share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.filters import Verdict, group_keys, group_order
from ukmtool.core.reports.scores import NOBODY, Average


@dataclass(frozen=True, slots=True)
class GroupRow:
    """Completion in one group."""

    group: str | None
    """The district, sector, gender or tag; None for participants without a tag."""
    participants: int
    completed: int
    in_progress: int
    failed: int
    at_risk: int
    missed: int = 0
    """Rules 2.1: missed the module (in the programme: a module, and failed none)."""
    exempt: int = 0
    """Rules 2.1: exempt from the module (in the programme: from any module)."""
    exempt_standing: int = 0
    """Of ``exempt``, those whose standing is exempt (a module's; never in the programme)."""
    gain: Average = NOBODY
    """The average test gain (post minus pre) over the tests its participants took both of."""

    @property
    def completed_share(self) -> Ratio:
        """Completed / participants (those exempt from the module left out)."""
        return Ratio(self.completed, self.participants - self.exempt_standing)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "group": self.group,
            "participants": self.participants,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "at_risk": self.at_risk,
            "missed": self.missed,
            "exempt": self.exempt,
            "completed_share": self.completed_share.fraction(),
            "gain": self.gain.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class GroupTable:
    """Completion per group, in the programme's order, with the total over the participants.

    With two ``--by`` (``by`` of two names) it is a cross-table: ``rows`` are
    the first grouping's totals and ``cells[i]`` the row's groups of the
    second grouping (one per group of ``across``, zero rows included);
    ``across_totals`` are the second grouping's totals.  The total counts
    each participant once, whatever their tags.
    """

    by: tuple[str, ...]
    rows: list[GroupRow]
    total: GroupRow
    across: list[str | None] = field(default_factory=list)
    cells: list[list[GroupRow]] = field(default_factory=list)
    across_totals: list[GroupRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        if len(self.by) == 1:
            return {
                "by": self.by[0],
                "rows": [row.to_dict() for row in self.rows],
                "total": self.total.to_dict(),
            }
        return {
            "by": list(self.by),
            "rows": [
                {**row.to_dict(), "cells": [cell.to_dict() for cell in cells]}
                for row, cells in zip(self.rows, self.cells, strict=True)
            ],
            "columns": [row.to_dict() for row in self.across_totals],
            "total": self.total.to_dict(),
        }


Gains = Sequence[tuple[int, ...]]
"""Per participant, the test gains (in tenths of a point) that count: one a module taken both."""


def _row(
    key: str | None, members: Sequence[int], verdicts: Sequence[Verdict], gains: Gains | None
) -> GroupRow:
    chosen = [verdicts[i] for i in members]
    tally: Counter[str] = Counter(standing for standing, _r, _e in chosen)
    gain = NOBODY
    if gains is not None:
        counted = [g for i in members for g in gains[i]]
        gain = Average(sum(counted), len(counted))
    return GroupRow(
        key,
        len(chosen),
        tally["completed"],
        tally["in_progress"],
        tally["failed"],
        sum(1 for _s, risky, _e in chosen if risky),
        missed=tally["missed"],
        exempt=sum(1 for _s, _r, exempt in chosen if exempt),
        exempt_standing=tally["exempt"],
        gain=gain,
    )


def _members(
    by: str, participants: Sequence[Participant], verdicts: Sequence[Verdict]
) -> dict[str | None, list[int]]:
    """Group -> the positions of its participants (a participant with several tags in each)."""
    members: dict[str | None, list[int]] = {}
    for i, participant in enumerate(participants):
        for key in group_keys(participant, by):
            members.setdefault(key, []).append(i)
    return members


def group_table(
    by: str | Sequence[str],
    programme: Programme,
    participants: Sequence[Participant],
    verdicts: Sequence[Verdict],
    gains: Gains | None = None,
) -> GroupTable:
    """Count standings per group, or per pair of groups when ``by`` names two groupings.

    ``verdicts`` holds, per participant, their standing (see :data:`Verdict`),
    whether they are at risk and whether exempt; ``gains``, when given, the test
    gains that count for them (each group's :attr:`GroupRow.gain` averages them).
    """
    names = (by,) if isinstance(by, str) else tuple(by)
    first = _members(names[0], participants, verdicts)
    order = group_order(programme, names[0], first.keys())
    rows = [_row(key, first[key], verdicts, gains) for key in order]
    total = _row(None, range(len(verdicts)), verdicts, gains)
    if len(names) == 1:
        return GroupTable(names, rows, total)
    second = _members(names[1], participants, verdicts)
    across = group_order(programme, names[1], second.keys())
    within = {key: set(second[key]) for key in across}
    cells = [
        [
            _row(other, [i for i in first[key] if i in within[other]], verdicts, gains)
            for other in across
        ]
        for key in order
    ]
    totals = [_row(key, second[key], verdicts, gains) for key in across]
    return GroupTable(names, rows, total, across, cells, totals)
