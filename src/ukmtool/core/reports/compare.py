"""``ukm compare``: several programmes side by side, one row each and a total.

Every figure of a row comes from the functions ``ukm report`` uses for that
programme alone (``programme_report``, ``impact_report``, the certificates
issued), so a row says what ``ukm report`` (and ``--impact``) says of its
programme; the total adds the rows up.  ``--by`` adds, per district, sector
or gender, the same figures summed over every programme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ukmtool.core.programme import LeftOut, Loaded, Many
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.filters import Filters, group_keys
from ukmtool.core.reports.impact import impact_report
from ukmtool.core.reports.programme import programme_report


@dataclass(frozen=True, slots=True)
class ModuleCompletion:
    """One module's completion in one programme (or over all of them)."""

    id: str
    title: str
    participants: int
    completed: int
    exempt: int = 0
    """Rules 2.1: exempt from the module, so left out of its completed share."""

    @property
    def share(self) -> Ratio:
        """Completed / participants of the module not exempt from it (as the report's)."""
        return Ratio(self.completed, self.participants - self.exempt)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "id": self.id,
            "title": self.title,
            "participants": self.participants,
            "completed": self.completed,
            "exempt": self.exempt,
            "completed_share": self.share.fraction(),
        }


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one programme, one group, or a total."""

    registered: int
    graduates: int
    at_risk: int
    moved_up: int
    """Naik kelas: measured businesses whose size class went up (one law, one figure)."""
    classified: int
    """Measured businesses whose class is known before and after (what ``moved_up`` is of)."""
    jobs_added: int
    jobs_businesses: int
    certificates: int
    """Valid (not revoked) certificates issued."""

    @property
    def graduate_share(self) -> Ratio:
        """Graduates / registered."""
        return Ratio(self.graduates, self.registered)

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{name: getattr(self, name) + getattr(other, name) for name in _FIELDS})

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "registered": self.registered,
            "graduates": self.graduates,
            "graduate_share": self.graduate_share.fraction(),
            "at_risk": self.at_risk,
            "naik_kelas": self.moved_up,
            "classified": self.classified,
            "jobs_added": self.jobs_added,
            "jobs_businesses": self.jobs_businesses,
            "certificates": self.certificates,
        }


_FIELDS = (
    "registered",
    "graduates",
    "at_risk",
    "moved_up",
    "classified",
    "jobs_added",
    "jobs_businesses",
    "certificates",
)
NOTHING = Figures(0, 0, 0, 0, 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class ProgrammeRow:
    """One programme's row."""

    folder: str
    name: str
    organizer: str | None
    year: int
    figures: Figures
    modules: tuple[ModuleCompletion, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "folder": self.folder,
            "name": self.name,
            "organizer": self.organizer,
            "year": self.year,
            **self.figures.to_dict(),
            "modules": [m.to_dict() for m in self.modules],
        }


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One district, sector or gender over every programme."""

    group: str | None
    figures: Figures
    programmes: int
    """How many programmes have participants in the group."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"group": self.group, "programmes": self.programmes, **self.figures.to_dict()}


@dataclass
class Comparison:
    """Every programme's row, the total, and (with ``--by``) the groups over all of them."""

    rows: list[ProgrammeRow]
    total: Figures
    modules: list[ModuleCompletion]
    """Each module id found, in the order first met, with its completion over all programmes."""
    by: str | None = None
    groups: list[GroupRow] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    """The folders left out for their errors: named in every format."""
    loaded: list[Loaded] = field(default_factory=list)
    """The programmes of ``rows``, in the same order."""

    def payload(self) -> dict[str, Any]:
        """The JSON form: the same figures as the tables."""
        result: dict[str, Any] = {
            "programmes": [row.to_dict() for row in self.rows],
            "total": {
                "programmes": len(self.rows),
                **self.total.to_dict(),
                "modules": [m.to_dict() for m in self.modules],
            },
            "left_out": [left.to_dict() for left in self.left_out],
        }
        if self.by is not None:
            result["by"] = self.by
            result["groups"] = [group.to_dict() for group in self.groups]
        return result


def programme_figures(loaded: Loaded) -> ProgrammeRow:
    """One programme's row, from the functions ``ukm report`` uses."""
    programme = loaded.programme
    report = programme_report(programme, Filters())
    impact = impact_report(programme, Filters())
    figures = Figures(
        registered=report.total,
        graduates=report.standing.graduates,
        at_risk=report.standing.at_risk,
        moved_up=impact.summary.moved_up,
        classified=impact.summary.classified,
        jobs_added=impact.summary.jobs_added,
        jobs_businesses=impact.summary.jobs_businesses,
        certificates=sum(1 for c in programme.certificates if c.valid),
    )
    modules = tuple(
        ModuleCompletion(
            line.module.id,
            line.module.title,
            line.tally.participants,
            line.tally.completed,
            line.tally.exempt,
        )
        for line in report.modules
    )
    settings = programme.settings
    return ProgrammeRow(
        loaded.shown, settings.name, settings.organizer, settings.starts.year, figures, modules
    )


def compare(many: Many, by: str | None = None) -> Comparison:
    """The rows of every programme loaded, their total, and the groups of ``by``."""
    rows = [programme_figures(loaded) for loaded in many.loaded]
    total = NOTHING
    for row in rows:
        total = total + row.figures
    modules: dict[str, ModuleCompletion] = {}
    for row in rows:
        for module in row.modules:
            was = modules.get(module.id)
            modules[module.id] = (
                module
                if was is None
                else ModuleCompletion(
                    was.id,
                    was.title,
                    was.participants + module.participants,
                    was.completed + module.completed,
                    was.exempt + module.exempt,
                )
            )
    groups = _groups(many.loaded, by) if by is not None else []
    return Comparison(
        rows, total, list(modules.values()), by, groups, list(many.left_out), list(many.loaded)
    )


def _groups(loaded: Sequence[Loaded], by: str) -> list[GroupRow]:
    """The figures per group of ``by``, summed over the programmes in order."""
    summed: dict[str | None, Figures] = {}
    counted: dict[str | None, int] = {}
    for one in loaded:
        programme = one.programme
        report = programme_report(programme, Filters(), by)
        impact = impact_report(programme, Filters(), by)
        assert report.groups is not None
        changes = {g.group: g for g in impact.groups}
        holders = {c.participant for c in programme.certificates if c.valid}
        held: dict[str | None, int] = {}
        for participant in programme.participants:
            if participant.id in holders:
                for key in group_keys(participant, by):
                    held[key] = held.get(key, 0) + 1
        for row in report.groups.rows:
            change = changes.get(row.group)
            figures = Figures(
                registered=row.participants,
                graduates=row.completed,
                at_risk=row.at_risk,
                moved_up=change.summary.moved_up if change else 0,
                classified=change.summary.classified if change else 0,
                jobs_added=change.summary.jobs_added if change else 0,
                jobs_businesses=change.summary.jobs_businesses if change else 0,
                certificates=held.get(row.group, 0),
            )
            summed[row.group] = summed.get(row.group, NOTHING) + figures
            counted[row.group] = counted.get(row.group, 0) + 1
    return [GroupRow(key, figures, counted[key]) for key, figures in summed.items()]
