"""``ukm report --module ID``: every participant's standing in one module.

The figures come from :mod:`ukmtool.core.rules`; this module only selects,
counts and arranges them, and gives the JSON payload.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core.models import ATTENDED, MAKEUP, STATUSES, Module, Participant, Score
from ukmtool.core.programme import Programme
from ukmtool.core.reports import scores as scoring
from ukmtool.core.reports.figures import Miss, Ratio
from ukmtool.core.reports.filters import Filters, select, status_matches
from ukmtool.core.reports.groups import GroupTable, group_table
from ukmtool.core.rules import (
    UNMARKED,
    ModuleRoll,
    Roster,
    Standing,
    Status,
)
from ukmtool.core.thresholds import required_sessions

MARKS: tuple[str, ...] = (*STATUSES, MAKEUP)
"""The marks counted per session and over a module: the sheet's lists, then make-ups."""


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
    """present, late, excused, sick, absent (unmarked included), makeup; zeros when not held."""
    advance: int = 0
    """Not held yet: chosen participants already marked on its sheet (excused, sick or
    absent in advance); their marks count once the session is held."""

    @property
    def attended(self) -> int:
        """Present or late on the day, or made up later."""
        return self.counts["present"] + self.counts["late"] + self.counts[MAKEUP]


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts over a set of standings: statuses and attendance marks."""

    participants: int
    completed: int
    in_progress: int
    failed: int
    at_risk: int
    missed_last_two: int
    marks: dict[str, int]
    """present, late, excused, sick, absent, makeup summed over everyone."""
    held: int
    """Held sessions summed over everyone (the whole of attendance to date)."""
    missed: int = 0
    """Rules 2.1: no session counts for them (registered after the module): not completed."""
    exempt: int = 0
    """Rules 2.1: exempt from the module; left out of completed, failed and at risk."""

    @property
    def attended(self) -> int:
        """Present, late or made up, summed over everyone."""
        return self.marks["present"] + self.marks["late"] + self.marks[MAKEUP]

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
            "missed": self.missed,
            "exempt": self.exempt,
            "missed_last_two": self.missed_last_two,
            "attendance": {**self.marks, "attended": self.attended, "held": self.held},
            "to_date": self.to_date.fraction(),
        }


def tally(standings: Iterable[Standing]) -> Tally:
    """Count statuses and attendance marks over ``standings`` (one per participant)."""
    statuses = dict.fromkeys(Status, 0)
    marks = dict.fromkeys(MARKS, 0)
    at_risk = missed_last_two = held = participants = 0
    for s, n in Counter(standings).items():
        participants += n
        statuses[s.status] += n
        at_risk += s.at_risk * n
        missed_last_two += s.missed_last_two * n
        held += s.held * n
        marks["present"] += s.present * n
        marks["late"] += s.late * n
        marks["excused"] += s.excused * n
        marks["sick"] += s.sick * n
        marks["absent"] += s.absent * n
        marks[MAKEUP] += s.makeup * n
    return Tally(
        participants=participants,
        completed=statuses[Status.COMPLETED],
        in_progress=statuses[Status.IN_PROGRESS],
        failed=statuses[Status.FAILED],
        at_risk=at_risk,
        missed_last_two=missed_last_two,
        marks=marks,
        held=held,
        missed=statuses[Status.MISSED],
        exempt=statuses[Status.EXEMPT],
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
    participants: list[Participant]
    standings: list[Standing]
    """Per participant (same order): their figures; participants alike share one."""
    sessions: list[SessionLine]
    summary: Tally
    filters: Filters
    groups: GroupTable | None = None
    total: int = 0
    """Participants in the programme (before filters)."""
    as_of: date | None = None
    """The day the figures are as of (``--as-of``); None: as the folder stands."""
    scores: list[Score | None] = field(default_factory=list)
    """Per participant (same order): their pre- and post-test scores, or None."""
    tests: scoring.ScoreTally = field(default_factory=scoring.ScoreTally)
    """The average pre, post and gain over the participants (exempt ones left out)."""
    tested: bool = False
    """scores.yaml holds a score of this module (of anyone): the report shows the tests."""
    _misses: dict[Standing, tuple[Miss, ...]] = field(default_factory=dict, repr=False)

    def misses(self, standing: Standing) -> tuple[Miss, ...]:
        """The sessions missed, with date and why (one tuple shared by participants alike)."""
        found = self._misses.get(standing)
        if found is None:
            found = self._misses[standing] = misses_of(self.module, standing)
        return found

    def payload(self) -> dict[str, Any]:
        """The JSON form (keys of issue 5; more may be added, none renamed)."""
        shared: dict[Standing, dict[str, Any]] = {}
        days: dict[date, str] = {}
        rows = []
        scores = self.scores or [None] * len(self.participants)
        for who, s, entry in zip(self.participants, self.standings, scores, strict=True):
            figures = shared.get(s)
            if figures is None:
                figures = shared[s] = standing_dict(s, self.misses(s))
            day = days.get(who.registered)
            if day is None:
                day = days[who.registered] = who.registered.isoformat()
            row = {
                "id": who.id,
                "owner": who.owner,
                "business": who.business,
                "phone": who.phone,
                "district": who.district,
                "sector": who.sector,
                "gender": who.gender,
                "registered": day,
            }
            row.update(figures)
            row.update(score_dict(entry))
            rows.append(row)
        result: dict[str, Any] = {
            "module": {
                "id": self.module.id,
                "title": self.module.title,
                "sessions": self.planned,
                "held": self.held,
                "required": self.required,
                "min_attendance": self.min_attendance,
            },
            "participants": rows,
            "summary": {**self.summary.to_dict(), "scores": self.tests.to_dict()},
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
                    "advance_notice": s.advance,
                }
                for s in self.sessions
            ],
            "filters": self.filters.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }
        if self.groups is not None:
            result["groups"] = self.groups.to_dict()
        return result


def score_dict(entry: Score | None) -> dict[str, Any]:
    """A participant's test scores in the module, as JSON (null when not taken)."""
    if entry is None:
        return {"pre": None, "post": None, "gain": None}
    gain = scoring.gain_tenths(entry)
    return {
        "pre": entry.pre,
        "post": entry.post,
        "gain": None if gain is None else scoring.from_tenths(gain),
    }


def standing_dict(p: Standing, misses: tuple[Miss, ...]) -> dict[str, Any]:
    """One participant's figures in one module, as JSON (after who they are)."""
    return {
        "present": p.present,
        "late": p.late,
        "excused": p.excused,
        "sick": p.sick,
        "absent": p.absent,
        "makeup": p.makeup,
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


def misses_of(module: Module, standing: Standing) -> tuple[Miss, ...]:
    """The sessions ``standing`` missed, each with its date and how the sheet lists them."""
    sessions = module.sessions
    return tuple(
        Miss(number, sessions[number].date, status)
        for number, status in standing.marks
        if status not in ATTENDED
    )


def session_lines(
    roll: ModuleRoll, participants: Iterable[Participant], standings: Iterable[Standing]
) -> list[SessionLine]:
    """Every session of the module in date order, with the marks of ``participants``.

    ``standings`` are theirs in the module (one per participant).
    """
    module = roll.module
    participants = list(participants)
    standings = list(standings)
    joined = Counter(p.registered for p in participants)
    alike = Counter(standings)
    marks: dict[int, dict[str, int]] = {n: dict.fromkeys(MARKS, 0) for n in roll.held}
    for s, n in alike.items():
        for number, status in s.marks:
            marks[number]["absent" if status == UNMARKED else status] += n
    early: Counter[int] = Counter()  # sessions made up by someone who registered after them
    if any(s.makeup or s.status is Status.EXEMPT for s in alike):
        for p, s in zip(participants, standings, strict=True):
            if s.status is Status.EXEMPT:  # no session of the module counts for them
                joined[p.registered] -= 1
            elif s.makeup:
                early.update(
                    number
                    for number, status in s.marks
                    if status == MAKEUP and module.sessions[number].date < p.registered
                )
    lines: list[SessionLine] = []
    chosen: set[str] | None = None
    for number, day in roll.dates:
        session = module.sessions[number]
        counts = marks.get(number)
        advance = 0
        notice = roll.advance.get(number)
        if notice is not None:
            if chosen is None:
                chosen = {p.id for p in participants}
            advance = len(chosen.intersection(notice.status_of()))
        lines.append(
            SessionLine(
                number=number,
                date=day,
                topic=session.topic,
                trainer=session.trainer,
                held=counts is not None,
                counted=sum(n for joined_on, n in joined.items() if joined_on <= day)
                + early[number],
                counts=counts if counts is not None else dict.fromkeys(MARKS, 0),
                advance=advance,
            )
        )
    return lines


def module_report(
    programme: Programme, module_id: str, filters: Filters, by: str | Sequence[str] | None = None
) -> ModuleReport:
    """The report of one module for the participants ``filters`` choose."""
    module = programme.find_module(module_id)
    roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
    minimum = programme.min_attendance(module)
    chosen = select(programme, filters)
    standings = roll.standings(Roster(chosen), minimum)
    if filters.statuses:
        keep = {s: status_matches(s, filters.statuses) for s in set(standings)}
        kept = [(p, s) for p, s in zip(chosen, standings, strict=True) if keep[s]]
        chosen = [p for p, _s in kept]
        standings = [s for _p, s in kept]
    scores = scoring.module_scores(programme, module.id, chosen)
    groups = None
    if by:
        verdicts = [(s.status.value, s.at_risk, s.status is Status.EXEMPT) for s in standings]
        gains = scoring.counted_gains(scores, chosen, module.id)
        groups = group_table(by, programme, chosen, verdicts, gains)
    return ModuleReport(
        module=module,
        min_attendance=minimum,
        planned=len(module.sessions),
        held=len(roll.held),
        required=required_sessions(len(module.sessions), minimum),
        participants=chosen,
        standings=standings,
        sessions=session_lines(roll, chosen, standings),
        summary=tally(standings),
        filters=filters,
        groups=groups,
        total=len(programme.participants),
        scores=scores,
        tests=scoring.tally(
            (entry, module.id in p.exempt) for entry, p in zip(scores, chosen, strict=True)
        ),
        tested=bool(scoring.of_module(programme, module.id)),
    )
