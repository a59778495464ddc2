"""``ukm measure``: figures appended to indicators.yaml, checked, in the file's own style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Run, programme
from ukmtool.core.reading.folder import Folder
from ukmtool.core.reading.loader import load

INDICATORS = """\
# endline survey, typed by hand
- participant: UKM-001
  date: 2018-03-10
  monthly_sales: 22500000   # checked twice
  employees: 4

"""


def measurements(folder: Path) -> list[tuple[str, str, int | None, int | None, int | None]]:
    result = load(Folder(folder))
    assert result.ok, [d.message for d in result.errors]
    assert result.programme is not None
    return [
        (m.participant, m.date.isoformat(), m.monthly_sales, m.capital, m.employees)
        for m in result.programme.indicators
    ]


def measure(ukm: Run, folder: Path, *args: str):
    return ukm("--data", str(folder), "measure", *args)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


def test_the_first_measurement_creates_the_file(ukm: Run, folder: Path) -> None:
    result = measure(
        ukm,
        folder,
        "UKM-002",
        "--date",
        "2018-03-12",
        "--sales",
        "Rp 9,5 jt",
        "--capital",
        "30.000.000",
        "--employees",
        "3",
        "--source",
        "survei akhir",
    )
    assert result.exit_code == 0, result.output
    assert "Created" in result.stdout and "Rp9,500,000" in result.stdout
    assert "Recorded 1 measurement." in result.stdout
    assert measurements(folder) == [("UKM-002", "2018-03-12", 9_500_000, 30_000_000, 3)]
    text = (folder / "indicators.yaml").read_text(encoding="utf-8")
    assert text.startswith("# indicators.yaml")
    assert "  monthly_sales: 9500000\n" in text and "  source: survei akhir\n" in text


def test_appending_keeps_every_byte_a_person_wrote(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", indicators=INDICATORS)
    before = (folder / "indicators.yaml").read_bytes()
    result = measure(ukm, folder, "2", "--date", "2018-03-11", "--sales", "12 jt")
    assert result.exit_code == 0, result.output
    after = (folder / "indicators.yaml").read_bytes()
    assert after.startswith(before)
    assert measurements(folder)[-1] == ("UKM-002", "2018-03-11", 12_000_000, None, None)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("UKM-001", "--date", "2018-03-10", "--sales", "1jt"), 1, "already has a measurement"),
        (("UKM-002", "--date", "2017-12-31", "--sales", "1jt"), 1, "before UKM-002 registered"),
        (("UKM-009", "--sales", "1jt"), 1, "UKM-009"),
        (("UKM-002", "--date", "2018-03-10"), 2, "No figures are given"),
        (("UKM-002", "--sales", "15 jutaan"), 2, "--sales: '15 jutaan'"),
        (("UKM-002", "--capital", "-5"), 2, "--capital: '-5' is negative"),
        (("UKM-002", "--employees", "2,5"), 2, "--employees"),
        (("UKM-002", "--date", "2099-01-01", "--sales", "1jt"), 2, "after today"),
        (("--sales", "1jt"), 2, "Name the business"),
    ],
)
def test_refused_with_the_reason_and_nothing_written(
    ukm: Run, tmp_path: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    folder = programme(tmp_path / "p", indicators=INDICATORS)
    before = (folder / "indicators.yaml").read_bytes()
    result = measure(ukm, folder, *args)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert (folder / "indicators.yaml").read_bytes() == before


def test_a_dry_run_shows_what_would_be_stored(ukm: Run, folder: Path) -> None:
    result = measure(
        ukm,
        folder,
        "UKM-001",
        "--date",
        "2018-03-10",
        "--sales",
        "1,2 M",
        "--dry-run",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["created"] is False
    assert data["added"] == [
        {
            "participant": "UKM-001",
            "date": "2018-03-10",
            "monthly_sales": 1_200_000_000,
            "capital": None,
            "employees": None,
            "source": None,
            "law": "UU 20/2008",
            "class": "menengah",
        }
    ]
    assert not (folder / "indicators.yaml").exists()


def test_the_report_counts_what_was_measured(ukm: Run, tmp_path: Path) -> None:
    participants = (
        "- id: UKM-001\n  business: Batik Sekar\n  owner: Rina\n  gender: F\n  sector: batik\n"
        "  district: Jepon\n  registered: 2018-01-01\n  monthly_sales: 24000000\n"
        "  employees: 3\n"
    )
    folder = programme(tmp_path / "p", participants=participants)
    assert (
        measure(
            ukm, folder, "1", "--date", "2018-03-10", "--sales", "26jt", "--employees", "5"
        ).exit_code
        == 0
    )
    data = json.loads(ukm("--data", str(folder), "report", "--impact", "--format", "json").stdout)
    row = data["participants"][0]
    # Rp24 juta a month is Rp288 juta a year: mikro; Rp26 juta is Rp312 juta: kecil
    assert (row["baseline_class"], row["latest_class"], row["moved_up"]) == ("mikro", "kecil", True)
    assert row["jobs_added"] == 2
