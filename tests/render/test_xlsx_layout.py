"""``--format xlsx`` is a workbook for people, and ukm reads its own participants workbook back.

Each sheet: a title block (programme, report, day), then the header row in the
report's language (row 5), frozen and filtered; words (status, gender, yes/no)
in that language; percentages and dates as Excel numbers with their formats.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.kit.helpers import Run
from tests.kit.workbook import report_json as _json
from tests.kit.workbook import table_rows
from tests.kit.workbook import workbook as _book

HEADER = 5
"""The header row: under the title block (programme, report, day, an empty row)."""

PARTICIPANT_HEADERS = {
    "en": [
        "id",
        "business",
        "owner",
        "gender",
        "sector",
        "district",
        "village",
        "phone",
        "employees",
        "NIK",
        "registered",
        "tags",
        "NIB",
        "exempt from",
    ],
    "id": [
        "id",
        "usaha",
        "pemilik",
        "jenis kelamin",
        "jenis usaha",
        "kecamatan",
        "desa",
        "nomor HP",
        "karyawan",
        "NIK",
        "terdaftar",
        "label",
        "NIB",
        "dibebaskan dari",
    ],
}
WORDS = {
    "en": {
        "F": "female",
        "M": "male",
        "completed": "completed",
        "in_progress": "in progress",
        "failed": "failed",
        "at_risk": "at risk",
        "missed": "missed",
        "exempt": "exempt",
        True: "yes",
        False: "no",
    },
    "id": {
        "F": "perempuan",
        "M": "laki-laki",
        "completed": "selesai",
        "in_progress": "berjalan",
        "failed": "tidak lulus",
        "at_risk": "berisiko",
        "missed": "terlewat",
        "exempt": "dibebaskan",
        True: "ya",
        False: "tidak",
    },
}
PRINTED = {"en": "Printed on", "id": "Dicetak"}


def _header(sheet: Any) -> list[Any]:
    return [c.value for c in sheet[HEADER]]


def _day(cell: Any) -> date:
    assert cell.is_date, cell.value
    assert cell.number_format == "yyyy-mm-dd"
    value = cell.value
    return value.date() if isinstance(value, datetime) else value


def test_a_workbook_has_widths_a_frozen_filtered_header_and_real_percentages(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    data = _json(ukm, sample, "report", "--module", "keuangan")
    book = _book(ukm, sample, tmp_path / "k.xlsx", "report", "--module", "keuangan")
    sheet = book["participants"]
    header = _header(sheet)
    assert sheet.freeze_panes == f"A{HEADER + 1}"
    last = sheet.cell(HEADER, len(header)).column_letter
    assert sheet.auto_filter.ref == f"A{HEADER}:{last}{HEADER + len(data['participants'])}"
    assert all(c.font.bold for c in sheet[HEADER])
    business = sheet.column_dimensions[
        sheet.cell(HEADER, header.index("business") + 1).column_letter
    ]
    longest = max(len(p["business"]) for p in data["participants"])
    assert business.width >= longest
    column = header.index("to date att/held")
    rows = table_rows(sheet)
    for row, want in zip(rows, data["participants"], strict=True):
        cell = row[column]
        if want["to_date"] is None:
            assert cell.value is None
        else:
            assert abs(cell.value - want["to_date"]) < 0.0001
            assert cell.number_format == "0%"


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.usefixtures("during_the_programme")
def test_each_sheet_has_a_title_block_and_headers_and_words_in_the_reports_language(
    ukm: Run, sample: Path, tmp_path: Path, lang: str
) -> None:
    program = yaml.safe_load((sample / "program.yaml").read_text(encoding="utf-8"))
    people = _json(ukm, sample, "participants", "--show-nik")["participants"]
    book = _book(ukm, sample, tmp_path / "p.xlsx", "participants", "--show-nik", lang=lang)
    sheet = book["participants"]
    assert sheet["A1"].value == program["name"]
    assert sheet["A1"].font.bold
    assert sheet["A2"].value
    assert sheet["A3"].value.startswith(PRINTED[lang])
    assert [c.value for c in sheet[HEADER - 1] if c.value is not None] == []
    assert _header(sheet) == PARTICIPANT_HEADERS[lang]
    gender = PARTICIPANT_HEADERS[lang].index(PARTICIPANT_HEADERS[lang][3])
    registered = PARTICIPANT_HEADERS[lang].index(PARTICIPANT_HEADERS[lang][10])
    rows = table_rows(sheet)
    assert len(rows) == len(people)
    for row, person in zip(rows, people, strict=True):
        assert row[gender].value == WORDS[lang][person["gender"]]
        assert _day(row[registered]) == date.fromisoformat(person["registered"])

    module = _json(ukm, sample, "report", "--module", "keuangan")
    book = _book(ukm, sample, tmp_path / "k.xlsx", "report", "--module", "keuangan", lang=lang)
    sessions = book["sessions"]
    held = [c.value for c in sessions[HEADER]].index("held" if lang == "en" else "terlaksana")
    for row, want in zip(table_rows(sessions), module["sessions"], strict=True):
        assert _day(row[1]) == date.fromisoformat(want["date"])
        assert row[held].value == WORDS[lang][want["held"]]
    status = _header(book["participants"]).index("status")
    got = [r[status].value for r in table_rows(book["participants"])]
    assert got == [WORDS[lang][p["status"]] for p in module["participants"]]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.usefixtures("during_the_programme")
def test_the_programme_workbook_lists_every_participant_with_their_standing_per_module(
    ukm: Run, sample: Path, tmp_path: Path, lang: str
) -> None:
    whole = _json(ukm, sample, "report")
    book = _book(ukm, sample, tmp_path / "p.xlsx", "report", lang=lang)
    sheet = book["standing"]
    header = _header(sheet)
    titles = [m["title"] for m in whole["modules"]]
    assert header[-len(titles) :] == titles
    assert sheet.freeze_panes == f"A{HEADER + 1}"
    rows = {r[0].value: r for r in table_rows(sheet)}
    everyone = {p["id"] for p in _json(ukm, sample, "participants")["participants"]}
    assert set(rows) == everyone
    for position, module in enumerate(whole["modules"]):
        one = _json(ukm, sample, "report", "--module", module["id"])
        for p in one["participants"]:
            word = WORDS[lang]["at_risk" if p["at_risk"] else p["status"]]
            assert rows[p["id"]][len(header) - len(titles) + position].value == word


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("nik", [True, False], ids=["show-nik", "masked-nik"])
def test_register_from_imports_ukms_own_participants_workbook(
    ukm: Run, sample: Path, tmp_path: Path, lang: str, nik: bool
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("program.yaml", "modules.yaml"):
        shutil.copy(sample / name, fresh / name)
    (fresh / "participants.yaml").write_text("", encoding="utf-8")
    (fresh / "attendance").mkdir()
    book = tmp_path / "peserta.xlsx"
    shown = ("--show-nik",) if nik else ()
    args = ("--lang", lang, "--data", str(sample), "participants", *shown, "-o", str(book))
    result = ukm(*args)
    assert result.exit_code == 0, result.output
    result = ukm(
        "--lang", lang, "--data", str(fresh), "register", "--from", str(book), "--no-input"
    )
    assert result.exit_code == 0, result.output
    before = yaml.safe_load((sample / "participants.yaml").read_text(encoding="utf-8"))
    after = yaml.safe_load((fresh / "participants.yaml").read_text(encoding="utf-8"))
    fields = ("id", "business", "owner", "gender", "sector", "district", "phone", "registered")
    assert [tuple(p.get(f) for f in fields) for p in after] == [
        tuple(p.get(f) for f in fields) for p in before
    ]
    if nik:
        assert [p.get("nik") for p in after] == [p.get("nik") for p in before]
    else:  # a masked NIK is left out, never stored
        assert all("nik" not in p for p in after)


def test_the_summary_sheet_charts_completion_and_attendance_from_the_tables_cells(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    modules = len(_json(ukm, sample, "report")["modules"])
    (chart,) = _book(ukm, sample, tmp_path / "p.xlsx", "report")["summary"]._charts
    refs = [s.val.numRef.f for s in chart.series]
    # completed, in progress, failed of every module, from the modules sheet's rows
    assert [r.split("!")[0].strip("'") for r in refs] == ["modules"] * 3
    cells = rf"\$[A-Z]+\${HEADER + 1}:\$[A-Z]+\${HEADER + modules}"
    assert all(re.fullmatch(rf"'?modules'?!{cells}", r) for r in refs), refs
    assert chart.grouping == "stacked"

    args = ("report", "--module", "keuangan", "--by", "district")
    charts = _book(ukm, sample, tmp_path / "m.xlsx", *args)["summary"]._charts
    sheets = sorted({s.val.numRef.f.split("!")[0].strip("'") for c in charts for s in c.series})
    assert sheets == ["groups", "sessions"]


def test_the_people_to_phone_open_a_whatsapp_chat(ukm: Run, sample: Path, tmp_path: Path) -> None:
    data = _json(ukm, sample, "report", "--module", "keuangan")
    book = _book(ukm, sample, tmp_path / "k.xlsx", "report", "--module", "keuangan")
    sheet = book["attention"]
    column = _header(sheet).index("phone")
    links = {
        row[column].value: row[column].hyperlink.target
        for row in table_rows(sheet)
        if row[column].value
    }
    attention = [
        p
        for p in data["participants"]
        if p["status"] == "failed" or p["at_risk"] or p["missed_last_two"]
    ]
    phones = {p["phone"] for p in attention if p["phone"]}
    assert phones and set(links) == phones
    for phone, target in links.items():
        assert target == "https://wa.me/62" + phone[1:]  # 08... -> 628...
