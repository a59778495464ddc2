"""``ukm edit ID`` at the desk: every field asked with its value now, Enter keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.register import HAND_WRITTEN, participants

# the questions, in order: business, owner, gender, sector, district, village, address,
# phone, employees, sales, capital, NIK, NIB, registered, notes, then tags
KEEP_ALL = [""] * 16


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p", participants=HAND_WRITTEN)


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ukmtool.commands.edit.can_ask", lambda: True)


def answers(**given: str) -> str:
    order = [
        "business", "owner", "gender", "sector", "district", "village", "address", "phone",
        "employees", "monthly_sales", "capital", "nik", "nib", "registered", "notes", "tags",
    ]  # fmt: skip
    return "\n".join(given.get(name, "") for name in order) + "\n"


@pytest.mark.usefixtures("desk")
def test_the_desk_shows_each_value_and_enter_keeps_it(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "edit", "UKM-001", input=answers())
    assert result.exit_code == 0, result.output
    assert "-> UKM-001 Batik Sekar (Rina Lestari), Jepon" in result.stderr
    assert "Enter keeps a value; - takes an optional one out." in result.stderr
    assert "Business name [Batik Sekar]:" in result.stderr
    assert "Phone [081234567801]:" in result.stderr
    assert "Registered on [1 January 2018]:" in result.stderr
    assert "Nothing to change" in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.usefixtures("desk")
def test_the_desk_changes_what_is_typed_and_confirms(ukm: Run, folder: Path) -> None:
    typed = answers(district="Kec. Cepu", phone="-", employees="3 orang", tags="unggulan")
    result = ukm("--data", str(folder), "edit", "UKM-001", input=typed + "y\n")
    assert result.exit_code == 0, result.output
    assert "The changes:" in result.stderr
    assert "district: Jepon -> Cepu" in result.stderr
    assert "Save these changes? (y/n) [y]" in result.stderr
    changed = participants(folder)[0]
    assert (changed.district, changed.phone, changed.employees) == ("Cepu", None, 3)
    assert changed.tags == ["unggulan"]


@pytest.mark.usefixtures("desk")
def test_no_at_the_confirmation_writes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "edit", "1", input=answers(owner="Rina L") + "n\n")
    assert result.exit_code == 0, result.output
    assert "Nothing was changed." in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.usefixtures("desk")
def test_a_wrong_answer_is_explained_and_asked_again(ukm: Run, folder: Path) -> None:
    typed = answers().replace("\n", "\n", 0)
    lines = typed.split("\n")
    lines[4] = "Nowhere\nJapah"  # district: wrong, then right
    lines[0] = "-\nBatik Sekar"  # a required field cannot be taken out
    result = ukm("--data", str(folder), "edit", "UKM-001", input="\n".join(lines) + "y\n")
    assert result.exit_code == 0, result.output
    assert "This one cannot be taken out: every entry has one." in result.stderr
    assert "Unknown district 'Nowhere'." in result.stderr
    assert participants(folder)[0].district == "Japah"


@pytest.mark.usefixtures("desk")
def test_the_nik_is_offered_masked_and_kept(ukm: Run, folder: Path) -> None:
    assert ukm("--data", str(folder), "edit", "2", "--nik", "3316015507800001").exit_code == 0
    result = ukm("--data", str(folder), "edit", "UKM-002", input=answers(notes="baru") + "y\n")
    assert result.exit_code == 0, result.output
    assert "NIK [3316********0001]:" in result.stderr
    assert "3316015507800001" not in result.output
    changed = participants(folder)[1]
    assert (changed.nik, changed.notes) == ("3316015507800001", "baru")


@pytest.mark.usefixtures("desk")
def test_a_wrong_option_is_asked_again_and_nothing_else(ukm: Run, folder: Path) -> None:
    result = ukm(
        "--data", str(folder), "edit", "UKM-001", "--phone", "12", input="0813 1111 2222\n"
    )
    assert result.exit_code == 0, result.output
    assert "'12' is not an Indonesian phone number." in result.stderr
    assert "Business name" not in result.stderr
    assert participants(folder)[0].phone == "081311112222"


@pytest.mark.usefixtures("desk")
def test_an_exemption_without_a_reason_asks_for_it(ukm: Run, folder: Path) -> None:
    result = ukm(
        "--data", str(folder), "edit", "UKM-001", "--exempt", "keuangan", input="\nikut 2018\n"
    )
    assert result.exit_code == 0, result.output
    assert "Why is UKM-001 exempt from keuangan?" in result.stderr
    assert participants(folder)[0].exempt == {"keuangan": "ikut 2018"}
