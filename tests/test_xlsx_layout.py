"""``--format xlsx`` opens ready to read, and ukm reads its own participants workbook back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.helpers import Run


def test_a_workbook_has_widths_a_frozen_filtered_header_and_real_percentages(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "k.xlsx"
    assert (
        ukm("--data", str(sample), "report", "--module", "keuangan", "-o", str(out)).exit_code == 0
    )
    data = json.loads(
        ukm("--data", str(sample), "report", "--module", "keuangan", "--format", "json").stdout
    )
    sheet = load_workbook(out)["participants"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref
        == f"A1:{sheet.cell(1, len(header)).column_letter}{len(data['participants']) + 1}"
    )
    assert all(c.font.bold for c in sheet[1])
    business = sheet.column_dimensions[sheet.cell(1, header.index("business") + 1).column_letter]
    longest = max(len(p["business"]) for p in data["participants"])
    assert business.width >= longest
    column = header.index("pct_attended_of_held")
    for row, want in zip(sheet.iter_rows(min_row=2), data["participants"], strict=True):
        cell = row[column]
        if want["to_date"] is None:
            assert cell.value is None
        else:
            assert abs(cell.value - want["to_date"]) < 0.0001
            assert cell.number_format == "0%"


def test_register_from_imports_ukms_own_participants_workbook(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("program.yaml", "modules.yaml"):
        shutil.copy(sample / name, fresh / name)
    (fresh / "participants.yaml").write_text("", encoding="utf-8")
    (fresh / "attendance").mkdir()
    book = tmp_path / "peserta.xlsx"
    result = ukm("--data", str(sample), "participants", "--show-nik", "-o", str(book))
    assert result.exit_code == 0, result.output
    result = ukm("--data", str(fresh), "register", "--from", str(book), "--no-input")
    assert result.exit_code == 0, result.output
    before = yaml.safe_load((sample / "participants.yaml").read_text(encoding="utf-8"))
    after = yaml.safe_load((fresh / "participants.yaml").read_text(encoding="utf-8"))
    assert [(p["business"], p["owner"], p.get("phone")) for p in after] == [
        (p["business"], p["owner"], p.get("phone")) for p in before
    ]


def test_the_summary_sheet_charts_completion_and_attendance_from_the_tables_cells(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    programme = tmp_path / "p.xlsx"
    assert ukm("--data", str(sample), "report", "-o", str(programme)).exit_code == 0
    modules = len(
        json.loads(ukm("--data", str(sample), "report", "--format", "json").stdout)["modules"]
    )
    (chart,) = load_workbook(programme)["summary"]._charts
    refs = [s.val.numRef.f for s in chart.series]
    # completed, in progress, failed of every module, from the modules sheet
    assert [r.split("!")[0].strip("'") for r in refs] == ["modules"] * 3
    assert all(r.endswith(f"${modules + 1}") for r in refs)
    assert chart.grouping == "stacked"

    module = tmp_path / "m.xlsx"
    args = ("report", "--module", "keuangan", "--by", "district", "-o", str(module))
    assert ukm("--data", str(sample), *args).exit_code == 0
    charts = load_workbook(module)["summary"]._charts
    sheets = sorted({s.val.numRef.f.split("!")[0].strip("'") for c in charts for s in c.series})
    assert sheets == ["groups", "sessions"]
