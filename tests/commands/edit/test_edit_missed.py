"""``ukm edit`` says at once what a new registration day (or an exemption taken back) leaves out.

``ukm register`` names the sessions before the registration day and any
module missed (rules 2.1) with the two ways out; an edit that moves the day
past a module's last session, or takes back the exemption of a module the
participant registered after, makes the same module missed and must say so.
"""

from __future__ import annotations

from pathlib import Path

from tests.kit.helpers import Run

PROGRAM = """\
name: Pelatihan Uji 2025
organizer: Dinas Koperasi dan UKM Kabupaten Uji
venue: Aula Dinas
starts: 2025-01-06
ends: 2025-03-31
language: en
min_attendance: 75
"""

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2025-01-06}
    2: {date: 2025-01-13}
- id: pemasaran
  title: Pemasaran
  sessions:
    1: {date: 2025-02-03}
"""

PEOPLE = """\
- id: UKM-001
  business: Batik Satu
  owner: Ani Satu
  gender: F
  sector: batik
  district: Cepu
  registered: 2025-01-06
- id: UKM-002
  business: Warung Dua
  owner: Budi Dua
  gender: M
  sector: kuliner
  district: Jepon
  registered: 2025-01-20
  exempt: {keuangan: ikut pelatihan serupa 2024}
"""


def folder(root: Path) -> Path:
    (root / "attendance").mkdir(parents=True)
    (root / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    (root / "modules.yaml").write_text(MODULES, encoding="utf-8")
    (root / "participants.yaml").write_text(PEOPLE, encoding="utf-8")
    (root / "attendance" / "keuangan.yaml").write_text("1: {present: [UKM-001]}\n", "utf-8")
    return root


def test_a_registration_day_moved_past_a_module_says_it_is_missed(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "edit", "1", "--registered", "2025-01-20")
    assert result.exit_code == 0, result.output
    assert (
        "Registered on 20 January 2025: 2 sessions before that day do not count for UKM-001 "
        "(keuangan 1-2)." in result.stdout
    )
    assert "Missed: every session of 'keuangan' is before 20 January 2025" in result.stdout
    assert "ukm attend keuangan -s N --status makeup UKM-001" in result.stdout
    assert "registered: 6 January 2025 -> 20 January 2025" in result.stdout


def test_an_exemption_taken_back_from_a_module_registered_after_says_it_is_missed(
    ukm: Run, tmp_path: Path
) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "edit", "2", "--no-exempt", "keuangan")
    assert result.exit_code == 0, result.output
    assert "Missed: every session of 'keuangan' is before 20 January 2025" in result.stdout


def test_an_edit_of_another_field_says_nothing_of_sessions(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "edit", "2", "--phone", "0812-3456-7890")
    assert result.exit_code == 0, result.output
    assert "Missed" not in result.stdout and "do not count" not in result.stdout
