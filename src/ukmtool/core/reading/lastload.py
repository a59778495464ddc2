"""The imprints a folder's last load used, in one file: a warm load reads one file.

The per-file cache (``imprints``) keeps each file's imprint in a file of its
own, so that a write costs one small file.  A warm load, where nothing
changed, would then read and check a dozen of them one by one (at 100,000
participants eleven files, 36 MB).  So a load that had to gather them
stores the payloads of every imprint it used, each as it was pickled into
``files/`` (a delta with its bases), in one file beside the folder's
manifest, ``FOLDER-LANGUAGE.lastload``; the next load reads that one file
and takes from it every imprint it holds, and from ``files/`` only those it
does not hold (the one a write just stored).

Which loads store it (``cache._Load``): one that parsed a file (a cold load,
a hand edit: already slow), and one that finds the folder settled (the
manifest unchanged: the second load after a write).  The first load after a
write does not: a run of writes and reports (roll-call corrections) pays
for no rewrite, and reads the rest of the folder from this file all the same.

Never stale: each payload is kept under its imprint's name, a hash of the
file's path and bytes and of ukm's code and language (``imprints.name``);
a load asks for the name its file's bytes hash to, so a hand edit, even one
keeping size and time, asks for a name this file does not hold.  A file
that is damaged, cut short, of another version or of another environment
fails the magic line, the header or the checksum and is ignored as a whole
(the imprints come from ``files/``, or the files are parsed); it is
unpickled with no class allowed but ``datetime.date``.  Written to a
temporary name and renamed into place, so two ``ukm`` at once each read a
whole file; whichever writes last wins, and either is true for the names it
holds.  Pruned with its folder's manifest (``cache.prune``).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import BinaryIO

from ukmtool.core.reading import cachecodec as codec
from ukmtool.core.reading import imprints

FORMAT = 2
"""Raised whenever what the file holds changes (2: each payload as pickled)."""
SUFFIX = ".lastload"
_MAGIC = b"ukm cache last load\n"
_CHECKSUM = 64
"""The length of the SHA-256 (hex) that ends the file."""

Payloads = dict[str, bytes]
"""Imprint payloads (``imprints.encode``, ``imprints.delta``) as pickled, by imprint name."""


def file_name(folder_key: str) -> str:
    """The file of a folder and language (``folder_key``: its manifest's name, less the suffix)."""
    return f"{folder_key}{SUFFIX}"


def read(where: Path, folder_key: str, environment: str) -> Payloads:
    """The payloads the folder's last load used, by imprint name (empty: none usable)."""
    try:
        with open(where / file_name(folder_key), "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                return {}
            header = json.loads(handle.readline())
            if (
                not isinstance(header, dict)
                or header.get("format") != FORMAT
                or header.get("environment") != environment
            ):
                return {}
            size = os.fstat(handle.fileno()).st_size - handle.tell() - _CHECKSUM
            data = handle.read(size) if size > 0 else b""
            checksum = handle.read()
        if len(data) != size or hashlib.sha256(data).hexdigest().encode() != checksum:
            return {}
        found = imprints.unpickle(data)
    except Exception:  # anything wrong with the file means: not there
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        name: payload
        for name, payload in found.items()
        if isinstance(name, str) and isinstance(payload, bytes)
    }


def write(
    where: Path,
    folder_key: str,
    environment: str,
    used: dict[str, imprints.Pickled],
    people: imprints.People | None,
) -> bool:
    """Store the payloads ``used`` as the folder's last load (False when they cannot be).

    Each is stored as it was pickled (into ``files/``, or into this file
    before), so storing this file is mostly a copy.  But an attendance file's
    table of ids is stored as places in the ids of ``people``, the
    participants of this load (``imprints.by_place``): read back for the same
    participants, it needs no look-up at all; for others (after ``ukm
    register``) the file's own imprint in ``files/`` is read instead.  The
    file is streamed, its SHA-256 (twice as fast as blake2b on a CPU with SHA
    extensions) after it: it is the size of the folder's data, and never held
    in memory a second time.
    """
    payloads: Payloads = {}
    index: dict[str, int] | None = None
    for name, item in used.items():
        data = item.data
        if item.kind == imprints.SHEETS and people is not None and item.placed != people.name:
            if index is None:
                index = {pid: at for at, pid in enumerate(people.ids)}
            payload = imprints.payload_of(data)
            placed = None if payload is None else imprints.by_place(payload, people, index)
            if placed is None:
                continue
            data = pickle.dumps(placed, protocol=pickle.HIGHEST_PROTOCOL)
        payloads[name] = data
    header = {"format": FORMAT, "environment": environment}

    def store(handle: BinaryIO) -> None:
        handle.write(_MAGIC + json.dumps(header).encode() + b"\n")
        hashing = _Hashing(handle)
        pickle.Pickler(hashing, protocol=pickle.HIGHEST_PROTOCOL).dump(payloads)
        handle.write(hashing.digest.hexdigest().encode())

    try:
        imprints.put_with(where, file_name(folder_key), store)
    except (OSError, codec.Unsupported, pickle.PicklingError, TypeError, RecursionError):
        return False
    return True


class _Hashing:
    """A file that hashes what is written to it."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.handle.write(data)
