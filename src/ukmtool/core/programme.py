"""The whole programme in memory, as the loader returns it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol, TypeVar

from ukmtool.core.folder import Folder
from ukmtool.core.models import (
    Certificate,
    Indicator,
    Module,
    Participant,
    Score,
    Settings,
    Sheet,
    Visit,
)
from ukmtool.core.suggest import did_you_mean, match_case_insensitive
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, NotFoundError
from ukmtool.i18n import _, ngettext


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_HasId)


def first_by_id(entries: list[E]) -> dict[str, E]:
    """Entries by id (the first one when an id is used twice)."""
    result: dict[str, E] = {}
    for entry in entries:
        result.setdefault(entry.id, entry)
    return result


@dataclass
class Programme:
    """A loaded programme folder; ``sheets`` maps module id -> session number -> sheet."""

    folder: Folder
    settings: Settings
    modules: list[Module]
    participants: list[Participant]
    sheets: dict[str, dict[int, Sheet]] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    """The measurements of ``indicators.yaml``, in the file's order."""
    certificates: list[Certificate] = field(default_factory=list)
    """The register of ``certificates.yaml``, in the file's order."""
    scores: list[Score] = field(default_factory=list)
    """The test scores of ``scores.yaml``, in the file's order."""

    @cached_property
    def participants_by_id(self) -> dict[str, Participant]:
        """Participants by id (the first one when an id is duplicated)."""
        return first_by_id(self.participants)

    @cached_property
    def modules_by_id(self) -> dict[str, Module]:
        """Modules by id (the first one when an id is duplicated)."""
        return first_by_id(self.modules)

    def module_named(self, name: str) -> Module | None:
        """The module ``name`` names: its id exactly, else ignoring case and spaces around it.

        The one way every command finds a module a person typed.
        """
        modules = self.modules_by_id
        found = modules.get(name)
        if found is None:
            key = match_case_insensitive(name, modules)
            found = modules[key] if key is not None else None
        return found

    def find_module(self, name: str, *, writing: bool = False) -> Module:
        """The module ``name`` names (as :meth:`module_named`), else :class:`NotFoundError`.

        The one refusal of a module name no module has: the closest id and
        every id as the hint.  ``writing``: worded for a command that would
        have written (or printed) something, with the closest id or else every id.
        """
        found = self.module_named(name)
        if found is not None:
            return found
        if writing:
            raise NotFoundError(
                _("There is no module '{name}'; nothing was written.").format(name=name),
                hint=self.modules_hint(name),
            )
        raise NotFoundError(
            _("There is no module '{module}'.").format(module=name),
            hint=self.modules_hint(name, listed=True),
        )

    def modules_hint(self, name: str, *, listed: bool = False) -> str:
        """What to say of a module name no module has: "Did you mean ...?", else every id.

        ``listed``: every id after the closest one too.
        """
        ids = list(self.modules_by_id)
        closest = did_you_mean(name, ids)
        every = _("The modules are: {ids}.").format(ids=", ".join(ids) or "-")
        if closest and listed:
            return f"{closest} {every}"
        return closest or every

    def min_attendance(self, module: Module) -> int:
        """The module's own minimum attendance, else the programme's."""
        if module.min_attendance is not None:
            return module.min_attendance
        return self.settings.min_attendance

    @property
    def sessions_planned(self) -> int:
        """How many sessions all modules plan."""
        return sum(len(m.sessions) for m in self.modules)

    @property
    def sessions_held(self) -> int:
        """How many planned sessions are held (their sheet marks someone present or late)."""
        return sum(
            1
            for m in self.modules
            for n, sheet in self.sheets.get(m.id, {}).items()
            if n in m.sessions and sheet.held
        )


def missed_hint(module: str, pid: str = "ID") -> str:
    """What to do of a module a participant missed (rules 2.1): a make-up, or an exemption."""
    return _(
        "Missed: no session of the module counts (registered after the last one). Either "
        "record a make-up session (`ukm attend {module} -s N --status makeup {id}`) or an "
        "exemption (`ukm edit {id} --exempt {module} --reason ...`)."
    ).format(module=module, id=pid)


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
        return sorted(
            (d for d in self.diagnostics if d.severity is Severity.WARNING),
            key=Diagnostic.sort_key,
        )

    @property
    def notes(self) -> list[Diagnostic]:
        """The notes (never a failure), sorted by file and line."""
        return sorted(
            (d for d in self.diagnostics if d.severity is Severity.NOTE), key=Diagnostic.sort_key
        )

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(d.is_error for d in self.diagnostics)

    def usable(
        self, refusal: str, hint: str, relied_on: Collection[Path] | None = None
    ) -> Programme:
        """The programme, or a refusal listing the errors that stand in the way.

        The one guard of every command that needs a sound folder (and of every
        write, before it changes anything): :class:`DataError` with ``refusal``,
        the errors and ``hint`` when the programme could not be loaded, or when
        a file in ``relied_on`` has an error (any file, when ``relied_on`` is
        None).  Errors in files a command does not read are left to ``ukm check``.
        """
        programme = self.programme
        blocking = [
            d for d in self.errors if programme is None or relied_on is None or d.file in relied_on
        ]
        if programme is None or blocking:
            raise DataError(refusal, blocking, hint=hint)
        return programme


@dataclass(frozen=True, slots=True)
class Loaded:
    """One of several programmes that loaded without errors, and how its folder is shown."""

    shown: str
    programme: Programme


@dataclass(frozen=True, slots=True)
class LeftOut:
    """One of several programme folders, left out: it has errors (or could not be read)."""

    shown: str
    path: Path
    errors: int
    first: str
    """The first error, ``file:line: message``."""

    def reason(self) -> str:
        """What is wrong, in a sentence."""
        return ngettext(
            "{count} error, the first: {first}",
            "{count} errors, the first: {first}",
            self.errors,
        ).format(count=self.errors, first=self.first)

    def to_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {"folder": self.shown, "errors": self.errors, "first_error": self.first}


@dataclass
class Many:
    """Several programmes loaded, in the order given, and the folders left out."""

    loaded: list[Loaded] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
