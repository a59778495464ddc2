"""``ukm tag add|remove``: ids and ranges as attend takes them, or chosen; only tags change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme, run_process
from tests.kit.register import participants

PEOPLE = """\
# peserta: ditulis tangan
- id: UKM-001   # lulus
  business: Batik Sekar
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  registered: 2018-01-01
  tags:
    - unggulan   # putaran pertama

- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
  notes: gagal   # alpa terus
- {id: UKM-003, business: Sablon Baru, owner: Budi, gender: M, sector: batik, district: Cepu,
   registered: 2018-02-05, tags: [unggulan, binaan-pkk]}
- id: UKM-004
  business: Kue Bu Ani
  owner: Ani
  gender: F
  sector: kuliner
  district: Japah
  registered: 2018-01-01
# penutup
"""

SHEETS = """\
1: {present: [UKM-001, UKM-004], absent: [UKM-002]}
2: {present: [UKM-001, UKM-004], absent: [UKM-002]}
3: {present: [UKM-001], absent: [UKM-002, UKM-004]}
4: {present: [UKM-001, UKM-004], absent: [UKM-002]}
"""
# UKM-001 graduated; UKM-002 failed; UKM-003 registered after every session: missed;
# UKM-004 came to 3 of 4 (75 %): graduated too


def tag(ukm: Run, folder: Path, *args: str):
    return ukm("--data", str(folder), "tag", *args)


def tags_of(folder: Path) -> dict[str, list[str]]:
    return {p.id: p.tags for p in participants(folder)}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p", participants=PEOPLE, attendance__keuangan=SHEETS)


@pytest.mark.usefixtures("cached_cli")
def test_add_takes_ids_numbers_and_ranges_and_says_who(ukm: Run, folder: Path) -> None:
    result = tag(ukm, folder, "add", "pendampingan", "UKM-001..UKM-003", "4")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Tagged 4 participants pendampingan: UKM-001..UKM-004."
    )
    assert tags_of(folder) == {
        "UKM-001": ["unggulan", "pendampingan"],
        "UKM-002": ["pendampingan"],
        "UKM-003": ["unggulan", "binaan-pkk", "pendampingan"],
        "UKM-004": ["pendampingan"],
    }


@pytest.mark.usefixtures("cached_cli")
def test_only_the_tags_lines_change(ukm: Run, folder: Path) -> None:
    assert tag(ukm, folder, "add", "pendampingan", "1-4").exit_code == 0
    text = (folder / "participants.yaml").read_text(encoding="utf-8")
    expected = (
        PEOPLE.replace(
            "    - unggulan   # putaran pertama\n",
            "    - unggulan   # putaran pertama\n    - pendampingan\n",
        )
        .replace(
            "  registered: 2018-01-01\n  notes: gagal",
            "  registered: 2018-01-01\n  tags: [pendampingan]\n  notes: gagal",
        )
        .replace("tags: [unggulan, binaan-pkk]}", "tags: [unggulan, binaan-pkk, pendampingan]}")
        .replace(
            "  registered: 2018-01-01\n# penutup",
            "  registered: 2018-01-01\n  tags: [pendampingan]\n# penutup",
        )
    )
    assert text == expected
    assert tag(ukm, folder, "remove", "pendampingan", "1-4").exit_code == 0
    assert (folder / "participants.yaml").read_text(encoding="utf-8") == PEOPLE


@pytest.mark.usefixtures("cached_cli")
def test_adding_a_tag_already_there_says_so_and_changes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = tag(ukm, folder, "add", "Unggulan", "1", "3")
    assert result.exit_code == 0, result.output
    assert "Already tagged unggulan: UKM-001, UKM-003." in result.stdout
    assert "Nothing was changed." in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.usefixtures("cached_cli")
def test_removing_a_tag_not_there_says_so(ukm: Run, folder: Path) -> None:
    result = tag(ukm, folder, "remove", "unggulan", "1-4")
    assert result.exit_code == 0, result.output
    assert "Took the tag unggulan off 2 participants: UKM-001, UKM-003." in result.stdout
    assert "Not tagged unggulan, so left as they are: UKM-002, UKM-004." in result.stdout
    assert tags_of(folder)["UKM-003"] == ["binaan-pkk"]
    assert (
        "tags:"
        not in (folder / "participants.yaml").read_text(encoding="utf-8").split("- id: UKM-002")[0]
    )


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize(
    ("options", "chosen"),
    [
        (["--status", "graduated"], ["UKM-001", "UKM-004"]),
        (["--status", "lulus"], ["UKM-001", "UKM-004"]),
        (["--status", "not-graduated"], ["UKM-002", "UKM-003"]),
        (["--status", "failed"], ["UKM-002"]),
        (["--status", "missed"], ["UKM-003"]),
        (["--status", "failed", "--status", "missed"], ["UKM-002", "UKM-003"]),
        (["--district", "Kec. Cepu"], ["UKM-002", "UKM-003"]),
        (["--sector", "Kuliner"], ["UKM-002", "UKM-004"]),
        (["--tagged", "unggulan"], ["UKM-001", "UKM-003"]),
        (["--status", "graduated", "--district", "japah"], ["UKM-004"]),
        (["1-3", "--status", "graduated"], ["UKM-001"]),
    ],
)
def test_a_selection_chooses_as_the_reports_do(
    ukm: Run, folder: Path, options: list[str], chosen: list[str]
) -> None:
    result = tag(ukm, folder, "add", "dipilih", *options, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changed"] == chosen and data["action"] == "add" and data["tag"] == "dipilih"
    assert [pid for pid, tags in tags_of(folder).items() if "dipilih" in tags] == chosen


@pytest.mark.usefixtures("cached_cli")
def test_an_exempt_module_is_neither_failed_nor_missed(ukm: Run, folder: Path) -> None:
    assert (
        ukm("--data", str(folder), "edit", "3", "--exempt", "keuangan", "--reason", "x").exit_code
        == 0
    )
    result = tag(ukm, folder, "add", "x", "--status", "missed", "--status", "failed")
    assert result.exit_code == 0, result.output
    assert [pid for pid, tags in tags_of(folder).items() if "x" in tags] == ["UKM-002"]


@pytest.mark.usefixtures("cached_cli")
def test_a_dry_run_writes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = tag(ukm, folder, "add", "x", "1-2", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: would tag 2 participants x: UKM-001, UKM-002." in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


def nobody_named() -> list[str]:
    return ["add", "x"]


def unknown_id() -> list[str]:
    return ["add", "x", "UKM-009"]


def unknown_status() -> list[str]:
    return ["add", "x", "--status", "hebat"]


def unknown_district() -> list[str]:
    return ["add", "x", "--district", "Jepn"]


def unknown_tagged_names_the_option_given() -> list[str]:
    # the message named `--tag`, an option tag does not have (register's labels new entries)
    return ["add", "x", "--tagged", "unggulam"]


def empty_tag() -> list[str]:
    return ["add", " ", "1"]


def no_tag_at_all() -> list[str]:
    return ["remove"]


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize(
    ("fault", "code", "expected"),
    [
        (nobody_named, 2, "Say whom to tag"),
        (unknown_id, 1, "UKM-009"),
        (unknown_status, 2, "--status hebat: 'hebat' is not a status in the programme."),
        (unknown_district, 1, "--district Jepn: no participant has it. Did you mean 'Jepon'?"),
        (
            unknown_tagged_names_the_option_given,
            1,
            "--tagged unggulam: no participant has it. Did you mean 'unggulan'?",
        ),
        (empty_tag, 2, "TAG: This must not be empty."),
        (no_tag_at_all, 2, "TAG"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    ukm: Run, folder: Path, fault, code: int, expected: str
) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = tag(ukm, folder, *fault())
    assert result.exit_code == code, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert (folder / "participants.yaml").read_bytes() == before


def test_a_real_process_tags_in_indonesian(folder: Path) -> None:
    result = run_process("--lang", "id", "--data", str(folder), "tag", "add", "pendampingan", "2")
    assert result.exit_code == 0, result.stderr
    assert "pendampingan" in result.stdout and "UKM-002" in result.stdout
    assert tags_of(folder)["UKM-002"] == ["pendampingan"]
