"""Text from the files prints as written: no markup, no emoji codes, no escape sequences.
And the NIK stays masked unless --show-nik.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run, let_controls_past_check
from tests.kit.reports import Mod, Person, write

NIK = "3316015507800001"
MASKED = "3316********0001"
TRICKY = {
    "UKM-001": "UD [/] Makmur",
    "UKM-002": "Warung :sun:",
    "UKM-003": "[bold red]Bahaya[/bold red]",
    "UKM-004": "Merah\x1b[31m\x1b]8;;http://x\x07Tautan",
    "UKM-005": "Toko \u202eBalik",
}
COMMANDS = [
    ("report",),
    ("report", "--module", "m"),
    ("report", "--module", "m", "--by", "tag"),
    ("show", "UKM-004"),
    ("participants",),
    ("participants", "--show-nik"),
    ("modules",),
]
FORMATS = ("table", "csv", "md", "json")


def yaml_escape(text: str) -> str:
    return json.dumps(text)  # \u001b, \u202e ... are YAML escapes too


@pytest.fixture(autouse=True)
def _controls_past_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The renderers' own defence: the files hold what input now refuses (issue 29)."""
    let_controls_past_check(monkeypatch)


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    people = [
        Person(
            pid,
            business=name,
            owner=name,
            nik=NIK if pid == "UKM-004" else None,
            tags=("[x]",) if pid == "UKM-001" else (),
        )
        for pid, name in TRICKY.items()
    ] + [Person("UKM-006", business="Batik Biasa")]
    module = Mod(
        "m",
        {1: date(2018, 1, 8), 2: date(2018, 1, 15), 3: date(2018, 1, 22)},
        {1: {"present": [*TRICKY, "UKM-006"]}, 2: {"present": ["UKM-006"], "absent": ["UKM-001"]}},
        # 2 of 3: one attended, one missed, one left -> everyone but UKM-006 at risk
        min_attendance=50,
        title="Judul [b]tebal[/b] :warning:",
    )
    return write(tmp_path / "p", [module], people)


@pytest.fixture(params=[False, True], ids=["piped", "terminal"])
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param:
        from ukmtool.render import console

        monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
        monkeypatch.setenv("COLUMNS", "300")  # wide enough that no name is cut
    return bool(request.param)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_text_prints_as_written(
    ukm: Run, tricky: Path, screen: bool, args: tuple[str, ...]
) -> None:
    result = ukm("--lang", "en", "--data", str(tricky), *args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if args[0] != "modules" and args[0] != "show":
        assert "UD [/] Makmur" in out
        assert "Warung :sun:" in out and "\u2600" not in out
        assert "[bold red]Bahaya[/bold red]" in out
    if args[0] == "show":
        assert "Merah\\x1b[31m\\x1b]8;;http://x\\x07Tautan" in out
    if "--module" in args or args[0] == "modules":
        assert "Judul [b]tebal[/b] :warning:" in out


@pytest.mark.parametrize("fmt", ("csv", "md"))
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_files_carry_no_escape_sequences(
    ukm: Run, tricky: Path, fmt: str, args: tuple[str, ...]
) -> None:
    result = ukm("--lang", "en", "--data", str(tricky), *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_json_keeps_the_exact_text_escaped(ukm: Run, tricky: Path) -> None:
    result = ukm("--data", str(tricky), "participants", "--format", "json")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\u001b[31m" in result.stdout and "\\u202e" in result.stdout
    names = [p["business"] for p in json.loads(result.stdout)["participants"]]
    assert names == [*TRICKY.values(), "Batik Biasa"]


def test_markdown_escapes_what_markdown_would_format(ukm: Run, tricky: Path) -> None:
    out = ukm("--data", str(tricky), "participants", "--format", "md").stdout
    assert "UD \\[/\\] Makmur" in out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_nik_is_masked(
    ukm: Run, tricky: Path, fmt: str, args: tuple[str, ...], tmp_path: Path
) -> None:
    result = ukm("--data", str(tricky), *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    if "--show-nik" in args:
        assert NIK in result.stdout
    else:
        assert NIK not in result.stdout
    # the CSV of `show` holds its one main table, the modules; the table hides a masked NIK
    details = fmt in ("json", "md") or (fmt == "csv" and args[0] == "participants")
    if args[0] in ("show", "participants") and (details or "--show-nik" in args):
        masked = MASKED.replace("*", "\\*") if fmt == "md" else MASKED  # Markdown escapes *
        assert (NIK if "--show-nik" in args else masked) in result.stdout
    target = tmp_path / "out.xlsx"
    ukm("--data", str(tricky), *args, "--output", str(target))
    from openpyxl import load_workbook

    values = [
        str(cell.value)
        for sheet in load_workbook(target).worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]
    assert (NIK in values) is ("--show-nik" in args)


def test_show_masks_nik_on_a_terminal(
    ukm: Run, tricky: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
    out = ukm("--data", str(tricky), "show", "UKM-004").stdout
    assert MASKED in out and NIK not in out
    out = ukm("--data", str(tricky), "show", "UKM-004", "--show-nik").stdout
    assert NIK in out
