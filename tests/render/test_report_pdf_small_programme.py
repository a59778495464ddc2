"""The printed report of a small finished programme with make-ups, exemptions and missed modules.

A folder of six businesses (a late registrant who made a session up, one
exempt from a module, one registered on the programme's last day, a module of
one session): its report as a PDF, in Indonesian and English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run
from tests.kit.pdf import pdf_text

PROGRAM = """\
# Program uji: ditulis tangan
name: Pelatihan Uji 2025
organizer: Dinas Koperasi dan UKM Kabupaten Uji
partners: []
venue: Aula Dinas
starts: 2025-01-06
ends: 2025-03-31
language: id
min_attendance: 75
districts: [Cepu, Jepon, Blora]
sectors: [batik, kuliner]
"""

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2025-01-06}
    2: {date: 2025-01-13}
    3: {date: 2025-01-20}
    4: {date: 2025-01-27}
- id: pemasaran
  title: Pemasaran
  min_attendance: 100
  sessions:
    1: {date: 2025-02-03}
- id: k3
  title: K3
  sessions:
    1: {date: 2025-03-03}
    2: {date: 2025-03-31}
"""

PEOPLE = [
    ("UKM-001", "Batik Satu", "Ani Satu", "F", "batik", "Cepu", "2025-01-06", ""),
    ("UKM-002", "Warung Dua", "Budi Dua", "M", "kuliner", "Jepon", "2025-01-21", ""),
    ("UKM-003", "Batik Tiga", "Citra Tiga", "F", "batik", "Blora", "2025-02-04",
     "  exempt: {keuangan: ikut pelatihan serupa 2024}\n"),
    ("UKM-004", "Warung Empat", "Dedi Empat", "M", "kuliner", "Cepu", "2025-01-06",
     "  exempt: {pemasaran: sudah pernah}\n"),
    ("UKM-005", "Batik Lima", "Eka Lima", "F", "batik", "Jepon", "2025-03-31", ""),
    ("UKM-006", "Warung Enam", "Fajar Enam", "M", "kuliner", "Blora", "2025-01-06", ""),
]  # fmt: skip

SHEETS = {
    "keuangan": """\
1: {present: [UKM-001, UKM-004, UKM-006]}
2:
  present: [UKM-001, UKM-006]
  absent: [UKM-004]
  makeup: {UKM-002: 2025-01-23}
3: {present: [UKM-001, UKM-004, UKM-006]}
4: {present: [UKM-001, UKM-002], excused: [UKM-006], absent: [UKM-004]}
""",
    "pemasaran": "1: {present: [UKM-001, UKM-002, UKM-004], absent: [UKM-006]}\n",
    "k3": """\
1:
  present: [UKM-001, UKM-002, UKM-003, UKM-004]
  makeup: {UKM-006: 2025-03-10}
2: {present: [UKM-001, UKM-002, UKM-003, UKM-005, UKM-006], absent: [UKM-004]}
""",
}


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    root = tmp_path / "uji-2025"
    (root / "attendance").mkdir(parents=True)
    (root / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    (root / "modules.yaml").write_text(MODULES, encoding="utf-8")
    entries = "".join(
        f"- id: {pid}\n  business: {business}\n  owner: {owner}\n  gender: {gender}\n"
        f"  sector: {sector}\n  district: {district}\n  registered: {day}\n{extra}"
        for pid, business, owner, gender, sector, district, day, extra in PEOPLE
    )
    (root / "participants.yaml").write_text(entries, encoding="utf-8")
    for module, sheet in SHEETS.items():
        (root / "attendance" / f"{module}.yaml").write_text(sheet, encoding="utf-8")
    return root


def report_pdf(ukm: Run, folder: Path, lang: str) -> Path:
    out = folder.parent / f"laporan-{lang}.pdf"
    result = ukm("--lang", lang, "--data", str(folder), "report", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_table_wider_than_the_page_is_shrunk_not_a_template_error(
    ukm: Run, finished: Path, lang: str
) -> None:
    # tables.typ multiplied two lengths (size * avail / low) when a table's narrowest
    # columns did not fit: "cannot multiply length with length", no report at all
    text = pdf_text(report_pdf(ukm, finished, lang))
    assert "UKM-005" in text and "Fajar Enam" in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_printed_missed_module_list_names_no_command(
    ukm: Run, finished: Path, lang: str
) -> None:
    # the missed list's note told the Bupati to run `ukm attend MODULE -s N --status makeup ID`
    text = pdf_text(report_pdf(ukm, finished, lang))
    assert "UKM-005" in text
    assert "ukm attend" not in text and "ukm edit" not in text
    assert "--status" not in text and "--exempt" not in text
    # on the screen and in the text and Markdown exports, the way out is still said
    for fmt in ("table", "md"):
        shown = ukm("--lang", lang, "--data", str(finished), "report", "--format", fmt)
        assert shown.exit_code == 0, shown.output
        assert "ukm attend MODULE -s N --status makeup ID" in shown.stdout
        assert "ukm edit ID --exempt MODULE" in shown.stdout
    module = ukm("--lang", lang, "--data", str(finished), "report", "--module", "pemasaran")
    assert "ukm attend pemasaran -s N --status makeup ID" in module.stdout
