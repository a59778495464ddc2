"""How long `ukm register --from` takes for a district's list of 1,000 businesses.

    python benchmarks/bench_register_import.py            # 1,000 rows, CSV and XLSX
    python benchmarks/bench_register_import.py --rows 5000 --runs 7

Writes a programme (100 participants already registered) and a 1,000-row
list as a district office would send it (Indonesian headers, semicolons,
UTF-8 with BOM; the same rows as .xlsx), then times the whole process
`ukm register --from FILE` (median of 5 runs, each on a fresh copy of the
folder, so every run really writes 1,000 entries) against `ukm --version`
(the start-up every command pays). `ukm check` on the folder before and
after the import is printed for comparison: any command that reads the
folder pays what `check` of the first folder pays (importing pydantic,
reading the YAML), so register minus that is what the import itself costs.
Everything is invented; the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DISTRICTS = ["Banjarejo", "Blora", "Cepu", "Japah", "Jepon", "Jiken", "Kunduran", "Ngawen"]
SECTORS = ["batik", "kayu", "sablon", "kuliner", "rajut", "kerajinan"]
WORDS = ["Sekar", "Jati", "Makmur", "Lestari", "Barokah", "Rasa", "Ayu", "Karya", "Maju"]
KINDS = ["Batik", "Mebel", "Sablon", "Warung", "Rajut", "Anyaman", "Keripik", "Ukir"]
FIRST = ["Sri", "Budi", "Siti", "Agus", "Tri", "Eko", "Dewi", "Joko", "Rina", "Slamet"]
LAST = ["Wahyuni", "Santoso", "Rahayu", "Wibowo", "Lestari", "Susanto", "Handayani", "Riyadi"]

PROGRAM = """\
name: Benchmark programme
starts: 2024-01-08
ends: 2024-12-20
language: en
districts: [{districts}]
sectors: [{sectors}]
"""

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2024-01-15}
"""


def ukm() -> str:
    here = Path(sys.executable).parent / "ukm"
    found = str(here) if here.exists() else shutil.which("ukm")
    if not found:
        sys.exit("ukm is not installed next to this Python nor on PATH")
    return found


def rows(count: int, offset: int, rng: random.Random) -> list[list[str]]:
    result = []
    for n in range(offset, offset + count):
        gender = rng.choice("LP")
        result.append(
            [
                str(n - offset + 1),
                f"{rng.choice(KINDS)} {rng.choice(WORDS)} {n}",
                f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                gender,
                rng.choice(DISTRICTS),
                f"Desa {rng.choice(WORDS)}",
                f"0812-{3000 + n // 10000:04d}-{n % 10000:04d}",
                str(rng.randint(0, 40)),
                rng.choice(SECTORS),
                f"3316{n:012d}",
            ]
        )
    return result


HEADER = [
    "No",
    "Nama Usaha",
    "Nama Pemilik",
    "Jenis Kelamin",
    "Kecamatan",
    "Desa",
    "No HP",
    "Jumlah Karyawan",
    "Sektor",
    "NIK",
]


def write_folder(root: Path, existing: int, rng: random.Random) -> None:
    root.mkdir(parents=True)
    (root / "attendance").mkdir()
    (root / "program.yaml").write_text(
        PROGRAM.format(districts=", ".join(DISTRICTS), sectors=", ".join(SECTORS))
    )
    (root / "modules.yaml").write_text(MODULES)
    lines = ["# participants.yaml: registered before the import\n"]
    for n, row in enumerate(rows(existing, 900_000, rng), start=1):
        lines.append(
            f"\n- id: UKM-{n:03d}\n  business: {row[1]}\n  owner: {row[2]}\n"
            f"  gender: {'M' if row[3] == 'L' else 'F'}\n  sector: {row[8]}\n"
            f'  district: {row[4]}\n  phone: "{row[6].replace("-", "")}"\n'
            f"  registered: 2024-01-08\n"
        )
    (root / "participants.yaml").write_text("".join(lines))


def write_csv(path: Path, table: list[list[str]]) -> None:
    text = "".join(";".join(row) + "\r\n" for row in table)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def write_xlsx(path: Path, table: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in table:
        sheet.append(row)
    book.save(path)


def timed(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def median(samples: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall-clock and median CPU time."""
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


def median_import(exe: str, base: Path, source: Path, runs: int, work: Path) -> tuple[float, float]:
    times = []
    for run in range(runs):
        folder = work / f"run-{source.suffix[1:]}-{run}"
        shutil.copytree(base, folder)
        times.append(timed([exe, "--data", str(folder), "register", "--from", str(source)]))
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--existing", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-xlsx", action="store_true", help="time the CSV only")
    args = parser.parse_args()
    exe = ukm()
    rng = random.Random(2017)
    with tempfile.TemporaryDirectory(prefix="ukm-bench-") as tmp:
        work = Path(tmp)
        base = work / "programme"
        write_folder(base, args.existing, rng)
        table = [HEADER, *rows(args.rows, 1, rng)]
        csv_path = work / "daftar.csv"
        write_csv(csv_path, table)
        version = median([timed([exe, "--version"]) for _ in range(args.runs)])
        before = median([timed([exe, "--data", str(base), "check"]) for _ in range(args.runs)])
        results = {"csv": median_import(exe, base, csv_path, args.runs, work)}
        after = work / f"run-csv-{args.runs - 1}"  # the folder with the list imported
        check = median([timed([exe, "--data", str(after), "check"]) for _ in range(args.runs)])
        if not args.no_xlsx:
            xlsx_path = work / "daftar.xlsx"
            write_xlsx(xlsx_path, table)
            results["xlsx"] = median_import(exe, base, xlsx_path, args.runs, work)
    lines = [
        ("ukm --version (start-up)", version),
        (f"ukm check, {args.existing} registered", before),
        *((f"register --from {args.rows} rows .{kind}", t) for kind, t in results.items()),
        (f"ukm check, {args.existing + args.rows} registered", check),
    ]
    print(f"median of {args.runs} runs, ms         wall    CPU   beyond start-up: wall  CPU")
    for label, (wall, cpu) in lines:
        print(
            f"{label:<32}{wall * 1000:7.0f}{cpu * 1000:7.0f}"
            f"{(wall - version[0]) * 1000:22.0f}{(cpu - version[1]) * 1000:5.0f}"
        )


if __name__ == "__main__":
    main()
