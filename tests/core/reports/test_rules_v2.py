"""The rules of version 2.1 (PRODUCT.md) against ``kit.reports.expected``, with and without --as-of.

Generated programmes hold advance notices (sheets of excuses only), sheets where
nobody came, late registrations (some after every session of a module: missed),
make-ups of sessions before and after the participant registered (some dated
after an --as-of day, some on sheets not held), exemptions, and thresholds
0/50/75/100; the expected figures are worked out in the test (``kit.reports``),
never by ukm's own rules.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit.helpers import Run
from tests.kit.reports import (
    STATUSES,
    Mod,
    Person,
    expected,
    is_held,
    made_up,
    programme_standing,
    report_json,
    sample_as_specs,
    write,
)

KEYS = (*STATUSES, "makeup", "attended", "sessions", "held", "required", "status", "at_risk")
START = date(2018, 1, 1)
END = date(2018, 12, 31)


def generated(seed: int, people_count: int = 8) -> tuple[list[Mod], list[Person]]:
    """A programme of a few modules with every kind of sheet version 2.1 tells apart."""
    rng = random.Random(seed)
    people = [
        Person(
            f"UKM-{n:03d}",
            registered=START + timedelta(days=rng.choice((0, 0, 10, 30, 70, 85))),
        )
        for n in range(1, people_count + 1)
    ]
    modules = []
    for index, minimum in enumerate((0, 50, 75, 100)):
        count = rng.randint(1, 5)
        dates = {n: START + timedelta(days=rng.randint(0, 80)) for n in range(1, count + 1)}
        sheets: dict[int, dict[str, list[str]]] = {}
        makeups: dict[int, dict[str, date]] = {}
        for number, day in dates.items():
            kind = rng.choice(("none", "advance", "nobody", "marked", "marked"))
            if kind == "none":
                continue
            sheet: dict[str, list[str]] = {s: [] for s in STATUSES}
            for person in people:
                allowed = {
                    "advance": ("excused", "sick", None),
                    "nobody": ("excused", "sick", "absent"),
                    "marked": (*STATUSES, None, None),
                }[kind]
                mark = rng.choice(allowed)
                if mark is not None:
                    sheet[mark].append(person.id)
                elif rng.random() < 0.4:  # made it up later (before or after registering)
                    when = day + timedelta(days=rng.choice((0, 3, 20, 60)))
                    makeups.setdefault(number, {})[person.id] = when
            sheets[number] = sheet
        modules.append(Mod(f"m{index}", dates, sheets, min_attendance=minimum, makeups=makeups))
    for person in people:
        if rng.random() < 0.25:
            person.exempt = {rng.choice(modules).id: "ikut pelatihan serupa"}
    return modules, people


def check_module(ukm: Run, folder: Path, m: Mod, people: list[Person], minimum: int,
                 as_of: date | None) -> None:  # fmt: skip
    args = ("--as-of", as_of.isoformat()) if as_of else ()
    payload = report_json(ukm, folder, "report", "--module", m.id, *args)
    chosen = [p for p in people if as_of is None or p.registered <= as_of]
    rows = {row["id"]: row for row in payload["participants"]}
    assert list(rows) == [p.id for p in chosen]
    wants = [expected(m, p, minimum, as_of) for p in chosen]
    for person, want in zip(chosen, wants, strict=True):
        for key in KEYS:
            assert rows[person.id][key] == want[key], (m.id, person.id, key, as_of)
    summary = payload["summary"]
    counts = Counter(w["status"] for w in wants)
    states = ("completed", "in_progress", "failed", "missed", "exempt")
    assert {s: summary[s] for s in states} == {s: counts[s] for s in states}
    assert summary["at_risk"] == sum(w["at_risk"] for w in wants)
    marks = {s: sum(w[s] for w in wants) for s in (*STATUSES, "makeup")}
    assert {s: summary["attendance"][s] for s in marks} == marks
    assert payload["module"]["held"] == sum(is_held(m, n, as_of) for n in m.dates)
    assert payload["as_of"] == (as_of.isoformat() if as_of else None)
    # each session: who it counts for, and how they came (on the day, or a make-up later)
    for line in payload["sessions"]:
        number, day = line["number"], m.dates[line["number"]]
        assert line["held"] == is_held(m, number, as_of)
        counting = [
            p
            for p, w in zip(chosen, wants, strict=True)
            if w["status"] != "exempt" and (p.registered <= day or number in made_up(m, p, as_of))
        ]
        assert line["counted"] == len(counting), (m.id, number, as_of)
        if line["held"]:
            came = sum(1 for p in counting if number in made_up(m, p, as_of)
                       and not any(p.id in ids for ids in m.sheets[number].values()))  # fmt: skip
            assert line["makeup"] == came, (m.id, number, as_of)


def check_programme(ukm: Run, folder: Path, modules: list[Mod], people: list[Person],
                    minimum: int, as_of: date | None) -> None:  # fmt: skip
    args = ("--as-of", as_of.isoformat()) if as_of else ()
    payload = report_json(ukm, folder, "report", *args)
    chosen = [p for p in people if as_of is None or p.registered <= as_of]
    per = {p.id: [expected(m, p, minimum, as_of) for m in modules] for p in chosen}
    standings = Counter(programme_standing(ws) for ws in per.values())
    summary = payload["summary"]
    assert summary["participants"] == len(chosen)
    assert summary["graduates"] == payload["graduates"] == standings["completed"]
    for state in ("in_progress", "failed", "missed"):
        assert summary[state] == standings[state], state
    assert summary["at_risk"] == sum(any(w["at_risk"] for w in ws) for ws in per.values())
    assert summary["exempt"] == sum(any(w["status"] == "exempt" for w in ws)
                                    for ws in per.values())  # fmt: skip
    held = sum(is_held(m, n, as_of) for m in modules for n in m.dates)
    assert payload["programme"]["held"] == held
    for line, m in zip(payload["modules"], modules, strict=True):
        wants = [expected(m, p, minimum, as_of) for p in chosen]
        for state in ("completed", "failed", "missed", "exempt"):
            assert line[state] == sum(w["status"] == state for w in wants), (m.id, state)
    # the graduates by name, each with the day they completed their last module
    graduated = report_json(ukm, folder, "report", "--graduates", *args)
    want = {
        pid: max(w["completed_on"] for w in ws)
        for pid, ws in per.items()
        if programme_standing(ws) == "completed"
    }
    got = {g["id"]: g["completed"] for g in graduated["graduates"]}
    assert got == {pid: day.isoformat() for pid, day in want.items()}


@pytest.mark.parametrize("seed", range(6))
def test_generated_programmes_match_the_rules(ukm: Run, tmp_path: Path, seed: int) -> None:
    modules, people = generated(seed)
    folder = write(tmp_path / "p", modules, people)
    for as_of in (None, START + timedelta(days=20), START + timedelta(days=45), END):
        for m in modules:
            check_module(ukm, folder, m, people, 75, as_of)
        check_programme(ukm, folder, modules, people, 75, as_of)


@pytest.mark.parametrize("as_of", [None, date(2017, 12, 20), date(2018, 1, 31)])
def test_the_shipped_sample_matches_the_rules(ukm: Run, sample: Path, as_of: date | None) -> None:
    modules, people, minimum = sample_as_specs(sample)
    for m in modules:
        check_module(ukm, sample, m, people, minimum, as_of)
    check_programme(ukm, sample, modules, people, minimum, as_of)


def test_an_excuse_in_advance_does_not_hold_the_session(ukm: Run, tmp_path: Path) -> None:
    # The case: one excuse written before session 2 must not fail everybody.
    m = Mod(
        "m",
        {1: date(2018, 1, 8), 2: date(2018, 2, 11)},
        {1: {"present": ["UKM-001", "UKM-002"]}, 2: {"excused": ["UKM-002"]}},
        min_attendance=75,
    )
    folder = write(tmp_path / "p", [m], [Person("UKM-001"), Person("UKM-002")])
    payload = report_json(ukm, folder, "report", "--module", "m")
    # 2 sessions, 75 % -> 2 required; 1 held (session 2 is advance notice), both came to it.
    assert [(r["held"], r["status"], r["at_risk"]) for r in payload["participants"]] == [
        (1, "in_progress", False),
        (1, "in_progress", False),
    ]
    assert [s["held"] for s in payload["sessions"]] == [True, False]


def test_as_of_is_refused_when_not_a_date(ukm: Run, sample: Path) -> None:
    result = ukm("--data", str(sample), "report", "--as-of", "20-12-17")
    assert result.exit_code == 2


IDS = [f"UKM-{n:03d}" for n in range(1, 6)]


@st.composite
def programmes_21(draw: st.DrawFn) -> tuple[list[Mod], list[Person], date | None]:
    """Two modules; late registrations, make-ups before and after registering, exemptions."""
    people = [
        Person(pid, registered=START + timedelta(days=draw(st.integers(0, 70)))) for pid in IDS
    ]
    modules = []
    for index in range(2):
        count = draw(st.integers(1, 4))
        offsets = draw(st.lists(st.integers(0, 60), min_size=count, max_size=count))
        dates = {n + 1: START + timedelta(days=o) for n, o in enumerate(offsets)}
        sheets: dict[int, dict[str, list[str]]] = {}
        makeups: dict[int, dict[str, date]] = {}
        for number, day in dates.items():
            if not draw(st.booleans()):
                continue
            sheet: dict[str, list[str]] = {s: [] for s in STATUSES}
            for pid in IDS:
                mark = draw(st.sampled_from((*STATUSES, None, "makeup")))
                if mark == "makeup":
                    later = draw(st.integers(0, 40))
                    makeups.setdefault(number, {})[pid] = day + timedelta(days=later)
                elif mark is not None:
                    sheet[mark].append(pid)
            sheets[number] = sheet
        minimum = draw(st.sampled_from((0, 50, 75, 100)))
        modules.append(Mod(f"m{index}", dates, sheets, min_attendance=minimum, makeups=makeups))
    for person in people:
        exempt = draw(st.sampled_from((None, None, "m0", "m1")))
        if exempt is not None:
            person.exempt = {exempt: "sudah ikut"}
    as_of = draw(st.one_of(st.none(), st.integers(0, 110).map(lambda d: START + timedelta(d))))
    return modules, people, as_of


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes_21())
def test_random_programmes_match_the_rules_of_version_2_1(
    case: tuple[list[Mod], list[Person], date | None],
) -> None:
    modules, people, as_of = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(Path(tmp) / "p", modules, people)
        for m in modules:
            check_module(Run(), folder, m, people, 75, as_of)
        check_programme(Run(), folder, modules, people, 75, as_of)


def test_the_worked_example_of_rules_md(ukm: Run, tmp_path: Path) -> None:
    """docs/rules.md's example of version 2.1, figure by figure."""
    jan = {n: date(2018, 1, d) for n, d in ((1, 8), (2, 15), (3, 22), (4, 29))}
    keuangan = Mod(
        "keuangan",
        jan,
        {
            1: {"present": ["UKM-001", "UKM-002"], "absent": ["UKM-003"]},
            2: {"present": ["UKM-001"], "excused": ["UKM-002"]},
            3: {"excused": ["UKM-001"]},
        },
        min_attendance=75,
        makeups={2: {"UKM-003": date(2018, 1, 18), "UKM-005": date(2018, 2, 3)}},
    )
    people = [
        *(Person(f"UKM-00{n}", registered=date(2018, 1, 1)) for n in (1, 2, 3)),
        Person("UKM-004", registered=date(2018, 1, 10)),
        Person("UKM-005", registered=date(2018, 2, 1)),
        Person("UKM-006", registered=date(2018, 2, 1)),
        Person("UKM-007", registered=date(2018, 1, 1), exempt={"keuangan": "ikut 2017"}),
    ]
    folder = write(tmp_path / "p", [keuangan], people)

    def rows(*args: str) -> dict[str, dict[str, object]]:
        payload = report_json(ukm, folder, "report", "--module", "keuangan", *args)
        return {row["id"]: row for row in payload["participants"]}

    now = rows()
    keys = ("sessions", "held", "attended", "status")
    figures = {pid: tuple(r[k] for k in keys) for pid, r in now.items()}
    assert figures == {
        "UKM-001": (4, 2, 2, "in_progress"),
        "UKM-002": (4, 2, 1, "in_progress"),
        "UKM-003": (4, 2, 1, "in_progress"),
        "UKM-004": (3, 1, 0, "failed"),
        "UKM-005": (1, 1, 1, "completed"),
        "UKM-006": (0, 0, 0, "missed"),
        "UKM-007": (0, 0, 0, "exempt"),
    }
    assert now["UKM-003"]["at_risk"] and now["UKM-003"]["makeup"] == 1
    assert [m["session"] for m in now["UKM-003"]["missed"]] == [1]
    assert now["UKM-005"]["required"] == 1
    end_of_january = rows("--as-of", "2018-01-31")
    assert "UKM-005" not in end_of_january and end_of_january["UKM-003"]["attended"] == 1
    before = rows("--as-of", "2018-01-17")
    assert (before["UKM-003"]["attended"], before["UKM-003"]["status"]) == (0, "failed")
    assert [(m["session"], m["status"]) for m in before["UKM-003"]["missed"]] == [
        (1, "absent"),
        (2, "unmarked"),
    ]


def test_participants_alike_share_one_standing_beside_make_ups_and_exemptions() -> None:
    """The rules work out each distinct standing once (100,000 participants): make-ups and
    exemptions are per participant, yet everyone else alike still shares one object."""
    from ukmtool.core.models import Module, Participant, Session, Sheet
    from ukmtool.core.rules import ModuleRoll, Roster

    module = Module(
        id="keuangan",
        title="Keuangan",
        sessions={n: Session(date=START + timedelta(days=7 * n)) for n in (1, 2, 3, 4)},
    )
    people = [
        Participant(
            id=f"UKM-{n:04d}",
            business="Usaha",
            owner="Pemilik",
            gender="F",
            sector="batik",
            district="Cepu",
            registered=START + timedelta(days=16 if n >= 990 else 0),
            exempt={"keuangan": "ikut 2017"} if n in (5, 6) else {},
        )
        for n in range(1000)
    ]
    ids = [p.id for p in people]
    sheets = {
        1: Sheet(present=ids[:980], makeup={"UKM-0990": START + timedelta(days=40)}),
        2: Sheet(present=ids[:980], makeup={"UKM-0991": START + timedelta(days=40)}),
    }
    standings = ModuleRoll(module, sheets).standings(Roster(people), 75)
    everyone = standings[0]
    assert all(s is everyone for i, s in enumerate(standings[:980]) if i not in (5, 6))
    assert standings[5] is standings[6] and standings[5].status.value == "exempt"
    assert standings[990] is not standings[992] and standings[990].makeup == 1
    assert (standings[990].sessions, standings[992].sessions) == (3, 2)  # 1 made up, 3 and 4
    assert standings[992] is standings[993]  # registered late, nothing made up: alike
    assert len({id(s) for s in standings}) <= 6
