"""``ukm report --format pdf``: the printed reports agree with ``--format json``.

Text is read back with pypdf; every page is drawn with pypdfium2.  The
figures and names are taken from the JSON of the same report, never typed
in here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from tests.kit.helpers import Run
from tests.kit.pdf import pdf_pages, pdf_text, render_pages


def report_json(ukm: Run, folder: Path, *args: str) -> dict:
    result = ukm("--data", str(folder), "report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report_pdf(ukm: Run, folder: Path, out: Path, *args: str) -> Path:
    result = ukm("--data", str(folder), "report", *args, "--format", "pdf", "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


def owners(folder: Path) -> dict[str, dict]:
    entries = yaml.safe_load((folder / "participants.yaml").read_text(encoding="utf-8"))
    return {e["id"]: e for e in entries}


def links(path: Path) -> list[str]:
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(path.read_bytes())).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_the_programme_report_says_what_the_json_says(
    ukm: Run, sample: Path, isolated: Path
) -> None:
    data = report_json(ukm, sample)
    pdf = report_pdf(ukm, sample, isolated / "programme.pdf")
    text = pdf_text(pdf)
    people = owners(sample)
    assert data["programme"]["name"] in text
    assert "ACTIVITY REPORT" in text
    for module in data["modules"]:
        assert module["title"] in text
    summary = data["summary"]
    assert f"Participants {summary['participants']}" in text
    # it goes to the Bupati or a sponsor: no phone, no WhatsApp link (ukm print calls has them)
    assert data["at_risk"]
    for who in people.values():
        if who.get("phone"):
            assert who["phone"] not in text
    assert not [link for link in links(pdf) if "wa.me" in link]
    # the appendix: one row per participant, with its owner
    for pid, who in people.items():
        assert pid in text and who["owner"] in text
    sizes = render_pages(pdf, scale=0.3)
    assert len(sizes) >= 3 and all(w < h for w, h in sizes[:2])  # A4 upright, appendix across
    assert sizes[-1][0] > sizes[-1][1]


def test_the_module_report_says_what_the_json_says(ukm: Run, sample: Path, isolated: Path) -> None:
    data = report_json(ukm, sample, "--module", "keuangan")
    pdf = report_pdf(ukm, sample, isolated / "keuangan.pdf", "--module", "keuangan")
    text = pdf_text(pdf)
    people = owners(sample)
    s = data["summary"]
    assert data["module"]["title"] in text
    assert (
        f"{s['participants']}: {s['completed']} completed, {s['in_progress']} in progress "
        f"({s['at_risk']} at risk), {s['failed']} failed"
    ) in text
    for session in data["sessions"]:
        if session["held"] and session["topic"]:
            assert session["topic"].split()[0] in text
    attention = [
        p
        for p in data["participants"]
        if p["at_risk"] or p["status"] == "failed" or p["missed_last_two"]
    ]
    for p in attention:
        assert people[p["id"]]["owner"] in text
    for p in data["participants"]:
        assert p["id"] in text and p["business"] in text


def test_the_visits_report_names_the_stale_businesses_without_their_phones(
    ukm: Run, sample: Path, isolated: Path
) -> None:
    data = report_json(ukm, sample, "--visits")
    pdf = report_pdf(ukm, sample, isolated / "visits.pdf", "--visits")
    text = pdf_text(pdf)
    people = owners(sample)
    stale = [b for b in data["businesses"] if b["stale"]]
    assert stale
    for b in stale:
        assert people[b["id"]]["owner"] in text
        assert not people[b["id"]].get("phone") or people[b["id"]]["phone"] not in text
    for trainer in data["trainers"]:
        assert trainer["trainer"] in text
    for practice in data["practices"]:
        assert practice["text"] in text


def test_both_languages_print_the_same_pages_with_their_own_words(
    ukm: Run, sample: Path, isolated: Path
) -> None:
    en = report_pdf(ukm, sample, isolated / "en.pdf", "--module", "keuangan")
    result = ukm(
        "--data", str(sample), "--lang", "id", "report", "--module", "keuangan",
        "--format", "pdf", "-o", str(isolated / "id.pdf"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    indonesian = pdf_text(isolated / "id.pdf")
    assert "LAPORAN MODUL Tertib Keuangan" in indonesian
    assert "Halaman 1" in indonesian  # numbered without a total (parts)
    assert "Module report" not in indonesian and "MODULE REPORT" not in indonesian
    assert len(pdf_pages(isolated / "id.pdf")) == len(pdf_pages(en))


def test_a_filtered_report_says_what_it_covers(ukm: Run, sample: Path, isolated: Path) -> None:
    pdf = report_pdf(ukm, sample, isolated / "cepu.pdf", "--district", "Cepu")
    data = report_json(ukm, sample, "--district", "Cepu")
    text = pdf_text(pdf)
    assert (
        f"Only the {data['summary']['participants']} participants chosen by district: Cepu" in text
    )


@pytest.mark.parametrize("command", [("show", "UKM-001"), ("modules",), ("participants",)])
def test_other_outputs_have_no_printed_form(
    ukm: Run, sample: Path, isolated: Path, command: tuple[str, ...]
) -> None:
    out = isolated / "x.pdf"
    result = ukm("--data", str(sample), *command, "-o", str(out))  # the ending asks for a pdf
    assert result.exit_code == 2
    assert "no printed form" in result.output
    assert not out.exists()
    offered = ukm("--data", str(sample), *command, "--format", "pdf", "-o", str(out))
    assert offered.exit_code == 2  # not even offered: --format takes table|csv|json|md|xlsx
    assert "'pdf' is not one of 'table', 'csv', 'json', 'md', 'xlsx'" in offered.output
    assert not out.exists()


def test_a_broken_report_template_leaves_no_pdf(ukm: Run, sample: Path, isolated: Path) -> None:
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "report.typ").write_text('#import "common.typ": data\n#data.nope\n')
    out = isolated / "r.pdf"
    result = ukm("--data", str(sample), "report", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert "report.typ:2" in result.output and "nope" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "table", "key"),
    [
        ((), "at_risk", "at_risk"),
        (("--module", "keuangan"), "attention", "participants"),
        (("--visits",), "stale", "businesses"),
    ],
)
def test_lists_of_people_to_phone_carry_owner_and_phone_in_every_format(
    ukm: Run, sample: Path, isolated: Path, args: tuple[str, ...], table: str, key: str
) -> None:
    people = owners(sample)
    data = report_json(ukm, sample, *args)
    for entry in data[key]:
        assert entry["owner"] == people[entry["id"]]["owner"]
        assert entry["phone"] == people[entry["id"]].get("phone")
    out = isolated / "r.xlsx"
    assert ukm("--data", str(sample), "report", *args, "-o", str(out)).exit_code == 0
    from openpyxl import load_workbook

    from ukmtool.render.formats.xlsx import HEADER_ROW

    sheet = load_workbook(out, read_only=True)[table]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    header = list(rows[0])
    assert {"owner", "phone"} <= set(header)  # the English headers (the test's language)
    assert len(rows) > 1
    for row in rows[1:]:
        who = people[row[header.index("id")]]
        assert row[header.index("owner")] == who["owner"]
        assert row[header.index("phone")] == who.get("phone")
