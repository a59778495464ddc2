"""report, show, participants and modules end to end: shapes, filters, groups, errors."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.core.reports.test_report_rules import MODULES, PEOPLE
from tests.kit.helpers import REPO, Run, programme, run_process
from tests.kit.reports import Mod, Person, expected, is_held, report_json, sample_as_specs, write

MODULE_KEYS = {"id", "title", "sessions", "held", "required"}
PARTICIPANT_KEYS = {
    "id", "business", "district", "sector", "gender", "present", "late", "excused", "sick",
    "absent", "attended", "sessions", "held", "required", "status", "at_risk",
}  # fmt: skip
SUMMARY_KEYS = {"participants", "completed", "in_progress", "failed", "at_risk"}


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    return write(tmp_path / "edges", MODULES, PEOPLE)


def test_json_shape_is_the_documented_one(ukm: Run, sample: Path) -> None:
    payload = report_json(ukm, sample, "report", "--module", "keuangan")
    assert {"module", "participants", "summary"} <= set(payload)
    assert set(payload["module"]) >= MODULE_KEYS
    assert set(payload["summary"]) >= SUMMARY_KEYS
    for row in payload["participants"]:
        assert set(row) >= PARTICIPANT_KEYS
        assert isinstance(row["at_risk"], bool)
        assert row["status"] in ("completed", "in_progress", "failed")
        for key in PARTICIPANT_KEYS - {"id", "business", "district", "sector", "gender",
                                       "status", "at_risk"}:  # fmt: skip
            assert isinstance(row[key], int) and not isinstance(row[key], bool)


def test_sample_keuangan_matches_the_rules(ukm: Run, sample: Path) -> None:
    modules, people, minimum = sample_as_specs(sample)
    keuangan = next(m for m in modules if m.id == "keuangan")
    payload = report_json(ukm, sample, "report", "--module", "keuangan")
    wants = [expected(keuangan, p, minimum) for p in people]
    for row, want in zip(payload["participants"], wants, strict=True):
        for key in PARTICIPANT_KEYS - {"id", "business", "district", "sector", "gender"}:
            assert row[key] == want[key], (row["id"], key)
    statuses = Counter(w["status"] for w in wants)
    summary = payload["summary"]
    assert (summary["completed"], summary["in_progress"], summary["failed"]) == (
        statuses["completed"],
        statuses["in_progress"],
        statuses["failed"],
    )
    assert summary["at_risk"] == sum(w["at_risk"] for w in wants)
    programme_payload = report_json(ukm, sample, "report")
    graduates = sum(
        all(expected(m, p, minimum)["status"] == "completed" for m in modules) for p in people
    )
    assert programme_payload["graduates"] == graduates


def test_main_job_on_the_shipped_sample_as_a_process() -> None:
    from tests.conftest import SAMPLE

    result = run_process("--lang", "en", "--data", str(SAMPLE), "report", "--module", "keuangan")
    assert result.exit_code == 0, result.output
    assert "UKM-100" in result.stdout and "Needs attention" in result.stdout
    assert "to date att/held" in result.stdout


@pytest.mark.parametrize("by", ["district", "sector", "gender", "tag"])
def test_groups_count_completion(ukm: Run, edges: Path, by: str) -> None:
    payload = report_json(ukm, edges, "report", "--module", "keuangan", "--by", by)
    groups = payload["groups"]
    assert groups["by"] == by
    want: dict[Any, Counter[str]] = {}
    for person in PEOPLE:
        status = expected(MODULES[0], person)["status"]
        keys: list[Any] = {
            "district": [person.district],
            "sector": [person.sector],
            "gender": [person.gender],
            "tag": list(person.tags) or [None],
        }[by]
        for key in keys:
            want.setdefault(key, Counter())[status] += 1
    got = {row["group"]: row for row in groups["rows"]}
    assert set(got) == set(want)
    for key, counts in want.items():
        assert got[key]["participants"] == sum(counts.values())
        assert got[key]["completed"] == counts["completed"]
        assert got[key]["failed"] == counts["failed"]
    if by == "district":  # in program.yaml's order
        assert [row["group"] for row in groups["rows"]] == ["Cepu", "Japah", "Jepon"]
    everyone = Counter(expected(MODULES[0], person)["status"] for person in PEOPLE)
    assert groups["total"]["participants"] == len(PEOPLE)  # each once, whatever the tags
    assert groups["total"]["completed"] == everyone["completed"]
    csv_text = ukm("--data", str(edges), "report", "-m", "keuangan", "--by", by, "-f", "csv")
    assert csv_text.stdout.lstrip("\ufeff").startswith(f"{by};participants;completed")
    last = csv_text.stdout.strip().splitlines()[-1].split(";")
    assert last[:3] == ["total", str(len(PEOPLE)), str(everyone["completed"])]


def keys_of(person: Any, by: str) -> list[Any]:
    return {
        "district": [person.district],
        "sector": [person.sector],
        "gender": [person.gender],
        "tag": list(person.tags) or [None],
    }[by]


@pytest.mark.parametrize(
    ("first", "second"),
    [("district", "gender"), ("gender", "district"), ("sector", "tag"), ("tag", "sector")],
)
def test_two_by_make_a_cross_table(ukm: Run, edges: Path, first: str, second: str) -> None:
    payload = report_json(
        ukm, edges, "report", "--module", "keuangan", "--by", first, "--by", second
    )
    groups = payload["groups"]
    assert groups["by"] == [first, second]
    cell: dict[tuple[Any, Any], Counter[str]] = {}
    for person in PEOPLE:
        status = expected(MODULES[0], person)["status"]
        for one in keys_of(person, first):
            for other in keys_of(person, second):
                cell.setdefault((one, other), Counter())[status] += 1
    columns = [c["group"] for c in groups["columns"]]
    for row in groups["rows"]:
        for other, got in zip(columns, row["cells"], strict=True):
            want = cell.get((row["group"], other), Counter())
            assert got["group"] == other
            assert (got["participants"], got["completed"]) == (
                sum(want.values()),
                want["completed"],
            )
    assert groups["total"]["participants"] == len(PEOPLE)
    options = ["--data", str(edges), "report", "-m", "keuangan", "--by", first, "--by", second]
    csv_rows = ukm(*options, "-f", "csv").stdout.strip().splitlines()
    assert csv_rows[-1].startswith(f"total;{csv_rows[-1].split(';')[1]}")
    assert csv_rows[-1].split(";")[-3] == str(len(PEOPLE))  # total participants
    assert "| total |" in ukm(*options, "-f", "md").stdout


def test_by_given_twice_or_thrice_is_a_usage_error(ukm: Run, edges: Path) -> None:
    twice = ukm("--data", str(edges), "report", "--by", "gender", "--by", "gender")
    assert twice.exit_code == 2 and "--by gender is given twice." in twice.stderr
    thrice = ["--by", "gender", "--by", "district", "--by", "sector"]
    result = ukm("--data", str(edges), "report", *thrice)
    assert result.exit_code == 2 and "at most twice" in result.stderr


def test_programme_groups_count_graduates(ukm: Run, edges: Path) -> None:
    payload = report_json(ukm, edges, "report", "--by", "gender")
    for row in payload["groups"]["rows"]:
        people = [p for p in PEOPLE if p.gender == row["group"]]
        graduates = [
            p for p in people if all(expected(m, p)["status"] == "completed" for m in MODULES)
        ]
        assert row["participants"] == len(people)
        assert row["completed"] == len(graduates)


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--status", "completed"), ["UKM-001"]),
        (("--status", "at_risk"), ["UKM-002"]),  # UKM-004 missed nothing held yet
        (("--status", "failed", "--district", "japah"), ["UKM-003", "UKM-007"]),
        # registered after every session of keuangan: missed, apart from failed (rules 2.1)
        (("--status", "missed"), ["UKM-006"]),
        (("--status", "terlewat"), ["UKM-006"]),
        (("--status", "in_progress", "--status", "completed"), ["UKM-001", "UKM-002", "UKM-004"]),
        (
            ("--district", "Cepu", "--district", "Jepon"),
            ["UKM-001", "UKM-002", "UKM-004", "UKM-005"],
        ),
        (("--sector", "kuliner"), ["UKM-002", "UKM-005", "UKM-007"]),
        (("--tag", "unggulan", "--sector", "batik"), ["UKM-001", "UKM-003"]),
    ],
)
def test_filters_choose_rows(ukm: Run, edges: Path, args: tuple[str, ...], ids: list[str]) -> None:
    payload = report_json(ukm, edges, "report", "--module", "keuangan", *args)
    assert [row["id"] for row in payload["participants"]] == ids
    assert payload["summary"]["participants"] == len(ids)


def test_programme_status_filter(ukm: Run, edges: Path) -> None:
    payload = report_json(ukm, edges, "report", "--status", "failed")
    failed = [p.id for p in PEOPLE if any(expected(m, p)["status"] == "failed" for m in MODULES)]
    assert payload["summary"]["participants"] == len(failed)
    assert all(line["participants"] == len(failed) for line in payload["modules"])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("report", "--module", "keuang"), "keuangan"),
        (("report", "--district", "Cepoe"), "Cepu"),
        (("report", "--module", "keuangan", "--tag", "ungulan"), "unggulan"),
        (("show", "UKM-01"), "UKM-001"),
        (("modules", "--module", "kosongg"), "kosong"),
        (("participants", "--sector", "kayu"), "kayu"),
    ],
)
def test_unknown_names_are_data_errors_with_a_suggestion(
    ukm: Run, edges: Path, args: tuple[str, ...], fragment: str
) -> None:
    """A name the programme does not have is bad input (exit 1), as in `ukm attend`."""
    result = ukm("--lang", "en", "--data", str(edges), *args)
    assert result.exit_code == 1, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("report", "--status", "hampir"), "hampir"),
        (("report", "--by", "village"), "village"),
    ],
)
def test_values_outside_an_option_s_choices_are_usage_errors(
    ukm: Run, edges: Path, args: tuple[str, ...], fragment: str
) -> None:
    result = ukm("--lang", "en", "--data", str(edges), *args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_folder_with_errors_is_refused(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", attendance__keuangan="1:\n  present: [UKM-404]\n")
    for args in (("report",), ("show", "UKM-001"), ("participants",), ("modules",)):
        result = ukm("--data", str(folder), *args)
        assert result.exit_code == 1
        assert "keuangan.yaml:2" in result.stderr and "UKM-404" in result.stderr


def test_show_one_business(ukm: Run, edges: Path) -> None:
    payload = report_json(ukm, edges, "show", "ukm-003")  # any case
    assert payload["participant"]["id"] == "UKM-003"
    assert payload["participant"]["tags"] == ["unggulan", "pkk"]
    by_module = {m["id"]: m for m in payload["modules"]}
    assert list(by_module) == [m.id for m in MODULES]
    for module in MODULES:
        want = expected(module, PEOPLE[2])
        got = by_module[module.id]
        assert (got["attended"], got["held"], got["sessions"], got["status"]) == (
            want["attended"],
            want["held"],
            want["sessions"],
            want["status"],
        )
    assert [m["date"] for m in by_module["keuangan"]["missed"]] == ["2018-01-15", "2018-01-22"]
    assert payload["graduated"] is False
    text = ukm("--lang", "en", "--data", str(edges), "show", "UKM-003").stdout
    assert "15 January 2018 absent, 22 January 2018 sick" in text
    assert "completed 2 of 5 modules" in text


def test_participants_search_and_filters(ukm: Run, tmp_path: Path) -> None:
    people = [
        Person("UKM-001", business="Batik Sekar", owner="Rina"),
        Person("UKM-002", business="Warung Soto", owner="Sekar Ayu", district="Japah"),
        Person("UKM-003", business="Mebel Jati", owner="Joko", tags=("pkk",)),
    ]
    folder = write(tmp_path / "p", [Mod("m", {1: date(2018, 1, 8)})], people)

    def ids(*args: str) -> list[str]:
        payload = report_json(ukm, folder, "participants", *args)
        return [p["id"] for p in payload["participants"]]

    assert ids() == ["UKM-001", "UKM-002", "UKM-003"]
    assert ids("--search", "SEKAR") == ["UKM-001", "UKM-002"]  # business or owner, any case
    assert ids("--search", "sekar", "--district", "japah") == ["UKM-002"]
    assert ids("--tag", "PKK") == ["UKM-003"]
    assert ids("--search", "nothing") == []
    out = ukm("--lang", "en", "--data", str(folder), "participants", "--search", "sekar").stdout
    assert "2 of 3 participants match." in out


def test_modules_list_sessions_and_which_were_held(ukm: Run, edges: Path) -> None:
    payload = report_json(ukm, edges, "modules")
    listed = {m["id"]: m for m in payload["modules"]}
    assert list(listed) == [m.id for m in MODULES]
    for module in MODULES:
        got = listed[module.id]
        held = [n for n in module.dates if is_held(module, n)]
        assert (got["planned"], got["held"]) == (len(module.dates), len(held))
        assert [(s["number"], s["date"], s["held"]) for s in got["sessions"]] == [
            (n, d.isoformat(), n in held) for n, d in sorted(module.dates.items())
        ]
    out = ukm("--lang", "en", "--data", str(edges), "modules", "--module", "kosong").stdout
    assert "5 February 2018" in out and "keuangan" not in out
    assert "yes" not in out.split("Sessions")[1]  # nothing held


@pytest.mark.parametrize("command", ["report", "show", "participants", "modules"])
def test_help_lists_every_option(ukm: Run, command: str) -> None:
    result = ukm(command, "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--csv-sep"):
        assert option in result.stdout
    from ukmtool.cli import app

    names = {c.name for c in app.registered_commands}
    assert command in names
    page = REPO / "docs" / "commands" / f"{command}.md"
    assert f"<!-- options: ukm {command} -->" in page.read_text(encoding="utf-8")


def test_report_json_reads_like_the_table(ukm: Run, sample: Path) -> None:
    payload = report_json(ukm, sample, "report")
    text = ukm("--lang", "en", "--data", str(sample), "report").stdout
    for line in payload["modules"]:
        assert line["id"] in text
    assert f"Graduates (completed every module): {payload['graduates']} of 100" in text
    json.dumps(payload)  # plain JSON values only


@pytest.mark.parametrize("written", ["3", "003", " 3 "])
def test_show_takes_the_number_alone(ukm: Run, edges: Path, written: str) -> None:
    """As at a session, the number at the end of an id names the business."""
    payload = report_json(ukm, edges, "show", written)
    assert payload["participant"]["id"] == "UKM-003"


@pytest.mark.parametrize("written", ["999", "1-3", "1,2", "1" * 5000, "0" * 5000 + "3"])
def test_show_refuses_a_number_that_names_no_one_business(
    ukm: Run, edges: Path, written: str
) -> None:
    result = ukm("--lang", "en", "--data", str(edges), "show", written)
    assert result.exit_code == 1, result.output
    assert f"There is no participant '{written[:40]}" in result.stderr
    assert result.stdout == ""
