"""``ukm report --visits``, ``show`` and ``report``: mentoring figures checked independently."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import Run
from tests.kit.visits import V, expect, folder, whole_percent

D = date

# UKM-001: kas-harian no -> yes (gained); pisah-uang observed at two of four visits, no -> yes;
#          foto-produk no at both; merek never observed (until a visit after --as-of).
# UKM-002: written out of date order: 01-15 (kas-harian yes) comes after 02-01 (no) in the file,
#          so kas-harian is lost and merek gained.
# UKM-003: two visits on one day, by two trainers: the file's order decides which is latest.
# UKM-004: never visited: not mentored.
VISITS = [
    V(
        "UKM-001",
        D(2018, 1, 10),
        modules=("keuangan",),
        practices={"kas-harian": False, "pisah-uang": False},
    ),
    V(
        "UKM-002",
        D(2018, 2, 1),
        trainer="Hendro Wicaksono",
        hours=2,
        practices={"kas-harian": False, "merek": True},
    ),
    V("UKM-001", D(2018, 1, 24), hours=1, practices={"kas-harian": True}),
    V(
        "UKM-002",
        D(2018, 1, 15),
        trainer="Hendro Wicaksono",
        hours=1,
        practices={"kas-harian": True, "merek": False},
    ),
    V(
        "UKM-001",
        D(2018, 2, 7),
        modules=("pemasaran",),
        practices={"pisah-uang": True, "foto-produk": False},
    ),
    V("UKM-003", D(2018, 1, 20), practices={"pisah-uang": True}),
    V("UKM-003", D(2018, 1, 20), trainer="Yulia Kurniasari", practices={"pisah-uang": False}),
    V("UKM-001", D(2018, 2, 21), hours=2, practices={"kas-harian": True, "foto-produk": False}),
    V("UKM-001", D(2018, 3, 10), practices={"merek": True}, notes="Merek baru dipakai."),
]
AS_OF = D(2018, 2, 28)


@pytest.fixture
def mentoring(tmp_path: Path) -> Path:
    return folder(tmp_path / "p", VISITS, tags={"UKM-001": ("unggulan",)})


def as_json(ukm: Run, where: Path, *args: str) -> Any:
    result = ukm("--lang", "en", "--data", str(where), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_figures_match_an_independent_computation(ukm: Run, mentoring: Path) -> None:
    got = as_json(ukm, mentoring, "report", "--visits", "--as-of", "2018-02-28")
    want = expect(VISITS, AS_OF, 21)
    assert (got["as_of"], got["as_of_source"], got["stale_days"]) == ("2018-02-28", "given", 21)
    businesses = {b["id"]: b for b in got["businesses"]}
    assert set(businesses) == set(want["businesses"]) == {"UKM-001", "UKM-002", "UKM-003"}
    for pid, expected in want["businesses"].items():
        b = businesses[pid]
        for key in (
            "trainer",
            "visits",
            "hours",
            "first_visit",
            "last_visit",
            "days_since",
            "stale",
            "observed",
            "yes_first",
            "yes_latest",
            "gained",
            "lost",
        ):
            assert b[key] == expected[key], (pid, key)
        record = {r["id"]: (r["first"], r["latest"], r["observations"]) for r in b["practices"]}
        assert record == expected["record"], pid
    for line in got["practices"]:
        assert {k: line[k] for k in want["practices"][line["id"]]} == want["practices"][line["id"]]
    s = got["summary"]
    assert s["mentored"] == want["mentored"] == 3
    assert (s["practices_observed"], s["uptake_first"], s["uptake_latest"]) == (
        want["pairs"],
        want["uptake_first"],
        want["uptake_latest"],
    )
    trainers = {t["trainer"]: t for t in got["trainers"]}
    assert set(trainers) == set(want["trainers"])
    for name, t in want["trainers"].items():
        assert trainers[name]["businesses"] == len(t["businesses"])
        assert (trainers[name]["visits"], trainers[name]["hours"]) == (t["visits"], t["hours"])
        assert trainers[name]["last_visit"] == t["last_visit"].isoformat()
        assert trainers[name]["stale"] == t["stale"]


def test_the_cases_the_figures_hinge_on(ukm: Run, mentoring: Path) -> None:
    """The same figures, spelled out for the cases that are easy to get wrong."""
    got = as_json(ukm, mentoring, "report", "--visits", "--as-of", "2018-02-28")
    b = {x["id"]: x for x in got["businesses"]}
    first = {r["id"]: r for r in b["UKM-001"]["practices"]}
    # observed at some visits only: first and latest are the visits that observed it
    assert (first["pisah-uang"]["first_date"], first["pisah-uang"]["latest_date"]) == (
        "2018-01-10",
        "2018-02-07",
    )
    assert "merek" not in first  # never observed by 2018-02-28: out of its shares
    assert b["UKM-001"]["gained"] == ["kas-harian", "pisah-uang"]
    assert b["UKM-002"]["lost"] == ["kas-harian"]  # by date, not by the file's order
    assert b["UKM-002"]["gained"] == ["merek"]
    assert b["UKM-003"]["lost"] == ["pisah-uang"]  # one day: the file's order
    assert b["UKM-003"]["trainer"] == "Yulia Kurniasari"
    assert [x["id"] for x in got["businesses"] if x["stale"]] == ["UKM-002", "UKM-003"]
    assert b["UKM-002"]["days_since"] == (AS_OF - D(2018, 2, 1)).days == 27


@pytest.mark.parametrize(("stale", "expected"), [(26, True), (27, False)])
def test_stale_means_more_than_the_days_given(
    ukm: Run, mentoring: Path, stale: int, expected: bool
) -> None:
    got = as_json(
        ukm, mentoring, "report", "--visits", "--as-of", "2018-02-28", "--stale", str(stale)
    )
    assert {b["id"]: b["stale"] for b in got["businesses"]}["UKM-002"] is expected


def test_the_report_date_is_the_programme_end_once_it_is_over(ukm: Run, mentoring: Path) -> None:
    got = as_json(ukm, mentoring, "report", "--visits")
    assert (got["as_of"], got["as_of_source"]) == ("2018-03-31", "programme_end")
    want = expect(VISITS, D(2018, 3, 31), 21)  # the visit of 2018-03-10 counts now
    assert got["summary"]["uptake_latest"] == want["uptake_latest"]
    assert {b["id"]: b["days_since"] for b in got["businesses"]} == {
        pid: b["days_since"] for pid, b in want["businesses"].items()
    }


def test_the_report_date_is_today_while_the_programme_runs(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", VISITS, ends=D(2099, 12, 31))
    got = as_json(ukm, where, "report", "--visits")
    today = date.today()
    assert (got["as_of"], got["as_of_source"]) == (today.isoformat(), "today")
    days = {b["id"]: b["days_since"] for b in got["businesses"]}
    assert days["UKM-001"] == (today - D(2018, 3, 10)).days


def test_a_visit_after_the_programme_end_moves_the_report_date(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", VISITS, ends=D(2018, 3, 1))
    got = as_json(ukm, where, "report", "--visits")
    assert (got["as_of"], got["as_of_source"]) == ("2018-03-10", "latest_visit")
    assert {b["id"]: b["days_since"] for b in got["businesses"]}["UKM-001"] == 0


def test_show_adds_the_visits_and_the_practice_record(ukm: Run, mentoring: Path) -> None:
    got = as_json(ukm, mentoring, "show", "UKM-001")
    own = [v for v in VISITS if v.participant == "UKM-001"]
    assert [v["date"] for v in got["visits"]] == sorted(v.date.isoformat() for v in own)
    assert got["visits"][-1]["notes"] == "Merek baru dipakai."
    want = expect(VISITS, D(2018, 12, 31), 21)["businesses"]["UKM-001"]["record"]
    record = {r["id"]: r for r in got["practices"]}
    assert list(record) == ["kas-harian", "pisah-uang", "foto-produk", "merek"]
    for practice, (before, now, count) in want.items():
        r = record[practice]
        assert (r["first"], r["latest"], r["observations"]) == (before, now, count)
    changes = {p: r["change"] for p, r in record.items()}
    assert changes == {
        "kas-harian": "gained",
        "pisah-uang": "gained",
        "foto-produk": "not_yet",
        "merek": "once",
    }
    text = ukm("--lang", "en", "--data", str(mentoring), "show", "UKM-001").stdout
    hours = sum(v.hours for v in own)
    assert f"Mentoring visits ({len(own)}, {hours:g} hours)" in text
    assert "Good practices: first and latest observation" in text


def test_show_of_a_business_never_visited_has_no_mentoring(ukm: Run, mentoring: Path) -> None:
    got = as_json(ukm, mentoring, "show", "UKM-004")
    assert (got["visits"], got["practices"]) == ([], [])
    text = ukm("--lang", "en", "--data", str(mentoring), "show", "UKM-004").stdout
    assert "Mentoring visits" not in text


def test_programme_report_says_how_many_are_mentored_and_the_uptake(
    ukm: Run, mentoring: Path
) -> None:
    got = as_json(ukm, mentoring, "report")
    want = expect(VISITS, D(2099, 1, 1), 21)
    assert got["mentoring"] == {
        "mentored": 3,
        "practices_observed": want["pairs"],
        "yes_first": round(want["uptake_first"] * want["pairs"]),
        "yes_latest": round(want["uptake_latest"] * want["pairs"]),
        "uptake_first": want["uptake_first"],
        "uptake_latest": want["uptake_latest"],
    }
    text = ukm("--lang", "en", "--data", str(mentoring), "report").stdout
    first = whole_percent(round(want["uptake_first"] * want["pairs"]), want["pairs"])
    latest = whole_percent(round(want["uptake_latest"] * want["pairs"]), want["pairs"])
    assert "Mentored businesses: 3" in text
    assert f"Practice uptake: {first}% at the first observation, {latest}% at the latest" in text


def test_filters_choose_the_businesses(ukm: Run, mentoring: Path) -> None:
    got = as_json(ukm, mentoring, "report", "--visits", "--tag", "unggulan")
    assert [b["id"] for b in got["businesses"]] == ["UKM-001"]
    assert [t["trainer"] for t in got["trainers"]] == ["Ratna Dewi"]
    assert as_json(ukm, mentoring, "report", "--tag", "unggulan")["mentoring"]["mentored"] == 1


def test_without_visits_the_reports_say_so(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [])
    got = as_json(ukm, where, "report", "--visits")
    assert got["businesses"] == [] and got["summary"]["uptake_first"] is None
    assert as_json(ukm, where, "report")["mentoring"]["mentored"] == 0
    text = ukm("--lang", "en", "--data", str(where), "report", "--visits").stdout
    assert "No mentoring visit is recorded." in text
    assert "Mentored businesses" not in ukm("--data", str(where), "report").stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--visits", "--module", "keuangan"), "--visits cannot be combined with --module"),
        (("--visits", "--by", "district"), "--visits cannot be combined with --by"),
        (("--stale", "10"), "--stale can only be used with --visits"),
        (("--visits", "--as-of", "1/2/18"), "--as-of: '1/2/18' has a two-digit year."),
        (("--visits", "--stale", "0"), "Invalid value for '--stale'"),
    ],
)
def test_options_that_do_not_go_together(
    ukm: Run, mentoring: Path, args: tuple[str, ...], expected: str
) -> None:
    result = ukm("--lang", "en", "--data", str(mentoring), "report", *args)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_every_format(ukm: Run, mentoring: Path, tmp_path: Path) -> None:
    base = ("--lang", "en", "--data", str(mentoring), "report", "--visits", "--as-of", "2018-02-28")
    text = ukm(*base).stdout
    for title in ("Trainers", "Good practices", "Mentored businesses (3)", "Summary"):
        assert title in text
    assert "Not visited for more than 21 days, as of 28 February 2018 (2)" in text
    practices_line = next(line for line in text.splitlines() if line.startswith("merek"))
    want = expect(VISITS, AS_OF, 21)["practices"]["merek"]
    pct_first = whole_percent(want["yes_first"], want["observed"])
    pct_latest = whole_percent(want["yes_latest"], want["observed"])
    assert f"{pct_first}%" in practices_line and f"{pct_latest}%" in practices_line
    assert pct_latest != pct_first and f" {pct_latest - pct_first:+d} " in practices_line
    csv_text = ukm(*base, "--format", "csv").stdout
    header = csv_text.lstrip("\ufeff").splitlines()[0].split(";")
    assert header[:4] == ["id", "business", "district", "trainer"]
    assert len(csv_text.splitlines()) == 1 + 3
    md = ukm(*base, "--format", "md").stdout
    assert "## Good practices" in md and "| UKM-003 |" in md
    out = tmp_path / "visits.xlsx"
    assert ukm(*base, "--output", str(out)).exit_code == 0
    from openpyxl import load_workbook

    from tests.kit.workbook import table_rows

    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["trainers", "practices", "businesses", "stale", "summary"]
    assert len(table_rows(book["businesses"])) == 3
    assert json.loads(ukm(*base, "--format", "json").stdout)["summary"]["mentored"] == 3


COUNT = 260
LATE = [f"UKM-{n:03d}" for n in range(241, 261)]  # last visited long ago: stale


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ids = tuple(f"UKM-{n:03d}" for n in range(1, COUNT + 1))
    visits = [
        V(pid, D(2018, 1, 2) if pid in LATE else D(2018, 3, 20) - timedelta(days=n % 5))
        for n, pid in enumerate(ids)
    ]
    return folder(tmp_path_factory.mktemp("many") / "p", visits, people=ids)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukmtool.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)


def business_rows(out: str) -> list[str]:
    import re

    section = out.split("Mentored businesses", 1)[1].split("Not visited for more than", 1)[0]
    return re.findall(r"^\s*(UKM-\d{3}) ", section, re.MULTILINE)


@pytest.mark.usefixtures("terminal")
def test_a_terminal_shows_200_businesses_stale_first(ukm: Run, many: Path) -> None:
    out = ukm("--lang", "en", "--data", str(many), "report", "--visits").stdout
    rows = business_rows(out)
    assert len(rows) == 200 and rows[:20] == LATE
    assert "60 participants left out" in out
    assert len(business_rows(ukm("--data", str(many), "report", "--visits", "--all").stdout)) == 260


def test_exports_hold_every_business(ukm: Run, many: Path) -> None:
    csv_text = ukm("--data", str(many), "report", "--visits", "--format", "csv").stdout
    assert len(csv_text.splitlines()) == 1 + COUNT
    piped = ukm("--data", str(many), "report", "--visits", "--limit", "10").stdout
    assert len(business_rows(piped)) == 10


def test_one_trainer_one_visit_one_hour_are_said_in_the_singular(ukm: Run, tmp_path: Path) -> None:
    one = [V("UKM-001", D(2018, 1, 10), hours=1, practices={"kas-harian": True})]
    where = folder(tmp_path / "p", one)
    result = ukm("--lang", "en", "--data", str(where), "report", "--visits")
    assert result.exit_code == 0, result.output
    assert "1, by 1 trainer: 1 visit, 1 hour" in result.stdout
    many = ukm("--lang", "en", "--data", str(folder(tmp_path / "q", VISITS)), "report", "--visits")
    assert "by 3 trainers:" in many.stdout and " visits, " in many.stdout
