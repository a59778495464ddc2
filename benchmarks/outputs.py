"""Write what every reporting command prints to one file each, to compare two builds.

    python benchmarks/outputs.py folders /tmp/cmp/folders      # the test folders (once)
    PYTHONPATH=/tmp/main/src python benchmarks/outputs.py write /tmp/cmp/folders /tmp/cmp/before
    python benchmarks/outputs.py write /tmp/cmp/folders /tmp/cmp/after
    diff -r /tmp/cmp/before /tmp/cmp/after                     # nothing: the same bytes

(``git archive COMMIT src | tar -x -C /tmp/main`` gives another build's code.)
The folders: the shipped sample; generated programmes of 300 (one with faults
added: people marked before registering, a module nobody must attend and one
everybody must attend fully, an empty sheet, visits, control characters and
bidi overrides in names) and 1,500 participants. Each file holds the exit
status, stdout and stderr of one command (and the --output file, an xlsx as
its sheets); the commands: every report, module and format, --by, --status,
filters, --limit and --all, the terminal view, show, participants, modules,
check, and the JSON of attend, register and visit (on a copy of the folder),
in English and Indonesian. Commands run in-process, so a run takes minutes.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FORMATS = ("table", "csv", "json", "md")


def make_folders(root: Path) -> None:
    """The folders to run the commands on (deterministic)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(HERE.parent / "data", root / "a-sample")
    generate = [sys.executable, str(HERE / "generate.py")]
    for name, size, seed in (("b-faulty", 300, 2017), ("c-plain", 300, 7), ("d-large", 1500, 11)):
        subprocess.run(
            [*generate, str(size), "--seed", str(seed), "--out", str(root / name)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    _add_faults(root / "b-faulty")


def _add_faults(folder: Path) -> None:
    people = (folder / "participants.yaml").read_text(encoding="utf-8")
    names = {
        "UKM-003": r'"Batik \u202Enakal \x85 \x7F [/] :sun:"',
        "UKM-004": "'Kopi Ékspresso 日本 \"quoted\" \\ back'",
        "UKM-005": r'"Sate \u2028 Pak \u2066x\u2069"',
        "UKM-006": r'"Tab\there\nnew \x1b[31mred"',
        "UKM-007": r'"\U0001F600 Emoji </script>"',
    }
    for pid, business in names.items():
        people = re.sub(
            rf"(- id: {pid}\n  business: )[^\n]*", lambda m, b=business: m.group(1) + b, people
        )
    for pid in ("UKM-010", "UKM-011"):  # registered after most sessions, marked before
        people = re.sub(
            rf"(- id: {pid}\n(?:  .*\n)*?  registered: )[0-9-]+", r"\g<1>2024-12-01", people
        )
    people = re.sub(
        r"(- id: UKM-02\d\n(?:  .*\n)*?  registered: [0-9-]+\n)(  tags: .*\n)?",
        lambda m: m.group(1) + '  tags: [unggulan, "zona \\u202e", binaan]\n',
        people,
    )
    (folder / "participants.yaml").write_text(people, encoding="utf-8")
    with (folder / "modules.yaml").open("a", encoding="utf-8") as modules:
        modules.write(
            '\n- id: kosong\n  title: "Modul \\u202eKosong"\n  min_attendance: 0\n  sessions:\n'
            '    1: {date: 2024-11-04, topic: "Topik \\x85 aneh"}\n    2: {date: 2024-11-11}\n'
            "  practices:\n    kas-harian: Mencatat kas harian setiap hari\n"
            "    pisah-uang: Memisahkan uang usaha dan uang pribadi\n"
            "\n- id: penuh\n  title: Penuh Sekali\n  min_attendance: 100\n  sessions:\n"
            "    1: {date: 2024-01-08, hours: 1.5}\n    2: {date: 2024-01-09, hours: 0.25}\n"
            "    3: {date: 2024-01-10}\n    4: {date: 2024-12-15}\n"
        )
    (folder / "attendance" / "penuh.yaml").write_text(
        "1:\n  present: [UKM-001, UKM-002, UKM-003]\n  sick: [UKM-004]\n  excused: [UKM-005]\n"
        "  late: [UKM-006]\n  absent: [UKM-007]\n2:\n  present: [UKM-001]\n  late: [UKM-003]\n"
        "3: {}\n"
    )
    (folder / "visits.yaml").write_text(
        "- participant: UKM-001\n  date: 2024-02-01\n  trainer: Ratna Dewi\n  hours: 1.5\n"
        "  modules: [kosong]\n  practices: {kas-harian: yes, pisah-uang: no}\n"
        '  notes: "a \\u202e b"\n'
        '- participant: UKM-001\n  date: 2024-03-01\n  trainer: "Bédo \\x85"\n  hours: 0.25\n'
        "  practices: {kas-harian: yes, pisah-uang: yes}\n"
        "- participant: UKM-004\n  date: 2024-02-11\n  trainer: Ratna Dewi\n  hours: 2\n"
        "  practices: {kas-harian: no}\n"
    )


class Writer:
    """Runs commands in-process and writes one file per command."""

    def __init__(self, out: Path) -> None:
        os.environ.update(COLUMNS="120", TERMINAL_WIDTH="120", NO_COLOR="1", UKM_LOCK_TIMEOUT="20")
        os.environ["UKM_CACHE_DIR"] = tempfile.mkdtemp(prefix="ukm-outputs-cache-")
        for var in ("UKM_DATA", "FORCE_COLOR", "CLICOLOR_FORCE", "UKM_NO_CACHE"):
            os.environ.pop(var, None)
        import typer.testing
        from typer.main import get_command

        import ukmtool
        from ukmtool import i18n
        from ukmtool.cli import app
        from ukmtool.render import console

        command = get_command(app)
        typer.testing._get_command = lambda _app: command  # build the CLI once
        self.app, self.i18n, self.console = app, i18n, console
        self.is_terminal = console.is_terminal
        self.src = str(Path(ukmtool.__file__).parent).encode()
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        print("ukmtool from", ukmtool.__file__, file=sys.stderr)

    def run(
        self,
        name: str,
        folder: Path,
        args: list[str],
        *,
        lang: str = "en",
        terminal: bool = False,
        output: str | None = None,
        copy: bool = False,
    ) -> None:
        """Run ``ukm --lang LANG --data FOLDER ARGS`` and write what it gave to OUT/NAME.out."""
        from typer.testing import CliRunner

        work = Path(tempfile.mkdtemp(prefix="ukm-outputs-"))
        target = folder
        if copy:
            target = work / "p"
            shutil.copytree(folder, target)
        full = ["--lang", lang, "--data", str(target), *args]
        written = work / output if output else None
        if written is not None:
            full += ["--output", str(written)]
        self.i18n.reset()
        os.environ["UKM_LANG"] = lang
        if terminal:
            self.console.is_terminal = lambda stderr=False: True
        here = Path.cwd()
        os.chdir(work)
        try:
            result = CliRunner().invoke(self.app, full, catch_exceptions=True)
        finally:
            os.chdir(here)
            self.console.is_terminal = self.is_terminal
        body = [f"exit {result.exit_code}\n".encode()]
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            body.append(f"EXCEPTION {result.exception!r}\n".encode())
        body.append(b"--- stdout\n" + result.stdout_bytes.replace(str(target).encode(), b"<DIR>"))
        err = result.stderr_bytes.replace(self.src, b"<SRC>").replace(str(work).encode(), b"<W>")
        body.append(b"\n--- stderr\n" + err.replace(str(target).encode(), b"<DIR>"))
        if written is not None and written.exists():
            data = written.read_bytes()
            body.append(b"\n--- file\n" + (_sheets(data) if written.suffix == ".xlsx" else data))
        if copy:
            for path in sorted(target.rglob("*.yaml")):
                body.append(f"\n--- {path.relative_to(target)}\n".encode() + path.read_bytes())
        (self.out / f"{name}.out").write_bytes(b"".join(body))
        shutil.rmtree(work)


def _sheets(data: bytes) -> bytes:
    """An xlsx file's parts but its creation time."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = sorted(n for n in book.namelist() if n != "docProps/core.xml")
        return b"".join(n.encode() + b"\n" + book.read(n) + b"\n" for n in names)


def write_all(folders: Path, out: Path) -> None:
    """Every command on every folder."""
    w = Writer(out)
    for folder in sorted(p for p in folders.iterdir() if p.is_dir()):
        modules = [
            line.split(":", 1)[1].strip()
            for line in (folder / "modules.yaml").read_text(encoding="utf-8").splitlines()
            if line.startswith("- id:")
        ]
        for lang in ("en", "id"):
            _languages(w, folder, modules, lang)
        _options(w, folder, "keuangan" if "keuangan" in modules else modules[0])


def _languages(w: Writer, folder: Path, modules: list[str], lang: str) -> None:
    n = f"{folder.name}-{lang}"

    def run(name: str, args: list[str], **kw: Any) -> None:
        w.run(f"{n}-{name}", folder, args, lang=lang, **kw)

    run("check-json", ["check", "--format", "json"])
    run("check-text", ["check"])
    for fmt in FORMATS:
        run(f"report-{fmt}", ["report", "--format", fmt])
        for m in modules:
            run(f"report-{m}-{fmt}", ["report", "-m", m, "--format", fmt])
    run("report-term", ["report"], terminal=True)
    run("report-xlsx", ["report"], output="r.xlsx")
    run("report-visits-json", ["report", "--visits", "--format", "json"])
    run("report-visits-table", ["report", "--visits"])
    for m in modules:
        run(f"report-{m}-term", ["report", "-m", m], terminal=True)
        run(f"report-{m}-xlsx", ["report", "-m", m], output="r.xlsx")
    run("participants-json", ["participants", "--format", "json"])
    run("participants-nik-json", ["participants", "--show-nik", "--format", "json"])
    run("modules-json", ["modules", "--format", "json"])
    run("modules-table", ["modules"])
    for pid in ("UKM-001", "UKM-002", "UKM-007", "UKM-013"):
        for fmt in FORMATS:
            run(f"show-{pid}-{fmt}", ["show", pid, "--format", fmt])
        run(f"show-{pid}-term", ["show", pid], terminal=True)


def _options(w: Writer, folder: Path, m0: str) -> None:
    n = folder.name

    def run(name: str, args: str, **kw: Any) -> None:
        w.run(f"{n}-{name}", folder, shlex.split(args.replace("M0", m0)), **kw)

    for by in ("district", "sector", "gender", "tag"):
        for fmt in ("table", "json", "csv"):
            run(f"by-{by}-{fmt}", f"report --by {by} --format {fmt}")
            run(f"m-by-{by}-{fmt}", f"report -m M0 --by {by} --format {fmt}")
        run(f"by-{by}-term", f"report --by {by}", terminal=True)
        run(f"m-by-{by}-term", f"report -m M0 --by {by}", terminal=True)
    for status in ("completed", "in_progress", "failed", "at_risk"):
        for fmt in ("table", "json"):
            run(f"status-{status}-{fmt}", f"report --status {status} --format {fmt}")
            run(f"m-status-{status}-{fmt}", f"report -m M0 --status {status} --format {fmt}")
    run("status-two-json", "report --status failed --status at_risk --format json")
    run("m-status-two-json", "report -m M0 --status completed --status at_risk --format json")
    run("district-json", "report --district cepu --district Blora --format json")
    run("m-sector-json", "report -m M0 --sector batik --format json")
    run("m-tag-table", "report -m M0 --tag unggulan")
    run("m-tag-district-json", "report -m M0 --tag unggulan --district Cepu --by tag --format json")
    run("m-limit5-table", "report -m M0 --limit 5")
    run("m-limit5-term", "report -m M0 --limit 5", terminal=True)
    run("m-all-term", "report -m M0 --all", terminal=True)
    run("limit3-term", "report --limit 3", terminal=True)
    run("all-term", "report --all", terminal=True)
    run("m-csvsep", "report -m M0 --format csv --csv-sep ,")
    for suffix in ("json", "csv", "md", "txt"):
        run(f"m-out-{suffix}", "report -m M0", output=f"r.{suffix}")
    run("out-json", "report", output="r.json")
    run("participants-search", "participants --search batik --format json")
    run("participants-table", "participants")
    run("participants-term", "participants", terminal=True)
    run("bad-module", "report -m nope --format json")
    # the writing commands, each on a copy of the folder
    run("attend-json", "attend M0 -s 1 --status late UKM-001 UKM-002 --format json", copy=True)
    run("attend-all-json", "attend M0 -s 2 --all --status present --format json", copy=True)
    new = "--gender F --sector batik --district Cepu --registered 2024-02-01 --no-input"
    run(
        "register-json",
        f"register --business 'Batik Élégance \u202eX' --owner 'Sri Wahyuni' {new} --format json",
        copy=True,
    )
    run(
        "register-dry-json",
        f"register --business 'Warung \"Q\" \\ x' --owner Budi {new} --nik 3316015507800001 "
        "--phone 081234567890 --dry-run --format json",
        copy=True,
    )
    run(
        "visit-json",
        "visit UKM-001 --date 2024-03-04 --trainer 'Ratna Dewi' --hours 1.5 --module M0 "
        "--note 'ok \u2028 \u0085' --no-input --format json",
        copy=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    folders = sub.add_parser("folders", help="build the test folders")
    folders.add_argument("root", type=Path)
    write = sub.add_parser("write", help="write every command's output")
    write.add_argument("folders", type=Path)
    write.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.what == "folders":
        make_folders(args.root)
    else:
        write_all(args.folders, args.out)
        print(len(list(args.out.iterdir())), "files in", args.out, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
