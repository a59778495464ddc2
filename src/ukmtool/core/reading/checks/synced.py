"""Copies that sync programs make when two computers change one file at once.

OneDrive, Google Drive and Dropbox never merge: they keep both versions, the
second under a new name (``participants-DESKTOP-AB12.yaml``, ``participants
(1).yaml``, ``participants (Sri's conflicted copy 2018-01-10).yaml``), and ukm
would read only the first.  ``ukm check`` names each such copy, so the
entries or marks in it are merged by a person instead of quietly lost.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ukmtool.core.folder import Folder
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _

_SUFFIXES = (".yaml", ".yml")
# after the original's stem: OneDrive's "-COMPUTERNAME" (maybe "-2"), "(1)" of Google
# Drive and Explorer, and any "conflict" (Dropbox, Nextcloud, Syncthing's .sync-conflict-).
_MARKS = (
    re.compile(r"-[A-Z0-9][A-Z0-9-]*"),
    re.compile(r" ?\(\d+\)"),
    re.compile(r".*conflict.*", re.IGNORECASE),
)


def copy_of(name: str, originals: Iterable[str]) -> str | None:
    """The original that ``name`` is a sync program's conflict copy of, or None."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in _SUFFIXES:
        return None
    for original in originals:
        base = original.rpartition(".")[0] or original
        if name == original or not stem.startswith(base):
            continue
        rest = stem[len(base) :]
        if any(mark.fullmatch(rest) for mark in _MARKS):
            return original
    return None


def conflict_message(name: str, original: str) -> tuple[str, str]:
    """What to say of ``name``, a conflict copy of ``original``: message and hint."""
    return (
        _(
            "{name} looks like a copy that OneDrive, Google Drive or Dropbox made of "
            "{original} when two computers changed it at once."
        ).format(name=name, original=original),
        _(
            "ukm reads only {original}: copy what the copy has that {original} lacks "
            "into {original}, then delete the copy."
        ).format(original=original),
    )


def check_folder(folder: Folder, out: Collector) -> None:
    """Warn of every conflict copy of the programme's own files (not read by the loader).

    Copies of attendance sheets are read as sheets, and the loader reports them
    (``crosscheck``): they name no module.
    """
    originals = [
        path.name
        for path in (
            folder.program,
            folder.modules,
            folder.participants,
            folder.visits,
            folder.indicators,
            folder.scores,
        )
    ] + ["certificates.yaml"]
    try:
        names = sorted(entry.name for entry in os.scandir(folder.root))
    except OSError:
        return
    for name in names:
        original = copy_of(name, originals)
        if original is not None:
            message, hint = conflict_message(name, original)
            out.warning(Path(folder.root) / name, None, message, hint=hint)
