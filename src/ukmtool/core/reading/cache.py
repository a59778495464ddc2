"""The load cache: a large programme folder read once, reloaded in a moment.

Reading 100,000 participants with years of attendance takes many seconds,
nearly all of it in turning YAML into Python objects.  When nothing changed
since the last run, :func:`load` hands back what the loader returned then.

What makes that safe:

- The key is a hash of every byte of every file the loader reads, of which
  files exist, of ukm's own code and of the libraries that shape a result,
  and of the language messages are written in (``core/reading/snapshot.py``).  Any
  change, even a hand edit that keeps a file's size and modification time,
  misses the cache.  The loader then reads the bytes that were hashed, never
  the disk again, so a result is never stored under the wrong key.
- The cache lives outside the programme folder (``$UKM_CACHE_DIR``, else the
  user's local cache folder as platformdirs names it: ``$XDG_CACHE_HOME/ukm``
  or ``~/.cache/ukm`` on Linux, ``~/Library/Caches/ukm`` on macOS,
  ``%LOCALAPPDATA%/ukm/Cache`` on Windows, never the roaming profile), one
  file per folder (by its real path) and language, readable by its owner only
  (it holds personal data: mode 0600 in a 0700 folder on POSIX; on Windows the
  user profile's access list, which lets in only the user, administrators and
  SYSTEM).  ``UKM_NO_CACHE=1`` turns it off.
- A file is written to a temporary name and renamed into place, so two ``ukm``
  at once each see a whole file or none.  A file that is damaged, cut short,
  from another version or not ours fails a check (magic, checksum, key) and
  is ignored and rebuilt; it is unpickled with no classes allowed but
  ``datetime.date``, so it cannot run code.
- What is stored is the loader's whole answer, the programme and every
  diagnostic, as plain values (tuples, lists, dicts, text, numbers, dates),
  rebuilt into the same models without validating again (the data was
  validated when it was stored).  A test compares cold and warm answers.

Every folder is cached (:data:`MIN_BYTES`): even for the sample the warm
path saves a tenth of the command's time (pydantic's schema building).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core.folder import Folder
from ukmtool.core.programme import LoadResult
from ukmtool.core.reading import cachecodec as codec
from ukmtool.core.reading.snapshot import Snapshot

CACHE_FORMAT = 2
"""Raised whenever what a cached load means changes (2: the rules of version 2)."""
MIN_BYTES = 0
"""Folders with fewer bytes than this are loaded without the cache.

Even a folder of a few lines gains from it: a warm load builds no pydantic
schema (about 50 ms of a cold load of any folder).
"""
MAX_ENTRIES = 32
"""Cache files kept; the least recently written go first."""
_MAGIC = b"ukm load cache\n"
_SUFFIX = ".cache"


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


def load(snap: Snapshot, build: Callable[[], LoadResult]) -> LoadResult:
    """The result of loading ``snap``: from the cache when it holds it, else ``build()``."""
    where = directory()
    fingerprint = snap.fingerprint() if where is not None and snap.total >= MIN_BYTES else None
    if where is None or fingerprint is None:
        return build()
    from ukmtool.i18n import current_language

    path = where / entry_name(snap.folder, current_language())
    key = {"format": CACHE_FORMAT, "environment": _environment(), "files": fingerprint}
    found = _read(path, key, snap.folder)
    if found is not None:
        return found
    result = build()
    with contextlib.suppress(OSError, codec.Unsupported, pickle.PicklingError):
        _write(where, path, key, result)
    return result


def entry_name(folder: Folder, language: str) -> str:
    """The cache file of ``folder`` (by its real path) in ``language``."""
    real = os.path.realpath(folder.root)
    digest = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=16)
    return f"{digest.hexdigest()}-{language}{_SUFFIX}"


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


def _read(path: Path, key: dict[str, Any], folder: Folder) -> LoadResult | None:
    """The cached result at ``path`` for ``key``, or None (missing, stale, damaged, foreign)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                return None
            header = json.loads(handle.readline())
            if header.get("key") != key:
                return None
            payload = handle.read()
        if hashlib.blake2b(payload, digest_size=32).hexdigest() != header.get("checksum"):
            return None
        data = _Unpickler(io.BytesIO(payload)).load()
        return codec.decode(data, folder)
    except Exception:  # anything wrong with a cache file means: not cached
        return None


def _write(where: Path, path: Path, key: dict[str, Any], result: LoadResult) -> None:
    """Store ``result`` at ``path`` atomically (a temp file renamed into place)."""
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    payload = pickle.dumps(codec.encode(result), protocol=pickle.HIGHEST_PROTOCOL)
    header = {"key": key, "checksum": hashlib.blake2b(payload, digest_size=32).hexdigest()}
    fd, temp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + json.dumps(header).encode() + b"\n" + payload)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _prune(where)


def _prune(where: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently written cache files."""
    entries = []
    for entry in os.scandir(where):
        if entry.name.endswith(_SUFFIX):
            with contextlib.suppress(OSError):
                entries.append((entry.stat().st_mtime, entry.path))
    for _mtime, old in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            os.unlink(old)


class _Unpickler(pickle.Unpickler):
    """Plain values only: no class may be loaded but ``datetime.date``."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return date
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a ukm cache")
