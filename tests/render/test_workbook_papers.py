"""A workbook an office can use as it is: Rupiah and percentages formatted, phones where people
are to be called, totals under tables of counts, labels that say what they count, ready to print.

Each workbook is made by ``ukm ... -o F.xlsx`` and read back with openpyxl; the
figures it must hold come from the same report's JSON, added up here.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import Run
from tests.kit.workbook import report_json as _json
from tests.kit.workbook import table_rows, total_row
from tests.kit.workbook import workbook as _book
from ukmtool.core.reports.figures import Ratio
from ukmtool.core.tables.tableset import Column, ColumnKind, Table, TableSet
from ukmtool.render.formats.base import RenderOptions, Report
from ukmtool.render.formats.xlsx import HEADER_ROW, XlsxFormat

REPORTS = {
    "programme": ("report",),
    "module": ("report", "--module", "keuangan"),
    "module by district": ("report", "--module", "keuangan", "--by", "district"),
    "impact": ("report", "--impact"),
    "visits": ("report", "--visits"),
    "modules": ("modules",),
    "participants": ("participants",),
    "graduates": ("report", "--graduates"),
}
CALL_LISTS = {
    "programme": "at_risk",
    "module": "attention",
    "impact": "no_follow_up",
    "visits": "stale",
}
"""The sheet of each report that lists people to phone."""


def _by_header(sheet: Any) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[HEADER_ROW]]
    return [dict(zip(header, row, strict=False)) for row in table_rows(sheet, values_only=True)]


def _total(sheet: Any) -> dict[str, Any]:
    header = [c.value for c in sheet[HEADER_ROW]]
    row = total_row(sheet, values_only=True)
    assert row is not None, sheet.title
    return dict(zip(header, row, strict=False))


@pytest.mark.parametrize("report", REPORTS)
def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row_on_every_page(
    ukm: Run, sample: Path, tmp_path: Path, report: str
) -> None:
    book = _book(ukm, sample, tmp_path / "r.xlsx", *REPORTS[report])
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)  # 1: the default, unsaid
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert sheet.print_options.gridLines
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        assert sheet.oddHeader.left.text  # the programme's name on every page
    with zipfile.ZipFile(tmp_path / "r.xlsx") as files:
        core = files.read("docProps/core.xml").decode()
    assert "<dc:creator>ukm</dc:creator>" in core  # ukm's own: it may replace it in the folder


def test_money_is_rupiah_and_its_total_adds_the_rows(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    data = _json(ukm, sample, "report", "--impact")
    book = _book(ukm, sample, tmp_path / "i.xlsx", "report", "--impact")
    sheet = book["businesses"]
    rows = table_rows(sheet)
    header = [c.value for c in sheet[HEADER_ROW]]
    assert len(rows) == len(data["participants"])
    money = {
        "sales a month at baseline": "baseline_sales",
        "sales a month at latest": "latest_sales",
        "change": "sales_change",
        "capital at baseline": "baseline_capital",
        "capital at latest": "latest_capital",
    }
    for name, key in money.items():
        column = header.index(name)
        for row, person in zip(rows, data["participants"], strict=True):
            cell = row[column]
            assert cell.value == person[key]
            if cell.value is not None:
                assert cell.data_type == "n" and '"Rp"#,##0' in cell.number_format
        total = _total(sheet)[name]
        assert total == sum(p[key] for p in data["participants"] if p[key] is not None)
    signed = sheet.cell(HEADER_ROW + 1, header.index("change") + 1).number_format
    assert signed.startswith('+"Rp"')  # a change says its sign
    pct = header.index("change %")
    first = data["participants"][0]["sales_change_pct"]
    assert rows[0][pct].value == pytest.approx(first / 100)
    assert "%" in rows[0][pct].number_format

    summary = {r["item"]: r for r in _by_header(book["summary"])}
    change = summary["change in sales a month"]["value"]
    assert change == data["summary"]["sales_change"]
    cells = {c.value: c for c in book["summary"]["A"]}
    value = book["summary"].cell(cells["change in sales a month"].row, 2)
    assert '"Rp"' in value.number_format


def test_percentages_are_fractions_shown_as_percentages_everywhere(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    book = _book(ukm, sample, tmp_path / "m.xlsx", "modules")
    modules = _json(ukm, sample, "modules")["modules"]
    rows = _by_header(book["modules"])
    assert "minimum attendance" in [c.value for c in book["modules"][HEADER_ROW]]
    for row, module in zip(rows, modules, strict=True):
        assert row["minimum attendance"] == pytest.approx(module["min_attendance"] / 100)
    for cell in (r[2] for r in table_rows(book["modules"])):
        assert cell.number_format == "0%"

    data = _json(ukm, sample, "report", "--module", "keuangan")
    book = _book(ukm, sample, tmp_path / "k.xlsx", "report", "--module", "keuangan")
    summary = book["summary"]
    labelled = {r[0].value: r[1] for r in table_rows(summary)}
    minimum = labelled["minimum attendance"]
    assert (minimum.value, minimum.number_format) == (
        pytest.approx(data["module"]["min_attendance"] / 100),
        "0%",
    )
    to_date = labelled["Attendance to date (att/held)"]
    assert to_date.value == pytest.approx(data["summary"]["to_date"], abs=1e-4)
    assert to_date.number_format == "0%"


def test_a_table_of_counts_has_a_total_row_that_adds_its_rows(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    data = _json(ukm, sample, "report", "--module", "keuangan")
    book = _book(ukm, sample, tmp_path / "k.xlsx", "report", "--module", "keuangan")
    sheet = book["sessions"]
    sessions = data["sessions"]
    total = _total(sheet)
    assert total["session"] == "total"
    for name, key in (
        ("pres", "present"),
        ("late", "late"),
        ("exc", "excused"),
        ("sick", "sick"),
        ("abs", "absent"),
        ("att", "attended"),
    ):
        assert total[name] == sum(s[key] for s in sessions), name
    held = [s for s in sessions if s["held"]]
    assert len(held) < len(sessions)  # the sample's module has a session still to hold
    attended = sum(s["attended"] for s in held)
    counted = sum(s["counted"] for s in held)
    assert total["attended (att/counted)"] == pytest.approx(attended / counted)
    assert total["attended (att/counted)"] == pytest.approx(data["summary"]["to_date"], abs=1e-4)
    assert total["counted"] is None  # a session not held counts everyone: no sum says anything
    row = total_row(sheet)
    assert row is not None and all(c.font.bold for c in row if c.value is not None)
    # the total stays out of the filter's range and the chart's: sorting leaves it under the rows
    assert sheet.auto_filter.ref.endswith(str(HEADER_ROW + len(sessions)))

    people = data["participants"]
    total = _total(book["participants"])
    for name in ("present", "late", "excused", "sick", "absent", "held"):
        assert total[name] == sum(p[name] for p in people), name
    assert "status" not in total or total["status"] is None  # words are not added up

    # a table with its own total row (the groups of --by) gets no second one
    book = _book(
        ukm, sample, tmp_path / "g.xlsx", "report", "--module", "keuangan", "--by", "sector"
    )
    groups = table_rows(book["groups"])
    assert groups[-1][0].value == "total"
    assert total_row(book["groups"]) is None


def test_summary_labels_say_what_they_count_each_once(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    for lang in ("en", "id"):
        for args in (("report",), ("report", "--module", "keuangan"), ("report", "--visits")):
            book = _book(ukm, sample, tmp_path / "s.xlsx", *args, lang=lang)
            labels = [r[0].value for r in table_rows(book["summary"])]
            assert len(labels) == len(set(labels)), (lang, args, labels)
    book = _book(ukm, sample, tmp_path / "k.xlsx", "report", "--module", "keuangan")
    labels = {r[0].value: r[1].value for r in table_rows(book["summary"])}
    summary = _json(ukm, sample, "report", "--module", "keuangan")["summary"]["attendance"]
    assert labels["marked present"] == summary["present"]
    assert labels["absent or not marked"] == summary["absent"]
    assert labels["sessions held"] != labels["held sessions that count, over all participants"]
    assert "held" not in labels and "present" not in labels


@pytest.mark.parametrize("report", CALL_LISTS)
def test_every_list_of_people_to_call_has_their_phones_as_whatsapp_links(
    ukm: Run, sample: Path, tmp_path: Path, report: str
) -> None:
    people = {p["id"]: p for p in _json(ukm, sample, "participants")["participants"]}
    book = _book(ukm, sample, tmp_path / "c.xlsx", *REPORTS[report])
    sheet = book[CALL_LISTS[report]]
    header = [c.value for c in sheet[HEADER_ROW]]
    assert {"id", "owner", "phone"} <= set(header)
    rows = table_rows(sheet)
    assert rows
    ids, phones = header.index("id"), header.index("phone")
    for row in rows:
        want = people[row[ids].value].get("phone")
        cell = row[phones]
        assert cell.value == want
        if want:
            assert cell.data_type == "s"
            assert cell.hyperlink.target == "https://wa.me/62" + want[1:]


def _phones_report(count: int) -> Report:
    rows = [(f"UKM-{i:03}", f"08123456{i:04}") for i in range(1, count + 1)]
    table = Table(
        "call",
        "People to call",
        [Column("id", "id", ColumnKind.CODE), Column("phone", "phone", ColumnKind.CODE)],
        rows,
    )
    return Report(
        lambda: TableSet("Call list", [table], primary="call"), lambda: {}, heading=("Programme",)
    )


def test_phones_past_excels_limit_of_links_stay_as_text_and_the_sheet_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from ukmtool.render.formats.workbook import sheets

    monkeypatch.setattr(sheets, "MAX_LINKS", 3)
    out = tmp_path / "c.xlsx"
    out.write_bytes(XlsxFormat().render(_phones_report(5), RenderOptions()))
    sheet = load_workbook(out)["call"]
    rows = table_rows(sheet)
    assert [r[1].value for r in rows] == [f"08123456{i:04}" for i in range(1, 6)]
    assert [r[1].hyperlink is not None for r in rows] == [True, True, True, False, False]
    note = sheet.cell(4, 1).value
    assert str(HEADER_ROW + 3) in note and "3" in note


def test_totals_of_percentages_are_parts_over_wholes_and_a_sheet_of_words_has_none(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    table = Table(
        "t",
        "Shares",
        [
            Column("name", "name", ColumnKind.TEXT),
            Column("n", "n", ColumnKind.INT, total=True),
            Column("share", "share", ColumnKind.PERCENT, total=True),
            Column("money", "money", ColumnKind.MONEY, total=True),
            Column("day", "day", ColumnKind.DATE),
        ],
        [
            ("a", 1, Ratio(1, 4), 1_500_000, date(2018, 1, 8)),
            ("b", 2, Ratio(3, 4), None, date(2018, 1, 9)),
            ("c", None, Ratio(0, 0), 2_000_000, None),
        ],
    )
    words = Table("w", "Words", [Column("name", "name", ColumnKind.TEXT)], [("x",), ("y",)])
    report = Report(lambda: TableSet("T", [table, words], primary="t"), lambda: {}, heading=("P",))
    out = tmp_path / "t.xlsx"
    out.write_bytes(XlsxFormat().render(report, RenderOptions()))
    book = load_workbook(out)
    total = [c.value for c in total_row(book["t"]) or ()]
    assert total[:4] == ["total", 3, pytest.approx(0.5), 3_500_000]
    assert total[4] is None
    rows = table_rows(book["t"])
    assert rows[2][2].value is None  # 0 of 0 is no percentage
    assert total_row(book["w"]) is None
