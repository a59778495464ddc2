"""After a write, the cache's imprint of the new bytes, from what the writer read back: seeds.

Every writer reads its new text back with the loader's reader before it
replaces the file (``core/files``), and refuses unless it reads back as
meant: the old entries unchanged, the new ones exactly as written.  That
proof is what the load cache needs.  So, right after the file is replaced,
the writer hands :func:`after_write` the bytes before and after and what it
read back, and the imprint of the new bytes is stored as a delta over the
imprint of the old ones (``imprints``): the next command parses nothing.

The hook, for every command that writes a file the loader reads::

    seen = list_file.ReadBack()
    new = list_file.append_entries(old, ..., seen=seen)
    store.atomic_write(path, new, ...)
    seeding.after_write(folder, path, old, new, seeding.appended(seen))

(``seeding.changed(seen)`` after ``list_file.change_entries``,
``seeding.sheet_written(seen)`` after ``sheet_file.rewrite``): one of
:class:`Appended` (entries added at the end of a list file), :class:`Changed`
(entries of a list file changed in place) or :class:`SheetWritten` (one
session of an attendance file), each built from the text the writer *read
back*, never from what it meant to write.  A write that hands over nothing
(``change=None``), or anything unusual (a new file, an old file with
problems of its own, an entry that does not validate, no imprint of the old
bytes in the cache), stores nothing: the next load parses
that one file, which is always right, only slower.

Why a seed is never stale: it is stored under the hash of the very bytes the
writer put on disk, and found only by a load that hashes the file and finds
those bytes; a hand edit afterwards, even one keeping size and time, gives
other bytes.  It never raises: a seed that cannot be stored is no seed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ukmtool.core.folder import Folder
from ukmtool.core.reading import assembly, cache, cachecodec, filecache, imprints, stages
from ukmtool.core.reading.imprints import LIST, SHEETS, SheetKey
from ukmtool.diagnostics import Collector


@dataclass(frozen=True, slots=True)
class Appended:
    """Entries added after the last entry of a list file: each as read back (located).

    ``first_line``: the line of the new file where the text read back starts
    (the items' lines count from there).
    """

    items: Sequence[Any]
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class Changed:
    """Entries of a list file changed in place, as read back: index -> entry.

    The index counts the file's entries that are mappings (a ``-`` holding
    nothing is no entry), from 0; every other entry read back unchanged.
    ``people``: who is registered and since when stayed the same (no id, no
    registration date changed).
    """

    items: Mapping[int, Any]
    people: bool = False


@dataclass(frozen=True, slots=True)
class SheetWritten:
    """One session's sheet of an attendance file, written in place of the old one or at the end.

    ``key``: the session's key as written; ``value``: its sheet as read back;
    ``line``: the key's line in the new text; ``text``: the new text from
    that line to the next session's key (or the end); ``moved``: the old
    key's line (0 for a new session) and how many lines the file gained there
    (negative: lost), so the keys below it moved by that much.
    """

    key: str
    value: Any
    line: int
    text: str
    moved: tuple[int, int]


Change = Appended | Changed | SheetWritten


class _ListReadBack(Protocol):
    items: Any
    kept: int
    first_line: int


class _ChangeReadBack(Protocol):
    replaced: dict[int, tuple[Any, Any]] | None


class _SheetReadBack(Protocol):
    key: str
    value: Any
    line: int
    text: str
    moved: tuple[int, int]


def appended(seen: _ListReadBack) -> Appended | None:
    """The entries a write appended, from what ``files.list_file`` read back (``ReadBack``)."""
    if seen.items is None:
        return None
    return Appended([item for item in seen.items if item is not None][seen.kept :], seen.first_line)


def changed(seen: _ChangeReadBack) -> Changed | None:
    """The entries a write changed in place, from what ``files.list_file`` read back.

    Who is registered and since when stayed the same when no changed entry's
    ``id`` or ``registered`` reads otherwise than before (as written).
    """
    from ukmtool.core.yamlio.reader import LMap

    if seen.replaced is None:
        return None  # not every entry a mapping: the old file had problems of its own
    items: dict[int, Any] = {}
    people = True
    for index, (was, now) in seen.replaced.items():
        if not isinstance(now, LMap):
            return None
        items[index] = now
        people = people and all(
            isinstance(was, LMap) and now.get(key) == was.get(key) for key in ("id", "registered")
        )
    return Changed(items, people)


def sheet_written(seen: _SheetReadBack) -> SheetWritten | None:
    """The session a write wrote, from what ``files.sheet_file`` read back (``ReadBack``)."""
    if not seen.key:
        return None  # read back whole: an unusual layout
    return SheetWritten(seen.key, seen.value, seen.line, seen.text, seen.moved)


def after_write(
    folder: Folder, path: Path, old: bytes | None, new: bytes, change: Change | None
) -> str | None:
    """Store the imprint of ``new`` (the bytes now at ``path``) as ``old``'s with ``change``.

    Returns the new imprint's name, or None when nothing was stored (see the module).
    """
    where = cache.directory()
    if where is None or old is None or change is None:
        return None
    try:
        return _seed(where, folder, path, old, new, change)
    except Exception:  # a seed is an optimisation: whatever goes wrong, there is none
        return None


def _seed(
    where: Path, folder: Folder, path: Path, old: bytes, new: bytes, change: Change
) -> str | None:
    environment = cache.environment()
    rel = os.path.relpath(path, folder.root).replace(os.sep, "/")
    base = imprints.name(environment, rel, imprints.digest(old))
    found = imprints.read(where, base)
    if found is None or found.get("format") != imprints.FORMAT:
        return None
    if found["op"] == "full" and found["diagnostics"]:
        return None  # the old file has problems of its own: their lines may move
    kind = found["kind"]
    if isinstance(change, SheetWritten):
        payload = _sheet(kind, base, path, change) if kind == SHEETS else None
    elif kind == LIST:
        payload = _list(base, path, change)
    else:
        payload = None
    if payload is None:
        return None
    name = imprints.name(environment, rel, imprints.digest(new))
    if imprints.write(where, name, payload) is None:
        return None
    cache.name_imprints(where, folder.root, [name])
    return name


def _model(path: Path) -> Any:
    """The model of a list file, by its name (``assembly.MODELS``)."""
    return assembly.MODELS.get(path.stem)


def _list(base: str, path: Path, change: Appended | Changed) -> dict[str, Any] | None:
    model = _model(path)
    if model is None:
        return None
    if isinstance(change, Appended):
        items = list(change.items)
        if not items or any(not _mapping(item) for item in items):
            return None
        models = stages.adapter(model).validate_python(items)  # as the loader validates
        located = []
        for item in items:
            copy = cachecodec.decode_located(cachecodec.encode_located(item))
            filecache.shift(copy, change.first_line - 1)  # the lines of the whole new file
            located.append(cachecodec.encode_located(copy))
        return imprints.delta(
            LIST, base, "append", located=located, **imprints.encode_models(models)
        )
    pairs = sorted(change.items.items())
    if not pairs or any(not _mapping(item) or index < 0 for index, item in pairs):
        return None
    models = stages.adapter(model).validate_python([item for _index, item in pairs])
    writer = cachecodec.Encoder()  # one model each: a column store cannot be indexed
    value = [(index, writer.model(m)) for (index, _item), m in zip(pairs, models, strict=True)]
    given, ids = writer.tables()
    return imprints.delta(
        LIST, base, "replace", value=value, given=given, ids=ids, people=change.people
    )


def _sheet(kind: str, base: str, path: Path, change: SheetWritten) -> dict[str, Any] | None:
    from ukmtool.core import fields
    from ukmtool.core.yamlio.reader import LMap

    number = fields.session_number(change.key)
    if number is None or not isinstance(change.value, LMap):
        return None
    out = Collector()
    sheet = stages.one_sheet(change.value, path, out)
    if sheet is None or out.items:
        return None
    key = SheetKey(
        change.key,
        number,
        change.line,
        imprints.sheet_digest(sheet),
        imprints.text_digest(change.text),
    )
    stored = imprints.encode_model(sheet)
    return imprints.delta(
        SHEETS,
        base,
        "sheet",
        key=(key.key, key.number, key.line, key.model, key.text),
        moved=change.moved,
        **stored,
    )


def _mapping(item: Any) -> bool:
    from ukmtool.core.yamlio.reader import LMap

    return isinstance(item, LMap)
