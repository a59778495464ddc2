"""The checks across files, run one subject at a time, their findings kept: the cache's units.

A *unit* is the checks of :data:`checks.CHECKS` whose problems name one
subject (``checks.READS``): program.yaml and modules.yaml together, one list
file, or one sheet of an attendance file.  What a unit found is kept in the
folder's manifest under a hash of everything it read (:attr:`Unit.key`): the
subject as it is, the other files it reads (with who is exempt from which
module, for a check that reads it), and who is registered and since when
(:attr:`Unit.people`).  When none of those changed, its findings are
used again; so after ``ukm attend`` only that one sheet is checked again.

When something changed, in order:

1. the findings still stand when participants were only appended, for the
   checks that ask only whether an id is registered and since when
   (``Reads.grows``), as long as they found no id unregistered;
2. the models tell that the checks find nothing (``checks.quiet``), for
   files without problems of their own;
3. else the subject is parsed and the checks run on it, wording every
   problem at its line (as a load from scratch does: the same functions).

Findings that name lines are used again only for the very same text at the
very same place (:attr:`Unit.exact`): a message may quote another line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from ukmtool.core.folder import Folder
from ukmtool.core.programme import first_by_id
from ukmtool.core.reading import cachecodec as codec
from ukmtool.core.reading import checks, imprints
from ukmtool.core.reading.checks.given import Check, Given, Sources
from ukmtool.core.reading.checks.quiet import Subject
from ukmtool.core.reading.filecache import Files, Loaded
from ukmtool.core.reading.imprints import SheetKey
from ukmtool.core.yamlio.reader import LList
from ukmtool.diagnostics import Collector, Diagnostic

MANIFEST_SUFFIX = ".manifest"


@dataclass
class Unit:
    """The checks of one subject, and what their findings depend on.

    ``key``: a hash of the subject and the files the checks read, people
    aside; ``people``: the token of who is registered (None: no check reads
    it); ``grows``: every check's findings stand when participants were
    only appended; ``exact``: where a subject's findings that name lines must
    have been found (None: the key says it all); ``quiet``: the models may be
    asked (the files read have no problems of their own); ``sources``: the
    subject's located source, parsed when asked; ``before``: the diagnostics
    the checks may look at (the files' own, as in a load from scratch).
    """

    id: str
    checks: tuple[Check, ...]
    subject: Subject
    key: str
    people: str | None
    grows: bool
    exact: str | None
    quiet: bool
    sources: Callable[[], Sources]
    before: Callable[[], list[Diagnostic]]
    version: str | None = None
    """A list file's imprint (its name): findings kept for an earlier one may be extended."""
    since: Callable[[str], Growth | None] | None = None
    """The entries appended to the list since an earlier imprint of it (None: cannot tell)."""


@dataclass(frozen=True, slots=True)
class Growth:
    """Entries appended to a list file since an earlier imprint: old and new, the new located."""

    old: list[Any]
    new: list[Any]
    located: list[Any]


def key_of(*parts: object) -> str:
    """A hash of ``parts`` (texts, numbers, None, tuples of them)."""
    return hashlib.blake2b(
        repr(parts).encode("utf-8", "surrogateescape"), digest_size=20
    ).hexdigest()


@dataclass
class Findings:
    """What a unit found, and under what it holds (as kept in the manifest)."""

    key: str
    people: str | None
    exact: str | None
    stable: bool
    diagnostics: list[Diagnostic]
    version: str | None = None


class Runner:
    """Runs a folder's units, using what the manifest kept where it still holds."""

    def __init__(self, given: Callable[[], Given], kept: dict[str, Findings], grown: set[str]):
        self._given_of = given
        self._given: Given | None = None
        self.kept = kept
        self.grown = grown
        self.found: dict[str, Findings] = {}
        self.memo: dict[Any, Any] = {}
        self.ran: list[str] = []
        """The units whose checks ran on the parsed subject (for tests and profiles)."""
        self.asked: list[str] = []
        """The units the models answered for."""
        self.grew: list[str] = []
        """The units whose findings were kept, their new entries checked alone."""

    @property
    def given(self) -> Given:
        """What every check is given (built at the first unit that needs it)."""
        if self._given is None:
            self._given = self._given_of()
        return self._given

    def run(self, unit: Unit) -> list[Diagnostic]:
        """The findings of ``unit``: kept, told by the models, or found by its checks."""
        kept = self.kept.get(unit.id)
        if kept is not None and self._holds(kept, unit):
            self.found[unit.id] = kept
            return kept.diagnostics
        if kept is not None:
            grown = self._grown(kept, unit)
            if grown is not None:
                return grown
        if unit.quiet and all(checks.READS[c].quiet is not None for c in unit.checks):
            self.asked.append(unit.id)
            if all(self._quiet(c, unit) for c in unit.checks):
                self._found(unit, True, [])
                return []
        self.ran.append(unit.id)
        found, stable = self._check(unit, replace(self.given, sources=unit.sources(), misses=[]))
        self._found(unit, stable, found)
        return found

    def _check(self, unit: Unit, given: Given) -> tuple[list[Diagnostic], bool]:
        """What ``unit``'s checks find, given ``given``; and whether no id was unregistered."""
        out = Collector()
        out.items = list(unit.before())
        already = len(out.items)
        checks.run(given, out, unit.checks)
        return out.items[already:], not given.misses

    def _found(self, unit: Unit, stable: bool, found: list[Diagnostic]) -> None:
        self.found[unit.id] = Findings(
            unit.key, unit.people, unit.exact, stable, found, unit.version
        )

    def _grown(self, kept: Findings, unit: Unit) -> list[Diagnostic] | None:
        """The kept findings and those of the entries appended since, when that is exact.

        For checks that look at each entry on its own (``Reads.entrywise``):
        the old entries' findings stand (their lines did not move), the new
        entries are checked alone, and no new entry may repeat an old one.
        """
        if unit.since is None or kept.version is None or kept.key != unit.key:
            return None
        if kept.people != unit.people and not (
            unit.grows and kept.stable and kept.people in self.grown
        ):
            return None
        reads = [checks.READS[c] for c in unit.checks]
        if not all(r.entrywise for r in reads):
            return None
        growth = unit.since(kept.version)
        if growth is None:
            return None
        for repeats in (r.repeats for r in reads if r.repeats is not None):
            old = {repeats(model) for model in growth.old}
            if any(repeats(model) in old for model in growth.new):
                return None
        self.grew.append(unit.id)
        located = LList(1, 1, 1)
        located.extend(growth.located)
        located.item_pos = [(i.line, i.column, i.end_line) for i in growth.located]
        subject = unit.id
        sources = replace(Sources(None, None, {}, None), **cast(dict[str, Any], {subject: located}))
        given = replace(self.given, sources=sources, misses=[])
        if subject == "participants":
            given = replace(given, participants=growth.new)
        found, stable = self._check(unit, given)
        everything = [*kept.diagnostics, *found]
        self._found(unit, kept.stable and stable, everything)
        return everything

    def _quiet(self, check: Check, unit: Unit) -> bool:
        ask = checks.READS[check].quiet
        return ask is not None and ask(self.given, unit.subject, self.memo)

    def _holds(self, kept: Findings, unit: Unit) -> bool:
        if kept.key != unit.key or kept.version != unit.version:
            return False
        if kept.diagnostics and kept.exact != unit.exact:
            return False
        if kept.people == unit.people:
            return True
        return unit.grows and kept.stable and kept.people in self.grown


# ---------------------------------------------------------------- the manifest


@dataclass
class Manifest:
    """What the cache knows of one folder in one language: its imprints, its units' findings."""

    imprints: list[str]
    units: dict[str, Findings]


def manifest_name(folder_root: Path, language: str) -> str:
    """The manifest of the folder at ``folder_root`` (by its real path) in ``language``."""
    real = os.path.realpath(folder_root)
    found = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=16)
    return f"{found.hexdigest()}-{language}{MANIFEST_SUFFIX}"


def read_manifest(where: Path, file_name: str, environment: str, root: Path) -> Manifest:
    """The manifest kept for this folder, language and environment (empty when none holds)."""
    try:
        data = json.loads((where / file_name).read_bytes())
        if not isinstance(data, dict) or data.get("environment") != environment:
            return Manifest([], {})
        units = {
            unit: Findings(
                found["key"],
                found["people"],
                found["exact"],
                bool(found["stable"]),
                codec.decode_diagnostics(found["diagnostics"], root),
                found.get("version"),
            )
            for unit, found in data["units"].items()
        }
        return Manifest([str(n) for n in data["imprints"]], units)
    except Exception:  # a damaged or foreign manifest only costs checking again
        return Manifest([], {})


def write_manifest(
    where: Path, file_name: str, environment: str, root: Path, manifest: Manifest
) -> None:
    """Store ``manifest`` (a temp file renamed into place; the last writer wins)."""
    data = {
        "environment": environment,
        "imprints": manifest.imprints,
        "units": {
            unit: {
                "key": found.key,
                "people": found.people,
                "exact": found.exact,
                "stable": found.stable,
                "diagnostics": codec.encode_diagnostics(found.diagnostics, root),
                "version": found.version,
            }
            for unit, found in manifest.units.items()
        },
    }
    with contextlib.suppress(OSError, TypeError, ValueError):
        imprints.put(where, file_name, json.dumps(data).encode("utf-8"))


# ---------------------------------------------------------------- a folder's units


class Plan:
    """The units of one folder (see the module), from the files as this load has them."""

    def __init__(
        self,
        folder: Folder,
        program: Loaded,
        modules: Loaded,
        lists: dict[str, Loaded],
        sheets: dict[str, Loaded],
        files: Files,
    ) -> None:
        self.folder = folder
        self.program = program
        self.modules = modules
        self.lists = lists
        self.sheets = sheets
        self.files = files
        self.people = lists["participants"]

    def grown(self) -> set[str]:
        """The people tokens whose registrations the participants now keep, only adding more."""
        return set(self.people.imprint.grown) if self.people.readable else set()

    def given(self) -> Given:
        """What every check is given, from the models (sources are each unit's)."""
        participants = self.people.value
        modules = self.modules.value
        return Given(
            self.folder,
            self.program.value,
            modules,
            participants,
            Sources(None, None, {}, None),
            first_by_id(participants),
            first_by_id(modules),
            listed(self.people),
            listed(self.modules),
        )

    def units(self) -> list[Unit]:
        """Every unit of the folder, in the order of :data:`checks.CHECKS`."""
        by_subject: dict[str, list[Check]] = {}
        for check in checks.CHECKS:
            by_subject.setdefault(checks.READS[check].subject, []).append(check)
        found: list[Unit] = []
        for subject, group in by_subject.items():
            if subject not in (checks.SETTINGS, checks.SHEETS, *self.lists):
                continue  # a list file the folder does not have
            shared = self._shared(tuple(group))
            if subject == checks.SETTINGS:
                found.append(self._settings(shared))
            elif subject == checks.SHEETS:
                found.extend(self._sheets(shared))
            elif subject in self.lists:
                found.append(self._list(subject, shared))
        return found

    def _shared(self, group: tuple[Check, ...]) -> _Shared:
        reads = [checks.READS[c] for c in group]
        program = any(r.program for r in reads)
        modules = any(r.modules for r in reads)
        people = any(r.people for r in reads)
        exemptions = any(r.exemptions for r in reads)
        return _Shared(
            group,
            (
                self.program.content if program else None,
                self.modules.content if modules else None,
                tuple(c.__name__ for c in group),
                *((self._exemptions(),) if exemptions else ()),
            ),
            (self.people.imprint.token if self.people.readable else "-") if people else None,
            all(r.grows for r in reads),
            (self.program.clean or not program)
            and (self.modules.clean or not modules)
            and (self.people.clean or not (people or exemptions)),
        )

    def _exemptions(self) -> str:
        """A hash of who is exempt from which module (``checks.Reads.exemptions``)."""
        if not self.people.readable:
            return "-"
        return key_of(
            *((p.id, tuple(sorted(p.exempt.items()))) for p in self.people.value or () if p.exempt)
        )

    def _before(self, *files: Loaded) -> Callable[[], list[Diagnostic]]:
        both = (self.program, self.modules, *files)
        return lambda: [d for f in both for d in f.imprint.diagnostics]

    def _settings(self, shared: _Shared) -> Unit:
        def sources() -> Sources:
            located = self.files.located
            return Sources(located(self.modules), None, {}, None, located(self.program))

        return Unit(
            "settings",
            shared.checks,
            Subject(self.program.path),
            key_of("settings", self.program.content, self.modules.content, shared.inputs),
            None,
            False,
            None,
            False,
            sources,
            self._before(),
        )

    def _others(self) -> Sources:
        """program.yaml's and modules.yaml's sources, for the checks of another subject.

        Only when they have problems of their own: the source of a file without
        any says nothing its models do not (``checks.Reads``).
        """
        located = self.files.located
        return Sources(
            None if self.modules.clean else located(self.modules),
            None,
            {},
            None,
            None if self.program.clean else located(self.program),
        )

    def _list(self, subject: str, shared: _Shared) -> Unit:
        loaded = self.lists[subject]

        def sources() -> Sources:
            return replace(self._others(), **{subject: self.files.located(loaded)})

        def since(earlier: str) -> Growth | None:
            found = loaded.imprint.since(earlier)
            if found is None or not loaded.clean:
                return None
            start, located = found
            models = loaded.value
            if len(located) != len(models) - start:
                return None
            return Growth(models[:start], models[start:], located)

        return Unit(
            subject,
            shared.checks,
            Subject(loaded.path, entries=loaded.value or []),
            key_of(subject, shared.inputs),
            shared.people,
            shared.grows,
            None,
            shared.clean and loaded.clean,
            sources,
            self._before(loaded),
            loaded.imprint.name or f"{loaded.content}:{loaded.rel}",
            since,
        )

    def _sheets(self, shared: _Shared) -> list[Unit]:
        """A unit per session of each attendance file; one for a whole file with problems.

        A file with problems of its own, or of a module nobody knows, is
        checked whole (its problems may span sessions).
        """
        read = frozenset(m for m, f in self.sheets.items() if f.value is not None)
        known = {m.id for m in self.modules.value}
        written = listed(self.modules)
        found: list[Unit] = []
        for module, loaded in self.sheets.items():
            if loaded.value is None:
                continue  # not read as sheets: its own diagnostics say why
            named = module in known or written is None or module in written
            if loaded.clean and named:
                found += [self._sheet(module, loaded, key, shared) for key in loaded.imprint.keys]
                continue

            def sources(loaded: Loaded = loaded, module: str = module) -> Sources:
                whole = {module: (loaded.path, self.files.located(loaded))}
                return replace(self._others(), sheets=whole, sheet_modules=read)

            found.append(
                Unit(
                    f"file:{loaded.rel}",
                    shared.checks,
                    Subject(loaded.path, module=module),
                    key_of("file", loaded.rel, loaded.content, sorted(read), shared.inputs),
                    shared.people,
                    shared.grows,
                    None,
                    False,
                    sources,
                    self._before(loaded),
                )
            )
        return found

    def _sheet(self, module: str, loaded: Loaded, key: SheetKey, shared: _Shared) -> Unit:
        def sources() -> Sources:
            one = self.files.located_sheet(loaded, key)
            return replace(self._others(), sheets={module: (loaded.path, one)})

        return Unit(
            f"sheet:{loaded.rel}#{key.key}",
            shared.checks,
            Subject(
                loaded.path, module=module, number=key.number, sheet=loaded.value.get(key.number)
            ),
            key_of("sheet", loaded.rel, key.key, key.number, key.model, shared.inputs),
            shared.people,
            shared.grows,
            key_of(key.text, key.line),
            shared.clean,
            sources,
            list,
        )


@dataclass(frozen=True, slots=True)
class _Shared:
    """What the units of one subject share: their checks, inputs, people token, growth, models."""

    checks: tuple[Check, ...]
    inputs: tuple[Any, ...]
    people: str | None
    grows: bool
    clean: bool


def listed(loaded: Loaded) -> set[str] | None:
    """The ids a list file writes, valid or not (None: it could not be read as a list)."""
    extra = loaded.imprint.listed
    if extra is None:
        return None
    return {m.id for m in loaded.value} | set(extra)
