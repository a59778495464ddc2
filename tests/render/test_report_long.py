"""Long tables: 200 rows on a terminal (those needing attention first), every row in exports."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run
from tests.kit.reports import Mod, Person, write

COUNT = 500
# Participants 451-480 missed sessions 2 and 3: failed, and flagged. Without the
# "attention first" rule a cut at 200 rows would hide every one of them.
TROUBLED = [f"UKM-{n:03d}" for n in range(451, 481)]
ROW = re.compile(r"^(UKM-\d{3}) ", re.MULTILINE)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ids = [f"UKM-{n:03d}" for n in range(1, COUNT + 1)]
    fine = [pid for pid in ids if pid not in TROUBLED]
    module = Mod(
        "keuangan",
        {1: date(2018, 1, 8), 2: date(2018, 1, 15), 3: date(2018, 1, 22), 4: date(2018, 1, 29)},
        {
            1: {"present": ids},
            2: {"present": fine, "absent": TROUBLED},
            3: {"present": fine, "sick": TROUBLED},
        },
    )
    people = [Person(pid) for pid in ids]
    return write(tmp_path_factory.mktemp("big") / "p", [module], people)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukmtool.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)


def participant_rows(out: str) -> list[str]:
    """Ids of the rows of the first table (the participants), in order."""
    section = out.split("Needs attention", maxsplit=1)[0]
    return ROW.findall(section)


def report(ukm: Run, folder: Path, *args: str) -> str:
    result = ukm("--lang", "en", "--data", str(folder), "report", "--module", "keuangan", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.usefixtures("terminal")
def test_terminal_shows_200_rows_attention_first(ukm: Run, big: Path) -> None:
    out = report(ukm, big)
    rows = participant_rows(out)
    assert len(rows) == 200
    assert rows[: len(TROUBLED)] == TROUBLED
    others = [f"UKM-{n:03d}" for n in range(1, COUNT + 1) if f"UKM-{n:03d}" not in TROUBLED]
    assert rows[len(TROUBLED) :] == others[: 200 - len(TROUBLED)]
    assert "300 participants left out" in out
    assert "--limit N" in out and "--all" in out
    assert "─" in out  # a Rich table, drawn


@pytest.mark.usefixtures("terminal")
def test_terminal_all_and_limit(ukm: Run, big: Path) -> None:
    rows = participant_rows(report(ukm, big, "--all"))
    assert rows == [f"UKM-{n:03d}" for n in range(1, COUNT + 1)]  # everything, in order
    out = report(ukm, big, "--limit", "50")
    rows = participant_rows(out)
    assert len(rows) == 50 and rows[:30] == TROUBLED
    assert "450 participants left out" in out


@pytest.mark.usefixtures("terminal")
def test_participants_list_is_cut_too(ukm: Run, big: Path) -> None:
    result = ukm("--lang", "en", "--data", str(big), "participants")
    assert len(ROW.findall(result.stdout)) == 200
    assert "300 participants left out" in result.stdout


def test_piped_text_holds_every_row(ukm: Run, big: Path) -> None:
    out = report(ukm, big)
    assert participant_rows(out) == [f"UKM-{n:03d}" for n in range(1, COUNT + 1)]
    assert "left out" not in out
    limited = report(ukm, big, "--limit", "10")
    assert len(participant_rows(limited)) == 10 and "490 participants left out" in limited


@pytest.mark.usefixtures("terminal")
def test_exports_hold_every_row(ukm: Run, big: Path, tmp_path: Path) -> None:
    csv_text = report(ukm, big, "--format", "csv")
    assert len(csv_text.splitlines()) == COUNT + 1
    assert len(json.loads(report(ukm, big, "--format", "json"))["participants"]) == COUNT
    md = report(ukm, big, "--format", "md").split("## Sessions")[0]
    assert len(re.findall(r"^\| UKM-\d{3} ", md, re.MULTILINE)) == COUNT
    report(ukm, big, "--output", str(tmp_path / "big.xlsx"), "--limit", "5")
    from openpyxl import load_workbook

    from tests.kit.workbook import table_rows

    sheet = load_workbook(tmp_path / "big.xlsx", read_only=True)["participants"]
    assert len(table_rows(sheet)) == COUNT
    report(ukm, big, "--output", str(tmp_path / "big.txt"))
    assert len(participant_rows((tmp_path / "big.txt").read_text(encoding="utf-8"))) == COUNT
