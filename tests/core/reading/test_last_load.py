"""A warm load reads one file (``lastload``), and that file never changes an answer.

The imprints a folder's last load used are kept together in one file; a warm
load takes every imprint from it, a load after a write takes the rest of the
folder from it and only the write's own imprint from ``files/``.  A hand edit
is seen however it was made, and a damaged or foreign file only costs
reading the imprints one by one.  Every answer is compared with a load from
scratch (``tests.kit.loads``).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from tests.kit.benchgen import generate
from tests.kit.helpers import Run, programme
from tests.kit.loads import cached_equals_fresh, code_running_pickle, edit_keeping_size_and_mtime
from ukmtool.core.folder import Folder
from ukmtool.core.reading import cache, lastload, loader, units


def last_load(where: Path) -> Path:
    (found,) = where.glob(f"*{lastload.SUFFIX}")
    return found


def test_a_warm_load_reads_one_file_and_answers_as_from_scratch(
    ukm: Run, sample: Path, cache_dir: Path
) -> None:
    cold = ukm("--data", str(sample), "check", "--format", "json")
    warm = ukm("--data", str(sample), "check", "--format", "json")

    assert cold.exit_code == warm.exit_code == 0
    assert warm.stdout == cold.stdout
    did = cached_equals_fresh(sample)
    assert did["parsed"] == [] and did["read"] == [], "every imprint came from the one file"
    assert last_load(cache_dir).name.removesuffix(lastload.SUFFIX) == next(
        cache_dir.glob(f"*{units.MANIFEST_SUFFIX}")
    ).name.removesuffix(units.MANIFEST_SUFFIX), "kept beside the folder's manifest"


def test_a_hand_edit_in_the_same_second_and_size_is_seen_by_a_warm_load(
    ukm: Run, sample: Path, cache_dir: Path
) -> None:
    assert ukm("--data", str(sample), "check").exit_code == 0
    assert cached_equals_fresh(sample)["read"] == []
    edit_keeping_size_and_mtime(
        sample / "participants.yaml", b"district: Jepon\n", b"district: Jepun\n"
    )

    after = ukm("--data", str(sample), "check", "--format", "json")

    assert after.exit_code == 1
    assert "Unknown district 'Jepun'" in after.stdout
    did = cached_equals_fresh(sample)
    assert did["parsed"] == [] and did["read"] == [], "the edited file's imprint joined the rest"


def test_a_hand_edit_of_a_sheet_is_seen_and_only_that_sheet_read_again(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = generate.generate(40, tmp_path / "p40")
    loader.load(Folder(root))
    sheet = root / "attendance" / "keuangan.yaml"
    edit_keeping_size_and_mtime(sheet, b"UKM-001, UKM-002", b"UKM-002, UKM-001")

    did = cached_equals_fresh(root)

    assert did["parsed"][:1] == ["attendance/keuangan.yaml"] and did["read"] == []


WRITES: dict[str, list[str]] = {
    "attend": ["attend", "keuangan", "-s", "1", "--status", "late", "UKM-001"],
    "register": ["register", "--business", "Warung Uji Coba", "--owner", "Sri Uji", "--gender",
                 "F", "--sector", "kuliner", "--district", "Cepu",
                 "--registered", generate.STARTS.isoformat()],
    "visit": ["visit", "UKM-002", "--date", generate.STARTS.isoformat(), "--trainer",
              "Ratna Dewi", "--hours", "1"],
}  # fmt: skip


@pytest.mark.parametrize("write", list(WRITES))
def test_after_a_write_only_the_written_file_is_read_from_its_own_imprint(
    write: str, ukm: Run, tmp_path: Path, cache_dir: Path
) -> None:
    """The rest of the folder comes from the one file; it is stored again once settled.

    After ``register`` the attendance files' imprints come from ``files/`` too:
    the one file holds their ids as places among the participants before.
    """
    root = generate.generate(40, tmp_path / "p40")
    loader.load(Folder(root))
    assert ukm("--data", str(root), *WRITES[write]).exit_code == 0
    before = last_load(cache_dir).read_bytes()
    sheets = len(list((root / "attendance").glob("*.yaml")))

    first = cached_equals_fresh(root)

    assert first["parsed"] == []
    assert len(first["read"]) == (1 + sheets if write == "register" else 1), "the write's own"
    assert last_load(cache_dir).read_bytes() == before, "the first load after a write stores none"
    second = cached_equals_fresh(root)
    assert second["parsed"] == [] and second["read"] == first["read"]
    assert last_load(cache_dir).read_bytes() != before, "settled: stored with the new imprint"
    assert cached_equals_fresh(root)["read"] == []


def _damage(path: Path, damage: str, marker: Path, other: Path) -> None:
    data = path.read_bytes()
    magic_end = data.index(b"\n") + 1
    header_end = data.index(b"\n", magic_end) + 1
    header = json.loads(data[magic_end:header_end])
    if damage == "garbage":
        path.write_bytes(os.urandom(3000))
    elif damage == "cut-short":
        path.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "bad-checksum":  # one bit of the pickle flipped
        middle = (header_end + len(data)) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    elif damage == "another-version":
        header["environment"] = "an earlier ukm"
        path.write_bytes(data[:magic_end] + json.dumps(header).encode() + b"\n" + data[header_end:])
    elif damage == "another-folder-s":  # whole and valid, for other files: nothing of it is used
        path.write_bytes(last_load(other).read_bytes())
    else:  # a valid file whose payload would run code if unpickled freely
        payload = code_running_pickle(marker)
        checksum = hashlib.sha256(payload).hexdigest().encode()
        path.write_bytes(data[:header_end] + payload + checksum)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "cut-short", "empty", "bad-checksum", "another-version", "another-folder-s",
     "class-in-pickle"],
)  # fmt: skip
def test_a_damaged_or_foreign_last_load_is_ignored_and_stored_again(
    damage: str, ukm: Run, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = programme(tmp_path / "other")
    monkeypatch.setenv("UKM_CACHE_DIR", str(tmp_path / "other-cache"))
    loader.load(Folder(other))
    where = tmp_path / "cache"
    monkeypatch.setenv("UKM_CACHE_DIR", str(where))
    first = ukm("--data", str(sample), "check", "--format", "json")
    _damage(last_load(where), damage, tmp_path / "pwned", tmp_path / "other-cache")

    again = ukm("--data", str(sample), "check", "--format", "json")

    assert again.exit_code == first.exit_code == 0
    assert again.stdout == first.stdout
    assert not (tmp_path / "pwned").exists()
    did = cached_equals_fresh(sample)
    assert did["parsed"] == [] and did["read"] == [], "stored again by the load that ignored it"


def test_the_last_load_goes_with_its_folder_s_manifest(
    sample: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_MANIFESTS", 2)
    others = [programme(sample.parent / f"other{n}", participants=f"- id: X{n}\n") for n in (1, 2)]
    loader.load(Folder(sample))
    sample_last = last_load(cache_dir)
    then = time.time() - 300  # the sample was used before the two others
    os.utime(sample_last.with_name(sample_last.stem + units.MANIFEST_SUFFIX), (then, then))
    orphan = cache_dir / f"0123abcd-en{lastload.SUFFIX}"  # a folder whose manifest is gone
    orphan.write_bytes(sample_last.read_bytes())
    young = cache_dir / f"4567cdef-en{lastload.SUFFIX}"
    young.write_bytes(sample_last.read_bytes())
    old = time.time() - cache.GRACE - 10
    os.utime(orphan, (old, old))

    for folder in others:
        loader.load(Folder(folder))

    left = sorted(p.name for p in cache_dir.glob(f"*{lastload.SUFFIX}"))
    assert sample_last.name not in left and orphan.name not in left
    assert young.name in left, "a last load without a manifest waits out its grace"
    kept = {p.name.removesuffix(units.MANIFEST_SUFFIX) for p in cache_dir.glob("*.manifest")}
    assert {name.removesuffix(lastload.SUFFIX) for name in left} - kept == {young.stem}
    cached_equals_fresh(sample)  # what was pruned is simply built again
