"""Hints that must not invite mistakes, and writes that say where they wrote."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from tests.kit.attendance import folder, sheet
from tests.kit.helpers import Run


def pin_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    from ukmtool.core import clock

    monkeypatch.setattr(clock, "today", lambda: day)


@pytest.mark.parametrize("typed", ["150", "UKM-150", "ukm-150", "250"])
def test_a_number_that_names_nobody_suggests_no_other_number(
    ukm: Run, tmp_path: Path, typed: str
) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", typed)
    assert result.exit_code == 1
    assert f"{typed} is not a registered participant." in result.stderr
    assert "Did you mean" not in result.stderr  # UKM-015 or UKM-025 would be the wrong person
    assert "Registered ids run from UKM-001 to UKM-025." in result.stderr
    assert not (root / "attendance" / "keuangan.yaml").exists()


def test_a_typo_in_the_prefix_still_suggests_the_same_number(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "UMK-015")
    assert result.exit_code == 1
    assert "Did you mean UKM-015?" in result.stderr


@pytest.mark.parametrize(
    ("day", "sheet_text", "suggested"),
    [
        # session 1 held; it is 16 January: the next session is 3 (22 January), 2 was missed
        (date(2018, 1, 16), b"1:\n  present: [UKM-001]\n", 3),
        # the programme is over and session 1 is held: the first one not held yet
        (date(2019, 1, 1), b"1:\n  present: [UKM-001]\n", 2),
        # before the first session: session 1
        (date(2018, 1, 1), None, 1),
    ],
)
def test_a_missing_session_suggests_the_next_one_not_one_already_held(
    ukm: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    day: date,
    sheet_text: bytes | None,
    suggested: int,
) -> None:
    root = folder(tmp_path / "p", sheet_text)
    pin_today(monkeypatch, day)
    result = ukm("--data", str(root), "attend", "keuangan", "8")
    assert result.exit_code == 2
    assert f"For example: ukm attend keuangan --session {suggested} ..." in result.stderr


def test_print_sheet_without_a_session_shows_a_print_command_not_an_attend_one(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = folder(tmp_path / "p", b"1:\n  present: [UKM-001]\n")
    pin_today(monkeypatch, date(2018, 1, 16))
    result = ukm("--data", str(root), "print", "sheet", "keuangan")
    assert result.exit_code == 2
    assert "For example: ukm print sheet keuangan --session 3 ..." in result.stderr
    assert "ukm attend" not in result.stderr  # printing a sheet writes no roll


def test_attend_names_the_programme_and_the_folder_it_wrote(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "3")
    assert result.exit_code == 0, result.output
    path = os.path.relpath(root / "attendance" / "keuangan.yaml")
    assert path.startswith("..")  # the folder is not the current one: the path names it
    assert f"Programme: Pelatihan Uji; written to {path}." in result.stdout
    assert sheet(root, 1)["present"] == ["UKM-003"]
    monkeypatch.chdir(root)
    again = ukm("attend", "keuangan", "-s", "1", "4")
    assert "Programme: Pelatihan Uji; written to attendance/keuangan.yaml." in again.stdout
    as_json = json.loads(ukm("attend", "keuangan", "-s", "1", "5", "--format", "json").stdout)
    assert as_json["programme"] == "Pelatihan Uji"
    assert as_json["file"] == os.path.join("attendance", "keuangan.yaml")


def test_register_and_visit_name_the_programme(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    new = [
        "--data", str(root), "register", "--business", "Batik Baru", "--owner", "Sri",
        "--gender", "F", "--sector", "batik", "--district", "Cepu", "--registered",
        "2018-01-01", "--no-input",
    ]  # fmt: skip
    dry = ukm(*new, "--dry-run")
    path = os.path.relpath(root / "participants.yaml")
    assert f"Programme: Pelatihan Uji; would write {path}." in dry.stdout
    done = ukm(*new)
    assert done.exit_code == 0, done.output
    assert f"Programme: Pelatihan Uji; written to {path}." in done.stdout
    visit = [
        "--data", str(root), "visit", "1", "--date", "2018-01-12", "--trainer", "Ratna Dewi",
        "--hours", "1", "--new-trainer", "--no-input",
    ]  # fmt: skip
    seen = ukm(*visit)
    assert seen.exit_code == 0, seen.output
    assert f"written to {os.path.relpath(root / 'visits.yaml')}." in seen.stdout


def test_visit_finds_a_business_by_part_of_its_name_and_says_who_at_once(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
    answers = ["Sablon", "sablon sinar", "2018-02-01", "Bedo", "1", "", ""]
    result = ukm("--data", str(sample), "visit", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "'Sablon' is in the names of 10 participants: UKM-014 Konveksi dan Sablon" in (
        result.stderr
    )
    assert "Type more of the name, or the id." in result.stderr
    who = "-> UKM-076 Sablon Sinar Grafika (Muhammad Purnomo), Jepon"
    assert who in result.stderr
    # said at once: before the next question
    assert result.stderr.index(who) < result.stderr.index("Date of the visit")
    assert "Recorded the visit to UKM-076 Sablon Sinar Grafika" in result.stdout


def test_visit_shows_who_an_id_names_before_the_next_question(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
    answers = ["3", "2018-02-01", "Bedo", "1", "", ""]
    result = ukm("--data", str(sample), "visit", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    who = "-> UKM-003 Kerajinan Kain Perca"
    assert result.stderr.index(who) < result.stderr.index("Date of the visit")


def test_visit_takes_an_owner_name_as_the_argument(ukm: Run, sample: Path) -> None:
    args = ["visit", "Muhammad Purnomo", "--date", "2018-02-01", "--trainer", "Bedo"]
    result = ukm("--data", str(sample), *args, "--hours", "1", "--no-input")
    assert result.exit_code == 0, result.output
    assert "UKM-076 Sablon Sinar Grafika" in result.stdout


@pytest.mark.parametrize(
    ("indent", "words"),
    [
        ("   ", "participants.yaml:7: Baris ini menjorok 3 spasi; baris di atasnya 2."),
        (" ", "participants.yaml:7: Baris ini menjorok 1 spasi; baris di atasnya 2."),
    ],
)
def test_a_misindented_line_is_named_in_the_persons_language(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indent: str, words: str
) -> None:
    from tests.kit.helpers import PARTICIPANTS, programme

    root = programme(
        tmp_path / "p", participants=PARTICIPANTS.replace('  phone: "', indent + 'phone: "')
    )
    monkeypatch.delenv("UKM_LANG")
    result = ukm("--lang", "id", "--data", str(root), "check")
    assert result.exit_code == 1
    assert words in result.stdout + result.stderr
    assert "Jorokkan dengan 2 spasi" in result.stdout + result.stderr
    assert "while parsing" not in result.stdout + result.stderr  # never PyYAML's own English
