"""``--by district|sector|gender|tag``: completion per group.

In a module report a participant's standing is their status in that module;
in the programme report it is their standing in the programme (completed =
every module completed, failed = at least one module failed).  A participant
with several tags counts in each of them; one without a tag in "no tag".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import group_keys, group_order
from ukmtool.core.reports.tabular import Ratio


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

    @property
    def completed_share(self) -> Ratio:
        """Completed / participants."""
        return Ratio(self.completed, self.participants)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "group": self.group,
            "participants": self.participants,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "at_risk": self.at_risk,
            "completed_share": self.completed_share.fraction(),
        }


@dataclass(frozen=True, slots=True)
class GroupTable:
    """Completion per group, in the programme's order."""

    by: str
    rows: list[GroupRow]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"by": self.by, "rows": [row.to_dict() for row in self.rows]}


def group_table(
    by: str,
    programme: Programme,
    participants: Sequence[Participant],
    verdicts: Sequence[tuple[str, bool]],
) -> GroupTable:
    """Count standings per group.

    ``verdicts`` holds, per participant, their standing (completed, in_progress
    or failed) and whether they are at risk.
    """
    if by == "tag":
        tally: Counter[tuple[str | None, str, bool]] = Counter()
        for participant, (standing, risky) in zip(participants, verdicts, strict=True):
            for key in group_keys(participant, by):
                tally[key, standing, risky] += 1
    else:
        keys = (group_keys(p, by)[0] for p in participants)
        tally = Counter((key, *verdict) for key, verdict in zip(keys, verdicts, strict=True))
    counts: dict[str | None, list[int]] = {}
    for (key, standing, risky), n in tally.items():
        row = counts.setdefault(key, [0, 0, 0, 0, 0])
        row[0] += n
        row[1] += n * (standing == "completed")
        row[2] += n * (standing == "in_progress")
        row[3] += n * (standing == "failed")
        row[4] += n * risky
    rows = [GroupRow(key, *counts[key]) for key in group_order(programme, by, counts.keys())]
    return GroupTable(by, rows)
