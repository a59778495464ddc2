"""Which programme folder ukm uses: --data, else $UKM_DATA, else here, else ./data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme, run_process


def make(root: Path, people: int) -> Path:
    """A valid programme with 1 or 2 participants, so the summary says which one ran."""
    participants = PARTICIPANTS if people == 2 else PARTICIPANTS.split("- id: UKM-002")[0]
    return programme(root, participants=participants)


def used(result_stdout: str) -> int:
    """How many participants the checked folder had (from the summary line)."""
    return int(result_stdout.split("OK: ", 1)[1].split(" ", 1)[0])


def test_data_option_comes_first(ukm: Run, isolated: Path) -> None:
    make(isolated, 2)  # the current folder holds a programme too
    make(isolated / "data", 2)
    chosen = make(isolated.parent / "chosen", 1)

    result = ukm("--data", str(chosen), "check", env={"UKM_DATA": str(isolated / "data")})

    assert result.exit_code == 0, result.output
    assert used(result.stdout) == 1


def test_environment_comes_before_the_current_folder(ukm: Run, isolated: Path) -> None:
    make(isolated, 2)
    chosen = make(isolated.parent / "env", 1)

    result = ukm("check", env={"UKM_DATA": str(chosen)})

    assert result.exit_code == 0, result.output
    assert used(result.stdout) == 1


def test_current_folder_comes_before_data(ukm: Run, isolated: Path) -> None:
    make(isolated, 1)
    make(isolated / "data", 2)
    assert used(ukm("check").stdout) == 1


def test_data_subfolder_last(ukm: Run, isolated: Path) -> None:
    make(isolated / "data", 1)
    result = ukm("check")
    assert result.exit_code == 0, result.output
    assert used(result.stdout) == 1
    assert result.stdout.startswith("OK:")


def test_current_folder_without_program_yaml_is_not_a_programme(ukm: Run, isolated: Path) -> None:
    # participants.yaml alone does not make a programme folder: ./data is used
    (isolated / "participants.yaml").write_text(PARTICIPANTS, encoding="utf-8", newline="\n")
    make(isolated / "data", 1)
    assert used(ukm("check").stdout) == 1


def test_none_found_says_where_it_looked_and_how_to_start(ukm: Run, isolated: Path) -> None:
    result = ukm("check")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert str(isolated) in result.stderr
    assert str(isolated / "data") in result.stderr
    assert "program.yaml" in result.stderr
    assert "ukm init DIR" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_given_folder_without_a_programme_is_named(ukm: Run, isolated: Path, how: str) -> None:
    make(isolated, 2)  # never silently used instead of the folder asked for
    empty = isolated.parent / "empty"
    empty.mkdir()
    if how == "option":
        result = ukm("--data", str(empty), "check")
    else:
        result = ukm("check", env={"UKM_DATA": str(empty)})

    assert result.exit_code == 1
    assert str(empty) in result.stderr
    assert ("--data" if how == "option" else "UKM_DATA") in result.stderr
    assert "ukm init DIR" in result.stderr


def test_a_missing_folder_is_named(ukm: Run, isolated: Path) -> None:
    result = ukm("--data", "nowhere", "check")
    assert result.exit_code == 1
    assert "nowhere" in result.stderr and "ukm init DIR" in result.stderr


def test_installed_ukm_finds_data_and_environment(isolated: Path) -> None:
    make(isolated / "data", 2)
    elsewhere = make(isolated.parent / "env", 1)

    from_data = run_process("check", cwd=isolated)
    from_env = run_process("check", cwd=isolated, env={"UKM_DATA": str(elsewhere)})
    nowhere = run_process("check", cwd=isolated.parent / "env" / "attendance")

    assert (from_data.exit_code, used(from_data.stdout)) == (0, 2), from_data.output
    assert (from_env.exit_code, used(from_env.stdout)) == (0, 1), from_env.output
    assert nowhere.exit_code == 1
    assert "ukm init DIR" in nowhere.stderr
