"""Every byte outside the changed values stays: generated files, with comments and spacing.

Hypothesis writes ``participants.yaml`` files the way people do (comments
above, between, inside and after entries, blank lines, two indentations,
quotes or none, trailing comments, block or bracketed tags, CRLF, a
byte-order mark) and changes one entry with ``ukm edit``'s write.  The
bytes before and after that entry stay exactly, every line of the entry that
holds no changed value stays in order, and the file reads back as before
except for the change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit.helpers import programme
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load
from ukmtool.core.writing import edit as editing

COMMENTS = st.sampled_from(["# catatan", "#", "# ditulis tangan: jangan hapus", "#---"])
SPACES = st.sampled_from(["", " ", "   "])


@dataclass
class Written:
    """One generated file: its text and, per entry, the lines each field is on."""

    text: str
    ids: list[str]


@st.composite
def entry_lines(draw: st.DrawFn, number: int, indent: int, dash: int) -> list[str]:
    pid = f"UKM-{number:03d}"
    quote = draw(st.sampled_from(["", "'", '"']))
    fields = [
        ("id", pid),
        ("business", draw(st.sampled_from(["Batik Sekar", "Warung Bu Sri", "Mebel Jati"]))),
        ("owner", draw(st.sampled_from(["Rina", "Sri Utami", "Joko"]))),
        ("gender", draw(st.sampled_from(["F", "M", "P", "Lk"]))),
        ("sector", "batik"),
        ("district", draw(st.sampled_from(["Cepu", "Kec. Jepon", "japah"]))),
    ]
    if draw(st.booleans()):
        fields.append(("phone", f"{quote or chr(34)}08123456{number:04d}{quote or chr(34)}"))
    if draw(st.booleans()):
        fields.append(("village", f"{quote}Desa {number}{quote}"))
    if draw(st.booleans()):
        fields.append(("employees", draw(st.sampled_from(["3", "2 orang", "±5"]))))
    fields.append(("registered", draw(st.sampled_from(["2018-01-01", "02/01/2018"]))))
    body = draw(st.permutations(fields[1:]))
    fields = [fields[0], *body]
    lines: list[str] = []
    lone = draw(st.integers(0, 7)) == 0  # the `-` alone on its line, the keys below
    for place, (key, value) in enumerate(fields):
        after = draw(st.one_of(st.just(""), COMMENTS.map(lambda c: "   " + c)))
        text = f"{key}:{draw(SPACES) or ' '}{value}{after}"
        if place == 0 and lone:
            lines += [" " * dash + "-", " " * indent + text]
        elif place == 0:
            lines.append(" " * dash + "-" + " " * (indent - dash - 1) + text)
        else:
            if draw(st.integers(0, 5)) == 0:
                lines.append(" " * indent + draw(COMMENTS))
            lines.append(" " * indent + text)
    if draw(st.integers(0, 4)) == 0:  # a note of two lines, as a block scalar
        lines += [" " * indent + "notes: |", " " * (indent + 2) + "baris satu"]
        lines += [" " * (indent + 2) + "baris dua"]
    tags = draw(st.sampled_from([None, "flow", "block"]))
    if tags == "flow":
        lines.append(" " * indent + "tags: [unggulan, binaan-pkk]")
    elif tags == "block":
        lines += [" " * indent + "tags:", " " * (indent + 2) + "- unggulan   # pertama"]
        lines.append(" " * (indent + 2) + "- binaan-pkk")
    return lines


@st.composite
def files(draw: st.DrawFn) -> Written:
    count = draw(st.integers(1, 4))
    indent = draw(st.sampled_from([2, 4]))
    dash = draw(st.sampled_from([0, indent - 2]))
    lines = [draw(COMMENTS) for _ in range(draw(st.integers(0, 2)))]
    for number in range(1, count + 1):
        lines += [""] * draw(st.integers(0, 2))
        lines += [draw(COMMENTS) for _ in range(draw(st.integers(0, 1)))]
        lines += draw(entry_lines(number, indent, dash))
    lines += [draw(COMMENTS) for _ in range(draw(st.integers(0, 1)))]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    end = draw(st.sampled_from([newline, ""]))
    text = newline.join(lines) + end
    return Written(text, [f"UKM-{n:03d}" for n in range(1, count + 1)])


CHANGES = st.sampled_from(
    [
        {"phone": "0813 1111 2222"},
        {"phone": ""},
        {"village": ""},
        {"village": "Soko Baru"},
        {"owner": "Sri Rahayu: pemilik"},
        {"employees": "12"},
        {"notes": "pindah alamat"},
        {"nib": "9120001234567", "employees": ""},
        {"district": "Cepu", "registered": "13/01/2018"},
    ]
)
TAGS = st.sampled_from([None, (), ("unggulan",), ("baru", "unggulan")])

PROGRAM_BASE = Path(__file__)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(written=files(), data=st.data())
def test_only_the_changed_values_of_the_entry_change(
    tmp_path: Path, written: Written, data: st.DataObject
) -> None:
    bom = data.draw(st.booleans())
    raw = ("\ufeff" if bom else "") + written.text
    folder = programme(tmp_path / f"p{abs(hash(raw)) % 10**9}", participants=raw.encode())
    path = folder / "participants.yaml"
    loaded = load(Folder(folder), cache=False)
    assert loaded.ok, [d.message for d in loaded.errors]
    pid = data.draw(st.sampled_from(written.ids))
    changes = data.draw(CHANGES)
    tags = data.draw(TAGS)
    request = editing.Request(values=changes, tags=tags)
    old = path.read_bytes()
    outcome = editing.edit(Folder(folder), pid, request)
    assert isinstance(outcome, editing.Outcome)
    new = path.read_bytes()
    if not outcome.changes:
        assert new == old
        return
    assert new.startswith(b"\xef\xbb\xbf") == bom
    old_text, new_text = old.decode("utf-8-sig"), new.decode("utf-8-sig")
    start, end = _entry_bounds(old_text, pid)
    assert new_text.startswith(old_text[:start])
    assert new_text.endswith(old_text[end:])
    changed = {change.field for change in outcome.changes}
    kept_lines = [
        line
        for line in old_text[start:end].splitlines()
        if not any(line.lstrip(" -").startswith(f"{name}:") for name in changed)
        and not ("notes" in changed and line.startswith(" ") and "baris" in line)
        and not (("tags" in changed) and line.lstrip().startswith("- ") and "id:" not in line)
    ]
    new_lines = iter(new_text[start : len(new_text) - (len(old_text) - end)].splitlines())
    assert all(any(line == other for other in new_lines) for line in kept_lines)
    if "\r\n" in old_text:
        assert "\n" not in new_text.replace("\r\n", "")
    after = load(Folder(folder), cache=False)
    assert after.ok and after.programme is not None, [d.message for d in after.errors]
    before_people = {p.id: p for p in loaded.programme.participants}  # type: ignore[union-attr]
    for person in after.programme.participants:
        if person.id != pid:
            assert person == before_people[person.id]
        else:
            assert person == outcome.after


def _entry_bounds(text: str, pid: str) -> tuple[int, int]:
    """From the start of the ``-`` line of entry ``pid`` to the start of the next one's."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    ids = [i for i, line in enumerate(lines) if re.match(r"\s*(-\s+)?id:", line)]
    dashes = [_dash(lines, i) for i in ids]
    own = next(d for i, d in zip(ids, dashes, strict=True) if pid in lines[i])
    following = [d for d in dashes if d > own]
    return offsets[own], offsets[following[0]] if following else len(text)


def _dash(lines: list[str], at: int) -> int:
    """The line of the ``-`` of the entry whose id is on line ``at``."""
    if lines[at].lstrip().startswith("-"):
        return at
    above = at - 1
    while lines[above].strip() != "-":
        above -= 1
    return above


NOTED = (
    "- id: UKM-001\n  business: Batik Sekar\n  owner: Rina\n  gender: F\n  sector: batik\n"
    "  district: Cepu\n  registered: 2018-01-01\n  notes: |\n    baris satu\n    baris dua\n"
    "\n\n# ditulis tangan: jangan hapus\n"
    "- id: UKM-002\n  business: Mebel Jati\n  owner: Joko\n  gender: M\n  sector: batik\n"
    "  district: Cepu\n  registered: 2018-01-01\n"
)


@pytest.mark.parametrize(
    ("notes", "written"),
    [("pindah alamat", "  notes: pindah alamat\n"), ("", "")],
)
def test_a_block_note_is_changed_without_the_blank_lines_after_it(
    tmp_path: Path, notes: str, written: str
) -> None:
    folder = programme(tmp_path / "p", participants=NOTED.encode())
    editing.edit(Folder(folder), "UKM-001", editing.Request(values={"notes": notes}))
    head, tail = NOTED.split("  notes: |\n    baris satu\n    baris dua\n")
    assert (folder / "participants.yaml").read_text() == head + written + tail
