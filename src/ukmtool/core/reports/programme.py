"""``ukm report``: the whole programme at a glance.

One line per module (sessions held of planned, completed, in progress,
failed, at risk, attendance to date), the graduates (participants who
completed every module), everyone at risk in any module, and the mentoring:
how many businesses are mentored and their practice uptake (see ``visits``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ukmtool.core.models import Module, Program
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters, programme_matches, programme_status, select
from ukmtool.core.reports.groups import GroupTable, group_table
from ukmtool.core.reports.module import Tally, misses_of, tally
from ukmtool.core.reports.tabular import Miss
from ukmtool.core.reports.visits import Uptake, mentored, uptake
from ukmtool.core.rules import ModuleRoll, Progress, required_sessions


@dataclass(frozen=True, slots=True)
class ModuleLine:
    """One module's figures for the chosen participants."""

    module: Module
    min_attendance: int
    planned: int
    held: int
    required: int
    tally: Tally

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        t = self.tally
        return {
            "id": self.module.id,
            "title": self.module.title,
            "sessions": self.planned,
            "held": self.held,
            "required": self.required,
            "min_attendance": self.min_attendance,
            "participants": t.participants,
            "completed": t.completed,
            "in_progress": t.in_progress,
            "failed": t.failed,
            "at_risk": t.at_risk,
            "missed_last_two": t.missed_last_two,
            "attended": t.attended,
            "attendance_held": t.held,
            "attendance_to_date": t.to_date.fraction(),
        }


@dataclass(frozen=True, slots=True)
class RiskLine:
    """A participant at risk in one module, with what they missed."""

    progress: Progress
    misses: tuple[Miss, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        p = self.progress
        return {
            "id": p.participant.id,
            "business": p.participant.business,
            "district": p.participant.district,
            "module": p.module.id,
            "attended": p.attended,
            "held": p.held,
            "sessions": p.sessions,
            "required": p.required,
            "missed_last_two": p.missed_last_two,
            "missed": [m.to_dict() for m in self.misses],
        }


@dataclass(frozen=True, slots=True)
class Standing:
    """How many chosen participants stand where in the whole programme."""

    participants: int
    graduates: int
    in_progress: int
    failed: int
    at_risk: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``summary``."""
        return {
            "participants": self.participants,
            "graduates": self.graduates,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "at_risk": self.at_risk,
        }


@dataclass
class ProgrammeReport:
    """The programme report for the participants the filters chose."""

    program: Program
    modules: list[ModuleLine]
    standing: Standing
    at_risk: list[RiskLine]
    filters: Filters
    total: int
    groups: GroupTable | None = None
    mentoring: Uptake | None = None

    @property
    def planned(self) -> int:
        """Sessions planned over all modules."""
        return sum(m.planned for m in self.modules)

    @property
    def held(self) -> int:
        """Sessions held over all modules."""
        return sum(m.held for m in self.modules)

    def payload(self) -> dict[str, Any]:
        """The JSON form: the same figures as the table."""
        result: dict[str, Any] = {
            "programme": {
                "name": self.program.name,
                "participants": self.total,
                "modules": len(self.modules),
                "sessions": self.planned,
                "held": self.held,
                "min_attendance": self.program.min_attendance,
            },
            "modules": [m.to_dict() for m in self.modules],
            "graduates": self.standing.graduates,
            "summary": self.standing.to_dict(),
            "at_risk": [r.to_dict() for r in self.at_risk],
            "filters": self.filters.to_dict(),
        }
        if self.groups is not None:
            result["groups"] = self.groups.to_dict()
        if self.mentoring is not None:
            result["mentoring"] = self.mentoring.to_dict()
        return result


def programme_report(
    programme: Programme, filters: Filters, by: str | None = None
) -> ProgrammeReport:
    """Every module's figures, graduates and the at-risk list for the chosen participants."""
    chosen = select(programme, filters)
    rolls: list[tuple[ModuleRoll, int]] = []
    per_participant: list[list[Progress]] = [[] for _ in chosen]
    for module in programme.modules:
        roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
        minimum = programme.min_attendance(module)
        rolls.append((roll, minimum))
        for index, participant in enumerate(chosen):
            per_participant[index].append(roll.progress(participant, minimum))
    entries = [
        (participant, progresses)
        for participant, progresses in zip(chosen, per_participant, strict=True)
        if programme_matches(progresses, filters.statuses)
    ]
    lines: list[ModuleLine] = []
    for index, (roll, minimum) in enumerate(rolls):
        module = roll.module
        lines.append(
            ModuleLine(
                module=module,
                min_attendance=minimum,
                planned=len(module.sessions),
                held=sum(1 for n in module.sessions if n in roll.marks),
                required=required_sessions(len(module.sessions), minimum),
                tally=tally([progresses[index] for _, progresses in entries]),
            )
        )
    standings = [programme_status(progresses) for _, progresses in entries]
    risks = [
        RiskLine(p, misses_of(roll, p))
        for _, progresses in entries
        for p, (roll, _minimum) in zip(progresses, rolls, strict=True)
        if p.at_risk
    ]
    standing = Standing(
        participants=len(entries),
        graduates=standings.count("completed"),
        in_progress=standings.count("in_progress"),
        failed=standings.count("failed"),
        at_risk=sum(1 for _, progresses in entries if any(p.at_risk for p in progresses)),
    )
    return ProgrammeReport(
        program=programme.program,
        modules=lines,
        standing=standing,
        at_risk=risks,
        filters=filters,
        total=len(programme.participants),
        groups=group_table(by, programme, entries) if by else None,
        mentoring=uptake(mentored(programme, (p for p, _progresses in entries))),
    )
