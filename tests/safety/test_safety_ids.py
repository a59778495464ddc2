"""Ids and names that must not be confused (issue 21, items 9, 10, 11): an id never given
twice, ids and list names that differ only in capital letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, PROGRAM, Run, programme

DESK = ["register", "--no-input", "--business", "Usaha Baru", "--owner", "Siti", "--gender",
        "F", "--sector", "batik", "--district", "Cepu", "--registered", "2018-01-01"]  # fmt: skip
THIRD = """\
- id: UKM-003
  business: Sablon Jaya
  owner: Dewi Sartika
  gender: F
  sector: batik
  district: Japah
  registered: 2018-01-01
"""
MENTIONS = {
    "a mark": {"attendance__keuangan": "1:\n  present: [UKM-001, UKM-003]\n"},
    "a visit": {
        "visits": "- participant: UKM-003\n  date: 2018-01-10\n  trainer: Ratna Dewi\n  hours: 1\n"
    },
    "a measurement": {"indicators": "- participant: UKM-003\n  date: 2018-03-10\n  employees: 4\n"},
}


@pytest.mark.parametrize("mention", sorted(MENTIONS))
def test_an_id_removed_by_hand_is_never_given_again(ukm: Run, tmp_path: Path, mention: str) -> None:
    # UKM-003 was registered, then marked (or visited, measured), then deleted by hand
    root = programme(tmp_path / "p", participants=PARTICIPANTS, **MENTIONS[mention])
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 1, checked.output  # what UKM-003 left behind is an error
    assert "UKM-003" in checked.stdout
    result = ukm("--data", str(root), *DESK)
    assert result.exit_code == 0, result.output
    assert "Registered UKM-004" in result.stdout
    assert "id: UKM-003" not in (root / "participants.yaml").read_text(encoding="utf-8")


def test_ids_that_differ_only_in_case_are_an_error(ukm: Run, tmp_path: Path) -> None:
    hand_added = THIRD.replace("UKM-003", "ukm-001")
    root = programme(tmp_path / "p", participants=PARTICIPANTS + hand_added)
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 1, result.output
    assert "participants.yaml:16: Id 'ukm-001' differs from 'UKM-001' (line 1)" in result.stdout
    json = ukm("--data", str(root), "check", "--format", "json")
    assert "differs from 'UKM-001'" in json.stdout
    attend = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "ukm-001")
    assert attend.exit_code == 1  # neither business is marked while the ids are confused
    assert not (root / "attendance" / "keuangan.yaml").exists()


@pytest.mark.parametrize("field", ["districts", "sectors"])
def test_list_names_that_differ_only_in_case_are_an_error(
    ukm: Run, tmp_path: Path, field: str
) -> None:
    program = PROGRAM.replace("[Cepu, Japah, Jepon]", "[Cepu, JEPON, Japah, Jepon]").replace(
        "[batik, kuliner]", "[batik, Batik, kuliner]"
    )
    root = programme(tmp_path / "p", program=program)
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 1, result.output
    wrong = (
        "'Jepon' and 'JEPON' in districts"
        if field == "districts"
        else ("'Batik' and 'batik' in sectors")
    )
    assert f"{wrong} differ only in capital letters" in result.stdout
    for args in (["participants", "--district", "Jepon"], ["report"]):
        refused = ukm("--data", str(root), *args)
        assert refused.exit_code == 1, refused.output  # no selection by one spelling or other


def test_a_name_listed_twice_as_written_stays_a_warning(ukm: Run, tmp_path: Path) -> None:
    root = programme(tmp_path / "p", program=PROGRAM.replace("[Cepu, Japah", "[Cepu, Cepu, Japah"))
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 0, result.output
    assert "warning: 'Cepu' is listed twice in districts" in result.stdout
