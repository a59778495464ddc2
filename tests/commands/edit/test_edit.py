"""``ukm edit`` with options: every field, clearing, exemptions, duplicates, safe writing."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme, run_process
from tests.kit.register import HAND_WRITTEN, participants
from ukmtool.core.models import Participant


def edit(ukm: Run, folder: Path, *args: str, input: str | None = None):
    return ukm("--data", str(folder), "edit", *args, input=input)


def one(folder: Path, pid: str) -> Participant:
    return next(p for p in participants(folder) if p.id == pid)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p", participants=HAND_WRITTEN)


def test_every_field_register_takes_is_changed(ukm: Run, folder: Path) -> None:
    result = edit(
        ukm,
        folder,
        "UKM-002",
        *("--business", "Warung Bu Joko", "--owner", "Sri Joko", "--gender", "Pr"),
        *("--sector", "Batik", "--district", "Kec. Jepon", "--village", "Soko"),
        *("--address", "Jl. Pemuda 3", "--phone", "0812-3456-7890", "--employees", "2 orang"),
        *("--sales", "Rp 1.500.000,-", "--capital", "15 jt", "--nik", "3316 0155 0780 0001"),
        *("--nib", "912 0001 234 567", "--registered", "13/01/2018", "--notes", "pindah"),
        *("--tag", "unggulan", "--tag", "binaan-pkk"),
    )
    assert result.exit_code == 0, result.output
    assert one(folder, "UKM-002").model_dump() == {
        "id": "UKM-002",
        "business": "Warung Bu Joko",
        "owner": "Sri Joko",
        "gender": "F",
        "sector": "batik",
        "district": "Jepon",
        "village": "Soko",
        "address": "Jl. Pemuda 3",
        "phone": "081234567890",
        "employees": 2,
        "monthly_sales": 1_500_000,
        "capital": 15_000_000,
        "nik": "3316015507800001",
        "nib": "9120001234567",
        "registered": date(2018, 1, 13),
        "tags": ["unggulan", "binaan-pkk"],
        "notes": "pindah",
        "exempt": {},
    }


def test_only_the_entrys_changed_lines_change(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_text(encoding="utf-8")
    result = edit(ukm, folder, "UKM-001", "--phone", "0813 1111 2222", "--village", "Soko")
    assert result.exit_code == 0, result.output
    after = (folder / "participants.yaml").read_text(encoding="utf-8")
    expected = before.replace(
        "  phone: '081234567801'\n", "  village: Soko\n  phone: '081311112222'\n"
    )
    assert after == expected


def test_messages_say_what_changed_old_and_new(ukm: Run, folder: Path) -> None:
    result = edit(ukm, folder, "1", "--phone", "0813-1111-2222", "--employees", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        "Changed UKM-001 (Batik Sekar):",
        "  phone: 081234567801 -> 081311112222",
        "  employees: (none) -> 3",
    ]
    assert "written to" in result.stdout


def test_a_note_of_several_lines_is_said_on_one_line_as_show_prints_it(
    ukm: Run, folder: Path
) -> None:
    assert edit(ukm, folder, "1", "--notes", "baris satu\nbaris dua").exit_code == 0
    result = edit(ukm, folder, "1", "--notes", "baris tiga")
    assert result.exit_code == 0, result.output
    assert "  notes: baris satu baris dua -> baris tiga" in result.stdout.splitlines()
    assert "\\x0a" not in result.stdout and "\\n" not in result.stdout
    assert one(folder, "UKM-001").notes == "baris tiga"


@pytest.mark.parametrize("how", [("--phone", ""), ("--clear", "phone")])
def test_an_optional_field_is_cleared_by_an_empty_value_or_clear(
    ukm: Run, folder: Path, how: tuple[str, str]
) -> None:
    result = edit(ukm, folder, "UKM-001", *how)
    assert result.exit_code == 0, result.output
    assert "phone: 081234567801 -> (none)" in result.stdout
    assert one(folder, "UKM-001").phone is None
    assert "phone" not in (folder / "participants.yaml").read_text(encoding="utf-8")


def test_clearing_the_tags_removes_the_key(ukm: Run, folder: Path) -> None:
    assert edit(ukm, folder, "UKM-001", "--tag", "a", "--tag", "b").exit_code == 0
    assert one(folder, "UKM-001").tags == ["a", "b"]
    assert edit(ukm, folder, "UKM-001", "--clear", "tags").exit_code == 0
    assert one(folder, "UKM-001").tags == []
    assert "tags" not in (folder / "participants.yaml").read_text(encoding="utf-8")


def test_a_dry_run_shows_the_change_and_writes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = edit(ukm, folder, "UKM-002", "--owner", "Joko S.", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: would change UKM-002 (Warung Pak Joko):" in result.stdout
    assert "owner: Joko Susanto -> Joko S." in result.stdout
    assert "Nothing was written." in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


def test_the_same_value_changes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = edit(ukm, folder, "UKM-002", "--district", "cepu", "--gender", "L")
    assert result.exit_code == 0, result.output
    assert "Nothing to change: UKM-002 (Warung Pak Joko) already has these values." in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


def test_json_names_each_change_and_masks_the_nik(ukm: Run, folder: Path) -> None:
    result = edit(
        ukm, folder, "UKM-002", "--nik", "3316015507800001", "--nib", "9120001234567",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "UKM-002" and data["dry_run"] is False
    assert data["changed"] == {
        "nik": {"before": None, "after": "3316********0001"},
        "nib": {"before": None, "after": "9120001234567"},
    }
    assert data["participant"]["nib"] == "9120001234567"  # public: as it is
    assert data["participant"]["nik"] == "3316********0001"
    full = edit(ukm, folder, "UKM-002", "--notes", "x", "--format", "json", "--show-nik")
    assert json.loads(full.stdout)["participant"]["nik"] == "3316015507800001"


def test_exempt_records_the_module_and_reason_and_no_exempt_takes_it_back(
    ukm: Run, folder: Path
) -> None:
    result = edit(ukm, folder, "UKM-002", "--exempt", "Keuangan", "--reason", "ikut 2018")
    assert result.exit_code == 0, result.output
    assert "exempt: (none) -> keuangan: ikut 2018" in result.stdout
    assert one(folder, "UKM-002").exempt == {"keuangan": "ikut 2018"}
    text = (folder / "participants.yaml").read_text(encoding="utf-8")
    assert "  exempt: {keuangan: ikut 2018}\n" in text
    again = edit(ukm, folder, "UKM-002", "--no-exempt", "keuangan")
    assert again.exit_code == 0, again.output
    assert one(folder, "UKM-002").exempt == {}
    assert (folder / "participants.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_no_exempt_of_a_module_not_exempt_says_so(ukm: Run, folder: Path) -> None:
    result = edit(ukm, folder, "UKM-002", "--no-exempt", "keuangan")
    assert result.exit_code == 0, result.output
    assert "UKM-002 is not exempt from keuangan: nothing to take back." in result.stderr


def test_a_block_exemption_mapping_keeps_its_other_lines(ukm: Run, tmp_path: Path) -> None:
    written = HAND_WRITTEN.replace(
        "  registered: 2018-01-01\n# komentar penutup",
        "  registered: 2018-01-01\n  exempt:\n    keuangan: ikut 2017   # surat 12\n"
        "# komentar penutup",
    )
    modules = (
        "- id: keuangan\n  title: Keuangan\n  sessions: {1: {date: 2018-01-08}}\n"
        "- id: k3\n  title: K3\n  sessions: {1: {date: 2018-01-09}}\n"
    )
    folder = programme(tmp_path / "b", participants=written, modules=modules)
    assert edit(ukm, folder, "UKM-002", "--exempt", "k3", "--reason", "sudah").exit_code == 0
    text = (folder / "participants.yaml").read_text(encoding="utf-8")
    assert "  exempt:\n    keuangan: ikut 2017   # surat 12\n    k3: sudah\n" in text
    assert one(folder, "UKM-002").exempt == {"keuangan": "ikut 2017", "k3": "sudah"}


def phone_of_another(folder: Path) -> list[str]:
    return ["UKM-002", "--phone", "0812-3456-7801", "--owner", "Rina Lestari"]


def nik_of_another(folder: Path) -> list[str]:
    return ["UKM-001", "--nik", "3316015507800001"]


def names_of_another(folder: Path) -> list[str]:
    return ["UKM-002", "--business", "BATIK SEKAR", "--owner", "rina lestari"]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (phone_of_another, "UKM-001 (Batik Sekar, Rina Lestari) has the same phone number"),
        (nik_of_another, "UKM-002 (Warung Pak Joko, Joko Susanto) has the same NIK."),
        (names_of_another, "UKM-001 (Batik Sekar, Rina Lestari) has the same business"),
    ],
)
def test_a_value_another_participant_holds_is_refused_as_register_refuses_it(
    ukm: Run, folder: Path, fault, expected: str
) -> None:
    setup = edit(ukm, folder, "UKM-002", "--nik", "3316015507800001")
    assert setup.exit_code == 0, setup.output
    before = (folder / "participants.yaml").read_bytes()
    result = edit(ukm, folder, *fault(folder))
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert "--allow-duplicate" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before
    kept = edit(ukm, folder, *fault(folder), "--allow-duplicate")
    assert kept.exit_code == 0, kept.output
    assert "have the same" in kept.stderr


def test_a_familys_phone_is_noted_not_refused(ukm: Run, folder: Path) -> None:
    result = edit(ukm, folder, "UKM-002", "--phone", "081234567801")
    assert result.exit_code == 0, result.output
    assert "shares its phone number with UKM-001" in result.stderr


def unknown_participant(folder: Path) -> list[str]:
    return ["UKM-404", "--phone", "081234567890"]


def unknown_module(folder: Path) -> list[str]:
    return ["UKM-001", "--exempt", "keuangn", "--reason", "x"]


def unknown_district(folder: Path) -> list[str]:
    return ["UKM-001", "--district", "Jepn"]


def required_field_emptied(folder: Path) -> list[str]:
    return ["UKM-001", "--owner", ""]


def clear_of_a_required_field(folder: Path) -> list[str]:
    return ["UKM-001", "--clear", "district"]


def clear_and_value_together(folder: Path) -> list[str]:
    return ["UKM-001", "--clear", "phone", "--phone", "0812"]


def reason_without_exempt(folder: Path) -> list[str]:
    return ["UKM-001", "--reason", "x"]


def exempt_without_reason(folder: Path) -> list[str]:
    return ["UKM-001", "--exempt", "keuangan"]


def exempt_and_no_exempt_together(folder: Path) -> list[str]:
    return ["UKM-001", "--exempt", "keuangan", "--reason", "x", "--no-exempt", "keuangan"]


def nothing_to_change(folder: Path) -> list[str]:
    return ["UKM-001"]


def ambiguous_employees(folder: Path) -> list[str]:
    return ["UKM-001", "--employees", "1,5"]


def nib_too_short(folder: Path) -> list[str]:
    return ["UKM-001", "--nib", "912000123"]


def two_participants(folder: Path) -> list[str]:
    return ["1-2", "--notes", "x"]


@pytest.mark.parametrize(
    ("fault", "code", "expected"),
    [
        (unknown_participant, 1, "UKM-404 is not a registered participant."),
        (unknown_module, 1, "There is no module 'keuangn'."),
        (unknown_district, 2, "--district: Unknown district 'Jepn'. Did you mean 'Jepon'?"),
        (required_field_emptied, 2, "--owner: owner cannot be cleared: every participant has"),
        (clear_of_a_required_field, 2, "--clear district: not a field that can be cleared."),
        (clear_and_value_together, 2, "--clear phone and --phone cannot be combined."),
        (reason_without_exempt, 2, "--reason goes with --exempt MODULE."),
        (exempt_without_reason, 2, "missing: --reason"),
        (exempt_and_no_exempt_together, 2, "--exempt and --no-exempt both name keuangan."),
        (nothing_to_change, 2, "Say what to change: ukm edit UKM-001 --phone ..."),
        (ambiguous_employees, 2, "--employees: '1,5' is not a whole number of people."),
        (nib_too_short, 2, "--nib: An NIB has 13 digits; this one has 9."),
        (two_participants, 1, "An edit changes one business; '1-2' names 2."),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    ukm: Run, folder: Path, fault, code: int, expected: str
) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = edit(ukm, folder, *fault(folder))
    assert result.exit_code == code, result.output
    assert expected in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.output
    assert (folder / "participants.yaml").read_bytes() == before


def test_a_folder_with_errors_is_refused(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "e", participants=HAND_WRITTEN.replace("gender: M", "gender: X"))
    before = (folder / "participants.yaml").read_bytes()
    result = edit(ukm, folder, "UKM-001", "--phone", "081311112222")
    assert result.exit_code == 1
    assert "The programme folder has errors; nothing was changed." in result.stderr
    assert "participants.yaml:18: gender: Gender must be F or M" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_the_files_mode_and_its_crlf_and_bom_are_kept(ukm: Run, tmp_path: Path) -> None:
    text = "\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")
    folder = programme(tmp_path / "w", participants=text.encode("utf-8"))
    path = folder / "participants.yaml"
    os.chmod(path, 0o640)
    result = edit(ukm, folder, "UKM-002", "--phone", "0813-1111-2222", "--notes", "baru")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    expected = text.replace(
        "  district: Cepu\r\n",
        "  district: Cepu\r\n  phone: '081311112222'\r\n",
    ).replace(
        "  registered: 2018-01-01\r\n# komentar",
        "  registered: 2018-01-01\r\n  notes: baru\r\n# komentar",
    )
    assert data.decode("utf-8") == expected


def test_a_flow_entry_is_changed_inside_its_braces(ukm: Run, tmp_path: Path) -> None:
    written = (
        "- {id: UKM-001, business: Batik, owner: Rina, gender: F, sector: batik, "
        "district: Jepon, registered: 2018-01-01}   # satu baris\n"
    )
    folder = programme(tmp_path / "f", participants=written)
    result = edit(ukm, folder, "UKM-001", "--phone", "081311112222", "--owner", "Rina L")
    assert result.exit_code == 0, result.output
    assert (folder / "participants.yaml").read_text(encoding="utf-8") == (
        "- {id: UKM-001, business: Batik, owner: Rina L, gender: F, sector: batik, "
        'district: Jepon, phone: "081311112222", registered: 2018-01-01}   # satu baris\n'
    )


def test_an_entry_in_a_bracketed_list_is_refused_with_what_to_do(ukm: Run, tmp_path: Path) -> None:
    written = (
        "[{id: UKM-001, business: Batik, owner: Rina, gender: F, sector: batik, "
        "district: Jepon, registered: 2018-01-01}]\n"
    )
    folder = programme(tmp_path / "l", participants=written)
    result = edit(ukm, folder, "UKM-001", "--phone", "081311112222")
    assert result.exit_code == 1
    assert "ukm cannot change participants.yaml safely as it is written" in result.stderr
    assert (folder / "participants.yaml").read_text(encoding="utf-8") == written


def test_a_real_process_edits_the_entry(tmp_path: Path) -> None:
    folder = programme(tmp_path / "r", participants=HAND_WRITTEN)
    result = run_process(
        "--lang", "id", "--data", str(folder), "edit", "UKM-002", "--phone", "0813-1111-2222"
    )
    assert result.exit_code == 0, result.stderr
    assert "UKM-002 (Warung Pak Joko) sudah diubah:" in result.stdout
    assert "nomor HP: (kosong) -> 081311112222" in result.stdout
    assert one(folder, "UKM-002").phone == "081311112222"
