"""Mentoring: visits per business and trainer, and the good practices taken up.

A business is *mentored* when it has at least one visit.  Its visits are
taken in date order (visits on one day in the order of the file).  For each
practice, its *first* observation is the earliest visit that observed it
(yes or no) and its *latest* the last one; a practice never observed at a
business has neither, and is left out of that business's shares.

- per practice: of the mentored businesses observed for it, how many had it
  at their first observation and how many at their latest; *gained* went
  from no to yes, *lost* from yes to no;
- uptake (the programme's average): of every (business, practice) pair
  observed, the share in place at the first observation and at the latest;
- stale: a business whose latest visit is more than ``stale_days`` days
  before the report's date, counted under the trainer who visited it last.

The report's date is ``--as-of`` when given (visits after it are left out),
else today, but not after the programme's end (so a finished programme's
report stays the same), and never before the latest visit recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core import clock
from ukmtool.core.fields import trainer_key
from ukmtool.core.models import Participant, Settings, Visit
from ukmtool.core.programme import Programme
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.filters import Filters, select

DEFAULT_STALE_DAYS = 21


@dataclass(frozen=True, slots=True)
class Observation:
    """What a visit saw of one practice."""

    date: date
    value: bool


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """One practice at one business: its first and latest observation."""

    practice: str
    module: str
    text: str
    first: Observation | None
    latest: Observation | None
    observations: int

    @property
    def change(self) -> str | None:
        """gained, lost, kept, not_yet, once (observed at one visit), or None (never)."""
        if self.first is None or self.latest is None:
            return None
        if self.observations == 1:
            return "once"
        before, now = self.first.value, self.latest.value
        if before != now:
            return "gained" if now else "lost"
        return "kept" if now else "not_yet"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "id": self.practice,
            "module": self.module,
            "first": self.first.value if self.first else None,
            "first_date": self.first.date.isoformat() if self.first else None,
            "latest": self.latest.value if self.latest else None,
            "latest_date": self.latest.date.isoformat() if self.latest else None,
            "observations": self.observations,
            "change": self.change,
        }


@dataclass
class Mentoring:
    """One business's visits (in date order) and its record of every practice."""

    participant: Participant
    visits: list[Visit]
    practices: list[PracticeRecord]

    @property
    def trainer(self) -> str:
        """Who visited last."""
        return self.visits[-1].trainer

    @property
    def hours(self) -> float:
        """Hours of every visit."""
        return round(sum(v.hours for v in self.visits), 2)

    @property
    def observed(self) -> list[PracticeRecord]:
        """The practices observed at least once."""
        return [r for r in self.practices if r.first is not None]

    @property
    def yes_first(self) -> int:
        """Practices in place at their first observation."""
        return sum(1 for r in self.observed if r.first is not None and r.first.value)

    @property
    def yes_latest(self) -> int:
        """Practices in place at their latest observation."""
        return sum(1 for r in self.observed if r.latest is not None and r.latest.value)

    def changed(self, change: str) -> list[str]:
        """The ids of the practices with that change (gained, lost)."""
        return [r.practice for r in self.practices if r.change == change]


def practice_catalogue(programme: Programme) -> list[tuple[str, str, str]]:
    """``(practice, module, sentence)`` of every practice, in teaching order."""
    return [(p, m.id, text) for m in programme.modules for p, text in m.practices.items()]


def mentoring_of(
    programme: Programme, participant: Participant, visits: Sequence[Visit]
) -> Mentoring:
    """The record of ``participant`` from its ``visits`` (any order)."""
    ordered = sorted(visits, key=lambda v: v.date)  # stable: one day's visits in file order
    records = []
    for practice, module, text in practice_catalogue(programme):
        seen = [
            Observation(v.date, v.practices[practice]) for v in ordered if practice in v.practices
        ]
        records.append(
            PracticeRecord(
                practice,
                module,
                text,
                seen[0] if seen else None,
                seen[-1] if seen else None,
                len(seen),
            )
        )
    return Mentoring(participant, ordered, records)


def mentored(
    programme: Programme, participants: Iterable[Participant], until: date | None = None
) -> list[Mentoring]:
    """The ``participants`` with at least one visit (dated ``until`` or before), in order."""
    by_participant: dict[str, list[Visit]] = {}
    for visit in programme.visits:
        if until is None or visit.date <= until:
            by_participant.setdefault(visit.participant, []).append(visit)
    if not by_participant:
        return []
    return [
        mentoring_of(programme, p, by_participant[p.id])
        for p in participants
        if p.id in by_participant
    ]


class _Shares:
    """Shares in place at the first and at the latest observation, of what was observed."""

    __slots__ = ()
    observed: int
    yes_first: int
    yes_latest: int

    @property
    def first(self) -> Ratio:
        """Share in place at the first observation."""
        return Ratio(self.yes_first, self.observed)

    @property
    def latest(self) -> Ratio:
        """Share in place at the latest observation."""
        return Ratio(self.yes_latest, self.observed)


@dataclass(frozen=True, slots=True)
class Uptake(_Shares):
    """Practices in place at the first and at the latest observation, over mentored businesses."""

    businesses: int
    observed: int
    """(business, practice) pairs observed at least once."""
    yes_first: int
    yes_latest: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "mentored": self.businesses,
            "practices_observed": self.observed,
            "yes_first": self.yes_first,
            "yes_latest": self.yes_latest,
            "uptake_first": self.first.fraction(),
            "uptake_latest": self.latest.fraction(),
        }


def uptake(records: Sequence[Mentoring]) -> Uptake:
    """The average uptake of practices over ``records``."""
    return Uptake(
        businesses=len(records),
        observed=sum(len(m.observed) for m in records),
        yes_first=sum(m.yes_first for m in records),
        yes_latest=sum(m.yes_latest for m in records),
    )


def percent_change(first: Ratio, latest: Ratio) -> int | None:
    """Latest minus first, in whole percentage points as the two percents are shown."""
    before, now = first.percent(), latest.percent()
    return None if before is None or now is None else now - before


@dataclass(frozen=True, slots=True)
class PracticeLine(_Shares):
    """One practice over the mentored businesses."""

    practice: str
    module: str
    text: str
    observed: int
    yes_first: int
    yes_latest: int
    gained: int
    lost: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        first, latest = self.first.fraction(), self.latest.fraction()
        return {
            "id": self.practice,
            "module": self.module,
            "text": self.text,
            "observed": self.observed,
            "yes_first": self.yes_first,
            "yes_latest": self.yes_latest,
            "first": first,
            "latest": latest,
            "change": None if first is None or latest is None else round(latest - first, 4),
            "gained": self.gained,
            "lost": self.lost,
        }


@dataclass(frozen=True, slots=True)
class BusinessLine:
    """One mentored business, with the days since its latest visit."""

    mentoring: Mentoring
    days_since: int
    stale: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        m = self.mentoring
        p = m.participant
        return {
            "id": p.id,
            "owner": p.owner,
            "business": p.business,
            "phone": p.phone,
            "district": p.district,
            "trainer": m.trainer,
            "visits": len(m.visits),
            "hours": m.hours,
            "first_visit": m.visits[0].date.isoformat(),
            "last_visit": m.visits[-1].date.isoformat(),
            "days_since": self.days_since,
            "stale": self.stale,
            "observed": len(m.observed),
            "yes_first": m.yes_first,
            "yes_latest": m.yes_latest,
            "gained": m.changed("gained"),
            "lost": m.changed("lost"),
            "practices": [r.to_dict() for r in m.observed],
        }


@dataclass(frozen=True, slots=True)
class TrainerLine:
    """One trainer: the businesses visited, visits, hours, and who is stale."""

    trainer: str
    businesses: int
    visits: int
    hours: float
    last_visit: date
    stale: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "trainer": self.trainer,
            "businesses": self.businesses,
            "visits": self.visits,
            "hours": self.hours,
            "last_visit": self.last_visit.isoformat(),
            "stale": list(self.stale),
        }


@dataclass
class VisitsReport:
    """``ukm report --visits`` for the participants the filters chose."""

    settings: Settings
    as_of: date
    as_of_source: str
    """given (--as-of), today, programme_end or latest_visit."""
    stale_days: int
    trainers: list[TrainerLine]
    practices: list[PracticeLine]
    businesses: list[BusinessLine]
    uptake: Uptake
    filters: Filters

    @property
    def visits(self) -> int:
        """Visits to the businesses in the report."""
        return sum(len(b.mentoring.visits) for b in self.businesses)

    @property
    def hours(self) -> float:
        """Hours of those visits."""
        return round(sum(b.mentoring.hours for b in self.businesses), 2)

    @property
    def stale(self) -> list[BusinessLine]:
        """The businesses not visited for more than ``stale_days`` days."""
        return [b for b in self.businesses if b.stale]

    def payload(self) -> dict[str, Any]:
        """The JSON form: the same figures as the tables."""
        return {
            "as_of": self.as_of.isoformat(),
            "as_of_source": self.as_of_source,
            "stale_days": self.stale_days,
            "summary": {
                **self.uptake.to_dict(),
                "trainers": len(self.trainers),
                "visits": self.visits,
                "hours": self.hours,
                "stale": len(self.stale),
                "gained": sum(p.gained for p in self.practices),
                "lost": sum(p.lost for p in self.practices),
            },
            "trainers": [t.to_dict() for t in self.trainers],
            "practices": [p.to_dict() for p in self.practices],
            "businesses": [b.to_dict() for b in self.businesses],
            "filters": self.filters.to_dict(),
        }


def report_date(
    programme: Programme, as_of: date | None, today: date | None = None
) -> tuple[date, str]:
    """The day the report is as of, and why (see the module's docstring)."""
    if as_of is not None:
        return as_of, "given"
    day = today or clock.today()
    if day >= programme.settings.ends:
        day, source = programme.settings.ends, "programme_end"
    else:
        source = "today"
    latest = max((v.date for v in programme.visits), default=None)
    if latest is not None and latest > day:
        return latest, "latest_visit"
    return day, source


def visits_report(
    programme: Programme,
    filters: Filters,
    stale_days: int = DEFAULT_STALE_DAYS,
    as_of: date | None = None,
    today: date | None = None,
) -> VisitsReport:
    """Trainers, practices and businesses of the mentoring, for the chosen participants."""
    day, source = report_date(programme, as_of, today)
    records = mentored(programme, select(programme, filters), until=day)
    businesses = []
    for m in records:
        since = (day - m.visits[-1].date).days
        businesses.append(BusinessLine(m, since, since > stale_days))
    return VisitsReport(
        settings=programme.settings,
        as_of=day,
        as_of_source=source,
        stale_days=stale_days,
        trainers=_trainer_lines(businesses),
        practices=_practice_lines(programme, records),
        businesses=businesses,
        uptake=uptake(records),
        filters=filters,
    )


def _trainer_lines(businesses: Sequence[BusinessLine]) -> list[TrainerLine]:
    names: dict[str, str] = {}
    visited: dict[str, set[str]] = {}
    visits: dict[str, list[Visit]] = {}
    for line in businesses:
        for v in line.mentoring.visits:
            key = trainer_key(v.trainer)
            names.setdefault(key, v.trainer)
            visited.setdefault(key, set()).add(v.participant)
            visits.setdefault(key, []).append(v)
    stale: dict[str, list[str]] = {}
    for line in businesses:
        if line.stale:
            stale.setdefault(trainer_key(line.mentoring.trainer), []).append(
                line.mentoring.participant.id
            )
    return [
        TrainerLine(
            trainer=names[key],
            businesses=len(visited[key]),
            visits=len(visits[key]),
            hours=round(sum(v.hours for v in visits[key]), 2),
            last_visit=max(v.date for v in visits[key]),
            stale=stale.get(key, []),
        )
        for key in sorted(names)
    ]


def _practice_lines(programme: Programme, records: Sequence[Mentoring]) -> list[PracticeLine]:
    lines = []
    for index, (practice, module, text) in enumerate(practice_catalogue(programme)):
        seen = [m.practices[index] for m in records if m.practices[index].first is not None]
        lines.append(
            PracticeLine(
                practice=practice,
                module=module,
                text=text,
                observed=len(seen),
                yes_first=sum(1 for r in seen if r.first is not None and r.first.value),
                yes_latest=sum(1 for r in seen if r.latest is not None and r.latest.value),
                gained=sum(1 for r in seen if r.change == "gained"),
                lost=sum(1 for r in seen if r.change == "lost"),
            )
        )
    return lines
