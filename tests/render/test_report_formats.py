"""Every output format of every reporting command: CSV for Excel, JSON, Markdown, xlsx, text."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import Run
from tests.kit.reports import Mod, Person, write

COMMANDS = {
    "programme": ("report",),
    "module": ("report", "--module", "keuangan"),
    "groups": ("report", "--module", "keuangan", "--by", "district"),
    "show": ("show", "UKM-001"),
    "participants": ("participants",),
    "modules": ("modules",),
}
BOX = re.compile("[\u2500-\u259f]")  # box drawing and block elements (bars)
ANSI = re.compile("\x1b")


def run(ukm: Run, folder: Path, *args: str) -> Any:
    result = ukm("--lang", "en", "--data", str(folder), *args)
    assert result.exit_code == 0, result.output
    return result


def read_csv(text: str, sep: str = ";") -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "CSV starts with a byte order mark"
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=sep))


def unprotect(value: str) -> str:
    """What the README says a reader does: drop one leading apostrophe."""
    return value[1:] if value.startswith("'") else value


def read_xlsx(
    path: Path, keys: dict[str, list[str]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's table rows under its header row (below the title block), by header.

    The total row under a table (after an empty row) is not one of them.
    ``keys`` names a sheet's columns by position instead (the CSV's English
    keys: the workbook's headers are in the report's language).
    """
    from openpyxl import load_workbook

    from tests.kit.workbook import table_rows
    from ukmtool.render.formats.xlsx import HEADER_ROW

    book = load_workbook(path, read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
        rows = [header, *table_rows(sheet, values_only=True)]
        assert all(isinstance(h, str) for h in header)
        width = len(header)
        names = (keys or {}).get(sheet.title, header)
        assert len(names) == width
        sheets[sheet.title] = [
            dict(zip(names, row + (None,) * (width - len(row)), strict=True)) for row in rows[1:]
        ]
    return sheets


def test_every_format_choice_has_a_class() -> None:
    from ukmtool.commands.common import ReportFormat
    from ukmtool.render.formats import FORMATS, Formatter

    assert set(FORMATS) == {f.value for f in ReportFormat}
    for name, cls in FORMATS.items():
        assert issubclass(cls, Formatter) and cls.name == name
    suffixes = [s for cls in FORMATS.values() for s in cls.suffixes]
    assert len(suffixes) == len(set(suffixes))


@pytest.mark.parametrize("command", COMMANDS)
def test_csv_opens_in_excel(ukm: Run, sample: Path, command: str) -> None:
    out = run(ukm, sample, *COMMANDS[command], "--format", "csv").stdout
    assert out.startswith("\ufeff")
    header = out[1:].splitlines()[0]
    assert ";" in header and "," not in header
    rows = read_csv(out)
    assert rows, "one header row and data rows"
    comma = run(ukm, sample, *COMMANDS[command], "--format", "csv", "--csv-sep", ",").stdout

    # the same rows; only decimals differ (a comma under ";", a dot under ",")
    def same(table: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{k: v.replace(",", ".") for k, v in row.items()} for row in table]

    assert same(read_csv(comma, ",")) == same(rows)


@pytest.mark.parametrize("command", COMMANDS)
def test_json_parses(ukm: Run, sample: Path, command: str) -> None:
    payload = json.loads(run(ukm, sample, *COMMANDS[command], "--format", "json").stdout)
    assert isinstance(payload, dict) and payload


@pytest.mark.parametrize("command", COMMANDS)
def test_markdown_tables(ukm: Run, sample: Path, command: str) -> None:
    out = run(ukm, sample, *COMMANDS[command], "--format", "md").stdout
    assert out.startswith("# ")
    lines = out.splitlines()
    separators = [i for i, line in enumerate(lines) if re.fullmatch(r"\|(-{3}:?\|)+", line)]
    assert separators, "at least one table"
    for i in separators:
        columns = lines[i].count("|") - 1
        assert lines[i - 1].startswith("| ")  # one header row above the separator
        j = i + 1
        while j < len(lines) and lines[j].startswith("| "):
            assert lines[j].count("|") - lines[j].count("\\|") - 1 == columns
            j += 1


@pytest.mark.parametrize("command", COMMANDS)
def test_xlsx_has_a_sheet_per_table(ukm: Run, sample: Path, command: str, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    result = run(ukm, sample, *COMMANDS[command], "--output", str(target))
    assert "out.xlsx" in result.stderr and result.stdout == ""
    sheets = read_xlsx(target)
    assert sheets and all(isinstance(rows, list) for rows in sheets.values())


@pytest.mark.parametrize("command", COMMANDS)
def test_piped_table_is_plain_text(ukm: Run, sample: Path, command: str) -> None:
    out = run(ukm, sample, *COMMANDS[command]).stdout
    assert out.strip()
    assert not BOX.search(out), "no box drawing or bars when piped"
    assert not ANSI.search(out), "no colour codes when piped"


def test_module_csv_and_xlsx_read_back_as_the_json(ukm: Run, sample: Path, tmp_path: Path) -> None:
    args = ("report", "--module", "keuangan")
    payload = json.loads(run(ukm, sample, *args, "--format", "json").stdout)
    rows = read_csv(run(ukm, sample, *args, "--format", "csv").stdout)
    run(ukm, sample, *args, "--output", str(tmp_path / "k.xlsx"))
    book = read_xlsx(tmp_path / "k.xlsx", {"participants": list(rows[0])})
    sheet = book["participants"]
    assert len(rows) == len(sheet) == len(payload["participants"]) == 100
    numbers = ("present", "late", "excused", "sick", "absent", "attended", "held", "sessions")
    # the workbook is for people: words in the report's language (English here)
    words = {"F": "female", "M": "male", "in_progress": "in progress"}
    for want, got_csv, got_xlsx in zip(payload["participants"], rows, sheet, strict=True):
        for key in ("id", "business", "district", "sector", "gender", "status"):
            assert unprotect(got_csv[key]) == want[key]
            assert got_xlsx[key] == words.get(want[key], want[key])
        for key in (*numbers, "required"):
            assert int(got_csv[key]) == want[key]
            assert got_xlsx[key] == want[key]
        for key in ("at_risk", "missed_last_two"):
            assert got_csv[key] == ("yes" if want[key] else "no")
            assert got_xlsx[key] == ("yes" if want[key] else "no")
        missed = ", ".join(f"{m['date']} {m['status']}" for m in want["missed"])
        assert got_csv["missed"] == missed
        said = ", ".join(
            f"{date.fromisoformat(m['date']):%-d %B %Y} {m['status']}" for m in want["missed"]
        )
        assert (got_xlsx["missed"] or "") == said
        if want["to_date"] is None:
            assert (
                got_csv["pct_attended_of_held"] == "" and got_xlsx["pct_attended_of_held"] is None
            )
        else:
            assert abs(int(got_csv["pct_attended_of_held"]) - 100 * want["to_date"]) <= 0.5
    summary = {r["item"]: r["value"] for r in book["summary"]}
    labels = ("Participants", "completed", "in progress", "failed", "at risk")
    for label, key in zip(
        labels, ("participants", "completed", "in_progress", "failed", "at_risk"), strict=True
    ):
        assert summary[label] == payload["summary"][key]


def test_participants_csv_and_xlsx_read_back_as_the_json(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    payload = json.loads(run(ukm, sample, "participants", "--format", "json").stdout)
    rows = read_csv(run(ukm, sample, "participants", "--format", "csv").stdout)
    run(ukm, sample, "participants", "-o", str(tmp_path / "p.xlsx"))
    sheet = read_xlsx(tmp_path / "p.xlsx", {"participants": list(rows[0])})["participants"]
    assert len(rows) == len(sheet) == len(payload["participants"]) == 100
    words = {"F": "female", "M": "male"}
    for want, got_csv, got_xlsx in zip(payload["participants"], rows, sheet, strict=True):
        for key in ("id", "business", "owner", "gender", "sector", "district", "phone", "nik"):
            assert unprotect(got_csv[key]) == (want[key] or "")
            assert (got_xlsx[key] or None) == words.get(want[key], want[key])
        assert got_csv["registered"] == want["registered"]
        registered = got_xlsx["registered"]
        assert isinstance(registered, datetime | date)
        assert registered.isoformat()[:10] == want["registered"]


def test_ids_phones_and_niks_stay_text(ukm: Run, tmp_path: Path) -> None:
    people = [
        Person("007", phone="081234567890", nik="3316015507800001"),
        Person("UKM-2", phone="0296-531234"),
    ]
    folder = write(tmp_path / "p", [Mod("m", {1: date(2018, 1, 8)})], people)
    out = run(ukm, folder, "participants", "--show-nik", "--format", "csv").stdout
    rows = read_csv(out)
    # a leading apostrophe keeps digits as text in Excel: 007 stays 007, not 7;
    # the phone keeps its 0; the NIK keeps all 16 digits instead of 3.31602E+15.
    assert rows[0]["id"] == "'007"
    assert rows[0]["phone"] == "'081234567890"
    assert rows[0]["nik"] == "'3316015507800001"
    assert rows[1]["id"] == "UKM-2"
    run(ukm, folder, "participants", "--show-nik", "-o", str(tmp_path / "p.xlsx"))
    from openpyxl import load_workbook

    from ukmtool.render.formats.xlsx import HEADER_ROW

    sheet = load_workbook(tmp_path / "p.xlsx")["participants"]
    header = [c.value for c in sheet[HEADER_ROW]]
    row = dict(zip(header, sheet[HEADER_ROW + 1], strict=True))
    for key, value in (("id", "007"), ("phone", "081234567890"), ("NIK", "3316015507800001")):
        assert (row[key].value, row[key].data_type) == (value, "s")


FORMULAS = ['=HYPERLINK("http://x","klik")', "+62 812", "-2+3", "@SUM(A1:A2)", "=1+1"]


def test_no_cell_runs_as_a_formula(ukm: Run, tmp_path: Path) -> None:
    people = [
        Person(f"UKM-{i}", business=text, owner=text) for i, text in enumerate(FORMULAS, start=1)
    ]
    folder = write(tmp_path / "p", [Mod("m", {1: date(2018, 1, 8)}, {1: {"present": []}})], people)
    for args in (("participants",), ("report", "--module", "m")):
        rows = read_csv(run(ukm, folder, *args, "--format", "csv").stdout)
        for row, text in zip(rows, FORMULAS, strict=True):
            assert row["business"] == "'" + text
            assert unprotect(row["business"]) == text
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
        target = tmp_path / "out.xlsx"
        run(ukm, folder, *args, "--output", str(target))
        from openpyxl import load_workbook

        for sheet in load_workbook(target).worksheets:
            for line in sheet.iter_rows():
                for cell in line:
                    assert cell.data_type != "f", cell.value
        businesses = [r["business"] for r in read_xlsx(target)["participants"]]
        assert businesses == FORMULAS


def test_output_format_follows_the_file_name(ukm: Run, sample: Path, tmp_path: Path) -> None:
    base = ("report", "--module", "keuangan")
    for name in ("k.csv", "k.json", "k.md", "k.xlsx", "k.txt"):
        run(ukm, sample, *base, "--output", str(tmp_path / name))
    assert (tmp_path / "k.csv").read_bytes().startswith(b"\xef\xbb\xbfid;")
    assert len(json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))["participants"]) == 100
    assert (tmp_path / "k.md").read_text(encoding="utf-8").startswith("# Tertib Keuangan")
    assert (tmp_path / "k.xlsx").read_bytes()[:2] == b"PK"
    text = (tmp_path / "k.txt").read_text(encoding="utf-8")
    assert "UKM-100" in text and not BOX.search(text)
    # --format wins over the name
    run(ukm, sample, *base, "--format", "json", "--output", str(tmp_path / "k2.txt"))
    assert (
        json.loads((tmp_path / "k2.txt").read_text(encoding="utf-8"))["module"]["id"] == "keuangan"
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--output", "report.docx"), "report.docx"),
        (("--output", "participants.yaml", "--format", "csv"), "YAML"),
        (("--csv-sep", ":"), "--csv-sep"),
        (("--limit", "5", "--all"), "--all"),
        (("--limit", "0"), "--limit"),
        (("--format", "docx"), "docx"),
    ],
)
def test_bad_output_options_exit_2(
    ukm: Run, sample: Path, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    result = ukm("--lang", "en", "--data", str(sample), "report", *args)
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_output_into_a_missing_folder_is_a_clear_error(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "k.csv"
    result = ukm("--data", str(sample), "report", "--output", str(target))
    assert result.exit_code == 1
    assert "k.csv" in result.stderr and "Traceback" not in result.output
    assert not target.exists()


def test_xlsx_is_not_printed_on_a_terminal(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
    result = ukm("--lang", "en", "--data", str(sample), "report", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr


@pytest.mark.posix_only  # Windows refuses it: PowerShell re-encodes what `>` catches
def test_xlsx_can_be_piped(sample: Path, tmp_path: Path) -> None:
    import subprocess

    from tests.kit.helpers import ukm_executable

    data = subprocess.run(
        [ukm_executable(), "--data", str(sample), "report", "--format", "xlsx"],
        capture_output=True,
        check=True,
    ).stdout
    target = tmp_path / "piped.xlsx"
    target.write_bytes(data)
    assert "modules" in read_xlsx(target)


def test_decimals_follow_the_separator(ukm: Run, tmp_path: Path) -> None:
    folder = write(tmp_path / "p", [Mod("m", {1: date(2018, 1, 8)})], [Person("UKM-001")])
    modules = folder / "modules.yaml"
    modules.write_text(
        modules.read_text(encoding="utf-8").replace(
            "{date: 2018-01-08}", "{date: 2018-01-08, hours: 2.5}"
        ),
        encoding="utf-8",
        newline="\n",
    )
    semicolon = read_csv(run(ukm, folder, "modules", "--format", "csv").stdout)
    assert semicolon[0]["hours"] == "2,5"  # Excel with Indonesian settings: decimal comma
    comma = read_csv(run(ukm, folder, "modules", "--format", "csv", "--csv-sep", ",").stdout, ",")
    assert comma[0]["hours"] == "2.5"


def test_printed_tables_set_numbers_right_and_begin_summary_lines_with_a_capital() -> None:
    """Hours (a number or a text, as written) are figures in print; a summary line is a line."""
    from ukmtool.core.tables.tableset import Column, ColumnKind, Fact, Table, facts_table
    from ukmtool.render.formats.pdf import pdf_table

    table = Table(
        "trainers",
        "Trainers",
        [
            Column("trainer", "trainer", ColumnKind.TEXT),
            Column("hours", "hours", ColumnKind.AUTO),
            Column("note", "note", ColumnKind.AUTO),
        ],
        [("Ratna Dewi", 28.5, "ok"), ("Bedo", 31, None)],
    )
    assert pdf_table(table)["numeric"] == [False, True, False]
    summary = pdf_table(
        facts_table("summary", "Summary", [Fact("moved_up", "naik kelas", 5, "5 of 86")])
    )
    assert summary["facts"] == [["Naik kelas", "5 of 86"]]
