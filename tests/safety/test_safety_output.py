"""Output that cannot be hijacked: text from the files never becomes Rich markup or terminal
escape sequences, in any command, and no exported cell starts a formula in Excel.

(``test_report_safety.py`` covers business and owner names in report, show, participants
and modules; this file covers every other field, and check, register and attend.)
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.kit.helpers import Run, build_tree, let_controls_past_check
from tests.kit.reports import Person, write

pytestmark = pytest.mark.usefixtures("cached_cli")

HOSTILE = {
    "markup": "[bold red]Bahaya[/bold red] [link=http://evil.example]klik[/link] [/]",
    "hyperlink": "Tautan \x1b]8;;http://evil.example\x07klik\x1b]8;;\x07",
    "clear-screen": "Bersih \x1b[2J\x1b[H",
    "colour": "Merah \x1b[31mmerah",
    "c1-csi": "Csi \x9b31m",
    "bidi": "Toko \u202eabc\u202c \u2066x\u2069",
    "bell-backspace": "Bel \x07 hapus\x08\x08",
    "carriage-return": "Timpa\rGanti",
}
# what may never reach a terminal or a pipe from the files
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
FORMULAS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+62 812 3456",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar with every unusual character escaped (\\u001b, ...)."""
    return json.dumps(text)


def hostile_folder(root: Path, texts: list[str]) -> Path:
    """Every field ukm prints holds one of ``texts``: names, tags, village, module, session."""
    ids = [f"UKM-{i:03d}" for i in range(1, len(texts) + 1)]
    people = "".join(
        f"- id: {pid}\n  business: {q(text)}\n  owner: {q(text)}\n  gender: F\n"
        f"  sector: batik\n  district: Cepu\n  village: {q(texts[-1 - n])}\n"
        f"  registered: 2018-01-01\n  tags: [{q(text)}]\n"
        for n, (pid, text) in enumerate(zip(ids, texts, strict=True))
    )
    return build_tree(
        root,
        {
            "program.yaml": f"name: {q(texts[0])}\norganizer: {q(texts[1])}\n"
            "starts: 2018-01-01\nends: 2018-12-31\nlanguage: en\nmin_attendance: 75\n"
            "districts: [Cepu, Japah]\nsectors: [batik, kuliner]\n",
            "modules.yaml": f"- id: keuangan\n  title: {q(texts[0])}\n  sessions:\n"
            f"    1: {{date: 2018-01-08, topic: {q(texts[-1])}, trainer: {q(texts[1])}}}\n"
            "    2: {date: 2018-01-15}\n    3: {date: 2018-01-22}\n",
            "participants.yaml": people,
            "attendance/keuangan.yaml": f"1:\n  present: [{', '.join(ids)}]\n",
            "visits.yaml": "".join(
                f"- participant: {pid}\n  date: 2018-01-1{n % 10}\n  trainer: {q(texts[n])}\n"
                f"  hours: 1\n  modules: [keuangan]\n  notes: {q(texts[-1 - n])}\n"
                for n, pid in enumerate(ids)
            ),
        },
    )


@pytest.fixture(autouse=True)
def _controls_past_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The renderers' own defence: the files hold what input now refuses (issue 29)."""
    let_controls_past_check(monkeypatch)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_folder(tmp_path / "p", list(HOSTILE.values()))


def assert_safe(text: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, repr(text[max(found.start() - 40, 0) : found.end() + 40])


def on_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukmtool.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture(params=[False, True], ids=["piped", "terminal"])
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param:
        on_terminal(monkeypatch)
    return bool(request.param)


FORMATS = ("table", "terminal", "csv", "md", "json")
READERS = [
    ("report",),
    ("report", "--module", "keuangan"),
    ("report", "--by", "tag"),
    ("report", "--module", "keuangan", "--by", "district"),
    ("show", "UKM-001"),
    ("show", "UKM-008"),
    ("participants",),
    ("participants", "--search", "Toko"),
    ("modules",),
    ("modules", "--module", "keuangan"),
    ("report", "--visits"),
    ("show", "UKM-002"),
    ("check",),
]


CASES = [
    (args, fmt)
    for args in READERS
    for fmt in (["text", "terminal", "json"] if args[0] == "check" else [*FORMATS])
]


@pytest.mark.parametrize(("args", "fmt"), CASES, ids=[f"{' '.join(a)}-{f}" for a, f in CASES])
def test_no_escape_sequence_reaches_the_output(
    ukm: Run, hostile: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], fmt: str
) -> None:
    if fmt == "terminal":
        on_terminal(monkeypatch)
    fmt_args = ("--format", {"terminal": "text" if args[0] == "check" else "table"}.get(fmt, fmt))
    result = ukm("--data", str(hostile), *args, *fmt_args)
    assert result.exit_code == 0, result.output
    assert_safe(result.stdout)
    assert_safe(result.stderr)
    if fmt in ("table", "terminal") and args[0] in ("participants", "report", "show"):
        # markup prints as written: had Rich read it, "[bold red]" would be gone
        assert "[bold red]Bahaya[/bold red]" in result.stdout


@pytest.mark.parametrize("field", ["gender", "sector", "district", "phone", "registered"])
def test_check_quotes_a_bad_value_harmlessly(
    ukm: Run, tmp_path: Path, screen: bool, field: str
) -> None:
    root = write(tmp_path / "p", [], [Person("UKM-001", phone="081234567890")])
    path = root / "participants.yaml"
    text = path.read_text(encoding="utf-8")
    bad = q(HOSTILE["hyperlink"] + HOSTILE["markup"] + HOSTILE["bidi"])
    lines = [
        f"  {field}: {bad}" if line.startswith(f"  {field}:") else line
        for line in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    for fmt in ("text", "json"):
        result = ukm("--data", str(root), "check", "--format", fmt)
        assert result.exit_code == 1, result.output
        assert_safe(result.output)
        assert "participants.yaml" in result.stdout


@pytest.mark.usefixtures("during_the_programme")
def test_register_from_a_hostile_list_prints_it_harmlessly(
    ukm: Run, hostile: Path, tmp_path: Path, screen: bool
) -> None:
    source = tmp_path / "daftar.csv"
    rows = [
        f'"{text.replace(chr(34), chr(34) * 2)}","Pemilik {i}",P,batik,Cepu,"{text}"'
        for i, text in enumerate(HOSTILE.values())
        if "\r" not in text
    ]
    source.write_text(
        "nama usaha,nama pemilik,jenis kelamin,sektor,kecamatan,desa\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
        newline="\n",
    )
    for extra in (("--dry-run",), ("--dry-run", "--format", "json"), ("--format", "json"), ()):
        result = ukm("--data", str(hostile), "register", "--from", str(source), *extra)
        if result.exit_code == 0 or "--dry-run" in extra:
            assert result.exit_code == 0, result.output
        assert_safe(result.output)
    one = ukm(
        "--data", str(hostile), "register", "--no-input", "--business", HOSTILE["markup"],
        "--owner", HOSTILE["markup"], "--gender", "F", "--sector", "batik", "--district", "Cepu",
        "--allow-duplicate",
    )  # fmt: skip
    assert one.exit_code == 0, one.output
    assert_safe(one.output)  # the note names the existing business, with its markup
    assert "[bold red]Bahaya[/bold red]" in one.stdout
    assert "[bold red]Bahaya[/bold red]" in one.stderr  # "likely already registered: ..."


def test_attend_and_its_roll_call_print_names_harmlessly(
    ukm: Run, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (("-s", "3", "--all"), ("-s", "3", "UKM-001", "--format", "json")):
        result = ukm("--data", str(hostile), "attend", "keuangan", *args)
        assert result.exit_code == 0, result.output
        assert_safe(result.output)
    from ukmtool.render.commands import rollcall

    monkeypatch.setattr(rollcall, "reads_keys", lambda: True)
    result = ukm(
        "--data", str(hostile), "attend", "keuangan", "-s", "2", "--roll-call", input="hhhtq"
    )
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert "[bold red]Bahaya[/bold red]" in result.stdout  # UKM-001 first, as written
    assert "Tautan \\x1b]8;;http://evil.example\\x07klik" in result.stdout


def test_a_new_sheet_header_carries_no_escape_sequence(ukm: Run, hostile: Path) -> None:
    (hostile / "attendance" / "keuangan.yaml").unlink()
    assert ukm("--data", str(hostile), "attend", "keuangan", "-s", "1", "UKM-001").exit_code == 0
    header = (hostile / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert_safe(header)


# ---------------------------------------------------------------- formulas in exports

EXPORTERS = [
    ("report",),
    ("report", "--module", "keuangan"),
    ("report", "--by", "tag"),
    ("show", "UKM-001"),
    ("participants",),
    ("participants", "--show-nik"),
    ("modules",),
]


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    return hostile_folder(tmp_path / "f", FORMULAS)


def formula_start(text: str) -> bool:
    return text.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("args", EXPORTERS, ids=" ".join)
def test_no_csv_cell_starts_a_formula(
    ukm: Run, formulas: Path, args: tuple[str, ...], sep: str
) -> None:
    result = ukm("--data", str(formulas), *args, "--format", "csv", "--csv-sep", sep)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=sep))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if formula_start(cell)]
    if args[0] in ("participants", "report") and "--by" not in args:
        assert "'" + FORMULAS[0] in cells  # kept, as text


@pytest.mark.parametrize("args", EXPORTERS, ids=" ".join)
def test_no_xlsx_cell_is_a_formula(
    ukm: Run, formulas: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    target = tmp_path / "out.xlsx"
    result = ukm("--data", str(formulas), *args, "--output", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(book.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml
    from openpyxl import load_workbook

    values = [
        cell
        for sheet in load_workbook(target).worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]
    assert all(cell.data_type != "f" for cell in values)
    if args[0] == "participants":
        assert FORMULAS[0] in [cell.value for cell in values]  # the text, as written


def test_visit_prints_names_harmlessly(ukm: Run, hostile: Path, screen: bool) -> None:
    for day, extra in (("2018-02-01", ()), ("2018-02-02", ("--format", "json"))):
        result = ukm(
            "--data", str(hostile), "visit", "UKM-001", "--date", day, "--trainer",
            HOSTILE["hyperlink"][:-3], "--hours", "1", "--note", "Catatan", "--no-input",
            "--new-trainer", *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert_safe(result.output)
        if not extra:
            assert "[bold red]Bahaya[/bold red]" in result.stdout  # UKM-001's name, as written
