"""What every check is given: the programme as validated and the files as written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ukmtool.core.folder import Folder
from ukmtool.core.models import Module, Participant, Settings
from ukmtool.core.programme import first_by_id
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.yamlio.reader import LList, LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _


@dataclass(frozen=True, slots=True)
class Sources:
    """The located roots of the files, for line numbers."""

    modules: LList | None
    participants: LList | None
    sheets: dict[str, tuple[Path, LMap]]
    visits: LList | None
    program: LMap | None = None
    indicators: LList | None = None
    certificates: LList | None = None
    scores: LList | None = None
    sheet_modules: frozenset[str] | None = None
    """The module ids of every attendance file read as sheets (None: the keys of ``sheets``).

    Set when ``sheets`` holds only some of them (the load cache checks one file at a time).
    """

    def modules_with_sheets(self) -> frozenset[str] | set[str]:
        """The module ids of every attendance file read as sheets."""
        return self.sheet_modules if self.sheet_modules is not None else set(self.sheets)


@dataclass(frozen=True, slots=True)
class Given:
    """The input of every check: the entries as validated and the files as written.

    ``settings`` is None when ``program.yaml`` itself is broken: the checks
    that need it skip, the others still run (so this is not a
    :class:`~ukmtool.core.programme.Programme`, whose settings are always there).
    ``modules`` and ``participants`` are the entries that validated;
    ``listed_*`` are the ids written in the files, valid or not: an entry with
    errors of its own is still "there", so lists that name it get no follow-on
    error (None: the file is unreadable).
    """

    folder: Folder
    settings: Settings | None
    modules: list[Module]
    participants: list[Participant]
    sources: Sources
    participants_by_id: dict[str, Participant]
    modules_by_id: dict[str, Module]
    listed_participants: set[str] | None
    listed_modules: set[str] | None
    misses: list[str] = field(default_factory=list)
    """The ids :meth:`unregistered` found registered nowhere (the load cache asks)."""

    @classmethod
    def of(
        cls,
        folder: Folder,
        settings: Settings | None,
        modules: list[Module],
        participants: list[Participant],
        sources: Sources,
        out: Collector,
    ) -> Given:
        """The input of the checks, before any of them ran."""
        return cls(
            folder,
            settings,
            modules,
            participants,
            sources,
            first_by_id(participants),
            first_by_id(modules),
            _written_ids(sources.participants, folder.participants, out),
            _written_ids(sources.modules, folder.modules, out),
        )

    def unregistered(self, pid: str) -> bool:
        """Whether ``pid`` names nobody participants.yaml holds.

        An entry written there with errors of its own is "there": its errors say
        enough, so a list that names it gets no follow-on error; nor does anything
        while participants.yaml itself cannot be read.
        """
        if pid in self.participants_by_id:
            return False
        listed = self.listed_participants
        if listed is None or pid in listed:
            return False
        self.misses.append(pid)
        return True

    def report_unregistered(
        self,
        out: Collector,
        path: Path,
        where: tuple[int | None, int | None],
        pid: str,
        hint: str | None = None,
    ) -> None:
        """The error for ``pid``, named at ``where`` (line, column) of ``path``, not registered."""
        line, column = where
        out.error(
            path,
            line,
            _("{id} is not a registered participant.").format(id=pid),
            column=column,
            hint=did_you_mean(pid, self.participants_by_id) or hint,
        )


Check = Callable[[Given, Collector], None]
"""A check: it reads what it is given and records diagnostics; none raises."""


def _written_ids(root: LList | None, path: Path, out: Collector) -> set[str] | None:
    """The ids of a file's entries as written; None when the file itself could not be read."""
    if root is None:
        return None if out.has_errors(path) else set()
    return {
        item["id"].strip()
        for item in root
        if isinstance(item, LMap) and isinstance(item.get("id"), str)
    }
