"""The whole programme in memory, as the loader returns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ukmtool.core.models import Indicator, Module, Participant, Program, Sheet, Visit
from ukmtool.core.reading.folder import Folder
from ukmtool.diagnostics import Diagnostic


@dataclass
class Programme:
    """A loaded programme folder; ``sheets`` maps module id -> session number -> sheet."""

    folder: Folder
    program: Program  # the loader may build one with None to cross-check a broken folder
    modules: list[Module]
    participants: list[Participant]
    sheets: dict[str, dict[int, Sheet]] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    """The measurements of ``indicators.yaml``, in the file's order."""

    @cached_property
    def participants_by_id(self) -> dict[str, Participant]:
        """Participants by id (the first one when an id is duplicated)."""
        result: dict[str, Participant] = {}
        for p in self.participants:
            result.setdefault(p.id, p)
        return result

    @cached_property
    def modules_by_id(self) -> dict[str, Module]:
        """Modules by id (the first one when an id is duplicated)."""
        result: dict[str, Module] = {}
        for m in self.modules:
            result.setdefault(m.id, m)
        return result

    def min_attendance(self, module: Module) -> int:
        """The module's own minimum attendance, else the programme's."""
        if module.min_attendance is not None:
            return module.min_attendance
        return self.program.min_attendance

    @property
    def sessions_planned(self) -> int:
        """How many sessions all modules plan."""
        return sum(len(m.sessions) for m in self.modules)

    @property
    def sessions_held(self) -> int:
        """How many planned sessions have a sheet."""
        return sum(1 for m in self.modules for n in m.sessions if n in self.sheets.get(m.id, {}))


@dataclass
class LoadResult:
    """What loading a folder gave: the programme (None when unusable) and every diagnostic."""

    folder: Folder
    programme: Programme | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors, sorted by file and line."""
        return sorted((d for d in self.diagnostics if d.is_error), key=Diagnostic.sort_key)

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings, sorted by file and line."""
        return sorted((d for d in self.diagnostics if not d.is_error), key=Diagnostic.sort_key)

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(d.is_error for d in self.diagnostics)
