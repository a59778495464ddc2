"""Many programmes: ``ukm compare`` and ``ukm export`` against their floors.

    python benchmarks/bench_programmes.py            # 50 x 1,000 and one of 100,000
    python benchmarks/bench_programmes.py --quick    # 10 x 1,000 and one of 10,000

Measured, each a whole process (median wall and CPU seconds, peak memory):

- ``ukm compare DIR`` over 50 programme folders of 1,000 participants each
  (``benchmarks/generate.py``, each seeded and named apart), cold (an empty
  load cache) and warm;
- ``ukm export`` of the same 50 into a new bundle (cold and warm cache), and of
  one programme of 100,000 participants.

The floors, measured in the same run:

- reading: every YAML file of the folders parsed with libyaml
  (``floor_parse.py``'s way, in one process), every result kept;
- writing: the very tables the export wrote, read back into memory first
  (not timed), written again with ``pyarrow.parquet.write_table`` alone, a
  file per table and programme: the library alone, with nothing to compute.

The floor of an export is reading + writing; of a comparison, reading.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PYTHON = sys.executable
OUT = generate.OUT


def ukm() -> list[str]:
    """The installed ``ukm`` next to this Python."""
    found = Path(PYTHON).parent / "ukm"
    return [str(found)] if found.exists() else [PYTHON, "-m", "ukmtool"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak KiB of one process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env)  # fmt: skip
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed:\n{err.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def many(count: int, size: int) -> Path:
    """``count`` programme folders of ``size`` participants, each its own programme."""
    root = OUT / f"many{count}x{size}"
    stamp = root / ".generated"
    want = f"generator {generate.GENERATOR_VERSION} {count} x {size}\n"
    if stamp.exists() and stamp.read_text() == want:
        return root
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for i in range(count):
        folder = generate.generate(size, root / f"p{i:02d}", seed=2017 + i)
        program = folder / "program.yaml"
        text = program.read_text(encoding="utf-8")
        program.write_text(
            text.replace("name: Pelatihan Score Plus Provinsi", f"name: Pelatihan {i:02d}", 1),
            encoding="utf-8",
        )
    stamp.write_text(want)
    return root


FLOOR_READ = """
import os, sys, yaml
kept = []
for root in sys.argv[1:]:
    names = [os.path.join(root, n) for n in ("program.yaml", "modules.yaml",
             "participants.yaml", "visits.yaml", "indicators.yaml", "certificates.yaml")]
    att = os.path.join(root, "attendance")
    names += [os.path.join(att, n) for n in sorted(os.listdir(att))] if os.path.isdir(att) else []
    for name in names:
        if os.path.exists(name):
            with open(name, "rb") as f:
                kept.append(yaml.load(f, Loader=yaml.CSafeLoader))
"""

FLOOR_WRITE = """
import sys, time, pathlib, pyarrow.parquet as pq
source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
tables = [(p.relative_to(source), pq.read_table(p)) for p in sorted(source.rglob("*.parquet"))]
start = time.process_time()
for relative, table in tables:
    out = target / relative
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out)
print(time.process_time() - start)
"""


def floor_write(bundle: Path, env: dict[str, str]) -> tuple[float, float]:
    """Writing the bundle's tables with pyarrow alone: (wall, CPU) of the writing part."""
    with tempfile.TemporaryDirectory(dir=OUT) as target:
        start = time.perf_counter()
        done = subprocess.run(
            [PYTHON, "-c", FLOOR_WRITE, str(bundle), target],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
    cpu = float(done.stdout.strip())
    return min(wall, cpu + 0.05), cpu  # the writing alone: its CPU is its time on an idle core


def folders_of(root: Path) -> list[str]:
    """The programme folders under ``root`` (or ``root`` itself)."""
    if (root / "program.yaml").exists():
        return [str(root)]
    return [str(p) for p in sorted(root.iterdir()) if (p / "program.yaml").exists()]


def measure(
    label: str,
    argv: list[str],
    env: dict[str, str],
    runs: int,
    before: Callable[[], object] | None = None,
) -> dict[str, Any]:
    walls, cpus, peak = [], [], 0
    for _ in range(runs):
        if before is not None:
            before()
        wall, cpu, kib = run_once(argv, env)
        walls.append(wall)
        cpus.append(cpu)
        peak = max(peak, kib)
    row = {"label": label, "wall": statistics.median(walls), "cpu": statistics.median(cpus),
           "mib": peak / 1024}  # fmt: skip
    print(f"  {label}: {row['wall']:.2f} s, cpu {row['cpu']:.2f} s, {row['mib']:.0f} MiB",
          file=sys.stderr, flush=True)  # fmt: skip
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    count, size, big = (10, 1000, 10_000) if args.quick else (50, 1000, 100_000)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cache = Path(tempfile.mkdtemp(prefix="ukm-bench-cache-"))
    env.update(UKM_CACHE_DIR=str(cache), UKM_LANG="en", NO_COLOR="1")
    started = time.perf_counter()
    root = many(count, size)
    large = generate.ensure(big)
    rows = []

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()

    bundle = OUT / "bundle-bench"

    def fresh() -> None:
        shutil.rmtree(bundle, ignore_errors=True)

    read_many = [PYTHON, "-c", FLOOR_READ, *folders_of(root)]
    read_big = [PYTHON, "-c", FLOOR_READ, str(large)]
    for label, cmd, runs, hook in (
        (f"floor: read {count} x {size}", read_many, args.runs, None),
        (f"compare {count} x {size}, cold", [*ukm(), "compare", str(root), "--format", "json"],
         args.runs, cold),
        (f"compare {count} x {size}, warm", [*ukm(), "compare", str(root), "--format", "json"],
         args.runs, None),
        (f"export {count} x {size}, cold", [*ukm(), "export", str(root), "-o", str(bundle)],
         args.runs, lambda: (cold(), fresh())),
        (f"export {count} x {size}, warm", [*ukm(), "export", str(root), "-o", str(bundle)],
         args.runs, fresh),
    ):  # fmt: skip
        rows.append(measure(label, cmd, env, runs, hook))
    wall, cpu = floor_write(bundle, env)
    rows.append({"label": f"floor: write {count} x {size} (pyarrow)", "wall": wall, "cpu": cpu,
                 "mib": 0.0})  # fmt: skip
    big_runs = 1 if big >= 100_000 else args.runs
    rows.append(measure(f"floor: read {big}", read_big, env, big_runs))
    rows.append(measure(f"export {big}, cold", [*ukm(), "export", str(large), "-o", str(bundle)],
                        env, big_runs, lambda: (cold(), fresh())))  # fmt: skip
    wall, cpu = floor_write(bundle, env)
    rows.append({"label": f"floor: write {big} (pyarrow)", "wall": wall, "cpu": cpu, "mib": 0.0})
    fresh()
    shutil.rmtree(cache, ignore_errors=True)
    by = {r["label"]: r for r in rows}

    def ratio(label: str, *floors: str) -> str:
        floor = sum(by[f]["cpu"] for f in floors)
        return f"{by[label]['cpu'] / floor:.1f}" if floor else "-"

    print(f"python benchmarks/bench_programmes.py{' --quick' if args.quick else ''}; "
          f"took {time.perf_counter() - started:.0f} s")  # fmt: skip
    print()
    print("| measured | median s | cpu s | peak MiB | CPU ratio to floor |")
    print("|---|---:|---:|---:|---:|")
    floors = {
        f"compare {count} x {size}, cold": (f"floor: read {count} x {size}",),
        f"compare {count} x {size}, warm": (f"floor: read {count} x {size}",),
        f"export {count} x {size}, cold": (
            f"floor: read {count} x {size}", f"floor: write {count} x {size} (pyarrow)"),
        f"export {count} x {size}, warm": (
            f"floor: read {count} x {size}", f"floor: write {count} x {size} (pyarrow)"),
        f"export {big}, cold": (f"floor: read {big}", f"floor: write {big} (pyarrow)"),
    }  # fmt: skip
    for r in rows:
        shown = ratio(r["label"], *floors[r["label"]]) if r["label"] in floors else ""
        mib = f"{r['mib']:.0f}" if r["mib"] else ""
        print(f"| {r['label']} | {r['wall']:.2f} | {r['cpu']:.2f} | {mib} | {shown} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
