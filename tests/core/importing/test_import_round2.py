"""Imports round two (issue 29): lists and surveys as an officer's trial met them.

The two-row merged header and the hidden archive sheet are district lists of
their own (``tests/kit/district_lists.py``, run by
``test_register_district_lists.py``); here: one table reader for ``measure
--from`` and ``register --from``, hidden sheets in a survey, NIKs stored as
numbers, UTF-16 text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

SIGNATURE: list[list[object]] = [
    [],
    [None, None, None, None, "Japah, 20 Maret 2018"],
    [None, None, None, None, "Ketua Tim Survei"],
    [None, None, None, None, "ttd"],
    [],
    [None, None, None, None, "Nama Rekaan, S.E."],
]


def _measured(folder: Path) -> list[tuple[str, int | None]]:
    result = load(Folder(folder))
    assert result.programme is not None
    return [(m.participant, m.monthly_sales) for m in result.programme.indicators]


def _survey(
    path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for number, (name, rows) in enumerate(sheets.items()):
        sheet = book.active if number == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = name
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


HEADER = ["ID", "Tanggal", "Nama Usaha", "Omzet per bulan", "Keterangan"]


def test_measure_from_skips_the_signature_block_under_a_survey_as_register_does(
    ukm: Run, tmp_path: Path
) -> None:
    folder = programme(tmp_path / "p")
    rows: list[list[object]] = [
        ["SURVEI AKHIR"],
        [],
        HEADER,
        ["UKM-001", "2018-03-11", "Batik Sekar", 20_000_000, "survei akhir"],
        ["UKM-002", "2018-03-12", "Warung Pak Joko", 7_500_000, "survei akhir"],
        *SIGNATURE,
    ]
    path = _survey(tmp_path / "survei.xlsx", {"Survei": rows})
    result = ukm("--data", str(folder), "measure", "--from", str(path))
    assert result.exit_code == 0, result.output
    assert _measured(folder) == [("UKM-001", 20_000_000), ("UKM-002", 7_500_000)]
    assert "Rows left out:" in result.stderr
    assert "row 7 (below the table (no participant id)): Japah, 20 Maret 2018" in result.stderr
    assert "Nama Rekaan, S.E." in result.stderr


def test_measure_from_never_reads_a_hidden_sheet_silently(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    old: list[list[object]] = [HEADER, ["UKM-001", "2018-03-01", "Batik Sekar", 99_000_000, "x"]]
    new: list[list[object]] = [HEADER, ["UKM-001", "2018-03-11", "Batik Sekar", 20_000_000, "y"]]
    path = _survey(tmp_path / "survei.xlsx", {"Lama": old, "Survei": new}, hidden=("Lama",))
    dry = ukm("--data", str(folder), "measure", "--from", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Hidden sheets, not read: Lama (--sheet NAME reads one)." in dry.stderr
    done = ukm("--data", str(folder), "measure", "--from", str(path))
    assert done.exit_code == 0, done.output
    assert _measured(folder) == [("UKM-001", 20_000_000)]
    # only the hidden sheet holds a survey: refused, and the hidden sheet is named
    only = _survey(tmp_path / "lama.xlsx", {"Catatan": [["catatan"]], "Lama": old}, ("Lama",))
    refused = ukm("--data", str(folder), "measure", "--from", str(only))
    assert refused.exit_code == 1, refused.output
    assert "Hidden sheets are not read unless named with --sheet: Lama." in refused.stderr
    named = ukm("--data", str(folder), "measure", "--from", str(only), "--sheet", "Lama")
    assert named.exit_code == 0, named.output
    assert ("UKM-001", 99_000_000) in _measured(folder)


def _csv_folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


@pytest.mark.parametrize("written", ["3,31505E+15", "3.31505E+15", "3,31601E+15"])
@pytest.mark.usefixtures("during_the_programme")
def test_a_nik_excel_wrote_as_a_number_is_said_once_with_the_way_out(
    ukm: Run, tmp_path: Path, written: str
) -> None:
    folder = _csv_folder(tmp_path)
    lines = ["Nama Usaha;Nama Pemilik;L/P;Jenis Usaha;Kecamatan;NIK"]
    for n in range(1, 16):
        lines.append(f"Batik Uji {n};Sri Contoh {n};P;batik;Cepu;{written}")
    lines.append("Batik Uji 16;Sri Contoh 16;P;batik;Cepu;")
    lines.append("Batik Uji 17;Sri Contoh 17;P;batik;Cepu;3316010101010017")
    path = tmp_path / "peserta.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    before = (folder / "participants.yaml").read_bytes()
    refused = ukm("--data", str(folder), "register", "--from", str(path))
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.count("stored as") == 1, refused.stderr
    assert "15 NIKs are stored as numbers (rows 2, 3, 4, 5, 6, 7, 8, 9, ...)" in refused.stderr
    assert "--skip-column 'NIK' leaves out 16 NIKs." in refused.stderr
    assert "quotes" not in refused.stderr
    assert (folder / "participants.yaml").read_bytes() == before
    done = ukm("--data", str(folder), "register", "--from", str(path), "--skip-column", "NIK")
    assert done.exit_code == 0, done.output


def test_an_xlsx_nik_column_of_numbers_is_said_once(ukm: Run, tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path)
    rows: list[list[object]] = [["Nama Usaha", "Nama Pemilik", "L/P", "Sektor", "Kecamatan", "NIK"]]
    for n in range(1, 16):
        rows.append(
            [f"Batik Uji {n}", f"Sri Contoh {n}", "P", "batik", "Cepu", 3316010101010000 + n]
        )
    path = _survey(tmp_path / "peserta.xlsx", {"Daftar": rows})
    refused = ukm("--data", str(folder), "register", "--from", str(path))
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.count("stored as") == 1, refused.stderr
    assert "--skip-column 'NIK' leaves out 15 NIKs." in refused.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.usefixtures("during_the_programme")
def test_a_utf16_csv_is_read_without_mojibake(ukm: Run, tmp_path: Path, encoding: str) -> None:
    folder = _csv_folder(tmp_path)
    text = (
        "No\tNama Usaha\tNama Pemilik\tL/P\tJenis Usaha\tKecamatan\tKeterangan\r\n"
        "1\tKopi Café Uji\tSri Contoh\tP\tkuliner\tCepu\tanggota Dekranasda\r\n"
    )
    path = tmp_path / "peserta.csv"
    path.write_bytes(text.encode(encoding))  # "utf-16": Excel's Unicode Text, with its mark
    dry = ukm("--data", str(folder), "register", "--from", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "B  Nama Usaha  -> business" in dry.stdout
    assert "Kopi Café Uji" in dry.stdout
    assert "UTF-16" in dry.stdout
    assert "\x00" not in dry.output and "Ã" not in dry.output and "ÿþ" not in dry.output
