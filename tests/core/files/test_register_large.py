"""``ukm register`` in a long ``participants.yaml``: only the ends are read, with the same result.

A register at 100,000 participants reads the file's first and last entries
(``core/yamlends``), not the whole file, loads the folder once, and finds
duplicates without normalising every name one by one.  These tests hold
that it still writes exactly what reading the whole file would, and still
refuses what it refused.
"""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.kit.helpers import Run, programme
from tests.kit.register import BATIK, participants
from ukmtool.core import duplicates, idrecord
from ukmtool.core.fields import norm, norm_all
from ukmtool.core.files import list_file as appending
from ukmtool.core.writing import register as registration
from ukmtool.core.writing.participant import FIELDS
from ukmtool.core.yamlio import emit as yamltext
from ukmtool.core.yamlio import ends as yamlends
from ukmtool.core.yamlio.reader import LList, parse_text

LONG = yamltext.HEAD_ENTRIES + yamltext.TAIL_ENTRIES + 30
"""Entries in a list long enough to be read by its ends."""


def entry(
    number: int,
    *,
    blank: bool = True,
    quoted_id: bool = False,
    comment: bool = False,
    indent: int = 0,
    flow: bool = False,
    phone_quote: str = '"',
    reorder: bool = False,
) -> str:
    """One participant as text, in the given style."""
    pid = f'"UKM-{number:03d}"' if quoted_id else f"UKM-{number:03d}"
    fields = [
        ("id", pid),
        ("business", f"Batik Nomor {number}"),
        ("owner", f"Pemilik {number}"),
        ("gender", "F" if number % 2 else "M"),
        ("sector", "batik"),
        ("district", "Jepon"),
        ("phone", f"{phone_quote}0812{number:08d}{phone_quote}"),
        ("registered", "2018-01-01"),
    ]
    if reorder:
        fields = [fields[0], fields[7], *fields[1:7]]
    lead = ("\n" if blank else "") + (" " * indent + "# a note\n" if comment else "")
    if flow:
        return lead + " " * indent + "- {" + ", ".join(f"{k}: {v}" for k, v in fields) + "}\n"
    keys = "".join(f"{' ' * (indent + 2)}{k}: {v}\n" for k, v in fields[1:])
    return lead + f"{' ' * indent}- id: {pid}\n" + keys


def long_file(count: int = LONG, **style: Any) -> str:
    """A participants.yaml of ``count`` entries in one style, with a header comment."""
    return "# participants\n" + "".join(entry(n, **style) for n in range(1, count + 1))


def whole(text: str) -> tuple[yamltext.Style, int]:
    """Style and last entry's start as reading the whole file gives them."""
    root = parse_text(text).value
    return yamltext.detect(text, root, FIELDS), appending._last_entry_offset(text, root)


def by_ends(text: str, count: int) -> tuple[yamltext.Style, int] | None:
    """The same, read at the ends only (None when the ends reader declines)."""
    ends = yamlends.read(text, count)
    if ends is None:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    style = yamltext.detect_ends(ends.head, ends.tail, FIELDS, newline=newline)
    return style, ends.last_start


@settings(max_examples=40, deadline=None)
@given(
    flags=st.lists(
        st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans()),
        min_size=LONG,
        max_size=LONG + 15,
    ),
    indent=st.sampled_from([0, 2, 4]),
    crlf=st.booleans(),
)
def test_reading_the_ends_gives_what_reading_the_whole_file_gives(
    flags: list[tuple[bool, bool, bool, bool, bool]], indent: int, crlf: bool
) -> None:
    text = "# participants\n" + "".join(
        entry(
            n,
            blank=blank,
            quoted_id=quoted,
            comment=comment,
            indent=indent,
            flow=flow,
            phone_quote="'" if single else '"',
        )
        for n, (blank, quoted, comment, flow, single) in enumerate(flags, start=1)
    )
    if crlf:
        text = text.replace("\n", "\r\n")
    assert by_ends(text, len(flags)) == whole(text)


@pytest.mark.parametrize(
    "style",
    [
        {},
        {"blank": False},
        {"quoted_id": True, "phone_quote": "'"},
        {"indent": 2, "comment": True},
        {"flow": True, "blank": False},
        {"reorder": True},
    ],
    ids=["blank-lines", "no-blank-lines", "quoted", "indented-commented", "flow", "key-order"],
)
def test_a_long_file_in_one_style_is_read_by_its_ends(style: dict[str, Any]) -> None:
    text = long_file(**style)
    assert by_ends(text, LONG) == whole(text)


def _quoted_value_with_an_entry_like_line() -> tuple[str, int]:
    half = LONG // 2
    middle = (
        '\n- id: UKM-900\n  business: "Batik\n- id: UKM-901\n  Sekar"\n  owner: Pemilik X\n'
        "  gender: F\n  sector: batik\n  district: Jepon\n  registered: 2018-01-01\n"
    )
    first = "".join(entry(n) for n in range(1, half + 1))
    return first + middle + "".join(entry(n) for n in range(half + 1, LONG + 1)), LONG + 1


def _empty_entry_the_loader_skips() -> tuple[str, int]:
    return long_file() + "-\n", LONG


def _lines_ending_in_cr_only() -> tuple[str, int]:
    return long_file().replace("\n", "\r"), LONG


def _a_flow_list() -> tuple[str, int]:
    return "[" + ", ".join(f"{{id: UKM-{n:03d}}}" for n in range(1, LONG + 1)) + "]\n", LONG


def _a_mapping() -> tuple[str, int]:
    return "".join(f"UKM-{n:03d}: x\n" for n in range(1, LONG + 1)), LONG


def _a_short_list() -> tuple[str, int]:
    count = yamltext.HEAD_ENTRIES + yamltext.TAIL_ENTRIES
    return long_file(count), count


@pytest.mark.parametrize(
    "fault",
    [
        _quoted_value_with_an_entry_like_line,
        _empty_entry_the_loader_skips,
        _lines_ending_in_cr_only,
        _a_flow_list,
        _a_mapping,
        _a_short_list,
    ],
)
def test_the_ends_reader_declines_what_it_cannot_count(fault: Any) -> None:
    text, count = fault()
    assert yamlends.read(text, count) is None


@pytest.mark.usefixtures("during_the_programme")
def test_a_quoted_value_holding_an_entry_like_line_is_appended_after_all(
    ukm: Run, tmp_path: Path
) -> None:
    text, _count = _quoted_value_with_an_entry_like_line()
    folder = programme(tmp_path / "p", participants=text)
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 0, result.output
    assert (folder / "participants.yaml").read_text(encoding="utf-8").startswith(text)
    registered = participants(folder)
    assert [p.business for p in registered[LONG // 2 - 1 : LONG // 2 + 1]] == [
        f"Batik Nomor {LONG // 2}",
        "Batik - id: UKM-901 Sekar",
    ]
    assert registered[-1].business == "Batik Sekar Jati"


@pytest.mark.usefixtures("during_the_programme")
def test_one_register_in_a_long_file_reads_only_its_ends_and_loads_once(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 1000
    text = long_file(count)
    folder = programme(tmp_path / "p", participants=text)
    assert ukm("--data", str(folder), "check").exit_code == 0  # the load cache is warm
    loads: list[Path] = []
    parsed: list[int] = []
    real_load, real_parse = registration.load, yamlends.parse_text

    def counted_load(where: Any, **kwargs: Any) -> Any:
        loads.append(where.root)
        return real_load(where, **kwargs)

    def measured_parse(part: str, **kwargs: Any) -> Any:
        parsed.append(len(part))
        return real_parse(part, **kwargs)

    def no_whole_read(*args: Any) -> Any:
        raise AssertionError("participants.yaml was parsed whole")

    monkeypatch.setattr(registration, "load", counted_load)
    monkeypatch.setattr(yamlends, "parse_text", measured_parse)
    monkeypatch.setattr(appending, "_parse_whole", no_whole_read)
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 0, result.output
    assert len(loads) == 1
    assert len(parsed) == 2 and sum(parsed) < len(text) / 3
    new = (folder / "participants.yaml").read_text(encoding="utf-8")
    assert new == text + f"\n- id: UKM-{count + 1}\n" + (
        "  business: Batik Sekar Jati\n  owner: Sri Wahyuni\n  gender: F\n  sector: batik\n"
        "  district: Jepon\n  registered: 2017-12-13\n"  # today, pinned
    )
    assert participants(folder)[-1].id == f"UKM-{count + 1}"


@pytest.mark.parametrize("recent_blank", [True, False])
@pytest.mark.usefixtures("during_the_programme")
def test_a_file_whose_style_changed_is_followed_as_its_recent_entries_write(
    ukm: Run, tmp_path: Path, recent_blank: bool
) -> None:
    """Two thirds written one way, the last entries another: new ones look like the last."""
    older = "".join(entry(n, blank=not recent_blank, quoted_id=recent_blank) for n in range(1, 401))
    recent = "".join(
        entry(n, blank=recent_blank, quoted_id=not recent_blank) for n in range(401, 651)
    )
    folder = programme(tmp_path / "p", participants=older + recent)
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 0, result.output
    added = (folder / "participants.yaml").read_text(encoding="utf-8")[len(older + recent) :]
    pid = "UKM-651" if recent_blank else '"UKM-651"'
    assert added.startswith(("\n" if recent_blank else "") + f"- id: {pid}\n  business: ")
    assert participants(folder)[-1].business == "Batik Sekar Jati"


@pytest.mark.usefixtures("during_the_programme")
def test_a_hand_edit_of_a_long_file_while_registering_is_not_overwritten(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme(tmp_path / "p", participants=long_file())
    path = folder / "participants.yaml"
    edited = path.read_bytes() + b"# edited by hand meanwhile\n"
    real = yamlends.read

    def read_then_edit(text: str, count: int) -> Any:
        ends = real(text, count)
        assert ends is not None  # the long file is read by its ends ...
        path.write_bytes(edited)  # ... and saved in an editor meanwhile
        return ends

    monkeypatch.setattr(yamlends, "read", read_then_edit)
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 1
    assert "was changed by someone else while ukm was working" in result.stderr
    assert path.read_bytes() == edited


@pytest.mark.usefixtures("during_the_programme")
def test_a_duplicate_in_a_long_file_is_refused_as_before(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", participants=long_file())
    before = (folder / "participants.yaml").read_bytes()
    result = ukm(
        "--data", str(folder), "register", "--business", "BATIK nomor-150", "--owner",
        "pemilik 150", "--gender", "F", "--sector", "batik", "--district", "Jepon",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "UKM-150 (Batik Nomor 150, Pemilik 150) has the same business and owner" in (
        result.stderr
    )
    assert (folder / "participants.yaml").read_bytes() == before


def _find_one_by_one(new: list[dict[str, Any]], existing: list[Any]) -> list[duplicates.Match]:
    """``duplicates.find`` as it was: every key of every registered participant."""
    seen: dict[tuple[str, str], Any] = {}
    for participant in existing:
        shown = {k: getattr(participant, k) for k in ("nik", "phone", "business", "owner")}
        for key in duplicates.keys(shown):
            seen.setdefault(key, participant)
    matches = []
    for index, values in enumerate(new):
        own = duplicates.keys(values)
        hits = [seen[key] for key in own if key in seen]
        if hits:
            target = next((h for h in hits if not isinstance(h, int)), hits[0])
            kinds = tuple(k for k, v in own if duplicates._same(seen.get((k, v)), target))
            earlier = target if isinstance(target, int) else None
            matches.append(
                duplicates.Match(index, None if earlier is not None else target, earlier, kinds)
            )
        for key in own:
            seen.setdefault(key, index)
    return matches


_NAMES = st.sampled_from(["Batik Sekar", "BATIK sekar", "batik-sekar!", "Soto", "", "Ölé", "ß x"])
_PERSON = st.fixed_dictionaries(
    {
        "business": _NAMES,
        "owner": _NAMES,
        "phone": st.sampled_from([None, "", "0812", "0813"]),
        "nik": st.sampled_from([None, "3316", "3317"]),
    }
)


@settings(max_examples=200, deadline=None)
@given(existing=st.lists(_PERSON, max_size=12), new=st.lists(_PERSON, max_size=6))
def test_duplicates_are_found_as_one_by_one(
    existing: list[dict[str, Any]], new: list[dict[str, Any]]
) -> None:
    registered: list[Any] = [SimpleNamespace(**person) for person in existing]

    def shown(matches: list[duplicates.Match]) -> list[tuple[Any, ...]]:
        return [(m.index, id(m.existing), m.existing is None, m.earlier, m.kinds) for m in matches]

    assert shown(duplicates.find(new, registered)) == shown(_find_one_by_one(new, registered))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12)))
def test_names_normalised_together_as_one_by_one(values: list[str]) -> None:
    assert norm_all(values) == [norm(value) for value in values]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.from_regex(r"UKM-[0-9]{1,6}", fullmatch=True),
            st.text(alphabet="UKM-0123456789\nx", max_size=10),
        )
    )
)
def test_the_next_number_as_one_by_one(ids: list[str]) -> None:
    highest = 0
    for pid in ids:
        if pid.startswith("UKM-") and pid[4:].isdigit() and pid[4:].isascii():
            highest = max(highest, int(pid[4:]))
    assert idrecord.next_number(ids) == highest + 1


def test_a_long_file_read_by_its_ends_still_reads_back(tmp_path: Path) -> None:
    """A shuffled mix of styles: the appended text reads back as the list plus the new entry."""
    rng = random.Random(9)
    text = "".join(
        entry(n, blank=rng.random() < 0.5, comment=rng.random() < 0.1) for n in range(1, LONG + 1)
    )
    root = parse_text(text).value
    assert isinstance(root, LList)
    existing = [registration.Participant.model_validate(item) for item in root]
    written = [{"id": "UKM-999", "business": "Batik Sekar Jati", "owner": "Sri", "gender": "F",
                "sector": "batik", "district": "Jepon", "registered": "2018-01-02"}]  # fmt: skip
    path = tmp_path / "participants.yaml"
    new = appending.append_participants(text.encode(), existing, written, path, FIELDS, loaded=True)
    assert new == appending.append_participants(text.encode(), existing, written, path, FIELDS)
    assert parse_text(new.decode()).value[-1] == written[0]
