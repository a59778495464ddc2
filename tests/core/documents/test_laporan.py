"""The laporan kegiatan: ``ukm report --format pdf`` with the office's own text (laporan.md).

Text read back with pypdf; the blocks parsed from Markdown are checked
against what a reader of the Markdown expects, never against ukm's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PROGRAM, Run, programme
from tests.kit.pdf import pdf_text
from ukmtool.core.documents.laporan import laporan_blocks


def laporan(ukm: Run, folder: Path, out: Path, *args: str, lang: str = "en") -> str:
    result = ukm(
        "--lang", lang, "--data", str(folder), "report", "--format", "pdf", "-o", str(out), *args
    )
    assert result.exit_code == 0, result.output
    return pdf_text(out)


def texts(runs: list[dict]) -> str:
    return "".join(r.get("text", "\n") for r in runs)


def test_markdown_becomes_headings_paragraphs_lists_and_tables() -> None:
    blocks = laporan_blocks(
        "<!-- guidance, never printed -->\n"
        "# Latar Belakang\n\nSatu **tebal** dan *miring*, [situs](https://example.org).\n\n"
        "## Dasar Hukum\n\n1. UU 20/2008;\n2. PP 7/2021\n   - butir\n\n"
        "| Modul | Sesi |\n|:--|--:|\n| Keuangan | 4 |\n\n"
        "> kutipan\n\n---\n\n<b>tag</b> dibuang ![logo dinas](x.png)\n"
    )
    kinds = [b["kind"] for b in blocks]
    assert kinds == [
        "heading",
        "paragraph",
        "heading",
        "list",
        "table",
        "quote",
        "rule",
        "paragraph",
    ]
    assert blocks[0] == {
        "kind": "heading",
        "level": 1,
        "text": [{"text": "Latar Belakang", "strong": False, "em": False, "code": False}],
    }
    runs = blocks[1]["text"]
    assert texts(runs) == "Satu tebal dan miring, situs (https://example.org)."
    assert [r["text"] for r in runs if r["strong"]] == ["tebal"]
    assert [r["text"] for r in runs if r["em"]] == ["miring"]
    listed = blocks[3]
    assert listed["ordered"] and listed["start"] == 1 and len(listed["items"]) == 2
    assert listed["items"][1][1]["kind"] == "list" and not listed["items"][1][1]["ordered"]
    table = blocks[4]
    assert [texts(h) for h in table["header"]] == ["Modul", "Sesi"]
    assert table["align"] == ["left", "right"]
    assert [[texts(c) for c in row] for row in table["rows"]] == [["Keuangan", "4"]]
    assert texts(blocks[7]["text"]) == "tag dibuang [logo dinas]"


def test_a_section_left_empty_is_not_printed() -> None:
    blocks = laporan_blocks(
        "# Latar Belakang\n\n<!-- to fill in -->\n\n# Dasar Hukum\n\n## Undang-undang\n\n"
        "# Hasil\n\nSemua lulus.\n\n# Saran\n"
    )
    assert [(b["kind"], texts(b["text"])) for b in blocks] == [
        ("heading", "Hasil"),
        ("paragraph", "Semua lulus."),
    ]


def test_the_laporan_has_number_addressee_the_office_text_figures_signature_and_annex(
    ukm: Run, sample: Path, isolated: Path
) -> None:
    (sample / "laporan.md").write_text(
        "# Latar Belakang\n\nUsaha kecil #set page(width: 1cm) di Blora.\n\n"
        "# Kosong\n\n<!-- belum diisi -->\n\n"
        "# Pelaksanaan\n\n| Modul | Sesi |\n|---|--:|\n| Tertib Keuangan | 4 |\n",
        encoding="utf-8",
    )
    text = laporan(
        ukm, sample, isolated / "l.pdf", "--number", "500/7/2018", "--date", "2018-03-20", lang="id"
    )
    order = [
        "Nomor : 500/7/2018",
        "Hal : Laporan Kegiatan Lokakarya Score Plus Kabupaten Blora 2017",
        "Kepada Yth. Bupati Blora",  # program.yaml's addressee
        "LAPORAN KEGIATAN",
        "Latar Belakang",
        "Usaha kecil #set page(width: 1cm) di Blora.",  # a person's text, printed as written
        "Pelaksanaan",
        "Tertib Keuangan 4",
        "Data Pelaksanaan Kegiatan",
        "Ringkasan",
        "Demikian laporan ini kami sampaikan.",
        "Blora, 20 Maret 2018",
        "LAMPIRAN I",
    ]
    places = [text.find(words) for words in order]
    assert -1 not in places, [w for w, p in zip(order, places, strict=True) if p == -1]
    assert places == sorted(places)
    assert "Kosong" not in text and "belum diisi" not in text


def test_to_names_another_addressee_on_lines(ukm: Run, sample: Path, isolated: Path) -> None:
    text = laporan(ukm, sample, isolated / "l.pdf", "--to", "Direktur PT Contoh\ndi Jakarta")
    assert "To Direktur PT Contoh di Jakarta" in text
    assert "Bupati Blora" not in text
    assert "Number : ....." in text  # no --number: a dotted line to write it on


def test_without_laporan_md_the_report_goes_from_its_front_to_the_figures(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = programme(tmp_path / "prog")
    text = laporan(ukm, folder, isolated / "l.pdf")
    assert "ACTIVITY REPORT Pelatihan Uji" in text
    assert "The programme in figures" not in text  # no office text: the figures are the body
    assert text.index("Summary") < text.index("This report is submitted")


def test_init_writes_a_laporan_md_to_fill_in_that_prints_nothing_until_filled(
    ukm: Run, isolated: Path
) -> None:
    assert ukm("init", "baru", "--starts", "2018-01-08").exit_code == 0
    written = (isolated / "baru" / "laporan.md").read_text(encoding="utf-8")
    for section in (
        "# Latar Belakang",
        "# Dasar Hukum",
        "# Maksud dan Tujuan",
        "# Pelaksanaan",
        "# Hasil",
        "# Kesimpulan dan Saran",
    ):
        assert section in written
    text = laporan(ukm, isolated / "baru", isolated / "l.pdf")
    assert "Latar Belakang" not in text and "The programme in figures" not in text
    # filled in, a section prints
    (isolated / "baru" / "laporan.md").write_text(
        written.replace("# Hasil\n", "# Hasil\n\nSeratus usaha ikut.\n"), encoding="utf-8"
    )
    text = laporan(ukm, isolated / "baru", isolated / "l.pdf")
    assert "Hasil Seratus usaha ikut." in text and "Latar Belakang" not in text


def test_init_like_an_english_programme_writes_the_sections_in_english(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    old = programme(tmp_path / "old")  # language: en
    assert ukm("init", "next", "--like", str(old), "--starts", "2019-01-07").exit_code == 0
    written = (isolated / "next" / "laporan.md").read_text(encoding="utf-8")
    assert "# Background" in written and "# Conclusions and Recommendations" in written
    assert "Latar Belakang" not in written


def test_init_keeps_a_laporan_md_the_office_wrote(ukm: Run, isolated: Path) -> None:
    (isolated / "baru").mkdir()
    (isolated / "baru" / "laporan.md").write_text("# Latar Belakang\n\nMilik kantor.\n")
    assert ukm("init", "baru", "--starts", "2018-01-08").exit_code == 0
    assert (isolated / "baru" / "laporan.md").read_text() == "# Latar Belakang\n\nMilik kantor.\n"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"# Latar\n\nBaik.\n\nRusak \xff di sini\n", "laporan.md:5: The file is not UTF-8"),
        (None, "laporan.md: It cannot be read"),  # a folder of that name
    ],
)
def test_a_laporan_md_that_cannot_be_read_is_named_and_nothing_is_printed(
    ukm: Run, tmp_path: Path, isolated: Path, content: bytes | None, words: str
) -> None:
    folder = programme(tmp_path / "prog", program=PROGRAM)
    if content is None:
        (folder / "laporan.md").mkdir()
    else:
        (folder / "laporan.md").write_bytes(content)
    out = isolated / "l.pdf"
    result = ukm("--data", str(folder), "report", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert words in result.output, result.output
    assert not out.exists()
