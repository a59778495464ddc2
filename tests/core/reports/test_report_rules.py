"""The report's figures against PRODUCT.md's rules, on folders built for every edge.

Each figure is checked twice: against literal values worked out by hand in
the comments, and against ``kit.reports.expected``, the rules written out again
in the test.  Neither calls ukm's own rules.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit.helpers import Run
from tests.kit.reports import STATUSES, Mod, Person, expected, is_held, pct, report_json, write

D = date  # short dates below

# keuangan: four weekly sessions, three held; the programme's 75 % applies (3 of 4).
KEUANGAN = Mod(
    "keuangan",
    {1: D(2018, 1, 8), 2: D(2018, 1, 15), 3: D(2018, 1, 22), 4: D(2018, 1, 29)},
    {
        1: {
            "present": ["UKM-001", "UKM-002", "UKM-003", "UKM-004"],
            "late": [],
            "excused": [],
            "sick": [],
            "absent": ["UKM-007"],
        },
        2: {
            "present": ["UKM-001", "UKM-007"],
            "late": [],
            "excused": ["UKM-002"],
            "sick": [],
            "absent": ["UKM-003"],
        },
        3: {
            "present": ["UKM-002", "UKM-004"],
            "late": ["UKM-001"],
            "excused": [],
            "sick": ["UKM-003", "UKM-007"],
            "absent": [],
        },
    },
)
# kosong: nothing held yet; 3 of 4 required.
KOSONG = Mod("kosong", {1: D(2018, 2, 5), 2: D(2018, 2, 12), 3: D(2018, 2, 19), 4: D(2018, 2, 26)})
# penuh: every session held, 100 % required.
PENUH = Mod(
    "penuh",
    {1: D(2018, 3, 5), 2: D(2018, 3, 12), 3: D(2018, 3, 19)},
    {
        1: {"present": ["UKM-001", "UKM-002", "UKM-003", "UKM-004", "UKM-005", "UKM-007"]},
        2: {"present": ["UKM-001", "UKM-002", "UKM-003", "UKM-004", "UKM-005", "UKM-007"]},
        3: {"present": ["UKM-001", "UKM-003", "UKM-004", "UKM-005", "UKM-007"], "absent": []},
    },
    min_attendance=100,
)
# bebas: nothing required; session 1 held (UKM-002 came), session 2 has only an excuse
# given in advance (advance notice: not held yet).
BEBAS = Mod(
    "bebas",
    {1: D(2018, 4, 2), 2: D(2018, 4, 9)},
    {1: {"present": ["UKM-002"], "absent": ["UKM-001"]}, 2: {"excused": ["UKM-003"]}},
    min_attendance=0,
)
# ambang: every session held; 3 of 4 required: exactly at the threshold, one below.
AMBANG = Mod(
    "ambang",
    {1: D(2018, 5, 7), 2: D(2018, 5, 14), 3: D(2018, 5, 21), 4: D(2018, 5, 28)},
    {
        1: {"present": ["UKM-001", "UKM-002", "UKM-003", "UKM-004", "UKM-005", "UKM-007"]},
        2: {"present": ["UKM-001", "UKM-002", "UKM-004", "UKM-005", "UKM-007"]},
        3: {"present": ["UKM-001", "UKM-004", "UKM-005", "UKM-007"], "late": ["UKM-002"]},
        4: {"present": ["UKM-004", "UKM-005", "UKM-007"], "sick": ["UKM-001", "UKM-002"]},
    },
)
MODULES = [KEUANGAN, KOSONG, PENUH, BEBAS, AMBANG]
PEOPLE = [
    Person("UKM-001", district="Cepu", sector="batik", gender="F", tags=("unggulan",)),
    Person("UKM-002", district="Cepu", sector="kuliner", gender="M"),
    Person("UKM-003", district="Japah", sector="batik", gender="F", tags=("unggulan", "pkk")),
    # registered after keuangan's first two sessions (and marked at session 1 all the same)
    Person("UKM-004", registered=D(2018, 1, 16), district="Jepon", gender="M"),
    # on no list of keuangan's sheets at all
    Person("UKM-005", district="Jepon", sector="kuliner"),
    # registered after every session of keuangan
    Person("UKM-006", registered=D(2018, 2, 1), district="Japah"),
    Person("UKM-007", district="Japah", sector="kuliner", gender="M"),
]


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    return write(tmp_path / "edges", MODULES, PEOPLE)


def rows_by_id(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in payload["participants"]}


# (module, participant) -> what the rules say, worked out by hand.
HAND = {
    # present, present, late: late counts as attended; 3 of the 3 required -> completed.
    ("keuangan", "UKM-001"): {
        "present": 2,
        "late": 1,
        "excused": 0,
        "sick": 0,
        "absent": 0,
        "attended": 3,
        "sessions": 4,
        "held": 3,
        "required": 3,
        "status": "completed",
        "at_risk": False,
        "missed_last_two": False,
    },
    # present, excused, present: excused does not count; 2 + 1 left = 3 required, and one
    # held session already missed (A = 2 < T = 3) -> at risk.
    ("keuangan", "UKM-002"): {
        "present": 2,
        "late": 0,
        "excused": 1,
        "sick": 0,
        "absent": 0,
        "attended": 2,
        "sessions": 4,
        "held": 3,
        "required": 3,
        "status": "in_progress",
        "at_risk": True,
        "missed_last_two": False,
    },
    # present, absent, sick: 1 + 1 left < 3 -> failed; missed the last two held sessions.
    ("keuangan", "UKM-003"): {
        "present": 1,
        "late": 0,
        "excused": 0,
        "sick": 1,
        "absent": 1,
        "attended": 1,
        "sessions": 4,
        "held": 3,
        "required": 3,
        "status": "failed",
        "at_risk": False,
        "missed_last_two": True,
    },
    # registered 16 Jan: only sessions 3 and 4 count (N=2, required ceil(1.5)=2); the mark
    # at session 1 neither helps nor hurts; present at 3, 4 not held: no absence to spare,
    # but came to every held session that counts (A = T = 1) -> on track, not at risk.
    ("keuangan", "UKM-004"): {
        "present": 1,
        "late": 0,
        "excused": 0,
        "sick": 0,
        "absent": 0,
        "attended": 1,
        "sessions": 2,
        "held": 1,
        "required": 2,
        "status": "in_progress",
        "at_risk": False,
        "missed_last_two": False,
    },
    # on no list of three held sheets: absent three times -> failed.
    ("keuangan", "UKM-005"): {
        "present": 0,
        "late": 0,
        "excused": 0,
        "sick": 0,
        "absent": 3,
        "attended": 0,
        "sessions": 4,
        "held": 3,
        "required": 3,
        "status": "failed",
        "at_risk": False,
        "missed_last_two": True,
    },
    # registered after every session: nothing counts -> missed (rules 2.1; version 2 said
    # failed, 1 required of 0), counted apart from failed.
    ("keuangan", "UKM-006"): {
        "present": 0,
        "late": 0,
        "excused": 0,
        "sick": 0,
        "absent": 0,
        "makeup": 0,
        "attended": 0,
        "sessions": 0,
        "held": 0,
        "required": 1,
        "status": "missed",
        "at_risk": False,
        "missed_last_two": False,
    },
    # absent, present, sick: 1 attended + 1 left < 3 -> failed; the last two were not both
    # missed (present at session 2), so no flag.
    ("keuangan", "UKM-007"): {
        "present": 1,
        "late": 0,
        "excused": 0,
        "sick": 1,
        "absent": 1,
        "attended": 1,
        "sessions": 4,
        "held": 3,
        "required": 3,
        "status": "failed",
        "at_risk": False,
        "missed_last_two": False,
    },
    # nothing held: in progress, 0 of 0 to date, 4 still possible of 3 required: not at risk.
    ("kosong", "UKM-001"): {
        "present": 0,
        "absent": 0,
        "attended": 0,
        "sessions": 4,
        "held": 0,
        "required": 3,
        "status": "in_progress",
        "at_risk": False,
        "missed_last_two": False,
    },
    # all held, 100 %: every session attended -> completed; one missed -> failed.
    ("penuh", "UKM-001"): {"attended": 3, "held": 3, "required": 3, "status": "completed"},
    ("penuh", "UKM-002"): {
        "attended": 2,
        "held": 3,
        "absent": 1,
        "required": 3,
        "status": "failed",
    },
    # 0 %: completed without attending anything, even when marked absent.
    ("bebas", "UKM-001"): {"attended": 0, "absent": 1, "required": 0, "status": "completed"},
    ("bebas", "UKM-006"): {"attended": 0, "required": 0, "status": "completed"},
    # excused in advance for session 2, which is not held: the excuse does not count yet;
    # on no list of held session 1 -> absent once; 1 held of 2.
    ("bebas", "UKM-003"): {"excused": 0, "absent": 1, "held": 1, "status": "completed"},
    # all held, 3 of 4 required: exactly 3 -> completed; one below (2) -> failed.
    ("ambang", "UKM-001"): {"attended": 3, "sick": 1, "required": 3, "status": "completed"},
    # present, present, late, sick: late counts -> exactly 3 -> completed.
    ("ambang", "UKM-002"): {
        "attended": 3,
        "late": 1,
        "sick": 1,
        "required": 3,
        "status": "completed",
    },
    # present once, then on no list: 1 attended, nothing left -> failed, missed the last two.
    ("ambang", "UKM-003"): {
        "attended": 1,
        "absent": 3,
        "required": 3,
        "status": "failed",
        "missed_last_two": True,
    },
}


def test_every_edge_by_hand(ukm: Run, edges: Path) -> None:
    reports = {
        m.id: rows_by_id(report_json(ukm, edges, "report", "--module", m.id)) for m in MODULES
    }
    for (module, pid), figures in HAND.items():
        row = reports[module][pid]
        for key, value in figures.items():
            assert row[key] == value, (module, pid, key)


def test_one_below_the_threshold_fails(ukm: Run, tmp_path: Path) -> None:
    # 4 sessions all held, 3 required: two attended is one below and can no longer be reached.
    mod = Mod(
        "m",
        {1: D(2018, 1, 8), 2: D(2018, 1, 15), 3: D(2018, 1, 22), 4: D(2018, 1, 29)},
        {n: {"present": ["UKM-001", "UKM-002"] if n < 3 else ["UKM-001"]} for n in (1, 2, 3, 4)},
    )
    folder = write(tmp_path / "p", [mod], [Person("UKM-001"), Person("UKM-002")])
    rows = rows_by_id(report_json(ukm, folder, "report", "--module", "m"))
    assert rows["UKM-001"]["status"] == "completed"  # 4 of 3
    assert (rows["UKM-002"]["attended"], rows["UKM-002"]["status"]) == (2, "failed")


def test_every_figure_matches_the_rules(ukm: Run, edges: Path) -> None:
    for module in MODULES:
        payload = report_json(ukm, edges, "report", "--module", module.id)
        rows = rows_by_id(payload)
        assert list(rows) == [p.id for p in PEOPLE]
        for person in PEOPLE:
            want = expected(module, person)
            row = rows[person.id]
            for key in (
                *STATUSES,
                "attended",
                "sessions",
                "held",
                "required",
                "status",
                "at_risk",
                "missed_last_two",
            ):
                assert row[key] == want[key], (module.id, person.id, key)
            got_missed = [(m["session"], m["status"]) for m in row["missed"]]
            assert got_missed == want["missed"], (module.id, person.id)
            for key in ("to_date", "overall", "best_possible"):
                if want[key] is None:
                    assert row[key] is None
                else:
                    assert row[key] == pytest.approx(want[key], abs=1e-4)
        wants = [expected(module, p) for p in PEOPLE]
        statuses = Counter(w["status"] for w in wants)
        summary = payload["summary"]
        assert summary["participants"] == len(PEOPLE)
        assert summary["completed"] == statuses["completed"]
        assert summary["in_progress"] == statuses["in_progress"]
        assert summary["failed"] == statuses["failed"]
        assert summary["at_risk"] == sum(w["at_risk"] for w in wants)
        for status in STATUSES:
            assert summary["attendance"][status] == sum(w[status] for w in wants)
        head = payload["module"]
        assert head["sessions"] == len(module.dates)
        assert head["held"] == sum(is_held(module, n) for n in module.dates)


def test_missed_sessions_carry_their_dates(ukm: Run, edges: Path) -> None:
    rows = rows_by_id(report_json(ukm, edges, "report", "--module", "keuangan"))
    assert rows["UKM-003"]["missed"] == [
        {"session": 2, "date": "2018-01-15", "status": "absent"},
        {"session": 3, "date": "2018-01-22", "status": "sick"},
    ]
    assert [m["status"] for m in rows["UKM-005"]["missed"]] == ["unmarked"] * 3


def test_sessions_count_only_those_registered_by_then(ukm: Run, edges: Path) -> None:
    payload = report_json(ukm, edges, "report", "--module", "keuangan")
    sessions = {s["number"]: s for s in payload["sessions"]}
    # session 1 (8 Jan): UKM-004 (16 Jan) and UKM-006 (1 Feb) not yet registered
    assert sessions[1]["counted"] == 5
    assert sessions[1]["present"] == 3  # UKM-004's mark does not count
    assert sessions[1]["absent"] == 2  # UKM-007 marked, UKM-005 on no list
    assert sessions[3]["counted"] == 6
    assert (sessions[4]["held"], sessions[4]["attended"]) == (False, 0)


def test_programme_report_figures(ukm: Run, edges: Path) -> None:
    payload = report_json(ukm, edges, "report")
    per_person = {p.id: [expected(m, p) for m in MODULES] for p in PEOPLE}
    graduates = [
        pid for pid, ws in per_person.items() if all(w["status"] == "completed" for w in ws)
    ]
    assert payload["graduates"] == len(graduates)
    assert payload["summary"]["graduates"] == len(graduates)
    failed = [pid for pid, ws in per_person.items() if any(w["status"] == "failed" for w in ws)]
    assert payload["summary"]["failed"] == len(failed)
    lines = {line["id"]: line for line in payload["modules"]}
    for index, module in enumerate(MODULES):
        wants = [per_person[p.id][index] for p in PEOPLE]
        line = lines[module.id]
        assert line["completed"] == sum(w["status"] == "completed" for w in wants)
        assert line["in_progress"] == sum(w["status"] == "in_progress" for w in wants)
        assert line["failed"] == sum(w["status"] == "failed" for w in wants)
        assert line["at_risk"] == sum(w["at_risk"] for w in wants)
        attended = sum(w["attended"] for w in wants)
        held = sum(w["held"] for w in wants)
        held_sessions = sum(is_held(module, n) for n in module.dates)
        assert (line["sessions"], line["held"]) == (len(module.dates), held_sessions)
        if held:
            assert line["attendance_to_date"] == pytest.approx(attended / held, abs=1e-4)
        else:
            assert line["attendance_to_date"] is None
    at_risk = sorted((p.id, m.id) for p in PEOPLE for m in MODULES if expected(m, p)["at_risk"])
    assert sorted((r["id"], r["module"]) for r in payload["at_risk"]) == at_risk


def test_percentages_in_the_table_say_what_they_divide(ukm: Run, edges: Path) -> None:
    result = ukm("--data", str(edges), "report", "--module", "keuangan", "--format", "csv")
    lines = result.stdout.lstrip("\ufeff").splitlines()
    header = lines[0].split(";")
    assert "pct_attended_of_held" in header and "pct_attended_of_sessions" in header
    rows = {
        line.split(";")[0]: dict(zip(header, line.split(";"), strict=True)) for line in lines[1:]
    }
    # UKM-004: 1 attended of 1 held, of 2 planned, best (1 + 1) / 2
    assert rows["UKM-004"]["pct_attended_of_held"] == str(pct(1, 1))
    assert rows["UKM-004"]["pct_attended_of_sessions"] == str(pct(1, 2))
    assert rows["UKM-004"]["pct_best_possible"] == str(pct(2, 2))
    # UKM-002: 2 of 3 held = 67 %, 2 of 4 = 50 %, (2 + 1) / 4 = 75 %
    assert [
        rows["UKM-002"][k]
        for k in ("pct_attended_of_held", "pct_attended_of_sessions", "pct_best_possible")
    ] == ["67", "50", "75"]
    # UKM-006: nothing counts: no percentage at all rather than a made-up one
    assert rows["UKM-006"]["pct_attended_of_held"] == ""
    plain = ukm("--data", str(edges), "report", "--module", "keuangan").stdout
    assert "to date att/held" in plain and "overall att/plan" in plain and "best possible" in plain


def test_flagged_whatever_their_percentage(ukm: Run, tmp_path: Path) -> None:
    # 6 sessions, 5 held (UKM-002 came to each), 50 % (3 required): UKM-001 present at 1-3,
    # absent at 4 and 5 -> completed, and flagged all the same for missing the last two.
    dates = {n: D(2018, 1, 1) + timedelta(weeks=n) for n in range(1, 7)}
    sheets = {
        n: {"present": ["UKM-001", "UKM-002"]}
        if n <= 3
        else {"present": ["UKM-002"], "absent": ["UKM-001"]}
        for n in range(1, 6)
    }
    mod = Mod("m", dates, sheets, min_attendance=50)
    folder = write(tmp_path / "p", [mod], [Person("UKM-001"), Person("UKM-002")])
    row = rows_by_id(report_json(ukm, folder, "report", "--module", "m"))["UKM-001"]
    assert (row["status"], row["missed_last_two"]) == ("completed", True)
    plain = ukm("--data", str(folder), "report", "--module", "m").stdout
    attention = plain.split("Needs attention")[1]
    assert "UKM-001" in attention


people_ids = [f"UKM-{n:03d}" for n in range(1, 6)]


@st.composite
def programmes(draw: st.DrawFn) -> tuple[Mod, list[Person], int]:
    count = draw(st.integers(1, 6))
    start = D(2018, 1, 1)
    offsets = draw(st.lists(st.integers(0, 60), min_size=count, max_size=count))
    dates = {n + 1: start + timedelta(days=o) for n, o in enumerate(offsets)}
    held = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    people = [
        Person(pid, registered=start + timedelta(days=draw(st.integers(0, 60))))
        for pid in people_ids
    ]
    sheets: dict[int, dict[str, list[str]]] = {}
    for number, has_sheet in zip(dates, held, strict=True):
        if not has_sheet:
            continue
        sheet: dict[str, list[str]] = {s: [] for s in STATUSES}
        for pid in people_ids:
            mark = draw(st.sampled_from((*STATUSES, None)))
            if mark is not None:
                sheet[mark].append(pid)
        sheets[number] = sheet
    minimum = draw(st.sampled_from((0, 1, 50, 66, 75, 80, 100)))
    return Mod("m", dates, sheets, min_attendance=minimum), people, minimum


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_random_programmes_match_the_rules(case: tuple[Mod, list[Person], int]) -> None:
    module, people, _minimum = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(Path(tmp) / "p", [module], people)
        payload = report_json(Run(), folder, "report", "--module", "m")
    for row, person in zip(payload["participants"], people, strict=True):
        want = expected(module, person)
        for key in (
            *STATUSES,
            "attended",
            "sessions",
            "held",
            "required",
            "status",
            "at_risk",
            "missed_last_two",
        ):
            assert row[key] == want[key], (person, key)
