"""The completion rules of PRODUCT.md, computed for a participant in a module.

For participant P in module M, the sessions that count are M's sessions dated
on or after P's registration.  Of those N sessions, T have been held (have a
sheet); P was present or late at A of them.

- required = ceil(N x min_attendance / 100), at least 1 when min_attendance > 0
- completed: A >= required
- failed: not completed, and A + (N - T) < required
- in_progress otherwise; at_risk when in_progress and A + (N - T) == required
- absent counts every held session that counts where P was marked absent or
  not marked at all
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ukmtool.core.models import ATTENDED, Module, Participant, Sheet
from ukmtool.core.programme import Programme

UNMARKED = "unmarked"
"""A held session's sheet does not list the participant (counted as absent)."""


class Status(StrEnum):
    """Where a participant stands in a module."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"


def required_sessions(sessions: int, min_attendance: int) -> int:
    """ceil(sessions x min_attendance / 100), and at least 1 when min_attendance > 0."""
    needed = -(-sessions * min_attendance // 100)
    return max(needed, 1) if min_attendance > 0 else needed


@dataclass(frozen=True, slots=True)
class Progress:
    """One participant's standing in one module."""

    participant: Participant
    module: Module
    present: int
    late: int
    excused: int
    sick: int
    absent: int
    sessions: int
    held: int
    required: int
    status: Status
    at_risk: bool
    missed: tuple[int, ...]
    """Numbers of the held sessions that count and were not attended, in order."""
    missed_last_two: bool
    """The last two held sessions that count were both missed."""

    @property
    def attended(self) -> int:
        """Present or late."""
        return self.present + self.late

    @property
    def remaining(self) -> int:
        """Sessions that count and are not held yet."""
        return self.sessions - self.held

    @property
    def to_date(self) -> float | None:
        """Attended / held, or None when nothing was held."""
        return self.attended / self.held if self.held else None

    @property
    def overall(self) -> float | None:
        """Attended / planned (the sessions that count)."""
        return self.attended / self.sessions if self.sessions else None

    @property
    def best_possible(self) -> float | None:
        """(attended + not yet held) / planned."""
        return (self.attended + self.remaining) / self.sessions if self.sessions else None

    @property
    def needs_attention(self) -> bool:
        """Failed, at risk, or missed the last two sessions."""
        return self.status is Status.FAILED or self.at_risk or self.missed_last_two


class ModuleRoll:
    """A module's sheets arranged for fast lookups: session -> participant -> status."""

    def __init__(self, module: Module, sheets: dict[int, Sheet]) -> None:
        self.module = module
        self.dates: list[tuple[int, date]] = sorted(
            ((n, s.date) for n, s in module.sessions.items()), key=lambda x: (x[1], x[0])
        )
        self.marks: dict[int, dict[str, str]] = {
            n: sheet.status_of() for n, sheet in sheets.items() if n in module.sessions
        }

    def mark(self, number: int, participant_id: str) -> str | None:
        """How the sheet of session ``number`` lists a participant.

        None when the session has not been held; ``unmarked`` when it was
        held and the participant is on no list (which counts as absent).
        """
        marks = self.marks.get(number)
        if marks is None:
            return None
        return marks.get(participant_id, UNMARKED)

    def progress(self, participant: Participant, min_attendance: int) -> Progress:
        """Apply the rules to one participant."""
        counts = {"present": 0, "late": 0, "excused": 0, "sick": 0, "absent": 0}
        sessions = held = 0
        missed: list[int] = []
        attended_held: list[bool] = []
        registered = participant.registered
        pid = participant.id
        for number, day in self.dates:
            if day < registered:
                continue
            sessions += 1
            marks = self.marks.get(number)
            if marks is None:
                continue
            held += 1
            status = marks.get(pid, "absent")
            counts[status] += 1
            came = status in ATTENDED
            attended_held.append(came)
            if not came:
                missed.append(number)
        attended = counts["present"] + counts["late"]
        required = required_sessions(sessions, min_attendance)
        reachable = attended + (sessions - held)
        if attended >= required:
            status_ = Status.COMPLETED
        elif reachable < required:
            status_ = Status.FAILED
        else:
            status_ = Status.IN_PROGRESS
        at_risk = status_ is Status.IN_PROGRESS and reachable == required
        return Progress(
            participant=participant,
            module=self.module,
            sessions=sessions,
            held=held,
            required=required,
            status=status_,
            at_risk=at_risk,
            missed=tuple(missed),
            missed_last_two=len(attended_held) >= 2 and not any(attended_held[-2:]),
            **counts,
        )


def module_progress(
    programme: Programme, module: Module, participants: Iterable[Participant] | None = None
) -> list[Progress]:
    """Every participant's progress in ``module`` (in the order given, default: the file's)."""
    roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
    minimum = programme.min_attendance(module)
    chosen = programme.participants if participants is None else participants
    return [roll.progress(p, minimum) for p in chosen]


def graduated(progresses: Iterable[Progress]) -> bool:
    """Whether every module in ``progresses`` (one participant's) is completed."""
    return all(p.status is Status.COMPLETED for p in progresses)
