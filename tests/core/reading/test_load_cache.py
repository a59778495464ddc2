"""The load cache never changes an answer, notices every change, and survives bad files."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.kit.benchgen import generate
from tests.kit.helpers import Run, programme, ukm_executable
from ukmtool.core.folder import Folder
from ukmtool.core.programme import LoadResult
from ukmtool.core.reading import cache, loader


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("UKM_CACHE_DIR", str(where))
    monkeypatch.delenv("UKM_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    return where


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders actually read (not answered from the cache), in order."""
    seen: list[Path] = []
    real = loader._load

    def spy(snap: Any, progress: Any) -> LoadResult:
        seen.append(snap.folder.root)
        return real(snap, progress)

    monkeypatch.setattr(loader, "_load", spy)
    return seen


def assert_same_result(one: LoadResult, two: LoadResult) -> None:
    """Equal field by field, model by model, down to which fields were given."""
    assert one.diagnostics == two.diagnostics
    assert [str(d.file) for d in one.diagnostics] == [str(d.file) for d in two.diagnostics]
    assert (one.programme is None) == (two.programme is None)
    if one.programme is None or two.programme is None:
        return
    a, b = one.programme, two.programme
    assert a.folder == b.folder
    pairs = [(a.settings, b.settings)]
    pairs += list(zip(a.modules, b.modules, strict=True))
    pairs += list(zip(a.participants, b.participants, strict=True))
    pairs += list(zip(a.visits, b.visits, strict=True))
    assert a.sheets.keys() == b.sheets.keys()
    for module in a.sheets:
        assert a.sheets[module].keys() == b.sheets[module].keys()
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


def edit_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_cold_and_warm_answers_are_identical(
    ukm: Run, sample: Path, cache_dir: Path, loads: list[Path]
) -> None:
    cold = ukm("--data", str(sample), "check", "--format", "json")
    warm = ukm("--data", str(sample), "check", "--format", "json")

    assert cold.exit_code == warm.exit_code == 0
    assert cold.stdout == warm.stdout
    assert len(loads) == 1, "the second run came from the cache"
    assert len(list(cache_dir.glob("*.cache"))) == 1
    assert not list(sample.rglob("*.cache")), "nothing is written into the programme folder"
    assert_same_result(loader.load(Folder(sample), cache=False), loader.load(Folder(sample)))


def test_a_folder_with_errors_and_warnings_reloads_identically(
    ukm: Run, tmp_path: Path, cache_dir: Path, loads: list[Path]
) -> None:
    folder = programme(
        tmp_path / "broken",
        participants="- id: UKM-001\n  business: X\n  owner: Y\n  gender: Q\n"
        "  sector: batik\n  district: Nowhere\n  registered: 2018-01-01\n",
        attendance__keuangan="1:\n  present: [UKM-001, UKM-404]\n",
        attendance__notes="x",
    )
    (folder / "attendance" / "README.txt").write_text(
        "not a sheet\n", encoding="utf-8", newline="\n"
    )

    cold = ukm("--data", str(folder), "check", "--format", "json")
    warm = ukm("--data", str(folder), "check", "--format", "json")

    assert cold.exit_code == warm.exit_code == 1
    assert cold.stdout == warm.stdout
    assert '"warnings": []' not in cold.stdout
    assert len(loads) == 1
    assert_same_result(loader.load(Folder(folder), cache=False), loader.load(Folder(folder)))


def test_a_hand_edit_that_keeps_size_and_mtime_is_noticed(
    ukm: Run, sample: Path, cache_dir: Path, loads: list[Path]
) -> None:
    assert ukm("--data", str(sample), "check").exit_code == 0
    edit_keeping_size_and_mtime(
        sample / "participants.yaml", b"district: Jepon\n", b"district: Jepun\n"
    )

    after = ukm("--data", str(sample), "check", "--format", "json")

    assert after.exit_code == 1
    assert "Unknown district 'Jepun'" in after.stdout
    assert len(loads) == 2
    cold = loader.load(Folder(sample), cache=False)
    assert_same_result(cold, loader.load(Folder(sample)))


@pytest.mark.parametrize(
    "change",
    ["attendance-sheet-edited", "sheet-added", "sheet-removed", "visits-added", "file-removed"],
)
def test_every_kind_of_change_misses_the_cache(
    change: str, sample: Path, cache_dir: Path, loads: list[Path]
) -> None:
    folder = Folder(sample)
    loader.load(folder)
    attendance = sample / "attendance"
    if change == "attendance-sheet-edited":
        edit_keeping_size_and_mtime(attendance / "keuangan.yaml", b"UKM-013", b"UKM-031")
    elif change == "sheet-added":
        (attendance / "k3.yaml").write_text("", encoding="utf-8", newline="\n")
    elif change == "sheet-removed":
        (attendance / "teknologi.yaml").unlink()
    elif change == "visits-added":
        (sample / "visits.yaml").write_text("", encoding="utf-8", newline="\n")
    else:
        (sample / "modules.yaml").unlink()

    warm = loader.load(folder)

    assert len(loads) == 2
    assert_same_result(loader.load(folder, cache=False), warm)


@pytest.mark.posix_only
def test_language_and_folder_path_are_part_of_the_key(
    ukm: Run, sample: Path, tmp_path: Path, cache_dir: Path, loads: list[Path]
) -> None:
    link = tmp_path / "link"
    link.symlink_to(sample)
    folder = programme(sample.parent / "mixed", participants="- id: X\n")

    english = ukm("--lang", "en", "--data", str(folder), "check", "--format", "json")
    indonesian = ukm("--lang", "id", "--data", str(folder), "check", "--format", "json")
    via_link = ukm("--data", str(link), "check", "--format", "json")
    direct = ukm("--data", str(sample), "check", "--format", "json")

    assert english.exit_code == indonesian.exit_code == 1
    assert len(loads) == 3, "one load per language; the link shares the folder's entry"
    assert via_link.stdout == direct.stdout


@pytest.mark.parametrize(
    "damage", ["garbage", "cut-short", "empty", "other-key", "bad-checksum", "class-in-pickle"]
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(
    damage: str, ukm: Run, sample: Path, cache_dir: Path, loads: list[Path]
) -> None:
    first = ukm("--data", str(sample), "check", "--format", "json")
    (entry,) = cache_dir.glob("*.cache")
    data = entry.read_bytes()
    header_end = data.index(b"\n", len(cache._MAGIC)) + 1
    if damage == "garbage":
        entry.write_bytes(os.urandom(2000))
    elif damage == "cut-short":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "other-key":
        entry.write_bytes(data.replace(b'"format": 2', b'"format": 0', 1))
    elif damage == "bad-checksum":
        entry.write_bytes(data[:-3] + bytes(b ^ 0xFF for b in data[-3:]))
    else:  # a valid file whose payload would run code if unpickled freely
        marker = sample.parent / "pwned"
        payload = pickle.dumps(_Evil(str(marker)))
        import hashlib
        import json

        header = json.loads(data[len(cache._MAGIC) : header_end])
        header["checksum"] = hashlib.blake2b(payload, digest_size=32).hexdigest()
        entry.write_bytes(cache._MAGIC + json.dumps(header).encode() + b"\n" + payload)

    again = ukm("--data", str(sample), "check", "--format", "json")

    assert again.exit_code == first.exit_code == 0
    assert again.stdout == first.stdout
    assert len(loads) == 2, "the damaged entry was not trusted"
    assert not (sample.parent / "pwned").exists()
    assert cache._read(entry, {}, Folder(sample)) is None  # a foreign key never matches
    third = ukm("--data", str(sample), "check", "--format", "json")
    assert third.stdout == first.stdout and len(loads) == 2, "rebuilt, then used"


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.path}",))


def test_no_cache_when_switched_off_and_none_for_small_folders(
    ukm: Run, sample: Path, cache_dir: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UKM_NO_CACHE", "1")
    ukm("--data", str(sample), "check")
    ukm("--data", str(sample), "check")
    assert len(loads) == 2 and not cache_dir.exists()

    monkeypatch.delenv("UKM_NO_CACHE")
    monkeypatch.setattr(cache, "MIN_BYTES", 10**9)
    ukm("--data", str(sample), "check")
    assert len(loads) == 3 and not cache_dir.exists()


@pytest.mark.posix_only
def test_the_cache_is_private_to_its_owner(ukm: Run, sample: Path, cache_dir: Path) -> None:
    ukm("--data", str(sample), "check")

    (entry,) = cache_dir.glob("*.cache")
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is Linux's")
def test_the_cache_goes_under_xdg_cache_home_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("UKM_CACHE_DIR", raising=False)
    monkeypatch.delenv("UKM_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "ukm"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "ukm"


def test_old_entries_are_pruned(
    sample: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    for language in ("en", "id", "en"):
        from ukmtool import i18n

        i18n.set_language(language)
        loader.load(Folder(sample))
        i18n.reset()
    copy = programme(sample.parent / "other")
    loader.load(Folder(copy))

    assert len(list(cache_dir.glob("*.cache"))) == 2


@pytest.mark.slow
def test_two_processes_at_once_both_answer_right_and_leave_a_good_cache(tmp_path: Path) -> None:
    folder = generate.generate(600, tmp_path / "p600")  # half a megabyte of YAML
    env = {**os.environ, "UKM_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("UKM_NO_CACHE", None)
    command = [ukm_executable(), "--data", str(folder), "check", "--format", "json"]

    running = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=120) for proc in running]
    after = subprocess.run(command, env=env, capture_output=True, check=False, timeout=120)
    cold = subprocess.run(
        command, env={**env, "UKM_NO_CACHE": "1"}, capture_output=True, check=False, timeout=120
    )

    assert [proc.returncode for proc in running] == [0, 0, 0]
    assert {out for out, _err in outputs} == {cold.stdout}
    assert after.stdout == cold.stdout
    assert len(list((tmp_path / "cache").glob("*.cache"))) == 1
    assert not list((tmp_path / "cache").glob(".*.tmp")), "no temp file is left behind"


@pytest.mark.parametrize("package", ["phonenumbers", "yaml"])
def test_the_key_reads_library_versions_as_the_installer_recorded_them(package: str) -> None:
    """The cache key names the phonenumbers release without paying for importlib.metadata."""
    import importlib.metadata

    from ukmtool.core.reading import cache

    distribution = {"yaml": "PyYAML"}.get(package, package)
    assert cache._module_version(package) == importlib.metadata.version(distribution)


def test_a_module_without_a_version_line_is_named_by_a_dash() -> None:
    from ukmtool.core.reading import cache

    assert cache._module_version("ukmtool_no_such_module") == "-"
    assert cache._module_version("ukmtool.errors") == "-"
