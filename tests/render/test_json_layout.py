"""``--format json`` is laid out exactly as Python's json module lays it out.

ukm writes JSON with orjson (a report of 100,000 participants is 60 MB of
it); scripts that compare outputs byte by byte must not notice.  Every JSON
output here is compared with ``json.dumps(value, ensure_ascii=False,
indent=2)`` of the value it holds, terminal-unsafe characters (C1 controls,
bidi overrides, line and paragraph separators) written as ``\\uXXXX``; the
values that orjson would spell differently (numbers below 0.0001) included.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.kit.helpers import PROGRAM, Run, build_tree, let_controls_past_check

UNSAFE = re.compile("[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# Every character JSON or a terminal treats specially, amid ordinary text.
HOSTILE = (
    'A\x01\x07\x08\t\x0b\x0c\x1b[31m\x1f\u200e\ufeff\U0001f600 "Q" \\ / é 日本 </script> '
    # every character written as an escape for being unsafe, and its neighbours (not)
    + "".join(map(chr, [*range(0x7E, 0xA1), *range(0x2027, 0x2030), *range(0x2065, 0x206B)]))
    + " Z"
)

REVERSED = "Toko \u202eBalik"


def standard(text: str) -> str:
    """The JSON ``text`` holds, as the standard library writes it, unsafe characters escaped."""
    out = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", out) + "\n"


def yq(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character YAML or a terminal minds escaped."""
    out = []
    for c in text:
        code = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif code < 0x20 or 0x7F <= code <= 0x9F or UNSAFE.match(c) or c in "\u200e\ufeff":
            out.append(f"\\u{code:04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


@pytest.fixture(autouse=True)
def _controls_past_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON's own escaping: the files hold what input now refuses (issue 29)."""
    let_controls_past_check(monkeypatch)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return build_tree(
        tmp_path / "p",
        {
            "program.yaml": PROGRAM,
            "modules.yaml": (
                "- id: m\n"
                f"  title: {yq(HOSTILE)}\n"
                "  sessions:\n"
                "    1: {date: 2018-01-08}\n"
                "    2: {date: 2018-01-15}\n"
                "    3: {date: 2018-01-22}\n"
                "  practices:\n"
                f"    catat: {yq('Catat ' + HOSTILE)}\n"
            ),
            "participants.yaml": (
                f"- id: UKM-001\n  business: {yq(HOSTILE)}\n  owner: {yq(HOSTILE)}\n"
                "  gender: F\n  sector: batik\n  district: Cepu\n  registered: 2018-01-01\n"
                f"  tags: [{yq(HOSTILE)}, unggulan]\n"
                "- id: UKM-002\n  business: Warung Biasa\n  owner: Budi\n  gender: M\n"
                "  sector: kuliner\n  district: Japah\n  registered: 2018-01-01\n"
                '  nik: "3316015507800001"\n  phone: "081234567890"\n'
                "  employees: 999999999999999\n"
                f"- id: UKM-003\n  business: {yq(REVERSED)}\n  owner: Ani\n"
                "  gender: F\n  sector: batik\n  district: Jepon\n  registered: 2018-01-16\n"
            ),
            "attendance/m.yaml": (
                "1:\n  present: [UKM-001, UKM-002]\n2:\n  absent: [UKM-001]\n  sick: [UKM-002]\n"
            ),
            "visits.yaml": (
                f"- participant: UKM-001\n  date: 2018-01-10\n  trainer: {yq(HOSTILE)}\n"
                f"  hours: 0.00001\n  practices: {{catat: yes}}\n  notes: {yq(HOSTILE)}\n"
                "- participant: UKM-002\n  date: 2018-01-11\n  trainer: Ratna\n  hours: 1.5\n"
            ),
        },
    )


COMMANDS = [
    ("report",),
    ("report", "--module", "m"),
    ("report", "--module", "m", "--by", "tag"),
    ("report", "--visits"),
    ("show", "UKM-001"),
    ("show", "UKM-002", "--show-nik"),
    ("participants", "--show-nik"),
    ("modules",),
    ("check",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_json_is_laid_out_as_pythons_json_module_does(
    ukm: Run, hostile: Path, command: tuple[str, ...]
) -> None:
    result = ukm("--data", str(hostile), *command, "--format", "json")

    assert result.exit_code == 0, result.output
    assert result.stdout == standard(result.stdout)
    if command[0] != "check":
        assert "\\u202e" in result.stdout and "\u202e" not in result.stdout


def test_a_tiny_number_is_written_as_python_writes_it(ukm: Run, hostile: Path) -> None:
    shown = ukm("--data", str(hostile), "show", "UKM-001", "--format", "json")

    assert '"hours": 1e-05,' in shown.stdout  # orjson alone would write 0.00001
    assert shown.stdout == standard(shown.stdout)


def test_a_json_file_holds_what_stdout_shows(ukm: Run, hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    shown = ukm("--data", str(hostile), "report", "--module", "m", "--format", "json")
    written = ukm("--data", str(hostile), "report", "--module", "m", "--output", str(target))

    assert written.exit_code == 0, written.output
    assert target.read_bytes() == shown.stdout.encode("utf-8")


def test_the_json_of_writing_commands(ukm: Run, hostile: Path) -> None:
    data = ("--data", str(hostile))
    registered = ukm(
        *data, "register", "--business", HOSTILE.replace("\t", " "), "--owner", "Sri",
        "--gender", "F", "--sector", "batik", "--district", "Cepu",
        "--registered", "2018-01-20", "--dry-run", "--no-input", "--format", "json",
    )  # fmt: skip
    attended = ukm(*data, "attend", "m", "--session", "3", "--status", "late", "UKM-001",
                   "--format", "json")  # fmt: skip
    visited = ukm(*data, "visit", "UKM-002", "--date", "2018-01-25", "--trainer", "Ratna",
                  "--hours", "2", "--note", HOSTILE, "--no-input", "--format", "json")  # fmt: skip

    for result in (registered, attended, visited):
        assert result.exit_code == 0, result.output
        assert result.stdout == standard(result.stdout)
    assert "\\u202e" in registered.stdout and "\\u202e" in visited.stdout
