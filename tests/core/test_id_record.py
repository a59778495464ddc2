"""ids.yaml, the record of the last id given (issue 21, item 9): an id deleted by hand that
no file names any more is still never given again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme, ukm_executable

DESK = ["register", "--no-input", "--business", "Usaha Baru", "--owner", "Siti", "--gender",
        "F", "--sector", "batik", "--district", "Cepu", "--registered", "2018-01-01"]  # fmt: skip


def _without_last_entry(root: Path) -> None:
    path = root / "participants.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("- id: ")], encoding="utf-8")


def test_an_id_deleted_by_hand_that_no_file_names_is_not_given_again(
    ukm: Run, tmp_path: Path
) -> None:
    root = programme(tmp_path / "p")
    first = ukm("--data", str(root), *DESK)
    assert "Registered UKM-003" in first.stdout, first.output
    assert "last_id: UKM-003" in (root / "ids.yaml").read_text(encoding="utf-8")
    _without_last_entry(root)  # a typo'd entry removed by hand: no file names UKM-003 now
    assert ukm("--data", str(root), "check").exit_code == 0
    again = ukm("--data", str(root), *DESK)
    assert again.exit_code == 0, again.output
    assert "Registered UKM-004" in again.stdout
    assert "UKM-003" not in (root / "participants.yaml").read_text(encoding="utf-8")
    assert "last_id: UKM-004" in (root / "ids.yaml").read_text(encoding="utf-8")


def test_a_folder_without_the_record_counts_from_its_files(ukm: Run, tmp_path: Path) -> None:
    root = programme(tmp_path / "p", participants=PARTICIPANTS)
    assert not (root / "ids.yaml").exists()
    result = ukm("--data", str(root), *DESK, "--dry-run")
    assert "UKM-003" in result.stdout, result.output
    assert not (root / "ids.yaml").exists()  # a dry run writes nothing


def test_a_record_below_an_id_in_use_is_a_warning_and_ids_go_above_both(
    ukm: Run, tmp_path: Path
) -> None:
    root = programme(tmp_path / "p")
    (root / "ids.yaml").write_text("# copied from last year\nlast_id: UKM-001\n", encoding="utf-8")
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 0, checked.output
    assert "ids.yaml:2: warning: last_id UKM-001 is below UKM-002" in checked.stdout
    assert "Registered UKM-003" in ukm("--data", str(root), *DESK).stdout


def test_a_record_above_every_id_is_kept(ukm: Run, tmp_path: Path) -> None:
    root = programme(tmp_path / "p")
    (root / "ids.yaml").write_text('last_id: "UKM-120"  # by hand\n', encoding="utf-8")
    assert ukm("--data", str(root), "check").exit_code == 0
    assert "Registered UKM-121" in ukm("--data", str(root), *DESK).stdout


@pytest.mark.parametrize(
    "written", ["last_id: UKM-x\n", "last: UKM-1\n", "last_id: UKM-1\nlast_id: UKM-2\n", ""]
)
def test_a_record_ukm_cannot_read_is_an_error_and_register_refuses(
    ukm: Run, tmp_path: Path, written: str
) -> None:
    root = programme(tmp_path / "p")
    (root / "ids.yaml").write_text(written, encoding="utf-8")
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 1, checked.output
    assert "ids.yaml must hold one line 'last_id: UKM-NNN'" in checked.stdout
    before = (root / "participants.yaml").read_bytes()
    refused = ukm("--data", str(root), *DESK)
    assert refused.exit_code == 1, refused.output
    assert (root / "participants.yaml").read_bytes() == before
    assert (root / "ids.yaml").read_text(encoding="utf-8") == written


@pytest.mark.posix_only
def test_killed_between_the_record_and_the_register_no_id_is_reused(tmp_path: Path) -> None:
    root = programme(tmp_path / "p")
    before = (root / "participants.yaml").read_bytes()
    proc = subprocess.Popen(
        [ukm_executable(), "--data", str(root), *DESK],
        env={**os.environ, "UKM_TEST_PAUSE_AT": "replaced"},  # stops after the first replace
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _state(proc.pid) != "T" and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (root / "participants.yaml").read_bytes() == before  # the register never happened
    assert "last_id: UKM-003" in (root / "ids.yaml").read_text(encoding="utf-8")
    done = subprocess.run(
        [ukm_executable(), "--data", str(root), *DESK], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "UKM-004" in done.stdout  # a gap, never a reuse


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""
