"""``ukm print sheet``: the sign-in sheet of a session, and the PDF machinery under it.

The text of the PDF is read back with pypdf: the sheet lists exactly the
participants expected at the session (registered by its date), in the order
asked for, numbered; a folder's own template replaces ukm's; a broken
template is named with its line, exit 1, and no PDF is left behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.pdf import pdf_pages, pdf_text, render_pages

PARTICIPANTS = """\
- id: UKM-010
  business: Sablon Maju
  owner: Yanti Rahayu
  gender: F
  sector: batik
  district: Japah
  village: Tengger
  registered: 2018-01-01
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
- id: UKM-001
  business: "#set page(width: 1cm)"
  owner: Agus "Sate" Wibowo
  gender: M
  sector: kuliner
  district: Jepon
  registered: 2018-01-10
- id: UKM-003
  business: Batik Baru
  owner: Dewi Anggraini
  gender: F
  sector: batik
  district: Cepu
  registered: 2018-01-20
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "prog", participants=PARTICIPANTS)


def owners_in_order(path: Path) -> list[str]:
    text = pdf_text(path)
    names = ["Yanti Rahayu", "Joko Susanto", 'Agus "Sate" Wibowo', "Dewi Anggraini"]
    found = [(text.find(n), n) for n in names if n in text]
    return [n for _pos, n in sorted(found)]


def test_a_sheet_lists_exactly_who_is_registered_by_the_sessions_date(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "--session", "2")
    assert result.exit_code == 0, result.output
    pdf = isolated / "sign-in-keuangan-2.pdf"
    assert pdf.exists()
    text = pdf_text(pdf)
    # session 2 is dated 2018-01-15: UKM-003 registered on the 20th is not expected
    assert owners_in_order(pdf) == ['Agus "Sate" Wibowo', "Joko Susanto", "Yanti Rahayu"]
    assert "Dewi Anggraini" not in text
    # a business named like Typst code prints as written, on an A4 page
    assert "#set page(width: 1cm)" in text
    assert "Tengger / Japah" in text
    assert "Tertib Keuangan" in text and "15 January 2018" in text
    assert "Pelatihan Uji" in text and "DINAS UJI" in text  # the kop's office in capitals
    assert render_pages(pdf, scale=1)[0] in ((595, 842), (596, 842))  # A4 in points


def test_the_signature_column_zig_zags_and_leaves_rows_for_walk_ins(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    out = isolated / "s.pdf"
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "4", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    # four expected, two blank rows: the signature places are numbered 1. to 6.
    for number in range(1, 7):
        assert f"{number}. " in text
    assert "7. " not in text
    assert "Trainer" in text and "Programme officer" in text


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("id", ['Agus "Sate" Wibowo', "Joko Susanto", "Dewi Anggraini", "Yanti Rahayu"]),
        ("name", ['Agus "Sate" Wibowo', "Dewi Anggraini", "Joko Susanto", "Yanti Rahayu"]),
        ("district", ["Dewi Anggraini", "Joko Susanto", "Yanti Rahayu", 'Agus "Sate" Wibowo']),
    ],
)
def test_rows_follow_the_order_asked_for(
    ukm: Run, folder: Path, isolated: Path, order: str, expected: list[str]
) -> None:
    out = isolated / f"{order}.pdf"
    args = ("print", "sheet", "keuangan", "-s", "4", "--order", order, "-o", str(out))
    assert ukm("--data", str(folder), *args).exit_code == 0
    assert owners_in_order(out) == expected


def test_all_prints_every_session_of_a_module_each_numbered_on_its_own(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "--all")
    assert result.exit_code == 0, result.output
    pages = pdf_pages(isolated / "sign-in-keuangan.pdf")
    assert len(pages) == 4
    for number, page in enumerate(pages, start=1):
        assert f"Session {number}" in page
        assert page.rstrip().endswith("Page 1")  # numbered per sheet, without a total


def test_date_prints_every_session_of_that_day(ukm: Run, folder: Path, isolated: Path) -> None:
    result = ukm("--data", str(folder), "print", "sheet", "--date", "2018-01-22")
    assert result.exit_code == 0, result.output
    text = pdf_text(isolated / "sign-in-2018-01-22.pdf")
    assert "22 January 2018" in text and "Dewi Anggraini" in text


def test_indonesian_sheet_has_the_same_rows_in_its_own_words(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    result = ukm("--data", str(folder), "--lang", "id", "print", "sheet", "keuangan", "-s", "2")
    assert result.exit_code == 0, result.output
    text = pdf_text(isolated / "daftar-hadir-keuangan-2.pdf")
    assert "DAFTAR HADIR" in text and "Tanda tangan" in text and "15 Januari 2018" in text
    assert owners_in_order(isolated / "daftar-hadir-keuangan-2.pdf") == [
        'Agus "Sate" Wibowo',
        "Joko Susanto",
        "Yanti Rahayu",
    ]


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (("keuangan", "--session", "9"), 1, "no session 9"),
        (("uang", "--session", "1"), 1, "no module 'uang'"),
        (("keuangan", "--session", "1", "--all"), 2, "not both"),
        ((), 2, "Say which module"),
        (("--date", "2019-01-01"), 1, "No session is dated 2019-01-01"),
        (("--date", "2018-13-01"), 2, "--date"),
    ],
)
def test_wrong_choices_are_refused_and_nothing_is_written(
    ukm: Run, folder: Path, isolated: Path, args: tuple[str, ...], status: int, words: str
) -> None:
    result = ukm("--data", str(folder), "print", "sheet", *args)
    assert result.exit_code == status, result.output
    assert words in result.output
    assert list(isolated.iterdir()) == []


def test_the_letterhead_and_signatories_come_from_program_yaml(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    from tests.kit.helpers import PROGRAM

    extra = """\
letterhead:
  - PEMERINTAH KABUPATEN UJI
  - DINAS KOPERASI DAN UKM
  - "Jl. Contoh No. 1, Telp. (0296) 000000"
logo: templates/logo.svg
signatories:
  officer: {title: Petugas Program, name: Siti Aminah, nip: "198001012005012001"}
"""
    folder = programme(tmp_path / "prog", program=PROGRAM + extra)
    (folder / "templates").mkdir()
    (folder / "templates" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<circle cx="5" cy="5" r="4"/></svg>',
        encoding="utf-8",
    )
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1")
    assert result.exit_code == 0, result.output
    text = pdf_text(isolated / "sign-in-keuangan-1.pdf")
    assert "PEMERINTAH KABUPATEN UJI" in text and "Telp. (0296) 000000" in text
    assert "Siti Aminah" in text and "19800101 200501 2 001" in text  # the NIP spaced


def test_a_missing_logo_is_named_and_nothing_is_written(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    from tests.kit.helpers import PROGRAM

    folder = programme(tmp_path / "prog", program=PROGRAM + "logo: templates/logo.png\n")
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1")
    assert result.exit_code == 1
    assert "program.yaml" in result.output and "logo: templates/logo.png" in result.output
    assert list(isolated.iterdir()) == []


def test_unknown_letterhead_fields_are_refused_with_their_line(ukm: Run, tmp_path: Path) -> None:
    from tests.kit.helpers import PROGRAM

    bad = PROGRAM + "signatories:\n  head: {title: Kepala, name: Budi, pangkat: IV/a}\n"
    folder = programme(tmp_path / "prog", program=bad)
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert re.search(r"program\.yaml:10: .*pangkat", result.output), result.output


def test_a_folder_template_replaces_the_shipped_one(ukm: Run, folder: Path, isolated: Path) -> None:
    (folder / "templates").mkdir()
    (folder / "templates" / "letterhead.typ").write_text(
        "#let letterhead(lh) = [KOP KHUSUS #lh.programme]\n", encoding="utf-8"
    )
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1")
    assert result.exit_code == 0, result.output
    text = pdf_text(isolated / "sign-in-keuangan-1.pdf")
    assert "KOP KHUSUS Pelatihan Uji" in text
    assert "Yanti Rahayu" in text  # the rest is ukm's own sheet


def test_a_broken_template_is_named_with_its_line_and_no_pdf_is_left(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    (folder / "templates").mkdir()
    broken = folder / "templates" / "letterhead.typ"
    broken.write_text("#let letterhead(lh) = {\n  [ok]\n  nosuchthing(1)\n}\n", encoding="utf-8")
    out = isolated / "sheet.pdf"
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1", "-o", str(out))
    assert result.exit_code == 1
    assert f"{broken}:3:" in result.output.replace("\n", "") or "letterhead.typ:3" in result.output
    assert "nosuchthing" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(isolated.iterdir()) == []


@pytest.mark.parametrize("target", ["participants.yaml", "link.pdf"])
def test_a_sheet_is_never_written_over_a_programme_file(
    ukm: Run, folder: Path, target: str
) -> None:
    (folder / "link.pdf").symlink_to(folder / "modules.yaml")
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    out = folder / target
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before


TAGGED = PARTICIPANTS.replace(
    "  registered: 2018-01-01\n- id: UKM-002",
    "  registered: 2018-01-01\n  tags: [unggulan]\n- id: UKM-002",
)
LONG_NAME = "Wiraswastawanitapengusahabatiktulisdanbatikcaplasem Kusumawardhani"


def test_district_and_tag_choose_whom_the_sheet_lists(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = programme(tmp_path / "prog", participants=TAGGED)
    out = isolated / "cepu.pdf"
    args = ("print", "sheet", "keuangan", "-s", "4", "--district", "cepu", "-o", str(out))
    assert ukm("--data", str(folder), *args).exit_code == 0
    assert owners_in_order(out) == ["Joko Susanto", "Dewi Anggraini"]
    assert "2 participants expected" in pdf_text(out) and "District: Cepu" not in pdf_text(out)
    out = isolated / "tag.pdf"
    args = ("print", "sheet", "keuangan", "-s", "4", "--tag", "unggulan", "-o", str(out))
    assert ukm("--data", str(folder), *args).exit_code == 0
    assert owners_in_order(out) == ["Yanti Rahayu"]


def test_an_unknown_district_or_tag_is_refused_with_the_closest(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    result = ukm(
        "--data", str(folder), "print", "sheet", "keuangan", "-s", "1", "--district", "Cepo"
    )
    assert result.exit_code == 1
    assert "No district is called 'Cepo'. Did you mean 'Cepu'?" in result.output
    result = ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1", "--tag", "x")
    assert result.exit_code == 1 and "No tag is called 'x'" in result.output
    assert list(isolated.iterdir()) == []


def test_split_by_district_writes_a_file_per_district_each_numbered_from_one(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    result = ukm(
        "--data", str(folder), "print", "sheet", "keuangan", "-s", "4", "--split", "district",
        "-o", "out",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (isolated / "out").iterdir())
    assert files == [
        "sign-in-keuangan-4-Cepu.pdf",
        "sign-in-keuangan-4-Japah.pdf",
        "sign-in-keuangan-4-Jepon.pdf",
    ]
    cepu = pdf_text(isolated / "out" / "sign-in-keuangan-4-Cepu.pdf")
    assert "District : Cepu" in cepu and "2 participants expected" in cepu
    assert owners_in_order(isolated / "out" / "sign-in-keuangan-4-Cepu.pdf") == [
        "Joko Susanto",
        "Dewi Anggraini",
    ]
    assert "1. " in cepu.replace("1.", "1. ") and "Yanti Rahayu" not in cepu


def test_split_by_tag_puts_the_untagged_in_a_file_of_their_own(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = programme(tmp_path / "prog", participants=TAGGED)
    result = ukm(
        "--data", str(folder), "--lang", "id", "print", "sheet", "keuangan", "-s", "4",
        "--split", "tag",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in isolated.iterdir())
    assert files == [
        "daftar-hadir-keuangan-4-tanpa-tag.pdf",
        "daftar-hadir-keuangan-4-unggulan.pdf",
    ]
    assert owners_in_order(isolated / "daftar-hadir-keuangan-4-unggulan.pdf") == ["Yanti Rahayu"]


def test_split_into_a_file_is_a_usage_error(ukm: Run, folder: Path, isolated: Path) -> None:
    (isolated / "x.pdf").write_bytes(b"%PDF")
    result = ukm(
        "--data", str(folder), "print", "sheet", "keuangan", "-s", "1", "--split", "district",
        "-o", "x.pdf",
    )  # fmt: skip
    assert result.exit_code == 2 and "must be a folder" in result.output


def test_the_sheet_says_day_time_id_and_gender_and_stars_the_walk_in_rows(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    modules = MODULES_WITH_TIME
    folder = programme(tmp_path / "prog", participants=PARTICIPANTS, modules=modules)
    out = isolated / "s.pdf"
    result = ukm(
        "--data",
        str(folder),
        "--lang",
        "id",
        "print",
        "sheet",
        "keuangan",
        "-s",
        "4",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Hari, tanggal : Senin, 29 Januari 2018" in text
    assert "Waktu : 08.00–12.00 WIB" in text
    assert "UKM-010" in text and "L/P" in text
    assert re.search(r"UKM-002 Joko Susanto Warung Pak Joko L Cepu", text), text
    assert "5* " in text and "6* " in text and "7*" not in text  # the walk-in rows are starred
    assert "* Tidak ada di daftar: tulis nama, usaha dan kecamatan." in text


MODULES_WITH_TIME = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2018-01-08, topic: Kas harian}
    2: {date: 2018-01-15}
    3: {date: 2018-01-22}
    4: {date: 2018-01-29, time: 08:00 - 12:00 wib, trainer: Ratna Dewi}
"""


@pytest.mark.parametrize(
    ("time", "words"),
    [
        ("25.00-26.00", "not a time of day"),
        ("12.00-08.00", "ends before it starts"),
        ("pagi", "not a time"),
    ],
)
def test_a_wrong_session_time_is_named_with_its_line(
    ukm: Run, tmp_path: Path, time: str, words: str
) -> None:
    modules = MODULES_WITH_TIME.replace("08:00 - 12:00 wib", time)
    folder = programme(tmp_path / "prog", modules=modules)
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert re.search(r"modules\.yaml:7: .*" + words, result.output), result.output


def test_long_names_wrap_in_their_cells_in_both_languages(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    from tests.kit.pdf import overlapping_words

    people = PARTICIPANTS.replace("owner: Yanti Rahayu", f"owner: {LONG_NAME}").replace(
        "business: Warung Pak Joko", "business: Usahadagangkelontongdanwarungmakanpakjoko Sejahtera"
    )
    folder = programme(tmp_path / "prog", participants=people)
    for lang in ("en", "id"):
        out = isolated / f"{lang}.pdf"
        result = ukm(
            "--data",
            str(folder),
            "--lang",
            lang,
            "print",
            "sheet",
            "keuangan",
            "-s",
            "4",
            "-o",
            str(out),
        )
        assert result.exit_code == 0, result.output
        assert overlapping_words(out) == []
        flat = "".join(pdf_text(out).replace("\u200b", "").split())
        assert "".join(LONG_NAME.split()) in flat  # all of it, wrapped
