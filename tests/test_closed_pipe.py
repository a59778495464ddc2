"""A reader of ukm's output that goes away (``ukm ... | head -1``) changes no exit status.

Rich's console answers a closed pipe with ``SystemExit(1)``: every command that
prints through it (attend, edit, tag, score, check, verify...) exited 1 after
its write had landed, which breaks the promise that no output problem turns
a completed write into an error.  ``certificate verify`` exits by its verdict.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.kit.helpers import programme, ukm_executable

SHEET = "1:\n  present: [UKM-001, UKM-002]\n"


def closed_stdout(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the installed ukm with its stdout a pipe closed before it writes."""
    proc = subprocess.Popen(
        [ukm_executable(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "UKM_LANG": "en", **(env or {})},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader has gone before ukm prints anything
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    return proc.wait(timeout=60), err


@pytest.mark.parametrize(
    "args",
    [
        ("edit", "1", "--phone", "0812-3456-7890"),
        ("tag", "add", "pendampingan", "1", "2"),
        ("attend", "keuangan", "-s", "2", "1"),
    ],
    ids=["edit", "tag", "attend"],
)
def test_a_completed_write_exits_0_when_the_reader_of_its_output_has_gone(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    root = programme(tmp_path / "p", attendance__keuangan=SHEET)
    before = {p.name: p.read_bytes() for p in root.rglob("*.yaml")}
    code, err = closed_stdout("--data", str(root), *args)
    assert code == 0, err
    assert "Traceback" not in err
    after = {p.name: p.read_bytes() for p in root.rglob("*.yaml")}
    assert after != before  # the write landed


def test_check_exits_by_what_it_found_not_by_the_closed_pipe(tmp_path: Path) -> None:
    root = programme(tmp_path / "p", attendance__keuangan=SHEET)
    code, err = closed_stdout("--data", str(root), "check")
    assert code == 0, err


ONE_SESSION = "- id: k3\n  title: K3\n  sessions:\n    1: {date: 2018-01-08}\n"


def test_verify_exits_by_its_verdict_when_the_reader_has_gone(tmp_path: Path) -> None:
    root = programme(tmp_path / "p", modules=ONE_SESSION, attendance__k3=SHEET)
    data = ("--data", str(root))
    issued = subprocess.run(
        [ukm_executable(), *data, "certificate", "issue", "--no-pdf", "--date", "2018-02-01"],
        capture_output=True,
        text=True,
        env={**os.environ, "UKM_LANG": "en"},
    )
    assert issued.returncode == 0, issued.stderr
    assert closed_stdout(*data, "certificate", "verify", "001/SERT-SP/2018")[0] == 0
    revoked = subprocess.run(
        [ukm_executable(), *data, "certificate", "revoke", "001/SERT-SP/2018", "--reason", "x"],
        capture_output=True,
        text=True,
        env={**os.environ, "UKM_LANG": "en"},
    )
    assert revoked.returncode == 0, revoked.stderr
    code, err = closed_stdout(*data, "certificate", "verify", "001/SERT-SP/2018")
    assert code == 1, err  # revoked: never 0, whatever happened to the output
