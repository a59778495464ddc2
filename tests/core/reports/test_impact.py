"""``ukm report --impact``: size class by the law in force, naik kelas, jobs, against an oracle.

The oracle below is written apart from ``core/sizeclass``: bounds typed again
from the laws, the class as the number of bounds the value is above, the law
chosen by comparing dates as text, and naik kelas judged on the one figure
both sides hold (sales first, then capital; else not comparable).  Programmes
are generated so that measurements straddle 2021-02-02, baselines sit exactly
on, just below and just above every bound, and one side often lacks a figure
the other has (a district that sends capital only, a survey of sales only).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from statistics import median
from typing import Any

import pytest
import yaml

from tests.kit.helpers import Run, programme
from ukmtool.core import sizeclass

JT = 1_000_000
M = 1_000_000_000
ORACLE_LAWS = {
    # name: (annual sales bounds, net assets bounds), "paling banyak" each
    "UU 20/2008": ((300 * JT, 2500 * JT, 50 * M), (50 * JT, 500 * JT, 10 * M)),
    "PP 7/2021": ((2 * M, 15 * M, 50 * M), (1 * M, 5 * M, 10 * M)),
}
NAMES = ["mikro", "kecil", "menengah", "besar"]


def oracle_law(day: str) -> str:
    return "PP 7/2021" if day >= "2021-02-02" else "UU 20/2008"


def oracle_class(sales: int | None, capital: int | None, law: str) -> str | None:
    sales_bounds, capital_bounds = ORACLE_LAWS[law]
    if sales is not None:
        value, bounds = sales * 12, sales_bounds
    elif capital is not None:
        value, bounds = capital, capital_bounds
    else:
        return None
    return NAMES[sum(1 for bound in bounds if value > bound)]


def oracle_figure(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """PRODUCT.md: annual sales when both sides have sales, else capital when both have it."""
    for figure in ("sales", "capital"):
        if before[figure] is not None and after[figure] is not None:
            return figure
    return None


def oracle_judged(figures: dict[str, Any], figure: str, law: str) -> str | None:
    """The class of one side, on ``figure`` alone."""
    if figure == "sales":
        return oracle_class(figures["sales"], None, law)
    return oracle_class(None, figures["capital"], law)


def edge_values(bounds: tuple[int, ...], per: int) -> list[int]:
    """Values on, just below and just above each bound (divided by ``per``, whole Rupiah)."""
    found = []
    for bound in bounds:
        at = bound // per
        found += [at - 1, at, at + 1]
    return [v for v in found if v >= 0]


SALES_EDGES = sorted(
    {v for law in ORACLE_LAWS.values() for v in edge_values(law[0], 12)} | {0, 5 * JT}
)
CAPITAL_EDGES = sorted(
    {v for law in ORACLE_LAWS.values() for v in edge_values(law[1], 1)} | {0, 20 * JT}
)
DAYS = [date(2021, 2, 1), date(2021, 2, 2), date(2021, 2, 3), date(2019, 6, 1), date(2023, 1, 9)]

PROGRAM = """\
name: Program Uji Dampak
starts: 2019-01-01
ends: 2023-12-31
language: en
districts: [Cepu, Japah, Jepon]
sectors: [batik, kayu, kuliner]
"""


def _money(rng: random.Random, edges: list[int]) -> int | None:
    return None if rng.random() < 0.3 else rng.choice(edges)


def generate(seed: int, count: int = 60) -> tuple[str, str, list[dict[str, Any]]]:
    """participants.yaml and indicators.yaml text, and the participants as plain values."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    lines: list[str] = []
    measures: list[str] = []
    for n in range(1, count + 1):
        registered = date(2019, 1, 1) + timedelta(days=rng.randint(0, 700))
        person: dict[str, Any] = {
            "id": f"UKM-{n:03d}",
            "gender": rng.choice("FM"),
            "district": rng.choice(["Cepu", "Japah", "Jepon"]),
            "registered": registered,
            "sales": _money(rng, SALES_EDGES),
            "capital": _money(rng, CAPITAL_EDGES),
            "employees": None if rng.random() < 0.2 else rng.randint(0, 30),
            "measures": [],
        }
        lines += [
            f"- id: {person['id']}",
            f"  business: Usaha {n}",
            f"  owner: Pemilik {n}",
            f"  gender: {person['gender']}",
            "  sector: batik",
            f"  district: {person['district']}",
            f"  registered: {registered.isoformat()}",
        ]
        for key, name in (("sales", "monthly_sales"), ("capital", "capital")):
            if person[key] is not None:
                lines.append(f"  {name}: {person[key]}")
        if person["employees"] is not None:
            lines.append(f"  employees: {person['employees']}")
        days = sorted({d for d in rng.sample(DAYS, rng.randint(0, 3)) if d >= registered})
        for day in days:
            figures = {
                "date": day,
                "sales": _money(rng, SALES_EDGES),
                "capital": _money(rng, CAPITAL_EDGES),
                "employees": None if rng.random() < 0.2 else rng.randint(0, 30),
            }
            person["measures"].append(figures)
            measures += [f"- participant: {person['id']}", f"  date: {day.isoformat()}"]
            for key, name in (("sales", "monthly_sales"), ("capital", "capital")):
                if figures[key] is not None:
                    measures.append(f"  {name}: {figures[key]}")
            if figures["employees"] is not None:
                measures.append(f"  employees: {figures['employees']}")
        people.append(person)
    blocks = _blocks(measures)
    rng.shuffle(blocks)
    return "\n".join(lines) + "\n", "".join(blocks), people


def _blocks(lines: list[str]) -> list[str]:
    """Entries of a list file as blocks of text (shuffled, so the file is not in date order)."""
    blocks: list[str] = []
    for line in lines:
        if line.startswith("- "):
            blocks.append("")
        blocks[-1] += line + "\n"
    return blocks


def expected(people: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What the report must say of each participant with a later measurement."""
    found = {}
    for person in people:
        if not person["measures"]:
            continue
        latest = max(person["measures"], key=lambda m: m["date"])
        law = oracle_law(latest["date"].isoformat())
        figure = oracle_figure(person, latest)
        before = oracle_judged(person, figure, law) if figure else None
        after = oracle_judged(latest, figure, law) if figure else None
        jobs = (
            None
            if person["employees"] is None or latest["employees"] is None
            else latest["employees"] - person["employees"]
        )
        found[person["id"]] = {
            "law": law,
            "class_figure": figure,
            "comparable": figure is not None,
            "baseline_class": before,
            "latest_class": after,
            "moved_up": before is not None
            and after is not None
            and NAMES.index(after) > NAMES.index(before),
            "moved_down": before is not None
            and after is not None
            and NAMES.index(after) < NAMES.index(before),
            "jobs_added": jobs,
            "sales_change": None
            if person["sales"] is None or latest["sales"] is None
            else latest["sales"] - person["sales"],
            "has_baseline": any(person[k] is not None for k in ("sales", "capital", "employees")),
        }
    return found


def impact_json(ukm: Run, folder: Path, *args: str) -> dict[str, Any]:
    result = ukm("--data", str(folder), "report", "--impact", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_classes_and_naik_kelas_agree_with_an_independent_computation(
    ukm: Run, tmp_path: Path, seed: int
) -> None:
    participants, indicators, people = generate(seed)
    folder = programme(
        tmp_path / "p",
        program=PROGRAM,
        participants=participants,
        indicators=indicators,
        modules="- id: k\n  title: K\n  sessions:\n    1: {date: 2019-02-01}\n",
    )
    check = ukm("--data", str(folder), "check")
    assert check.exit_code == 0, check.output
    data = impact_json(ukm, folder)
    want = expected(people)
    got = {row["id"]: row for row in data["participants"]}
    assert set(got) == set(want)
    for pid, values in want.items():
        row = got[pid]
        keys = ("law", "class_figure", "comparable", "baseline_class", "latest_class")
        for key in (*keys, "moved_up", "moved_down", "jobs_added"):
            assert row[key] == values[key], (pid, key, row)
        assert row["sales_change"] == values["sales_change"], pid
    measured = [v for v in want.values() if v["has_baseline"]]
    summary = data["summary"]
    assert summary["measured"] == len(measured)
    assert summary["moved_up"] == sum(v["moved_up"] for v in measured)
    assert summary["moved_down"] == sum(v["moved_down"] for v in measured)
    apart = [pid for pid, v in want.items() if v["has_baseline"] and not v["comparable"]]
    assert summary["classified"] == len(measured) - len(apart)
    assert summary["not_comparable"] == len(apart)
    assert [row["id"] for row in data["not_comparable"]] == apart
    assert summary["jobs_added"] == sum(v["jobs_added"] or 0 for v in measured)
    changes = [v["sales_change"] for v in measured if v["sales_change"] is not None]
    assert summary["sales_businesses"] == len(changes)
    if changes:
        assert abs(summary["sales_median_change"] - median(changes)) <= 0.5
    assert summary["no_follow_up"] == sum(1 for p in people if not p["measures"])
    laws_used = {v["law"] for v in measured}
    assert set(data["laws"]) == laws_used
    # the class table counts the same pairs, law by law and figure by figure
    pairs: dict[tuple[str, str | None, str | None, str | None], int] = {}
    for v in measured:
        if v["comparable"]:
            key = (v["law"], v["class_figure"], v["baseline_class"], v["latest_class"])
            pairs[key] = pairs.get(key, 0) + 1
    table = {
        (c["law"], c["class_figure"], c["baseline_class"], c["latest_class"]): c["businesses"]
        for c in data["classes"]
    }
    assert table == pairs


@pytest.mark.parametrize("law", sizeclass.LAWS, ids=lambda law: law.name)
def test_every_bound_is_paling_banyak(law: sizeclass.Law) -> None:
    name = law.name
    for index, bound in enumerate(ORACLE_LAWS[name][1]):
        assert sizeclass.size_class(None, bound, law) == NAMES[index]
        assert sizeclass.size_class(None, bound + 1, law) == NAMES[index + 1]
    for index, bound in enumerate(ORACLE_LAWS[name][0]):
        if bound % 12 == 0:
            assert sizeclass.size_class(bound // 12, None, law) == NAMES[index]
        assert sizeclass.size_class(bound // 12 + 1, None, law) == NAMES[index + 1]
    assert sizeclass.size_class(None, None, law) is None


def test_the_law_changes_on_2021_02_02() -> None:
    assert sizeclass.law_on(date(2021, 2, 1)).name == "UU 20/2008"
    assert sizeclass.law_on(date(2021, 2, 2)).name == "PP 7/2021"
    assert sizeclass.law_on(date(2008, 7, 4)).name == "UU 20/2008"


def test_a_change_of_law_is_not_counted_as_growth(ukm: Run, tmp_path: Path) -> None:
    # kecil in 2019 by UU 20/2008 (Rp30 juta a month is Rp360 juta a year); the same
    # business with the same sales in 2021 is mikro by PP 7/2021: neither moved up nor down.
    participants = (
        "- id: UKM-001\n  business: Mebel Jati\n  owner: Budi\n  gender: M\n  sector: kayu\n"
        "  district: Cepu\n  registered: 2019-03-01\n  monthly_sales: 30000000\n"
        "  employees: 5\n"
    )
    indicators = (
        "- participant: UKM-001\n  date: 2019-09-01\n  monthly_sales: 30000000\n"
        "  employees: 6\n"
        "- participant: UKM-001\n  date: 2021-03-01\n  monthly_sales: 30000000\n"
        "  employees: 7\n"
    )
    folder = programme(
        tmp_path / "p", program=PROGRAM, participants=participants, indicators=indicators
    )
    row = impact_json(ukm, folder)["participants"][0]
    assert (row["law"], row["baseline_class"], row["latest_class"]) == (
        "PP 7/2021",
        "mikro",
        "mikro",
    )
    assert row["moved_up"] is False and row["jobs_added"] == 2
    as_2019 = impact_json(ukm, folder, "--as-of", "2020-12-31")["participants"][0]
    assert (as_2019["law"], as_2019["baseline_class"], as_2019["latest_class"]) == (
        "UU 20/2008",
        "kecil",
        "kecil",
    )
    assert as_2019["jobs_added"] == 1


def _one_business(baseline: str, measured: str) -> tuple[str, str]:
    participants = (
        "- id: UKM-001\n  business: Batik Wahyu\n  owner: Sri\n  gender: F\n  sector: batik\n"
        f"  district: Cepu\n  registered: 2019-03-01\n{baseline}"
    )
    return participants, f"- participant: UKM-001\n  date: 2019-09-01\n{measured}"


@pytest.mark.parametrize(
    ("baseline", "measured", "figure", "classes", "moved"),
    [
        # the case: a district sent capital only (Rp60 juta: kecil by UU 20/2008);
        # the survey asked sales (Rp3 juta a month: mikro) and capital (Rp65 juta): capital grew
        (
            "  capital: 60000000\n",
            "  monthly_sales: 3000000\n  capital: 65000000\n",
            "capital",
            ("kecil", "kecil"),
            (False, False),
        ),
        # the reverse: unchanged capital, no sales at follow-up; sales at baseline are not
        # compared with capital at the follow-up
        (
            "  monthly_sales: 30000000\n  capital: 40000000\n",
            "  capital: 40000000\n",
            "capital",
            ("mikro", "mikro"),
            (False, False),
        ),
        # sales on both sides win over capital on both sides
        (
            "  monthly_sales: 20000000\n  capital: 600000000\n",
            "  monthly_sales: 30000000\n  capital: 40000000\n",
            "sales",
            ("mikro", "kecil"),
            (True, False),
        ),
        # nothing on both sides: not comparable, counted neither up nor down
        (
            "  capital: 60000000\n",
            "  monthly_sales: 300000000\n",
            None,
            (None, None),
            (False, False),
        ),
    ],
)
def test_naik_kelas_is_judged_on_the_same_figure(
    ukm: Run,
    tmp_path: Path,
    baseline: str,
    measured: str,
    figure: str | None,
    classes: tuple[str | None, str | None],
    moved: tuple[bool, bool],
) -> None:
    participants, indicators = _one_business(baseline, measured)
    folder = programme(
        tmp_path / "p", program=PROGRAM, participants=participants, indicators=indicators
    )
    data = impact_json(ukm, folder)
    row = data["participants"][0]
    assert row["class_figure"] == figure and row["comparable"] == (figure is not None)
    assert (row["baseline_class"], row["latest_class"]) == classes
    assert (row["moved_up"], row["moved_down"]) == moved
    summary = data["summary"]
    assert (summary["moved_up"], summary["moved_down"]) == (int(moved[0]), int(moved[1]))
    assert summary["not_comparable"] == (figure is None)
    assert [r["id"] for r in data["not_comparable"]] == ([] if figure else ["UKM-001"])
    table = ukm("--data", str(folder), "report", "--impact").stdout
    if figure is None:
        assert "Not comparable" in table and "Batik Wahyu" in table.split("Not comparable")[-1]
        assert "1 business measured twice with no figure on both sides" in table
    shown = ukm("--data", str(folder), "show", "UKM-001").stdout
    if figure is None:
        assert "Naik kelas: not comparable" in shown
    else:
        label = {"sales": "annual sales", "capital": "capital"}[figure]
        assert f"both under UU 20/2008 and on {label}: {classes[0]} -> {classes[1]}" in shown


def _sample_indicators(sample: Path) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    import yaml

    people = {p["id"]: p for p in yaml.safe_load((sample / "participants.yaml").read_text())}
    measures: dict[str, list[Any]] = {}
    for entry in yaml.safe_load((sample / "indicators.yaml").read_text()):
        measures.setdefault(entry["participant"], []).append(entry)
    return people, measures


def test_the_sample_tells_a_story(ukm: Run, sample: Path) -> None:
    people, measures = _sample_indicators(sample)
    assert all(p.get("monthly_sales") or p.get("capital") for p in people.values())
    data = impact_json(ukm, sample)
    summary = data["summary"]
    assert summary["participants"] == len(people) == 100
    assert summary["measured"] == len(measures) and 0.7 * 100 <= len(measures) < 100
    assert summary["no_follow_up"] == 100 - len(measures)
    assert summary["moved_up"] > 0 and summary["jobs_added"] > 0
    assert summary["sales_change"] > 0
    assert data["laws"] == ["UU 20/2008"]
    assert [g["group"] for g in data["gender"]] == ["F", "M"]
    assert {p["id"] for p in data["no_follow_up"]} == set(people) - set(measures)


@pytest.mark.parametrize("by", ["district", "sector", "gender", "tag"])
def test_by_a_group_and_always_by_gender(ukm: Run, sample: Path, by: str) -> None:
    data = impact_json(ukm, sample, "--by", by)
    assert data["by"] == by
    assert sum(g["participants"] for g in data["gender"]) == 100
    if by != "tag":  # a business with two tags counts in each
        assert sum(g["measured"] for g in data["groups"]) == data["summary"]["measured"]
        assert sum(g["moved_up"] for g in data["groups"]) == data["summary"]["moved_up"]


def test_every_format_holds_the_figures(ukm: Run, sample: Path, tmp_path: Path) -> None:
    import openpyxl

    data = impact_json(ukm, sample)
    table = ukm("--data", str(sample), "report", "--impact")
    assert table.exit_code == 0, table.output
    measured = data["summary"]["measured"]
    assert f"measured twice: {measured} businesses with a baseline" in table.stdout
    assert "under UU 20/2008" in table.stdout
    assert "Rp15,000,000" in table.stdout  # UKM-001's baseline, as PRODUCT.md writes it
    csv = ukm("--data", str(sample), "report", "--impact", "--format", "csv")
    lines = csv.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id;business;owner;gender")
    assert len(lines) == 1 + len(data["participants"])
    assert "UKM-001;Batik Sekar Jati" in lines[1] and ";15000000;22500000;7500000;" in lines[1]
    md = ukm("--data", str(sample), "report", "--impact", "--format", "md")
    assert "## Size class (kelas usaha)" in md.stdout and "| UU 20/2008 |" in md.stdout
    out = tmp_path / "impact.xlsx"
    assert ukm("--data", str(sample), "report", "--impact", "-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    from tests.kit.workbook import table_rows

    assert {"summary", "classes", "gender", "businesses", "no_follow_up"} <= set(book.sheetnames)
    assert len(table_rows(book["businesses"])) == len(data["participants"])


def test_indonesian_report_says_rupiah_the_indonesian_way(ukm: Run, sample: Path) -> None:
    result = ukm("--data", str(sample), "--lang", "id", "report", "--impact")
    assert result.exit_code == 0, result.output
    assert "Rp15.000.000" in result.stdout
    assert "UU 20/2008" in result.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--visits",), "--impact cannot be combined with --visits"),
        (("--module", "keuangan"), "--impact cannot be combined with --module"),
        (("--as-of", "2018-13-01"), "--as-of"),
    ],
)
def test_options_that_do_not_go_with_impact(
    ukm: Run, sample: Path, args: tuple[str, ...], says: str
) -> None:
    result = ukm("--data", str(sample), "report", "--impact", *args)
    assert result.exit_code == 2
    assert says in result.output


def test_no_indicators_file_means_no_follow_up_for_anyone(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    data = impact_json(ukm, folder)
    assert data["summary"]["measured"] == 0 and data["summary"]["no_follow_up"] == 2
    table = ukm("--data", str(folder), "report", "--impact")
    assert "No business is measured twice yet." in table.stdout


def test_show_gives_the_figures_over_time_each_under_its_own_law(ukm: Run, tmp_path: Path) -> None:
    participants = (
        "- id: UKM-001\n  business: Mebel Jati\n  owner: Budi\n  gender: M\n  sector: kayu\n"
        "  district: Cepu\n  registered: 2019-03-01\n  monthly_sales: 30000000\n"
        "  capital: 60000000\n  employees: 5\n  address: Jl. Pemuda No. 3\n"
    )
    indicators = (
        "- participant: UKM-001\n  date: 2021-03-01\n  monthly_sales: 200000000\n"
        "  employees: 9\n  source: survei lanjutan\n"
    )
    folder = programme(
        tmp_path / "p", program=PROGRAM, participants=participants, indicators=indicators
    )
    data = json.loads(ukm("--data", str(folder), "show", "1", "--format", "json").stdout)
    assert [(f["kind"], f["law"], f["class"]) for f in data["figures"]] == [
        ("baseline", "UU 20/2008", "kecil"),  # Rp360 juta a year in 2019
        ("measurement", "PP 7/2021", "kecil"),  # Rp2,4 miliar a year in 2021
    ]
    assert data["impact"]["baseline_class"] == "mikro"  # Rp360 juta a year by PP 7/2021
    assert data["impact"]["moved_up"] is True and data["impact"]["jobs_added"] == 4
    assert data["participant"]["address"] == "Jl. Pemuda No. 3"
    text = ukm("--data", str(folder), "show", "1").stdout
    assert "Figures over time" in text and "Rp30,000,000" in text
    assert "both under PP 7/2021 and on annual sales: mikro -> kecil (moved up)" in text


def test_the_printed_report_says_what_the_json_says(ukm: Run, sample: Path, isolated: Path) -> None:
    from tests.kit.pdf import pdf_text, render_pages

    data = impact_json(ukm, sample, "--by", "sector")
    out = isolated / "impact.pdf"
    result = ukm("--data", str(sample), "report", "--impact", "--by", "sector", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    summary = data["summary"]
    assert "IMPACT REPORT Sales, jobs and size class" in text
    assert f"{summary['measured']} businesses with a baseline and a later measurement" in text
    assert f"{summary['moved_up']} of {summary['classified']} businesses" in text
    assert "UU 20/2008" in text and "By sector" in text and "By the owner's gender" in text
    phones = {
        e["id"]: e.get("phone")
        for e in yaml.safe_load((sample / "participants.yaml").read_text(encoding="utf-8"))
    }
    for p in data["no_follow_up"]:  # in the appendix, without their phones
        assert p["owner"] in text
        assert not phones[p["id"]] or phones[p["id"]] not in text
    for p in data["participants"]:  # the appendix: every business measured
        assert p["id"] in text
    pages = render_pages(out)
    assert len(pages) >= 2 and all(w > 0 and h > 0 for w, h in pages)
