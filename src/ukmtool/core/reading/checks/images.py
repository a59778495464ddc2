"""``ukm check``: the pictures ``program.yaml`` names, and templates/, lie inside the folder.

Run after the load, like ``synced`` and ``today``: the answer depends on the
file system (a link's target, a file's kind), not on the bytes the load
cache keys on.
"""

from __future__ import annotations

from typing import Any

from ukmtool.core.folder import Folder, image_problem, templates_leading_out
from ukmtool.core.yamlio.reader import FileTooLargeError, LList, LMap, parse_bytes
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _


def check_images(folder: Folder, settings: Any, out: Collector) -> None:
    """An error for the ``logo`` (and each partner's ``logo``) that leads outside the folder.

    And one for each file of templates/ that is a link out of the folder, which
    every printing command refuses (``render/typesetting/stage``).
    """
    for name in templates_leading_out(folder.root):
        out.error(
            folder.root / name,
            None,
            _("This is a link to a file outside the programme folder: printing refuses it."),
            hint=_(
                "Templates are read only from inside the programme folder: copy the file "
                "itself into templates/ instead of linking to it, or delete the link."
            ),
        )
    written: list[tuple[str, int | None, str]] = []
    if getattr(settings, "logo", None):
        written.append(("logo", None, str(settings.logo)))
    for number, partner in enumerate(getattr(settings, "partners", None) or []):
        logo = getattr(partner, "logo", None)
        if logo:
            written.append(("partners", number, str(logo)))
    if not written:
        return
    root = _located(folder)
    for key, index, value in written:
        problem = image_problem(folder.root, value)
        if problem is None:
            continue
        line = root.value_line(key) if root is not None else None
        items = root.get(key) if root is not None else None
        if index is not None and isinstance(items, LList) and index < len(items):
            line = items.item_line(index)
        out.error(folder.program, line, f"logo: {problem.message}", hint=problem.hint)


def _located(folder: Folder) -> LMap | None:
    try:
        root = parse_bytes(folder.program.read_bytes()).value
    except (OSError, FileTooLargeError):
        return None
    return root if isinstance(root, LMap) else None
