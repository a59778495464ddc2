"""``ukm attend`` on attendance files laid out in unusual but valid ways.

Whatever the layout, only the session's own lines change, and the file is
read once: the rewrite reads back the session's lines, not the whole file
(that is what keeps one ``ukm attend`` fast on a 100,000-participant file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit.attendance import expect, folder, ids, sheet
from tests.kit.helpers import Run
from ukmtool.core.files import sheet_file as sheettext
from ukmtool.core.files.sheet_file import SheetTextError, rewrite
from ukmtool.core.yamlio.reader import parse_text

STATUSES = ("present", "late", "excused", "sick", "absent")

# Each layout holds sessions 1, 2 and 3 of keuangan; session 2 is the one marked.
# (before session 2's key line, session 2's lines, from session 3's key line on)
LAYOUTS: dict[str, tuple[str, str, str]] = {
    "bom-crlf-four-space-indent": (
        "\ufeff# daftar hadir\r\n1:\r\n    present: [UKM-001, UKM-002]  # pagi\r\n"
        "    absent: [UKM-003]\r\n\r\n",
        "2:   # sesi dua\r\n    present: [UKM-001]\r\n    late: [UKM-002]\r\n\r\n",
        "3:\r\n    present: [UKM-001, UKM-002, UKM-003]\r\n",
    ),
    "document-start-and-comments-everywhere": (
        "---\n# sesi satu\n1:\n  present: [UKM-001]   # hadir\n  # UKM-002 izin lewat WA\n"
        "  excused: [UKM-002]\n\n# sesi dua\n",
        "2:\n  present:  # hadir\n    - UKM-001\n    # UKM-002 datang jam 10\n    - UKM-002\n"
        "  sick: []\n  # akhir sesi dua\n\n",
        "3: {present: [UKM-003]}  # ditulis ringkas\n# akhir berkas\n",
    ),
    "flow-and-quoted-keys": (
        "'1': {present: ['UKM-001', \"UKM-002\"], absent: [UKM-003]}\n",
        '"2":\n  present: [UKM-001,\n            UKM-002]\n  excused: []\n',
        "03:\n  late: [UKM-004]\n",
    ),
    "indented-sessions": (
        "  1:\n    present: [UKM-001]\n",
        "  2:\n    present: [UKM-001, UKM-002]\n",
        "  3:\n    absent: [UKM-001]",
    ),
    "explicit-key-first": (
        "? 1\n:\n  present: [UKM-001]\n",
        "2:\n  present: [UKM-002]\n",
        "3:\n  present: [UKM-003]\n",
    ),
}


def _attend(ukm: Run, root: Path, *args: str) -> None:
    result = ukm("--data", str(root), "attend", "keuangan", *args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_marking_a_session_changes_only_its_own_lines(
    ukm: Run, tmp_path: Path, layout: str
) -> None:
    head, _block, tail = LAYOUTS[layout]
    original = (head + _block + tail).encode("utf-8")
    root = folder(tmp_path / "p", original)
    others = {n: sheet(root, n) for n in (1, 3)}
    before = sheet(root, 2)

    _attend(ukm, root, "--session", "2", "--status", "late", "UKM-001", "UKM-005")

    after = (root / "attendance" / "keuangan.yaml").read_bytes()
    assert after.startswith(head.encode("utf-8"))
    assert after.endswith(tail.encode("utf-8"))
    assert {n: sheet(root, n) for n in (1, 3)} == others
    marked = {"UKM-001", "UKM-005"}
    wanted = {s: set(before[s]) - marked for s in STATUSES}
    wanted["late"] |= marked
    assert {s: set(p) for s, p in sheet(root, 2).items()} == wanted


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_new_session_is_added_after_everything_else(
    ukm: Run, tmp_path: Path, layout: str
) -> None:
    head, block, tail = LAYOUTS[layout]
    original = (head + block + tail).encode("utf-8")
    root = folder(tmp_path / "p", original)
    others = {n: sheet(root, n) for n in (1, 2, 3)}

    _attend(ukm, root, "--session", "4", "--status", "sick", "UKM-007")

    after = (root / "attendance" / "keuangan.yaml").read_bytes()
    assert after.startswith(original)
    assert {n: sheet(root, n) for n in (1, 2, 3)} == others
    assert sheet(root, 4) == expect(sick=["UKM-007"])


@pytest.mark.parametrize("end", ["...\n", "...  # selesai\n\n# arsip 2018\n", "..."])
def test_a_new_session_goes_inside_the_document_before_its_end_marker(
    ukm: Run, tmp_path: Path, end: str
) -> None:
    body = "1:\n  present: [UKM-001]\n"
    root = folder(tmp_path / "p", body + end)

    _attend(ukm, root, "--session", "2", "--status", "sick", "UKM-007")

    after = (root / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert after.startswith(body) and after.endswith(end)
    assert sheet(root, 2) == expect(sick=["UKM-007"])
    assert sheet(root, 1) == expect(present=["UKM-001"])


def test_a_layout_ukm_cannot_rewrite_is_refused_and_left_untouched(
    ukm: Run, tmp_path: Path
) -> None:
    """Sessions inside one {...} mapping: a block cannot go in; a clear refusal, exit 1."""
    original = b"{1: {present: [UKM-001]}, 2: {present: [UKM-002]}}\n"
    root = folder(tmp_path / "p", original)
    result = ukm("--lang", "en", "--data", str(root), "attend", "keuangan", "-s", "3", "UKM-001")
    assert result.exit_code == 1, result.output
    assert (
        "ukm cannot change attendance/keuangan.yaml: its sessions are written inside one {...}."
        in result.stderr
    )
    assert "Nothing was written" in result.stderr and "Write each session as a block" in (
        result.stderr
    )
    assert "bug" not in result.stderr and "developers" not in result.stderr
    assert (root / "attendance" / "keuangan.yaml").read_bytes() == original


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text sheettext reads back, in order."""
    lengths: list[int] = []
    real = sheettext.parse_text

    def parse(text: str, **kwargs: object) -> object:
        lengths.append(len(text))
        return real(text)

    monkeypatch.setattr(sheettext, "parse_text", parse)
    return lengths


def _many_sessions(count: int) -> str:
    roll = ", ".join(f"UKM-{n:03d}" for n in range(1, 41))
    return "".join(f"{n}:\n  present: [{roll}]\n  late: []\n\n" for n in range(1, count + 1))


def test_only_the_sessions_own_lines_are_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _many_sessions(30)
    lengths = _recording(monkeypatch)
    out = rewrite(text, 12, expect(present=ids(*range(2, 41)), late=ids(1)))
    one_sheet = len(text) // 30
    assert lengths and max(lengths) < 2 * one_sheet  # never the whole file again
    assert parse_text(out).value["12"]["late"] == ["UKM-001"]
    lengths.clear()
    rewrite(text, 31, expect(sick=ids(3)))  # a new session: only its lines are read back
    assert lengths and max(lengths) < 2 * one_sheet


def test_an_unusual_layout_is_read_back_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "? 1\n:\n  present: [A]\n2:\n  present: [B]\n"  # the first key not first on its line
    lengths = _recording(monkeypatch)
    out = rewrite(text, 2, expect(present=["B", "C"]))
    assert len(text) in lengths  # the old text read whole, to compare every other session
    assert out == "? 1\n:\n  present: [A]\n2:\n  present: [B, C]\n"


def test_sessions_in_a_flow_mapping_get_no_block_inside_it() -> None:
    text = "{1: {present: [A]}, 2: {present: [B]}}\n"
    with pytest.raises(SheetTextError):  # refused: nothing is written
        rewrite(text, 3, expect(present=["C"]))


def test_a_block_scalar_before_a_new_session_is_never_changed() -> None:
    # its text would gain the line break that ends it: the change is refused, not written
    text = "1:\n  present: [A]\n  absent: |\n    B"
    with pytest.raises(SheetTextError):
        rewrite(text, 2, expect(present=["A"]))


# --- property: in any layout, what is written reads back as meant, the rest as before -----

IDS = st.lists(st.sampled_from([f"UKM-{n:03d}" for n in range(1, 30)]), unique=True, max_size=12)
COMMENT = st.sampled_from(["", "  # catatan", " #\u2014"])


@st.composite
def layouts(draw: st.DrawFn) -> str:
    """Sheets keyed in several ways, at one column, in block, flow and dash styles."""
    numbers = draw(st.lists(st.integers(1, 8), unique=True, min_size=1, max_size=5))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    margin = " " * draw(st.sampled_from([0, 0, 1, 3]))
    indent = " " * draw(st.sampled_from([1, 2, 4]))
    lines = [draw(st.sampled_from(["", "---", "# kepala", "%YAML 1.1\n---"]))]
    for number in numbers:
        if draw(st.booleans()):
            lines.append(margin + f"# sesi {number}")
        key = draw(st.sampled_from(["{n}", "'{n}'", '"{n}"', "0{n}", "? {n}\n" + margin])).format(
            n=number
        )
        shape = draw(st.sampled_from(["block", "block", "flow", "empty"]))
        if shape == "flow":
            lists = ", ".join(f"{s}: [{', '.join(draw(IDS))}]" for s in STATUSES[:2])
            lines.append(f"{margin}{key}: {{{lists}}}" + draw(COMMENT))
            continue
        lines.append(f"{margin}{key}:" + draw(COMMENT))
        if shape == "empty":
            continue
        for status in STATUSES:
            members = draw(IDS)
            style = draw(st.sampled_from(["missing", "flow", "dash", "none", "literal"]))
            pad = margin + indent
            if style == "flow":
                lines.append(f"{pad}{status}: [{', '.join(members)}]" + draw(COMMENT))
            elif style == "dash" and members:
                lines.append(f"{pad}{status}:")
                lines.extend(f"{pad}  - {pid}" + draw(COMMENT) for pid in members)
            elif style == "none":
                lines.append(f"{pad}{status}:" + draw(COMMENT))
            elif style == "literal":
                lines.append(f"{pad}{status}: |" + newline + f"{pad}  teks")
        if draw(st.booleans()):
            lines.append("")
    end = draw(st.sampled_from(["", newline, "# akhir", "..." + newline]))
    return newline.join(line.replace("\n", newline) for line in lines) + end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=layouts(), target=st.integers(1, 9), chosen=st.lists(IDS, min_size=5, max_size=5))
def test_any_layout_reads_back_as_meant(text: str, target: int, chosen: list[list[str]]) -> None:
    parsed = parse_text(text)
    if parsed.problems or not isinstance(parsed.value, dict):
        return  # the generator wrote something that is not a valid file
    seen: set[str] = set()
    wanted = {}
    for status, members in zip(STATUSES, chosen, strict=True):
        wanted[status] = [pid for pid in members if pid not in seen]
        seen.update(members)
    try:
        out = rewrite(text, target, wanted)
    except SheetTextError:
        return  # refused: nothing would be written
    after = parse_text(out)
    assert not after.problems
    keys = [k for k in after.value if k.strip().isdigit() and int(k) == target]
    assert len(keys) == 1
    got = after.value[keys[0]]
    assert {s: [str(p) for p in (got.get(s) or [])] for s in STATUSES} == wanted
    assert {k: v for k, v in after.value.items() if k != keys[0]} == {
        k: v for k, v in parsed.value.items() if k != keys[0]
    }
