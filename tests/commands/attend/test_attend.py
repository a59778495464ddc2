"""``ukm attend`` end to end: statuses, ids, corrections, --all, sessions, errors, output."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.kit.attendance import LATE_JOINER, expect, folder, ids, sheet
from tests.kit.helpers import Run

SHEET_1 = """\
# daftar hadir keuangan
1:
  present: [UKM-001, UKM-002, UKM-003]
  late: [UKM-004]
  excused: [UKM-005]         # izin
  sick: []
  absent: [UKM-013]
"""


def attend(ukm: Run, root: Path, *args: str) -> tuple[int, str, str]:
    result = ukm("--data", str(root), "attend", *args)
    return result.exit_code, result.stdout, result.stderr


# --- statuses ---------------------------------------------------------------------------

SPELLINGS = [
    ("present", "present"),
    ("hadir", "present"),
    ("H", "present"),
    ("h", "present"),
    ("PRESENT", "present"),
    ("late", "late"),
    ("terlambat", "late"),
    ("T", "late"),
    ("Terlambat", "late"),
    ("telat", "late"),
    ("excused", "excused"),
    ("izin", "excused"),
    ("I", "excused"),
    ("IZIN", "excused"),
    ("ijin", "excused"),
    ("sick", "sick"),
    ("sakit", "sick"),
    ("S", "sick"),
    ("s", "sick"),
    ("absent", "absent"),
    ("alpa", "absent"),
    ("A", "absent"),
    ("Alpa", "absent"),
    ("alfa", "absent"),
]


@pytest.mark.parametrize(("word", "stored"), SPELLINGS)
def test_every_status_spelling_is_stored_as_the_english_word(
    ukm: Run, tmp_path: Path, word: str, stored: str
) -> None:
    root = folder(tmp_path / "p")
    code, out, err = attend(ukm, root, "keuangan", "-s", "1", "--status", word, "7")
    assert code == 0, err
    assert sheet(root, 1) == expect(**{stored: ["UKM-007"]})
    text = (root / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert f"  {stored}: [UKM-007]\n" in text
    assert f"1 {stored}" in out


def test_status_defaults_to_present(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "2", "3")
    assert code == 0, err
    assert sheet(root, 2) == expect(present=["UKM-003"])


def test_an_unknown_status_is_a_usage_error_with_a_suggestion(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "--status", "hadri", "7")
    assert code == 2
    assert "'hadri' is not a status" in err
    assert "Did you mean 'hadir'?" in err
    assert not (root / "attendance" / "keuangan.yaml").exists()


# --- ids, numbers and ranges ------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "marked"),
    [
        (["UKM-007"], ids(7)),
        (["ukm-007"], ids(7)),
        (["7"], ids(7)),
        (["007"], ids(7)),
        (["UKM-7"], ids(7)),
        (["13", "7"], ids(7, 13)),
        (["3,5"], ids(3, 5)),
        (["UKM-001..UKM-005"], ids(1, 2, 3, 4, 5)),
        (["1-5"], ids(1, 2, 3, 4, 5)),
        (["1..5"], ids(1, 2, 3, 4, 5)),
        (["18-30"], ids(18, 19, 20, 21, 22, 23, 24, 25)),
        (["2..4", "3", "UKM-004", "10"], ids(2, 3, 4, 10)),
        (["UKM-009..11"], ids(9, 10, 11)),
    ],
)
def test_ids_numbers_and_ranges(
    ukm: Run, tmp_path: Path, given: list[str], marked: list[str]
) -> None:
    root = folder(tmp_path / "p")
    code, out, err = attend(ukm, root, "keuangan", "-s", "3", *given)
    assert code == 0, err
    assert sheet(root, 3) == expect(present=marked)
    assert f"Marked {len(marked)} present." in out


# --- corrections and --all --------------------------------------------------------------


def test_marking_someone_already_marked_moves_them_and_says_so(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET_1.encode())
    code, out, err = attend(ukm, root, "keuangan", "-s", "1", "--status", "alpa", "3", "4")
    assert code == 0, err
    assert "UKM-003: present -> absent" in out
    assert "UKM-004: late -> absent" in out
    assert sheet(root, 1) == expect(present=ids(1, 2), excused=ids(5), absent=ids(3, 4, 13))


def test_the_same_mark_again_changes_nothing_and_writes_nothing(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET_1.encode())
    path = root / "attendance" / "keuangan.yaml"
    before = path.stat().st_mtime_ns, path.read_bytes()
    code, out, err = attend(ukm, root, "keuangan", "-s", "1", "1", "2")
    assert code == 0, err
    assert "Already marked so: UKM-001, UKM-002." in out
    assert "Nothing changed; nothing was written." in out
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_all_fills_only_the_unmarked_and_the_usual_flow(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", b"2:\n  excused: [UKM-005, UKM-006]\n")
    code, out, err = attend(ukm, root, "keuangan", "-s", "2", "--all")
    assert code == 0, err
    everyone_else = [i for i in ids(*range(1, 25)) if i not in ids(5, 6)]
    assert sheet(root, 2) == expect(present=everyone_else, excused=ids(5, 6))
    assert "Marked 22 present." in out
    # UKM-025 registered after session 2: left out, and said so
    assert LATE_JOINER in err and "registered after this session" in err

    code, out, err = attend(ukm, root, "keuangan", "-s", "2", "--status", "absent", "13", "20")
    assert code == 0, err
    assert "UKM-013: present -> absent" in out and "UKM-020: present -> absent" in out
    assert sheet(root, 2) == expect(
        present=[i for i in everyone_else if i not in ids(13, 20)],
        excused=ids(5, 6),
        absent=ids(13, 20),
    )

    code, out, err = attend(ukm, root, "keuangan", "-s", "2", "--all", "--status", "sick")
    assert code == 0, err
    assert sheet(root, 2)["excused"] == ids(5, 6)
    assert sheet(root, 2)["sick"] == []
    assert "Nothing changed" in out


def test_all_with_a_status(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", b"3:\n  present: [UKM-001]\n")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "3", "--all", "--status", "T")
    assert code == 0, err
    assert sheet(root, 3) == expect(present=ids(1), late=ids(*range(2, 26)))


# --- counts after every change ------------------------------------------------------------


def test_counts_per_status_and_unmarked_after_a_change(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET_1.encode())
    code, out, err = attend(ukm, root, "keuangan", "-s", "1", "--status", "sick", "20")
    assert code == 0, err
    # session 1 counts for UKM-001..UKM-024; marked: 3 present, 1 late, 1 excused, 1 sick, 1 absent
    assert "3 present, 1 late, 1 excused, 1 sick, 1 absent; 17 not marked yet." in out
    assert "Not marked yet: UKM-006, UKM-007" in out


def test_json_prints_the_sheet_after_the_change(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET_1.encode())
    code, out, err = attend(
        ukm, root, "keuangan", "-s", "1", "--status", "izin", "3", "20", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["module"] == "keuangan"
    assert data["session"] == 1
    assert data["date"] == "2018-01-08"
    assert data["present"] == ids(1, 2)
    assert data["late"] == ids(4)
    assert data["excused"] == ids(3, 5, 20)
    assert data["sick"] == []
    assert data["absent"] == ids(13)
    marked = set(ids(1, 2, 3, 4, 5, 13, 20))
    assert data["unmarked"] == [i for i in ids(*range(1, 25)) if i not in marked]
    assert data["changes"] == [
        {"id": "UKM-003", "from": "present", "to": "excused"},
        {"id": "UKM-020", "from": None, "to": "excused"},
    ]
    assert {k: data[k] for k in ("present", "late", "excused", "sick", "absent")} == sheet(root, 1)


def test_without_ids_the_sheet_is_shown_and_nothing_written(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    code, out, err = attend(ukm, root, "keuangan", "-s", "4")
    assert code == 0, err
    assert "not held yet" in out and "25 to mark" in out  # UKM-025 joined before session 4
    assert not (root / "attendance" / "keuangan.yaml").exists()


def test_an_excuse_given_in_advance_waits_for_the_session(ukm: Run, tmp_path: Path) -> None:
    # PRODUCT.md, rules version 2: a sheet with only excused marks is advance notice.
    root = folder(tmp_path / "p")
    code, out, err = attend(ukm, root, "keuangan", "-s", "4", "--status", "izin", "5")
    assert code == 0, err
    assert "not held yet" in out and "wait for the session" in out
    assert sheet(root, 4)["excused"] == ids(5)
    data = json.loads(
        ukm("--data", str(root), "attend", "keuangan", "-s", "4", "--format", "json").stdout
    )
    assert data["held"] is False
    report = json.loads(ukm("--data", str(root), "report", "-m", "keuangan", "-f", "json").stdout)
    assert [s["held"] for s in report["sessions"] if s["number"] == 4] == [False]
    code, out, err = attend(ukm, root, "keuangan", "-s", "4", "1")
    assert code == 0, err
    assert "wait for the session" not in out and "1 present" in out and "1 excused" in out


# --- choosing the session ---------------------------------------------------------------


def pin_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    from ukmtool.core import clock

    monkeypatch.setattr(clock, "today", lambda: day)


def test_the_session_dated_today_is_used(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = folder(tmp_path / "p")
    pin_today(monkeypatch, date(2018, 1, 15))
    code, out, err = attend(ukm, root, "keuangan", "--status", "late", "8")
    assert code == 0, err
    assert "keuangan, session 2 (15 January 2018)" in out
    assert sheet(root, 2) == expect(late=ids(8))


@pytest.mark.parametrize(
    ("module", "day", "why"),
    [
        ("keuangan", date(2018, 1, 16), "No session of 'keuangan' is dated today (2018-01-16)"),
        ("pemasaran", date(2018, 1, 22), "2 sessions of 'pemasaran' are dated today"),
    ],
)
def test_without_a_session_dated_today_the_sessions_are_listed(
    ukm: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    day: date,
    why: str,
) -> None:
    root = folder(tmp_path / "p", b"1:\n  present: [UKM-001]\n")
    before = (root / "attendance" / "keuangan.yaml").read_bytes()
    pin_today(monkeypatch, day)
    code, _out, err = attend(ukm, root, module, "8")
    assert code == 2
    assert why in err
    assert "--session" in err
    if module == "keuangan":
        assert "session 1, 2018-01-08, held: Kas harian" in err
        assert "session 2, 2018-01-15, not held yet" in err
        assert "session 4, 2018-01-29, not held yet" in err
    else:
        assert "session 1, 2018-01-22, not held yet" in err
        assert "session 2, 2018-01-22, not held yet" in err
    assert (root / "attendance" / "keuangan.yaml").read_bytes() == before
    assert not (root / "attendance" / "pemasaran.yaml").exists()


# --- unknown names: the closest suggested, nothing written --------------------------------

UNKNOWN = {
    "unknown_module": (["keuangn", "-s", "1", "7"], "There is no module 'keuangn'", "'keuangan'"),
    "unknown_session": (["keuangan", "-s", "7", "7"], "has no session 7", "session 4"),
    "unknown_participant": (["keuangan", "-s", "1", "UKM-0077"], "UKM-0077 is not", "UKM-007"),
    "unknown_number": (["keuangan", "-s", "1", "3", "40"], "40 is not a registered", "UKM-"),
    "range_outside": (["keuangan", "-s", "1", "30-40"], "numbered 30 to 40", "UKM-025"),
    "backwards_range": (["keuangan", "-s", "1", "9-2"], "runs backwards", "2-9"),
}


@pytest.mark.parametrize("fault", sorted(UNKNOWN))
def test_unknown_names_suggest_the_closest_and_write_nothing(
    ukm: Run, tmp_path: Path, fault: str
) -> None:
    args, message, suggestion = UNKNOWN[fault]
    root = folder(tmp_path / "p", SHEET_1.encode())
    path = root / "attendance" / "keuangan.yaml"
    code, out, err = attend(ukm, root, *args)
    assert code == 1, out + err
    assert message in err
    assert suggestion in err
    assert "nothing was written" in err.lower()
    assert path.read_bytes() == SHEET_1.encode()
    assert sorted(p.name for p in path.parent.iterdir()) == ["keuangan.yaml"]


def test_every_unknown_id_is_listed_in_one_run(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "UKM-1OO", "7", "abc", "5..x")
    assert code == 1
    assert "3 of the ids given name no registered participant" in err
    assert "UKM-1OO is not a registered participant" in err
    assert "abc is not a registered participant" in err
    assert "'x' is not a registered id or a number" in err
    assert not (root / "attendance" / "keuangan.yaml").exists()


def test_marking_before_registration_is_allowed_with_a_warning(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "25", "1")
    assert code == 0, err
    assert "warning: UKM-025 registered on 20 January 2018, after session 1 (8 January 2018)" in err
    assert "UKM-001" not in err
    assert sheet(root, 1) == expect(present=ids(1, 25))


def test_a_folder_with_errors_is_refused(ukm: Run, tmp_path: Path) -> None:
    broken = b"1:\n  present: [UKM-001, UKM-099]\n"
    root = folder(tmp_path / "p", broken)
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "2")
    assert code == 1
    assert "keuangan.yaml:2: UKM-099 is not a registered participant." in err
    assert (root / "attendance" / "keuangan.yaml").read_bytes() == broken


@pytest.mark.parametrize(
    "args",
    [
        ["--roll-call", "7"],
        ["--roll-call", "--all"],
        ["--roll-call", "--status", "A"],
        ["--status", "absent"],
    ],
)
def test_options_that_do_not_go_together(ukm: Run, tmp_path: Path, args: list[str]) -> None:
    root = folder(tmp_path / "p")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", *args)
    assert code == 2
    assert "Error:" in err
    assert not (root / "attendance" / "keuangan.yaml").exists()


# --- the file: new, kept byte for byte, mode ----------------------------------------------


def test_a_new_file_starts_with_a_header(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "1-3")
    assert code == 0, err
    text = (root / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# attendance/keuangan.yaml: Tertib Keuangan\n")
    assert text.endswith(
        "\n1:\n  present: [UKM-001, UKM-002, UKM-003]\n  late: []\n  excused: []\n"
        "  sick: []\n  absent: []\n"
    )


def test_the_attendance_folder_is_made_when_missing(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    (root / "attendance").rmdir()
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "1")
    assert code == 0, err
    assert sheet(root, 1) == expect(present=ids(1))


HAND_KEPT = (
    "# Daftar hadir Tertib Keuangan\r\n"
    "# ditulis tangan, jangan diubah\r\n"
    "\r\n"
    "# Sesi 1: Kas harian\r\n"
    "1:\r\n"
    "  present: [UKM-001, UKM-002]   # hadir tepat waktu\r\n"
    "  # yang datang terlambat:\r\n"
    "  late: [UKM-004]\r\n"
    "  excused: [UKM-005]         # izin: pernikahan saudara\r\n"
    "  absent: [UKM-013]\r\n"
    "\r\n"
    "\r\n"
    "# Sesi 2 \u2014 catatan: hujan deras\r\n"
    "2:\r\n"
    "  present:\r\n"
    "    - UKM-001\r\n"
    "    - UKM-003   # pakai baju batik\r\n"
    "  sick: [UKM-002]\r\n"
    "# akhir\r\n"
)


def test_comments_and_other_sessions_survive_byte_for_byte(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", HAND_KEPT.encode("utf-8"))
    path = root / "attendance" / "keuangan.yaml"
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "--status", "absent", "4")
    assert code == 0, err
    expected = HAND_KEPT.replace("  late: [UKM-004]\r\n", "  late: []\r\n").replace(
        "  absent: [UKM-013]\r\n", "  absent: [UKM-004, UKM-013]\r\n"
    )
    assert path.read_bytes() == expected.encode("utf-8")

    code, _out, err = attend(ukm, root, "keuangan", "-s", "2", "--status", "sakit", "7")
    assert code == 0, err
    expected = expected.replace("  sick: [UKM-002]\r\n", "  sick: [UKM-002, UKM-007]\r\n")
    assert path.read_bytes() == expected.encode("utf-8")

    code, _out, err = attend(ukm, root, "keuangan", "-s", "3", "9")
    assert code == 0, err
    text = path.read_bytes().decode("utf-8")
    assert text.startswith(expected)
    assert text[len(expected) :] == (
        "\r\n3:\r\n  present: [UKM-009]\r\n  late: []\r\n  excused: []\r\n  sick: []\r\n"
        "  absent: []\r\n"
    )
    assert sheet(root, 1) == expect(present=ids(1, 2), excused=ids(5), absent=ids(4, 13))
    assert sheet(root, 2) == expect(present=ids(1, 3), sick=ids(2, 7))
    assert sheet(root, 3) == expect(present=ids(9))


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_file_mode_is_kept(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET_1.encode())
    path = root / "attendance" / "keuangan.yaml"
    path.chmod(0o640)
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "9")
    assert code == 0, err
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sheet(root, 1)["present"] == ids(1, 2, 3, 9)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_sheet_takes_the_mode_of_its_neighbours(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET_1.encode())
    (root / "attendance" / "keuangan.yaml").chmod(0o600)
    code, _out, err = attend(ukm, root, "pemasaran", "-s", "1", "9")
    assert code == 0, err
    assert stat.S_IMODE((root / "attendance" / "pemasaran.yaml").stat().st_mode) == 0o600
    assert sheet(root, 1, "pemasaran") == expect(present=ids(9))


def test_the_shipped_sample_takes_a_correction(ukm: Run, sample: Path) -> None:
    path = sample / "attendance" / "keuangan.yaml"
    before = path.read_text(encoding="utf-8")
    result = ukm("--data", str(sample), "attend", "keuangan", "-s", "1", "--status", "A", "13")
    assert result.exit_code == 0, result.output
    assert "UKM-013: present -> absent" in result.stdout
    after = path.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=False)
        if old != new
    ]
    # only the two lists of session 1 that changed: present (re-wrapped) and absent
    assert all(
        old.startswith(("  present", "            UKM")) or "absent" in old for old, _n in changed
    )
    assert before.split("\n2:\n")[1] == after.split("\n2:\n")[1]
    assert ukm("--data", str(sample), "check").exit_code == 0


def test_a_hand_edit_while_ukm_works_is_not_overwritten(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.core.writing import attend as attendance

    root = folder(tmp_path / "p", SHEET_1.encode())
    path = root / "attendance" / "keuangan.yaml"
    hand_edit = SHEET_1.replace("UKM-013]", "UKM-013, UKM-014]").encode()
    real_load = attendance.load_for

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        path.write_bytes(hand_edit)  # someone saves the file in an editor right now
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(attendance, "load_for", edited_meanwhile)
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "9")
    assert code == 1
    assert "changed by someone else" in err
    assert path.read_bytes() == hand_edit


def test_an_attendance_file_where_the_folder_should_be(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    (root / "attendance").rmdir()
    (root / "attendance").write_bytes(b"not a folder\n")
    code, _out, err = attend(ukm, root, "keuangan", "-s", "1", "9")
    assert code == 1
    assert "Cannot make the folder" in err
    assert (root / "attendance").read_bytes() == b"not a folder\n"


def test_it_waits_for_the_folder_lock_and_gives_up_with_nothing_written(tmp_path: Path) -> None:
    from filelock import FileLock

    from tests.kit.helpers import run_process

    root = folder(tmp_path / "p", SHEET_1.encode())
    with FileLock(str(root / ".ukm.lock")):  # another ukm is writing
        result = run_process(
            "--data",
            str(root),
            "attend",
            "keuangan",
            "-s",
            "1",
            "9",
            env={"UKM_LOCK_TIMEOUT": "1"},
        )
    assert result.exit_code == 1
    assert "Another ukm command has been writing" in result.stderr
    assert (root / "attendance" / "keuangan.yaml").read_bytes() == SHEET_1.encode()
