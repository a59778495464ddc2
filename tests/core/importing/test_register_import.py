"""``ukm register --from FILE``: the list a district office sent, as CSV or XLSX."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.register import csv_text, participants, run, xlsx

# today pinned: the programmes of these tests ended long ago
pytestmark = pytest.mark.usefixtures("during_the_programme")

ENGLISH = [
    ["business", "owner", "gender", "sector", "district", "village", "phone", "employees", "nik"],
    ["Batik Sekar Jati", "Sri Wahyuni", "F", "batik", "Jepon", "Soko", "0812-3456-7890", "3", ""],
    ["Soto Pak Man", "Sulaiman", "M", "kuliner", "Cepu", "", "+62 813 2222 3333", "", ""],
    ["Rajut Ayu", "Ayu Lestari", "F", "batik", "japah", "", "", "1", "3316015507800001"],
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


def expect_english_rows(folder: Path) -> None:
    people = participants(folder)
    assert [p.id for p in people] == ["UKM-001", "UKM-002", "UKM-003", "UKM-004", "UKM-005"]
    batik, soto, rajut = people[2:]
    assert (batik.business, batik.owner, batik.village, batik.phone, batik.employees) == (
        "Batik Sekar Jati",
        "Sri Wahyuni",
        "Soko",
        "081234567890",
        3,
    )
    assert (soto.phone, soto.village, soto.employees) == ("081322223333", None, None)
    assert (rajut.district, rajut.nik) == ("Japah", "3316015507800001")
    assert all(p.registered == date(2017, 12, 13) for p in people[2:])  # today, pinned


def test_csv_with_commas(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(csv_text(ENGLISH), encoding="utf-8", newline="\n")
    result = run(ukm, folder, source)
    assert result.exit_code == 0, result.output
    assert "Registered 3 participants from peserta.csv: UKM-003 to UKM-005." in result.stdout
    expect_english_rows(folder)


def test_csv_with_semicolons_and_a_bom(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_bytes(b"\xef\xbb\xbf" + csv_text(ENGLISH, ";").encode("utf-8"))
    result = run(ukm, folder, source)
    assert result.exit_code == 0, result.output
    expect_english_rows(folder)


def test_xlsx(ukm: Run, folder: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [list(r) for r in ENGLISH]
    rows[1][7] = 3  # numbers as Excel stores them
    rows[3][7] = 1.0
    rows[2][6] = "+62 813 2222 3333"
    source = xlsx(tmp_path / "peserta.xlsx", rows)
    result = run(ukm, folder, source)
    assert result.exit_code == 0, result.output
    expect_english_rows(folder)


def test_xlsx_cells_excel_typed(ukm: Run, folder: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Nama Usaha", "Nama Pemilik", "JK", "Sektor", "Kecamatan", "No HP", "Tanggal Daftar"],
        ["Batik Sekar", "Sri Wahyuni", "P", "batik", "Jepon", 81234567890, datetime(2018, 1, 9)],
    ]
    source = xlsx(tmp_path / "peserta.xlsx", rows)
    result = run(ukm, folder, source)
    assert result.exit_code == 0, result.output
    added = participants(folder)[-1]
    assert (added.phone, added.registered, added.gender) == ("081234567890", date(2018, 1, 9), "F")


def test_xlsx_nik_stored_as_a_number_is_refused(ukm: Run, folder: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["business", "owner", "gender", "sector", "district", "nik"],
        ["Batik Sekar Jati", "Sri Wahyuni", "F", "batik", "Jepon", 3316015507800001],
    ]
    source = xlsx(tmp_path / "peserta.xlsx", rows)
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "peserta.xlsx:1: nik (column F): 1 NIK is stored as a number (row 2)" in result.stderr
    assert "--skip-column 'nik' leaves out 1 NIK." in result.stderr
    assert len(participants(folder)) == 2


INDONESIAN = [
    ["No", "Nama Usaha", "NAMA PEMILIK", "Jenis  Kelamin", "kecamatan", "Desa", "No HP"],
    ["1", "Batik Sekar Jati", "Sri Wahyuni", "P", "Jepon", "Soko", "0812-3456-7890"],
    ["2", "Soto Pak Man", "Sulaiman", "L", "Cepu", "", "+62 813 2222 3333"],
]


@pytest.mark.parametrize(
    ("extra_header", "extra_values"),
    [
        (["Jumlah Karyawan", "Sektor", "NIK"], [["3", "batik", ""], ["", "kuliner", ""]]),
        (["jumlahkaryawan", "Jenis Usaha", "nik"], [["3", "batik", ""], ["", "kuliner", ""]]),
        (["Telepon", "Jenis usaha"], [["", "batik"], ["", "kuliner"]]),
    ],
)
def test_indonesian_headers(
    ukm: Run,
    folder: Path,
    tmp_path: Path,
    extra_header: list[str],
    extra_values: list[list[str]],
) -> None:
    header = list(INDONESIAN[0])
    rows = [list(r) for r in INDONESIAN[1:]]
    if "Telepon" in extra_header:  # no hp and telepon name the same field: keep one
        header[-1] = "Telepon"
        extra_header, extra_values = extra_header[1:], [v[1:] for v in extra_values]
    table = [header + extra_header] + [r + e for r, e in zip(rows, extra_values, strict=True)]
    source = tmp_path / "daftar.csv"
    source.write_text(csv_text(table, ";"), encoding="utf-8", newline="\n")
    result = run(ukm, folder, source)
    assert result.exit_code == 0, result.output
    batik, soto = participants(folder)[2:]
    assert (batik.gender, batik.village, batik.phone, batik.sector) == (
        "F",
        "Soko",
        "081234567890",
        "batik",
    )
    assert (soto.gender, soto.district, soto.phone, soto.sector) == (
        "M",
        "Cepu",
        "081322223333",
        "kuliner",
    )


BAD_ROWS = [
    ["nama usaha", "nama pemilik", "jenis kelamin", "sektor", "kecamatan", "no hp", "nik"],
    ["Batik Sekar Jati", "Sri Wahyuni", "P", "batik", "Jepon", "", ""],
    ["Soto Pak Man", "", "X", "kuliner", "Cepu", "12345", ""],
    ["Rajut Ayu", "Ayu", "P", "btik", "Jepn", "", "3316"],
    ["Kayu Jati", "Budi", "L", "batik", "Cepu", "", ""],
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_row_writes_nothing_and_every_bad_row_is_reported(
    ukm: Run, folder: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "csv":
        source = tmp_path / "daftar.csv"
        source.write_text(csv_text(BAD_ROWS), encoding="utf-8", newline="\n")
    else:
        source = xlsx(tmp_path / "daftar.xlsx", [list(r) for r in BAD_ROWS])
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    name = source.name
    for line in (
        f"{name}:3: nama pemilik: This must not be empty.",
        f"{name}:3: jenis kelamin: Gender must be F or M, not 'X'.",
        f"{name}:3: no hp: '12345' is not an Indonesian phone number.",
        f"{name}:4: sektor: Unknown sector 'btik'.",
        f"{name}:4: kecamatan: Unknown district 'Jepn'.",
        f"{name}:4: nik: A NIK has 16 digits; this one has 4.",
    ):
        assert line in result.stderr
    assert f"{name}:2:" not in result.stderr
    assert f"{name}:5:" not in result.stderr
    assert "2 of 4 rows" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_row_numbers_are_what_a_spreadsheet_shows(ukm: Run, folder: Path, tmp_path: Path) -> None:
    text = (
        "\n"  # row 1 empty: the header is on row 2
        "business,owner,gender,sector,district\n"
        '"Batik\nSekar",Sri,F,batik,Jepon\n'  # one row over two lines
        ",,,,\n"
        "Soto,Man,M,kuliner,Cepuh\n"
    )
    source = tmp_path / "daftar.csv"
    source.write_text(text, encoding="utf-8", newline="\n")
    result = run(ukm, folder, source)
    assert "daftar.csv:5: district: Unknown district 'Cepuh'." in result.stderr


def test_unknown_column_is_named(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.csv"
    source.write_text(
        "nama usaha,nama pemilik,jenis kelamin,sektor,kecamatan,produk unggulan,no hpp\n",
        encoding="utf-8",
        newline="\n",
    )
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "daftar.csv:1: Unknown column 'produk unggulan' (column F)." in result.stderr
    assert "daftar.csv:1: Unknown column 'no hpp' (column G)." in result.stderr
    assert "Did you mean 'no hp'?" in result.stderr


def test_missing_required_column_is_named(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.csv"
    source.write_text(
        "nama usaha,jenis kelamin,sektor,kecamatan\nA,F,batik,Cepu\n",
        encoding="utf-8",
        newline="\n",
    )
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "daftar.csv:1: There is no column for the owner." in result.stderr


def test_not_utf8_is_explained(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.csv"
    source.write_bytes(b"business,owner\nBatik,Sri\nKain,Ni Wayan Sud\x81\n")
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "daftar.csv:3: The file is neither UTF-8 nor Windows-1252 text" in result.stderr
    assert "CSV UTF-8" in result.stderr


@pytest.mark.parametrize("name", ["daftar.xls", "daftar.ods", "daftar.txt"])
def test_other_kinds_of_file_are_a_usage_error(
    ukm: Run, folder: Path, tmp_path: Path, name: str
) -> None:
    source = tmp_path / name
    source.write_bytes(b"x")
    result = run(ukm, folder, source)
    assert result.exit_code == 2
    assert "ukm imports .csv and .xlsx files" in result.stderr


def test_a_damaged_xlsx_is_explained(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.xlsx"
    source.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "daftar.xlsx cannot be read as an Excel workbook" in result.stderr


def test_missing_file_is_a_usage_error(ukm: Run, folder: Path, tmp_path: Path) -> None:
    result = run(ukm, folder, tmp_path / "nowhere.csv")
    assert result.exit_code == 2
    assert "There is no file" in result.stderr


def test_dry_run_shows_the_table_and_writes_nothing(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(csv_text(ENGLISH), encoding="utf-8", newline="\n")
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source, "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("row\t"))
    assert lines[start].split("\t")[:4] == ["row", "id", "business", "owner"]
    assert lines[start + 1].split("\t")[:4] == ["2", "UKM-003", "Batik Sekar Jati", "Sri Wahyuni"]
    assert "3316********0001" in result.stdout
    assert "Dry run: 3 participants would be added" in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


def test_json_lists_every_added_participant(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(csv_text(ENGLISH), encoding="utf-8", newline="\n")
    result = run(ukm, folder, source, "--format", "json", "--tag", "binaan-pkk")
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["added"]] == ["UKM-003", "UKM-004", "UKM-005"]
    assert data["added"][2]["nik"] == "3316********0001"
    assert all(p["tags"] == ["binaan-pkk"] for p in data["added"])
    assert [p.tags for p in participants(folder)[2:]] == [["binaan-pkk"]] * 3


def test_registered_and_ids_from_the_file_or_the_options(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(
        "id,business,owner,gender,sector,district,registered,tags\n"
        "UKM-040,Batik A,Ani,F,batik,Cepu,2018-01-02,unggulan; binaan-pkk\n"
        ",Batik B,Bea,F,batik,Cepu,,\n",
        encoding="utf-8",
        newline="\n",
    )
    result = run(ukm, folder, source, "--registered", "2018-01-05")
    assert result.exit_code == 0, result.output
    a, b = participants(folder)[2:]
    assert (a.id, a.registered, a.tags) == ("UKM-040", date(2018, 1, 2), ["unggulan", "binaan-pkk"])
    assert (b.id, b.registered, b.tags) == ("UKM-041", date(2018, 1, 5), [])


def test_duplicates_within_the_file(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(
        "business,owner,gender,sector,district,phone,nik\n"
        "Batik A,Ani,F,batik,Cepu,081299990001,\n"
        "Batik B,Bea,F,batik,Cepu,,3316015507800009\n"
        "Batik C,Ani,F,batik,Cepu,0812-9999-0001,\n"
        "Batik B.,BEA,F,batik,Cepu,,\n"
        "Batik D,Dedi,M,batik,Cepu,,3316015507800009\n",
        encoding="utf-8",
        newline="\n",
    )
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    err = result.stderr
    same = "Likely the same business as row"
    assert f"peserta.csv:4: {same} 2 (Batik A, Ani): the same phone number." in err
    assert f"peserta.csv:5: {same} 3 (Batik B, Bea): the same business and owner names." in err
    assert f"peserta.csv:6: {same} 3 (Batik B, Bea): the same NIK." in err
    assert "3316015507800009" not in result.output
    assert (folder / "participants.yaml").read_bytes() == before
    allowed = run(ukm, folder, source, "--allow-duplicate")
    assert allowed.exit_code == 0, allowed.output
    assert len(participants(folder)) == 7


def test_duplicates_against_those_registered(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(
        "business,owner,gender,sector,district,phone\n"
        "Toko Baru,Rina Lestari,F,batik,Cepu,+6281234567801\n"
        "warung pak joko,JOKO SUSANTO,M,kuliner,Cepu,\n",
        encoding="utf-8",
        newline="\n",
    )
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "peserta.csv:2: Likely already registered: UKM-001 (Batik Sekar, Rina Lestari)" in (
        result.stderr
    )
    assert "peserta.csv:3: Likely already registered: UKM-002 (Warung Pak Joko" in result.stderr


def test_an_id_in_the_file_already_taken(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(
        "id,business,owner,gender,sector,district\n"
        "UKM-002,Batik A,Ani,F,batik,Cepu\n"
        "UKM-009,Batik B,Bea,F,batik,Cepu\n"
        "UKM-009,Batik C,Cici,F,batik,Cepu\n",
        encoding="utf-8",
        newline="\n",
    )
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "peserta.csv:2: id: UKM-002 is already taken by Warung Pak Joko" in result.stderr
    assert "peserta.csv:4: id: UKM-009 is given twice (first in row 3)." in result.stderr


def test_a_cell_without_a_header(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(
        "business,owner,gender,sector,district\nBatik A,Ani,F,batik,Cepu,oops\n",
        encoding="utf-8",
        newline="\n",
    )
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "peserta.csv:2: column F: This cell has no column header." in result.stderr


def test_only_a_header_registers_nothing(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text("business,owner,gender,sector,district\n", encoding="utf-8", newline="\n")
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source)
    assert result.exit_code == 0
    assert "Nothing to register" in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


def test_import_appends_after_hand_written_text(ukm: Run, tmp_path: Path) -> None:
    from tests.kit.register import HAND_WRITTEN

    folder = programme(tmp_path / "p", participants=HAND_WRITTEN.replace("\n", "\r\n"))
    before = (folder / "participants.yaml").read_bytes()
    source = tmp_path / "peserta.csv"
    source.write_text(csv_text(ENGLISH), encoding="utf-8", newline="\n")
    assert run(ukm, folder, source).exit_code == 0
    after = (folder / "participants.yaml").read_bytes()
    assert after.startswith(before)
    assert b"\n" not in after[len(before) :].replace(b"\r\n", b"")
    expect_english_rows(folder)


def test_a_bad_registered_option_is_reported_once(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(csv_text(ENGLISH), encoding="utf-8", newline="\n")
    result = run(ukm, folder, source, "--registered", "13-13-2017")
    assert result.exit_code == 2
    assert result.stderr.count("--registered: 13-13-2017 is not a date that exists") == 1
    assert len(participants(folder)) == 2


def test_dry_run_on_a_terminal_shows_at_most_200_rows(
    ukm: Run, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.render.commands.register.is_terminal", lambda: True)
    source = tmp_path / "peserta.csv"
    rows = [["business", "owner", "gender", "sector", "district"]] + [
        [f"Kerupuk {n}", f"Pemilik {n}", "F", "kuliner", "Cepu"] for n in range(205)
    ]
    source.write_text(csv_text(rows), encoding="utf-8", newline="\n")
    result = run(ukm, folder, source, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Kerupuk 199" in result.stdout
    assert "Kerupuk 200" not in result.stdout
    assert "... and 5 more rows; --format json lists them all." in result.stdout
    assert "Dry run: 205 participants would be added" in result.stdout
