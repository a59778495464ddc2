"""``ukm report``: the whole programme at a glance.

One line per module (sessions held of planned, completed, in progress,
failed, at risk, missed, exempt, attendance to date), the graduates
(participants who completed every module, or were exempt from it), everyone
at risk in any module, everyone who missed a module (rules 2.1), and the
mentoring: how many businesses are mentored and their practice uptake (see
``visits``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core.models import Module, Participant, Score, Settings
from ukmtool.core.programme import Programme
from ukmtool.core.reports import scores as scoring
from ukmtool.core.reports.figures import Miss
from ukmtool.core.reports.filters import (
    Filters,
    programme_verdicts,
    select,
    verdict_matches,
)
from ukmtool.core.reports.groups import GroupTable, group_table
from ukmtool.core.reports.module import Tally, misses_of, tally
from ukmtool.core.reports.visits import Uptake, mentored, uptake
from ukmtool.core.rules import ModuleRoll, Roster, Standing, Status
from ukmtool.core.thresholds import required_sessions


@dataclass(frozen=True, slots=True)
class ModuleLine:
    """One module's figures for the chosen participants."""

    module: Module
    min_attendance: int
    planned: int
    held: int
    required: int
    tally: Tally
    tests: scoring.ScoreTally = scoring.NO_TESTS
    """The module's average pre, post and gain over the chosen participants."""

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
            "missed": t.missed,
            "exempt": t.exempt,
            "missed_last_two": t.missed_last_two,
            "attended": t.attended,
            "attendance_held": t.held,
            "attendance_to_date": t.to_date.fraction(),
            "scores": self.tests.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class RiskLine:
    """A participant at risk in one module, with what they missed."""

    participant: Participant
    module: Module
    standing: Standing
    misses: tuple[Miss, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        p = self.standing
        return {
            **_whom_to_call(self.participant, self.module),
            "attended": p.attended,
            "held": p.held,
            "sessions": p.sessions,
            "required": p.required,
            "missed_last_two": p.missed_last_two,
            "missed": [m.to_dict() for m in self.misses],
        }


@dataclass(frozen=True, slots=True)
class MissLine:
    """A participant who missed one module (rules 2.1): registered after its last session."""

    participant: Participant
    module: Module

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            **_whom_to_call(self.participant, self.module),
            "registered": self.participant.registered.isoformat(),
        }


def _whom_to_call(participant: Participant, module: Module) -> dict[str, Any]:
    """Who, and how to reach them, about which module: the keys every list to act on starts with."""
    return {
        "id": participant.id,
        "owner": participant.owner,
        "business": participant.business,
        "phone": participant.phone,
        "district": participant.district,
        "module": module.id,
    }


@dataclass(frozen=True, slots=True)
class ProgrammeStanding:
    """How many chosen participants stand where in the whole programme."""

    participants: int
    graduates: int
    in_progress: int
    failed: int
    at_risk: int
    missed: int = 0
    """Rules 2.1: missed a module (registered after all its sessions) and failed none."""
    exempt: int = 0
    """Rules 2.1: exempt from at least one module."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``summary``."""
        return {
            "participants": self.participants,
            "graduates": self.graduates,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "at_risk": self.at_risk,
            "missed": self.missed,
            "exempt": self.exempt,
        }


@dataclass
class ProgrammeReport:
    """The programme report for the participants the filters chose."""

    settings: Settings
    modules: list[ModuleLine]
    standing: ProgrammeStanding
    at_risk: list[RiskLine]
    filters: Filters
    total: int
    groups: GroupTable | None = None
    mentoring: Uptake | None = None
    as_of: date | None = None
    """The day the figures are as of (``--as-of``); None: as the folder stands."""
    missed: list[MissLine] = field(default_factory=list)
    """Each participant and module they missed (rules 2.1), participant by participant."""
    tested: bool = False
    """scores.yaml holds a score: the report shows the tests of each module."""
    chosen: list[Participant] = field(default_factory=list)
    """The participants the figures are of, in the folder's order."""
    standings: list[list[Standing]] = field(default_factory=list)
    """Per module (in the order of ``modules``), each chosen participant's standing in it."""

    @property
    def tests(self) -> scoring.ScoreTally:
        """Every module's tests together: each average over every test taken (in any module)."""
        total = scoring.ScoreTally()
        for line in self.modules:
            total = total + line.tests
        return total

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
                "name": self.settings.name,
                "participants": self.total,
                "modules": len(self.modules),
                "sessions": self.planned,
                "held": self.held,
                "min_attendance": self.settings.min_attendance,
            },
            "modules": [m.to_dict() for m in self.modules],
            "graduates": self.standing.graduates,
            "summary": {**self.standing.to_dict(), "scores": self.tests.to_dict()},
            "at_risk": [r.to_dict() for r in self.at_risk],
            "missed": [m.to_dict() for m in self.missed],
            "filters": self.filters.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }
        if self.groups is not None:
            result["groups"] = self.groups.to_dict()
        if self.mentoring is not None:
            result["mentoring"] = self.mentoring.to_dict()
        return result


def programme_report(
    programme: Programme, filters: Filters, by: str | Sequence[str] | None = None
) -> ProgrammeReport:
    """Every module's figures, graduates and the at-risk list for the chosen participants."""
    chosen = select(programme, filters)
    rolls = [
        (ModuleRoll(m, programme.sheets.get(m.id, {})), programme.min_attendance(m))
        for m in programme.modules
    ]
    roster = Roster(chosen)
    columns = [roll.standings(roster, minimum) for roll, minimum in rolls]
    verdicts = programme_verdicts(columns, len(chosen))
    if filters.statuses:
        keep = [
            i for i, verdict in enumerate(verdicts) if verdict_matches(verdict, filters.statuses)
        ]
        chosen = [chosen[i] for i in keep]
        verdicts = [verdicts[i] for i in keep]
        columns = [[column[i] for i in keep] for column in columns]
    scored = scoring.by_module(programme)
    module_scores = [
        [scored.get(roll.module.id, {}).get(p.id) for p in chosen] for roll, _minimum in rolls
    ]
    lines = [
        ModuleLine(
            module=roll.module,
            min_attendance=minimum,
            planned=len(roll.module.sessions),
            held=len(roll.held),
            required=required_sessions(len(roll.module.sessions), minimum),
            tally=tally(column),
            tests=scoring.tally(
                (entry, roll.module.id in p.exempt)
                for entry, p in zip(entries, chosen, strict=True)
            ),
        )
        for (roll, minimum), column, entries in zip(rolls, columns, module_scores, strict=True)
    ]
    shared: dict[Standing, tuple[Miss, ...]] = {}  # one per standing, as participants share them
    risks: list[RiskLine] = []
    for i in (i for i, (_standing, risky, _exempt) in enumerate(verdicts) if risky):
        for (roll, _minimum), column in zip(rolls, columns, strict=True):
            s = column[i]
            if s.at_risk:
                misses = shared.get(s)
                if misses is None:
                    misses = shared[s] = misses_of(roll.module, s)
                risks.append(RiskLine(chosen[i], roll.module, s, misses))
    missing: list[MissLine] = []
    if any(line.tally.missed for line in lines):
        for i, who in enumerate(chosen):
            missing += [
                MissLine(who, roll.module)
                for (roll, _minimum), column in zip(rolls, columns, strict=True)
                if column[i].status is Status.MISSED
            ]
    standings = Counter(standing for standing, _risky, _exempt in verdicts)
    standing = ProgrammeStanding(
        participants=len(chosen),
        graduates=standings["completed"],
        in_progress=standings["in_progress"],
        failed=standings["failed"],
        at_risk=sum(risky for _standing, risky, _exempt in verdicts),
        missed=standings["missed"],
        exempt=sum(exempt for _standing, _risky, exempt in verdicts),
    )
    return ProgrammeReport(
        settings=programme.settings,
        modules=lines,
        standing=standing,
        at_risk=risks,
        filters=filters,
        total=len(programme.participants),
        groups=group_table(by, programme, chosen, verdicts, _gains(rolls, module_scores, chosen))
        if by
        else None,
        mentoring=uptake(mentored(programme, chosen)),
        missed=missing,
        chosen=chosen,
        standings=columns,
        tested=bool(programme.scores),
    )


def _gains(
    rolls: Sequence[tuple[ModuleRoll, int]],
    module_scores: Sequence[Sequence[Score | None]],
    chosen: Sequence[Participant],
) -> list[tuple[int, ...]]:
    """Per participant, the test gains that count in every module (for ``--by``)."""
    per_module = [
        scoring.counted_gains(entries, chosen, roll.module.id)
        for (roll, _minimum), entries in zip(rolls, module_scores, strict=True)
    ]
    if not per_module:
        return [() for _p in chosen]
    return [tuple(g for gains in column for g in gains) for column in zip(*per_module, strict=True)]
