"""The write path: atomic, locked, mode-keeping, and refusing rather than losing anything."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ukmtool.core.files import store
from ukmtool.errors import ConcurrentEditError, LockTimeoutError, WriteError


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(store.TEMP_SUFFIX)]


@pytest.mark.posix_only
def test_atomic_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "participants.yaml"
    path.write_text("old\n", encoding="utf-8", newline="\n")
    path.chmod(0o640)
    store.atomic_write(path, b"new\n", check_expected=True, expected=b"old\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _temp_files(tmp_path) == []


@pytest.mark.posix_only
def test_new_file_takes_the_mode_of_a_sibling(tmp_path: Path) -> None:
    sibling = tmp_path / "participants.yaml"
    sibling.write_text("x\n", encoding="utf-8", newline="\n")
    sibling.chmod(0o600)
    target = tmp_path / "visits.yaml"
    store.atomic_write(target, b"- a\n", mode_like=sibling)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.posix_only
def test_write_through_a_symlink_changes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8", newline="\n")
    link = tmp_path / "participants.yaml"
    link.symlink_to(real)
    store.atomic_write(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


def test_changed_between_read_and_write_is_detected_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "participants.yaml"
    path.write_text("as read\n", encoding="utf-8", newline="\n")
    path.write_text("edited by hand meanwhile\n", encoding="utf-8", newline="\n")
    with pytest.raises(ConcurrentEditError):
        store.atomic_write(path, b"from ukm\n", check_expected=True, expected=b"as read\n")
    assert path.read_text(encoding="utf-8") == "edited by hand meanwhile\n"
    assert _temp_files(tmp_path) == []


def test_file_that_appeared_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "attendance.yaml"
    path.write_text("someone else's sheet\n", encoding="utf-8", newline="\n")
    with pytest.raises(ConcurrentEditError):
        store.atomic_write(path, b"mine\n", check_expected=True, expected=None)
    assert path.read_text(encoding="utf-8") == "someone else's sheet\n"


@pytest.mark.posix_only
def test_read_only_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "participants.yaml"
    path.write_text("old\n", encoding="utf-8", newline="\n")
    path.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        store.atomic_write(path, b"new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _temp_files(tmp_path) == []


@pytest.mark.posix_only
def test_read_only_folder_is_refused_and_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    path = folder / "participants.yaml"
    path.write_text("old\n", encoding="utf-8", newline="\n")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="read-only"):
            store.atomic_write(path, b"new\n")
    finally:
        folder.chmod(0o755)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _temp_files(folder) == []


def test_disk_full_during_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "participants.yaml"
    path.write_text("old\n", encoding="utf-8", newline="\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store.os, "fsync", full)
    with pytest.raises(WriteError, match="disk is full"):
        store.atomic_write(path, b"new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _temp_files(tmp_path) == []


def test_really_full_disk_keeps_the_old_file(tiny_disk: Path) -> None:
    path = tiny_disk / "participants.yaml"
    old = b"- id: UKM-001\n" * 1000
    path.write_bytes(old)
    with pytest.raises(WriteError, match="disk is full"):
        store.atomic_write(path, old * 10)
    assert path.read_bytes() == old
    assert _temp_files(tiny_disk) == []


def _hold_lock(folder: Path, seconds: float) -> subprocess.Popen[bytes]:
    code = (
        "import sys, time\n"
        "from filelock import FileLock\n"
        f"lock = FileLock({str(folder / store.LOCK_NAME)!r})\n"
        "lock.acquire()\n"
        "print('held', flush=True)\n"
        f"time.sleep({seconds})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"held"
    return proc


def test_lock_held_by_a_live_process_times_out_with_a_clear_message(tmp_path: Path) -> None:
    holder = _hold_lock(tmp_path, 30)
    try:
        started = time.perf_counter()
        with (
            pytest.raises(LockTimeoutError, match="Another ukm command"),
            store.locked(tmp_path, timeout=0.5),
        ):
            pass
        assert time.perf_counter() - started < 5
    finally:
        holder.kill()
        holder.wait()


def test_lock_left_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    holder = _hold_lock(tmp_path, 30)
    holder.kill()
    holder.wait()
    assert (tmp_path / store.LOCK_NAME).exists()
    started = time.perf_counter()
    with store.locked(tmp_path, timeout=5):
        pass
    assert time.perf_counter() - started < 1


def test_temp_files_left_by_a_crash_are_swept_on_the_next_write(tmp_path: Path) -> None:
    (tmp_path / "attendance").mkdir()
    leftovers = [
        tmp_path / f".participants.yaml.abc{store.TEMP_SUFFIX}",
        tmp_path / "attendance" / f".keuangan.yaml.xyz{store.TEMP_SUFFIX}",
    ]
    for leftover in leftovers:
        leftover.write_text("half", encoding="utf-8", newline="\n")
    keep = tmp_path / ".notes.txt"
    keep.write_text("a person's file", encoding="utf-8", newline="\n")
    with store.locked(tmp_path):
        pass
    assert not any(p.exists() for p in leftovers)
    assert keep.exists()


@pytest.mark.posix_only
def test_new_file_is_no_more_readable_than_any_of_its_models(tmp_path: Path) -> None:
    sheet = tmp_path / "other.yaml"
    sheet.write_text("x\n", encoding="utf-8", newline="\n")
    sheet.chmod(0o644)
    participants = tmp_path / "participants.yaml"
    participants.write_text("x\n", encoding="utf-8", newline="\n")
    participants.chmod(0o640)
    target = tmp_path / "new.yaml"
    store.atomic_write(target, b"1:\n", mode_like=[participants, sheet])
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    participants.chmod(0o400)  # read-only: the owner may still write what ukm made
    other = tmp_path / "new2.yaml"
    store.atomic_write(other, b"1:\n", mode_like=[participants, sheet])
    assert stat.S_IMODE(other.stat().st_mode) == 0o600


@pytest.mark.posix_only
def test_lock_file_is_no_more_readable_than_participants(tmp_path: Path) -> None:
    (tmp_path / "participants.yaml").write_text("[]\n", encoding="utf-8", newline="\n")
    (tmp_path / "participants.yaml").chmod(0o600)
    with store.locked(tmp_path):
        pass
    assert stat.S_IMODE((tmp_path / store.LOCK_NAME).stat().st_mode) == 0o600


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf"])
def test_a_wrong_lock_timeout_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from ukmtool.errors import UsageError

    monkeypatch.setenv("UKM_LOCK_TIMEOUT", value)
    with pytest.raises(UsageError, match="UKM_LOCK_TIMEOUT must be a number of seconds"):
        store.lock_timeout()


def test_the_lock_timeout_is_read_when_the_lock_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = _hold_lock(tmp_path, 30)
    try:
        monkeypatch.setenv("UKM_LOCK_TIMEOUT", "0.3")
        started = time.perf_counter()
        with pytest.raises(LockTimeoutError), store.locked(tmp_path):
            pass
        assert time.perf_counter() - started < 3
    finally:
        holder.kill()
        holder.wait()


def test_the_sweep_leaves_a_report_being_written_alone(tmp_path: Path) -> None:
    report_temp = tmp_path / f".report.csv.abc{store.TEMP_SUFFIX}"
    report_temp.write_text(
        "half a report, being written without the lock", encoding="utf-8", newline="\n"
    )
    with store.locked(tmp_path):
        pass
    assert report_temp.exists()


def test_pause_points_do_nothing_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.PAUSE_VAR, raising=False)
    for point in ("locked", "temp-created", "before-replace", "replaced"):
        store.pause_point(point)  # would stop this very process if it were not inert
    monkeypatch.setenv(store.PAUSE_VAR, "elsewhere")
    store.pause_point("locked")
