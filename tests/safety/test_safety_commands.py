"""Hostile and broken files met by the commands that write: register, attend, visit.

Each fault gets a clear message and exit 1 with every file as it was (no temp
file left); a symlinked data file is written through, the link kept.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.kit.attendance import folder, ids, sheet
from tests.kit.helpers import Run, run_process
from ukmtool.core.files import store

SHEET = b"# daftar hadir\n1:\n  present: [UKM-001, UKM-002]\n"
REGISTER = [
    "register", "--no-input", "--business", "Keripik Tempe Bu Sum", "--owner", "Sumarni",
    "--gender", "F", "--sector", "batik", "--district", "Cepu", "--registered", "2018-01-01",
]  # fmt: skip
VISIT = [
    "visit", "UKM-003", "--date", "2018-01-20", "--trainer", "Ratna Dewi", "--hours", "1.5",
    "--no-input",
]  # fmt: skip
NEW_FILE = {"attend-new-sheet", "visit-new-file"}  # writers that make the file
VISITS = b"- participant: UKM-001\n  date: 2018-01-10\n  trainer: Ratna Dewi\n  hours: 1\n"
WRITERS: dict[str, tuple[list[str], str]] = {
    # writer: (command line, the file it writes)
    "register": (REGISTER, "participants.yaml"),
    "attend": (["attend", "keuangan", "-s", "1", "UKM-009"], "attendance/keuangan.yaml"),
    "attend-new-sheet": (
        ["attend", "pemasaran", "-s", "1", "UKM-009"],
        "attendance/pemasaran.yaml",
    ),
    "visit": (VISIT, "visits.yaml"),
    "visit-new-file": (VISIT, "visits.yaml"),
}


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != store.LOCK_NAME
    }


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    made = folder(tmp_path / "p", SHEET)
    (made / "visits.yaml").write_bytes(VISITS)
    yield made
    for path in [made, *made.rglob("*")]:  # let pytest clean up whatever a test locked down
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o700)


def _read_only_file(root: Path, target: Path, mp: pytest.MonkeyPatch) -> None:
    target.chmod(0o444)


def _read_only_folder(root: Path, target: Path, mp: pytest.MonkeyPatch) -> None:
    target.parent.chmod(0o555)


def _read_only_programme_folder(root: Path, target: Path, mp: pytest.MonkeyPatch) -> None:
    root.chmod(0o555)


def _disk_full(root: Path, target: Path, mp: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    mp.setattr(store.os, "fsync", full)  # the data does not fit: the flush to disk fails


HAND_EDITS: dict[Path, bytes] = {}


def _changed_by_hand(root: Path, target: Path, mp: pytest.MonkeyPatch) -> None:
    """Someone saves the file in an editor after ukm read it and before it writes."""
    from ukmtool.core.files import list_file as appending
    from ukmtool.core.files import sheet_file as sheettext

    def edit() -> None:
        old = target.read_bytes() if target.exists() else b"1:\n  late: [UKM-020]\n"
        HAND_EDITS[target] = old + b"# edited by hand meanwhile\n"
        target.write_bytes(HAND_EDITS[target])

    real_append, real_rewrite = appending.ListText.append, sheettext.rewrite

    def append(self: appending.ListText, *args: object, **kwargs: object) -> bytes:
        edit()
        return real_append(self, *args, **kwargs)  # type: ignore[arg-type]

    def rewrite(*args: object, **kwargs: object) -> str:
        edit()
        return real_rewrite(*args, **kwargs)  # type: ignore[arg-type]

    mp.setattr(appending.ListText, "append", append)  # register's, visit's and measure's
    mp.setattr(sheettext, "rewrite", rewrite)


FAULTS: dict[str, tuple[Callable[[Path, Path, pytest.MonkeyPatch], None], str]] = {
    # fault: (how to make it, what the message says)
    "read-only-file": (_read_only_file, "is marked read-only: it was not changed"),
    "read-only-folder": (_read_only_folder, "is marked read-only"),
    "read-only-programme-folder": (
        _read_only_programme_folder,
        "is marked read-only: nothing was changed",
    ),
    "disk-full": (_disk_full, "The disk is full"),
    "changed-by-hand": (_changed_by_hand, "was changed by someone else while ukm was working"),
}
CASES = [
    (fault, writer)
    for fault in FAULTS
    for writer in WRITERS
    if not (fault == "read-only-file" and writer in NEW_FILE)  # no file yet
]


@pytest.mark.parametrize(
    ("fault", "writer"),
    [
        pytest.param(
            fault,
            writer,
            id=f"{fault}-{writer}",
            # Windows ignores a folder's read-only attribute (README, Windows)
            marks=[pytest.mark.posix_only] if fault.endswith("folder") else [],
        )
        for fault, writer in CASES
    ],
)
def test_a_fault_is_a_clear_error_and_nothing_is_written(
    ukm: Run, root: Path, monkeypatch: pytest.MonkeyPatch, fault: str, writer: str
) -> None:
    args, name = WRITERS[writer]
    make, gist = FAULTS[fault]
    target = root / name
    if writer == "visit-new-file":
        target.unlink()
    make(root, target, monkeypatch)
    before = files(root)
    result = ukm("--data", str(root), *args)
    assert result.exit_code == 1, result.output
    assert gist in result.stderr
    assert "Traceback" not in result.output
    if target in HAND_EDITS:  # the hand edit is kept, not overwritten
        before[name] = HAND_EDITS.pop(target)
    assert files(root) == before
    assert not list(root.rglob(f"*{store.TEMP_SUFFIX}"))


@pytest.mark.posix_only
@pytest.mark.parametrize("writer", ["register", "attend", "visit"])
def test_a_symlinked_data_file_is_written_through_the_link(
    ukm: Run, root: Path, tmp_path: Path, writer: str
) -> None:
    args, name = WRITERS[writer]
    shared = tmp_path / "shared"
    shared.mkdir()
    link = root / name
    real = shared / Path(name).name
    link.rename(real)
    link.symlink_to(os.path.relpath(real, link.parent))  # relative, as a synced folder has it
    result = ukm("--data", str(root), *args)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    if writer == "register":
        assert b"Keripik Tempe Bu Sum" in real.read_bytes()
    elif writer == "visit":
        assert real.read_bytes().startswith(VISITS) and b"UKM-003" in real.read_bytes()
    else:
        assert "UKM-009" in sheet(root, 1)["present"]
    assert not list(shared.glob(f"*{store.TEMP_SUFFIX}"))


@pytest.mark.posix_only
def test_a_sheet_that_links_to_nothing_is_a_clear_error(ukm: Run, root: Path) -> None:
    link = root / "attendance" / "pemasaran.yaml"
    link.symlink_to("../../gone/pemasaran.yaml")
    before = files(root)
    result = ukm("--data", str(root), "attend", "pemasaran", "-s", "1", "UKM-009")
    assert result.exit_code == 1, result.output
    assert (
        "pemasaran.yaml: pemasaran.yaml is a link to ../../gone/pemasaran.yaml, "
        "which does not exist." in result.stderr
    )
    assert link.is_symlink() and files(root) == before


@pytest.mark.posix_only
def test_a_symlinked_attendance_folder_is_written_through(
    ukm: Run, root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "hadir"
    (root / "attendance").rename(elsewhere)
    (root / "attendance").symlink_to(elsewhere)
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "2", "UKM-003")
    assert result.exit_code == 0, result.output
    assert (root / "attendance").is_symlink()
    assert sheet(root, 2)["present"] == ids(3)
    assert (elsewhere / "keuangan.yaml").read_bytes().startswith(SHEET)


def fill(disk: Path) -> None:
    with (disk / "filler.bin").open("wb", buffering=0) as handle:
        while True:
            try:
                handle.write(b"\0" * 1024)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
    with (disk / "filler.bin").open("ab", buffering=0) as handle:
        for size in (512, 256, 64, 8, 1):
            while True:
                try:
                    handle.write(b"\0" * size)
                except OSError:
                    break


@pytest.mark.parametrize("writer", ["register", "attend"])
def test_a_really_full_disk_keeps_the_old_files(ukm: Run, tiny_disk: Path, writer: str) -> None:
    root = folder(tiny_disk / "p", SHEET)
    fill(tiny_disk)
    before = files(root)
    args, _name = WRITERS[writer]
    result = ukm("--data", str(root), *args)
    assert result.exit_code == 1, result.output
    assert "The disk is full" in result.stderr
    assert files(root) == before
    assert not list(root.rglob(f"*{store.TEMP_SUFFIX}"))
    (tiny_disk / "filler.bin").unlink()  # space again: the same command now lands
    assert ukm("--data", str(root), *args).exit_code == 0


def _hold_lock(root: Path) -> subprocess.Popen[bytes]:
    code = (
        "import time\nfrom filelock import FileLock\n"
        f"lock = FileLock({str(root / store.LOCK_NAME)!r})\nlock.acquire()\n"
        "print('held', flush=True)\ntime.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"held"
    return proc


@pytest.mark.posix_only
@pytest.mark.slow
def test_a_live_lock_is_waited_for_then_a_clear_message_and_a_dead_one_never_blocks(
    root: Path,
) -> None:
    before = files(root)
    holder = _hold_lock(root)
    try:
        started = time.perf_counter()
        result = run_process("--data", str(root), *REGISTER, env={"UKM_LOCK_TIMEOUT": "1"})
        waited = time.perf_counter() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1, result.output
    assert "Another ukm command has been writing to" in result.stderr
    assert "Wait until it has finished and run the command again." in result.stderr
    assert 1 <= waited < 10
    assert files(root) == before
    # the holder was killed (SIGKILL): its lock file is still there, and blocks no one
    assert (root / store.LOCK_NAME).exists()
    started = time.perf_counter()
    result = run_process("--data", str(root), *REGISTER, env={"UKM_LOCK_TIMEOUT": "30"})
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 10
    assert b"Keripik Tempe Bu Sum" in (root / "participants.yaml").read_bytes()


@pytest.mark.parametrize("value", ["soon", "-5"])
def test_a_wrong_lock_timeout_is_a_usage_error_for_every_writer(
    ukm: Run, root: Path, value: str
) -> None:
    before = files(root)
    for args, _name in WRITERS.values():
        result = ukm("--data", str(root), *args, env={"UKM_LOCK_TIMEOUT": value})
        assert result.exit_code == 2, result.output
        assert f"UKM_LOCK_TIMEOUT must be a number of seconds, not '{value}'" in result.stderr
    assert files(root) == before


@pytest.mark.parametrize(
    "fault", ["program-yaml-is-a-folder", "participants-yaml-is-a-folder", "dir-is-a-file"]
)
def test_init_on_something_odd_is_a_clear_error(ukm: Run, tmp_path: Path, fault: str) -> None:
    target = tmp_path / "baru"
    if fault == "dir-is-a-file":
        target.write_text("a note, not a folder\n", encoding="utf-8", newline="\n")
    else:
        name = {"program-yaml-is-a-folder": "program.yaml"}.get(fault, "participants.yaml")
        (target / name).mkdir(parents=True)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = ukm("init", str(target))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "bug" not in result.output
    expected = "Cannot create" if fault == "dir-is-a-file" else "already holds a programme"
    assert expected in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
