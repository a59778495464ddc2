"""``ukm register --from OLD``: whom to bring back (``--status``, ``--tagged``) and
``--baseline latest`` (OLD's latest figures as the new baseline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.register import participants

OLD_PEOPLE = """\
- id: UKM-001
  business: Batik Sekar
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  employees: 2
  monthly_sales: 5000000
  registered: 2018-01-01
  tags: [unggulan]
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
  tags: [unggulan]
- id: UKM-003
  business: Sablon Baru
  owner: Budi Santoso
  gender: M
  sector: batik
  district: Cepu
  registered: 2018-02-05
- id: UKM-004
  business: Kue Bu Ani
  owner: Ani Rahayu
  gender: F
  sector: kuliner
  district: Japah
  registered: 2018-01-01
"""
SHEETS = """\
1: {present: [UKM-001, UKM-004], absent: [UKM-002]}
2: {present: [UKM-001, UKM-004], absent: [UKM-002]}
3: {present: [UKM-001], absent: [UKM-002, UKM-004]}
4: {present: [UKM-001, UKM-004], absent: [UKM-002]}
"""
# graduated: UKM-001, UKM-004; failed: UKM-002; missed (registered after every session): UKM-003
INDICATORS = """\
- {participant: UKM-001, date: 2018-03-01, monthly_sales: 7000000, capital: 20000000}
- {participant: UKM-001, date: 2018-03-20, monthly_sales: 9000000, employees: 3}
- {participant: UKM-002, date: 2018-03-10, capital: 15000000}
"""
NEW_PROGRAM = """\
name: Pelatihan Uji 2019
starts: 2019-01-01
ends: 2019-03-31
language: en
districts: [Cepu, Japah, Jepon]
sectors: [batik, kuliner]
"""


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return programme(
        tmp_path / "old",
        participants=OLD_PEOPLE,
        attendance__keuangan=SHEETS,
        indicators=INDICATORS,
    )


@pytest.fixture
def new(tmp_path: Path) -> Path:
    return programme(tmp_path / "new", program=NEW_PROGRAM, participants="")


def bring(ukm: Run, new: Path, old: Path, *args: str):
    return ukm(
        "--data", str(new), "register", "--from", str(old), "--registered", "2019-01-01", *args
    )


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize(
    ("options", "owners"),
    [
        ([], ["Rina Lestari", "Joko Susanto", "Budi Santoso", "Ani Rahayu"]),
        (["--status", "graduated"], ["Rina Lestari", "Ani Rahayu"]),
        (["--status", "not-graduated"], ["Joko Susanto", "Budi Santoso"]),
        (["--status", "failed"], ["Joko Susanto"]),
        (["--status", "missed"], ["Budi Santoso"]),
        (["--status", "tidak-lulus", "--status", "terlewat"], ["Joko Susanto", "Budi Santoso"]),
        (["--tagged", "unggulan"], ["Rina Lestari", "Joko Susanto"]),
        (["--tagged", "unggulan", "--status", "graduated"], ["Rina Lestari"]),
    ],
)
def test_status_and_tagged_choose_whom_to_bring_back(
    ukm: Run, new: Path, old: Path, options: list[str], owners: list[str]
) -> None:
    result = bring(ukm, new, old, *options)
    assert result.exit_code == 0, result.output
    assert [p.owner for p in participants(new)] == owners
    assert all("dari-2018" in p.tags for p in participants(new))


@pytest.mark.usefixtures("cached_cli")
def test_the_dry_run_says_whom_and_the_baseline(ukm: Run, new: Path, old: Path) -> None:
    result = bring(ukm, new, old, "--status", "graduated", "--baseline", "latest", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 2 of 4 businesses (graduated).")
    assert lines[1].startswith("  Baseline: the latest figures measured in ")
    # UKM-001's sales and employees are of 20 March, its capital of 1 March
    assert lines[1].endswith("(1 March 2018 to 20 March 2018) for 1 of 2.")
    assert lines[2].endswith("UKM-004.")
    assert "Never measured there, so no baseline" in lines[2]
    assert participants(new) == []


@pytest.mark.usefixtures("cached_cli")
def test_baseline_latest_takes_each_figure_from_the_latest_measurement_that_has_it(
    ukm: Run, new: Path, old: Path
) -> None:
    result = bring(ukm, new, old, "--baseline", "latest", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["returning"]["baseline"] == {"UKM-001": "2018-03-20", "UKM-002": "2018-03-10"}
    assert data["returning"]["never_measured"] == ["UKM-003", "UKM-004"]
    people = {p.owner: p for p in participants(new)}
    rina, joko, ani = people["Rina Lestari"], people["Joko Susanto"], people["Ani Rahayu"]
    assert (rina.monthly_sales, rina.capital, rina.employees) == (9_000_000, 20_000_000, 3)
    assert (joko.monthly_sales, joko.capital, joko.employees) == (None, 15_000_000, None)
    assert (ani.monthly_sales, ani.capital, ani.employees) == (None, None, None)


@pytest.mark.usefixtures("cached_cli")
def test_without_baseline_the_figures_are_measured_anew(ukm: Run, new: Path, old: Path) -> None:
    assert bring(ukm, new, old).exit_code == 0
    rina = participants(new)[0]
    assert (rina.monthly_sales, rina.capital, rina.employees) == (None, None, 2)


def status_without_from() -> list[str]:
    return ["--business", "X", "--status", "graduated"]


def baseline_with_a_list(tmp: Path) -> list[str]:
    listed = tmp / "daftar.csv"
    listed.write_text("business,owner\nX,Y\n", encoding="utf-8")
    return ["--from", str(listed), "--baseline", "latest"]


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: status_without_from(), "--status only apply to bringing back"),
        (baseline_with_a_list, "--baseline only apply to bringing back"),
        (lambda tmp: ["--from", "OLD", "--status", "hebat"], "'hebat' is not a status"),
        (lambda tmp: ["--from", "OLD", "--baseline", "first"], "'first' is not"),
    ],
)
def test_the_choosing_options_are_refused_where_they_do_not_apply(
    ukm: Run, new: Path, old: Path, tmp_path: Path, make, expected: str
) -> None:
    args = [str(old) if a == "OLD" else a for a in make(tmp_path)]
    result = ukm("--data", str(new), "register", *args)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert participants(new) == []
