"""One business across programmes: history, compare --returning, earlier at registration."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import Run, build_tree

PROGRAM = """\
name: Pelatihan {year}
organizer: Dinas Uji
starts: {year}-01-01
ends: {year}-03-31
language: en
districts: [Cepu, Jepon]
sectors: [batik, kuliner]
{extra}"""

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {{date: {year}-01-08}}
    2: {{date: {year}-01-15}}
"""


def entry(pid: str, business: str, owner: str, year: int, **more: str) -> str:
    lines = [
        f"- id: {pid}",
        f"  business: {business}",
        f"  owner: {owner}",
        "  gender: F",
        "  sector: batik",
        "  district: Cepu",
        *(f'  {key}: "{value}"' for key, value in more.items()),
        f"  registered: {year}-01-01",
    ]
    return "\n".join(lines) + "\n"


def folder(root: Path, year: int, people: list[str], extra: str = "", **files: str) -> Path:
    return build_tree(
        root,
        {
            "program.yaml": PROGRAM.format(year=year, extra=extra),
            "modules.yaml": MODULES.format(year=year),
            "participants.yaml": "".join(people),
            "attendance/keuangan.yaml": "1: {present: [UKM-001]}\n2: {present: [UKM-001]}\n",
            **files,
        },
    )


NIK_A = "3316015507800001"
NIK_B = "3316015507800002"


@pytest.fixture
def rounds(tmp_path: Path) -> Path:
    """Three yearly rounds: one business in all three, linked by NIK, then by phone and name."""
    root = tmp_path / "rounds"
    folder(
        root / "2017",
        2017,
        [
            entry("UKM-001", "Batik Sekar", "Sri Wahyuni", 2017, nik=NIK_A, phone="081234567801"),
            entry("UKM-002", "Warung Joko", "Joko Susanto", 2017, phone="081234567802"),
        ],
        **{
            "certificates.yaml": (
                "- {number: 001/S/2017, participant: UKM-001, issued: 2017-04-01}\n"
            ),
            "indicators.yaml": (
                "- {participant: UKM-001, date: 2017-06-01, monthly_sales: 30000000}\n"
            ),
        },
    )
    (root / "2017" / "participants.yaml").write_text(
        (root / "2017" / "participants.yaml")
        .read_text(encoding="utf-8")
        .replace('  phone: "081234567801"', '  phone: "081234567801"\n  monthly_sales: 20000000'),
        encoding="utf-8",
    )
    folder(
        root / "2018",
        2018,
        [
            entry("UKM-001", "Toko Lain", "Budi", 2018),
            entry("UKM-002", "Batik Sekar Jati", "Sri Wahyuni", 2018, nik=NIK_A),
        ],
    )
    folder(
        root / "2019",
        2019,
        [
            entry("UKM-001", "Batik Sekar", "Hj. Sri Wahyuni", 2019, phone="081234567801"),
            # same phone and name as 2017's UKM-001, but another NIK: never the same business
            entry("UKM-002", "Batik Sekar", "Sri Wahyuni", 2019, nik=NIK_B, phone="081234567801"),
        ],
    )
    return root


def as_json(ukm: Run, *args: str) -> Any:
    result = ukm("--lang", "en", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert NIK_A not in result.output and NIK_B not in result.output  # never unmasked
    return json.loads(result.stdout)


def test_history_follows_a_business_by_nik_then_by_phone_and_name(ukm: Run, rounds: Path) -> None:
    data = as_json(ukm, "history", NIK_A, "--in", str(rounds))
    [business] = data["businesses"]
    assert [(e["year"], e["id"], e["matched_by"]) for e in business["entries"]] == [
        (2017, "UKM-001", "nik"),
        (2018, "UKM-002", "nik"),
        (2019, "UKM-001", "phone"),
    ]
    first = business["entries"][0]
    assert first["graduated"] is True and first["modules_completed"] == 1
    assert first["certificate"] == "001/S/2017"
    # 20 million a month = 240 million a year: mikro; 30 million = 360 million: kecil (UU 20/2008)
    assert (first["class_before"], first["class_after"]) == ("mikro", "kecil")
    assert first["nik"] == "3316********0001"
    assert all("0002" not in (e["nik"] or "") for e in business["entries"])  # NIK_B never joins


@pytest.mark.parametrize(
    "query",
    ["UKM-002@2018", "0812-3456-7801", "+62 812 3456 7801", "wahyuni", "Batik Sekar Jati"],
)
def test_every_kind_of_query_finds_the_same_business(ukm: Run, rounds: Path, query: str) -> None:
    data = as_json(ukm, "history", query, "--in", str(rounds))
    found = [[(e["year"], e["id"]) for e in business["entries"]] for business in data["businesses"]]
    assert [(2017, "UKM-001"), (2018, "UKM-002"), (2019, "UKM-001")] in found


def test_a_different_nik_is_never_the_same_business(ukm: Run, rounds: Path) -> None:
    data = as_json(ukm, "history", NIK_B, "--in", str(rounds))
    assert [[(e["year"], e["id"]) for e in b["entries"]] for b in data["businesses"]] == [
        [(2019, "UKM-002")]
    ]


def test_history_says_when_nothing_matches_and_refuses_an_unknown_folder(
    ukm: Run, rounds: Path
) -> None:
    missing = ukm("history", "Tidak Ada", "--in", str(rounds))
    assert missing.exit_code == 1 and "No business" in missing.stderr
    unknown = ukm("history", "UKM-001@2020", "--in", str(rounds))
    assert unknown.exit_code == 2 and "2020 is not one of the folders given" in unknown.stderr


def test_the_table_masks_the_nik_and_says_what_matched(ukm: Run, rounds: Path) -> None:
    result = ukm("--lang", "en", "history", NIK_A, "--in", str(rounds))
    assert result.exit_code == 0, result.output
    assert NIK_A not in result.output
    assert "phone and name" in result.stdout and "NIK" in result.stdout


def test_compare_returning_lists_the_businesses_in_more_than_one_programme(
    ukm: Run, rounds: Path
) -> None:
    data = as_json(ukm, "compare", "--returning", str(rounds))
    assert data["programmes"] == 3 and data["returning"] == 1
    [business] = data["businesses"]
    assert [e["year"] for e in business["entries"]] == [2017, 2018, 2019]


def test_register_says_when_a_business_took_part_in_an_earlier_programme(
    ukm: Run, rounds: Path
) -> None:
    new = folder(rounds.parent / "2020", 2020, [], extra="earlier: [../rounds/2017, ../nowhere]\n")
    (new / "attendance" / "keuangan.yaml").write_text("", encoding="utf-8")
    result = ukm(
        "--lang", "en", "--data", str(new), "register", "--business", "Batik Sekar",
        "--owner", "Sri Wahyuni", "--gender", "F", "--sector", "batik", "--district", "Cepu",
        "--nik", NIK_A, "--registered", "2020-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "took part in Pelatihan 2017" in result.stderr and "as UKM-001" in result.stderr
    assert "matched by NIK" in result.stderr
    assert NIK_A not in result.output
    other = ukm(
        "--lang", "en", "--data", str(new), "register", "--business", "Warung Baru",
        "--owner", "Ani", "--gender", "F", "--sector", "kuliner", "--district", "Jepon",
        "--registered", "2020-01-01",
    )  # fmt: skip
    assert other.exit_code == 0 and "took part" not in other.output
    checked = ukm("--lang", "en", "--data", str(new), "check")
    assert "../nowhere in earlier does not exist" in checked.output


def test_register_from_an_earlier_folder_does_not_repeat_where_they_came_from(
    ukm: Run, rounds: Path
) -> None:
    new = folder(rounds.parent / "2020", 2020, [], extra="earlier: [../rounds/2017]\n")
    (new / "attendance" / "keuangan.yaml").write_text("", encoding="utf-8")
    result = ukm(
        "--lang", "en", "--data", str(new), "register", "--from", str(rounds / "2017"),
        "--registered", "2020-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "took part in" not in result.output


def test_an_nib_ties_entries_without_a_nik(ukm: Run, tmp_path: Path) -> None:
    root = tmp_path / "nib"
    folder(root / "2017", 2017, [entry("UKM-001", "Toko Maju", "Ani", 2017, nib="9120001234567")])
    folder(root / "2018", 2018, [entry("UKM-001", "Toko Maju Jaya", "Ani Lestari", 2018,
                                       nib="9120001234567")])  # fmt: skip
    data = as_json(ukm, "history", "9120001234567", "--in", str(root))
    [business] = data["businesses"]
    assert [(e["year"], e["id"], e["matched_by"], e["nib"]) for e in business["entries"]] == [
        (2017, "UKM-001", "nib", "9120001234567"),
        (2018, "UKM-001", "nib", "9120001234567"),
    ]


def test_earlier_naming_the_folder_itself_or_one_folder_twice_is_looked_in_once(
    ukm: Run, rounds: Path
) -> None:
    # `earlier: [., ../rounds/2017, <2017's full path>]` made register say a business
    # "took part in" its own programme "as" its own new id, and history show the
    # programme (and 2017) twice.
    twice = f"earlier: [., ../2020, ../rounds/2017, '{rounds / '2017'}']\n"
    new = folder(rounds.parent / "2020", 2020, [], extra=twice)
    (new / "attendance" / "keuangan.yaml").write_text("", encoding="utf-8")
    register = [
        "--lang", "en", "--data", str(new), "register", "--business", "Batik Sekar",
        "--owner", "Sri Wahyuni", "--gender", "F", "--sector", "batik", "--district", "Cepu",
        "--nik", NIK_A, "--registered", "2020-01-01",
    ]  # fmt: skip
    first = ukm(*register)
    assert first.exit_code == 0, first.output
    assert first.stderr.count("took part in") == 1 and "Pelatihan 2017" in first.stderr
    again = ukm(*register, "--allow-duplicate")
    assert again.exit_code == 0, again.output
    assert "took part in Pelatihan 2020" not in again.stderr
    assert again.stderr.count("took part in") == 1
    history = as_json(ukm, "--data", str(new), "history", NIK_A)
    entries = [(e["year"], e["id"]) for b in history["businesses"] for e in b["entries"]]
    assert sorted(entries) == [(2017, "UKM-001"), (2020, "UKM-001"), (2020, "UKM-002")]


def test_csv_and_workbook_hold_the_year_as_a_number_and_names_never_as_formulas(
    ukm: Run, tmp_path: Path
) -> None:
    root = tmp_path / "rounds"
    for year in (2017, 2018):
        folder(root / str(year), year, [entry("UKM-001", "'=1+2'", "'@Sri'", year, nik=NIK_A)])
    result = ukm("--lang", "en", "history", NIK_A, "--in", str(root), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert [(r["year"], r["business"], r["owner"]) for r in rows] == [
        ("2017", "'=1+2", "'@Sri"),
        ("2018", "'=1+2", "'@Sri"),
    ]
    book = tmp_path / "history.xlsx"
    assert ukm("history", NIK_A, "--in", str(root), "-o", str(book)).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(book).worksheets[0]
    years = [c.value for row in sheet.iter_rows() for c in row if c.value in (2017, 2018)]
    assert years == [2017, 2018]  # numbers, not text
    formats = {c.number_format for row in sheet.iter_rows() for c in row if c.value == 2017}
    assert formats == {"General"}  # shown 2017, never grouped as 2.017


def test_history_and_returning_print_with_no_nik_or_phone(
    ukm: Run, rounds: Path, tmp_path: Path
) -> None:
    from tests.kit.pdf import pdf_text

    pdf = tmp_path / "history.pdf"
    printed = ukm(
        "--lang", "en", "history", NIK_A, "--in", str(rounds), "-o", str(pdf),
        "--date", "2019-04-02",
    )  # fmt: skip
    assert printed.exit_code == 0, printed.output
    text = pdf_text(pdf)
    assert "HISTORY OF A BUSINESS" in text.upper()
    assert "Pelatihan 2017" in text and "Pelatihan 2019" in text and "Batik Sekar" in text
    assert "2 April 2019" in text  # dated --date
    returning = tmp_path / "returning.pdf"
    printed = ukm("--lang", "en", "compare", "--returning", str(rounds), "-o", str(returning))
    assert printed.exit_code == 0, printed.output
    assert "Businesses in more than one programme" in pdf_text(returning)
    for text in (pdf_text(pdf), pdf_text(returning)):
        flat = text.replace(" ", "").replace("\n", "")
        assert NIK_A not in flat and "3316" not in flat  # no NIK, whole or masked
        assert "081234567801" not in flat and "0812" not in flat  # no phone, not even the query
