"""``ukm show``, ``ukm participants`` and ``ukm modules``: records and lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ukmtool.core import ids as idspec
from ukmtool.core.models import Module, Participant, Score, Visit
from ukmtool.core.programme import Programme
from ukmtool.core.reports import scores as scoring
from ukmtool.core.reports.figures import Miss
from ukmtool.core.reports.filters import Filters, select
from ukmtool.core.reports.impact import Change, Point, history, latest_change
from ukmtool.core.reports.module import (
    SessionLine,
    misses_of,
    score_dict,
    session_lines,
    standing_dict,
)
from ukmtool.core.reports.visits import Mentoring, mentored
from ukmtool.core.rules import ModuleRoll, ParticipantStanding, Roster, graduated
from ukmtool.core.rules import as_of as rules_as_of
from ukmtool.core.suggest import did_you_mean, match_case_insensitive
from ukmtool.core.thresholds import required_sessions
from ukmtool.errors import NotFoundError
from ukmtool.i18n import _
from ukmtool.masking import mask_nik


def nik_shown(participant: Participant, show_nik: bool) -> str | None:
    """The participant's NIK, masked unless ``show_nik``."""
    if participant.nik is None:
        return None
    return participant.nik if show_nik else mask_nik(participant.nik)


def participant_dict(participant: Participant, show_nik: bool) -> dict[str, Any]:
    """Every field of a participant as JSON (NIK masked unless ``show_nik``)."""
    p = participant
    return {
        "id": p.id,
        "business": p.business,
        "owner": p.owner,
        "gender": p.gender,
        "sector": p.sector,
        "district": p.district,
        "village": p.village,
        "address": p.address,
        "phone": p.phone,
        "employees": p.employees,
        "monthly_sales": p.monthly_sales,
        "capital": p.capital,
        "nik": nik_shown(p, show_nik),
        "registered": p.registered.isoformat(),
        "tags": list(p.tags),
        "notes": p.notes,
        "nib": p.nib,
        "exempt": dict(p.exempt),
    }


def find_participant(programme: Programme, wanted: str) -> Participant:
    """The participant ``wanted`` names, or NotFoundError with a suggestion.

    ``wanted`` is an id in any case, or, as at a session, its number alone
    (``7``, ``007``) when that names exactly one registered business.
    """
    ids = programme.participants_by_id
    found = match_case_insensitive(wanted, ids)
    if found is None and wanted.strip().isdecimal():
        found = idspec.resolve_one(wanted.strip(), list(ids))
    if found is None:
        raise NotFoundError(
            _("There is no participant '{id}'.").format(id=wanted),
            hint=did_you_mean(wanted, ids)
            or _("`ukm participants --search TEXT` finds a business by name."),
        )
    return ids[found]


@dataclass
class ShowRecord:
    """One business: its details, its standing in every module, and its mentoring."""

    participant: Participant
    modules: list[tuple[ParticipantStanding, tuple[Miss, ...]]]
    show_nik: bool
    mentoring: Mentoring | None = None
    """Its visits and practice record; None when it has no visit."""
    figures: list[Point] = field(default_factory=list)
    """Its baseline and every later measurement, in date order."""
    change: Change | None = None
    """From the baseline to the latest measurement (None: not measured since)."""
    as_of: date | None = None
    """The day the record is as of (``--as-of``), None: as the folder stands."""
    scores: dict[str, Score] = field(default_factory=dict)
    """Its pre- and post-test scores, by module id (``scores.yaml``)."""

    @property
    def graduated(self) -> bool:
        """Completed every module."""
        return bool(self.modules) and graduated(p for p, _misses in self.modules)

    def payload(self) -> dict[str, Any]:
        """The JSON form."""
        modules = []
        for standing, misses in self.modules:
            entry = standing_dict(standing, misses)
            tests = score_dict(self.scores.get(standing.module.id))
            modules.append(
                {"id": standing.module.id, "title": standing.module.title, **entry, **tests}
            )
        m = self.mentoring
        return {
            "participant": participant_dict(self.participant, self.show_nik),
            "modules": modules,
            "graduated": self.graduated,
            "visits": [visit_dict(v) for v in m.visits] if m else [],
            "practices": [r.to_dict() for r in m.practices] if m else [],
            "figures": [point.to_dict() for point in self.figures],
            "impact": self.change.to_dict() if self.change is not None else None,
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
        }


def show_record(
    programme: Programme, participant_id: str, show_nik: bool, as_of: date | None = None
) -> ShowRecord:
    """The record of one participant (as it stood on ``as_of`` when given)."""
    participant = find_participant(programme, participant_id)
    if as_of is not None:
        if participant.registered > as_of:
            raise NotFoundError(
                _("{id} registered on {registered}, after {as_of}.").format(
                    id=participant.id,
                    registered=participant.registered.isoformat(),
                    as_of=as_of.isoformat(),
                ),
                hint=_("Give a later --as-of, or leave it out."),
            )
        programme = rules_as_of(programme, as_of)
    modules = []
    for module in programme.modules:
        roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
        standing = roll.standing_of(participant, programme.min_attendance(module))
        modules.append((standing, misses_of(module, standing)))
    found = mentored(programme, [participant])
    return ShowRecord(
        participant,
        modules,
        show_nik,
        found[0] if found else None,
        history(participant, programme.indicators),
        latest_change(participant, programme.indicators),
        as_of,
        {
            module: found[participant.id]
            for module, found in scoring.by_module(programme).items()
            if participant.id in found
        },
    )


def visit_dict(visit: Visit) -> dict[str, Any]:
    """A visit as JSON."""
    return {
        "date": visit.date.isoformat(),
        "trainer": visit.trainer,
        "hours": visit.hours,
        "modules": list(visit.modules),
        "practices": dict(visit.practices),
        "notes": visit.notes,
    }


@dataclass
class ParticipantList:
    """The participants the filters chose."""

    rows: list[Participant]
    total: int
    filters: Filters
    show_nik: bool
    programme_name: str = ""
    as_of: date | None = None
    """The day the list is as of (``--as-of``): who had registered by then."""

    def payload(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "participants": [participant_dict(p, self.show_nik) for p in self.rows],
            "count": len(self.rows),
            "total": self.total,
            "filters": self.filters.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
        }


def participant_list(
    programme: Programme, filters: Filters, show_nik: bool, as_of: date | None = None
) -> ParticipantList:
    """Participants by district, sector, tag and a search over business and owner.

    With ``as_of``, only those registered by that day.
    """
    if as_of is not None:
        programme = rules_as_of(programme, as_of)
    return ParticipantList(
        select(programme, filters),
        len(programme.participants),
        filters,
        show_nik,
        programme.settings.name,
        as_of,
    )


@dataclass(frozen=True, slots=True)
class ModuleEntry:
    """One module with its sessions and which were held."""

    module: Module
    min_attendance: int
    required: int
    sessions: list[SessionLine]

    @property
    def held(self) -> int:
        """Sessions held."""
        return sum(1 for s in self.sessions if s.held)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "id": self.module.id,
            "title": self.module.title,
            "min_attendance": self.min_attendance,
            "required": self.required,
            "planned": len(self.sessions),
            "held": self.held,
            "sessions": [
                {
                    "number": s.number,
                    "date": s.date.isoformat(),
                    "topic": s.topic,
                    "trainer": s.trainer,
                    "place": self.module.sessions[s.number].place,
                    "hours": self.module.sessions[s.number].hours,
                    "held": s.held,
                    "counted": s.counted,
                    **s.counts,
                    "attended": s.attended,
                }
                for s in self.sessions
            ],
        }


@dataclass
class ModuleList:
    """Modules with their sessions, dates and which were held."""

    modules: list[ModuleEntry]
    programme_name: str = ""

    def payload(self) -> dict[str, Any]:
        """The JSON form."""
        return {"modules": [m.to_dict() for m in self.modules]}


def module_list(programme: Programme, module_id: str | None = None) -> ModuleList:
    """Every module (or the one named) with its sessions in date order."""
    modules = programme.modules if module_id is None else [programme.find_module(module_id)]
    entries = []
    roster = Roster(programme.participants)
    for module in modules:
        roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
        minimum = programme.min_attendance(module)
        entries.append(
            ModuleEntry(
                module=module,
                min_attendance=minimum,
                required=required_sessions(len(module.sessions), minimum),
                sessions=session_lines(
                    roll,
                    programme.participants,
                    roll.standings(roster, minimum),
                ),
            )
        )
    return ModuleList(entries, programme.settings.name)
