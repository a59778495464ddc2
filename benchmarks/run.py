"""Time `ukm` as whole processes, side by side with the floors, and print a Markdown table.

    python benchmarks/run.py                      # sample, 100, 10,000 and 100,000 participants
    python benchmarks/run.py --quick              # sample, 100 and 10,000
    python benchmarks/run.py --sizes 100,10000 --runs 5

Every figure is the median wall time of several runs (3 by default; 1 at
100,000, see `plan`) of a fresh process, next to the floor it is measured
against, in the same run, interleaved run by run so that a busy machine slows
both alike (the CPU column, user + system time, is the steadier figure there):

- `typer --help`, `typer noop`: a minimal three-command Typer app
  (`floor_typer.py`), the framework's floor for `ukm --help` and `ukm --version`;
- `parse`: the same YAML files parsed with `yaml.load(f, Loader=yaml.CSafeLoader)`,
  garbage collector on (`floor_parse.py`), the floor of every command that reads
  the folder at 10,000 participants and more;
- `imports + parse`: the same after importing typer, rich and pydantic, the
  floor below 10,000, where start-up is most of the time.

Commands that read the folder run **cold** (an empty load cache: the files
changed since the last run) and **warm** (nothing changed). Each write
(`ukm attend`, `ukm register`) runs on a copy of the folder, restored after
every run. Peak memory is the largest resident set of the process
(`ru_maxrss` from `wait4`). A command this build does not have (exit 2, "No
such command") is shown as n/a. The table also goes to `benchmarks/out/results.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PYTHON = sys.executable
DEFAULT_SIZES = ["sample", "100", "10000", "100000"]
QUICK_SIZES = ["sample", "100", "10000"]
BIG = 100_000


@dataclass
class Row:
    """One line of the table: a command at a size, and what it is compared with."""

    label: str
    argv: list[str]
    floor: str | None
    runs: int
    mode: str = ""  # "cold", "warm", "write" or "" (no data read)
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peak_kib: int = 0
    status: str = ""  # "", "n/a" or "failed (exit N)"


def ukm_command() -> list[str]:
    """The installed `ukm` next to this Python."""
    found = Path(PYTHON).parent / "ukm"
    return [str(found)] if found.exists() else [PYTHON, "-m", "ukmtool"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """Wall seconds, CPU seconds, peak KiB, exit status and stderr of one process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env)  # fmt: skip
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, stderr


def folder_for(size: str) -> Path:
    """The programme folder of a size ("sample": a copy of the shipped data/)."""
    if size == "sample":
        target = OUT / "sample"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(REPO / "data", target)
        return target
    return generate.ensure(int(size))


def starts_of(folder: Path) -> str:
    """The programme's start date, as written in program.yaml."""
    for line in (folder / "program.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("starts:"):
            return line.split(":", 1)[1].split("#")[0].strip()
    raise SystemExit(f"{folder}/program.yaml has no starts:")


def plan(size: str, runs: int) -> dict[str, int]:
    """How many runs each kind of row gets at ``size``: a full run stays under 10 minutes.

    At 100,000 one cold run or the parse floor takes most of a minute or more,
    a warm report or a write about 20 s: one run each.
    """
    n = 0 if size == "sample" else int(size)
    if n >= BIG:  # start-up does not depend on the size: measured with more runs below
        return dict.fromkeys(("fast", "floor", "cold", "warm", "write"), 1)
    if n >= 10_000:
        return {"fast": runs, "floor": runs, "cold": min(runs, 2), "warm": runs, "write": runs}
    return dict.fromkeys(("fast", "floor", "cold", "warm", "write"), runs)


def rows_for(size: str, runs: int, folder: Path) -> list[Row]:
    """What is measured at one size."""
    count = plan(size, runs)
    data_floor = (
        "parse (floor)" if size != "sample" and int(size) >= 10_000 else "imports + parse (floor)"
    )
    ukm = ukm_command()
    parse = [PYTHON, str(HERE / "floor_parse.py"), str(folder)]
    rows = [
        Row("typer --help (floor)", [PYTHON, str(HERE / "floor_typer.py"), "--help"], None,
            count["fast"]),
        Row("typer noop (floor)", [PYTHON, str(HERE / "floor_typer.py"), "noop"], None,
            count["fast"]),
        Row(data_floor, parse if data_floor == "parse (floor)" else [*parse, "--imports"], None,
            count["floor"]),
        Row("ukm --version", [*ukm, "--version"], "typer noop (floor)", count["fast"]),
        Row("ukm --help", [*ukm, "--data", str(folder), "--help"], "typer --help (floor)",
            count["fast"]),
    ]  # fmt: skip
    reads = [
        ("ukm check", ["check"]),
        ("ukm report", ["report"]),
        ("ukm report --module keuangan --format json", ["report", "--module", "keuangan",
                                                        "--format", "json"]),
        ("ukm report --impact --format json", ["report", "--impact", "--format", "json"]),
    ]  # fmt: skip
    for label, args in reads:
        argv = [*ukm, "--data", str(folder), *args]
        rows.append(Row(f"{label} (cold)", argv, data_floor, count["cold"], "cold"))
        rows.append(Row(f"{label} (warm)", argv, data_floor, count["warm"], "warm"))
    rows.append(Row("ukm show UKM-001 (warm)", [*ukm, "--data", str(folder), "show", "UKM-001"],
                    data_floor, count["warm"], "warm"))  # fmt: skip
    work = OUT / f"work-{size}"
    writes = [
        ("ukm attend keuangan --session 1 --status late UKM-001",
         ["attend", "keuangan", "--session", "1", "--status", "late", "UKM-001"]),
        ("ukm register (one business)",
         ["register", "--business", "Warung Tolok Ukur", "--owner", "Sri Tolok", "--gender", "F",
          "--sector", "kuliner", "--district", "Cepu", "--registered", starts_of(folder)]),
        ("ukm measure UKM-001 (one measurement)",
         ["measure", "UKM-001", "--date", "2025-01-15", "--sales", "12,5 jt", "--employees", "3"]),
    ]  # fmt: skip
    for label, args in writes:
        rows.append(
            Row(label, [*ukm, "--data", str(work), *args], data_floor, count["write"], "write")
        )
    return rows


def restore(pristine: Path, work: Path) -> None:
    """Make ``work`` hold exactly the files of ``pristine`` again (at the same path)."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)


def measure_size(size: str, runs: int, env: dict[str, str], log: list[str]) -> list[Row]:
    """Every row of one size, run round-robin so that floors and commands share the noise."""
    folder = folder_for(size)
    work = OUT / f"work-{size}"
    restore(folder, work)
    rows = rows_for(size, runs, folder)
    warm_env = dict(env)
    ukm = ukm_command()
    for target in (folder, work):  # prime the load cache for warm runs and writes
        run_once([*ukm, "--data", str(target), "check"], warm_env)
    for round_ in range(max(row.runs for row in rows)):
        for row in rows:
            if len(row.walls) >= row.runs or row.status:
                continue
            row_env = dict(warm_env)
            scratch = None
            if row.mode == "cold":
                scratch = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=OUT))
                row_env["UKM_CACHE_DIR"] = str(scratch)
            wall, cpu, peak, code, stderr = run_once(row.argv, row_env)
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
            if row.mode == "write":
                restore(folder, work)
            if code == 2 and "No such command" in stderr:
                row.status = "n/a"
                continue
            if code not in (0, 1) or (code == 1 and "check" not in row.label):
                row.status = f"failed (exit {code})"
                log.append(f"{row.label} at {size}: exit {code}\n{stderr[-2000:]}")
                continue
            row.walls.append(wall)
            row.cpus.append(cpu)
            row.peak_kib = max(row.peak_kib, peak)
        done = sum(len(r.walls) for r in rows)
        print(f"  {size}: round {round_ + 1} done ({done} runs)", file=sys.stderr, flush=True)
    return rows


def table(results: dict[str, list[Row]]) -> str:
    """The Markdown table of every row of every size."""
    lines = [
        "| command | size | median s | cpu s | floor | ratio to floor | peak MiB |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for size, rows in results.items():
        medians = {r.label: statistics.median(r.walls) for r in rows if r.walls}
        for row in rows:
            shown = f"{int(size):,}" if size.isdigit() else size
            if row.status:
                lines.append(f"| {row.label} | {shown} | {row.status} | | | | |")
                continue
            median = statistics.median(row.walls)
            cpu = statistics.median(row.cpus)
            floor = ratio = ""
            if row.floor is not None and row.floor in medians:
                base = medians[row.floor]
                floor = f"{row.floor.removesuffix(' (floor)')} {base:.2f} s"
                ratio = f"{median / base:.2f}x"
            lines.append(
                f"| {row.label} | {shown} | {median:.2f} | {cpu:.2f} | {floor} | {ratio} | "
                f"{row.peak_kib / 1024:.0f} |"
            )
    return "\n".join(lines)


def machine() -> str:
    """Where the figures come from."""

    def out(*argv: str) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    versions = out(PYTHON, "-c", "import importlib.metadata as m; print(', '.join(f'{p} '"
                   "+ m.version(p) for p in ('typer', 'rich', 'pydantic', 'PyYAML')))")  # fmt: skip
    libyaml = out(PYTHON, "-c", "import yaml; print(yaml.__with_libyaml__)")
    memory = out("free", "-h").splitlines()
    return "\n".join([
        f"- cores (`nproc`): {out('nproc')}; {platform.machine()}, {platform.system()}",
        f"- memory (`free -h`): {memory[1].split()[1] if len(memory) > 1 else '?'} total",
        f"- Python {platform.python_version()}; {versions}; libyaml: {libyaml}",
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated: sample and/or numbers of participants")
    parser.add_argument("--runs", type=int, help="runs per command (default 3; 1 at 100,000)")
    parser.add_argument("--quick", action="store_true", help="sample, 100 and 10,000 only")
    args = parser.parse_args(argv)
    sizes = args.sizes.split(",") if args.sizes else QUICK_SIZES if args.quick else DEFAULT_SIZES
    runs = args.runs or 3
    OUT.mkdir(exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=OUT))
    env = {**os.environ, "UKM_CACHE_DIR": str(cache), "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("UKM_NO_CACHE", None)
    env.pop("UKM_DATA", None)
    # As installed for a user, ukm and the floors run from compiled bytecode: a
    # PYTHONDONTWRITEBYTECODE in this shell would make an editable install compile
    # ukm's sources on every run (about 0.2 s) while the floors' libraries do not.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    log: list[str] = []
    results: dict[str, list[Row]] = {}
    try:
        for size in sizes:
            print(f"{size}: generating/measuring ...", file=sys.stderr, flush=True)
            results[size] = measure_size(size, runs, env, log)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    elapsed = time.perf_counter() - started
    command = "python benchmarks/run.py" + ("" if argv is None and len(sys.argv) == 1
                                            else " " + " ".join(sys.argv[1:] if argv is None
                                                                else argv))  # fmt: skip
    counts = "; ".join(
        f"{size}: " + ", ".join(f"{kind} {n}" for kind, n in plan(size, runs).items())
        for size in sizes
    )
    report = (
        f"{machine()}\n- command: `{command}`; took {elapsed:.0f} s\n"
        f"- runs per row (median of them): {counts}\n\n{table(results)}\n"
    )
    print(report)
    (OUT / "results.md").write_text(report, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps({size: [r.__dict__ for r in rows] for size, rows in results.items()}, indent=1),
        encoding="utf-8",
    )
    for entry in log:
        print(entry, file=sys.stderr)
    return 1 if log else 0


if __name__ == "__main__":
    sys.exit(main())
