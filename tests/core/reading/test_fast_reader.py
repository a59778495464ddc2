"""The fast paths give exactly what the careful ones give: values, positions, every problem.

The fast YAML reader (``core/yamlfast``) and the whole-list shortcuts
(``core/fastpath``) only skip work; these tests compare them with the
general code on the sample, on generated folders and on unusual and broken
input, where they must hand over to the general code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import REPO, programme
from ukmtool.core.folder import Folder
from ukmtool.core.reading import fastpath, loader
from ukmtool.core.yamlio.reader import LList, LMap, parse_text

SAMPLE_FILES = sorted((REPO / "data").rglob("*.yaml"))

TEXTS = {
    "empty": "",
    "comments-only": "# nothing\n# here\n",
    "document-marker-only": "---\n",
    "explicit-end": "a: 1\n...\n",
    "plain-nulls": "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"null\"\n",
    "null-key": "~: 1\n",
    "scalars-stay-text": "phone: 0274123456\nok: No\ntime: 11:30\nn: 1.000\nd: 2018-01-01\n",
    "flow": "a: [x, 'y', \"z\", [1, 2], {k: v}]\nb: {c: [], d: {}}\n",
    "nested-blocks": (
        "- id: A\n  sessions:\n    1: {date: 2018-01-01}\n    2:\n      date: x\n- B\n-\n"
    ),
    "multi-line-scalars": "a: |\n  one\n  two\nb: >\n  folded\n  text\nc: plain\n  continued\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "unicode-line-separators": "a: x\u2028y\nb: [p\u0085q]\n",
    "wide-characters": "nama: Batik Sekar 🌸\nkota: Cepu\n",
    "duplicate-key": "a: 1\nb: 2\na: 3\n",
    "duplicate-key-nested": "x:\n  a: 1\n  a: [1, 2]\n",
    "anchor-and-alias": "a: &x [1, 2]\nb: *x\n",
    "anchor-only": "a: &x 1\n",
    "alias-undefined": "a: *nope\n",
    "tag": "a: !!str 1\n",
    "tag-on-mapping": "a: !!map {b: 1}\n",
    "local-tag": "a: !thing 1\n",
    "non-specific-tag": "a: ! null\n",
    "python-tag": "a: !!python/object:os.system x\n",
    "key-is-a-list": "[a, b]: 1\n",
    "key-is-a-mapping": "? {a: 1}\n: 2\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "tab-indent": "a:\n\tb: 1\n",
    "unclosed-bracket": "a: [1, 2\nb: 3\n",
    "unclosed-quote": "a: 'x\nb: 1\n",
    "colon-in-value": "a: b: c\n",
    "deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "deep-blocks": "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "v\n",
    "control-character": "a: \x07\n",
    "root-scalar": "just text\n",
    "root-list": "- 1\n- 2\n",
}


def same_tree(fast: Any, careful: Any, where: str = "$") -> None:
    """Equal values, of the same types, at the same positions, all the way down."""
    assert type(fast) is type(careful), where
    if isinstance(careful, LMap):
        assert (fast.line, fast.column, fast.end_line) == (
            careful.line,
            careful.column,
            careful.end_line,
        ), where
        assert list(fast) == list(careful), where
        assert fast.key_pos == careful.key_pos, where
        assert fast.value_pos == careful.value_pos, where
        for key in careful:
            same_tree(fast[key], careful[key], f"{where}.{key}")
    elif isinstance(careful, LList):
        assert (fast.line, fast.column, fast.end_line) == (
            careful.line,
            careful.column,
            careful.end_line,
        ), where
        assert len(fast) == len(careful), where
        assert [fast.item_line(i) for i in range(len(fast))] == [
            careful.item_line(i) for i in range(len(careful))
        ], where
        assert [fast.item_column(i) for i in range(len(fast))] == [
            careful.item_column(i) for i in range(len(careful))
        ], where
        assert fast.item_pos == careful.item_pos, where
        for i, (a, b) in enumerate(zip(fast, careful, strict=True)):
            same_tree(a, b, f"{where}[{i}]")
    else:
        assert fast == careful, where


def assert_same_parse(text: str) -> None:
    fast, careful = parse_text(text), parse_text(text, fast=False)
    same_tree(fast.value, careful.value)
    assert fast.problems == careful.problems
    assert fast.empty == careful.empty


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_fast_reader_reads_like_the_careful_one(name: str) -> None:
    assert_same_parse(TEXTS[name])


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_the_fast_reader_reads_the_sample_like_the_careful_one(path: Path) -> None:
    assert_same_parse(path.read_text(encoding="utf-8"))


def test_the_fast_reader_reads_a_generated_folder_like_the_careful_one(tmp_path: Path) -> None:
    from tests.kit.benchgen import generate

    folder = generate.generate(40, tmp_path / "g")
    for path in sorted(folder.rglob("*.yaml")):
        assert_same_parse(path.read_text(encoding="utf-8"))


def test_positions_survive_changes_made_after_reading() -> None:
    """Code that edits what it read (the loader, writers) sees the positions it expects."""
    parsed = parse_text("a: 1\nb: [x, y]\n")
    root = parsed.value
    del root["a"]
    assert root.key_line("b") == 2 and root.value_column("b") == 4
    items = root["b"]
    items.item_pos.append((9, 9, 9))
    items.append("z")
    assert items.item_line(2) == 9
    assert items.item_line(5) == items.line


# The whole-list shortcuts: a folder loads to the same result with them and without.

SHEETS = {
    "clean": """\
        1:
          present: [UKM-001]
          late: [UKM-002]
        2:
          excused: [UKM-001]
          sick: []
          absent:
        """,
    "on-two-lists": "1:\n  present: [UKM-001, UKM-002]\n  absent: [UKM-002]\n",
    "twice-on-one-list": "1:\n  present: [UKM-001, UKM-001]\n",
    "not-registered": "1:\n  present: [UKM-001, UKM-009]\n",
    "marked-before-registering": "1:\n  present: [UKM-001, UKM-003]\n",
    "id-with-spaces": "1:\n  present: [' UKM-001 ', UKM-002]\n",
    "id-not-valid": "1:\n  present: [UKM 001]\n",
    "item-not-text": "1:\n  present: [UKM-001, [UKM-002]]\n",
    "item-null": "1:\n  present:\n    - UKM-001\n    -\n",
    "list-is-text": "1:\n  present: UKM-001\n",
    "unknown-status": "1:\n  hadir: [UKM-001]\n",
    "sheet-not-mapping": "1: [UKM-001]\n",
    "unknown-session": "9:\n  present: [UKM-001]\n",
}

UNUSUAL_BUT_VALID = {"clean", "id-with-spaces"}  # ids are trimmed

PARTICIPANTS = """\
- id: UKM-001
  business: Batik Sekar
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  registered: 2018-01-01
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
- id: UKM-003
  business: Sablon Maju
  owner: Eko Prasetyo
  gender: M
  sector: batik
  district: Cepu
  registered: 2018-01-20
"""


def load_without_shortcuts(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "sheet", lambda source: None)
        patch.setattr(fastpath.SheetChecker, "nothing_to_report", lambda *args: False)
        return loader.load(Folder(folder), cache=False)


@pytest.mark.parametrize("fault", sorted(SHEETS))
def test_a_folder_loads_the_same_with_and_without_shortcuts(
    fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme(
        tmp_path / fault, participants=PARTICIPANTS, attendance__keuangan=SHEETS[fault]
    )

    quick = loader.load(Folder(folder), cache=False)
    general = load_without_shortcuts(folder, monkeypatch)

    assert quick.diagnostics == general.diagnostics
    assert (quick.programme is None) == (general.programme is None)
    if quick.programme is not None and general.programme is not None:
        assert quick.programme.sheets == general.programme.sheets
        for module, sheets in quick.programme.sheets.items():
            for number, sheet in sheets.items():
                other = general.programme.sheets[module][number]
                assert sheet.model_fields_set == other.model_fields_set
    if fault not in UNUSUAL_BUT_VALID:
        assert quick.diagnostics, "each faulty sheet has something to report"


def test_the_sample_loads_the_same_with_and_without_shortcuts(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = loader.load(Folder(sample), cache=False)
    general = load_without_shortcuts(sample, monkeypatch)

    assert quick.diagnostics == general.diagnostics
    assert quick.programme is not None and general.programme is not None
    assert quick.programme.sheets == general.programme.sheets
    assert quick.programme.participants == general.programme.participants
