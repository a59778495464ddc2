"""Certificates a second of CPU, and peak memory, at 1,000 and 10,000 graduates (100,000 on ask).

    python benchmarks/bench_certificates.py                    # 1,000 and 10,000 graduates
    python benchmarks/bench_certificates.py --sizes 1000       # some sizes
    python benchmarks/bench_certificates.py --sizes 100000     # the largest: about an hour

For each size, a programme whose every session was held (`generate.py` with all
48 sessions held, so that about three participants in four graduate) gets its
certificates from a fresh `ukm certificate issue` process, on a fresh copy of
the folder each run (issue records the numbers), the load cache warm:

- one PDF a certificate (`--output DIR`), and one PDF for all (`--one-file`);
- the floor: Typst alone compiling the same pages (`floor_typst.py`: the very
  payloads ukm gives the template, a batch of 100 a compile, written to files;
  made beforehand from the issued register, not timed).

Figures: wall time, CPU time of the process and its children (ukm and its
Typst process: user + system, the steadier figure on a shared machine),
certificates a second of CPU, the ratio to the floor's CPU, and the peak
resident memory of ukm and its Typst process together (sampled every 20 ms,
bench_printing.py's way). The table goes to stdout and to
benchmarks/out/certificates.md.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from bench_printing import measure  # noqa: E402
from run import OUT, ukm_command  # noqa: E402

SIZES = [1_000, 10_000]
GRADUATES_SHARE = 0.75
"""About this share of a finished generated programme graduates."""


def finished(graduates: int) -> Path:
    """A generated programme whose every session was held, with about ``graduates`` graduates."""
    n = math.ceil(graduates / GRADUATES_SHARE)
    target = OUT / f"certs-n{n}"
    stamp = target / ".generated"
    want = f"generator {generate.GENERATOR_VERSION} n {n} every session held\n"
    if stamp.exists() and stamp.read_text() == want:
        return target
    held = generate.MODULES
    generate.MODULES = [(module, title, 8) for module, title, _held in held]
    try:
        generate.generate(n, target)
    finally:
        generate.MODULES = held
    stamp.write_text(want)
    return target


def dump_pages(folder: Path, into: Path) -> int:
    """The pages ukm gave the template for the folder's register, a JSON file a batch."""
    import orjson

    from ukmtool.core.certificates import keys
    from ukmtool.core.certificates.claims import office_of
    from ukmtool.core.certificates.issue import signed_qr
    from ukmtool.core.certificates.issued import found
    from ukmtool.core.clock import today
    from ukmtool.core.documents.certificate import Pages
    from ukmtool.core.folder import Folder
    from ukmtool.core.reading.loader import load
    from ukmtool.render.certificates import BATCH

    programme = load(Folder(folder)).programme
    assert programme is not None
    key = keys.signing_key(programme.folder, office_of(programme.settings), today(), write=False)
    chosen = [(found(programme, c), signed_qr(programme, c, key)) for c in programme.certificates]
    pages = Pages(programme, chosen, today(), key.kid)
    into.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(pages), BATCH):
        data = {**pages.base, "rows": pages[start : start + BATCH]}
        (into / f"batch-{start // BATCH:05d}.json").write_bytes(orjson.dumps(data))
    return len(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="certs-", dir=OUT))
    env = {
        **os.environ,
        "UKM_CACHE_DIR": str(work / "cache"),
        "UKM_KEY_DIR": str(work / "keys"),
        "NO_COLOR": "1",
        "UKM_LANG": "en",
    }
    env.pop("UKM_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["UKM_KEY_DIR"] = env["UKM_KEY_DIR"]  # dump_pages signs with the same key
    ukm = ukm_command()
    lines = [
        "| run | graduates | wall s | cpu s | certificates a second of CPU | ratio to floor | peak MiB (ukm + Typst) | output |",  # noqa: E501
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]  # fmt: skip
    failed = False
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            source = finished(size)
            measure([*ukm, "--data", str(source), "check"], env)  # the load cache, warm
            floor_cpu = None
            for label, extra in (("one file each", []), ("--one-file", ["--one-file"])):
                best = None
                for _run in range(args.runs):
                    folder = work / "folder"
                    shutil.rmtree(folder, ignore_errors=True)
                    shutil.copytree(source, folder)
                    pdfs = work / "pdfs"
                    shutil.rmtree(pdfs, ignore_errors=True)
                    argv = [*ukm, "--data", str(folder), "certificate", "issue", "-o", str(pdfs)]
                    wall, cpu, peak, _single, code, stderr = measure([*argv, *extra], env)
                    if code != 0:
                        print(f"{label} at {size}: exit {code}\n{stderr}", file=sys.stderr)
                        failed = True
                        break
                    if best is None or cpu < best[1]:
                        register = (folder / "certificates.yaml").read_text("utf-8")
                        count = register.count("- number:")
                        output = sum(p.stat().st_size for p in pdfs.iterdir())
                        files = len(list(pdfs.iterdir()))
                        best = (wall, cpu, peak, count, output, files)
                if best is None:
                    continue
                if floor_cpu is None:  # the floor: the same pages, Typst alone
                    batches = work / "batches"
                    shutil.rmtree(batches, ignore_errors=True)
                    dump_pages(folder, batches)
                    floor = [sys.executable, str(HERE / "floor_typst.py"), str(batches)]
                    runs = [measure(floor, env) for _run in range(args.runs)]
                    floor_cpu = min(r[1] for r in runs)
                    f_wall, f_cpu, f_peak = min(runs, key=lambda r: r[1])[:3]
                    lines.append(
                        f"| Typst alone, the same pages (floor) | {best[3]:,} | {f_wall:.1f} | "
                        f"{f_cpu:.1f} | {best[3] / f_cpu:.0f} |  | {f_peak / 2**20:.0f} |  |"
                    )
                    print(lines[-1], file=sys.stderr, flush=True)
                wall, cpu, peak, count, output, files = best
                lines.append(
                    f"| ukm certificate issue, {label} | {count:,} | {wall:.1f} | {cpu:.1f} | "
                    f"{count / cpu:.0f} | {cpu / floor_cpu:.2f}x | {peak / 2**20:.0f} | "
                    f"{files:,} file{'s' if files != 1 else ''}, {output / 2**20:.0f} MiB |"
                )
                print(lines[-1], file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = "\n".join(lines)
    print(table)
    (OUT / "certificates.md").write_text(table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
