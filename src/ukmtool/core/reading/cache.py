"""The load cache: a large programme read once, and after a change only what changed.

Reading 100,000 participants with years of attendance takes many seconds,
nearly all of it in turning YAML into Python objects and checking them.  The
cache keeps, for each file, what its bytes gave (its imprint, ``imprints``: the models and
the file's own problems) and, for each subject of the checks across files,
what they found (``units``).  A load hashes every byte of every file, takes
each file's imprint for exactly those bytes (parsing only a file whose bytes
it has not seen) and runs again only the checks whose input changed.

What makes it safe:

- An imprint is found only for the very bytes it was made from (a SHA-256 of
  them, and of ukm's code and libraries and the language of messages, names
  it): any change, even a hand edit that keeps a file's size and
  modification time, is a new file to the cache.  Findings of the checks are
  kept under a hash of everything they read (``units``).  Nothing is ever
  taken on a file's size, time or name alone.
- A writer that has just proved, by reading it back, what its new text holds
  (``seeding``) stores the imprint of those bytes, so the next command parses
  nothing; a hand edit after it changes the bytes, and that imprint is simply
  never found again.
- The cache lives outside the programme folder (``$UKM_CACHE_DIR``, else the
  user's local cache folder as platformdirs names it: ``$XDG_CACHE_HOME/ukm``
  or ``~/.cache/ukm`` on Linux, ``~/Library/Caches/ukm`` on macOS,
  ``%LOCALAPPDATA%/ukm/Cache`` on Windows, never the roaming profile),
  readable by its owner only (it holds personal data: mode 0600 in a 0700
  folder on POSIX; on Windows the user profile's access list, which lets in
  only the user, administrators and SYSTEM).  ``UKM_NO_CACHE=1`` turns it off.
- Every file is written to a temporary name and renamed into place, so two
  ``ukm`` at once each see a whole file or none; two writing one imprint write
  the same bytes.  A file that is damaged, cut short, from another version or
  not ours fails a check (magic, name, checksum) and is ignored and rebuilt;
  it is unpickled with no class allowed but ``datetime.date``.
- The answer is the same as a load from scratch (``loader._load``), every
  diagnostic included: the tests compare the two after writes and hand edits.

A warm load reads one file, not one per file: the payloads of the imprints
a folder's last load used are kept together too (``lastload``), and taken
before the files of ``files/``.

Disk use stays bounded (:func:`prune`): the manifests of the
:data:`MAX_MANIFESTS` folders (and languages) used last, their last loads,
and the entries they name; anything else goes after :data:`GRACE` seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ukmtool.core.programme import LoadResult
from ukmtool.core.reading import assembly, filecache, imprints, lastload, stages, units
from ukmtool.core.reading.filecache import Loaded
from ukmtool.core.reading.imprints import LIST, MODULES, PROGRAM, SHEETS
from ukmtool.core.reading.snapshot import Snapshot, is_sheet_name
from ukmtool.diagnostics import Collector

CACHE_FORMAT = 3
"""Raised whenever what a cached load means changes (3: an imprint per file)."""
MAX_MANIFESTS = 32
"""Folders (and languages) whose imprints are kept; the least recently used go first."""
GRACE = 60.0
"""Seconds an imprint no manifest names is kept (another ukm may be about to name it)."""
LEGACY_SUFFIX = ".cache"
"""The one-file-per-folder cache of earlier versions: removed when pruning."""
STATS: dict[str, Any] = {}
"""What the last load did: files parsed, units run or asked (for tests and profiles)."""


def directory() -> Path | None:
    """Where cache files go, or None when caching is off (``UKM_NO_CACHE``)."""
    if os.environ.get("UKM_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("UKM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    try:
        return Path(platformdirs.user_cache_dir("ukm", appauthor=False))
    except (RuntimeError, KeyError, OSError):  # no home folder
        return None


def load(
    snap: Snapshot, progress: stages.Progress | None, build: Callable[[], LoadResult]
) -> LoadResult:
    """What loading ``snap`` gives, from the cache where it can; ``build()`` without a cache."""
    where = directory()
    if where is None:
        return build()
    return _Load(snap, where, progress).result()


def environment() -> str:
    """A hash of what shapes an imprint besides a file's bytes: code, libraries, language."""
    from ukmtool.i18n import current_language

    key = {
        "format": [CACHE_FORMAT, imprints.FORMAT],
        "environment": _environment(),
        "language": current_language(),
    }
    return hashlib.blake2b(json.dumps(key, sort_keys=True).encode(), digest_size=16).hexdigest()


_ENVIRONMENT: dict[str, str] = {}


def _environment() -> dict[str, str]:
    """The code of ukm and the versions of what shapes a load (hashed once a process)."""
    if not _ENVIRONMENT:
        import pydantic
        import yaml

        from ukmtool import __version__
        from ukmtool.core.yamlio import fastwalk

        code = hashlib.blake2b(digest_size=16)
        package = Path(__file__).resolve().parents[2]  # ukmtool/
        for path in sorted(package.rglob("*")):
            if path.suffix in (".py", ".mo") and path.is_file():
                code.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
        phonenumbers = _module_version("phonenumbers")
        _ENVIRONMENT.update(
            ukm=__version__,
            code=code.hexdigest(),
            python=sys.version,
            pydantic=pydantic.VERSION,
            yaml=f"{yaml.__version__} libyaml={fastwalk.available()}",
            phonenumbers=phonenumbers,
        )
    return _ENVIRONMENT


_VERSION_LINE = re.compile(rb"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def _module_version(name: str) -> str:
    """The ``__version__`` a package's ``__init__`` sets, read without importing it ("-": none).

    (``importlib.metadata.version`` would cost more than the rest of a warm load's checks.)
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return "-"
    try:
        with open(spec.origin, "rb") as handle:
            found = _VERSION_LINE.search(handle.read(1 << 16))
    except OSError:
        return "-"
    return found.group(1).decode("ascii", "replace") if found else "-"


class _Load:
    """One load of a folder through the cache (see the module)."""

    def __init__(self, snap: Snapshot, where: Path, progress: stages.Progress | None) -> None:
        from ukmtool.i18n import current_language

        self.snap = snap
        self.where = where
        self.root = snap.folder.root
        self.environment = environment()
        self.manifest_file = units.manifest_name(self.root, current_language())
        self.manifest = units.read_manifest(where, self.manifest_file, self.environment, self.root)
        self.folder_key = self.manifest_file.removesuffix(units.MANIFEST_SUFFIX)
        kept = lastload.read(where, self.folder_key, self.environment)
        STATS.clear()
        STATS.update(parsed=[], regions=[], ran=[], asked=[], grew=[], compacted=[])
        self.files = filecache.Files(snap, where, self.environment, progress, STATS, kept)
        STATS["read"] = self.files.reader.read

    def result(self) -> LoadResult:
        """The load's answer (see the module)."""
        folder, snap, files = self.snap.folder, self.snap, self.files
        program = files.file(folder.program, PROGRAM)
        modules = files.file(folder.modules, MODULES)
        lists: dict[str, Loaded] = {}
        for name, path in snap.lists():
            lists[name] = files.file(path, LIST, model=name)
            if name == "participants" and lists[name].value:
                people = lists[name]
                files.reader.people = imprints.People.of(people.imprint.name, people.value)
        out = Collector()
        sheets: dict[str, Loaded] = {}
        if snap.attendance_is_dir:
            for name, path in snap.attendance:
                if is_sheet_name(name):
                    sheets[name[: -len(".yaml")]] = files.file(path, SHEETS)
                else:
                    stages.not_a_sheet(name, path, out)
        every = [program, modules, *lists.values(), *sheets.values()]
        for loaded in every:
            out.extend(loaded.imprint.diagnostics)
        plan = units.Plan(folder, program, modules, lists, sheets, files)
        runner = units.Runner(plan.given, self.manifest.units, plan.grown())
        for unit in plan.units():
            out.extend(runner.run(unit))
        STATS["ran"], STATS["asked"], STATS["grew"] = runner.ran, runner.asked, runner.grew
        self._keep(every, runner.found)
        return assembly.assemble(
            folder,
            program.value,
            modules.value,
            {module: f.value for module, f in sheets.items() if f.value is not None},
            {name: f.value for name, f in lists.items()},
            out.items,
        )

    def _keep(self, every: list[Loaded], found: dict[str, units.Findings]) -> None:
        """Store the manifest when it changed, and the last load when due; prune after a write."""
        used = sorted({n for f in every if f.readable for n in f.imprint.chain})
        wrote = self.files.wrote
        settled = found == self.manifest.units and used == sorted(self.manifest.imprints)
        if not settled:
            units.write_manifest(
                self.where,
                self.manifest_file,
                self.environment,
                self.root,
                units.Manifest(used, found),
            )
            wrote = True
        else:  # used, not changed: the folder stays among those used last
            with contextlib.suppress(OSError):
                os.utime(self.where / self.manifest_file)
        if self._keep_last_load(used, settled):
            wrote = True
        if wrote:
            prune(self.where)

    def _keep_last_load(self, used: list[str], settled: bool) -> bool:
        """Store the payloads of ``used`` in one file (``lastload``) unless it holds them already.

        Only after a load that parsed a file, or found the folder settled: not
        the first load after a write (see ``lastload``).
        """
        reader = self.files.reader
        entries = {name: reader.used[name] for name in used if name in reader.used}
        if entries.keys() == reader.kept.keys():
            return False
        if not (settled or STATS["parsed"]):
            return False
        return lastload.write(self.where, self.folder_key, self.environment, entries, reader.people)


# ---------------------------------------------------------------- pruning


def prune(where: Path) -> None:
    """Keep the :data:`MAX_MANIFESTS` manifests used last, their last loads, the entries they name.

    An imprint no manifest names goes once it is :data:`GRACE` seconds old (a
    ukm running now may be about to name it); so does a last load without a
    manifest.  Older manifests go with their last loads, and so do the
    whole-folder files of earlier versions.
    """
    now = time.time()
    manifests: list[tuple[float, Path]] = []
    last_loads: list[os.DirEntry[str]] = []
    with contextlib.suppress(OSError):
        for item in os.scandir(where):
            if item.name.endswith(units.MANIFEST_SUFFIX):
                with contextlib.suppress(OSError):
                    manifests.append((item.stat().st_mtime, Path(item.path)))
            elif item.name.endswith(lastload.SUFFIX):
                last_loads.append(item)
            elif item.name.endswith(LEGACY_SUFFIX) or (
                item.name.endswith(".tmp") and _older(item, now, GRACE)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(item.path)
    manifests.sort(reverse=True)
    named: set[str] = set()
    for _mtime, path in manifests[:MAX_MANIFESTS]:
        try:
            data = json.loads(path.read_bytes())
            named.update(str(n) for n in data.get("imprints", ()))
        except Exception:
            continue
    for _mtime, path in manifests[MAX_MANIFESTS:]:
        with contextlib.suppress(OSError):
            path.unlink()
    kept = {path.name.removesuffix(units.MANIFEST_SUFFIX) for _m, path in manifests[:MAX_MANIFESTS]}
    dropped = {
        path.name.removesuffix(units.MANIFEST_SUFFIX) for _m, path in manifests[MAX_MANIFESTS:]
    }
    for item in last_loads:
        key = item.name.removesuffix(lastload.SUFFIX)
        if key in kept or (key not in dropped and not _older(item, now, GRACE)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(item.path)
    with contextlib.suppress(OSError):
        for item in os.scandir(where / imprints.FOLDER):
            stem = item.name.removesuffix(imprints.SUFFIX)
            if stem in named or not _older(item, now, GRACE):
                continue
            with contextlib.suppress(OSError):
                os.unlink(item.path)


def _older(item: os.DirEntry[str], now: float, seconds: float) -> bool:
    try:
        return now - item.stat().st_mtime > seconds
    except OSError:
        return False


def name_imprints(where: Path, folder_root: Path, names: list[str]) -> None:
    """Add ``names`` to the entries the folder's manifest keeps (a writer's new entries)."""
    from ukmtool.i18n import current_language

    file_name = units.manifest_name(folder_root, current_language())
    found = units.read_manifest(where, file_name, environment(), folder_root)
    kept = sorted(set(found.imprints) | set(names))
    units.write_manifest(
        where, file_name, environment(), folder_root, units.Manifest(kept, found.units)
    )
