"""The bytes of a programme folder, read once.

The loader reads every file through a :class:`Snapshot`, so what it returns
is a function of the snapshot alone: the load cache (``cache``) keys what a
file gave by a hash of its bytes, and can never hand back a result for a
file that differs by a single byte, whatever its size and modification time say.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ukmtool.core.folder import Folder
from ukmtool.core.yamlio.reader import check_size


@dataclass
class Snapshot:
    """Every file the loader reads: its bytes, or the error reading it gave."""

    folder: Folder
    files: dict[Path, bytes | OSError] = field(default_factory=dict)
    visits_exist: bool = False
    indicators_exist: bool = False
    certificates_exist: bool = False
    scores_exist: bool = False
    attendance_is_dir: bool = False
    attendance: list[tuple[str, Path]] = field(default_factory=list)
    """Entries of the attendance folder (name, path), sorted by name."""
    total: int = 0
    """Bytes read, for progress."""

    @classmethod
    def read(cls, folder: Folder) -> Snapshot:
        """Read every file of ``folder`` the loader would read, in one go."""
        snap = cls(folder)
        for path in (folder.program, folder.modules, folder.participants):
            snap._read(path)
        # a link to nowhere is there too: the loader says where it points
        snap.visits_exist = folder.visits.exists() or folder.visits.is_symlink()
        if snap.visits_exist:
            snap._read(folder.visits)
        snap.indicators_exist = folder.indicators.exists() or folder.indicators.is_symlink()
        if snap.indicators_exist:
            snap._read(folder.indicators)
        snap.certificates_exist = folder.certificates.exists() or folder.certificates.is_symlink()
        if snap.certificates_exist:
            snap._read(folder.certificates)
        snap.scores_exist = folder.scores.exists() or folder.scores.is_symlink()
        if snap.scores_exist:
            snap._read(folder.scores)
        directory = folder.attendance_dir
        snap.attendance_is_dir = directory.is_dir()
        if snap.attendance_is_dir:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
            snap.attendance = [(entry.name, Path(entry.path)) for entry in entries]
            for name, path in snap.attendance:
                if is_sheet_name(name):
                    snap._read(path)
        return snap

    def _read(self, path: Path) -> None:
        try:
            check_size(path)
            data = path.read_bytes()
        except OSError as exc:
            self.files[path] = exc
            return
        self.files[path] = data
        self.total += len(data)

    def lists(self) -> list[tuple[str, Path]]:
        """The list files to read, by the name of what they hold, as the loader reads them.

        ``participants`` always; ``visits``, ``indicators``, ``certificates`` and
        ``scores`` when the folder has them.  (The name is the field of ``Programme`` and
        of the checks' ``Sources`` that holds them.)
        """
        folder = self.folder
        found = [("participants", folder.participants)]
        for name, path, there in (
            ("visits", folder.visits, self.visits_exist),
            ("indicators", folder.indicators, self.indicators_exist),
            ("certificates", folder.certificates, self.certificates_exist),
            ("scores", folder.scores, self.scores_exist),
        ):
            if there:
                found.append((name, path))
        return found


def is_hidden(name: str) -> bool:
    """Whether an entry of ``attendance/`` is passed over without a word (hidden, or a backup~)."""
    return name.startswith(".") or name.endswith("~")


def is_sheet_name(name: str) -> bool:
    """Whether an entry of ``attendance/`` is read as a sheet (MODULE.yaml, not hidden)."""
    return not is_hidden(name) and name.endswith(".yaml")
