"""Where output goes (issue 21, items 1, 7, 22): --output judged by the real file, special
files written into (never replaced), a full disk or a closed stdout a plain exit 1."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme, run_process, ukm_executable

DATA_FILES = ["program.yaml", "modules.yaml", "participants.yaml", "attendance/keuangan.yaml"]
SHEET = "1:\n  present: [UKM-001]\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return programme(tmp_path / "prog", attendance__keuangan=SHEET)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in DATA_FILES}


@pytest.mark.parametrize("name", DATA_FILES)
@pytest.mark.parametrize("link", ["symlink", "hardlink", "symlink to a hard link"])
def test_output_never_lands_on_a_data_file_whatever_the_name(
    ukm: Run, root: Path, tmp_path: Path, name: str, link: str
) -> None:
    before = _snapshot(root)
    target = tmp_path / "r.csv"
    if link == "symlink":
        target.symlink_to(root / name)
    elif link == "hardlink":
        os.link(root / name, target)
    else:
        os.link(root / name, tmp_path / "other.txt")
        target.symlink_to(tmp_path / "other.txt")
    result = ukm("--data", str(root), "participants", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert "ukm does not write reports over" in result.stderr
    assert _snapshot(root) == before


def test_a_symlink_to_an_ordinary_file_is_written_through(
    ukm: Run, root: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    (tmp_path / "r.csv").symlink_to(real)
    result = ukm("--data", str(root), "participants", "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.csv").is_symlink()
    assert "UKM-001" in real.read_text(encoding="utf-8-sig")


def test_a_fifo_is_written_into_not_replaced(ukm: Run, root: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo, 0o600)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = ukm("--data", str(root), "participants", "-o", str(fifo))
    if stat.S_ISFIFO(os.lstat(fifo).st_mode):
        reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"UKM-001" in got[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_is_written_into_not_replaced(
    ukm: Run, root: Path, tmp_path: Path
) -> None:
    # a private copy of the null device (never the real /dev/null: a broken ukm would
    # replace it), reached through a link as in the report of issue 21
    node = tmp_path / "null"
    os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    link = tmp_path / "null.csv"
    link.symlink_to(node)
    before = os.stat(node)
    result = ukm("--data", str(root), "participants", "-o", str(link))
    assert result.exit_code == 0, result.output
    after = os.lstat(node)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert stat.S_IMODE(after.st_mode) == 0o600
    assert link.is_symlink()


def test_dev_stdout_gets_the_report(root: Path, tmp_path: Path) -> None:
    into_pipe = run_process("--data", str(root), "participants", "-o", "/dev/stdout", "-f", "csv")
    assert into_pipe.exit_code == 0, into_pipe.stderr
    assert "UKM-001" in into_pipe.stdout
    out = tmp_path / "out.txt"
    with out.open("wb") as handle:
        proc = subprocess.run(
            [
                ukm_executable(),
                "--data",
                str(root),
                "participants",
                "-o",
                "/dev/stdout",
                "-f",
                "csv",
            ],
            stdout=handle,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    assert b"UKM-001" in out.read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_block_device_is_refused(ukm: Run, root: Path, tmp_path: Path) -> None:
    node = tmp_path / "disk.csv"
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(7, 250))  # a loop device nobody uses
    result = ukm("--data", str(root), "participants", "-o", str(node))
    assert result.exit_code == 2, result.output
    assert "neither a file, a pipe nor a terminal" in result.stderr
    assert stat.S_ISBLK(os.lstat(node).st_mode)


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["check", "--format", "json"],
        ["participants"],
        ["report", "--format", "csv"],
        ["show", "UKM-001"],
        ["modules"],
    ],
)
def test_a_full_disk_on_stdout_is_a_plain_error(root: Path, command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [ukm_executable(), "--data", str(root), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 1, proc.stderr
    assert "Could not write the output" in proc.stderr
    assert "Traceback" not in proc.stderr and "bug in ukm" not in proc.stderr


@pytest.mark.parametrize("command", [["check"], ["participants"], ["register", "--no-input"]])
def test_a_closed_stdout_is_a_plain_error_and_nothing_is_written(
    root: Path, command: list[str]
) -> None:
    before = _snapshot(root)
    proc = subprocess.run(
        [ukm_executable(), "--data", str(root), *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == 1, proc.stderr
    assert "standard output is closed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(root) == before


WRITES = {
    "register": (["register", "--no-input", "--business", "Usaha Baru", "--owner", "Siti",
                  "--gender", "F", "--sector", "batik", "--district", "Cepu",
                  "--registered", "2018-01-01"], "participants.yaml"),
    "register --format json": (["register", "--no-input", "--business", "Usaha Baru", "--owner",
                                "Siti", "--gender", "F", "--sector", "batik", "--district", "Cepu",
                                "--registered", "2018-01-01", "--format", "json"],
                               "participants.yaml"),
    "attend": (["attend", "keuangan", "-s", "2", "UKM-001", "UKM-002"],
               "attendance/keuangan.yaml"),
    "visit": (["visit", "UKM-001", "--date", "2018-01-10", "--trainer", "Ratna Dewi",
               "--hours", "1"], "visits.yaml"),
    "measure": (["measure", "UKM-001", "--date", "2018-03-10", "--employees", "4"],
                "indicators.yaml"),
}  # fmt: skip


@pytest.mark.posix_only
@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_full_stdout_after_a_write_is_exit_0_and_says_only_showing_failed(
    root: Path, name: str
) -> None:
    command, written = WRITES[name]
    before = (root / written).read_bytes() if (root / written).exists() else b""
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [ukm_executable(), "--data", str(root), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr  # the write happened: not an error
    assert proc.stderr.startswith("Saved ") and str(root / written) in proc.stderr
    assert "; only showing what was done failed (No space left on device)" in proc.stderr
    assert "Traceback" not in proc.stderr and "bug in ukm" not in proc.stderr
    assert (root / written).read_bytes() != before
