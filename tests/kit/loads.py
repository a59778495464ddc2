"""Loads through the load cache compared with loads from scratch, and what the cache did."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from ukmtool.core.folder import Folder
from ukmtool.core.programme import LoadResult
from ukmtool.core.reading import cache, loader


def assert_same_result(one: LoadResult, two: LoadResult) -> None:
    """Equal field by field, model by model, down to which fields were given, in one order."""
    assert one.diagnostics == two.diagnostics
    assert [str(d.file) for d in one.diagnostics] == [str(d.file) for d in two.diagnostics]
    assert (one.programme is None) == (two.programme is None)
    if one.programme is None or two.programme is None:
        return
    a, b = one.programme, two.programme
    assert a.folder == b.folder
    pairs: list[tuple[Any, Any]] = [(a.settings, b.settings)]
    for name in ("modules", "participants", "visits", "indicators", "certificates", "scores"):
        pairs += list(zip(getattr(a, name), getattr(b, name), strict=True))
    assert list(a.sheets) == list(b.sheets)
    for module in a.sheets:
        assert list(a.sheets[module]) == list(b.sheets[module])
        pairs += [(a.sheets[module][n], b.sheets[module][n]) for n in a.sheets[module]]
    for m1, m2 in pairs:
        assert type(m1) is type(m2)
        assert m1 == m2
        assert m1.__dict__ == m2.__dict__
        assert {k: type(v) for k, v in m1.__dict__.items()} == {
            k: type(v) for k, v in m2.__dict__.items()
        }
        assert m1.model_fields_set == m2.model_fields_set
        assert m1.model_dump() == m2.model_dump()
    for module in a.modules:
        for number, session in module.sessions.items():
            other = b.modules_by_id[module.id].sessions[number]
            assert session.model_fields_set == other.model_fields_set


def cached_equals_fresh(root: Path) -> dict[str, Any]:
    """Load ``root`` through the cache and from scratch, assert the same; what the cache did."""
    folder = Folder(root)
    cached = loader.load(folder)
    did = {key: list(value) for key, value in cache.STATS.items()}
    assert_same_result(loader.load(folder, cache=False), cached)
    return did


def edit_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` (the same length) in place: same size, mtime and inode."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    with open(path, "r+b") as handle:  # in place, as an editor saving over the file
        handle.seek(data.index(old))
        handle.write(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def code_running_pickle(marker: Path) -> bytes:
    """A pickle that, unpickled freely, would run a command creating ``marker``."""
    return pickle.dumps(_Evil(str(marker)))


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.path}",))
