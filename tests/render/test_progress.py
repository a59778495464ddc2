"""A slow load shows a progress bar on a terminal, and only there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.kit.benchgen import generate
from tests.kit.helpers import Run, programme, ukm_executable
from tests.kit.register import import_rows
from tests.kit.terminal import run_on_terminal
from ukmtool.render import progress

BAR = "Reading the programme folder"


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if a person watched a terminal, and every load were slow enough for a bar."""
    monkeypatch.setattr(progress, "watched", lambda: True)
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
    monkeypatch.setattr(progress, "watched", lambda: True)

    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 0
    assert BAR not in result.stderr


@pytest.mark.posix_only
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


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.usefixtures("during_the_programme")
def test_a_large_import_shows_its_stages(
    ukm: Run, tmp_path: Path, watched: None, kind: str
) -> None:
    from tests.kit.register import csv_text, xlsx

    folder = programme(tmp_path / "p")
    source = tmp_path / f"daftar.{kind}"
    if kind == "csv":
        source.write_text(csv_text(import_rows(600)), encoding="utf-8", newline="\n")
    else:
        xlsx(source, list(import_rows(600)))

    result = ukm("--data", str(folder), "register", "--from", str(source))

    assert result.exit_code == 0, result.output
    assert f"Reading daftar.{kind}" in result.stderr
    assert BAR in result.stderr and "Checking the rows" in result.stderr
    assert "Registered 600 participants" in result.stdout
    assert "Reading" not in result.stdout


@pytest.mark.usefixtures("during_the_programme")
def test_no_import_bar_under_format_json(ukm: Run, tmp_path: Path, watched: None) -> None:
    from tests.kit.register import csv_text

    folder = programme(tmp_path / "p")
    source = tmp_path / "daftar.csv"
    source.write_text(csv_text(import_rows(600)), encoding="utf-8", newline="\n")

    result = ukm("--data", str(folder), "register", "--from", str(source), "--format", "json")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ("attend", "keuangan", "-s", "1", "UKM-001"),
        ("visit", "UKM-001", "--date", "2018-01-10", "--trainer", "Bedo", "--hours", "1"),
        (
            "register",
            "--business",
            "Warung Uji",
            "--owner",
            "Sri Uji",
            "--gender",
            "F",
            "--sector",
            "batik",
            "--district",
            "Jepon",
            "--registered",
            "2018-01-01",
        ),
    ],
)
def test_the_writing_commands_show_a_slow_load_too(
    ukm: Run, sample: Path, watched: None, args: tuple[str, ...]
) -> None:
    result = ukm("--data", str(sample), *args)

    assert result.exit_code == 0, result.output
    assert BAR in result.stderr
    assert BAR not in result.stdout
    quiet = ukm("--data", str(sample), *args, "--format", "json")
    assert BAR not in quiet.stderr
