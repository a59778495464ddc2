"""Property tests: arbitrary and mutated YAML for the loader, arbitrary arguments for every command.

The loader never raises and places every problem in a file it read, on a line
that file has; ``ukm check`` agrees with it. Every command, given any mix of
its own options, fitting values and junk, succeeds or exits 1 or 2 with a
message, never 70 and never a traceback, and changes no file when it fails.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.kit.attendance import folder
from tests.kit.helpers import Run
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load
from ukmtool.render.console import clean

SHEET = "# daftar hadir\n1:\n  present: [UKM-001, UKM-002]\n  late: [UKM-003]\n"
FUZZ = settings(
    max_examples=int(os.environ.get("UKM_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ---------------------------------------------------------------- the loader

TOKENS = [
    ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a\n", "!!python/object:os.system ",
    "!!binary ", "!foo ", "? ", "|\n", ">-\n", "'", '"', "#", "\t", "\n", "  ", "\r\n", "\r",
    "\x00", "\ufeff", "\x1b[2J", "\u202e", "%YAML 1.1\n", "---\n", "...\n", "~", "null", "yes",
    "2018-13-45", "1e999", "0x1F", "-1", ".nan", "UKM-001", "id: ", "sessions: ", "1: ",
    "present: ", "\\", "\xa0", "é",
]  # fmt: skip
FILES = ["program.yaml", "modules.yaml", "participants.yaml", "attendance/keuangan.yaml"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """``text`` with a few edits: cut, insert a YAML token, repeat or swap lines, re-indent."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "swap", "indent", "bytes"]))
        joined = "".join(lines)
        at = draw(st.integers(0, max(len(joined) - 1, 0)))
        if kind == "cut":
            joined = joined[:at] + joined[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            joined = joined[:at] + draw(st.sampled_from(TOKENS)) + joined[at:]
        lines = joined.splitlines(keepends=True) or [""]
        row = draw(st.integers(0, len(lines) - 1))
        if kind == "repeat":
            lines[row:row] = lines[row : row + draw(st.integers(1, 8))]
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[row], lines[other] = lines[other], lines[row]
        elif kind == "indent":
            lines[row] = draw(st.sampled_from(["", " ", "    ", "\t"])) + lines[row].lstrip(" ")
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(list(":-[]{}&*!|>'\"#\n "))),
    max_size=300,
).map(lambda t: t.encode("utf-8"))


@functools.cache
def pristine() -> dict[str, str]:
    """The valid files the mutations start from."""
    with tempfile.TemporaryDirectory() as scratch:
        root = folder(Path(scratch) / "p", SHEET)
        return {name: (root / name).read_text(encoding="utf-8") for name in FILES}


def lines_of(data: bytes) -> int:
    """The lines a problem may point at: every line, and the end of the file after the last."""
    return data.count(b"\n") + data.count(b"\r") + 2


@pytest.mark.usefixtures("cached_cli")
@FUZZ
@given(data=st.data(), name=st.sampled_from(FILES), arbitrary=st.booleans())
def test_the_loader_takes_any_text(
    ukm: Run, tmp_path: Path, data: st.DataObject, name: str, arbitrary: bool
) -> None:
    content = data.draw(ANY_TEXT if arbitrary else mutated(pristine()[name]), label="content")
    root = tmp_path / "fuzzed"
    if root.exists():
        shutil.rmtree(root)
    (root / "attendance").mkdir(parents=True)
    for other, text in pristine().items():
        (root / other).write_text(text, encoding="utf-8", newline="\n")
    (root / name).write_bytes(content)
    started = time.perf_counter()
    result = load(Folder(root))
    assert time.perf_counter() - started < 5
    event("loads cleanly" if result.ok else "errors found")
    sizes = {root / n: lines_of((root / n).read_bytes()) for n in FILES}
    for diagnostic in result.diagnostics:
        assert diagnostic.message.strip()
        assert diagnostic.file in sizes, diagnostic.file
        if diagnostic.line is not None:
            assert 1 <= diagnostic.line <= sizes[diagnostic.file], diagnostic
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == (0 if result.ok else 1), checked.output
    assert "Traceback" not in checked.output
    for error in result.errors[:20]:  # each one listed, where it is
        place = f"{error.file.name}:{error.line}:" if error.line else f"{error.file.name}:"
        assert place in checked.stdout
        assert " ".join(clean(error.message).split()) in " ".join(checked.stdout.split())
    assert (root / name).read_bytes() == content


# ---------------------------------------------------------------- the commands

JUNK = st.one_of(
    st.sampled_from(["", "-", "--", "-x", "--nope", "\x1b[2J", "[bold]x[/]", "A" * 3000, "١٢"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20).filter(
        lambda t: not t.startswith(("/", "~")) and ".." not in t  # never a path outside the test
    ),
)
VALUES: dict[str, list[str]] = {
    "module": ["keuangan", "pemasaran", "Keuangan", "k3"],
    "session": ["1", "2", "4", "5", "0", "-1", "x", "1.5"],
    "status": [
        "present",
        "late",
        "izin",
        "S",
        "alpa",
        "completed",
        "at_risk",
        "failed",
        "hadir",
        "graduated",
        "lulus",
        "missed",
        "not-graduated",
    ],
    "ids": ["UKM-001", "1", "3-5", "UKM-001..UKM-004", "UKM-999", "0", "1-", "UKM-025"],
    "participant": ["UKM-001", "UKM-025", "1", "UKM-999"],
    "output_format": ["table", "csv", "json", "md", "xlsx", "text", "JSON", "pdf"],
    "output": [
        "out.csv",
        "out.xlsx",
        "out.json",
        "out.md",
        "out.txt",
        "out.yaml",
        "out",
        "x/o.csv",
    ],
    "csv_sep": [";", ",", "tab", "\\t", "|"],
    "limit": ["1", "10", "0", "-3", "many"],
    "by": ["district", "sector", "gender", "tag", "age"],
    "district": ["Cepu", "Japah", "cepu", "Atlantis"],
    "sector": ["batik", "kuliner", "BATIK", "kayu"],
    "tag": ["unggulan", "x"],
    "search": ["Usaha", "Nomor 1", "zzz"],
    "business": ["Keripik Bu Sum", '=HYPERLINK("x")', "Usaha Nomor 1"],
    "owner": ["Sumarni", "Pemilik Nomor 1"],
    "gender": ["F", "M", "P", "L", "X"],
    "village": ["Jepon"],
    "phone": ["081234567890", "+62 812-3456-7890", "12"],
    "employees": ["3", "-1", "1.000", "3%"],
    "nik": ["3316015507800001", "123"],
    "registered": ["2018-01-01", "2018-02-30", "yesterday"],
    "pid": ["UKM-077", "UKM-001", "!!"],
    "source": ["daftar.csv", "daftar.xlsx", "missing.csv", "broken.csv"],
    "name": ["Pelatihan Baru"],
    "starts": ["2018-01-08", "2018-13-01"],
    "directory": ["baru", "baru/sub", "."],
    "lang": ["id", "en", "fr"],
    "day": ["2018-01-20", "2018-13-01", "2099-01-01", "today"],
    "trainer": ["Ratna Dewi", "ratna  dewi", "Budi"],
    "hours": ["1.5", "0", "25", "1,5", "-1"],
    "yes": ["kas-harian", "x"],
    "no": ["pisah-uang", "x"],
    "note": ["Sudah mencatat", "\x1b[2J"],
    "stale": ["30", "0", "-1", "x"],
    "as_of": ["2018-02-01", "x"],
    "on": ["2018-01-08", "2018-13-01", "2030-01-01"],
    "order": ["id", "district", "name", "age"],
    "blank": ["0", "2", "-1", "101"],
    "sales": ["15000000", "Rp15jt", "1,5 juta", "1,5", "-5", "1,2 m"],
    "capital": ["40.000.000", "40 jt", "x"],
    "address": ["Jl. Pemuda No. 1"],
    "notes": ["anggota Dekranasda"],
    "nib": ["9120001234567", "912 0001 234 567", "123"],
    "tagged": ["unggulan", "x"],
    "folders": ["{data}", ".", "missing", "daftar.csv"],
    "within": ["{data}", ".", "missing"],
    "query": ["UKM-001@p", "3316015507800001", "Sumarni", "0812-3456-7890", "123", "@"],
    "nik_key_file": ["daftar.csv", "broken.csv", "missing"],
    "clear": ["phone", "sales", "tags", "business", "x"],
    "exempt": ["keuangan", "Keuangan", "x"],
    "no_exempt": ["keuangan", "x"],
    "reason": ["ikut pelatihan 2018", ""],
    "baseline": ["latest", "first"],
    "kind": ["pre", "post", "Pre-test", "akhir", "x"],
    "given": ["UKM-001=45", "2=82,5", "UKM-001..UKM-003=80", "1=101", "x=", "UKM-999=50"],
    "from_file": ["daftar.csv", "daftar.xlsx", "broken.csv", "missing.csv"],
    "sheet": ["Nilai", "x"],
}
SKELETONS: dict[str, list[str]] = {  # a command line that works, for the fuzzer to vary
    "init": ["baru", "--name", "Pelatihan Baru", "--starts", "2018-01-08"],
    "check": [],
    "register": [
        "--no-input", "--business", "Keripik Baru", "--owner", "Bu Baru", "--gender", "F",
        "--sector", "batik", "--district", "Cepu",
    ],
    "attend": ["keuangan", "-s", "2", "UKM-004"],
    "report": [],
    "show": ["UKM-001"],
    "participants": [],
    "modules": [],
    "visit": [
        "UKM-003", "--date", "2018-01-20", "--trainer", "Ratna Dewi", "--hours", "1.5",
        "--no-input",
    ],
    "print": ["keuangan", "-s", "1"],
    "measure": ["UKM-003", "--date", "2018-01-20", "--sales", "12 jt", "--employees", "2"],
    "certificate": ["--date", "2018-03-20"],
    "edit": ["UKM-001", "--phone", "0813-1111-2222", "--no-input"],
    "tag": ["pendampingan", "UKM-001..UKM-003"],
    "compare": ["{data}"],
    "history": ["Sumarni", "--in", "{data}"],
    "export": ["{data}", "--output", "bundle"],
    "score": ["keuangan", "pre", "UKM-001=45", "UKM-002=60,5"],
}  # fmt: skip
"""``{data}`` stands for the programme folder (commands over several folders take it as DIR)."""
GROUPS = {
    "print": "sheet",
    "certificate": "issue",
    "tag": "add",
}  # with subcommands: the one the fuzzer runs
CSV = "nama usaha,nama pemilik,jenis kelamin,sektor,kecamatan\nKerupuk A,Bu A,P,kuliner,Japah\n"


def command_params(name: str) -> list[object]:
    from typer.main import get_command

    from ukmtool.cli import app

    group = get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    if name in GROUPS:
        command = command.commands[GROUPS[name]]
    return list(command.params)


@st.composite
def arguments(draw: st.DrawFn, command: str, data: str) -> list[str]:
    """Global options, the command, maybe a working start, then its options and some junk."""
    params = command_params(command)
    chunks: list[list[str]] = [SKELETONS[command]] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 4))):
        param = draw(st.sampled_from(params))
        name = param.name  # type: ignore[attr-defined]
        fitting = st.sampled_from(VALUES.get(name, ["x"]))
        value = draw(st.one_of(fitting, fitting, fitting, fitting, JUNK))
        if param.param_type_name == "argument":  # type: ignore[attr-defined]
            chunks.append([value])
        elif param.is_flag:  # type: ignore[attr-defined]
            chunks.append([draw(st.sampled_from(param.opts))])  # type: ignore[attr-defined]
        else:
            chunks.append([draw(st.sampled_from(param.opts)), value])  # type: ignore[attr-defined]
    if draw(st.integers(0, 7)) == 0:
        chunks.append([draw(JUNK)])
    head: list[str] = []
    where = draw(st.sampled_from([data] * 6 + ["missing", "daftar.csv", "A" * 3000, None]))
    if where == "missing":
        where = draw(JUNK)
    if where is not None:
        head += ["--data", where]
    if draw(st.integers(0, 7)) == 0:
        head += ["--lang", draw(st.sampled_from(VALUES["lang"]))]
    words = [command, GROUPS[command]] if command in GROUPS else [command]
    tokens = [data if token == "{data}" else token for chunk in chunks for token in chunk]
    return [*head, *words, *tokens]


def test_the_fuzzer_knows_every_command() -> None:
    from typer.main import get_command

    from ukmtool.cli import app

    fuzzed = test_any_arguments_give_success_or_a_clear_error.pytestmark  # type: ignore[attr-defined]
    names = next(m.args[1] for m in fuzzed if m.name == "parametrize")
    assert sorted(names) == sorted(get_command(app).commands)  # type: ignore[attr-defined]
    assert sorted(SKELETONS) == sorted(names)


def files_under(*roots: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes()
        for root in roots
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".ukm.lock"
    }


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize(
    "command",
    [
        "init", "check", "register", "attend", "report", "show", "participants", "modules",
        "visit", "print", "measure", "certificate", "edit", "tag", "compare", "history",
        "export", "score",
    ],
)  # fmt: skip
def test_any_arguments_give_success_or_a_clear_error(
    ukm: Run, tmp_path: Path, isolated: Path, command: str
) -> None:
    pristine = folder(tmp_path / "pristine", SHEET)
    root = tmp_path / "p"
    (isolated / "daftar.csv").write_text(CSV, encoding="utf-8", newline="\n")
    (isolated / "daftar.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (isolated / "broken.csv").write_bytes(b'\xff\xfe\x00junk;;\n"unclosed')
    kept = {p.name for p in isolated.iterdir()}
    seen: dict[int, int] = {}

    @FUZZ
    @given(args=arguments(command, str(root)))
    def run(args: list[str]) -> None:
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(pristine, root)
        for extra in isolated.iterdir():
            if extra.name not in kept:
                shutil.rmtree(extra) if extra.is_dir() else extra.unlink()
        before = files_under(root, isolated)
        result = ukm(*args)
        event(f"exit {result.exit_code}")
        seen[result.exit_code] = seen.get(result.exit_code, 0) + 1
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
        if result.exit_code:
            message = result.output if command == "check" else result.stderr
            assert message.strip(), args
            assert files_under(root, isolated) == before, args

    run()
    print(f"ukm {command}: runs by exit status {dict(sorted(seen.items()))}")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("--data", "A" * 3000, "check"),
        ("--data", "daftar.csv", "report"),
        ("--data", "{data}", "show", "UKM-001", "--output", "B" * 3000 + ".csv"),
        ("--data", "{data}", "--lang", "\x1b[2J", "modules"),
    ],
    ids=["long-data", "data-is-a-file", "long-output", "escape-in-lang"],
)
def test_hostile_command_lines_in_a_real_process(
    tmp_path: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    """What CliRunner cannot reach: the entry point before the command line is parsed."""
    from tests.kit.helpers import run_process

    root = folder(tmp_path / "p", SHEET)
    (isolated / "daftar.csv").write_text(CSV, encoding="utf-8", newline="\n")
    result = run_process(*(a.replace("{data}", str(root)) for a in args), cwd=isolated)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(("Error", "Usage")), result.stderr[:300]
    assert "\x1b" not in result.output
