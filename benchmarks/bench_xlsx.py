"""Time `--format xlsx` at 10,000 and 100,000 participants against XlsxWriter alone.

    python benchmarks/bench_xlsx.py                       # 10,000 and 100,000, 3 runs / 1 run
    python benchmarks/bench_xlsx.py --sizes 10000 --runs 5

For each workbook (`ukm report`, `ukm participants`, `ukm report --module
keuangan`, each `--format xlsx -o F`), a fresh `ukm` process with the load
cache warm (the folder is checked once first), and beside it, interleaved run
by run, its floor: `floor_xlsx.py`, XlsxWriter alone writing the very cells
ukm wrote (taken out of ukm's first workbook with openpyxl: values, types,
number formats and links), in constant_memory mode with typed calls. The
floor process reports the CPU of its writing alone (from the first cell to
the closed file), and once more with the links written as plain text (what
the WhatsApp links cost). Also `ukm report --format json`: the same load and
figures without a workbook. The lower bound for a workbook is that JSON
report plus XlsxWriter's writing of its cells: what ukm would cost if its
own part of the workbook were free. CPU is user + system of the whole
process (the steadier figure on a shared machine); peak is its largest
resident set (`wait4`). The target of issue 30: `report` and `participants`
at 100,000 in at most 8 s. The table also goes to `benchmarks/out/xlsx.md`.
"""

from __future__ import annotations

import argparse
import marshal
import os
import re
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import OUT, PYTHON, run_once, ukm_command  # noqa: E402

WORKBOOKS = [
    ("report", ["report"]),
    ("participants", ["participants"]),
    ("report --module keuangan", ["report", "--module", "keuangan"]),
]


def cells_of(book: Path, dump: Path) -> int:
    """Write the cells of ``book`` for ``floor_xlsx.py``; return how many there are."""
    from openpyxl import load_workbook

    links = _links(book)
    workbook = load_workbook(book, read_only=True)
    sheets = []
    count = 0
    for index, sheet in enumerate(workbook.worksheets, start=1):
        targets = links.get(index, {})
        cells: list[tuple[int, int, str, object, str]] = []
        for r, row in enumerate(sheet.iter_rows()):
            for c, cell in enumerate(row):
                value = cell.value
                if value is None:
                    continue
                code = "" if cell.number_format == "General" else cell.number_format
                link = targets.get((r, c))
                if link is not None:
                    cells.append((r, c, "u", (link, str(value)), ""))
                elif isinstance(value, bool):
                    cells.append((r, c, "b", value, code))
                elif isinstance(value, int | float):
                    cells.append((r, c, "n", value, code))
                elif hasattr(value, "toordinal"):
                    cells.append((r, c, "d", value.toordinal(), code))
                else:
                    cells.append((r, c, "s", str(value), code))
        count += len(cells)
        sheets.append((sheet.title, cells))
    workbook.close()
    dump.write_bytes(marshal.dumps(sheets))
    return count


def _links(book: Path) -> dict[int, dict[tuple[int, int], str]]:
    """Per sheet number, (row, column) -> the link's target, from the sheet's XML."""
    found: dict[int, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(book) as archive:
        names = set(archive.namelist())
        for name in names:
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
            if not match:
                continue
            rels_name = f"xl/worksheets/_rels/sheet{match.group(1)}.xml.rels"
            if rels_name not in names:
                continue
            rels = archive.read(rels_name).decode("utf-8")
            targets = dict(re.findall(r'Id="(rId\d+)"[^>]*?Target="([^"]+)"', rels))
            targets.update(
                (i, t) for t, i in re.findall(r'Target="([^"]+)"[^>]*?Id="(rId\d+)"', rels)
            )
            xml = archive.read(name).decode("utf-8")
            cells = {}
            for letters, number, rid in re.findall(
                r'<hyperlink ref="([A-Z]+)(\d+)"[^>]*?r:id="(rId\d+)"', xml
            ):
                column = 0
                for letter in letters:
                    column = column * 26 + ord(letter) - 64
                cells[(int(number) - 1, column - 1)] = targets.get(rid, "")
            found[int(match.group(1))] = cells
    return found


def _write_cpu(stderr: str) -> float:
    """The CPU seconds ``floor_xlsx.py`` spent writing, from its ``write cpu:`` line."""
    match = re.search(r"write cpu: ([0-9.]+)", stderr)
    if match is None:
        raise SystemExit(f"floor_xlsx.py said no write cpu:\n{stderr}")
    return float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, help="runs per row (default 3; 1 at 100,000)")
    parser.add_argument("--only", default="", help="only the workbooks whose label has this")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    cache = tempfile.mkdtemp(prefix="cache-", dir=OUT)
    env = {**os.environ, "UKM_CACHE_DIR": cache, "NO_COLOR": "1", "UKM_LANG": "en"}
    env.pop("UKM_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ukm = ukm_command()
    lines = [
        "| command | participants | cells | cpu s | floor process cpu s | "
        "XlsxWriter writing cpu s | of it links | lower bound cpu s | ukm / bound | "
        "wall s | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    failed = False
    for size in (int(s) for s in args.sizes.split(",")):
        folder = generate.ensure(size)
        runs = args.runs or (1 if size >= 100_000 else 3)
        run_once([*ukm, "--data", str(folder), "check"], env)
        json_cpu = [
            run_once([*ukm, "--data", str(folder), "report", "--format", "json"], env)[1]
            for _ in range(runs)
        ]
        lines.append(
            f"| ukm report --format json (no workbook) | {size:,} | | "
            f"{statistics.median(json_cpu):.2f} | | | | | | | |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
        for label, argv in WORKBOOKS:
            if args.only and args.only not in label:
                continue
            target = OUT / f"bench-{size}.xlsx"
            floor_target = OUT / f"bench-{size}-floor.xlsx"
            command = [*ukm, "--data", str(folder), *argv, "--format", "xlsx", "-o", str(target)]
            first = run_once(command, env)
            if first[3] != 0:
                print(f"{label} at {size}: exit {first[3]}\n{first[4]}", file=sys.stderr)
                failed = True
                continue
            dump = OUT / f"bench-{size}.cells"
            count = cells_of(target, dump)
            floor = [PYTHON, str(HERE / "floor_xlsx.py"), str(dump), str(floor_target)]
            measured, floors, plain = [], [], []
            for _ in range(runs):
                measured.append(run_once(command, env))
                floors.append(run_once(floor, env))
                plain.append(run_once([*floor, "--links-as-text"], env))
            cpu = statistics.median(m[1] for m in measured)
            floor_cpu = statistics.median(f[1] for f in floors)
            writing = statistics.median(_write_cpu(f[4]) for f in floors)
            links = writing - statistics.median(_write_cpu(f[4]) for f in plain)
            bound = statistics.median(json_cpu) + writing
            wall = statistics.median(m[0] for m in measured)
            peak = max(m[2] for m in measured) / 1024
            lines.append(
                f"| ukm {label} --format xlsx -o F | {size:,} | {count:,} | {cpu:.2f} | "
                f"{floor_cpu:.2f} | {writing:.2f} | {links:.2f} | {bound:.2f} | "
                f"{cpu / bound:.2f}x | {wall:.2f} | {peak:.0f} |"
            )
            print(lines[-1], file=sys.stderr, flush=True)
            for path in (target, floor_target, dump):
                path.unlink(missing_ok=True)
    table = "\n".join(lines)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(table)
    print(f"\nload average at the end: {load}")
    (OUT / "xlsx.md").write_text(table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
