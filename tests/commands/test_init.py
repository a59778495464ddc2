"""`ukm init DIR`: a working programme folder, never written over an existing one."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from tests.kit.helpers import Run, run_process

SIX = ["manajemen", "keuangan", "disiplin", "teknologi", "pemasaran", "k3"]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` with its bytes (None for folders)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def test_init_writes_a_programme_folder(ukm: Run, isolated: Path) -> None:
    result = ukm("init", "blora", "--starts", "2019-02-04")

    assert result.exit_code == 0, result.output
    folder = isolated / "blora"
    # the three files, the report's text, the attendance folder, and the lock (empty)
    assert sorted(snapshot(folder)) == [
        ".ukm.lock",
        "attendance",
        "laporan.md",
        "modules.yaml",
        "participants.yaml",
        "program.yaml",
    ]
    assert (folder / ".ukm.lock").read_bytes() == b""
    assert (folder / "attendance").is_dir()
    assert "blora" in result.stdout and "ukm --data blora check" in result.stdout

    program = yaml.safe_load((folder / "program.yaml").read_text("utf-8"))
    assert program["starts"] == date(2019, 2, 4)
    assert program["ends"] > program["starts"]
    assert {"name", "starts", "ends", "min_attendance"} <= set(program)

    modules = yaml.safe_load((folder / "modules.yaml").read_text("utf-8"))
    assert [m["id"] for m in modules] == SIX
    assert all(m["title"] and m["sessions"] for m in modules)
    first = min(s["date"] for m in modules for s in m["sessions"].values())
    last = max(s["date"] for m in modules for s in m["sessions"].values())
    assert first == program["starts"] and last <= program["ends"]

    participants = (folder / "participants.yaml").read_text("utf-8")
    assert yaml.safe_load(participants) is None  # nobody yet
    assert participants.startswith("#") and "ukm register" in participants


def test_check_passes_on_what_init_wrote(ukm: Run, isolated: Path) -> None:
    assert ukm("init", "p", "--starts", "2019-02-04").exit_code == 0
    modules = yaml.safe_load((isolated / "p" / "modules.yaml").read_text("utf-8"))
    planned = sum(len(m["sessions"]) for m in modules)

    result = ukm("--data", "p", "check", "--strict")

    assert result.exit_code == 0, result.output
    assert result.stdout == f"OK: 0 participants, 6 modules, 0 of {planned} sessions held\n"


def test_starts_defaults_to_today(ukm: Run, isolated: Path) -> None:
    before = date.today()
    assert ukm("init", "p").exit_code == 0
    program = yaml.safe_load((isolated / "p" / "program.yaml").read_text("utf-8"))
    assert before <= program["starts"] <= date.today()


@pytest.mark.parametrize(
    "name",
    ["Lokakarya Score Plus 2019", 'Pelatihan "Batik": angkatan #2', "No", "11:30", "UD [/] x"],
)
def test_name_is_written_as_given(ukm: Run, isolated: Path, name: str) -> None:
    assert ukm("init", "p", "--name", name).exit_code == 0

    program = yaml.safe_load((isolated / "p" / "program.yaml").read_text("utf-8"))
    assert program["name"] == name
    assert ukm("--data", "p", "check").exit_code == 0


@pytest.mark.parametrize("name", ["Ka\x01ti", "Two\nlines", "Tab\there", "line\u2028sep",
                                  "nel\x85x", "Toko \u202eabc"])  # fmt: skip
def test_a_name_with_control_characters_is_refused(ukm: Run, isolated: Path, name: str) -> None:
    """The name heads every printed document: a line break or a bidi control (issue 29) would
    split it or print it reversed."""
    refused = ukm("init", "p", "--name", name)
    assert refused.exit_code == 2, refused.output
    assert "--name: This text holds" in refused.stderr
    assert not (isolated / "p").exists()


@pytest.mark.parametrize("name", ["back\\slash \\n", " edges ", "Batik ꦧꦠꦶꦏ꧀ 😀"])
def test_a_name_of_any_printable_text_reads_back_unchanged(
    ukm: Run, isolated: Path, name: str
) -> None:
    from ukmtool.core.yamlio.reader import parse_bytes

    assert ukm("init", "p", "--name", name).exit_code == 0

    parsed = parse_bytes((isolated / "p" / "program.yaml").read_bytes())
    assert parsed.problems == []
    assert parsed.value["name"] == name
    assert yaml.safe_load((isolated / "p" / "program.yaml").read_text("utf-8"))["name"] == name
    assert ukm("--data", "p", "check").exit_code == 0


@pytest.mark.parametrize("starts", ["2019-02-30", "04-02-19", "besok", ""])
def test_a_bad_starts_is_a_usage_error_and_writes_nothing(
    ukm: Run, isolated: Path, starts: str
) -> None:
    result = ukm("init", "p", "--starts", starts)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (isolated / "p").exists()


def test_a_bad_starts_says_why(ukm: Run) -> None:
    result = ukm("init", "p", "--starts", "2019-02-30")
    assert "2019-02-30 is not a date that exists" in result.stderr


@pytest.mark.parametrize("present", ["program.yaml", "modules.yaml", "participants.yaml"])
def test_refuses_a_folder_holding_a_programme_and_writes_nothing(
    ukm: Run, isolated: Path, present: str
) -> None:
    folder = isolated / "p"
    folder.mkdir()
    (folder / present).write_text("# mine, keep it\n", encoding="utf-8", newline="\n")
    before = snapshot(folder)

    result = ukm("init", "p", "--name", "Baru")

    assert result.exit_code == 1
    assert "already holds a programme" in result.stderr
    assert present in result.stderr
    assert snapshot(folder) == before


def test_refuses_the_shipped_sample(ukm: Run, sample: Path) -> None:
    before = snapshot(sample)
    assert ukm("init", str(sample)).exit_code == 1
    assert snapshot(sample) == before


def test_init_into_an_existing_empty_folder(ukm: Run, isolated: Path) -> None:
    (isolated / "empty").mkdir()
    assert ukm("init", "empty").exit_code == 0
    assert (isolated / "empty" / "program.yaml").is_file()


def test_installed_ukm_init_then_check(isolated: Path) -> None:
    made = run_process("init", "p", "--starts", "2018-01-08", cwd=isolated)
    assert made.exit_code == 0, made.output

    checked = run_process("--data", "p", "check", "--format", "json", cwd=isolated)

    assert checked.exit_code == 0, checked.output
    payload = json.loads(checked.stdout)
    assert payload["errors"] == [] and payload["warnings"] == []
    assert payload["summary"]["modules"] == 6


def test_programme_length_covers_every_session(ukm: Run, isolated: Path) -> None:
    start = date(2020, 12, 28)  # across a year end
    assert ukm("init", "p", "--starts", start.isoformat()).exit_code == 0
    program = yaml.safe_load((isolated / "p" / "program.yaml").read_text("utf-8"))
    assert program["ends"] - program["starts"] >= timedelta(weeks=11)
