"""``ukm report --module ID``: every participant's standing in one module.

The figures come from :mod:`ukmtool.core.rules`; this module only selects,
counts and arranges them, and gives the JSON payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core.models import STATUSES, Module, Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters, select, status_matches
from ukmtool.core.reports.groups import GroupTable, group_table
from ukmtool.core.reports.tabular import Miss, Ratio
from ukmtool.core.rules import ModuleRoll, Progress, Status, required_sessions
from ukmtool.core.suggest import did_you_mean, match_case_insensitive
from ukmtool.errors import NotFoundError
from ukmtool.i18n import _


@dataclass(frozen=True, slots=True)
class SessionLine:
    """One planned session and, when held, how the chosen participants were marked."""

    number: int
    date: date
    topic: str | None
    trainer: str | None
    held: bool
    counted: int
    """Chosen participants for whom the session counts (registered on or before it)."""
    counts: dict[str, int]
    """present, late, excused, sick, absent (unmarked included); zeros when not held."""

    @property
    def attended(self) -> int:
        """Present or late."""
        return self.counts["present"] + self.counts["late"]


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts over a set of progresses: statuses and attendance marks."""

    participants: int
    completed: int
    in_progress: int
    failed: int
    at_risk: int
    missed_last_two: int
    marks: dict[str, int]
    """present, late, excused, sick, absent summed over everyone."""
    held: int
    """Held sessions summed over everyone (the whole of attendance to date)."""

    @property
    def attended(self) -> int:
        """Present or late, summed over everyone."""
        return self.marks["present"] + self.marks["late"]

    @property
    def to_date(self) -> Ratio:
        """Attendance to date: attended / held, over everyone."""
        return Ratio(self.attended, self.held)

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``summary``."""
        return {
            "participants": self.participants,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "at_risk": self.at_risk,
            "missed_last_two": self.missed_last_two,
            "attendance": {**self.marks, "attended": self.attended, "held": self.held},
            "to_date": self.to_date.fraction(),
        }


def tally(progresses: list[Progress]) -> Tally:
    """Count statuses and attendance marks over ``progresses``."""
    statuses = dict.fromkeys(Status, 0)
    marks = dict.fromkeys(STATUSES, 0)
    at_risk = missed_last_two = held = 0
    for p in progresses:
        statuses[p.status] += 1
        at_risk += p.at_risk
        missed_last_two += p.missed_last_two
        held += p.held
        marks["present"] += p.present
        marks["late"] += p.late
        marks["excused"] += p.excused
        marks["sick"] += p.sick
        marks["absent"] += p.absent
    return Tally(
        participants=len(progresses),
        completed=statuses[Status.COMPLETED],
        in_progress=statuses[Status.IN_PROGRESS],
        failed=statuses[Status.FAILED],
        at_risk=at_risk,
        missed_last_two=missed_last_two,
        marks=marks,
        held=held,
    )


@dataclass
class ModuleReport:
    """One module's report, for the participants the filters chose."""

    module: Module
    min_attendance: int
    planned: int
    held: int
    required: int
    """Required of someone for whom every session counts."""
    rows: list[Progress]
    misses: list[tuple[Miss, ...]]
    """Per row: the sessions missed, with date and why."""
    sessions: list[SessionLine]
    summary: Tally
    filters: Filters
    groups: GroupTable | None = None
    total: int = 0
    """Participants in the programme (before filters)."""
    attention: list[bool] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        """The JSON form (keys of issue 5; more may be added, none renamed)."""
        result: dict[str, Any] = {
            "module": {
                "id": self.module.id,
                "title": self.module.title,
                "sessions": self.planned,
                "held": self.held,
                "required": self.required,
                "min_attendance": self.min_attendance,
            },
            "participants": [
                progress_dict(p, m) for p, m in zip(self.rows, self.misses, strict=True)
            ],
            "summary": self.summary.to_dict(),
            "sessions": [
                {
                    "number": s.number,
                    "date": s.date.isoformat(),
                    "topic": s.topic,
                    "trainer": s.trainer,
                    "held": s.held,
                    "counted": s.counted,
                    **s.counts,
                    "attended": s.attended,
                }
                for s in self.sessions
            ],
            "filters": self.filters.to_dict(),
        }
        if self.groups is not None:
            result["groups"] = self.groups.to_dict()
        return result


def progress_dict(p: Progress, misses: tuple[Miss, ...]) -> dict[str, Any]:
    """One participant's standing in one module, as JSON."""
    who = p.participant
    return {
        "id": who.id,
        "business": who.business,
        "district": who.district,
        "sector": who.sector,
        "gender": who.gender,
        "registered": who.registered.isoformat(),
        "present": p.present,
        "late": p.late,
        "excused": p.excused,
        "sick": p.sick,
        "absent": p.absent,
        "attended": p.attended,
        "sessions": p.sessions,
        "held": p.held,
        "required": p.required,
        "status": p.status.value,
        "at_risk": p.at_risk,
        "missed_last_two": p.missed_last_two,
        "to_date": Ratio(p.attended, p.held).fraction(),
        "overall": Ratio(p.attended, p.sessions).fraction(),
        "best_possible": Ratio(p.attended + p.remaining, p.sessions).fraction(),
        "missed": [m.to_dict() for m in misses],
    }


def find_module(programme: Programme, wanted: str) -> Module:
    """The module called ``wanted`` (any case), or NotFoundError naming the choices."""
    ids = [m.id for m in programme.modules]
    found = match_case_insensitive(wanted, ids)
    if found is None:
        hint = did_you_mean(wanted, ids)
        choices = _("The modules are: {ids}.").format(ids=", ".join(ids) or "-")
        raise NotFoundError(
            _("There is no module '{module}'.").format(module=wanted),
            hint=(hint + " " if hint else "") + choices,
        )
    return programme.modules_by_id[found]


def misses_of(roll: ModuleRoll, progress: Progress) -> tuple[Miss, ...]:
    """The sessions ``progress`` missed, each with its date and how the sheet lists them."""
    sessions = roll.module.sessions
    pid = progress.participant.id
    return tuple(
        Miss(number, sessions[number].date, roll.mark(number, pid) or "absent")
        for number in progress.missed
    )


def session_lines(
    roll: ModuleRoll, participants: list[Participant], sessions: list[int] | None = None
) -> list[SessionLine]:
    """Every session of the module in date order, with the marks of ``participants``."""
    module = roll.module
    lines: list[SessionLine] = []
    for number, day in roll.dates:
        if sessions is not None and number not in sessions:
            continue
        counting = [p for p in participants if p.registered <= day]
        marks = roll.marks.get(number)
        counts = dict.fromkeys(STATUSES, 0)
        if marks is not None:
            for p in counting:
                status = marks.get(p.id, "absent")
                counts[status] += 1
        session = module.sessions[number]
        lines.append(
            SessionLine(
                number=number,
                date=day,
                topic=session.topic,
                trainer=session.trainer,
                held=marks is not None,
                counted=len(counting),
                counts=counts,
            )
        )
    return lines


def module_report(
    programme: Programme, module_id: str, filters: Filters, by: str | None = None
) -> ModuleReport:
    """The report of one module for the participants ``filters`` choose."""
    module = find_module(programme, module_id)
    roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
    minimum = programme.min_attendance(module)
    chosen = select(programme, filters)
    rows = [roll.progress(p, minimum) for p in chosen]
    if filters.statuses:
        rows = [p for p in rows if status_matches(p, filters.statuses)]
    held = sum(1 for n in module.sessions if n in roll.marks)
    return ModuleReport(
        module=module,
        min_attendance=minimum,
        planned=len(module.sessions),
        held=held,
        required=required_sessions(len(module.sessions), minimum),
        rows=rows,
        misses=[misses_of(roll, p) for p in rows],
        sessions=session_lines(roll, [p.participant for p in rows]),
        summary=tally(rows),
        filters=filters,
        groups=group_table(by, programme, [(p.participant, [p]) for p in rows]) if by else None,
        total=len(programme.participants),
        attention=[p.needs_attention for p in rows],
    )
