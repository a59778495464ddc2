"""``--by district|sector|gender|tag``: completion per group.

In a module report a participant's standing is their status in that module;
in the programme report it is their standing in the programme (completed =
every module completed, failed = at least one module failed).  A participant
with several tags counts in each of them; one without a tag in "no tag".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import group_keys, group_order, programme_status
from ukmtool.core.reports.tabular import Ratio
from ukmtool.core.rules import Progress


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
    by: str, programme: Programme, entries: Sequence[tuple[Participant, Sequence[Progress]]]
) -> GroupTable:
    """Count standings per group; ``entries`` pair each participant with their progress."""
    counts: dict[str | None, list[int]] = {}
    for participant, progresses in entries:
        standing = programme_status(progresses)
        risky = any(p.at_risk for p in progresses)
        for key in group_keys(participant, by):
            row = counts.setdefault(key, [0, 0, 0, 0, 0])
            row[0] += 1
            row[1] += standing == "completed"
            row[2] += standing == "in_progress"
            row[3] += standing == "failed"
            row[4] += risky
    rows = [GroupRow(key, *counts[key]) for key in group_order(programme, by, counts.keys())]
    return GroupTable(by, rows)
