"""``ukm`` killed with SIGKILL in the middle of writes: every file is as before or as after.

Three ways to pick the moment:

- at a step of the write, with ``UKM_TEST_PAUSE_AT`` (the process stops
  itself there and is killed while stopped): lock taken, temp file created,
  temp file complete, just after the rename;
- at a random delay between 0 and the command's measured duration;
- at a random delay between 0 and the measured duration of the locked part
  (the process stops at ``locked``, is let go, and killed a moment later).

Most kills are of a forked copy of this test process running the ``ukm``
entry point (``ukmtool.__main__.main``, what the installed ``ukm`` runs):
a fork costs milliseconds where starting ``ukm`` costs most of a second.
A few kills at each step are of the installed ``ukm`` itself. After every
kill each data file must be byte for byte as before or as after the command
(never torn, never empty), the folder must load cleanly, a lock left by the
killed process must not hold up the next command, and temp files left behind
must be invisible to the loader and gone after the next write.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.kit.attendance import STATUSES, folder
from tests.kit.helpers import Run, run_process, ukm_executable
from ukmtool.core.files import store
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

pytestmark = pytest.mark.posix_only  # stops ukm at each step with SIGSTOP, kills it

POINTS = ("locked", "temp-created", "before-replace", "replaced")
# kills at a random moment (each one a process really killed); more for a long run
RANDOM_KILLS = int(os.environ.get("UKM_CRASH_KILLS", "120"))
Snapshot = dict[str, bytes]
RECORD = "ids.yaml"  # register writes it just before participants.yaml


def snapshot(root: Path) -> Snapshot:
    """Every file of the folder but the lock and temp files, by relative path."""
    files: Snapshot = {}
    if not root.exists():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != store.LOCK_NAME:
            if path.name.endswith(store.TEMP_SUFFIX):
                continue
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def temp_files(root: Path) -> list[Path]:
    return list(root.rglob(f"*{store.TEMP_SUFFIX}"))


def restore(root: Path, files: Snapshot) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "attendance").mkdir()
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


CHILDREN: set[int] = set()
LOG: list[Path] = []  # where children write their stderr (to show when one fails)


@pytest.fixture(autouse=True)
def no_child_left(tmp_path: Path) -> Iterator[None]:
    """A failing test must not leave a stopped child behind."""
    LOG[:] = [tmp_path / "children.log"]
    yield
    for pid in list(CHILDREN):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        CHILDREN.discard(pid)


def fork_ukm(args: list[str], pause_at: str | None = None) -> int:
    """Start the ukm entry point in a forked child; return its pid."""
    pid = os.fork()
    if pid:
        CHILDREN.add(pid)
        return pid
    code = 1
    try:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        sys.stderr = open(LOG[0], "a", encoding="utf-8")  # noqa: SIM115
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
        if pause_at is not None:
            os.environ[store.PAUSE_VAR] = pause_at
        sys.argv = ["ukm", *args]
        from ukmtool.__main__ import main

        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    finally:
        os._exit(code)


def wait_stopped(pid: int) -> None:
    _pid, status = os.waitpid(pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the process ended ({status}) before its pause point"


def reap(pid: int) -> bool:
    """Wait for the child; True when it was killed, False when it finished first (exit 0)."""
    _pid, status = os.waitpid(pid, 0)
    CHILDREN.discard(pid)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    log = LOG[0].read_text(encoding="utf-8")[-2000:] if LOG[0].exists() else ""
    assert os.WEXITSTATUS(status) == 0, f"the command failed on its own: {log}"
    return False


def run_to_end(args: list[str]) -> float:
    """Run the command (forked) to its end; its duration in seconds."""
    started = time.perf_counter()
    pid = fork_ukm(args)
    assert not reap(pid)
    return time.perf_counter() - started


@dataclass
class Case:
    """One kind of write: its command line for a folder, and what to do before it."""

    name: str
    args: Callable[[Path, int], list[str]]
    prepare: Callable[[Path], None] = lambda root: None


def register_args(root: Path, n: int) -> list[str]:
    return [
        "--data", str(root), "register", "--no-input",
        "--business", f"Usaha Putus {n}", "--owner", f"Pemilik Putus {n}",
        "--gender", "FM"[n % 2], "--sector", "batik", "--district", "Cepu",
        "--registered", "2018-01-01",
    ]  # fmt: skip


def attend_args(root: Path, n: int) -> list[str]:
    status = STATUSES[n % len(STATUSES)]
    return [
        "--data", str(root), "attend", "keuangan", "-s", str(n % 4 + 1),
        f"UKM-{n % 24 + 1:03d}", f"UKM-{(n * 7) % 24 + 1:03d}", "--status", status,
    ]  # fmt: skip


def new_sheet_args(root: Path, n: int) -> list[str]:
    return ["--data", str(root), "attend", "pemasaran", "-s", str(n % 2 + 1), "--all"]


def visit_args(root: Path, n: int) -> list[str]:
    return [
        "--data", str(root), "visit", f"UKM-{n % 24 + 1:03d}", "--date", "2018-01-22",
        "--trainer", "Ratna Dewi", "--hours", str(n % 3 + 1), "--note", f"Kunjungan {n}",
        "--allow-duplicate", "--no-input",
    ]  # fmt: skip


def drop_new_sheet(root: Path) -> None:
    (root / "attendance" / "pemasaran.yaml").unlink(missing_ok=True)


CASES = (
    Case("register", register_args),
    Case("attend", attend_args),
    Case("attend-new-sheet", new_sheet_args, drop_new_sheet),
    Case("visit", visit_args),
)


@dataclass
class Tally:
    """What the test did, printed for docs/reliability.md."""

    killed: dict[str, int] = field(default_factory=dict)
    finished_first: int = 0
    as_after: int = 0
    temp_left: int = 0

    def count(self, kind: str) -> None:
        self.killed[kind] = self.killed.get(kind, 0) + 1


def record_ahead(now: Snapshot, before: Snapshot, after: Snapshot) -> bool:
    """Killed between ids.yaml and participants.yaml: only the record moved (a gap, no reuse)."""
    rest = {name: data for name, data in now.items() if name != RECORD}
    return rest == {k: v for k, v in before.items() if k != RECORD} and (
        now.get(RECORD) == after.get(RECORD) != before.get(RECORD)
    )


class Checker:
    """Compares the folder after a kill with the states before and after the command."""

    def __init__(self, root: Path, scratch: Path, tally: Tally) -> None:
        self.root, self.scratch, self.tally = root, scratch, tally

    def check(self, before: Snapshot, args: list[str]) -> None:
        now = snapshot(self.root)
        if now != before:
            after = self.after(before, args)
            for name in sorted(set(before) | set(after) | set(now)):
                assert now.get(name) in (before.get(name), after.get(name)), name
            assert now == after or record_ahead(now, before, after)  # all of it landed
            self.tally.as_after += now == after
        for name, data in now.items():
            assert data.strip(), "an empty file"
            assert (self.root / name).stat().st_mode & 0o077 == 0, name
        result = load(Folder(self.root))
        assert result.ok, [d.message for d in result.errors]
        if temp_files(self.root):
            self.tally.temp_left += 1

    def after(self, before: Snapshot, args: list[str]) -> Snapshot:
        restore(self.scratch, before)
        run_to_end([str(self.scratch) if a == str(self.root) else a for a in args])
        return snapshot(self.scratch)


def make_folder(root: Path) -> Path:
    made = folder(root, b"# sheets\n1:\n  present: [UKM-001, UKM-002]\n")
    for path in made.rglob("*.yaml"):
        path.chmod(0o600)  # a private folder: nothing ukm writes may be more open
    return made


@pytest.fixture
def crash_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder to kill writers in, after every command has run once in this process.

    Forked children then find everything imported, as a running ``ukm`` has it,
    and the command line parser built (Typer rebuilds it on every run: 0.1 s
    that would only delay the part worth killing).
    """
    import typer.main

    from ukmtool.cli import app

    built = typer.main.get_command(app)
    monkeypatch.setattr(typer.main, "get_command", lambda _app: built)
    warm = make_folder(tmp_path / "warm")
    run = Run()
    for case in CASES:
        case.prepare(warm)
        assert run(*case.args(warm, 1)).exit_code == 0
    return make_folder(tmp_path / "p")


@pytest.mark.slow
def test_kills_at_every_step_and_at_random_moments(crash_folder: Path, tmp_path: Path) -> None:
    root = crash_folder
    rng = random.Random(int(os.environ.get("UKM_CRASH_SEED", "20180108")))
    tally = Tally()
    checker = Checker(root, tmp_path / "scratch", tally)
    serial = 0

    def trial(case: Case, kill: Callable[[list[str]], bool], kind: str) -> bool:
        """One kill; whether it landed before the command ended."""
        nonlocal serial
        serial += 1
        case.prepare(root)
        before = snapshot(root)
        args = case.args(root, serial)
        landed = kill(args)
        if landed:
            tally.count(kind)
        else:
            tally.finished_first += 1
        checker.check(before, args)
        return landed

    def at_point(point: str) -> Callable[[list[str]], bool]:
        def kill(args: list[str]) -> bool:
            pid = fork_ukm(args, pause_at=point)
            wait_stopped(pid)
            if point in ("temp-created", "before-replace"):  # as private as the data
                (temp,) = temp_files(root)
                assert temp.stat().st_mode & 0o077 == 0
            os.kill(pid, signal.SIGKILL)
            assert reap(pid)
            if point == "locked":  # the lock the killed process held does not hold anyone up
                assert run_to_end(args) < 5
            return True

        return kill

    for case in CASES:
        for point in POINTS:
            for _round in range(2):
                trial(case, at_point(point), f"at {point}")

    durations = {}
    for number, case in enumerate(CASES, start=2_000_000):
        case.prepare(root)
        durations[case.name] = run_to_end(case.args(root, number))

    def at_random(args: list[str], duration: float) -> bool:
        pid = fork_ukm(args)
        time.sleep(rng.uniform(0, duration))
        os.kill(pid, signal.SIGKILL)
        return reap(pid)

    def in_locked_part(args: list[str], duration: float) -> bool:
        pid = fork_ukm(args, pause_at="locked")
        wait_stopped(pid)
        os.kill(pid, signal.SIGCONT)
        time.sleep(rng.uniform(0, duration))
        os.kill(pid, signal.SIGKILL)
        return reap(pid)

    locked_durations = {}
    for number, case in enumerate(CASES, start=1_000_000):
        case.prepare(root)
        pid = fork_ukm(case.args(root, number), pause_at="locked")
        wait_stopped(pid)
        started = time.perf_counter()
        os.kill(pid, signal.SIGCONT)
        assert not reap(pid)
        locked_durations[case.name] = time.perf_counter() - started

    random_kills = 0
    while random_kills < RANDOM_KILLS:
        case = CASES[random_kills % len(CASES)]
        # A command that ended before its kill ran faster than when it was timed (a machine
        # shared with other work speeds up and slows down): aim the next kills earlier.
        whole = bool(random_kills % 2)
        timed = durations if whole else locked_durations
        duration = timed[case.name]
        if whole:
            landed = trial(case, lambda a, d=duration: at_random(a, d), "random, whole command")
        else:
            landed = trial(case, lambda a, d=duration: in_locked_part(a, d), "random, locked part")
        if not landed:
            timed[case.name] = duration * 0.8
        random_kills = sum(n for kind, n in tally.killed.items() if kind.startswith("random"))
        assert serial < 3 * RANDOM_KILLS, "too few kills landed before the command ended"

    run_to_end(attend_args(root, 5))  # temp files some kills left: swept by the next write
    assert not temp_files(root)
    checked = run_process("--data", str(root), "check")
    assert checked.exit_code == 0, checked.output
    print(f"kills: {tally.killed}; finished first: {tally.finished_first}; "
          f"landed whole: {tally.as_after}; temp files left then swept: {tally.temp_left}; "
          f"durations: { {k: round(v, 3) for k, v in durations.items()} }, "
          f"locked parts: { {k: round(v, 3) for k, v in locked_durations.items()} }")  # fmt: skip
    assert sum(tally.killed.values()) >= 100


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_the_installed_ukm_killed_at_each_step(crash_folder: Path, point: str) -> None:
    root = crash_folder
    checker = Checker(root, root.parent / "scratch", Tally())
    for args, then in (
        (register_args(root, 90), register_args(root, 91)),
        (attend_args(root, 3), attend_args(root, 4)),
    ):
        before = snapshot(root)
        after = checker.after(before, args)
        assert after != before
        proc = subprocess.Popen(
            [ukm_executable(), *args],
            env={**os.environ, store.PAUSE_VAR: point},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _pid, status = os.waitpid(proc.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status)
        proc.kill()
        assert proc.wait(timeout=10) == -signal.SIGKILL
        now = snapshot(root)
        if point == "replaced" and RECORD in after and after.get(RECORD) != before.get(RECORD):
            assert record_ahead(now, before, after)  # the first file replaced is the record
        else:
            assert now == (after if point == "replaced" else before)
        assert load(Folder(root)).ok
        started = time.perf_counter()  # the killed one's lock and temp file are no obstacle
        if point == "locked":
            again = run_process(*then)
            assert again.exit_code == 0, again.output
        else:
            run_to_end(then)
        assert time.perf_counter() - started < 10
        assert not temp_files(root)


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_init_killed_at_each_step_can_be_run_again(tmp_path: Path, point: str) -> None:
    target = tmp_path / "baru"
    args = ["init", str(target), "--name", "Pelatihan Baru", "--starts", "2018-01-08"]
    reference = tmp_path / "reference"
    assert run_to_end(["init", str(reference), "--name", "Pelatihan Baru",
                       "--starts", "2018-01-08"]) < 30  # fmt: skip
    whole = snapshot(reference)
    for _round in range(3):
        pid = fork_ukm(args, pause_at=point)
        wait_stopped(pid)
        os.kill(pid, signal.SIGKILL)
        assert reap(pid)
        for name, data in snapshot(target).items():
            assert data == whole[name], name  # each file whole, or not there
        assert not (target / "program.yaml").exists() or snapshot(target) == whole
        if (target / "program.yaml").exists():
            break
    if not (target / "program.yaml").exists():
        run_to_end(args)  # the same ukm init again completes the folder
    assert snapshot(target) == whole
    assert not temp_files(target)
    assert load(Folder(target)).ok
