"""Four real ``ukm`` processes writing the same files at once: every change lands.

Each process is a separate Python started for the test; it imports ``ukmtool``
once and runs the ``ukm`` entry point (``ukmtool.__main__.main``, what the
installed ``ukm`` runs) 50 times in a row, so that 200 writes fit in seconds
rather than the minutes 200 process starts would take (for the same reason
the command line parser is built once per process, not once per write). The
four start together (they wait for one line on stdin) and share
participants.yaml and attendance/keuangan.yaml.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.kit.attendance import MODULES, STATUSES, participants_text
from tests.kit.helpers import REPO, programme, run_process
from ukmtool.core.files import store
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

PROCESSES = 4
WRITES = 50  # per process: half registrations, half attendance marks
EXISTING = 100  # participants UKM-001..UKM-100 before the test; each is marked once

WORKER = """\
import json, sys
import typer.main
from ukmtool.__main__ import main
from ukmtool.cli import app

built = typer.main.get_command(app)  # Typer rebuilds it on every call (0.1 s): build it once
typer.main.get_command = lambda _app: built

jobs_file, codes_file = sys.argv[1], sys.argv[2]
jobs = json.loads(open(jobs_file, encoding="utf-8").read())
print("ready", flush=True)
sys.stdin.readline()
codes = []
for argv in jobs:
    sys.argv = ["ukm", *argv]
    try:
        main()
        codes.append(0)
    except SystemExit as done:
        codes.append(done.code if isinstance(done.code, int) else 1)
open(codes_file, "w", encoding="utf-8").write(json.dumps(codes))
"""


def jobs_for(worker: int, folder: Path) -> tuple[list[list[str]], dict[str, str], list[str]]:
    """The worker's 50 command lines, the marks they make and the businesses they register."""
    jobs: list[list[str]] = []
    marks: dict[str, str] = {}
    businesses: list[str] = []
    per_kind = WRITES // 2
    for j in range(per_kind):
        business = f"Usaha Serentak {worker}-{j}"
        businesses.append(business)
        jobs.append(
            [
                "--data", str(folder), "register", "--no-input",
                "--business", business, "--owner", f"Pemilik Serentak {worker}-{j}",
                "--gender", "FM"[j % 2], "--sector", "kuliner", "--district", "Japah",
                "--registered", "2018-01-01",
            ]
        )  # fmt: skip
        number = worker * per_kind + j + 1
        pid = f"UKM-{number:03d}"
        session = j % 4 + 1
        status = STATUSES[j % len(STATUSES)]
        marks[f"{session}:{pid}"] = status
        jobs.append(
            [
                "--data", str(folder), "attend", "keuangan", "-s", str(session),
                pid, "--status", status,
            ]
        )  # fmt: skip
    return jobs, marks, businesses


@pytest.mark.slow
def test_four_processes_fifty_writes_each_all_land(tmp_path: Path) -> None:
    participants = participants_text(EXISTING).replace("2018-01-20", "2018-01-01")
    folder = programme(tmp_path / "p", modules=MODULES, participants=participants)
    before = (folder / "participants.yaml").read_bytes()
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8", newline="\n")
    all_marks: dict[str, str] = {}
    all_businesses: list[str] = []
    workers = []
    for worker in range(PROCESSES):
        jobs, marks, businesses = jobs_for(worker, folder)
        all_marks.update(marks)
        all_businesses.extend(businesses)
        job_file = tmp_path / f"jobs{worker}.json"
        job_file.write_text(json.dumps(jobs), encoding="utf-8", newline="\n")
        result_file = tmp_path / f"codes{worker}.json"
        errors = (tmp_path / f"stderr{worker}.txt").open("w", encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, str(script), str(job_file), str(result_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            cwd=REPO,
            text=True,
        )
        workers.append((proc, result_file, tmp_path / f"stderr{worker}.txt"))
    for proc, _result, _err in workers:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for proc, _result, _err in workers:  # all four go at once
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc, _result, _err in workers:
        proc.wait(timeout=120)
    elapsed = time.perf_counter() - started
    for proc, result_file, err in workers:
        assert proc.returncode == 0, err.read_text(encoding="utf-8")
        codes = json.loads(result_file.read_text(encoding="utf-8"))
        assert codes == [0] * WRITES, err.read_text(encoding="utf-8")[-3000:]

    loaded = load(Folder(folder))
    assert loaded.ok, [d.message for d in loaded.errors]
    assert loaded.programme is not None
    people = loaded.programme.participants
    ids = [p.id for p in people]
    assert len(ids) == EXISTING + PROCESSES * WRITES // 2
    assert len(set(ids)) == len(ids)
    new = people[EXISTING:]
    assert sorted(p.business for p in new) == sorted(all_businesses)
    assert sorted(p.id for p in new) == [
        f"UKM-{n:03d}" for n in range(EXISTING + 1, EXISTING + 1 + len(all_businesses))
    ]
    assert (folder / "participants.yaml").read_bytes().startswith(before)

    sheets = loaded.programme.sheets["keuangan"]
    found: dict[str, str] = {}
    for session, sheet in sheets.items():
        for status in STATUSES:
            for pid in getattr(sheet, status):
                found[f"{session}:{pid}"] = status
    assert found == all_marks

    checked = run_process("--data", str(folder), "check")
    assert checked.exit_code == 0, checked.output
    verdict = checked.stdout.splitlines()[-1]  # after any notes
    assert verdict.startswith(f"OK: {len(ids)} participants"), checked.stdout
    assert not list(folder.rglob(f"*{store.TEMP_SUFFIX}"))
    print(f"{PROCESSES} processes x {WRITES} writes in {elapsed:.1f} s")
