"""The same commands on one folder under two or more installs of ukm, alternated run by run.

    python benchmarks/compare_builds.py --size 100000 --runs 5 \\
        before=/path/to/old/venv/bin/ukm after=.venv/bin/ukm
    python benchmarks/compare_builds.py --size 100000 --runs 2 --cold before=... after=...

Each install (``NAME=PATH`` of its ``ukm``; the first is the one the others
are compared with) gets a load cache of its own, primed by ``ukm check``;
then, round by round, each install runs each command in turn, so that
they share the machine's noise: warm ``report --module keuangan --format
json`` and ``show UKM-001``, or with ``--cold`` ``check`` with an empty
cache every run.  Prints, per command and install, the CPU seconds (user +
system) of every run, their median, its ratio to the first install's and
the peak resident memory.  The folder is ``generate.py``'s (generated if
missing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import run_once  # noqa: E402

OUT = HERE / "out"
WARM = {
    "report --module keuangan --format json (warm)": [
        "report", "--module", "keuangan", "--format", "json"
    ],
    "show UKM-001 (warm)": ["show", "UKM-001"],
}  # fmt: skip
COLD = {"check (cold)": ["check"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="check with an empty cache instead")
    parser.add_argument("builds", nargs="+", metavar="NAME=UKM")
    args = parser.parse_args(argv)
    builds = dict(build.split("=", 1) for build in args.builds)
    folder = generate.ensure(args.size)
    OUT.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="builds-", dir=OUT))
    dropped = ("UKM_NO_CACHE", "UKM_DATA", "PYTHONDONTWRITEBYTECODE")  # as run.py runs ukm
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(NO_COLOR="1", COLUMNS="120")
    commands = COLD if args.cold else WARM
    cpus: dict[tuple[str, str], list[float]] = {}
    peaks: dict[tuple[str, str], int] = {}
    try:
        for name, ukm in builds.items():
            cache = scratch / name
            if not args.cold:
                run_once(
                    [ukm, "--data", str(folder), "check"], {**env, "UKM_CACHE_DIR": str(cache)}
                )
        for round_ in range(args.runs):
            for label, command in commands.items():
                for name, ukm in builds.items():
                    cache = scratch / name
                    if args.cold:
                        shutil.rmtree(cache, ignore_errors=True)
                    run_env = {**env, "UKM_CACHE_DIR": str(cache)}
                    _wall, cpu, peak, code, stderr = run_once(
                        [ukm, "--data", str(folder), *command], run_env
                    )
                    if code not in (0, 1):
                        raise SystemExit(f"{name} {label}: exit {code}\n{stderr[-2000:]}")
                    cpus.setdefault((label, name), []).append(cpu)
                    peaks[(label, name)] = max(peaks.get((label, name), 0), peak)
            print(f"  round {round_ + 1} of {args.runs}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    first = next(iter(builds))
    print(f"{args.size:,} participants, {args.runs} runs each, alternated; CPU seconds\n")
    print("| command | install | cpu s, each run | median | ratio | peak MiB |")
    print("|---|---|---|---:|---:|---:|")
    for label in commands:
        floor = statistics.median(cpus[(label, first)])
        for name in builds:
            runs = cpus[(label, name)]
            median = statistics.median(runs)
            each = " / ".join(f"{cpu:.2f}" for cpu in runs)
            print(f"| {label} | {name} | {each} | {median:.2f} | {median / floor:.2f}x | "
                  f"{peaks[(label, name)] / 1024:.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
