"""Peak memory and CPU of joining a long document's parts, at 10,000 and 100,000 pages.

    python benchmarks/bench_join.py                         # 10,000 and 100,000 pages
    python benchmarks/bench_join.py --sizes 10000           # some sizes
    python benchmarks/bench_join.py --ways joiner           # the join ukm does now, alone

A document of more than one part (a long sign-in sheet, every certificate in
one file) is compiled by Typst a part at a time and the parts are then joined
in the Typst process (``render/typesetting/worker.py``, ``join``).  Here the
join alone, on synthetic parts made once by Typst (``benchmarks/out/join-parts/``):
ten parts of 100 certificate-like pages (A4 landscape, three faces of the
shipped serif, a table, a QR code a page (``qr_svg``, as on a certificate): each part its own font
subsets and pictures, as ukm's parts are), taken in turn until the document
has the pages asked for.  Each join runs in a fresh process; the figures are
its CPU time (user + system) and its largest resident memory (``VmHWM`` of
``/proc/self/status``, Linux: ``ru_maxrss`` would count what the parent held
when it forked):

- ``floor``: the process importing pikepdf and reading one part's pages,
  what any join needs;
- ``pikepdf``: the join of before (``pages.extend`` into one ``pikepdf.new()``,
  then ``save``), which holds the joined document until it is written;
- ``joiner``: ``render/typesetting/joiner.join_parts``, each part written as
  it is read.

The table goes to stdout and to benchmarks/out/join.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import OUT  # noqa: E402

SIZES = [10_000, 100_000]
WAYS = ["floor", "pikepdf", "joiner"]
PART_PAGES = 100
DISTINCT_PARTS = 10
PARTS = OUT / "join-parts"
PARTS_VERSION = "1"

PART = """\
#set page(paper: "a4", flipped: true, margin: 1.5cm)
#set text(font: "Libertinus Serif", size: 11pt)
#let rows = json(bytes(sys.inputs.rows))
#for (i, row) in rows.enumerate() [
  #align(center)[
    #text(weight: "bold", size: 13pt)[DINAS KOPERASI DAN UKM KABUPATEN BLORA]
    #line(length: 100%)
    #v(1cm)
    #text(size: 30pt, weight: "bold", tracking: 2pt)[SERTIFIKAT]\\
    No. #row.number
    #v(0.5cm)
    #emph[diberikan kepada]\\
    #text(size: 24pt, weight: "bold")[#row.name]\\
    pemilik #row.business, #row.district
  ]
  #v(1fr)
  #grid(columns: (4cm, 1fr, 6cm), gutter: 1cm,
    image(bytes(row.qr), format: "svg", width: 4cm),
    table(columns: (1fr, auto), stroke: none,
      ..row.modules.map(m => (m.at(0), str(m.at(1)) + " jam")).flatten()),
    align(center)[Blora, 20 Maret 2018\\ Kepala Dinas #v(2cm) (#row.signer)],
  )
  #if i < rows.len() - 1 { pagebreak() }
]
"""
NAMES = ["Sri Wahyuni", "Bambang Hartono", "Tri Suryani", "Slamet Riyadi", "Dewi Lestari"]
MODULES = [
    ("Pengelolaan Usaha", 20),
    ("Tertib Keuangan", 20),
    ("Tertib Kerja", 16),
    ("Teknologi Tepat Guna", 12),
    ("Pemasaran", 20),
    ("Keselamatan dan Kesehatan Kerja", 8),
]


def make_parts() -> list[Path]:
    """The ten synthetic parts (made once; remade when this script's parts change)."""
    import json

    import typst

    from ukmtool.core.documents.certificate import qr_svg

    paths = [PARTS / f"part-{n:02d}.pdf" for n in range(DISTINCT_PARTS)]
    stamp = PARTS / ".made"
    if stamp.exists() and stamp.read_text() == PARTS_VERSION and all(p.exists() for p in paths):
        return paths
    PARTS.mkdir(parents=True, exist_ok=True)
    source = PARTS / "part.typ"
    source.write_text(PART, encoding="utf-8")
    for n, path in enumerate(paths):
        rows = []
        for i in range(PART_PAGES):
            number = n * PART_PAGES + i + 1
            qr, _side = qr_svg(f"https://example.org/verifikasi/{number:06d}-{n}")
            rows.append(
                {
                    "number": f"{number:03d}/SERT-SP/DINDAGKOP/2018",
                    "name": f"{NAMES[number % len(NAMES)]} {number}",
                    "business": f"Batik Sekar Jati {number}",
                    "district": "Jepon",
                    "qr": qr,
                    "modules": MODULES,
                    "signer": "Drs. Contoh Nama, M.Si.",
                }
            )
        pdf = typst.compile(
            str(source), format="pdf", sys_inputs={"rows": json.dumps(rows)}, pdf_tags=False
        )
        path.write_bytes(pdf)
    stamp.write_text(PARTS_VERSION)
    return paths


def join(way: str, pages: int, out: Path) -> int:
    """Join ``pages`` pages of the synthetic parts ``way``; the pages written."""
    import pikepdf

    distinct = sorted(PARTS.glob("part-*.pdf"))
    parts = [(str(distinct[n % len(distinct)]), PART_PAGES) for n in range(pages // PART_PAGES)]
    if way == "floor":
        with pikepdf.open(parts[0][0]) as part:
            return sum(len(page.Resources.keys()) > 0 for page in part.pages)
    if way == "joiner":
        from ukmtool.render.typesetting.joiner import join_parts

        with open(out, "wb") as handle:
            return join_parts(parts, handle, "Sertifikat")
    joined = pikepdf.new()  # the worker's join before the joiner, as it was
    opened = []
    try:
        for path, keep in parts:
            document = pikepdf.open(path)
            opened.append(document)
            joined.pages.extend(document.pages[:keep])
        joined.docinfo["/Title"] = "Sertifikat"
        with open(out, "wb") as handle:
            joined.save(handle)
        return len(joined.pages)
    finally:
        for document in opened:
            document.close()
        joined.close()


def peak_kib() -> int:
    """This process's largest resident memory so far, in KiB (``VmHWM``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise SystemExit("no VmHWM in /proc/self/status (Linux only)")


def measure(way: str, pages: int, out: Path) -> tuple[float, float, int, int]:
    """(wall s, cpu s, largest resident MiB, pages) of one join in a fresh process."""
    argv = [sys.executable, __file__, "--child", way, str(pages), str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE)
    stdout = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{way} at {pages} pages failed")
    pages_written, peak_kib = (int(word) for word in stdout.split())
    return wall, usage.ru_utime + usage.ru_stime, peak_kib // 1024, pages_written


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _flag, way, pages, out = sys.argv[1:5]
        written = join(way, int(pages), Path(out))
        print(written, peak_kib())
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--ways", default=",".join(WAYS))
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    make_parts()
    out = OUT / "join-output.pdf"
    lines = [
        "| join | pages | parts | wall s | cpu s | largest process MiB | kB a page over the floor | output MiB |",  # noqa: E501
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    try:
        for pages in (int(s) for s in args.sizes.split(",")):
            floor = None
            for way in args.ways.split(","):
                wall, cpu, peak, written = measure(way, pages, out)
                if way == "floor":
                    floor = peak
                    size = ""
                else:
                    assert written == pages, (way, written, pages)
                    size = f"{out.stat().st_size / 2**20:.0f}"
                over = ""
                if floor is not None and way != "floor":
                    over = f"{(peak - floor) * 1024 / pages:.1f}"
                lines.append(
                    f"| {way} | {pages:,} | {pages // PART_PAGES:,} | {wall:.1f} | {cpu:.1f} | "
                    f"{peak} | {over} | {size} |"
                )
                print(lines[-1], file=sys.stderr, flush=True)
    finally:
        out.unlink(missing_ok=True)
    table = "\n".join(lines)
    print(table)
    (OUT / "join.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
