"""Start-up cost of `ukm --version` and `ukm --help`, against bare Python and a minimal Typer app.

Each command runs as a whole process: one warm-up run, then RUNS timed runs;
the table gives, in milliseconds, the median and fastest wall time and the
median CPU time (user + system, which other load on the machine disturbs
less), as Markdown.

    python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def one() -> None:
    """The first command."""


@app.command()
def two() -> None:
    """The second command."""


@app.command()
def three() -> None:
    """The third command."""


app()
'''


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], runs: int) -> tuple[float, float, float]:
    """Median and fastest wall time, median CPU time of ``argv`` in ms (after one warm-up)."""
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # run from bytecode, as a user's install does
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    wall, cpu_time = [], []
    for _ in range(runs):
        cpu_before, start = _cpu_seconds(), time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
        )
        wall.append((time.perf_counter() - start) * 1000)
        cpu_time.append((_cpu_seconds() - cpu_before) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu_time)


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    python = sys.executable
    ukm = str(Path(python).parent / "ukm")
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "three.py"
        app.write_text(MINIMAL_APP, encoding="utf-8")
        cases = [
            ("`python -c pass`", [python, "-c", "pass"]),
            ("minimal 3-command Typer app, `one` (runs a command)", [python, str(app), "one"]),
            ("minimal 3-command Typer app, `--help`", [python, str(app), "--help"]),
            ("`ukm --version`", [ukm, "--version"]),
            ("`ukm --help`", [ukm, "--help"]),
        ]
        rows = [(name, *timed(argv, runs)) for name, argv in cases]
    base = rows[0][1]
    print(
        "| command | median (ms) | fastest (ms) | CPU, median (ms) "
        "| median minus `python -c pass` |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, median, fastest, cpu_ms in rows:
        print(f"| {name} | {median:.0f} | {fastest:.0f} | {cpu_ms:.0f} | {median - base:+.0f} |")
    print()
    print(
        f"{runs} runs each after one warm-up; Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, {cpu()}, {os.cpu_count()} CPUs."
    )


if __name__ == "__main__":
    main()
