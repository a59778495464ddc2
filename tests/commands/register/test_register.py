"""``ukm register`` one business at a time: flags, prompts, ids, duplicates, safe writing."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.register import BATIK, HAND_WRITTEN, participants
from ukmtool.core.models import Participant

pytestmark = pytest.mark.usefixtures("during_the_programme")


def register(ukm: Run, folder: Path, *args: str, input: str | None = None):
    return ukm("--data", str(folder), "register", *args, input=input)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


def test_flags_register_one_participant_with_every_field(ukm: Run, folder: Path) -> None:
    result = register(
        ukm,
        folder,
        *BATIK,
        "--village",
        "Soko",
        "--phone",
        "0812-3456-7890",
        "--employees",
        "3",
        "--nik",
        "3316015507800001",
        "--nib",
        "9120001234567",
        "--tag",
        "unggulan",
        "--tag",
        "binaan-pkk",
        "--registered",
        "2018-01-05",
    )
    assert result.exit_code == 0, result.output
    assert "UKM-003" in result.stdout
    added = participants(folder)[-1]
    assert added.model_dump() == {
        "id": "UKM-003",
        "business": "Batik Sekar Jati",
        "owner": "Sri Wahyuni",
        "gender": "F",
        "sector": "batik",
        "district": "Jepon",
        "village": "Soko",
        "address": None,
        "phone": "081234567890",
        "employees": 3,
        "monthly_sales": None,
        "capital": None,
        "nik": "3316015507800001",
        "nib": "9120001234567",
        "registered": date(2018, 1, 5),
        "tags": ["unggulan", "binaan-pkk"],
        "notes": None,
        "exempt": {},
    }


def test_json_shows_every_field_register_writes_and_the_model_holds() -> None:
    from ukmtool.core.writing.participant import FIELDS
    from ukmtool.core.writing.participant import SHOWN_ORDER as COLUMNS

    recorded_later = {"exempt"}  # ukm edit --exempt records it, never a registration
    assert (
        sorted(COLUMNS) == sorted(FIELDS) == sorted(set(Participant.model_fields) - recorded_later)
    )


def test_registered_defaults_to_today(ukm: Run, folder: Path, during_the_programme: date) -> None:
    assert register(ukm, folder, *BATIK).exit_code == 0
    assert participants(folder)[-1].registered == during_the_programme


@pytest.mark.parametrize(
    "written", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "0812 3456 7890"]
)
def test_phone_numbers_are_stored_as_08(ukm: Run, folder: Path, written: str) -> None:
    result = register(ukm, folder, *BATIK, "--phone", written)
    assert result.exit_code == 0, result.output
    assert participants(folder)[-1].phone == "081234567890"
    assert 'phone: "081234567890"' in (folder / "participants.yaml").read_text(encoding="utf-8")


def test_district_and_sector_take_the_programme_spelling(ukm: Run, folder: Path) -> None:
    args = [*BATIK[:6], "--sector", "BATIK", "--district", "jepon"]
    assert register(ukm, folder, *args).exit_code == 0
    added = participants(folder)[-1]
    assert (added.sector, added.district) == ("batik", "Jepon")


@pytest.mark.parametrize(("written", "stored"), [("P", "F"), ("l", "M"), ("m", "M")])
def test_gender_p_and_l_are_taken(ukm: Run, folder: Path, written: str, stored: str) -> None:
    args = [*BATIK[:4], "--gender", written, *BATIK[6:]]
    assert register(ukm, folder, *args).exit_code == 0
    assert participants(folder)[-1].gender == stored


def bad_district(folder: Path) -> list[str]:
    return [*BATIK[:8], "--district", "Jepn"]


def bad_phone(folder: Path) -> list[str]:
    return [*BATIK, "--phone", "12345"]


def bad_nik(folder: Path) -> list[str]:
    return [*BATIK, "--nik", "33160155"]


def bad_employees(folder: Path) -> list[str]:
    return [*BATIK, "--employees", "1,5"]


def bad_date(folder: Path) -> list[str]:
    return [*BATIK, "--registered", "13/12/17"]


def bad_gender(folder: Path) -> list[str]:
    return [*BATIK[:4], "--gender", "X", *BATIK[6:]]


def bad_sector(folder: Path) -> list[str]:
    return [*BATIK[:6], "--sector", "btik", *BATIK[8:]]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (bad_district, "--district: Unknown district 'Jepn'. Did you mean 'Jepon'?"),
        (bad_sector, "--sector: Unknown sector 'btik'. Did you mean 'batik'?"),
        (bad_phone, "--phone: '12345' is not an Indonesian phone number."),
        (bad_nik, "--nik: A NIK has 16 digits; this one has 8."),
        (bad_employees, "--employees: '1,5' is not a whole number of people."),
        (bad_date, "--registered: '13/12/17' has a two-digit year. Write the year in full"),
        (bad_gender, "--gender: Gender must be F or M, not 'X'."),
    ],
)
def test_a_bad_value_is_refused_with_the_check_message(
    ukm: Run, folder: Path, fault, expected: str
) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = register(ukm, folder, *fault(folder))
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_no_terminal_lists_every_missing_flag(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = register(ukm, folder, "--business", "Batik Sekar Jati")
    assert result.exit_code == 2
    assert "missing: --owner, --gender, --sector, --district" in result.stderr
    assert "no terminal" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_no_input_refuses_to_ask_even_on_a_terminal(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    result = register(ukm, folder, "--no-input", *BATIK[:4], input="F\nbatik\nJepon\n")
    assert result.exit_code == 2
    assert "missing: --gender, --sector, --district" in result.stderr
    assert "--no-input" in result.stderr
    assert len(participants(folder)) == 2


def test_prompts_ask_for_missing_fields_and_offer_the_programme_lists(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    answers = "Batik Sekar Jati\nSri Wahyuni\nP\nBatik\njepon\n"
    answers += "\n" * 7 + "y\n"  # the optional desk questions skipped, then confirmed
    result = register(ukm, folder, input=answers)
    assert result.exit_code == 0, result.output
    assert "District (kecamatan): one of Cepu, Japah, Jepon" in result.stderr
    assert "Sector: one of batik, kuliner" in result.stderr
    assert "Owner's name" not in result.stdout  # prompts go to stderr (the runner echoes input)
    assert result.stdout.splitlines()[-2:] == [
        "Registered UKM-003: Batik Sekar Jati (Sri Wahyuni).",
        f"Programme: Pelatihan Uji; written to {os.path.relpath(folder / 'participants.yaml')}.",
    ]
    added = participants(folder)[-1]
    assert (added.id, added.business, added.owner) == ("UKM-003", "Batik Sekar Jati", "Sri Wahyuni")
    assert (added.gender, added.sector, added.district) == ("F", "batik", "Jepon")


def test_a_bad_answer_is_explained_and_asked_again(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    answers = "X\nF\nJepn\nJepon\n" + "\n" * 7 + "y\n"  # then the desk questions skipped
    result = register(ukm, folder, *BATIK[:4], "--sector", "batik", input=answers)
    assert result.exit_code == 0, result.output
    assert "Gender must be F or M, not 'X'." in result.stderr
    assert "Unknown district 'Jepn'." in result.stderr
    assert "Did you mean 'Jepon'?" in result.stderr
    assert result.stderr.count("District (kecamatan):") == 3  # the list, and asked twice
    assert participants(folder)[-1].district == "Jepon"


def test_a_bad_flag_is_asked_again_on_a_terminal(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    result = register(ukm, folder, *BATIK, "--phone", "123", input="+62 812 3456 7890\n")
    assert result.exit_code == 0, result.output
    assert "'123' is not an Indonesian phone number." in result.stderr
    assert participants(folder)[-1].phone == "081234567890"


def entry(pid: str, n: int) -> str:
    return (
        f"- id: {pid}\n  business: Usaha {n}\n  owner: Pemilik {n}\n  gender: M\n"
        f"  sector: kuliner\n  district: Cepu\n  registered: 2018-01-01\n"
    )


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([], "UKM-001"),
        (["UKM-001", "UKM-002"], "UKM-003"),
        (["UKM-001", "UKM-007", "UKM-003"], "UKM-008"),
        (["UKM-998", "UKM-999"], "UKM-1000"),
        (["UKM-1041", "UKM-002"], "UKM-1042"),
        (["A-17", "ukm-50", "UKM-004x"], "UKM-001"),
    ],
)
def test_the_next_free_id(ukm: Run, tmp_path: Path, ids: list[str], expected: str) -> None:
    text = "".join(entry(pid, n) for n, pid in enumerate(ids))
    folder = programme(tmp_path / "p", participants=text)
    result = register(ukm, folder, *BATIK)
    assert result.exit_code == 0, result.output
    assert f"Registered {expected}:" in result.stdout
    assert participants(folder)[-1].id == expected


def test_gaps_are_not_filled(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", participants=entry("UKM-001", 1) + entry("UKM-005", 5))
    register(ukm, folder, *BATIK)
    assert [p.id for p in participants(folder)] == ["UKM-001", "UKM-005", "UKM-006"]


def test_id_given_is_used(ukm: Run, folder: Path) -> None:
    result = register(ukm, folder, *BATIK, "--id", "UKM-050")
    assert result.exit_code == 0, result.output
    assert participants(folder)[-1].id == "UKM-050"
    register(ukm, folder, "--business", "Lain", *BATIK[2:])
    assert participants(folder)[-1].id == "UKM-051"


def test_id_taken_is_refused_naming_its_holder(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = register(ukm, folder, *BATIK, "--id", "UKM-002")
    assert result.exit_code == 1
    assert "UKM-002 is already taken by Warung Pak Joko (Joko Susanto)." in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_a_bad_id_is_refused(ukm: Run, folder: Path) -> None:
    result = register(ukm, folder, *BATIK, "--id", "UKM 9")
    assert result.exit_code == 2
    assert "--id: 'UKM 9' is not a valid participant id." in result.stderr


# UKM-001 in tests.kit.helpers.PARTICIPANTS: Batik Sekar / Rina Lestari / 081234567801.
@pytest.mark.parametrize(
    ("args", "shared"),
    [
        (["--phone", "+62 812-3456-7801", "--owner", "Rina Lestari"], "phone number"),
        (["--business", "BATIK  sekar!", "--owner", "rina-lestari"], "business and owner names"),
    ],
)
def test_likely_duplicates_are_refused(
    ukm: Run, folder: Path, args: list[str], shared: str
) -> None:
    base = ["--business", "Batik Lain", "--owner", "Dewi", *BATIK[4:]]
    given = {flag for flag in args if flag.startswith("--")}
    base = [v for i, v in enumerate(base) if base[i - (i % 2)] not in given]
    before = (folder / "participants.yaml").read_bytes()
    result = register(ukm, folder, *base, *args)
    assert result.exit_code == 1
    assert "UKM-001 (Batik Sekar, Rina Lestari)" in result.stderr
    assert f"has the same {shared}." in result.stderr
    assert "--allow-duplicate" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_same_nik_is_a_likely_duplicate(ukm: Run, folder: Path) -> None:
    nik = ["--nik", "3316015507800001"]
    assert register(ukm, folder, *BATIK, *nik).exit_code == 0
    other = ["--business", "Kuliner Baru", "--owner", "Budi", "--gender", "M"]
    result = register(ukm, folder, *other, "--sector", "kuliner", "--district", "Cepu", *nik)
    assert result.exit_code == 1
    assert "UKM-003 (Batik Sekar Jati, Sri Wahyuni) has the same NIK." in result.stderr
    assert "3316015507800001" not in result.output


def test_allow_duplicate_registers_it_and_says_so(ukm: Run, folder: Path) -> None:
    args = ["--business", "Batik Sekar", "--owner", "Rina Lestari", *BATIK[4:]]
    result = register(ukm, folder, *args, "--allow-duplicate")
    assert result.exit_code == 0, result.output
    assert "UKM-003 and UKM-001 (Batik Sekar, Rina Lestari) have the same business" in (
        result.stderr
    )
    assert [p.id for p in participants(folder)] == ["UKM-001", "UKM-002", "UKM-003"]


def test_dry_run_shows_and_writes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = register(ukm, folder, *BATIK, "--nik", "3316015507800001", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "UKM-003\tBatik Sekar Jati\tSri Wahyuni" in result.stdout
    assert "3316********0001" in result.stdout
    assert "nothing was written" in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


def test_json_prints_the_added_participant_nik_masked(ukm: Run, folder: Path) -> None:
    result = register(ukm, folder, *BATIK, "--nik", "3316015507800001", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is False
    [added] = data["added"]
    assert added["id"] == "UKM-003"
    assert added["nik"] == "3316********0001"
    assert added["registered"] == "2017-12-13"  # today, pinned


def test_json_shows_nik_when_asked(ukm: Run, folder: Path) -> None:
    args = [*BATIK, "--nik", "3316015507800001", "--format", "json", "--show-nik"]
    result = register(ukm, folder, *args)
    assert json.loads(result.stdout)["added"][0]["nik"] == "3316015507800001"


def test_hand_written_text_survives_byte_for_byte(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", participants=HAND_WRITTEN)
    before = (folder / "participants.yaml").read_bytes()
    assert not before.endswith(b"\n")
    result = register(ukm, folder, *BATIK, "--phone", "0812-3456-7890")
    assert result.exit_code == 0, result.output
    after = (folder / "participants.yaml").read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == (
        "\n\n- id: UKM-003\n  business: Batik Sekar Jati\n  owner: Sri Wahyuni\n  gender: F\n"
        "  sector: batik\n  district: Jepon\n  phone: '081234567890'\n"
        "  registered: 2017-12-13\n"  # today, pinned
    )
    assert [p.id for p in participants(folder)] == ["UKM-001", "UKM-002", "UKM-003"]


@pytest.mark.posix_only
def test_the_files_mode_is_kept(ukm: Run, folder: Path) -> None:
    path = folder / "participants.yaml"
    os.chmod(path, 0o640)
    assert register(ukm, folder, *BATIK).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("participants", "participants.yaml:3: gender: Gender must be F or M, not 'X'."),
        ("program", "program.yaml:3: starts: 2018-13-01 is not a date that exists."),
    ],
)
def test_refuses_when_the_folder_has_errors(
    ukm: Run, tmp_path: Path, broken: str, message: str
) -> None:
    files = {
        "participants": (
            "- id: UKM-001\n  business: A\n  gender: X\n  owner: B\n  sector: batik\n"
            "  district: Cepu\n  registered: 2018-01-01\n"
        ),
        "program": "name: Uji\norganizer: Dinas\nstarts: 2018-13-01\nends: 2018-03-31\n",
    }
    folder = programme(tmp_path / "p", **{broken: files[broken]})
    before = (folder / "participants.yaml").read_bytes()
    result = register(ukm, folder, *BATIK)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "ukm check" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_errors_elsewhere_do_not_stop_registration(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", attendance__keuangan="1:\n  present: [UKM-404]\n")
    result = register(ukm, folder, *BATIK)
    assert result.exit_code == 0, result.output
    # UKM-404 is on a sheet: given to the new business, it would inherit that mark
    assert "Registered UKM-405" in result.stdout


def test_from_cannot_be_combined_with_field_flags(ukm: Run, folder: Path) -> None:
    (folder / "x.csv").write_text("business\n", encoding="utf-8", newline="\n")
    result = register(ukm, folder, "--from", str(folder / "x.csv"), "--owner", "A")
    assert result.exit_code == 2
    assert "--owner" in result.stderr
