"""Every printed document, in both languages: laid out cleanly and fit to leave the office.

The documents are made once for the module (the sample mid-programme, the
sample finished, a copy with long names written without spaces) and each
test reads them: no two words drawn over each other (pypdfium2's character
boxes, ``tests/kit/pdf``), no command-line word, file name or ISO date in
their text, no phone number, NIK or WhatsApp link in a report, the graduates
list as the rules (computed here) say, the charts in words mid-programme.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE
from tests.kit.certificates import finish_programme, graduates_by_the_rules
from tests.kit.helpers import Run
from tests.kit.pdf import overlapping_words, pdf_pages, pdf_text, render_pages

LANGUAGES = ("id", "en")
REPORTS = {
    "programme": (),
    "module": ("--module", "keuangan"),
    "visits": ("--visits", "--as-of", "2018-01-10"),  # the day asked for, never "--as-of"
    "impact": ("--impact", "--by", "sector"),
    "graduates": ("--graduates",),
}
LONG_OWNER = "Raden Ajeng Sri Hartati Kusumawardhani Puspitasari Ningrum Wulandari"
LONG_BUSINESS = "UsahaBatikTulisDanCapSekarJagadPanjangSekaliTanpaSpasiSamaSekali"


class Made:
    """The documents of the module, by name (``report-module-id``, ``sheet-en`` ...)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pdfs: dict[str, Path] = {}
        self.sample = root / "sample"
        self.finished = root / "finished"
        self.long = root / "long"
        (root / "out").mkdir()

    def make(self, name: str, folder: Path, lang: str, *args: str) -> None:
        out = self.root / "out" / f"{name}.pdf"
        result = Run()("--lang", lang, "--data", str(folder), *args, "-o", str(out))
        assert result.exit_code == 0, (name, result.output)
        self.pdfs[name] = out

    def reports(self) -> dict[str, Path]:
        return {name: pdf for name, pdf in self.pdfs.items() if name.startswith("report-")}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    from ukmtool import i18n

    root = tmp_path_factory.mktemp("printed")
    documents = Made(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("UKM_CACHE_DIR", str(root / "cache"))
        env.setenv("UKM_KEY_DIR", str(root / "keys"))
        env.delenv("UKM_DATA", raising=False)
        env.chdir(root)
        shutil.copytree(SAMPLE, documents.sample)
        shutil.copytree(SAMPLE, documents.finished)
        finish_programme(documents.finished)
        shutil.copytree(SAMPLE, documents.long)
        _lengthen(documents.long)
        for lang in LANGUAGES:
            for name, args in REPORTS.items():
                folder = documents.finished if name == "graduates" else documents.sample
                documents.make(f"report-{name}-{lang}", folder, lang, "report", *args,
                               "--format", "pdf", "--date", "2018-03-20")  # fmt: skip
                i18n.reset()
            for name in ("programme", "module"):
                documents.make(f"report-long-{name}-{lang}", documents.long, lang, "report",
                               *REPORTS[name], "--format", "pdf")  # fmt: skip
                i18n.reset()
            documents.make(f"sheet-{lang}", documents.sample, lang, "print", "sheet", "keuangan",
                           "-s", "1")  # fmt: skip
            i18n.reset()
        yield documents
        i18n.reset()


def _lengthen(folder: Path) -> None:
    """The first participant with a long owner's name and a business written without spaces."""
    path = folder / "participants.yaml"
    entries = path.read_text(encoding="utf-8").split("\n- id: ")
    first = entries[1].splitlines()
    for i, line in enumerate(first):
        if line.startswith("  owner: "):
            first[i] = f"  owner: {LONG_OWNER}"
        if line.startswith("  business: "):
            first[i] = f"  business: {LONG_BUSINESS}"
    entries[1] = "\n".join(first)
    path.write_text("\n- id: ".join(entries), encoding="utf-8")


def participants() -> list[dict]:
    return yaml.safe_load((SAMPLE / "participants.yaml").read_text(encoding="utf-8"))


def test_no_text_is_drawn_over_other_text_and_every_page_is_drawn(made: Made) -> None:
    for name, pdf in made.pdfs.items():
        assert overlapping_words(pdf) == [], name
        sizes = render_pages(pdf, scale=0.2)
        assert sizes and all(w > 0 and h > 0 for w, h in sizes), name


def test_a_long_name_written_without_spaces_breaks_inside_its_cell(made: Made) -> None:
    for lang in LANGUAGES:
        text = pdf_text(made.pdfs[f"report-long-programme-{lang}"])
        assert LONG_OWNER in text
        assert LONG_BUSINESS in text.replace(" ", "").replace("\u200b", "")


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (r"(?<![\w-])--[a-z]", "a command-line option"),
        (r"\bukm (report|print|check|init|attend)\b", "a command"),
        (r"\b[\w-]+\.(yaml|md|typ)\b", "a file name"),
        (r"\b\d{4}-\d{2}-\d{2}\b", "an ISO date"),
    ],
)
def test_no_command_line_words_file_names_or_iso_dates_in_any_printed_text(
    made: Made, pattern: str, what: str
) -> None:
    found = []
    for name, pdf in made.pdfs.items():
        text = pdf_text(pdf)
        found += [f"{name}: {what}: ...{text[max(0, m.start() - 40) : m.end() + 20]}..."
                  for m in re.finditer(pattern, text)]  # fmt: skip
    assert found == []


def test_no_report_carries_a_phone_number_a_nik_or_a_whatsapp_link(made: Made) -> None:
    from pypdf import PdfReader

    people = participants()
    phones = [p["phone"] for p in people if p.get("phone")]
    niks = [p["nik"] for p in people if p.get("nik")]
    assert phones and niks
    for name, pdf in made.reports().items():
        digits = re.sub(r"\D", "", pdf_text(pdf))
        for number in phones + niks:
            assert number not in digits, (name, number)
        for page in PdfReader(pdf).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A") or {}
                assert "wa.me" not in str(action.get("/URI", "")), name


def test_the_graduates_list_names_those_the_rules_graduate_numbered_and_signed(
    made: Made,
) -> None:
    expected = graduates_by_the_rules(made.finished)
    assert 0 < len(expected) < len(participants())
    owners = {p["id"]: p["owner"] for p in participants()}
    for lang, title, closing in [
        ("id", "DAFTAR LULUSAN", "Demikian daftar ini dibuat dengan sebenarnya"),
        ("en", "LIST OF GRADUATES", "This list is made truthfully"),
    ]:
        text = pdf_text(made.pdfs[f"report-graduates-{lang}"])
        assert title in text and closing in text
        ids = re.findall(r"\b(\d+) (UKM-\d{3})\b", text)
        assert [pid for _no, pid in ids] == sorted(expected)
        assert [int(no) for no, _pid in ids] == list(range(1, len(expected) + 1))
        for pid in expected:
            assert owners[pid] in text
        assert text.index(closing) > text.index(ids[-1][1])  # signed after the last graduate
        assert "Sri Endah Prasetyaningsih" in text and "NIP. 19700101 199503 2 001" in text


def test_mid_programme_the_charts_say_nobody_graduated_yet_instead_of_zero_percent(
    made: Made,
) -> None:
    for lang, words, title in [
        ("id", "belum ada yang lulus", "Kelulusan per kecamatan"),
        ("en", "nobody graduated yet", "Graduation by district"),
    ]:
        pages = pdf_pages(made.pdfs[f"report-programme-{lang}"])
        text = " ".join(" ".join(pages).split())
        chart = text[text.index(title) :]
        chart = chart[: chart.index(")", chart.index("Tunjungan")) + 30]
        assert chart.count(words) == 16  # one a district: nobody has graduated anywhere yet
        assert "0%" not in chart


def test_the_letter_head_is_the_laporan_s_alone_unless_asked(made: Made) -> None:
    assert "Nomor :" in pdf_text(made.pdfs["report-programme-id"])
    for name in ("module", "visits", "impact", "graduates"):
        text = pdf_text(made.pdfs[f"report-{name}-id"])
        assert "Nomor :" not in text and "Kepada Yth." not in text, name
        assert "Blora, 20 Maret 2018" in text and "Mengetahui," in text, name
