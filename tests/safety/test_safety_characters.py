"""Characters that broke files and line numbers (issue 21, items 6 and 18): U+FFFF in a value
(an xlsx export no program can open), U+2028 / U+2029 / U+0085 inside quoted values (every
later FILE:LINE one off), with libyaml's reader and with PyYAML's own."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, let_controls_past_check, programme
from ukmtool.core.yamlio import fastwalk

NONCHARACTERS = ["\ufffe", "\uffff"]


@pytest.mark.parametrize("char", NONCHARACTERS, ids=["U+FFFE", "U+FFFF"])
@pytest.mark.parametrize("written", ["escaped", "as is"])
def test_check_refuses_a_character_no_spreadsheet_can_hold(
    ukm: Run, tmp_path: Path, char: str, written: str
) -> None:
    value = f"\\u{ord(char):04X}" if written == "escaped" else char
    bad = PARTICIPANTS.replace("owner: Joko Susanto", f'owner: "Joko{value} Susanto"')
    root = programme(tmp_path / "p", participants=bad)
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 1, result.output
    assert "participants.yaml:11:" in result.stdout  # the owner's line


@pytest.mark.parametrize("char", NONCHARACTERS, ids=["U+FFFE", "U+FFFF"])
def test_the_xlsx_export_stays_valid_whatever_a_value_holds(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, char: str
) -> None:
    from openpyxl import load_workbook

    from ukmtool.core import fields

    # as if a value got past check (an older ukm wrote it, or a check missed a field)
    monkeypatch.setattr(fields, "_NONCHARACTER", fields.re.compile("(?!)"))
    let_controls_past_check(monkeypatch)
    bad = PARTICIPANTS.replace("owner: Joko Susanto", f'owner: "Joko\\u{ord(char):04X}\\u0001"')
    root = programme(tmp_path / "p", participants=bad)
    out = tmp_path / "list.xlsx"
    result = ukm("--data", str(root), "participants", "-o", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as book:
        for name in book.namelist():
            assert char.encode("utf-8") not in book.read(name)
    sheet = load_workbook(out).active
    owners = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert f"Joko\\u{ord(char):04x}\\x01" in owners


BREAKS = {"U+2028": "\\u2028", "U+2029": "\\u2029", "U+0085": "\\x85"}


@pytest.mark.parametrize("reader", ["libyaml", "pure Python"])
@pytest.mark.parametrize("written", ["as is", "escaped"])
@pytest.mark.parametrize("name", sorted(BREAKS))
def test_line_breaks_yaml_counts_do_not_move_later_lines(
    ukm: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reader: str,
    written: str,
    name: str,
) -> None:
    if reader == "pure Python":
        monkeypatch.setattr(fastwalk, "build", lambda *args, **kwargs: None)
    value = BREAKS[name] if written == "escaped" else BREAKS[name].encode().decode("unicode_escape")
    text = PARTICIPANTS.replace("business: Batik Sekar", f'business: "Batik{value}Sekar{value}"')
    text = text.replace("district: Cepu", "district: Cepuu")  # line 14, below the value
    root = programme(tmp_path / "p", participants=text)
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 1, result.output
    assert "participants.yaml:14: Unknown district 'Cepuu'" in result.stdout, result.output
