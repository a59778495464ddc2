"""``ukm measure``: figures appended to indicators.yaml, checked, in the file's own style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from ukmtool.core.folder import Folder
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


@pytest.mark.parametrize(
    ("count", "words"), [("1", "2018: 1 employee."), ("3", "2018: 3 employees.")]
)
def test_the_confirmation_counts_employees_in_good_english(
    ukm: Run, folder: Path, count: str, words: str
) -> None:
    result = measure(ukm, folder, "UKM-001", "--date", "2018-03-10", "--employees", count)
    assert result.exit_code == 0, result.output
    assert words in result.output


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


SURVEY = """\
No;ID;Nama usaha;Tanggal;Omzet per bulan;Modal usaha;Jumlah karyawan;Keterangan
1;UKM-001;Batik Sekar;2018-03-11;Rp 24.000.000;45 jt;5;survei akhir
2;UKM-002;Warung Pak Joko;2018-03-12;1,5 juta;;2;
"""


def test_an_endline_survey_is_recorded_row_by_row(ukm: Run, folder: Path, isolated: Path) -> None:
    survey = isolated / "survei-akhir.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    dry = measure(ukm, folder, "--from", str(survey), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Dry run: 2 measurements would be added" in dry.stdout
    assert "Rp24,000,000" in dry.stdout and "Rp1,500,000" in dry.stdout
    assert "left out: No, Nama usaha" in dry.stderr
    assert not (folder / "indicators.yaml").exists()
    result = measure(ukm, folder, "--from", str(survey))
    assert result.exit_code == 0, result.output
    assert measurements(folder) == [
        ("UKM-001", "2018-03-11", 24_000_000, 45_000_000, 5),
        ("UKM-002", "2018-03-12", 1_500_000, None, 2),
    ]


def test_every_row_is_checked_before_anything_is_written(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = programme(tmp_path / "p", indicators=INDICATORS)
    before = (folder / "indicators.yaml").read_bytes()
    survey = isolated / "survei.csv"
    survey.write_text(
        "ID,Tanggal,Omzet/bln\n"
        "UKM-002,2018-03-12,12 jt\n"  # fine
        "UKM-001,2018-03-10,20 jt\n"  # already measured that day
        "UKM-002,2017-12-01,5 jt\n"  # before registering
        "UKM-007,2018-03-12,5 jt\n"  # unknown
        "UKM-002,2018-03-13,15 jutaan\n"  # not money
        "UKM-002,2018-03-12,13 jt\n",  # twice in the file
        encoding="utf-8",
    )
    result = measure(ukm, folder, "--from", str(survey))
    assert result.exit_code == 1, result.output
    assert "Nothing was recorded: 5 of 6 rows in survei.csv have problems." in result.output
    for row, says in [
        (3, "already has a measurement on 2018-03-10"),
        (4, "before UKM-002 registered"),
        (5, "UKM-007"),
        (6, "Omzet/bln: '15 jutaan'"),
        (7, "measured twice on 2018-03-12 (first in row 2)"),
    ]:
        assert f"survei.csv:{row}:" in result.output and says in result.output, says
    assert (folder / "indicators.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Nama,Alamat\nBu Rina,Jl. Pemuda\n", "no table of measurements"),
        ("ID,Omzet,Hobi\nUKM-001,5jt,x\n", "Unknown column 'Hobi'"),
        ("ID,Omzet,Omset/bln\nUKM-001,5jt,6jt\n", "both give the monthly_sales"),
    ],
)
def test_a_survey_ukm_cannot_read_is_refused(
    ukm: Run, folder: Path, isolated: Path, text: str, says: str
) -> None:
    survey = isolated / "survei.csv"
    survey.write_text(text, encoding="utf-8")
    result = measure(ukm, folder, "--from", str(survey))
    assert result.exit_code == 1, result.output
    assert says in result.output
    assert not (folder / "indicators.yaml").exists()


def test_from_does_not_go_with_one_business_s_figures(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    survey = isolated / "survei.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    result = measure(ukm, folder, "UKM-001", "--from", str(survey))
    assert result.exit_code == 2
    assert "cannot be combined with ID" in result.output


def test_an_xlsx_survey_with_a_title_above_the_table(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SURVEI AKHIR LOKAKARYA SCORE PLUS"])
    sheet.append([])
    sheet.append(["ID", "Tanggal", "Omzet per bulan", "Aset", "Tenaga kerja"])
    sheet.append(["UKM-001", "2018-03-11", 24000000, 45000000, 5])
    path = isolated / "survei-akhir.xlsx"
    book.save(path)
    result = measure(ukm, folder, "--from", str(path), "--source", "survei akhir")
    assert result.exit_code == 0, result.output
    assert measurements(folder) == [("UKM-001", "2018-03-11", 24_000_000, 45_000_000, 5)]
    assert "source: survei akhir" in (folder / "indicators.yaml").read_text(encoding="utf-8")


def test_a_long_indicators_file_is_read_only_at_its_ends(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `register`: the loader read the file a moment ago, so only its ends are parsed."""
    from datetime import date

    from ukmtool.core.files import list_file
    from ukmtool.core.yamlio import ends

    where = programme(tmp_path / "p")
    text = "".join(
        f"- participant: UKM-00{n % 2 + 1}\n"
        f"  date: {date.fromordinal(date(2018, 3, 1).toordinal() + n).isoformat()}\n"
        f"  monthly_sales: {1000000 + n}\n"
        for n in range(1000)
    )
    (where / "indicators.yaml").write_text(text, encoding="utf-8", newline="\n")
    assert ukm("--data", str(where), "check").exit_code == 0  # the load cache is warm
    parsed: list[int] = []
    real_parse = ends.parse_text

    def measured_parse(part: str, **kwargs: object) -> object:
        parsed.append(len(part))
        return real_parse(part, **kwargs)  # type: ignore[arg-type]

    def no_whole_read(*args: object) -> None:
        raise AssertionError("indicators.yaml was parsed whole")

    monkeypatch.setattr(ends, "parse_text", measured_parse)
    monkeypatch.setattr(list_file, "_parse_whole", no_whole_read)
    result = measure(ukm, where, "UKM-002", "--date", "2018-03-03", "--employees", "5")
    assert result.exit_code == 0, result.output
    assert len(parsed) == 2 and sum(parsed) < len(text) / 3
    after = (where / "indicators.yaml").read_text(encoding="utf-8")
    assert after.startswith(text)
    assert measurements(where)[-1] == ("UKM-002", "2018-03-03", None, None, 5)
