"""``ukm compare DIR...``: every programme's row says what ``ukm report`` says of it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.kit.helpers import Run
from tests.kit.rounds import CERTIFICATES, small_round


@pytest.fixture
def regency(tmp_path: Path) -> Path:
    """A folder of programme folders: the sample with certificates, a small round, a broken one."""
    root = tmp_path / "regency"
    shutil.copytree(SAMPLE, root / "blora-2017")
    (root / "blora-2017" / "certificates.yaml").write_text(CERTIFICATES, encoding="utf-8")
    small_round(root / "blora-2019")
    shutil.copytree(SAMPLE, root / "rusak")
    with (root / "rusak" / "participants.yaml").open("a", encoding="utf-8") as f:
        f.write("- id: UKM-001\n  business: X\n")
    (root / "notes").mkdir()  # not a programme: passed over inside a folder of folders
    return root


def as_json(ukm: Run, *args: str, code: int = 0) -> Any:
    result = ukm("--lang", "en", *args, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def test_each_row_is_what_ukm_report_says_of_its_programme(ukm: Run, regency: Path) -> None:
    result = ukm("--lang", "en", "compare", str(regency), "--format", "json")
    assert result.exit_code == 1, result.output  # one folder left out
    assert "rusak" in result.stderr and "check" in result.stderr
    data = json.loads(result.stdout)
    assert [row["folder"] for row in data["programmes"]] == [
        str(regency / "blora-2017"),
        str(regency / "blora-2019"),
    ]
    assert [left["folder"] for left in data["left_out"]] == [str(regency / "rusak")]
    assert data["left_out"][0]["first_error"].startswith("participants.yaml:")
    for row in data["programmes"]:
        folder = row["folder"]
        report = as_json(ukm, "--data", folder, "report")
        impact = as_json(ukm, "--data", folder, "report", "--impact")
        assert row["name"] == report["programme"]["name"]
        assert row["registered"] == report["programme"]["participants"]
        assert row["graduates"] == report["summary"]["graduates"]
        assert row["at_risk"] == report["summary"]["at_risk"]
        assert row["naik_kelas"] == impact["summary"]["moved_up"]
        assert row["classified"] == impact["summary"]["classified"]
        assert row["jobs_added"] == impact["summary"]["jobs_added"]
        assert [(m["id"], m["participants"], m["completed"]) for m in row["modules"]] == [
            (m["id"], m["participants"], m["completed"]) for m in report["modules"]
        ]
    sample, small = data["programmes"]
    assert (sample["certificates"], small["certificates"]) == (2, 0)  # the revoked one not counted
    assert small["registered"] == 5 and small["graduates"] == 1  # UKM-001 completed both modules
    total = data["total"]
    for key in ("registered", "graduates", "at_risk", "naik_kelas", "jobs_added", "certificates"):
        assert total[key] == sample[key] + small[key], key
    assert total["programmes"] == 2
    keuangan = next(m for m in total["modules"] if m["id"] == "keuangan")
    assert keuangan["participants"] == 100 + 5


def test_by_gender_adds_up_what_each_programme_reports_by_gender(ukm: Run, regency: Path) -> None:
    folders = [str(regency / "blora-2017"), str(regency / "blora-2019")]
    data = as_json(ukm, "compare", *folders, "--by", "gender")
    expected: dict[str, list[int]] = {}
    for folder in folders:
        groups = as_json(ukm, "--data", folder, "report", "--by", "gender")["groups"]
        for row in groups["rows"]:
            sums = expected.setdefault(row["group"], [0, 0, 0, 0])
            sums[0] += 1
            sums[1] += row["participants"]
            sums[2] += row["completed"]
            sums[3] += row["at_risk"]
    assert {
        g["group"]: [g["programmes"], g["registered"], g["graduates"], g["at_risk"]]
        for g in data["groups"]
    } == expected
    assert data["by"] == "gender"


def test_every_format_holds_every_programme_and_the_total(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    folders = [str(regency / "blora-2017"), str(regency / "blora-2019")]
    csv_out = ukm("--lang", "en", "compare", *folders, "--format", "csv")
    assert csv_out.exit_code == 0, csv_out.output
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout.lstrip("\ufeff")), delimiter=";"))
    assert [r["folder"] for r in rows] == [*folders, "total"]
    assert rows[-1]["registered"] == "105"
    assert "completed:keuangan" in rows[0]
    md = ukm("--lang", "en", "compare", *folders, "--format", "md").stdout
    assert "Ronde Dua" in md and "| total |" in md
    table = ukm("--lang", "en", "compare", *folders).stdout
    assert "Lokakarya Score Plus Kabupaten Blora 2017" in table and "total" in table
    xlsx = tmp_path / "compare.xlsx"
    assert ukm("--lang", "en", "compare", *folders, "-o", str(xlsx)).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["programmes"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Ronde Dua Pelatihan Uji" in values
    pdf = tmp_path / "compare.pdf"
    printed = ukm("--lang", "en", "compare", *folders, "-o", str(pdf))
    assert printed.exit_code == 0, printed.output
    from tests.kit.pdf import pdf_text

    text = pdf_text(pdf)
    assert "Programmes compared" in text
    assert "Ronde Dua Pelatihan Uji" in text and "Kabupaten Blora 2017" in text


def test_a_folder_given_twice_counts_once_and_a_folder_without_programmes_is_refused(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    data = as_json(ukm, "compare", str(regency / "blora-2019"), str(regency / "blora-2019"))
    assert len(data["programmes"]) == 1
    empty = tmp_path / "kosong"
    empty.mkdir()
    refused = ukm("compare", str(empty))
    assert refused.exit_code == 2
    assert "kosong is not a programme folder and holds none" in refused.stderr


def test_every_folder_broken_is_an_error_naming_each(ukm: Run, regency: Path) -> None:
    result = ukm("compare", str(regency / "rusak"))
    assert result.exit_code == 1
    assert "rusak" in result.stderr and "nothing to compare" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "md", "xlsx", "pdf"])
def test_a_folder_with_errors_is_named_in_every_format_that_holds_more_than_one_table(
    ukm: Run, regency: Path, tmp_path: Path, fmt: str
) -> None:
    # The printed comparison left the broken folder out silently: its table was
    # dropped and report.typ no longer prints the `attention` the payload carried.
    out = tmp_path / f"compare.{fmt}"
    args = ["--lang", "en", "compare", str(regency)]
    result = ukm(*args, *(["--format", fmt] if fmt == "table" else ["-o", str(out)]))
    assert result.exit_code == 1, result.output
    assert "Left out rusak" in result.stderr or "rusak" in result.stderr
    if fmt == "table":
        text = result.stdout
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        cells = load_workbook(out)["left_out"].iter_rows(values_only=True)
        text = " ".join(str(cell) for row in cells for cell in row)
    elif fmt == "pdf":
        from tests.kit.pdf import pdf_text

        text = pdf_text(out)
    else:
        text = out.read_text(encoding="utf-8")
    assert "rusak" in text
    if fmt == "pdf":  # no file name and no command on paper: the folder is named, not its error
        assert "participants.yaml" not in text and "ukm --data" not in text
        assert "until their errors are fixed" in text
    else:
        assert "participants.yaml" in text  # its first error, where it is


def test_the_printed_comparison_names_programmes_not_folders(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    from tests.kit.pdf import pdf_text

    twin = regency / "blora-2017-salinan"  # a second programme of the same name and year
    shutil.copytree(regency / "blora-2017", twin)
    folders = [str(regency / "blora-2017"), str(regency / "blora-2019"), str(twin)]
    pdf = tmp_path / "compare.pdf"
    assert ukm("--lang", "en", "compare", *folders, "-o", str(pdf)).exit_code == 0
    returning = tmp_path / "returning.pdf"
    made = ukm("--lang", "en", "compare", *folders, "--returning", "-o", str(returning))
    assert made.exit_code == 0, made.output
    for text in (pdf_text(pdf), pdf_text(returning)):
        assert "blora-20" not in text and "salinan" not in text and str(regency) not in text
        assert "Ronde Dua Pelatihan Uji" in text
    programmes_table = pdf_text(pdf).split("Completion per module")[0]
    assert " total 205 " in programmes_table  # the total row keeps its label without the folder
    completion = pdf_text(pdf).split("Completion per module")[1]
    # the twins told apart by their place on the command line
    assert "Lokakarya Score Plus Kabupaten Blora 2017 (2017, 1)" in completion
    assert "Lokakarya Score Plus Kabupaten Blora 2017 (2017, 3)" in completion
    # files keep the folders: that is how a person finds the programme again
    rows = as_json(ukm, "compare", *folders)["programmes"]
    assert [row["folder"] for row in rows] == folders


def test_csv_writes_the_year_as_a_number_and_still_guards_formulas(ukm: Run, regency: Path) -> None:
    folder = regency / "blora-2019"
    program = folder / "program.yaml"
    text = program.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    program.write_text(text.replace(name, "name: '=HYPERLINK(\"x\")'"), encoding="utf-8")
    result = ukm("--lang", "en", "compare", str(regency / "blora-2017"), str(folder), "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert [r["year"] for r in rows] == ["2017", "2019", ""]  # not '2017: a year is no formula
    assert rows[1]["programme"] == '\'=HYPERLINK("x")'  # a formula stays text


def test_the_printed_comparison_is_dated_and_signed_on_date(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    from tests.kit.pdf import pdf_text

    folders = [str(regency / "blora-2017"), str(regency / "blora-2019")]
    pdf = tmp_path / "compare.pdf"
    printed = ukm("--lang", "en", "compare", *folders, "-o", str(pdf), "--date", "2019-03-20")
    assert printed.exit_code == 0, printed.output
    text = pdf_text(pdf)
    assert "Blora, 20 March 2019" in text  # the signature's place and date
    today = ukm("--lang", "en", "compare", *folders, "-o", str(tmp_path / "today.pdf"))
    assert today.exit_code == 0, today.output
    assert "Blora, 20 March 2019" not in pdf_text(tmp_path / "today.pdf")
    refused = ukm("--lang", "en", "compare", *folders, "--format", "csv", "--date", "2019-03-20")
    assert refused.exit_code == 2 and "--date can only be used with --format pdf" in refused.stderr
    wrong = ukm("--lang", "en", "compare", *folders, "-o", str(pdf), "--date", "20/13/2019")
    assert wrong.exit_code == 2 and "--date:" in wrong.stderr
