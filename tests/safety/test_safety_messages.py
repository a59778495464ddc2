"""What messages may quote (issue 21, items 8, 15, 16): never a whole NIK, never a file
name that drives the terminal, never a line break that forges a line of output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme
from ukmtool.render import progress

NIK = "3316015507800001"
HIDDEN = NIK[4:12]  # the digits a masked NIK hides

NIK_AS_PHONE = PARTICIPANTS.replace('phone: "081234567801"', f'phone: "{NIK}"')
NIK_ON_A_SHEET = f"1:\n  present: [UKM-001, {NIK}]\n"
DESK = ["register", "--no-input", "--dry-run", "--business", "Usaha Baru", "--owner",
        "Siti", "--gender", "F", "--sector", "batik", "--district", "Cepu"]  # fmt: skip

CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "check, a NIK typed into phone": ({"participants": NIK_AS_PHONE}, ["check"]),
    "check json, a NIK typed into phone": (
        {"participants": NIK_AS_PHONE},
        ["check", "--format", "json"],
    ),
    "check, a NIK on an attendance list": ({"attendance__keuangan": NIK_ON_A_SHEET}, ["check"]),
    "check json, a NIK on an attendance list": (
        {"attendance__keuangan": NIK_ON_A_SHEET},
        ["check", "--format", "json"],
    ),
    "attend, a NIK as the id": ({}, ["attend", "keuangan", "-s", "1", NIK]),
    "attend json, a NIK as the id": (
        {},
        ["attend", "keuangan", "-s", "1", NIK, "--format", "json"],
    ),
    "show, a NIK as the id": ({}, ["show", NIK]),
    "show json, a NIK as the id": ({}, ["show", NIK, "--format", "json"]),
    "register, a NIK as the phone": ({}, [*DESK, "--phone", NIK]),
    "register, a NIK as the district": ({}, [*DESK[:-1], NIK, "--nik", NIK]),
    "register, a NIK with a digit too many": ({}, [*DESK, "--nik", NIK + "7"]),
    "participants, a NIK as the district": ({}, ["participants", "--district", NIK]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_message_quotes_a_whole_nik(ukm: Run, tmp_path: Path, case: str) -> None:
    files, args = CASES[case]
    root = programme(tmp_path / "p", **files)
    result = ukm("--data", str(root), *args)
    assert HIDDEN not in result.output, result.output


@pytest.mark.usefixtures("during_the_programme")
def test_a_file_name_on_the_progress_bar_drives_nothing(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.kit.register import csv_text, import_rows

    monkeypatch.setattr(progress, "watched", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    root = programme(tmp_path / "p")
    name = "daftar\x1b]0;owned\x07[link=evil.example]klik[bold red]x\n.csv"
    source = tmp_path / name
    source.write_text(csv_text(import_rows(300)), encoding="utf-8")
    result = ukm("--data", str(root), "register", "--from", str(source))
    assert result.exit_code == 0, result.output
    assert "\x1b]0;" not in result.stderr  # no window title set
    assert "\x1b]8;" not in result.stderr  # no hyperlink made
    assert "daftar\\x1b]0;owned\\x07[link=evil.example]klik[bold red]x" in (result.stderr)


FORGED = "Jepon\\nOK: 100 participants, 6 modules\\nparticipants.yaml:1: all fine"


@pytest.mark.parametrize(
    "where",
    ["check", "check, piped through a terminal", "attend", "show", "register"],
)
def test_a_line_break_in_a_value_cannot_forge_a_line(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    forged_value = FORGED.replace("\\n", "\n")
    bad = PARTICIPANTS.replace("district: Jepon", f'district: "{FORGED}"')
    if where.startswith("check"):
        if "terminal" in where:
            from ukmtool.render import console

            monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
        root = programme(tmp_path / "p", participants=bad)
        result = ukm("--data", str(root), "check")
        assert result.exit_code == 1
    else:
        root = programme(tmp_path / "p")
        args = {
            "attend": ["attend", "keuangan", "-s", "1", forged_value],
            "show": ["show", forged_value],
            "register": [*DESK, "--village", "x", "--district", forged_value],
        }[where]
        result = ukm("--data", str(root), *args)
        assert result.exit_code in (1, 2)
    for line in result.output.splitlines():
        assert not line.startswith("OK"), result.output
        assert not line.startswith("participants.yaml:1: all fine"), result.output
    if where == "register":  # refused at input (issue 29): the value is not even quoted
        assert "This text holds a line break" in result.output
    elif where != "attend":  # attend reads ids split at spaces and line breaks
        assert "Jepon\\x0aOK: 100 participants" in result.output


LONG_ID = "201712345678901234"  # 18 digits: a participant id, no NIK


@pytest.mark.usefixtures("during_the_programme")
def test_a_number_that_is_no_nik_is_quoted_as_written(ukm: Run, tmp_path: Path) -> None:
    root = programme(tmp_path / "p")
    desk = [*DESK[:2], "--id", LONG_ID, *DESK[3:]]  # DESK without --dry-run
    registered = ukm("--lang", "en", "--data", str(root), *desk)
    assert registered.exit_code == 0, registered.output
    assert LONG_ID in registered.stdout

    typo = ukm("--lang", "en", "--data", str(root), "show", LONG_ID[:-1] + "5")
    assert typo.exit_code == 1
    assert f"There is no participant '{LONG_ID[:-1]}5'." in typo.stderr
    assert f"Did you mean '{LONG_ID}'?" in typo.stderr
    nik = ukm("--lang", "en", "--data", str(root), "show", NIK)  # a NIK's shape: still masked
    assert nik.exit_code == 1 and HIDDEN not in nik.output and "3316********0001" in nik.stderr
