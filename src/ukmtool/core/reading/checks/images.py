"""``ukm check``: the pictures ``program.yaml`` names lie inside the programme folder.

Run after the load, like ``synced`` and ``today``: the answer depends on the
file system (a link's target, a file's kind), not on the bytes the load
cache keys on.
"""

from __future__ import annotations

from typing import Any

from ukmtool.core.folder import Folder, image_problem
from ukmtool.core.yamlio.reader import FileTooLargeError, LMap, parse_bytes
from ukmtool.diagnostics import Collector


def check_images(folder: Folder, settings: Any, out: Collector) -> None:
    """An error for the ``logo`` (and each partner's ``logo``) that leads outside the folder."""
    written: list[tuple[str, str]] = []
    if getattr(settings, "logo", None):
        written.append(("logo", str(settings.logo)))
    for partner in getattr(settings, "partners", None) or []:
        logo = getattr(partner, "logo", None)
        if logo:
            written.append(("partners", str(logo)))
    if not written:
        return
    root = _located(folder)
    for key, value in written:
        problem = image_problem(folder.root, value)
        if problem is not None:
            line = root.value_line(key) if root is not None else None
            out.error(folder.program, line, f"{key}: {problem.message}", hint=problem.hint)


def _located(folder: Folder) -> LMap | None:
    try:
        root = parse_bytes(folder.program.read_bytes()).value
    except (OSError, FileTooLargeError):
        return None
    return root if isinstance(root, LMap) else None
