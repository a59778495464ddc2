"""A slow load shows a progress bar on a terminal, and only there."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

from tests.benchgen import generate
from tests.helpers import Run, ukm_executable
from ukmtool.render import progress

BAR = "Reading the programme folder"


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if a person watched a terminal, and every load were slow enough for a bar."""
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setenv("UKM_NO_CACHE", "1")


def test_a_slow_load_on_a_terminal_shows_a_bar_on_stderr(
    ukm: Run, sample: Path, watched: None
) -> None:
    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 0
    assert BAR in result.stderr
    assert BAR not in result.stdout
    assert "100 participants" in result.stdout


def test_no_bar_under_format_json(ukm: Run, sample: Path, watched: None) -> None:
    result = ukm("--data", str(sample), "check", "--format", "json")

    assert result.exit_code == 0
    assert result.stderr == ""


def test_no_bar_when_piped(ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setenv("UKM_NO_CACHE", "1")

    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 0
    assert result.stderr == ""


def test_no_bar_for_a_quick_load(ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "on_terminal", lambda: True)

    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 0
    assert BAR not in result.stderr


def run_on_terminal(command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    """Run ``command`` with stdout and stderr on a pseudo-terminal; what it wrote."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(command, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_a_real_terminal_sees_the_bar_during_a_cold_load(
    tmp_path: Path,
) -> None:
    folder = generate.generate(3000, tmp_path / "p3000")
    env = {**os.environ, "UKM_NO_CACHE": "1", "TERM": "xterm", "UKM_PROGRESS_DELAY": "0"}
    env.pop("NO_COLOR", None)

    shown = run_on_terminal([ukm_executable(), "--data", str(folder), "check"], env)

    assert BAR in shown
    assert "3,000 participants" in shown
