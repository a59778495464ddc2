"""``ukm print receipts`` (the SPJ list of transport money) and ``ukm print calls``.

Read back as text: the receipt list names exactly who attended the session,
with the amount each, the total in figures and in words; the call list
names who to phone and why, with the phone as a WhatsApp link; neither
lets text run over another.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme
from tests.kit.pdf import overlapping_words, pdf_text

ATTENDANCE = """\
1:
  present: [UKM-001]
  late: [UKM-002]
2:
  present: [UKM-002]
  absent: [UKM-001]
3:
  excused: [UKM-001]
"""


LATER = """\
- id: UKM-003
  business: Kue Bu Ani
  owner: Ani Wijaya
  gender: F
  sector: kuliner
  district: Japah
  phone: "081234567803"
  registered: 2018-01-10
- id: UKM-004
  business: Batik Wening
  owner: Wening Ayu
  gender: F
  sector: batik
  district: Cepu
  phone: "081234567804"
  registered: 2018-02-01
"""
"""UKM-003 joins before session 2; UKM-004 after every session of keuangan (missed)."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "prog", attendance__keuangan=ATTENDANCE)


@pytest.fixture
def later(tmp_path: Path) -> Path:
    """UKM-003 made session 2 up on 20 January; UKM-004 came too late for keuangan."""
    sheets = ATTENDANCE.replace(
        "  absent: [UKM-001]\n", "  absent: [UKM-001]\n  makeup: {UKM-003: 2018-01-20}\n"
    )
    return programme(
        tmp_path / "prog", participants=PARTICIPANTS + LATER, attendance__keuangan=sheets
    )


def test_receipts_list_who_attended_with_the_total_in_figures_and_words(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    result = ukm(
        "--data", str(folder), "--lang", "id", "print", "receipts", "keuangan", "-s", "1",
        "--amount", "Rp 250.000,-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = isolated / "uang-transport-keuangan-1.pdf"
    text = pdf_text(out)
    assert "DAFTAR PENERIMAAN UANG TRANSPORT" in text
    assert "UKM-001 Rina Lestari Batik Sekar Rp250.000" in text
    assert "UKM-002 Joko Susanto Warung Pak Joko Rp250.000" in text
    assert "Jumlah (2 peserta menerima) Rp500.000" in text
    assert "Terbilang: Lima ratus ribu rupiah" in text
    assert "Bendahara" in text and "Petugas program" in text
    assert overlapping_words(out) == []


def test_receipts_in_english_and_only_those_who_came(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    out = isolated / "r.pdf"
    args = ("print", "receipts", "keuangan", "-s", "2", "--amount", "75 ribu", "-o", str(out))
    result = ukm("--data", str(folder), *args)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Joko Susanto" in text and "Rina Lestari" not in text
    assert "Total (1 participant received) Rp75,000" in text
    assert "In words: Seventy-five thousand rupiah" in text


def test_receipts_count_a_make_up_as_attended_and_name_its_day(
    ukm: Run, later: Path, isolated: Path
) -> None:
    out = isolated / "r.pdf"
    args = ("print", "receipts", "keuangan", "-s", "2", "--amount", "50000", "-o", str(out))
    result = ukm("--data", str(later), *args)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "UKM-002 Joko Susanto" in text and "Rina Lestari" not in text
    assert "UKM-003 Ani Wijaya" in text and "make-up on 20 January 2018" in text
    assert "Total (2 participants received) Rp100,000" in text
    assert "In words: One hundred thousand rupiah" in text
    assert overlapping_words(out) == []


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (("-s", "3", "--amount", "50000"), 1, "has not been held"),
        (("-s", "9", "--amount", "50000"), 1, "no session 9"),
        (("-s", "1", "--amount", "lima puluh"), 2, "--amount"),
        (("-s", "1", "--amount", "0"), 2, "more than 0"),
        (("-s", "1"), 2, "--amount"),
    ],
)
def test_receipts_refuse_what_cannot_be_paid(
    ukm: Run, folder: Path, isolated: Path, args: tuple[str, ...], status: int, words: str
) -> None:
    result = ukm("--data", str(folder), "print", "receipts", "keuangan", *args)
    assert result.exit_code == status, result.output
    assert words in result.output
    assert list(isolated.iterdir()) == []


def test_calls_list_who_to_phone_and_why_with_a_whatsapp_link(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    from pypdf import PdfReader

    result = ukm("--data", str(folder), "print", "calls")
    assert result.exit_code == 0, result.output
    out = isolated / "people-to-phone.pdf"
    text = pdf_text(out)
    assert "PEOPLE TO PHONE" in text and "For the office only" in text
    # UKM-001 missed session 2 of the two held: one more absence and keuangan is lost
    assert "Rina Lestari" in text and "081234567801" in text
    assert (
        "Tertib Keuangan: at risk" in text and "missed session 2 (15 January 2018, absent)" in text
    )
    assert "Joko Susanto" not in text  # came to both: nobody to phone about
    links = [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(out).pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert "https://wa.me/6281234567801" in links
    assert overlapping_words(out) == []


def test_calls_name_who_missed_a_module_and_the_way_out(
    ukm: Run, later: Path, isolated: Path
) -> None:
    result = ukm("--data", str(later), "print", "calls", "-o", "c.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(isolated / "c.pdf")
    assert "Missed a module: 1" in text
    assert "Wening Ayu" in text and "Tertib Keuangan: missed: no session counts" in text
    assert "a make-up session or an exemption" in text
    # those at risk come first, then who missed a module
    assert text.index("Rina Lestari") < text.index("Wening Ayu")
    assert overlapping_words(isolated / "c.pdf") == []


def test_nobody_to_phone_says_so(ukm: Run, tmp_path: Path, isolated: Path) -> None:
    folder = programme(tmp_path / "prog")
    result = ukm("--data", str(folder), "--lang", "id", "print", "calls", "-o", "c.pdf")
    assert result.exit_code == 0, result.output
    assert "Tidak ada yang perlu ditelepon." in pdf_text(isolated / "c.pdf")


def test_the_printed_report_charts_a_missed_module_apart_from_failed(
    ukm: Run, later: Path, isolated: Path
) -> None:
    result = ukm("--data", str(later), "report", "--format", "pdf", "-o", "r.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(isolated / "r.pdf")
    assert "completed in progress failed missed" in text  # the charts' legend (rules 2.1)
