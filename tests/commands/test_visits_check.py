"""``ukm check`` on visits.yaml and the practices of modules.yaml: one fault per fixture."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run
from tests.kit.visits import folder

ONE = """\
- participant: UKM-001
  date: 2018-01-10
  trainer: Ratna Dewi
  hours: 1.5
  modules: [keuangan]
  practices: {kas-harian: yes, pisah-uang: no}
"""


def visit(**changes: str) -> str:
    """ONE with some lines replaced: ``hours="0"`` writes ``hours: 0``."""
    lines = []
    for line in ONE.splitlines():
        key = line.lstrip("- ").split(":", 1)[0]
        lines.append(line.split(":", 1)[0] + ": " + changes[key] if key in changes else line)
    return "\n".join(lines) + "\n"


FAULTS = {
    "unregistered_participant": (
        visit(participant="UKM-099"),
        1,
        "error",
        "UKM-099 is not a registered participant.",
    ),
    "before_registering": (
        visit(date="2018-01-05"),
        2,
        "error",
        "The visit (2018-01-05) is before UKM-001 registered (2018-01-08).",
    ),
    "unknown_module": (
        visit(modules="[keuangan, pemasran]"),
        5,
        "error",
        "Unknown module 'pemasran'.",
    ),
    "unknown_practice": (
        visit(practices="{kas-harian: yes, pisah-uwang: no}"),
        6,
        "error",
        "Unknown practice 'pisah-uwang'.",
    ),
    "hours_zero": (visit(hours="0"), 4, "error", "hours: This must be more than 0, not 0."),
    "hours_negative": (visit(hours="-1"), 4, "error", "hours: This must be more than 0, not -1."),
    "hours_longer_than_a_day": (visit(hours="30"), 4, "error", "hours: 30 is longer than a day."),
    "observation_not_yes_or_no": (
        visit(practices="{kas-harian: sudah}"),
        6,
        "error",
        "'sudah' is not yes or no.",
    ),
    "trainer_missing": (
        "\n".join(line for line in ONE.splitlines() if "trainer" not in line) + "\n",
        1,
        "error",
        "The field 'trainer' is missing.",
    ),
    "date_not_a_date": (
        visit(date="10-01-18"),
        2,
        "error",
        "'10-01-18' has a two-digit year.",
    ),
    "outside_the_programme": (
        visit(date="2018-06-01"),
        2,
        "warning",
        "The visit is dated 2018-06-01, outside the programme (2018-01-01 to 2018-03-31).",
    ),
    "two_visits_on_one_day": (
        ONE + visit(trainer="Hendro Wicaksono"),
        8,
        "warning",
        "UKM-001 has two visits on 2018-01-10 (the first at line 2).",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_is_reported_at_its_line(ukm: Run, tmp_path: Path, fault: str) -> None:
    text, line, severity, message = FAULTS[fault]
    where = folder(tmp_path / "p", [], registered=date(2018, 1, 8))
    (where / "visits.yaml").write_text(text, encoding="utf-8", newline="\n")
    result = ukm("--lang", "en", "--data", str(where), "check", "--format", "json")
    assert result.exit_code == (1 if severity == "error" else 0), result.output
    found = json.loads(result.stdout)
    listed = found["errors"] if severity == "error" else found["warnings"]
    assert len(found["errors"]) + len(found["warnings"]) == 1, found
    (diagnostic,) = listed
    assert diagnostic["file"].endswith("visits.yaml")
    assert diagnostic["line"] == line
    assert message in diagnostic["message"]


def test_a_practice_id_listed_by_two_modules_is_an_error(ukm: Run, tmp_path: Path) -> None:
    practices = {
        "keuangan": {"catat": "Mencatat kas"},
        "pemasaran": {"catat": "Mencatat pelanggan"},
    }
    where = folder(tmp_path / "p", [], practices=practices)
    result = ukm("--lang", "en", "--data", str(where), "check")
    assert result.exit_code == 1
    assert "modules.yaml:12: Practice 'catat' is also listed by module 'keuangan' (line 6)." in (
        result.stdout
    )


def test_a_practice_not_of_the_modules_worked_on_is_fine(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [])
    (where / "visits.yaml").write_text(visit(modules="[pemasaran]"), encoding="utf-8", newline="\n")
    result = ukm("--lang", "en", "--data", str(where), "check")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stdout


def test_ya_and_tidak_are_read_as_yes_and_no(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [])
    (where / "visits.yaml").write_text(
        visit(practices="{kas-harian: ya, pisah-uang: Tidak}"), encoding="utf-8", newline="\n"
    )
    assert ukm("--data", str(where), "check").exit_code == 0
    got = json.loads(ukm("--data", str(where), "show", "UKM-001", "--format", "json").stdout)
    assert got["visits"][0]["practices"] == {"kas-harian": True, "pisah-uang": False}


def test_the_shipped_sample_checks_clean(ukm: Run, sample: Path) -> None:
    result = ukm("--data", str(sample), "check", "--strict")
    assert result.exit_code == 0, result.output
    got = json.loads(ukm("--data", str(sample), "report", "--visits", "-f", "json").stdout)
    unggulan = json.loads(
        ukm("--data", str(sample), "participants", "--tag", "unggulan", "-f", "json").stdout
    )
    assert {b["id"] for b in got["businesses"]} == {p["id"] for p in unggulan["participants"]}
    assert len(got["businesses"]) == 20 and len(got["trainers"]) == 4
    improved = [b for b in got["businesses"] if b["yes_latest"] > b["yes_first"]]
    assert 10 <= len(improved) < 20  # most improve, not all


def test_empty_practices_are_none_observed(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [], practices={"keuangan": {}, "pemasaran": {"merek": "M"}})
    text = (
        (where / "modules.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Keuangan", "title: Keuangan\n  practices:")
    )
    (where / "modules.yaml").write_text(text, encoding="utf-8", newline="\n")
    (where / "visits.yaml").write_text(visit(practices=""), encoding="utf-8", newline="\n")
    result = ukm("--data", str(where), "check")
    assert result.exit_code == 0, result.output


def test_a_module_with_errors_brings_no_follow_on_errors_in_visits(
    ukm: Run, tmp_path: Path
) -> None:
    where = folder(tmp_path / "p", [])
    text = (
        (where / "modules.yaml")
        .read_text(encoding="utf-8")
        .replace("date: 2018-01-08", "date: 2018-13-08")
    )
    (where / "modules.yaml").write_text(text, encoding="utf-8", newline="\n")
    (where / "visits.yaml").write_text(ONE, encoding="utf-8", newline="\n")
    result = ukm("--lang", "en", "--data", str(where), "check", "--format", "json")
    errors = json.loads(result.stdout)["errors"]
    assert [e["file"].rsplit("/", 1)[-1] for e in errors] == ["modules.yaml"]
