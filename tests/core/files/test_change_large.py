"""``ukm edit`` and ``ukm tag`` in a long ``participants.yaml``: only the changed entries are read.

When the loader has just read the file without an error, ``change_entries``
finds the entries by counting their ``-`` lines, parses each changed entry
alone and reads back only it (``files/list_file``).  These tests hold that it
writes exactly the bytes that parsing, changing and reading back the whole
file writes (and refuses what that refuses), on files written the way people
write them and on files written to mislead a scan: a ``- id:`` line inside a
quoted value, a ``-`` holding nothing, comments, flow entries, quoted keys,
CRLF, a byte-order mark; and that an ordinary long file really is changed
without being parsed whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.kit.helpers import programme
from ukmtool.core.files import list_file
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant
from ukmtool.core.reading.loader import load
from ukmtool.core.writing.edit import ORDER
from ukmtool.core.yamlio import emit
from ukmtool.errors import UkmError

LONG = emit.HEAD_ENTRIES + emit.TAIL_ENTRIES + 12
"""Entries in a list long enough to be read by its ends (and changed by counting)."""

ODD = (
    "lone dash",
    "flow",
    "quoted keys",
    "comments",
    "block note",
    "quoted note with a dash line",
    "empty entry",
    "anchor and tag",
    "tags block",
    "tags flow",
)
"""Ways one entry may be written; a few entries of a generated file are written so."""


@dataclass(frozen=True)
class Layout:
    """How a generated file writes its entries."""

    dash: int
    indent: int
    newline: str
    blank: bool
    bom: bool
    head: str
    tail: str


def entry_text(number: int, layout: Layout, odd: str | None) -> str:
    """Participant ``number`` as text (its lines end with LF; the file's newline comes later)."""
    pid = f"UKM-{number:03d}"
    fields = [
        ("id", pid),
        ("business", f"Batik Nomor {number}"),
        ("owner", f"Pemilik {number}"),
        ("gender", "F" if number % 2 else "M"),
        ("sector", "batik"),
        ("district", "Jepon"),
        ("phone", f'"0812{number:08d}"'),
        ("registered", "2018-01-01"),
    ]
    dash, pad = " " * layout.dash, " " * layout.indent
    if odd == "flow":
        return dash + "- {" + ", ".join(f"{k}: {v}" for k, v in fields) + "}\n"
    if odd == "quoted keys":
        fields = [(f'"{k}"' if i % 2 else f"'{k}'", v) for i, (k, v) in enumerate(fields)]
    if odd == "anchor and tag":
        fields[1] = ("business", f"&b{number} !!str Batik Nomor {number}")
    lines = [f"{k}: {v}" for k, v in fields]
    if odd == "comments":
        lines.insert(1, "# - id: UKM-999 (a note that looks like an entry)")
        lines[3] += "   # - id: UKM-998"
    if odd == "block note":
        lines += ["notes: |", "  - id: UKM-997", "  baris dua"]
    if odd == "quoted note with a dash line":
        lines.append('notes: "satu')
        after = ["- id: UKM-996", '  dua"']
        rest = "".join(pad + line + "\n" for line in lines[1:])
        return (
            dash
            + "-"
            + " " * (layout.indent - layout.dash - 1)
            + lines[0]
            + "\n"
            + rest
            + ("".join(dash + line + "\n" for line in after))
        )
    if odd == "tags block":
        lines += ["tags:", "  - binaan", "  - baru"]
    if odd == "tags flow":
        lines.append("tags: [binaan, baru]")
    body = "".join(pad + line + "\n" for line in lines[1:])
    if odd == "lone dash":
        return dash + "-\n" + pad + lines[0] + "\n" + body
    return dash + "-" + " " * (layout.indent - layout.dash - 1) + lines[0] + "\n" + body


def file_text(layout: Layout, odd: Mapping[int, str], count: int = LONG) -> str:
    """A participants.yaml of ``count`` entries, some written oddly, in ``layout``."""
    parts = [layout.head]
    for number in range(1, count + 1):
        if layout.blank and number > 1:
            parts.append("\n")
        kind = odd.get(number)
        if kind == "empty entry":
            parts.append(" " * layout.dash + "-\n")
        parts.append(entry_text(number, layout, kind))
    text = "".join(parts) + layout.tail
    return ("\ufeff" if layout.bom else "") + text.replace("\n", layout.newline)


layouts = st.builds(
    Layout,
    dash=st.sampled_from([0, 2]),
    indent=st.just(0),  # set from dash below
    newline=st.sampled_from(["\n", "\r\n"]),
    blank=st.booleans(),
    bom=st.booleans(),
    head=st.sampled_from(["", "# participants\n\n", "%YAML 1.1\n---\n", "---\n# peserta\n"]),
    tail=st.sampled_from(["", "\n# akhir\n", "...\n# selesai\n"]),
).map(lambda layout: Layout(**{**layout.__dict__, "indent": layout.dash + 2}))

CHANGES: list[dict[str, emit.Value | None]] = [
    {"phone": "081399998888"},
    {"phone": None},
    {"owner": "Sri Rahayu: pemilik"},
    {"notes": "pindah alamat"},
    {"notes": None},
    {"village": "Soko Baru", "employees": "12"},
    {"tags": ["unggulan"]},
    {"tags": ["baru", "unggulan"]},
    {"tags": None},
    {"business": "Batik\n- id: UKM-001"},
]


def loaded_entries(tmp_path: Path, raw: bytes) -> list[Participant] | None:
    """The participants the loader reads from ``raw`` (None: it refuses the folder)."""
    folder = programme(tmp_path / f"p{abs(hash(raw)) % 10**9}", participants=raw)
    result = load(Folder(folder), cache=False)
    if not result.ok or result.programme is None:
        return None
    return list(result.programme.participants)


def both(
    raw: bytes, wanted: Mapping[str, Mapping[str, emit.Value | None]], people: list[Participant]
) -> tuple[Any, Any, bool]:
    """What changing by counting and changing the whole give (bytes and read back, or the error)."""
    path = Path("participants.yaml")
    whole_path = list_file._change_whole
    used_whole = False

    def spy(*args: Any, **kwargs: Any) -> str:
        nonlocal used_whole
        used_whole = True
        return whole_path(*args, **kwargs)

    def run(loaded: list_file.Loaded | None) -> Any:
        seen = list_file.ReadBack()
        try:
            new = list_file.change_entries(raw, path, wanted, ORDER, seen=seen, loaded=loaded)
        except UkmError as error:
            return type(error), str(error)
        replaced = {i: (dict(b), dict(a)) for i, (b, a) in (seen.replaced or {}).items()}
        return new, replaced

    whole = run(None)
    list_file._change_whole = spy  # type: ignore[assignment]
    try:
        found = run(list_file.Loaded(people, _id))
    finally:
        list_file._change_whole = whole_path  # type: ignore[assignment]
    return found, whole, not used_whole


def _id(participant: Participant) -> str:
    return participant.id


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    layout=layouts,
    odd=st.dictionaries(st.integers(1, LONG), st.sampled_from(ODD), max_size=4),
    data=st.data(),
)
def test_changing_by_counting_writes_what_changing_the_whole_writes(
    tmp_path: Path, layout: Layout, odd: dict[int, str], data: st.DataObject
) -> None:
    raw = file_text(layout, odd).encode("utf-8")
    people = loaded_entries(tmp_path, raw)
    assert people is not None  # every layout here is one the loader reads
    targets = data.draw(
        st.lists(
            st.one_of(st.sampled_from(sorted(odd) or [1]), st.integers(1, LONG)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    wanted = {f"UKM-{n:03d}": data.draw(st.sampled_from(CHANGES)) for n in targets}
    found, whole, counted = both(raw, wanted, people)
    event("changed by counting" if counted else "changed whole")
    assert found == whole
    if counted:
        new, _replaced = found
        assert isinstance(new, bytes)
        assert new.startswith(b"\xef\xbb\xbf") == layout.bom


@pytest.mark.parametrize("dash", [0, 2])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize(
    "odd", [None, "flow", "quoted keys", "comments", "lone dash", "block note"]
)
def test_an_ordinary_long_file_is_changed_without_parsing_it_whole(
    tmp_path: Path, dash: int, newline: str, odd: str | None
) -> None:
    layout = Layout(dash, dash + 2, newline, True, False, "# peserta\n\n", "")
    raw = file_text(layout, {LONG // 2: odd} if odd else {}).encode("utf-8")
    people = loaded_entries(tmp_path, raw)
    assert people is not None
    wanted = {f"UKM-{LONG // 2:03d}": {"phone": "081399998888", "tags": ["unggulan"]}}
    found, whole, counted = both(raw, wanted, people)
    assert counted
    assert found == whole
    new, replaced = found
    old_text, new_text = raw.decode(), new.decode()
    start = old_text.index(f"UKM-{LONG // 2:03d}")
    assert new_text[:start] == old_text[:start]  # every byte before the entry kept
    following = old_text.index(f"UKM-{LONG // 2 + 1:03d}")
    assert new_text.endswith(old_text[following:])  # and every byte after it
    assert list(replaced) == [LONG // 2 - 1]


@pytest.mark.parametrize(
    ("odd", "why"),
    [
        ("quoted note with a dash line", "a '- id:' line inside a quoted value"),
        ("empty entry", "a '-' holding nothing: one more '-' line than entries"),
    ],
)
def test_a_file_that_misleads_the_count_is_changed_whole(
    tmp_path: Path, odd: str, why: str
) -> None:
    layout = Layout(0, 2, "\n", True, False, "", "")
    raw = file_text(layout, {5: odd}).encode("utf-8")
    people = loaded_entries(tmp_path, raw)
    assert people is not None, why
    wanted = {"UKM-100": {"owner": "Sri Rahayu"}}
    found, whole, counted = both(raw, wanted, people)
    assert not counted, why
    assert found == whole


def test_entries_the_loader_did_not_read_from_these_bytes_are_never_trusted(
    tmp_path: Path,
) -> None:
    """Models that do not match the entry's text (another file's, stale) send it to the whole."""
    layout = Layout(0, 2, "\n", True, False, "", "")
    raw = file_text(layout, {}).encode("utf-8")
    people = loaded_entries(tmp_path, raw)
    assert people is not None
    stale = [
        p.model_copy(update={"owner": "Orang Lain"}) if p.id == "UKM-100" else p for p in people
    ]
    wanted = {"UKM-100": {"phone": "081399998888"}}
    found, whole, counted = both(raw, wanted, stale)
    assert not counted
    assert found == whole


def test_many_changes_read_the_whole_list(tmp_path: Path) -> None:
    layout = Layout(0, 2, "\n", False, False, "", "")
    raw = file_text(layout, {}).encode("utf-8")
    people = loaded_entries(tmp_path, raw)
    assert people is not None
    many = LONG // list_file.FEW + 1
    wanted: dict[str, Mapping[str, emit.Value | None]] = {
        f"UKM-{n:03d}": {"tags": ["unggulan"]} for n in range(1, many + 1)
    }
    found, whole, counted = both(raw, wanted, people)
    assert not counted
    assert found == whole
