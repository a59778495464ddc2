"""`ukm check` end to end: the verdict, the summary, text and json, --strict, paths."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from tests.kit.helpers import MODULES, PARTICIPANTS, Run, native, programme, run_process


def figures(folder: Path) -> tuple[int, int, int, int]:
    """Participants, modules, sessions held and planned, counted with plain PyYAML."""
    participants = yaml.safe_load((folder / "participants.yaml").read_text("utf-8")) or []
    modules = yaml.safe_load((folder / "modules.yaml").read_text("utf-8"))
    planned = sum(len(m["sessions"]) for m in modules)
    held = 0
    for module in modules:
        sheet_file = folder / "attendance" / f"{module['id']}.yaml"
        if sheet_file.exists():
            sheets = yaml.safe_load(sheet_file.read_text("utf-8")) or {}
            held += sum(1 for number in sheets if number in module["sessions"])
    return len(participants), len(modules), held, planned


def test_sample_passes_with_its_summary(ukm: Run, sample: Path) -> None:
    people, modules, held, planned = figures(sample)
    assert (people, modules) == (100, 6)
    assert 0 < held < planned  # the sample is mid-programme

    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"OK: {people} participants, {modules} modules, {held} of {planned} sessions held\n"
    )
    assert result.stderr == ""


def test_sample_passes_strict_too(ukm: Run, sample: Path) -> None:
    assert ukm("--data", str(sample), "check", "--strict").exit_code == 0


def test_summary_counts_singular(ukm: Run, tmp_path: Path) -> None:
    one = PARTICIPANTS.split("- id: UKM-002")[0]
    folder = programme(
        tmp_path / "p",
        participants=one,
        modules=MODULES.split("    2:")[0],
        attendance__keuangan="1:\n  present: [UKM-001]\n",
    )
    result = ukm("--data", str(folder), "check")
    assert result.stdout == "OK: 1 participant, 1 module, 1 of 1 session held\n"


def test_json_on_success_holds_the_summary(ukm: Run, sample: Path) -> None:
    people, modules, held, planned = figures(sample)
    result = ukm("--data", str(sample), "check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "errors": [],
        "warnings": [],
        "notes": [],  # the sample's thresholds all leave an absence to spare
        "summary": {
            "participants": people,
            "modules": modules,
            "sessions_planned": planned,
            "sessions_held": held,
        },
    }


BROKEN = {
    "participants": PARTICIPANTS.replace("district: Cepu", "district: Japa"),
    "attendance__keuangan": "1:\n  present: [UKM-001, UKM-404]\n",
    # session 4 after the programme's end: a warning
    "modules": MODULES.replace("4: {date: 2018-01-29}", "4: {date: 2018-04-30}"),
}


def test_json_lists_errors_and_warnings_with_file_line_column_message(
    ukm: Run, isolated: Path
) -> None:
    programme(isolated / "p", **BROKEN)

    result = ukm("--data", "p", "check", "--format", "json")

    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) >= {"errors", "warnings"}
    located = [(d["file"], d["line"], d["column"]) for d in payload["errors"]]
    assert located == [("p/attendance/keuangan.yaml", 2, 22), ("p/participants.yaml", 14, 13)]
    assert [(d["file"], d["line"]) for d in payload["warnings"]] == [("p/modules.yaml", 7)]
    for item in payload["errors"] + payload["warnings"]:
        assert {"file", "line", "column", "message"} <= set(item)
        assert isinstance(item["message"], str) and item["message"]
    assert "UKM-404" in payload["errors"][0]["message"]
    assert "Japa" in payload["errors"][1]["message"]
    assert "Japah" in payload["errors"][1]["hint"]


def test_text_lists_every_problem_sorted_then_the_verdict(ukm: Run, isolated: Path) -> None:
    programme(isolated / "p", **BROKEN)

    result = ukm("--data", "p", "check")

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    problems = [line for line in lines if re.match(rf"^p{re.escape(os.sep)}[^ ]+:[0-9]+: ", line)]
    assert [line.split(": ")[0] for line in problems] == [
        native("p/attendance/keuangan.yaml:2"),
        native("p/modules.yaml:7"),
        native("p/participants.yaml:14"),
    ]
    assert problems[1].startswith(native("p/modules.yaml:7: warning: "))
    assert "    Did you mean 'Japah'?" in lines
    assert lines[-1] == "Not OK: 2 errors, 1 warning"


def test_warnings_pass_unless_strict(ukm: Run, isolated: Path) -> None:
    programme(isolated / "p", modules=BROKEN["modules"])

    normal = ukm("--data", "p", "check")
    strict = ukm("--data", "p", "check", "--strict")
    strict_json = ukm("--data", "p", "check", "--strict", "--format", "json")

    assert normal.exit_code == 0
    assert normal.stdout.splitlines()[-1] == (
        "OK: 2 participants, 1 module, 0 of 4 sessions held (0 errors, 1 warning)"
    )
    assert strict.exit_code == 1
    assert strict.stdout.splitlines()[-1] == "Not OK: 0 errors, 1 warning"
    assert strict_json.exit_code == 1
    assert len(json.loads(strict_json.stdout)["warnings"]) == 1


@pytest.mark.parametrize(
    ("where", "data", "shown"),
    [
        ("work", None, "participants.yaml:14"),  # in the programme folder itself
        ("work", "sub/p", "sub/p/participants.yaml:14"),
        ("work/sub", "p", "p/participants.yaml:14"),
        ("other", "../work/sub/p", "../work/sub/p/participants.yaml:14"),
    ],
)
def test_paths_are_shown_relative_to_the_current_folder(
    ukm: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    data: str | None,
    shown: str,
) -> None:
    folder = tmp_path / "work" / "sub" / "p"
    programme(folder, participants=BROKEN["participants"])
    (tmp_path / "other").mkdir()
    monkeypatch.chdir(folder if data is None else tmp_path / where)
    shown = native(shown)

    args = ("check",) if data is None else ("--data", data, "check")
    result = ukm(*args)

    assert result.stdout.startswith(shown + ": Unknown district 'Japa'."), result.output
    payload = json.loads(ukm(*args, "--format", "json").stdout)
    assert payload["errors"][0]["file"] == shown.rsplit(":", 1)[0]


def test_absolute_data_path_is_still_shown_relative(ukm: Run, isolated: Path) -> None:
    folder = programme(isolated / "p", participants=BROKEN["participants"])
    result = ukm("--data", str(folder.resolve()), "check")
    assert result.stdout.startswith(native("p/participants.yaml:14: "))


def test_bad_data_never_shows_a_traceback(ukm: Run, isolated: Path) -> None:
    programme(isolated / "p", participants=b"- id: UKM-001\n  owner: \xff\xfe\n")
    result = ukm("--data", "p", "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout.startswith(native("p/participants.yaml:2: The file is not UTF-8 text"))


def test_installed_ukm_check_reports_errors_and_json(isolated: Path) -> None:
    programme(isolated / "p", **BROKEN)

    text = run_process("--data", "p", "check", cwd=isolated)
    as_json = run_process("--data", "p", "check", "--format", "json", cwd=isolated)

    assert text.exit_code == 1, text.output
    assert text.stdout.splitlines()[0].startswith(native("p/attendance/keuangan.yaml:2: UKM-404 "))
    assert "Traceback" not in text.output
    assert as_json.exit_code == 1
    assert len(json.loads(as_json.stdout)["errors"]) == 2
