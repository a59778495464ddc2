"""The command after a write, against the same command warm; and each write against register.

    python benchmarks/bench_after_write.py                  # 10,000 and 100,000, 3 runs each
    python benchmarks/bench_after_write.py --sizes 10000 --runs 5
    python benchmarks/bench_after_write.py --only edit,tag      # those, and register (their floor)

On a generated folder (``generate.py``, with visits) at a fixed path, for
each write (``attend``, ``register``, ``visit``, ``measure``, ``edit``,
``tag``, and ``attend`` right after ``attend``): a fresh copy, the load cache primed by ``ukm
check``, the write, then ``ukm report --module keuangan --format json`` (the
command *after*), each a whole process.  Floors, measured in the same
rounds: the same report with nothing changed (*warm*), and ``register``
for the other writes (issue 30: ``visit`` and ``measure`` within 1.5x of it).
Each row gives the median wall and CPU (user + system, the steadier figure on
a shared machine) and the ratio of CPU medians to its floor; the table also
goes to ``benchmarks/out/after_write.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import machine, run_once, ukm_command  # noqa: E402

OUT = HERE / "out"
NEXT = ["report", "--module", "keuangan", "--format", "json"]


def writes(folder: Path) -> dict[str, list[list[str]]]:
    """Each scenario's writes, in order (the last one is the one timed)."""
    starts = generate.STARTS.isoformat()
    attend = ["attend", "keuangan", "--session", "1", "--status", "late", "UKM-001"]
    return {
        "attend": [attend],
        "register": [
            ["register", "--business", "Warung Tolok Ukur", "--owner", "Sri Tolok", "--gender",
             "F", "--sector", "kuliner", "--district", "Cepu", "--registered", starts]
        ],
        "visit": [
            ["visit", "UKM-002", "--date", "2024-11-04", "--trainer", "Ratna Dewi", "--hours",
             "1.5", "--module", "keuangan"]
        ],
        "measure": [
            ["measure", "UKM-001", "--date", "2025-01-15", "--sales", "12,5 jt", "--employees",
             "3"]
        ],
        "edit": [["edit", "UKM-003", "--owner", "Sri Diubah", "--phone", "081234567891"]],
        "tag": [["tag", "add", "unggulan", "UKM-001..UKM-050"]],
        "attend after attend": [
            attend, ["attend", "keuangan", "--session", "2", "--status", "late", "UKM-002"]
        ],
    }  # fmt: skip


Row = tuple[str, list[float], list[float], str]


def floor_of(name: str) -> str:
    """The write a scenario's write is measured against."""
    return "attend" if name == "attend after attend" else "register"


def chosen(only: str) -> list[str]:
    """The scenarios ``--only`` names (all when empty), and the floors they are measured against."""
    every = list(writes(Path()))
    if not only:
        return every
    names = {name.strip() for name in only.split(",") if name.strip()}
    unknown = names - set(every)
    if unknown:
        raise SystemExit(f"--only: no scenario {', '.join(sorted(unknown))} (there are: {every})")
    names |= {floor_of(name) for name in names}
    return [name for name in every if name in names]


def measure(size: int, runs: int, env: dict[str, str], names: list[str]) -> list[Row]:
    """Rows (label, walls, cpus, floor label) of one size, for the scenarios ``names``."""
    pristine = generate.ensure(size)
    work = OUT / f"after-{size}"
    ukm = [*ukm_command(), "--data", str(work)]
    rows: dict[str, tuple[list[float], list[float], str]] = {}

    def add(label: str, result: tuple[float, float, int, int, str], floor: str) -> None:
        wall, cpu, _peak, code, stderr = result
        if code != 0:
            raise SystemExit(f"{label}: exit {code}\n{stderr[-2000:]}")
        walls, cpus, _floor = rows.setdefault(label, ([], [], floor))
        walls.append(wall)
        cpus.append(cpu)

    def fresh() -> None:
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(pristine, work)
        run_once([*ukm, "check"], env)  # the load cache primed

    warm = "report, warm (floor)"
    for round_ in range(runs):
        fresh()
        add(warm, run_once([*ukm, *NEXT], env), "")
        for name, steps in writes(pristine).items():
            if name not in names:
                continue
            fresh()
            for step in steps[:-1]:
                run_once([*ukm, *step], env)
            floor = f"{floor_of(name)} (write)"
            add(f"{name} (write)", run_once([*ukm, *steps[-1]], env), floor)
            add(f"report after {name}", run_once([*ukm, *NEXT], env), warm)
        print(f"  {size}: round {round_ + 1} of {runs}", file=sys.stderr, flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return [(label, w, c, floor) for label, (w, c, floor) in rows.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="scenarios, comma-separated (default: all)")
    args = parser.parse_args(argv)
    names = chosen(args.only)
    OUT.mkdir(exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=OUT))
    env = {**os.environ, "UKM_CACHE_DIR": str(cache), "NO_COLOR": "1", "COLUMNS": "120"}
    for var in ("UKM_NO_CACHE", "UKM_DATA", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    started = time.perf_counter()
    lines = [
        "| command | size | median s | cpu s | floor | cpu ratio to floor |",
        "|---|---:|---:|---:|---|---:|",
    ]
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            rows = measure(size, args.runs, env, names)
            cpu = {label: statistics.median(c) for label, _w, c, _f in rows}
            for label, walls, cpus, floor in rows:
                ratio = f"{cpu[label] / cpu[floor]:.2f}x" if floor else ""
                shown = f"{floor.removesuffix(' (floor)')} {cpu[floor]:.2f} s" if floor else ""
                lines.append(
                    f"| {label} | {size:,} | {statistics.median(walls):.2f} | "
                    f"{statistics.median(cpus):.2f} | {shown} | {ratio} |"
                )
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    report = (
        f"{machine()}\n- command: `python benchmarks/bench_after_write.py "
        f"{' '.join(argv if argv is not None else sys.argv[1:])}`; took "
        f"{time.perf_counter() - started:.0f} s; load average at the end {load}\n\n"
        + "\n".join(lines)
        + "\n"
    )
    print(report)
    (OUT / "after_write.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
