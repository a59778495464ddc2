"""Two ``ukm attend`` at once on the same sheet, as real processes: both land."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.kit.attendance import expect, folder, ids, sheet
from tests.kit.helpers import Result, run_process


def at_once(root: Path, *commands: list[str]) -> list[Result]:
    """Start every command together (real processes) and wait for all."""
    results: list[Result | None] = [None] * len(commands)
    start = threading.Barrier(len(commands))

    def run(index: int, args: list[str]) -> None:
        start.wait()
        results[index] = run_process("--data", str(root), "attend", *args)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(commands)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    done = [r for r in results if r is not None]
    assert len(done) == len(commands)
    for result in done:
        assert result.exit_code == 0, result.output
    return done


@pytest.mark.slow
def test_two_writers_creating_the_sheet_both_land(tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    at_once(
        root,
        ["keuangan", "-s", "1", "--status", "absent", "1-3"],
        ["keuangan", "-s", "2", "--status", "late", "4", "5"],
    )
    assert sheet(root, 1) == expect(absent=ids(1, 2, 3))
    assert sheet(root, 2) == expect(late=ids(4, 5))


@pytest.mark.slow
def test_two_writers_on_one_session_both_land(tmp_path: Path) -> None:
    root = folder(tmp_path / "p", b"# hadir\n1:\n  present: [UKM-001, UKM-002]  # kept\n")
    for round_number in range(2):
        first, second = 3 + 2 * round_number, 4 + 2 * round_number
        at_once(
            root,
            ["keuangan", "-s", "1", "--status", "sakit", str(first)],
            ["keuangan", "-s", "1", "--status", "izin", str(second)],
        )
    assert sheet(root, 1) == expect(present=ids(1, 2), excused=ids(4, 6), sick=ids(3, 5))
    text = (root / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# hadir\n1:\n  present: [UKM-001, UKM-002]  # kept\n")


@pytest.mark.slow
def test_all_and_a_correction_at_once(tmp_path: Path) -> None:
    root = folder(tmp_path / "p", b"1:\n  excused: [UKM-009]\n")
    at_once(
        root,
        ["keuangan", "-s", "1", "--all"],
        ["keuangan", "-s", "1", "--status", "absent", "13"],
    )
    got = sheet(root, 1)
    # whichever ran first: --all never overwrites, and the correction moves UKM-013 if needed
    everyone = ids(*range(1, 25))  # UKM-025 registered after session 1
    assert got == expect(
        present=[i for i in everyone if i not in ids(9, 13)], excused=ids(9), absent=ids(13)
    )
