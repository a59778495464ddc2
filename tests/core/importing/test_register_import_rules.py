"""``ukm register --from``: each rule of reading a district's list, one test (or a few) each."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme, run_process
from tests.kit.register import csv_text, participants, run, xlsx

# today pinned: the programmes of these tests ended long ago
pytestmark = pytest.mark.usefixtures("during_the_programme")

HEADER = ["Nama Usaha", "Nama Pemilik", "L/P", "Sektor", "Kecamatan"]
ROW = ["Batik Uji Satu", "Sri Contoh", "P", "batik", "Cepu"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


@pytest.mark.parametrize(
    ("header", "hint", "never"),
    [
        ("No. WA Kantor", None, "'no'"),  # a phone-ish header is never the row-number column
        ("Keterangan Lain", None, "kelurahan"),  # notes are not the village
        ("Nama Usahaa", "Did you mean 'nama usaha'?", None),
        ("Nomer HP", "Did you mean 'nomor hp'?", None),
        ("Kecamtan", "Did you mean 'kecamatan'?", None),
        ("Tgl Pengajuan", None, "Did you mean"),  # a date, but no field of ukm
    ],
)
def test_a_hint_names_only_a_typo_of_a_field_of_the_same_kind(
    ukm: Run, folder: Path, tmp_path: Path, header: str, hint: str | None, never: str | None
) -> None:
    source = tmp_path / "daftar.csv"
    replaced = next((h for h in HEADER if hint and h.casefold() in hint.casefold()), None)
    names = [header if h == replaced else h for h in HEADER]  # the field it would give is free
    if replaced is None:
        names.append(header)
    source.write_text(csv_text([names, [*ROW, "x"]]), encoding="utf-8")
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert f"Unknown column '{header}'" in result.stderr
    if hint:
        assert hint in result.stderr
    if never:
        assert never not in result.stderr.split("Known columns")[0]


def test_the_sheet_that_holds_the_list_is_found_or_named(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    recap = book.active
    assert recap is not None
    recap.title = "Rekap"
    recap.append(["Kecamatan", "Jumlah"])
    recap.append(["Cepu", 1])
    first = book.create_sheet("Peserta 1")
    for row in ([*HEADER], ROW):
        first.append(row)
    second = book.create_sheet("Peserta 2")
    for row in ([*HEADER], ["Kuliner Uji Dua", "Budi Contoh", "L", "kuliner", "Japah"]):
        second.append(row)
    source = tmp_path / "daftar.xlsx"
    book.save(source)
    chosen = run(ukm, folder, source, "--sheet", "peserta 2", "--dry-run")
    assert chosen.exit_code == 0, chosen.output
    assert "sheet 'Peserta 2'" in chosen.stdout
    assert "Kuliner Uji Dua" in chosen.stdout
    assert "Batik Uji Satu" not in chosen.stdout
    wrong = run(ukm, folder, source, "--sheet", "Daftar")
    assert wrong.exit_code == 2
    assert "no sheet 'Daftar'" in wrong.stderr
    assert "Rekap, Peserta 1, Peserta 2" in wrong.stderr
    none = run(ukm, folder, source, "--sheet", "Rekap")
    assert none.exit_code == 1
    assert "No list of businesses found in daftar.xlsx" in none.stderr


def test_no_header_row_names_the_sheets_and_masks_a_nik(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "daftar.csv"
    source.write_text("3316094506810003,Batik Uji,Sri Contoh\n", encoding="utf-8")
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "no row names the columns; the first row holds: 3316********0003" in result.stderr
    assert "3316094506810003" not in result.output
    workbook = xlsx(tmp_path / "dua.xlsx", [["catatan"], ["lain"]])
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.create_sheet("Kedua").append(["apa saja"])
    book.save(workbook)
    both = run(ukm, folder, workbook)
    assert both.exit_code == 1
    assert "sheet 'Sheet'" in both.stderr and "sheet 'Kedua'" in both.stderr
    assert "--sheet" in both.stderr


def test_a_business_below_the_totals_row_is_never_left_out_quietly(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ROW,
        ["JUMLAH", "", "", "", ""],
        ["Batik Telat", "Ani Contoh", "P", "batik", "Cepu"],
    ]
    source = tmp_path / "daftar.csv"
    source.write_text(csv_text(rows), encoding="utf-8")
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "daftar.csv:4: This row is below the totals row" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


def test_rows_left_out_are_said_on_a_real_import_too(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    rows = [["DAFTAR UJI"], HEADER, ROW, ["Jumlah", "", "", "", ""], ["", "", "", "", "Camat Cepu"]]
    source = tmp_path / "daftar.csv"
    source.write_text(csv_text(rows), encoding="utf-8")
    result = run(ukm, folder, source)
    assert result.exit_code == 0, result.output
    assert "row 4 (a totals row): Jumlah" in result.stderr
    assert "row 5 (below the totals row): Camat Cepu" in result.stderr
    assert "Title above the table: DAFTAR UJI" in result.stderr
    assert len(participants(folder)) == 3


def test_skip_column_must_name_a_column(ukm: Run, folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.csv"
    source.write_text(csv_text([HEADER, ROW]), encoding="utf-8")
    result = run(ukm, folder, source, "--skip-column", "NIK")
    assert result.exit_code == 2
    assert "has no column 'NIK'" in result.stderr
    assert "Nama Usaha" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sheet", "A", "--business", "x"], "only apply to an import"),
        (["--skip-duplicates", "--allow-duplicate"], "cannot be combined"),
    ],
)
def test_import_options_out_of_place(ukm: Run, folder: Path, args: list[str], message: str) -> None:
    result = ukm("--data", str(folder), "register", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_huge_cell_is_refused_without_echoing_it(ukm: Run, folder: Path, tmp_path: Path) -> None:
    huge = "Batik " * 20_000
    source = xlsx(tmp_path / "daftar.xlsx", [HEADER, [huge, *ROW[1:]]])
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source)
    assert result.exit_code == 1
    assert "daftar.xlsx:2: Nama Usaha: This cell holds " in result.stderr
    assert " characters; ukm takes at most 4000 in one cell." in result.stderr
    assert len(result.output) < 2000
    assert (folder / "participants.yaml").read_bytes() == before


def test_an_import_that_would_outgrow_the_size_limit_writes_nothing(
    ukm: Run, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.core.yamlio import reader

    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 2**20)  # what UKM_MAX_FILE_MB=1 gives
    rows = [HEADER] + [
        [f"Batik {n} " + "Sekar Jati " * 330, f"Pemilik {n}", "P", "batik", "Cepu"]
        for n in range(300)
    ]
    source = xlsx(tmp_path / "daftar.xlsx", rows)
    before = (folder / "participants.yaml").read_bytes()
    result = run(ukm, folder, source)
    assert result.exit_code == 1, result.output
    assert "participants.yaml would grow to 1 MB" in result.stderr
    assert "Sekar Jati Sekar" not in result.output
    assert (folder / "participants.yaml").read_bytes() == before
    assert ukm("--data", str(folder), "check").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_a_device_is_refused_at_once(folder: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "daftar.csv"
    os.mkfifo(fifo)
    link = tmp_path / "nol.csv"
    link.symlink_to("/dev/zero")
    for source in (fifo, link):
        result = run_process("--data", str(folder), "register", "--from", str(source), timeout=30)
        assert result.exit_code == 2, result.stderr
        assert "is not a regular file" in result.stderr
    # (nobody ever writes into the pipe: a reader that opened it would wait until the timeout)


def test_an_xlsx_row_costs_the_cells_it_has_not_its_last_column(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from ukmtool.core.importing import sources

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for n in range(2000):
        sheet.append([f"Batik {n}", "Sri", "P", "batik", "Cepu"])
        sheet.cell(row=n + 2, column=16384, value=" ")  # column XFD, as a stray format leaves
    path = tmp_path / "lebar.xlsx"
    book.save(path)
    with sources.read(path) as read:
        rows = list(read.worksheets[0].rows())
    assert len(rows) == 2001
    assert max(len(cells) for _number, cells in rows) == 5


def test_json_says_what_was_read_and_left_out(ukm: Run, folder: Path, tmp_path: Path) -> None:
    rows = [["DAFTAR UJI"], ["No", *HEADER], ["1", *ROW[:4], "Kec. Cepu"], ["JUMLAH"]]
    source = tmp_path / "daftar.csv"
    source.write_text(csv_text(rows), encoding="utf-8")
    result = run(ukm, folder, source, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"][0]["row"] == 3
    found = data["import"]
    assert found["header_row"] == 2 and found["title"] == ["DAFTAR UJI"]
    assert found["columns"][0] == {
        "column": "A",
        "header": "No",
        "field": None,
        "left_out": "row numbers",
    }
    assert found["rows_left_out"] == [{"row": 4, "text": "JUMLAH", "reason": "a totals row"}]
    assert found["read_otherwise"] == [
        {"row": 3, "column": "Kecamatan", "written": "Kec. Cepu", "read": "Cepu"}
    ]


def test_a_shared_phone_at_the_desk_is_a_note(ukm: Run, folder: Path) -> None:
    result = ukm(
        "--data", str(folder), "register", "--business", "Rajut Lain", "--owner", "Dewi Contoh",
        "--gender", "F", "--sector", "batik", "--district", "Jepon", "--phone", "081234567801",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "shares its phone number with UKM-001 (Batik Sekar, Rina Lestari)" in result.stderr


PROGRAM_WITH_NAMES = """\
name: Pelatihan Uji
starts: 2018-01-01
ends: 2018-03-31
districts: [Cepu, Japah, Jepon]
sectors:
  batik: [batik tulis, batik cap]
  kuliner:
    - makanan ringan
    - Batik Cap
"""


def test_a_sector_name_given_to_two_sectors_is_an_error(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", program=PROGRAM_WITH_NAMES)
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert "program.yaml:9: 'Batik Cap' is given as a name of both batik and kuliner." in (
        result.stdout + result.stderr
    )


def test_a_sector_is_taken_by_another_name_at_the_desk_too(ukm: Run, tmp_path: Path) -> None:
    program = PROGRAM_WITH_NAMES.replace("    - Batik Cap\n", "")
    folder = programme(tmp_path / "p", program=program)
    result = ukm(
        "--data", str(folder), "register", "--business", "Keripik Uji", "--owner", "Ani Contoh",
        "--gender", "F", "--sector", "Makanan-Ringan", "--district", "Cepu",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert participants(folder)[-1].sector == "kuliner"
