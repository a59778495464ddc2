"""Peak memory and time of the printed documents at 1,000, 10,000 and 100,000 participants.

    python benchmarks/bench_printing.py                      # every size, every document
    python benchmarks/bench_printing.py --sizes 1000,10000   # some sizes
    python benchmarks/bench_printing.py --only sheet         # the rows whose label has "sheet"

Each document is made by a fresh `ukm` process (the load cache warm: each
folder is checked once first). Typst runs in a child process of ukm, so the
memory that counts is that of both together: the script samples the
resident memory of ukm and all its descendants every 20 ms (`/proc`, Linux)
and reports the largest sum seen ("peak MiB", the promise: under 500 MB at
10,000 participants), and beside it the largest single process (`ru_maxrss`
of ukm's `wait4`, which covers its children too). Time is the wall time and
the CPU time of ukm and its children (user + system: the steadier figure on a
shared machine), and the CPU time per row of the document, which stays flat
when time grows linearly. The table goes to stdout and to
benchmarks/out/printing.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import OUT, ukm_command  # noqa: E402

SIZES = [1_000, 10_000, 100_000]


def documents(size: int) -> list[tuple[str, list[str], int]]:
    """(label, arguments after --data DIR, rows of the document) at ``size`` participants."""
    found = [
        ("print sheet keuangan -s 1", ["print", "sheet", "keuangan", "-s", "1"], size),
        ("print sheet keuangan --all (8 sessions)", ["print", "sheet", "keuangan", "--all"], 8 * size),  # noqa: E501
        ("print receipts keuangan -s 1", ["print", "receipts", "keuangan", "-s", "1", "--amount", "50000"], size),  # noqa: E501
        ("print calls", ["print", "calls"], size),
        ("report --format pdf", ["report", "--format", "pdf"], size),
    ]  # fmt: skip
    if size >= 100_000:  # 800,000 rows: about ten minutes of CPU; run it with --only all
        found = [row for row in found if "--all" not in row[0]]
    return found


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        sizes[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += sizes.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int, int, str]:
    """(wall s, cpu s, peak tree bytes, peak single process KiB, exit code, stderr tail)."""
    import subprocess

    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read() if process.stderr else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, peak[0], usage.ru_maxrss, code, stderr.decode("utf-8", "replace")[-2000:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    cache = tempfile.mkdtemp(prefix="cache-", dir=OUT)
    env = {**os.environ, "UKM_CACHE_DIR": cache, "NO_COLOR": "1", "UKM_LANG": "en"}
    env.pop("UKM_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ukm = ukm_command()
    lines = [
        "| document | participants | rows | pages | wall s | cpu s | cpu ms a row | peak MiB (ukm + Typst) | largest process MiB |",  # noqa: E501
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    failed = False
    for size in (int(s) for s in args.sizes.split(",")):
        folder = generate.ensure(size)
        measure([*ukm, "--data", str(folder), "check"], env)  # warm the load cache
        for label, argv, rows in documents(size):
            if args.only and args.only not in label:
                continue
            target = OUT / f"print-{size}.pdf"
            wall, cpu, peak, single, code, stderr = measure(
                [*ukm, "--data", str(folder), *argv, "--output", str(target)], env
            )
            if code != 0:
                print(f"{label} at {size}: exit {code}\n{stderr}", file=sys.stderr)
                failed = True
                continue
            pages = _pages(target)
            lines.append(
                f"| ukm {label} | {size:,} | {rows:,} | {pages:,} | {wall:.1f} | {cpu:.1f} | "
                f"{cpu / rows * 1000:.2f} | {peak / 2**20:.0f} | {single / 1024:.0f} |"
            )
            print(lines[-1], file=sys.stderr, flush=True)
            target.unlink(missing_ok=True)
    table = "\n".join(lines)
    print(table)
    (OUT / "printing.md").write_text(table + "\n", encoding="utf-8")
    return 1 if failed else 0


def _pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as document:
        return len(document.pages)


if __name__ == "__main__":
    sys.exit(main())
