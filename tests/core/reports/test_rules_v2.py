"""The rules of version 2 (PRODUCT.md) against ``kit.reports.expected``, with and without --as-of.

Generated programmes hold advance notices (sheets of excuses only), sheets where
nobody came, late registrations and thresholds 0/50/75/100; the expected figures
are worked out in the test (``kit.reports``), never by ukm's own rules.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.kit.helpers import Run
from tests.kit.reports import (
    STATUSES,
    Mod,
    Person,
    expected,
    is_held,
    report_json,
    sample_as_specs,
    write,
)

KEYS = (*STATUSES, "attended", "sessions", "held", "required", "status", "at_risk")
START = date(2018, 1, 1)


def generated(seed: int) -> tuple[list[Mod], list[Person]]:
    """A programme of a few modules with every kind of sheet version 2 tells apart."""
    rng = random.Random(seed)
    people = [
        Person(f"UKM-{n:03d}", registered=START + timedelta(days=rng.choice((0, 0, 10, 30, 70))))
        for n in range(1, 9)
    ]
    modules = []
    for index, minimum in enumerate((0, 50, 75, 100)):
        count = rng.randint(1, 5)
        dates = {n: START + timedelta(days=rng.randint(0, 80)) for n in range(1, count + 1)}
        sheets: dict[int, dict[str, list[str]]] = {}
        for number in dates:
            kind = rng.choice(("none", "advance", "nobody", "marked", "marked"))
            if kind == "none":
                continue
            sheet: dict[str, list[str]] = {s: [] for s in STATUSES}
            for person in people:
                allowed = {
                    "advance": ("excused", "sick", None),
                    "nobody": ("excused", "sick", "absent"),
                    "marked": (*STATUSES, None),
                }[kind]
                mark = rng.choice(allowed)
                if mark is not None:
                    sheet[mark].append(person.id)
            sheets[number] = sheet
        modules.append(Mod(f"m{index}", dates, sheets, min_attendance=minimum))
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
    assert [summary[s] for s in ("completed", "in_progress", "failed")] == [
        counts["completed"],
        counts["in_progress"],
        counts["failed"],
    ]
    assert summary["at_risk"] == sum(w["at_risk"] for w in wants)
    assert payload["module"]["held"] == sum(is_held(m, n, as_of) for n in m.dates)
    assert payload["as_of"] == (as_of.isoformat() if as_of else None)


def check_programme(ukm: Run, folder: Path, modules: list[Mod], people: list[Person],
                    minimum: int, as_of: date | None) -> None:  # fmt: skip
    args = ("--as-of", as_of.isoformat()) if as_of else ()
    payload = report_json(ukm, folder, "report", *args)
    chosen = [p for p in people if as_of is None or p.registered <= as_of]
    per = {p.id: [expected(m, p, minimum, as_of) for m in modules] for p in chosen}
    graduates = sum(all(w["status"] == "completed" for w in ws) for ws in per.values())
    summary = payload["summary"]
    assert summary["participants"] == len(chosen)
    assert summary["graduates"] == payload["graduates"] == graduates
    assert summary["failed"] == sum(any(w["status"] == "failed" for w in ws) for ws in per.values())
    assert summary["at_risk"] == sum(any(w["at_risk"] for w in ws) for ws in per.values())
    held = sum(is_held(m, n, as_of) for m in modules for n in m.dates)
    assert payload["programme"]["held"] == held


@pytest.mark.parametrize("seed", range(6))
def test_generated_programmes_match_the_rules(ukm: Run, tmp_path: Path, seed: int) -> None:
    modules, people = generated(seed)
    folder = write(tmp_path / "p", modules, people)
    for as_of in (None, START + timedelta(days=20), START + timedelta(days=45)):
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
