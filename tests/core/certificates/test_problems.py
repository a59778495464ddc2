"""``ukm check`` says ahead what ``certificate issue`` would refuse, at the file and line to fix.

Dates already written in certificates.yaml (after today, before the holder
completed), names and a programme too long for a certificate, and a number
pattern that would give another programme's numbers.  The folders are built
here; when UKM-001 completed is worked out from the sheets below by hand
(the third of four sessions, 75 %: 2018-01-22).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PROGRAM, Run, programme

pytestmark = pytest.mark.usefixtures("cached_cli")

SHEETS = """\
1: {present: [UKM-001, UKM-002]}
2: {present: [UKM-001]}
3: {present: [UKM-001]}
4: {present: [UKM-001]}
"""
COMPLETED = "2018-01-22"
"""UKM-001's third session: 3 of 4 sessions is 75 %."""

LONG_NAME = "Raden Ajeng " + "Kusumawardhani " * 5 + "Puspitasari"  # 98 characters


def folder_with(root: Path, **files: str) -> Path:
    return programme(root / "p", attendance__keuangan=SHEETS, **files)


def check(ukm: Run, folder: Path) -> tuple[int, list[str]]:
    done = ukm("--data", str(folder), "check")
    return done.exit_code, done.output.splitlines()


@pytest.mark.parametrize(
    ("fault", "entries", "line", "message"),
    [
        (
            "issued-after-today",
            "- number: A-1\n  participant: UKM-001\n  issued: 2999-01-01\n",
            3,
            "Certificate A-1 is dated 2999-01-01, after today",
        ),
        (
            "issued-before-completion",
            "- number: A-1\n  participant: UKM-001\n  issued: 2018-01-15\n",
            3,
            f"dated 2018-01-15, before UKM-001 completed their last module ({COMPLETED})",
        ),
        (
            "revoked-after-today",
            "- number: A-1\n  participant: UKM-001\n  issued: 2018-02-01\n"
            "  revoked:\n    date: 2999-05-01\n    reason: salah nama\n",
            5,
            "Certificate A-1 is revoked on 2999-05-01, after today",
        ),
    ],
)
def test_dates_already_in_the_register_are_errors_at_their_line(
    ukm: Run, tmp_path: Path, fault: str, entries: str, line: int, message: str
) -> None:
    folder = folder_with(tmp_path, certificates=entries)

    code, lines = check(ukm, folder)

    assert code == 1, lines
    assert any(f"certificates.yaml:{line}:" in x and message in x for x in lines), lines


def test_a_certificate_dated_the_day_of_completion_is_fine(ukm: Run, tmp_path: Path) -> None:
    entries = f"- number: A-1\n  participant: UKM-001\n  issued: {COMPLETED}\n"
    folder = folder_with(tmp_path, certificates=entries)

    code, lines = check(ukm, folder)

    assert code == 0, lines
    assert not any("certificates.yaml" in x for x in lines), lines


def test_names_too_long_for_a_certificate_are_said_per_participant_before_issue(
    ukm: Run, tmp_path: Path
) -> None:
    participants = (
        "- {id: UKM-001, business: Batik Sekar, owner: '" + LONG_NAME + "', gender: F,\n"
        "   sector: batik, district: Jepon, registered: 2018-01-01}\n"
        "- id: UKM-002\n  business: '" + "Warung Makan " * 7 + "'\n"
        "  owner: Joko Susanto\n  gender: M\n  sector: kuliner\n  district: Cepu\n"
        "  registered: 2018-01-01\n"
    )
    folder = folder_with(tmp_path, participants=participants)

    code, lines = check(ukm, folder)
    issued = ukm("--data", str(folder), "certificate", "issue", "--no-pdf")

    assert code == 0, lines  # warnings: the names are valid, only too long to print
    assert any(
        "participants.yaml:1:" in x and "UKM-001: the owner's name has 98 characters" in x
        for x in lines
    ), lines
    assert any(
        "participants.yaml:4:" in x and "UKM-002: the business's name has" in x for x in lines
    ), lines
    assert issued.exit_code == 1  # what check warned of: UKM-001 graduated
    assert "UKM-001: the owner's name has 98 characters" in issued.output


def test_a_holders_name_is_not_warned_of_their_certificate_keeps_the_printed_one(
    ukm: Run, tmp_path: Path
) -> None:
    participants = (
        "- {id: UKM-001, business: Batik Sekar, owner: '" + LONG_NAME + "', gender: F,\n"
        "   sector: batik, district: Jepon, registered: 2018-01-01}\n"
        "- {id: UKM-002, business: Warung, owner: Joko Susanto, gender: M, sector: kuliner,\n"
        "   district: Cepu, registered: 2018-01-01}\n"
    )
    entries = (
        "- number: A-1\n  participant: UKM-001\n  name: Rina Lestari\n  business: Batik Sekar\n"
        "  issued: 2018-02-01\n"
    )
    folder = folder_with(tmp_path, participants=participants, certificates=entries)

    code, lines = check(ukm, folder)

    assert code == 0, lines
    assert not any("characters" in x for x in lines), lines


def test_a_programme_name_too_long_is_said_once_at_its_line(ukm: Run, tmp_path: Path) -> None:
    name = "Pelatihan " * 13  # 130 characters
    program = PROGRAM.replace("name: Pelatihan Uji", f"name: {name.strip()}")
    folder = folder_with(tmp_path, program=program)

    code, lines = check(ukm, folder)

    said = [x for x in lines if "the programme's name has 129 characters" in x]
    assert code == 0, lines
    assert len(said) == 1 and "program.yaml:1:" in said[0], lines
    assert not any("participants.yaml" in x for x in lines), lines


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("'{seq:03}/SERT-SP'", ["no {year}"]),
        ("'{seq:03}/{year}'", ["no code of the programme"]),
        ("'{seq}'", ["no {year}", "no code of the programme"]),
    ],
)
def test_a_number_pattern_that_would_repeat_numbers_is_warned_of(
    ukm: Run, tmp_path: Path, pattern: str, said: list[str]
) -> None:
    program = PROGRAM + "certificates:\n  verify_url: https://dinas.example/v\n"
    program += f"  number: {pattern}\n"
    folder = folder_with(tmp_path, program=program)

    code, lines = check(ukm, folder)

    warned = [x for x in lines if "certificate number pattern" in x]
    assert code == 0, lines
    assert len(warned) == 1 and "program.yaml:11:" in warned[0], lines
    assert all(part in warned[0] for part in said), warned


@pytest.mark.parametrize("pattern", ["'{seq:03}/SERT-SP/{year}'", "'{seq}/DINKOP-BLORA/{year}'"])
def test_a_pattern_with_a_year_and_a_code_is_not_warned_of(
    ukm: Run, tmp_path: Path, pattern: str
) -> None:
    folder = folder_with(tmp_path, program=PROGRAM + f"certificates: {{number: {pattern}}}\n")

    code, lines = check(ukm, folder)

    assert code == 0, lines
    assert not any("pattern" in x for x in lines), lines
