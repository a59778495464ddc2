"""What the version-2 rules show beyond the figures: graduates by name, status words,
thresholds that allow no absence, advance notice, sheets dated after today, --as-of on
show and participants.

Every expected graduate and completion date below is worked out in the test from
PRODUCT.md's rules, not by calling ukm's own rules.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.kit.helpers import Run, programme

pytestmark = pytest.mark.usefixtures("cached_cli")

TWO_MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2018-01-08}
    2: {date: 2018-01-15}
    3: {date: 2018-01-22}
    4: {date: 2018-01-29}
- id: pemasaran
  title: Pemasaran
  sessions:
    1: {date: 2018-02-05}
    2: {date: 2018-02-12}
    3: {date: 2018-02-19}
    4: {date: 2018-02-26}
"""

PEOPLE = """\
- id: UKM-001
  business: Batik Sekar
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  registered: 2018-01-01
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
- id: UKM-003
  business: Sablon Maju
  owner: Dewi Anggraini
  gender: F
  sector: kuliner
  district: Cepu
  registered: 2018-01-20
"""

KEUANGAN = """\
1: {present: [UKM-001, UKM-002]}
2: {present: [UKM-001], absent: [UKM-002]}
3: {present: [UKM-001, UKM-002, UKM-003]}
4: {late: [UKM-002, UKM-003], present: [UKM-001]}
"""

PEMASARAN = """\
1: {present: [UKM-001, UKM-002, UKM-003]}
2: {present: [UKM-001, UKM-002], sick: [UKM-003]}
3: {present: [UKM-001, UKM-003], absent: [UKM-002]}
4: {present: [UKM-001, UKM-002]}
"""


def _folder(root: Path) -> Path:
    return programme(
        root,
        modules=TWO_MODULES,
        participants=PEOPLE,
        attendance__keuangan=KEUANGAN,
        attendance__pemasaran=PEMASARAN,
    )


def _graduates_by_hand(root: Path, minimum: int = 75) -> dict[str, str]:
    """id -> the day the last module was completed, from the files and PRODUCT.md's rules."""
    modules = yaml.safe_load((root / "modules.yaml").read_text())
    people = yaml.safe_load((root / "participants.yaml").read_text())
    result = {}
    for person in people:
        last: date | None = date.min
        for module in modules:
            sheets = yaml.safe_load((root / "attendance" / f"{module['id']}.yaml").read_text())
            dates = sorted(
                (d, n) for n, d in ((int(n), s["date"]) for n, s in module["sessions"].items())
            )
            counting = [(d, n) for d, n in dates if d >= person["registered"]]
            required = max(math.ceil(len(counting) * minimum / 100), 1)
            came, done_on = 0, None
            for day, number in counting:
                sheet = sheets.get(number) or {}
                if not (sheet.get("present") or sheet.get("late")):
                    continue  # not held
                if person["id"] in (sheet.get("present") or []) + (sheet.get("late") or []):
                    came += 1
                    if came == required:
                        done_on = day
            last = None if done_on is None or last is None else max(last, done_on)
        if last is not None:
            result[person["id"]] = last.isoformat()
    return result


def test_graduates_are_listed_with_the_day_they_finished(ukm: Run, tmp_path: Path) -> None:
    root = _folder(tmp_path / "p")
    expected = _graduates_by_hand(root)
    # UKM-003 came to only two of pemasaran's four sessions (three required)
    assert set(expected) == {"UKM-001", "UKM-002"}
    result = ukm("--data", str(root), "report", "--graduates", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    got = {g["id"]: g["completed"] for g in data["graduates"]}
    assert got == expected
    assert data["count"] == len(expected) and data["participants"] == 3 and data["modules"] == 2
    second = next(g for g in data["graduates"] if g["id"] == "UKM-002")
    assert second == {
        "id": "UKM-002",
        "business": "Warung Pak Joko",
        "owner": "Joko Susanto",
        "district": "Cepu",
        "sector": "kuliner",
        "gender": "M",
        "registered": "2018-01-01",
        "completed": expected["UKM-002"],
    }
    # the programme summary counts the same graduates
    whole = json.loads(ukm("--data", str(root), "report", "--format", "json").stdout)
    assert whole["summary"]["graduates"] == len(expected)


def test_graduates_in_every_format_and_filtered(ukm: Run, tmp_path: Path) -> None:
    root = _folder(tmp_path / "p")
    table = ukm("--data", str(root), "report", "--graduates")
    assert table.exit_code == 0
    assert "Warung Pak Joko" in table.stdout and "Sablon Maju" not in table.stdout
    assert "2 of 3 participants completed all 2 modules." in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(
                ukm("--data", str(root), "report", "--graduates", "--format", "csv").stdout.lstrip(
                    "\ufeff"
                )
            ),
            delimiter=";",
        )
    )
    assert [r["id"] for r in rows] == ["UKM-001", "UKM-002"]
    assert rows[0]["completed"] == _graduates_by_hand(root)["UKM-001"]
    md = ukm("--data", str(root), "report", "--graduates", "--format", "md").stdout
    assert "UKM-002" in md and "UKM-003" not in md
    out = tmp_path / "g.xlsx"
    assert ukm("--data", str(root), "report", "--graduates", "-o", str(out)).exit_code == 0
    import openpyxl

    cells = [c.value for row in openpyxl.load_workbook(out).worksheets[0].iter_rows() for c in row]
    assert "UKM-001" in cells and "UKM-002" in cells and "UKM-003" not in cells
    cepu = json.loads(
        ukm(
            "--data", str(root), "report", "--graduates", "--district", "Cepu", "--format", "json"
        ).stdout
    )
    assert [g["id"] for g in cepu["graduates"]] == ["UKM-002"] and cepu["participants"] == 2


def test_graduates_as_of_a_day_before_the_end(ukm: Run, tmp_path: Path) -> None:
    root = _folder(tmp_path / "p")
    # On 2018-02-19 pemasaran has held 3 of 4 sessions: UKM-001 came to all three (3 required).
    data = json.loads(
        ukm(
            "--data",
            str(root),
            "report",
            "--graduates",
            "--as-of",
            "2018-02-19",
            "--format",
            "json",
        ).stdout
    )
    assert data["as_of"] == "2018-02-19"
    assert {g["id"]: g["completed"] for g in data["graduates"]} == {"UKM-001": "2018-02-19"}


def test_graduates_refuse_options_that_do_not_fit(ukm: Run, tmp_path: Path) -> None:
    root = _folder(tmp_path / "p")
    result = ukm("--data", str(root), "report", "--graduates", "--module", "keuangan")
    assert result.exit_code == 2 and "--module" in result.output


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("tidak lulus", "failed"),
        ("Tidak Lulus", "failed"),
        ("berisiko", "at_risk"),
        ("at risk", "at_risk"),
        ("berjalan", "in_progress"),
        ("in-progress", "in_progress"),
        ("selesai", "completed"),
        ("lulus", "completed"),
    ],
)
def test_status_takes_the_words_the_report_prints(
    ukm: Run, sample: Path, word: str, code: str
) -> None:
    def ids(status: str) -> list[str]:
        result = ukm(
            "--data",
            str(sample),
            "report",
            "-m",
            "keuangan",
            "--status",
            status,
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.output
        return [p["id"] for p in json.loads(result.stdout)["participants"]]

    assert ids(word) == ids(code)


def test_an_unknown_status_word_is_a_usage_error(ukm: Run, sample: Path) -> None:
    result = ukm("--data", str(sample), "report", "--status", "hampir")
    assert result.exit_code == 2
    assert "--status hampir: not a status." in result.output and "at_risk" in result.output


THREE_SESSIONS = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2018-01-08}
    2: {date: 2018-01-15}
    3: {date: 2018-01-22}
- id: pemasaran
  title: Pemasaran
  min_attendance: 100
  sessions:
    1: {date: 2018-02-05}
    2: {date: 2018-02-12}
"""


def test_a_threshold_that_allows_no_absence_is_a_note_where_it_is_set(
    ukm: Run, tmp_path: Path
) -> None:
    root = programme(tmp_path / "p", modules=THREE_SESSIONS)
    result = ukm("--data", str(root), "check", "--format", "json")
    assert result.exit_code == 0
    notes = json.loads(result.stdout)["notes"]
    by_file = {(Path(n["file"]).name, n["line"]): n for n in notes}
    # keuangan takes the programme's 75 (program.yaml line 6), pemasaran its own 100
    # (modules.yaml line 9)
    assert set(by_file) == {("program.yaml", 6), ("modules.yaml", 9)}
    assert "75% of 3 sessions requires every session" in by_file["program.yaml", 6]["message"]
    assert "min_attendance: 66 would allow one absence" in by_file["program.yaml", 6]["hint"]
    assert "min_attendance: 50" in by_file["modules.yaml", 9]["hint"]
    strict = ukm("--data", str(root), "check", "--strict")
    assert strict.exit_code == 0, strict.output  # a note is never a failure
    assert "note: Module 'keuangan'" in strict.stdout
    modules = ukm("--data", str(root), "modules").stdout
    assert "keuangan: 75% of 3 sessions requires every session" in " ".join(modules.split())
    report = ukm("--data", str(root), "report", "-m", "pemasaran").stdout
    assert "min_attendance: 50 would allow one absence" in " ".join(report.split())


def test_a_new_folder_allows_one_absence_in_every_module(ukm: Run, isolated: Path) -> None:
    assert ukm("init", "p", "--starts", "2019-02-04").exit_code == 0
    result = ukm("--data", "p", "check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["notes"] == []
    modules = yaml.safe_load((isolated / "p" / "modules.yaml").read_text())
    assert all(len(m["sessions"]) == 4 for m in modules)


def test_advance_notice_is_listed_as_not_held(ukm: Run, tmp_path: Path) -> None:
    sheets = "1: {present: [UKM-001, UKM-002]}\n2: {excused: [UKM-001], sick: [UKM-002]}\n"
    root = programme(tmp_path / "p", attendance__keuangan=sheets)
    data = json.loads(
        ukm("--data", str(root), "report", "-m", "keuangan", "--format", "json").stdout
    )
    second = data["sessions"][1]
    assert second["held"] is False and second["advance_notice"] == 2
    assert data["sessions"][0]["advance_notice"] == 0
    text = " ".join(ukm("--data", str(root), "report", "-m", "keuangan").stdout.split())
    assert "Session 2 (15 January 2018) is not held yet: 2 participants are marked" in text


def test_check_refuses_marks_at_a_session_dated_after_today(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nobody can have come to a session that has not happened (issue 25: an error, not a warning).
    from ukmtool.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2018, 1, 20))
    sheets = "1: {present: [UKM-001]}\n\n3:\n  present: [UKM-002]\n"
    root = programme(tmp_path / "p", attendance__keuangan=sheets)
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 1
    where = str(Path("attendance", "keuangan.yaml")) + ":3: "
    assert where + "Session 3 of 'keuangan' is dated 2018-01-22, after today" in result.stdout
    monkeypatch.setattr(clock, "today", lambda: date(2018, 1, 22))
    assert "after today" not in ukm("--data", str(root), "check").stdout


def test_show_and_participants_as_of_a_day(ukm: Run, tmp_path: Path) -> None:
    root = _folder(tmp_path / "p")
    data = json.loads(
        ukm(
            "--data", str(root), "show", "UKM-002", "--as-of", "2018-01-16", "--format", "json"
        ).stdout
    )
    keuangan = next(m for m in data["modules"] if m["id"] == "keuangan")
    assert data["as_of"] == "2018-01-16"
    assert (keuangan["held"], keuangan["attended"], keuangan["absent"]) == (2, 1, 1)
    people = json.loads(
        ukm("--data", str(root), "participants", "--as-of", "2018-01-10", "--format", "json").stdout
    )
    assert [p["id"] for p in people["participants"]] == ["UKM-001", "UKM-002"]
    assert (
        "as of 10 January 2018"
        in ukm("--data", str(root), "participants", "--as-of", "2018-01-10").stdout
    )
    late = ukm("--data", str(root), "show", "UKM-003", "--as-of", "2018-01-10")
    assert (
        late.exit_code == 1 and "UKM-003 registered on 2018-01-20, after 2018-01-10" in late.output
    )
