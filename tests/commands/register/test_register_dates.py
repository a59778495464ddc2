"""The day a registration is dated: never a silent "today", and what a late day leaves out.

Today after the programme's end: ``--no-input`` and ``--from`` refuse, naming
``--registered`` (unless a ``Tanggal daftar`` column gives each row's day).
Today (or the day given) after the first session: the confirmation and the dry
run say which sessions do not count, and every module missed, with the two ways
out (rules 2.1).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.kit.attendance import folder
from tests.kit.helpers import Run

BATIK = ("--business", "Batik Baru", "--owner", "Rina", "--gender", "F", "--sector", "batik",
         "--district", "Cepu")  # fmt: skip
SHEETS = "1:\n  present: [UKM-001]\n2:\n  present: [UKM-001]\n"


def pin(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    from ukmtool.core import clock

    monkeypatch.setattr(clock, "today", lambda: day)


def register(ukm: Run, root: Path, *args: str) -> tuple[int, str, str]:
    result = ukm("--data", str(root), "register", *args)
    return result.exit_code, result.stdout, result.stderr


def test_no_date_after_the_end_is_refused_naming_the_option(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin(monkeypatch, date(2018, 6, 1))  # the programme ended on 31 March
    root = folder(tmp_path / "p")
    before = (root / "participants.yaml").read_bytes()
    code, _out, err = register(ukm, root, *BATIK, "--no-input")
    assert code == 2
    assert "--registered: today (2018-06-01) is after the programme ended (2018-03-31)" in err
    assert (root / "participants.yaml").read_bytes() == before
    code, out, err = register(ukm, root, *BATIK, "--registered", "2018-01-02", "--no-input")
    assert code == 0, err
    assert "Registered UKM-026" in out


def test_an_import_without_dates_after_the_end_is_refused_unless_a_column_gives_them(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin(monkeypatch, date(2018, 6, 1))
    root = folder(tmp_path / "p")
    plain = tmp_path / "daftar.csv"
    plain.write_text("Nama Usaha;Pemilik;L/P;Sektor;Kecamatan\nToko A;Ani;P;batik;Cepu\n")
    code, _out, err = register(ukm, root, "--from", str(plain), "--dry-run")
    assert code == 2
    assert "No registration date: today (2018-06-01) is after the programme ended" in err
    assert "--registered YYYY-MM-DD, or a column 'Tanggal daftar'" in err
    dated = tmp_path / "bertanggal.csv"
    dated.write_text(
        "Nama Usaha;Pemilik;L/P;Sektor;Kecamatan;Tanggal daftar\n"
        "Toko A;Ani;P;batik;Cepu;2018-01-02\n"
    )
    code, out, err = register(ukm, root, "--from", str(dated))
    assert code == 0, err
    assert "Registered UKM-026: Toko A (Ani)." in out


def test_a_walk_in_after_the_first_session_is_told_what_does_not_count(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin(monkeypatch, date(2018, 1, 16))  # after keuangan's sessions 1 (8th) and 2 (15th)
    root = folder(tmp_path / "p", SHEETS)
    code, out, err = register(ukm, root, *BATIK)
    assert code == 0, err
    assert (
        "Registered on 16 January 2018: 2 sessions before that day do not count for UKM-026 "
        "(keuangan 1-2)." in out
    )
    assert "Missed" not in out
    # the dry run says the same of the day given
    code, out, err = register(ukm, root, *BATIK, "--owner", "Dewi", "--registered", "2018-01-09",
                              "--dry-run")  # fmt: skip
    assert code == 0, err
    assert "1 session before that day does not count for UKM-027 (keuangan 1)" in out


def test_a_module_missed_at_registration_is_said_with_both_ways_out(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pemasaran's two sessions are on 22 January: registering on the 25th misses it
    pin(monkeypatch, date(2018, 1, 25))
    root = folder(tmp_path / "p", SHEETS)
    code, out, err = register(ukm, root, *BATIK)
    assert code == 0, err
    missed = [line for line in out.splitlines() if line.startswith("Missed")]
    assert missed == [
        "Missed: every session of 'pemasaran' is before 25 January 2018, so UKM-026 cannot "
        "graduate unless they make up a session of it (`ukm attend pemasaran -s N --status "
        "makeup UKM-026`) or are exempt (`ukm edit UKM-026 --exempt pemasaran --reason ...`)."
    ]
    assert "5 sessions before that day" in out and "(keuangan 1-3, pemasaran 1-2)" in out
    check = ukm("--data", str(root), "check")
    assert "UKM-026 registered on 2018-01-25, after every session of 'pemasaran'" in check.stdout


def test_an_import_says_it_once_a_day_and_json_lists_it(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin(monkeypatch, date(2018, 2, 1))
    root = folder(tmp_path / "p", SHEETS)
    rows = tmp_path / "daftar.csv"
    rows.write_text(
        "Nama Usaha;Pemilik;L/P;Sektor;Kecamatan\n"
        + "".join(f"Toko {n};Pemilik {n};P;batik;Cepu\n" for n in range(3))
    )
    code, out, err = register(ukm, root, "--from", str(rows), "--dry-run", "--format", "json")
    assert code == 0, err
    late = json.loads(out)["late"]
    assert late == [
        {
            "registered": "2018-02-01",
            "participants": ["UKM-026", "UKM-027", "UKM-028"],
            "sessions_before": {"keuangan": [1, 2, 3, 4], "pemasaran": [1, 2]},
            "missed": ["keuangan", "pemasaran"],
        }
    ]
    code, out, err = register(ukm, root, "--from", str(rows))
    assert code == 0, err
    assert out.count("Registered on 1 February 2018") == 1
    assert "UKM-026 to UKM-028 (3)" in out


def test_a_module_with_no_session_yet_is_missed_by_nobody(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin(monkeypatch, date(2018, 1, 25))  # after pemasaran's sessions: that one is missed
    root = folder(tmp_path / "p", SHEETS)
    with (root / "modules.yaml").open("a", encoding="utf-8") as f:
        f.write("- id: ekspor\n  title: Persiapan Ekspor\n  sessions: {}\n")
    code, out, err = register(ukm, root, *BATIK)
    assert code == 0, err
    assert [line.split(" of ")[1].split(" ")[0] for line in out.splitlines()
            if line.startswith("Missed")] == ["'pemasaran'"]  # fmt: skip
    assert (
        "'ekspor' has no session yet, so nobody has missed it: it is in progress for everyone "
        "until its sessions are written in modules.yaml (`ukm check` lists it)." in out
    )
    code, out, err = register(ukm, root, *BATIK, "--owner", "Dewi", "--dry-run", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["unscheduled"] == ["ekspor"] and data["late"][0]["missed"] == ["pemasaran"]
    check = ukm("--lang", "en", "--data", str(root), "check")
    assert check.exit_code == 1 and "Module 'ekspor' has no sessions." in check.stdout
    assert "after every session of 'ekspor'" not in check.stdout

    from ukmtool.core import rules
    from ukmtool.core.folder import Folder
    from ukmtool.core.reading.loader import load

    programme = load(Folder(root)).programme
    assert programme is not None
    ekspor = programme.modules_by_id["ekspor"]
    standings = [rules.ModuleRoll(ekspor, {}).attendance_of(p, 75) for p in programme.participants]
    assert {s.status for s in standings} == {rules.Status.IN_PROGRESS}  # missed by nobody
