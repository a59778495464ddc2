"""What ``ukm check`` says once the rules are applied (``checks/standing``, rules 2.1).

A module missed (registered after its last session, none made up, not exempt):
a warning at the participant's ``registered`` line, with both ways out, gone
once either is taken.  An exemption of a module completed anyway: a warning at
the exemption's line.  The sample checks clean, even with ``--strict``.
"""

from __future__ import annotations

from pathlib import Path

from tests.kit.helpers import PARTICIPANTS, Run, native, programme

# UKM-002 registers on 5 February, after keuangan's last session (29 January)
LATE = PARTICIPANTS[: PARTICIPANTS.rindex("registered:")] + "registered: 2018-02-05\n"
HELD = "1:\n  present: [UKM-001]\n2:\n  present: [UKM-001]\n3:\n  present: [UKM-001]\n"


def check(ukm: Run, root: Path, *args: str) -> tuple[int, str]:
    result = ukm("--data", str(root), "check", *args)
    return result.exit_code, result.stdout


def test_a_missed_module_is_a_warning_at_the_registration_with_both_ways_out(
    ukm: Run, tmp_path: Path
) -> None:
    root = programme(tmp_path / "p", participants=LATE, attendance__keuangan=HELD)
    code, out = check(ukm, root)
    assert code == 0, out
    assert (
        native("p/participants.yaml") + ":15: warning: UKM-002 registered on 2018-02-05, after "
        "every session of 'keuangan' (the last on 2018-01-29), and made none up: the module is "
        "missed, so UKM-002 cannot graduate."
    ) in out
    assert "ukm attend keuangan -s N --status makeup UKM-002" in out
    assert "ukm edit UKM-002 --exempt keuangan --reason ..." in out
    assert check(ukm, root, "--strict")[0] == 1


def test_a_make_up_or_an_exemption_ends_the_warning(ukm: Run, tmp_path: Path) -> None:
    made_up = HELD.replace("3:\n  present: [UKM-001]\n", "3:\n  present: [UKM-001]\n  "
                           "makeup: {UKM-002: 2018-02-06}\n")  # fmt: skip
    root = programme(tmp_path / "a", participants=LATE, attendance__keuangan=made_up)
    code, out = check(ukm, root, "--strict")
    assert code == 0, out
    exempt = LATE + "  exempt: {keuangan: ikut pelatihan serupa 2017}\n"
    root = programme(tmp_path / "b", participants=exempt, attendance__keuangan=HELD)
    code, out = check(ukm, root, "--strict")
    assert code == 0, out


def test_an_exemption_of_a_module_completed_anyway_is_a_warning(ukm: Run, tmp_path: Path) -> None:
    people = LATE.replace("registered: 2018-02-05", "registered: 2018-01-01").replace(
        "  registered: 2018-01-01\n- id: UKM-002",
        "  registered: 2018-01-01\n  exempt:\n    keuangan: sudah ikut\n- id: UKM-002",
    )
    sheets = HELD.replace("[UKM-001]", "[UKM-001, UKM-002]")
    root = programme(tmp_path / "p", participants=people, attendance__keuangan=sheets)
    code, out = check(ukm, root)
    assert code == 0, out
    assert (
        ":10: warning: UKM-001 is exempt from 'keuangan' but completed it anyway (3 sessions "
        "attended, 3 required): its figures count UKM-001 as exempt, not completed."
    ) in out
    assert "ukm edit UKM-001 --no-exempt keuangan" in out


def test_an_exemption_of_a_one_session_module_completed_anyway_says_1_session(
    ukm: Run, tmp_path: Path
) -> None:
    # the warning said "(1 sessions attended, 1 required)"
    modules = "- id: pemasaran\n  title: Pemasaran\n  sessions:\n    1: {date: 2018-01-08}\n"
    people = PARTICIPANTS.replace(
        "  registered: 2018-01-01\n- id: UKM-002",
        "  registered: 2018-01-01\n  exempt: {pemasaran: sudah ikut}\n- id: UKM-002",
        1,
    )
    assert people != PARTICIPANTS
    root = programme(tmp_path / "p", participants=people, modules=modules,
                     attendance__pemasaran="1:\n  present: [UKM-001, UKM-002]\n")  # fmt: skip
    code, out = check(ukm, root)
    assert code == 0, out
    assert "completed it anyway (1 session attended, 1 required)" in out
    assert "1 sessions" not in out


def test_the_sample_checks_clean_even_strict(ukm: Run, sample: Path) -> None:
    code, out = check(ukm, sample, "--strict")
    assert code == 0, out
    assert "warning" not in out
