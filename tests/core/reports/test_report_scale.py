"""Reports of a generated programme of hundreds of participants, against the rules.

``ukm report`` works its figures out once for each kind of participant (the
same sessions counting, the same marks) and shares them; these tests check
every participant's figures, every tally and every list against
``kit.reports.expected`` (PRODUCT.md's rules written out again, one
participant at a time) on a folder from the benchmark generator with faults
added: people marked before they registered, people who registered after a
module ended, a module nobody has to attend, one everybody must attend
fully, an empty sheet, odd names.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.kit.benchgen import generate
from tests.kit.helpers import Run
from tests.kit.reports import STATUSES, Mod, Person, expected, is_held, report_json

SIZE = 240
LATE = ("UKM-010", "UKM-011", "UKM-012")  # registered on 2024-12-01, after most sessions


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate.generate(SIZE, tmp_path_factory.mktemp("scale") / "p")
    (root / "visits.yaml").unlink()  # some visits would now come before a late registration
    people = (root / "participants.yaml").read_text(encoding="utf-8")
    for pid in LATE:  # their marks on earlier sheets are warnings and do not count
        people = re.sub(
            rf"(- id: {pid}\n(?:  .*\n)*?  registered: )[0-9-]+", r"\g<1>2024-12-01", people
        )
    people = re.sub(  # a name a JSON reader could trip on (control characters: refused, issue 29)
        r"(- id: UKM-003\n  business: )[^\n]*",
        lambda m: m.group(1) + '"Toko \\u00e9\\u0644 \\"Q\\" \\\\ 3"',
        people,
    )
    (root / "participants.yaml").write_text(people, encoding="utf-8", newline="\n")
    with (root / "modules.yaml").open("a", encoding="utf-8") as modules:
        modules.write(
            "\n- id: bebas\n  title: Bebas Hadir\n  min_attendance: 0\n  sessions:\n"
            "    1: {date: 2024-11-04}\n    2: {date: 2024-12-09}\n"
            "\n- id: penuh\n  title: Penuh\n  min_attendance: 100\n  sessions:\n"
            "    1: {date: 2024-01-08}\n    2: {date: 2024-01-09}\n    3: {date: 2024-01-10}\n"
            "    4: {date: 2024-12-15}\n"
        )
    (root / "attendance" / "bebas.yaml").write_text(
        "1:\n  present: [UKM-001, UKM-010]\n", encoding="utf-8", newline="\n"
    )
    (root / "attendance" / "penuh.yaml").write_text(
        "1:\n  present: [UKM-001, UKM-002, UKM-003]\n  sick: [UKM-004]\n  late: [UKM-006]\n"
        "2:\n  present: [UKM-001]\n  excused: [UKM-002]\n3: {}\n",
        encoding="utf-8",
        newline="\n",
    )
    return root


def model(root: Path) -> tuple[list[Mod], list[Person], int]:
    """The folder read with PyYAML alone: modules with sheets, participants, the minimum."""
    program = yaml.safe_load((root / "program.yaml").read_text(encoding="utf-8"))
    people = [
        Person(
            p["id"],
            registered=p["registered"],
            business=p["business"],
            district=p["district"],
            sector=p["sector"],
            gender=p["gender"],
            tags=tuple(p.get("tags") or ()),
        )
        for p in yaml.safe_load((root / "participants.yaml").read_text(encoding="utf-8"))
    ]
    modules = []
    for m in yaml.safe_load((root / "modules.yaml").read_text(encoding="utf-8")):
        sheet_file = root / "attendance" / f"{m['id']}.yaml"
        raw = yaml.safe_load(sheet_file.read_text(encoding="utf-8")) if sheet_file.exists() else {}
        sheets = {
            int(n): {status: list((sheet or {}).get(status) or []) for status in STATUSES}
            for n, sheet in (raw or {}).items()
        }
        dates: dict[int, date] = {int(n): s["date"] for n, s in m["sessions"].items()}
        modules.append(Mod(m["id"], dates, sheets, m.get("min_attendance")))
    return modules, people, program["min_attendance"]


@pytest.fixture(scope="module")
def rules(folder: Path) -> tuple[list[Mod], list[Person], dict[tuple[str, str], dict[str, Any]]]:
    """The model and every (module, participant)'s expected figures."""
    modules, people, minimum = model(folder)
    figures = {(m.id, p.id): expected(m, p, minimum) for m in modules for p in people}
    return modules, people, figures


def row_figures(row: dict[str, Any]) -> dict[str, Any]:
    """A JSON participant row in the shape of ``kit.reports.expected``."""
    keys = ("present", "late", "excused", "sick", "absent", "makeup", "attended", "sessions")
    keys = (*keys, "held")
    out = {k: row[k] for k in (*keys, "required", "status", "at_risk", "missed_last_two")}
    out["missed"] = [(m["session"], m["status"]) for m in row["missed"]]
    for ratio in ("to_date", "overall", "best_possible"):
        out[ratio] = row[ratio]
    return out


def rounded(figures: dict[str, Any]) -> dict[str, Any]:
    out = dict(figures)
    del out["completed_on"]  # given by the graduates' list, not per module
    for ratio in ("to_date", "overall", "best_possible"):
        out[ratio] = None if out[ratio] is None else round(out[ratio], 4)
    return out


def test_the_folder_has_the_faults_it_should(ukm: Run, folder: Path) -> None:
    checked = ukm("--data", str(folder), "check")
    assert checked.exit_code == 0, checked.output
    assert "before registering" in checked.stdout  # marked before they registered: warnings


def test_every_participant_in_every_module(ukm: Run, folder: Path, rules: Any) -> None:
    modules, people, figures = rules
    kinds = set()
    for m in modules:
        report = report_json(ukm, folder, "report", "--module", m.id)
        rows = report["participants"]
        assert [r["id"] for r in rows] == [p.id for p in people]
        for row, person in zip(rows, people, strict=True):
            want = rounded(figures[m.id, person.id])
            assert row_figures(row) == want, (m.id, person.id)
            assert row["registered"] == person.registered.isoformat()
            kinds.add((m.id, repr(want)))
        marks = Counter[str]()
        for p in people:
            f = figures[m.id, p.id]
            marks.update({s: f[s] for s in STATUSES})
        summary = report["summary"]
        assert summary["participants"] == len(people)
        for status in ("completed", "in_progress", "failed"):
            want_count = sum(figures[m.id, p.id]["status"] == status for p in people)
            assert summary[status] == want_count, (m.id, status)
        assert summary["at_risk"] == sum(figures[m.id, p.id]["at_risk"] for p in people)
        assert summary["attendance"]["held"] == sum(figures[m.id, p.id]["held"] for p in people)
        assert {s: summary["attendance"][s] for s in STATUSES} == dict(marks)
        for line in report["sessions"]:
            day = m.dates[line["number"]]
            counting = [p for p in people if p.registered <= day]
            assert line["counted"] == len(counting)
            assert line["held"] == is_held(m, line["number"])
            for status in STATUSES:
                want_count = 0
                if line["held"]:
                    sheet = m.sheets[line["number"]]
                    for p in counting:
                        on = [s for s in STATUSES if p.id in sheet.get(s, [])]
                        want_count += (on[0] if on else "absent") == status
                assert line[status] == want_count, (m.id, line["number"], status)
    assert len(kinds) > 100  # many different standings, so sharing them is tested


def test_the_programme_report(ukm: Run, folder: Path, rules: Any) -> None:
    modules, people, figures = rules
    report = report_json(ukm, folder, "report")

    def statuses(p: Person) -> list[str]:
        return [figures[m.id, p.id]["status"] for m in modules]

    graduates = [p for p in people if all(s == "completed" for s in statuses(p))]
    failed = [p for p in people if "failed" in statuses(p) and p not in graduates]
    missed = [p for p in people if "missed" in statuses(p) and "failed" not in statuses(p)]
    risky = [p for p in people if any(figures[m.id, p.id]["at_risk"] for m in modules)]
    assert report["graduates"] == len(graduates)
    summary = dict(report["summary"])
    assert summary.pop("scores")["gain"] == {"average": None, "of": 0}  # no scores.yaml
    assert summary == {
        "participants": len(people),
        "graduates": len(graduates),
        "in_progress": len(people) - len(graduates) - len(failed) - len(missed),
        "failed": len(failed),
        "at_risk": len(risky),
        "missed": len(missed),
        "exempt": 0,
    }
    for line, m in zip(report["modules"], modules, strict=True):
        mine = [figures[m.id, p.id] for p in people]
        assert line["id"] == m.id
        assert line["completed"] == sum(f["status"] == "completed" for f in mine)
        assert line["failed"] == sum(f["status"] == "failed" for f in mine)
        assert line["missed"] == sum(f["status"] == "missed" for f in mine)
        assert line["at_risk"] == sum(f["at_risk"] for f in mine)
        assert line["missed_last_two"] == sum(f["missed_last_two"] for f in mine)
        assert line["attended"] == sum(f["attended"] for f in mine)
        assert line["attendance_held"] == sum(f["held"] for f in mine)
    want_risks = [
        (p.id, m.id, figures[m.id, p.id]["attended"], figures[m.id, p.id]["missed"])
        for p in people
        for m in modules
        if figures[m.id, p.id]["at_risk"]
    ]
    got = [
        (r["id"], r["module"], r["attended"], [(x["session"], x["status"]) for x in r["missed"]])
        for r in report["at_risk"]
    ]
    assert got == want_risks
    assert len(got) > 20


@pytest.mark.parametrize(
    "options",
    [
        ("--district", "Cepu"),
        ("--sector", "batik", "--status", "at_risk"),
        ("--tag", "unggulan", "--status", "failed", "--status", "completed"),
        ("--status", "in_progress", "--by", "gender"),
    ],
)
def test_filters_at_scale(ukm: Run, folder: Path, rules: Any, options: tuple[str, ...]) -> None:
    modules, people, figures = rules
    given = dict(zip(options[::2], options[1::2], strict=True))
    wanted_statuses = [
        options[i + 1] for i in range(0, len(options), 2) if options[i] == "--status"
    ]
    chosen = [
        p
        for p in people
        if given.get("--district", p.district) == p.district
        and given.get("--sector", p.sector) == p.sector
        and ("--tag" not in given or given["--tag"] in p.tags)
    ]
    m = next(  # a module still running, with people at risk
        m for m in modules if any(figures[m.id, p.id]["at_risk"] for p in people)
    )

    def matches(f: dict[str, Any]) -> bool:
        return not wanted_statuses or any(
            f["at_risk"] if s == "at_risk" else f["status"] == s for s in wanted_statuses
        )

    rows = [p for p in chosen if matches(figures[m.id, p.id])]
    report = report_json(ukm, folder, "report", "--module", m.id, *options)
    assert [r["id"] for r in report["participants"]] == [p.id for p in rows]
    for row, p in zip(report["participants"], rows, strict=True):
        assert row_figures(row) == rounded(figures[m.id, p.id])
    if "--by" in given:
        groups = {g["group"]: g for g in report["groups"]["rows"]}
        for gender in ("F", "M"):
            mine = [figures[m.id, p.id] for p in rows if p.gender == gender]
            assert mine
            assert groups[gender]["participants"] == len(mine)
            assert groups[gender]["completed"] == sum(f["status"] == "completed" for f in mine)
            assert groups[gender]["at_risk"] == sum(f["at_risk"] for f in mine)


def test_csv_and_plain_text_rows_are_the_json_rows(ukm: Run, folder: Path) -> None:
    """The outputs that write each distinct value once still give every row its own."""
    rows = report_json(ukm, folder, "report", "--module", "keuangan")["participants"]
    args = ("--data", str(folder), "report", "--module", "keuangan")
    table = ukm(*args, "--format", "csv")
    assert table.exit_code == 0
    read = list(csv.DictReader(io.StringIO(table.stdout.lstrip("\ufeff")), delimiter=";"))
    assert [r["id"] for r in read] == [r["id"] for r in rows]
    for got, row in zip(read, rows, strict=True):
        for key in ("present", "late", "excused", "sick", "absent", "held", "sessions"):
            assert int(got[key]) == row[key]
        assert got["status"] == row["status"]
        assert got["at_risk"] == ("yes" if row["at_risk"] else "no")
        assert got["missed"] == ", ".join(f"{m['date']} {m['status']}" for m in row["missed"])
    plain = ukm(*args).stdout.split("\n\n")[1].splitlines()
    assert plain[0] == "Participants"
    lines = plain[2 : 2 + len(rows)]  # after the title and the header; the legend follows
    assert plain[2 + len(rows)].startswith("absent = ")
    assert [line.split()[0] for line in lines] == [r["id"] for r in rows]
    for line, row in zip(lines, rows, strict=True):
        status = row["status"].replace("_", " ")
        counts = f"{row['present']} {row['late']} {row['excused']} {row['sick']} {row['absent']}"
        assert f"  {status}  " in line + "  ", (line, status)
        assert " ".join(line.split()).find(counts) > 0, (line, counts)
