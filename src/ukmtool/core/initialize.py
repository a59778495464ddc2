"""Create a new programme folder from the template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ukmtool.core import template
from ukmtool.core.folder import (
    ATTENDANCE_DIR,
    MODULES_FILE,
    PARTICIPANTS_FILE,
    PROGRAM_FILE,
)
from ukmtool.core.store import atomic_write
from ukmtool.errors import UkmError, WriteError
from ukmtool.i18n import _


def create(directory: Path, name: str, starts: date) -> Path:
    """Write a working programme folder into ``directory``; refuse if one is there."""
    existing = [
        n for n in (PROGRAM_FILE, MODULES_FILE, PARTICIPANTS_FILE) if (directory / n).exists()
    ]
    if existing:
        raise UkmError(
            _("{folder} already holds a programme ({files}); nothing was written.").format(
                folder=directory, files=", ".join(existing)
            ),
            hint=_("Choose another folder, or edit the files that are there."),
        )
    try:
        (directory / ATTENDANCE_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot create {folder}: {reason}.").format(
                folder=directory, reason=exc.strerror or exc
            )
        ) from None
    files = (
        (PROGRAM_FILE, template.program_yaml(name, starts)),
        (MODULES_FILE, template.modules_yaml(starts)),
        (PARTICIPANTS_FILE, template.participants_yaml()),
    )
    for filename, text in files:
        atomic_write(directory / filename, text.encode("utf-8"))
    return directory.absolute()
