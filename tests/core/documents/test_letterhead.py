"""The kop surat and the signature every printed document shares (tata naskah dinas).

The text of the PDFs is read back with pypdf; each test builds its own
programme folder so that it shows what program.yaml says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.kit.helpers import PROGRAM, Run, programme
from tests.kit.pdf import pdf_text
from ukmtool.core.documents.letterhead import nip_text

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<circle cx="5" cy="5" r="4"/></svg>'
)

OFFICE = """\
place: Kota Uji
letterhead:
  government: Pemerintah Kabupaten Uji
  office: Dinas Koperasi dan UKM
  address: Jl. Percobaan No. 7, Uji 12345
  phone: (0201) 111222
  email: dinas@example.go.id
  website: dinas.example.go.id
logo: templates/lambang.svg
partners:
  - Koperasi Maju
  - {name: PT Contoh Sejahtera, role: sponsor, logo: templates/sponsor.svg}
  - {name: Yayasan Pendamping, role: mitra pendamping}
signatories:
  head:
    title: Kepala Dinas Koperasi dan UKM Kabupaten Uji
    name: Sri Contoh Lestari
    rank: Pembina Tk. I (IV/b)
    nip: "197001012000032001"
  approver:
    title: Sekretaris Daerah Kabupaten Uji
    name: Budi Contoh Santoso
    rank: Pembina Utama Madya (IV/d)
    nip: 19650505 198903 1 004
"""


def office_folder(root: Path, extra: str = OFFICE) -> Path:
    folder = programme(root, program=PROGRAM + extra)
    (folder / "templates").mkdir(exist_ok=True)
    for name in ("lambang.svg", "sponsor.svg"):
        (folder / "templates" / name).write_text(SVG, encoding="utf-8")
    return folder


def printed(ukm: Run, folder: Path, out: Path, *args: str) -> str:
    result = ukm("--data", str(folder), *args, "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    return pdf_text(out)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("197001012000032001", "19700101 200003 2 001"),
        ("19700101 200003 2 001", "19700101 200003 2 001"),
        ("19700101-200003-2-001", "19700101-200003-2-001"),
        ("123", "123"),
    ],
)
def test_a_nip_is_printed_spaced_as_on_the_card_or_as_written(written: str, shown: str) -> None:
    assert nip_text(written) == shown


def test_a_report_opens_with_the_full_kop_and_ends_with_both_signatures(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = office_folder(tmp_path / "prog")
    out = isolated / "r.pdf"
    text = printed(ukm, folder, out, "--lang", "id", "report", "--date", "2018-03-20")
    # the kop: government line and office in capitals, address, contacts in Indonesian
    assert text.startswith("PEMERINTAH KABUPATEN UJI DINAS KOPERASI DAN UKM")
    assert "Jl. Percobaan No. 7, Uji 12345" in text
    assert "Telepon (0201) 111222, Pos-el dinas@example.go.id, Laman dinas.example.go.id" in text
    # the organiser and every partner, with its role
    assert "Penyelenggara: Dinas Uji" in text
    assert "Koperasi Maju" in text and "PT Contoh Sejahtera" in text and "sponsor" in text
    assert "Yayasan Pendamping" in text and "mitra pendamping" in text
    # the signature: place and date in words, Mengetahui and the approver, both with rank and NIP
    closing = text[text.index("Demikian laporan ini") :]
    assert closing.index("Mengetahui,") < closing.index("Kota Uji, 20 Maret 2018")
    assert "Sekretaris Daerah Kabupaten Uji," in closing
    assert "Kepala Dinas Koperasi dan UKM Kabupaten Uji," in closing
    for name, rank, nip in [
        ("Sri Contoh Lestari", "Pembina Tk. I (IV/b)", "NIP. 19700101 200003 2 001"),
        ("Budi Contoh Santoso", "Pembina Utama Madya (IV/d)", "NIP. 19650505 198903 1 004"),
    ]:
        assert name in closing and rank in closing and nip in closing
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no ISO date anywhere


def test_in_english_the_same_kop_and_signature_in_english_words(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = office_folder(tmp_path / "prog")
    text = printed(ukm, folder, isolated / "r.pdf", "report", "--date", "2018-03-20")
    assert "Phone (0201) 111222, Email dinas@example.go.id, Website dinas.example.go.id" in text
    assert "Organised by: Dinas Uji" in text
    assert "Acknowledged by," in text and "Kota Uji, 20 March 2018" in text


def test_without_signatories_or_place_a_report_leaves_lines_to_fill_by_hand(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = programme(tmp_path / "prog")
    text = printed(ukm, folder, isolated / "r.pdf", "report", "--date", "2018-03-20")
    assert text.startswith("DINAS UJI")  # the organizer is the office
    assert "........................, 20 March 2018 Head of the office" in text
    assert "Acknowledged" not in text


def test_the_letterhead_written_as_lines_is_printed_as_written(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = programme(
        tmp_path / "prog",
        program=PROGRAM + "letterhead: [Pemerintah Kabupaten Uji, Dinas Uji, 'Jl. Uji 1']\n",
    )
    text = printed(ukm, folder, isolated / "r.pdf", "report")
    assert text.startswith("Pemerintah Kabupaten Uji Dinas Uji Jl. Uji 1")


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("letterhead: {office: Dinas, email: dinas at example}\n", 9, "not an e-mail address"),
        ("letterhead: {office: Dinas, kantor: X}\n", 9, "Unknown field 'kantor'"),
        ("letterhead: [Dinas, {a: b}]\n", 9, "letterhead: Expected a single value"),
        ("partners: [{role: sponsor}]\n", 9, "The field 'name' is missing"),
        ("partners: [{name: A, peran: sponsor}]\n", 9, "Unknown field 'peran'"),
        ("signatories:\n  approver: {title: Sekda}\n", 10, "The field 'name' is missing"),
    ],
)
def test_a_wrong_new_field_is_named_with_its_line(
    ukm: Run, tmp_path: Path, extra: str, line: int, words: str
) -> None:
    folder = programme(tmp_path / "prog", program=PROGRAM + extra)
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert f"program.yaml:{line}: " in result.output and words in result.output, result.output


@pytest.mark.parametrize("logo", ["/etc/hostname.png", "../outside.png", "gambar/link.png"])
def test_a_partner_logo_outside_the_folder_is_refused_and_nothing_is_printed(
    ukm: Run, tmp_path: Path, isolated: Path, logo: str
) -> None:
    folder = programme(
        tmp_path / "prog", program=PROGRAM + f"partners:\n  - {{name: PT Luar, logo: '{logo}'}}\n"
    )
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "gambar").mkdir()  # not templates/: a link out there is refused by name first
    (folder / "gambar" / "link.png").symlink_to(tmp_path / "outside.png")
    out = isolated / "r.pdf"
    result = ukm("--data", str(folder), "report", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert "program.yaml" in result.output and logo in result.output
    assert "outside" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--date", "2018-03-20"), "--date can only be used with --format pdf"),
        (
            ("--number", "1/2018", "--to", "Bupati", "--format", "json"),
            "--number, --to can only be used",
        ),
        (("--date", "2018-02-30", "--format", "pdf", "-o", "r.pdf"), "--date: "),
    ],
)
def test_the_printing_options_are_refused_where_they_mean_nothing(
    ukm: Run, tmp_path: Path, isolated: Path, args: tuple[str, ...], words: str
) -> None:
    folder = programme(tmp_path / "prog")
    result = ukm("--data", str(folder), "report", *args)
    assert result.exit_code == 2
    assert words in result.output, result.output
    assert list(isolated.iterdir()) == []
