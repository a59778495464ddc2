"""Load a whole programme folder, collecting every problem with its file and line.

Nothing here raises for bad data: each file is read, parsed and validated on
its own (``stages``), problems become :class:`~ukmtool.diagnostics.Diagnostic`
values, and the cross-file checks (``checks.CHECKS``) run on whatever could be
loaded.  :func:`load` answers from the load cache (``cache``) when it can;
``_load`` is the load from scratch that every cached answer must equal.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from ukmtool.core.folder import Folder
from ukmtool.core.models import (
    Sheet,
)
from ukmtool.core.programme import LoadResult
from ukmtool.core.reading import assembly, checks, stages
from ukmtool.core.reading.snapshot import Snapshot, is_sheet_name
from ukmtool.core.reading.stages import Progress
from ukmtool.core.yamlio.reader import LList, LMap
from ukmtool.diagnostics import Collector

__all__ = ["Progress", "collector_off", "load"]


def load(folder: Folder, *, progress: Progress | None = None, cache: bool = True) -> LoadResult:
    """Read every file of ``folder`` and check it, within and across files.

    The files are read once (``snapshot``); the load cache (``cache``) answers
    for the files whose bytes it has seen, and re-runs only the checks a
    changed file touches.  ``cache=False`` always loads from scratch.
    ``progress`` is called while files are parsed (never for what the cache holds).
    """
    with collector_off():
        snap = Snapshot.read(folder)
        if not cache:
            return _load(snap, progress)
        from ukmtool.core.reading import cache as load_cache

        return load_cache.load(snap, progress, lambda: _load(snap, progress))


@contextmanager
def collector_off() -> Iterator[None]:
    """The garbage collector off meanwhile; what was made meanwhile is never walked again.

    The one place ukm handles the collector: around a load, a registration and
    a report.  Loading 100,000 participants makes millions of objects and no
    reference cycles: collecting only costs time.  What was loaded lives until
    the command ends, so at the end it is frozen (``gc.freeze``): the collector,
    back on, need not walk those objects again each time the command's own work
    sets it off.  Nested uses are fine: the outermost turns it back on.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load(snap: Snapshot, progress: Progress | None) -> LoadResult:
    folder = snap.folder
    out = Collector()
    source = stages.Source(dict(snap.files), snap.total, progress)
    settings, program_source = stages.program(folder.program, out, source)
    modules, module_source = stages.modules(folder.modules, out, source)
    lists: dict[str, list[Any]] = {}
    roots: dict[str, LList | None] = {}
    for name, path in snap.lists()[:1]:  # participants before the sheets, as ever
        lists[name], roots[name] = stages.entries(path, assembly.MODELS[name], out, source)
    sheets, sheet_sources = _load_attendance(snap, out, source)
    for name, path in snap.lists()[1:]:
        lists[name], roots[name] = stages.entries(path, assembly.MODELS[name], out, source)
    sources = checks.Sources(
        module_source, roots["participants"], sheet_sources, None, program_source
    )
    sources = replace(sources, **cast(dict[str, Any], roots))
    given = checks.Given.of(folder, settings, modules, lists["participants"], sources, out)
    checks.run(given, out)
    return assembly.assemble(folder, settings, modules, sheets, lists, out.items)


def _load_attendance(
    snap: Snapshot, out: Collector, source: stages.Source
) -> tuple[dict[str, dict[int, Sheet]], dict[str, tuple[Path, LMap]]]:
    sheets: dict[str, dict[int, Sheet]] = {}
    sources: dict[str, tuple[Path, LMap]] = {}
    if not snap.attendance_is_dir:
        return sheets, sources
    for name, path in snap.attendance:
        if not is_sheet_name(name):
            stages.not_a_sheet(name, path, out)
            continue
        found = stages.sheet_file(path, out, source)
        if found is None or found.root is None:
            continue
        module_id = name[: -len(".yaml")]
        sheets[module_id] = found.sheets
        sources[module_id] = (path, found.root)
    return sheets, sources
