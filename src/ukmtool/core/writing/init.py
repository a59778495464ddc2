"""Create a new programme folder from the template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ukmtool.core.reading.folder import (
    ATTENDANCE_DIR,
    MODULES_FILE,
    PARTICIPANTS_FILE,
    PROGRAM_FILE,
)
from ukmtool.core.writing import init_template as template
from ukmtool.core.writing import store
from ukmtool.errors import UkmError, WriteError
from ukmtool.i18n import _


def create(directory: Path, name: str, starts: date) -> Path:
    """Write a working programme folder into ``directory``; refuse if one is there.

    Under the folder's lock; program.yaml comes last, so a folder whose
    ``ukm init`` was interrupted is not taken for a programme, and running
    the same ``ukm init`` again completes it (files it already wrote, byte for
    byte, are accepted; any other file there is a refusal).
    """
    files = (
        (PARTICIPANTS_FILE, template.participants_yaml().encode("utf-8")),
        (MODULES_FILE, template.modules_yaml(starts).encode("utf-8")),
        (PROGRAM_FILE, template.program_yaml(name, starts).encode("utf-8")),
    )
    return write_folder(directory, files)


def write_folder(
    directory: Path,
    files: tuple[tuple[str, bytes], ...],
    first: Callable[[], None] | None = None,
) -> Path:
    """Write ``files`` (program.yaml last) and an empty attendance folder into ``directory``.

    ``first`` runs under the lock before the files are written (copying a
    ``templates/`` folder); a programme already there is refused.
    """
    refuse_a_programme(directory, files)  # before creating anything, not even the lock
    try:
        (directory / ATTENDANCE_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot create {folder}: {reason}.").format(
                folder=directory, reason=exc.strerror or exc
            )
        ) from None
    with store.locked(directory):
        present = refuse_a_programme(directory, files)  # again, now that no one else writes
        if first is not None:
            first()
        for filename, data in files:
            if present[filename] != data:
                store.atomic_write(
                    directory / filename, data, check_expected=True, expected=present[filename]
                )
    return directory.absolute()


def refuse_a_programme(
    directory: Path, files: tuple[tuple[str, bytes], ...]
) -> dict[str, bytes | None]:
    """What is there of each file; raise when the folder holds a programme already.

    Files an interrupted ``ukm init`` wrote (byte for byte what it would write,
    and no program.yaml yet) are accepted, so running it again completes them.
    """
    present = {filename: _held(directory / filename) for filename, _data in files}
    existing = [
        filename
        for filename, data in files
        if present[filename] is not None
        and (present[filename] != data or present[PROGRAM_FILE] is not None)
    ]
    if existing:
        raise UkmError(
            _("{folder} already holds a programme ({files}); nothing was written.").format(
                folder=directory, files=", ".join(sorted(existing))
            ),
            hint=_("Choose another folder, or edit the files that are there."),
        )
    return present


def _held(path: Path) -> bytes | None:
    """What a file ``ukm init`` writes holds now; None when nothing of that name is there."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None  # (a file where the folder should be: making the folder says so)
    except OSError:
        return b""  # a folder or an unreadable file of that name: never what init writes
