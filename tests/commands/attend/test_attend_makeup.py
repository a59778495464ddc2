"""``ukm attend --status makeup`` (susulan): a make-up recorded with its day, what it counts for.

The sheet's ``makeup`` mapping (format 1.2) gets the id and the day; only that
session's text changes; the reports then count the session as attended, also
for a participant who registered after it (rules 2.1).  A make-up of a session
nobody came to, or dated before the session or after today, is refused.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.kit.attendance import LATE_JOINER, folder
from tests.kit.helpers import Run

SHEETS = """\
# daftar hadir keuangan
1:
  present: [UKM-001, UKM-002, UKM-003]
  absent: [UKM-013]          # tidak datang, tanpa kabar

# sesi 2: kelas pindah ke aula
2:
  present: [UKM-001, UKM-002]
  excused: [UKM-004]

3:
  excused: [UKM-005]         # izin lebih dulu
"""


@pytest.fixture(autouse=True)
def late_january(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today is 31 January 2018: every session of keuangan has happened."""
    from ukmtool.core import clock

    day = date(2018, 1, 31)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def makeups(root: Path, session: int) -> dict[str, date]:
    from ukmtool.core.folder import Folder
    from ukmtool.core.reading.loader import load

    result = load(Folder(root))
    assert result.ok, [d.message for d in result.errors]
    assert result.programme is not None
    return dict(result.programme.sheets["keuangan"][session].makeup)


def module_rows(ukm: Run, root: Path) -> dict[str, dict[str, object]]:
    result = ukm("--data", str(root), "report", "--module", "keuangan", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["participants"]}


def test_a_make_up_is_written_with_its_day_and_only_that_sheet_changes(
    ukm: Run, tmp_path: Path
) -> None:
    root = folder(tmp_path / "p", SHEETS)
    path = root / "attendance" / "keuangan.yaml"
    before = path.read_text(encoding="utf-8")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--status", "makeup",
                 "13", "--on", "2018-01-12")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "UKM-013: absent -> make-up" in result.stdout
    assert "Made up on 12 January 2018: UKM-013" in result.stdout
    assert "1 make-up" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "  absent: [UKM-013]          # tidak datang, tanpa kabar\n",
        "  absent: []          # tidak datang, tanpa kabar\n  makeup: {UKM-013: 2018-01-12}\n",
    )
    assert makeups(root, 1) == {"UKM-013": date(2018, 1, 12)}
    row = module_rows(ukm, root)["UKM-013"]
    assert (row["makeup"], row["attended"], row["absent"]) == (1, 1, 1)  # session 2: unmarked
    assert [m["session"] for m in row["missed"]] == [2]


def test_the_day_defaults_to_today_and_susulan_is_the_indonesian_word(
    ukm: Run, tmp_path: Path, late_january: date
) -> None:
    root = folder(tmp_path / "p", SHEETS)
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "2", "--status", "susulan",
                 "4", "20")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert makeups(root, 2) == {"UKM-004": late_january, "UKM-020": late_january}


def test_a_make_up_before_registering_makes_the_session_count(ukm: Run, tmp_path: Path) -> None:
    # UKM-025 registered on 20 January, after sessions 1 and 2; their make-up of session 1
    # makes it count for them: 1 of the 2 held sessions that now count, attended.
    root = folder(tmp_path / "p", SHEETS)
    before = module_rows(ukm, root)[LATE_JOINER]
    assert (before["sessions"], before["held"]) == (2, 0)  # sessions 3 and 4, not held
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--status", "makeup",
                 LATE_JOINER, "--on", "2018-01-24")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "registered on" not in result.output  # no warning: a make-up counts
    row = module_rows(ukm, root)[LATE_JOINER]
    assert (row["sessions"], row["held"], row["attended"], row["makeup"]) == (3, 1, 1, 1)


def test_marking_otherwise_moves_the_id_out_of_the_make_ups(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEETS)
    args = ("--data", str(root), "attend", "keuangan", "-s", "1")
    assert ukm(*args, "--status", "makeup", "13", "--on", "2018-01-12").exit_code == 0
    again = ukm(*args, "--status", "makeup", "13", "--on", "2018-01-12")
    assert "Already marked so: UKM-013." in again.stdout
    later = ukm(*args, "--status", "makeup", "13", "--on", "2018-01-19")
    assert makeups(root, 1) == {"UKM-013": date(2018, 1, 19)} and later.exit_code == 0
    back = ukm(*args, "--status", "present", "13")
    assert back.exit_code == 0, back.output
    assert "UKM-013: make-up -> present" in back.stdout
    assert makeups(root, 1) == {}
    text = (root / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert "  makeup: {}\n" in text


def test_json_holds_the_make_ups(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEETS)
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--status", "makeup",
                 "13", "--on", "2018-01-12", "--format", "json")  # fmt: skip
    data = json.loads(result.stdout)
    assert data["makeup"] == {"UKM-013": "2018-01-12"}
    assert data["changes"] == [{"id": "UKM-013", "from": "absent", "to": "makeup"}]
    assert "UKM-013" not in data["absent"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        # nobody came to session 3 (only an excuse): the make-up could not count
        (("-s", "3", "--status", "makeup", "7"), 1, "it is not held, so a make-up of it"),
        (("-s", "1", "--status", "makeup", "7", "--on", "2018-01-07"), 2, "before session 1"),
        (("-s", "1", "--status", "makeup", "7", "--on", "2018-02-01"), 2, "after today"),
        (("-s", "1", "--status", "makeup", "--all"), 2, "not --all"),
        (("-s", "1", "--status", "late", "7", "--on", "2018-01-12"), 2, "goes with --status"),
        (("-s", "1", "--status", "makeup", "7", "--on", "2018-02-30"), 2, "--on"),
    ],
)
def test_what_is_refused_writes_nothing(
    ukm: Run, tmp_path: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    root = folder(tmp_path / "p", SHEETS)
    path = root / "attendance" / "keuangan.yaml"
    before = path.read_bytes()
    result = ukm("--data", str(root), "attend", "keuangan", *args)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert path.read_bytes() == before


def test_check_and_the_roll_still_agree_after_a_make_up(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEETS)
    ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--status", "makeup", "13",
        "--on", "2018-01-12")  # fmt: skip
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 0, checked.output
    # --all leaves the make-up alone: it is a mark
    filled = ukm(
        "--data", str(root), "attend", "keuangan", "-s", "1", "--status", "absent", "--all"
    )
    assert filled.exit_code == 0, filled.output
    assert makeups(root, 1) == {"UKM-013": date(2018, 1, 12)}


def test_a_make_up_that_would_leave_its_session_with_nobody_present_is_refused(
    ukm: Run, tmp_path: Path
) -> None:
    # Session 2 is held by UKM-001 and UKM-002 alone. Marking both as having made it up
    # would leave nobody present or late: the session would stop being held, and every
    # mark of it, the make-ups too, would stop counting. Refused, nothing written.
    root = folder(tmp_path / "p", SHEETS)
    path = root / "attendance" / "keuangan.yaml"
    before = path.read_bytes()
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "2", "--status", "makeup",
                 "1", "2", "--on", "2018-01-17")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "nobody present or late" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert module_rows(ukm, root)["UKM-001"]["attended"] == 2
    # one of the two is a correction the session survives
    one = ukm("--data", str(root), "attend", "keuangan", "-s", "2", "--status", "makeup",
              "2", "--on", "2018-01-17")  # fmt: skip
    assert one.exit_code == 0, one.output
    assert makeups(root, 2) == {"UKM-002": date(2018, 1, 17)}
