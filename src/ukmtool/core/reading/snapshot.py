"""The bytes of a programme folder, read once, and a fingerprint of them.

The loader reads every file through a :class:`Snapshot`, so what it returns
is a function of the snapshot alone: the load cache (``core/reading/cache.py``) keys a
result by :meth:`Snapshot.fingerprint`, a hash of every byte and of which
files exist, and can never hand back a result for files that differ by a
single byte, whatever their size and modification time say.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ukmtool.core.folder import Folder
from ukmtool.core.yamlio.reader import check_size

_MISSING = b"missing"


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

    def take(self, path: Path) -> bytes:
        """The bytes of ``path`` (raising what reading it raised), handed over once."""
        found = self.files.pop(path, None)
        if found is None:
            return path.read_bytes()  # not in the snapshot: read it now
        if isinstance(found, OSError):
            raise found
        return found

    def fingerprint(self) -> str | None:
        """A hash of everything read, or None when a file could not be read.

        A file that is missing is part of the fingerprint; any other error
        (no permission, a folder where a file should be) is not worth caching.
        """
        digest = hashlib.blake2b(digest_size=32)
        root = str(self.folder.root)
        for path, data in self.files.items():
            digest.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            if isinstance(data, FileNotFoundError):
                digest.update(b"0" + _MISSING)
            elif isinstance(data, OSError):
                return None
            else:
                digest.update(b"1" + len(data).to_bytes(8, "big"))
                digest.update(data)
        digest.update(
            b"visits %d indicators %d certificates %d scores %d attendance %d\0"
            % (
                self.visits_exist,
                self.indicators_exist,
                self.certificates_exist,
                self.scores_exist,
                self.attendance_is_dir,
            )
        )
        for name, _path in self.attendance:
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()


def is_hidden(name: str) -> bool:
    """Whether an entry of ``attendance/`` is passed over without a word (hidden, or a backup~)."""
    return name.startswith(".") or name.endswith("~")


def is_sheet_name(name: str) -> bool:
    """Whether an entry of ``attendance/`` is read as a sheet (MODULE.yaml, not hidden)."""
    return not is_hidden(name) and name.endswith(".yaml")
