"""Time the printed documents as whole processes, next to the same report as JSON.

    python benchmarks/bench_documents.py            # 3 runs each (1 for the 10,000 PDF)
    python benchmarks/bench_documents.py --runs 1

- the programme report and a module report as PDF at 10,000 participants
  (every participant in the appendix: about 250 pages), against
  `--format json` of the same report (the figures without the printing);
- the sign-in sheet of a session of 1,000 participants (about 40 pages), and
  `--all` (every session of the module, one PDF), against `ukm report
  --module keuangan --format json` at that size.

The load cache is warm (each folder is checked once first). Figures are the
median wall time, CPU time (user + system) and peak memory of the process;
the table goes to stdout and to benchmarks/out/documents.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import OUT, run_once, ukm_command  # noqa: E402


def rows(runs: int) -> list[tuple[str, int, list[str], int]]:
    """(label, size, arguments after --data DIR, runs)."""
    return [
        ("ukm report --format json (floor)", 10_000, ["report", "--format", "json"], runs),
        ("ukm report --format pdf", 10_000, ["report", "--format", "pdf"], 1),
        ("ukm report --module keuangan --format json (floor)", 10_000,
         ["report", "--module", "keuangan", "--format", "json"], runs),
        ("ukm report --module keuangan --format pdf", 10_000,
         ["report", "--module", "keuangan", "--format", "pdf"], 1),
        ("ukm report --module keuangan --format json (floor)", 1_000,
         ["report", "--module", "keuangan", "--format", "json"], runs),
        ("ukm print sheet keuangan --session 1", 1_000,
         ["print", "sheet", "keuangan", "--session", "1"], runs),
        ("ukm print sheet keuangan --all", 1_000, ["print", "sheet", "keuangan", "--all"], runs),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    cache = tempfile.mkdtemp(prefix="cache-", dir=OUT)
    env = {**os.environ, "UKM_CACHE_DIR": cache, "NO_COLOR": "1", "UKM_LANG": "en"}
    env.pop("UKM_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ukm = ukm_command()
    lines = [
        "| command | participants | median s | cpu s | ratio to json | peak MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    floor: dict[int, float] = {}
    failed = False
    for label, size, argv, runs in rows(args.runs):
        folder = generate.ensure(size)
        run_once([*ukm, "--data", str(folder), "check"], env)  # warm the load cache
        target = OUT / f"doc-{size}.{'json' if 'json' in argv else 'pdf'}"
        walls, cpus, peak = [], [], 0
        for _ in range(runs):
            wall, cpu, kib, code, stderr = run_once(
                [*ukm, "--data", str(folder), *argv, "--output", str(target)], env
            )
            if code != 0:
                print(f"{label}: exit {code}\n{stderr[-2000:]}", file=sys.stderr)
                failed = True
                break
            walls.append(wall)
            cpus.append(cpu)
            peak = max(peak, kib)
        if not walls:
            continue
        median = statistics.median(walls)
        if label.endswith("(floor)"):
            floor[size] = median
        ratio = (
            "" if label.endswith("(floor)") or size not in floor else f"{median / floor[size]:.1f}x"
        )
        lines.append(
            f"| {label} | {size:,} | {median:.2f} | {statistics.median(cpus):.2f} | {ratio} | "
            f"{peak / 1024:.0f} |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
    table = "\n".join(lines)
    print(table)
    (OUT / "documents.md").write_text(table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
