"""The load cache never changes an answer, notices every change, and survives bad files.

What it keeps is per file (``imprints``) and per subject of the checks
(``units``); these tests look at which files a load parsed (``cache.STATS``,
or a spy on the per-file stage) and always compare the answer with a load
from scratch.  ``test_never_stale.py`` holds the writes and hand edits.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.kit.benchgen import generate
from tests.kit.helpers import Run, programme, ukm_executable
from tests.kit.loads import (
    assert_same_result,
    cached_equals_fresh,
    code_running_pickle,
    edit_keeping_size_and_mtime,
)
from ukmtool.core.folder import Folder
from ukmtool.core.reading import cache, filecache, imprints, lastload, loader, units


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (not answered from the cache), by name, in order."""
    seen: list[str] = []
    real = filecache.stage

    def spy(path: Path, *args: Any) -> Any:
        seen.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(filecache, "stage", spy)
    return seen


def imprint_files(where: Path) -> list[Path]:
    return sorted((where / imprints.FOLDER).glob(f"*{imprints.SUFFIX}"))


def last_load_files(where: Path) -> list[Path]:
    return sorted(where.glob(f"*{lastload.SUFFIX}"))


def test_cold_and_warm_answers_are_identical(
    ukm: Run, sample: Path, cache_dir: Path, parsed: list[str]
) -> None:
    cold = ukm("--data", str(sample), "check", "--format", "json")
    files = len(parsed)
    warm = ukm("--data", str(sample), "check", "--format", "json")

    assert cold.exit_code == warm.exit_code == 0
    assert cold.stdout == warm.stdout
    assert files == 11 and len(parsed) == files, "the second run came from the cache"
    assert len(imprint_files(cache_dir)) == files, "one imprint per file"
    assert len(list(cache_dir.glob(f"*{units.MANIFEST_SUFFIX}"))) == 1
    assert not list(sample.rglob("*.imprint")), "nothing is written into the programme folder"
    assert_same_result(loader.load(Folder(sample), cache=False), loader.load(Folder(sample)))


def test_a_folder_with_errors_and_warnings_reloads_identically(
    ukm: Run, tmp_path: Path, cache_dir: Path, parsed: list[str]
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
    files = len(parsed)
    warm = ukm("--data", str(folder), "check", "--format", "json")

    assert cold.exit_code == warm.exit_code == 1
    assert cold.stdout == warm.stdout
    assert '"warnings": []' not in cold.stdout
    assert len(parsed) == files
    assert_same_result(loader.load(Folder(folder), cache=False), loader.load(Folder(folder)))


def test_a_hand_edit_that_keeps_size_and_mtime_is_noticed(
    ukm: Run, sample: Path, cache_dir: Path, parsed: list[str]
) -> None:
    assert ukm("--data", str(sample), "check").exit_code == 0
    parsed.clear()
    edit_keeping_size_and_mtime(
        sample / "participants.yaml", b"district: Jepon\n", b"district: Jepun\n"
    )

    after = ukm("--data", str(sample), "check", "--format", "json")

    assert after.exit_code == 1
    assert "Unknown district 'Jepun'" in after.stdout
    assert parsed == ["participants.yaml"], "only the file edited is read again"
    cached_equals_fresh(sample)


@pytest.mark.parametrize(
    ("change", "read_again"),
    [
        ("attendance-sheet-edited", ["keuangan.yaml"]),
        ("sheet-added", ["k3.yaml"]),
        ("sheet-removed", []),
        ("visits-added", ["visits.yaml"]),
        ("file-removed", None),  # every sheet now names no module: each is read for its lines
        ("file-made-a-folder", ["indicators.yaml"]),
        ("sheet-renamed", ["k3.yaml"]),  # what a file gives is kept by its path too
    ],
)
def test_every_kind_of_change_is_noticed_and_only_that_file_read_again(
    change: str, read_again: list[str] | None, sample: Path, cache_dir: Path, parsed: list[str]
) -> None:
    folder = Folder(sample)
    loader.load(folder)
    parsed.clear()
    attendance = sample / "attendance"
    if change == "attendance-sheet-edited":
        edit_keeping_size_and_mtime(attendance / "keuangan.yaml", b"UKM-013", b"UKM-031")
    elif change == "sheet-added":
        (attendance / "k3.yaml").write_text("", encoding="utf-8", newline="\n")
    elif change == "sheet-removed":
        (attendance / "teknologi.yaml").unlink()
    elif change == "visits-added":
        (sample / "visits.yaml").unlink()
        loader.load(folder)
        parsed.clear()
        (sample / "visits.yaml").write_text("", encoding="utf-8", newline="\n")
    elif change == "file-removed":
        (sample / "modules.yaml").unlink()
    elif change == "file-made-a-folder":
        (sample / "indicators.yaml").unlink()
        (sample / "indicators.yaml").mkdir()
    else:  # the same bytes under another module's name: its own answer
        (attendance / "teknologi.yaml").rename(attendance / "k3.yaml")

    did = cached_equals_fresh(sample)

    if read_again is not None:
        assert parsed == read_again
        assert [Path(rel).name for rel in did["parsed"]] == read_again


@pytest.mark.posix_only
def test_language_and_folder_path_are_part_of_the_key(
    ukm: Run, sample: Path, tmp_path: Path, cache_dir: Path, parsed: list[str]
) -> None:
    link = tmp_path / "link"
    link.symlink_to(sample)
    folder = programme(sample.parent / "mixed", participants="- id: X\n")

    english = ukm("--lang", "en", "--data", str(folder), "check", "--format", "json")
    english_files = len(parsed)
    indonesian = ukm("--lang", "id", "--data", str(folder), "check", "--format", "json")

    assert english.exit_code == indonesian.exit_code == 1
    assert len(parsed) == 2 * english_files, "the messages are kept per language"
    assert english.stdout != indonesian.stdout
    direct = ukm("--data", str(sample), "check", "--format", "json")
    before = len(parsed)
    via_link = ukm("--data", str(link), "check", "--format", "json")
    assert len(parsed) == before, "the link finds the imprints of the same bytes"
    assert via_link.stdout == direct.stdout


def _damage(imprint: Path, damage: str, marker: Path) -> None:
    data = imprint.read_bytes()
    magic = data[: data.index(b"\n") + 1]
    header_end = data.index(b"\n", len(magic)) + 1
    if damage == "garbage":
        imprint.write_bytes(os.urandom(2000))
    elif damage == "cut-short":
        imprint.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        imprint.write_bytes(b"")
    elif damage == "another-imprint":  # a whole imprint, under the wrong name
        imprint.write_bytes(marker.read_bytes())
    elif damage == "bad-checksum":
        imprint.write_bytes(data[:-3] + bytes(b ^ 0xFF for b in data[-3:]))
    else:  # a valid file whose payload would run code if unpickled freely
        import hashlib

        payload = code_running_pickle(marker)
        header = json.loads(data[len(magic) : header_end])
        header["checksum"] = hashlib.blake2b(payload, digest_size=32).hexdigest()
        imprint.write_bytes(magic + json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "cut-short", "empty", "another-imprint", "bad-checksum", "class-in-pickle"],
)
def test_a_damaged_or_foreign_imprint_is_ignored_and_rebuilt(
    damage: str, ukm: Run, sample: Path, cache_dir: Path, parsed: list[str]
) -> None:
    first = ukm("--data", str(sample), "check", "--format", "json")
    parsed.clear()
    for last_load in last_load_files(cache_dir):  # else the imprints come from it
        last_load.unlink()
    kept = imprint_files(cache_dir)
    originals = [tmp.parent / f"{tmp.name}.was" for tmp in kept]
    for imprint, copy in zip(kept, originals, strict=True):
        copy.write_bytes(imprint.read_bytes())
    for n, imprint in enumerate(kept):  # "another-imprint": each holds the next one's whole file
        other = originals[(n + 1) % len(kept)]
        _damage(imprint, damage, other if damage == "another-imprint" else sample.parent / "pwned")
    for copy in originals:
        copy.unlink()

    again = ukm("--data", str(sample), "check", "--format", "json")

    assert again.exit_code == first.exit_code == 0
    assert again.stdout == first.stdout
    assert len(parsed) == 11, "no damaged imprint was trusted"
    assert not (sample.parent / "pwned").exists()
    parsed.clear()
    third = ukm("--data", str(sample), "check", "--format", "json")
    assert third.stdout == first.stdout and parsed == [], "rebuilt, then used"


@pytest.mark.parametrize("damage", ["garbage", "missing", "foreign-json"])
def test_a_damaged_manifest_only_costs_checking_again(
    damage: str, ukm: Run, sample: Path, cache_dir: Path, parsed: list[str]
) -> None:
    first = ukm("--data", str(sample), "check", "--format", "json")
    (manifest,) = cache_dir.glob(f"*{units.MANIFEST_SUFFIX}")
    if damage == "garbage":
        manifest.write_bytes(os.urandom(500))
    elif damage == "missing":
        manifest.unlink()
    else:
        manifest.write_text('{"environment": 1, "units": [], "imprints": {}}', encoding="utf-8")
    parsed.clear()

    again = ukm("--data", str(sample), "check", "--format", "json")

    assert again.stdout == first.stdout
    assert set(parsed) <= {"program.yaml", "modules.yaml"}, "the entries stand: checks run again"
    cached_equals_fresh(sample)


def test_no_cache_when_switched_off(
    ukm: Run, sample: Path, cache_dir: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UKM_NO_CACHE", "1")
    first = ukm("--data", str(sample), "check")
    second = ukm("--data", str(sample), "check")
    assert first.stdout == second.stdout
    assert parsed == [] and not cache_dir.exists(), "loaded from scratch, nothing kept"


@pytest.mark.posix_only
def test_the_cache_is_private_to_its_owner(ukm: Run, sample: Path, cache_dir: Path) -> None:
    ukm("--data", str(sample), "check")

    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_dir / imprints.FOLDER).stat().st_mode) == 0o700
    kept = [*imprint_files(cache_dir), *cache_dir.glob(f"*{units.MANIFEST_SUFFIX}")]
    kept += last_load_files(cache_dir)
    assert kept and {stat.S_IMODE(p.stat().st_mode) for p in kept} == {0o600}


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


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_old_folders_and_unnamed_imprints_are_pruned(
    sample: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk use stays bounded: the folders used last, the entries they name; the rest goes."""
    monkeypatch.setattr(cache, "MAX_MANIFESTS", 2)
    others = [programme(sample.parent / f"other{n}", participants=f"- id: X{n}\n") for n in (1, 2)]
    loader.load(Folder(sample))
    sample_imprints = set(imprint_files(cache_dir))
    (manifest,) = cache_dir.glob(f"*{units.MANIFEST_SUFFIX}")
    _age(manifest, 300)  # the sample was used before the two others
    (cache_dir / "0123abcd-en.cache").write_bytes(b"a whole-folder file of an earlier ukm")
    for folder in others:
        loader.load(Folder(folder))

    assert len(list(cache_dir.glob(f"*{units.MANIFEST_SUFFIX}"))) == 2
    assert not manifest.exists(), "the folder used longest ago is forgotten"
    assert not list(cache_dir.glob("*.cache")), "an earlier version's files go"
    assert sample_imprints <= set(imprint_files(cache_dir)), "young imprints wait out their grace"

    for imprint in sample_imprints:
        _age(imprint, cache.GRACE + 10)
    edit_keeping_size_and_mtime(others[0] / "participants.yaml", b"X1", b"Y1")
    loader.load(Folder(others[0]))  # stores an imprint: pruning runs

    left = set(imprint_files(cache_dir))
    assert not sample_imprints & left
    named = set()
    for kept in cache_dir.glob(f"*{units.MANIFEST_SUFFIX}"):
        named.update(json.loads(kept.read_bytes())["imprints"])
    assert {p.stem for p in left} <= named | {
        p.stem for p in left if time.time() - p.stat().st_mtime <= cache.GRACE
    }
    cached_equals_fresh(sample)  # what was pruned is simply built again


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
    assert len(list((tmp_path / "cache").glob(f"*{units.MANIFEST_SUFFIX}"))) == 1
    assert len(imprint_files(tmp_path / "cache")) == 11  # one per file: the same bytes, one name
    assert len(last_load_files(tmp_path / "cache")) == 1
    assert not list((tmp_path / "cache").rglob(".*.tmp")), "no temp file is left behind"


@pytest.mark.parametrize("package", ["phonenumbers", "yaml"])
def test_the_key_reads_library_versions_as_the_installer_recorded_them(package: str) -> None:
    """The cache key names the phonenumbers release without paying for importlib.metadata."""
    import importlib.metadata

    distribution = {"yaml": "PyYAML"}.get(package, package)
    assert cache._module_version(package) == importlib.metadata.version(distribution)


def test_a_module_without_a_version_line_is_named_by_a_dash() -> None:
    assert cache._module_version("ukmtool_no_such_module") == "-"
    assert cache._module_version("ukmtool.errors") == "-"


def test_every_check_says_what_it_reads() -> None:
    """A check the cache did not know would never run again after a change: each has its row."""
    import dataclasses

    from ukmtool.core.programme import Programme
    from ukmtool.core.reading import assembly, checks

    assert set(checks.READS) == set(checks.CHECKS), "add the new check's row to checks.READS"
    sources = {f.name for f in dataclasses.fields(checks.Sources)}
    programme = {f.name for f in dataclasses.fields(Programme)}
    for check, reads in checks.READS.items():
        assert reads.subject in {checks.SETTINGS, checks.SHEETS} | set(assembly.MODELS), check
        assert not reads.entrywise or reads.subject in assembly.MODELS, check
        assert not reads.grows or reads.people, check
    # a list file plugs in by its name: its model, its field of Sources and of Programme
    assert set(assembly.MODELS) <= sources & programme


def test_every_model_a_file_holds_is_one_the_cache_can_store() -> None:
    """A model the codec does not know is never kept: every load would parse that file."""
    import typing

    from pydantic import BaseModel

    from ukmtool.core.models import Module, Settings, Sheet
    from ukmtool.core.reading import assembly, cachecodec

    found: set[type[BaseModel]] = set()
    waiting: list[Any] = [Settings, Module, Sheet, *assembly.MODELS.values()]
    while waiting:
        kind = waiting.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind not in found:
                found.add(kind)
                waiting += [info.annotation for info in kind.model_fields.values()]
        else:
            waiting += list(typing.get_args(kind))
    assert found <= set(cachecodec._MODELS.values()), "add the model to cachecodec._MODELS"
