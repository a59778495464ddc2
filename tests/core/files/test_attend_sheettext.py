"""Only the session's own block of an attendance file changes, whatever the file looks like."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ukmtool.core.files.sheet_file import rewrite
from ukmtool.core.yamlio.reader import parse_text

STATUSES = ("present", "late", "excused", "sick", "absent")


def lists(**given: list[str]) -> dict[str, list[str]]:
    return {s: given.get(s, []) for s in STATUSES}


def read(text: str, session: int) -> dict[str, list[str]]:
    parsed = parse_text(text.removeprefix("\ufeff"))
    assert not parsed.problems
    sheet = parsed.value[str(session)] or {}
    return {s: list(sheet.get(s) or []) for s in STATUSES}


def test_a_trailing_comment_on_a_rewritten_list_stays() -> None:
    text = "1:\n  present: [A, B]   # hadir\n  excused: [C]   # izin\n"
    out = rewrite(text, 1, lists(present=["A"], excused=["C"], absent=["B"]))
    assert out == "1:\n  present: [A]   # hadir\n  excused: [C]   # izin\n  absent: [B]\n"


def test_a_missing_list_goes_in_status_order() -> None:
    text = "1:\n  present: [A]\n  # nobody sick\n  absent: [D]  # alpa\n"
    out = rewrite(text, 1, lists(present=["A"], late=["B"], sick=["C"], absent=["D"]))
    assert out == (
        "1:\n  present: [A]\n  late: [B]\n  sick: [C]\n  # nobody sick\n  absent: [D]  # alpa\n"
    )


def test_a_missing_first_list_goes_before_the_others() -> None:
    text = "1:\n    absent: [D]\n"
    out = rewrite(text, 1, lists(present=["A"], absent=["D"]))
    assert out == "1:\n    present: [A]\n    absent: [D]\n"


def test_a_list_of_dash_lines_stays_one() -> None:
    text = "1:\n  present:  # hadir\n    - A\n    # B was late\n    - B\n  absent: [C]\n"
    out = rewrite(text, 1, lists(present=["A", "B", "E"], absent=["C"]))
    assert out == "1:\n  present:  # hadir\n    - A\n    - B\n    - E\n  absent: [C]\n"
    emptied = rewrite(text, 1, lists(absent=["A", "B", "C"]))
    assert emptied == "1:\n  present: []\n  absent: [A, B, C]\n"


def test_an_empty_value_is_filled_in_place() -> None:
    text = "1:\n  present: [A]\n  sick:     # sakit\n"
    out = rewrite(text, 1, lists(present=["A"], sick=["B"]))
    assert out == "1:\n  present: [A]\n  sick: [B]     # sakit\n"


def test_a_flow_sheet_becomes_a_block_keeping_its_comment() -> None:
    # the file writes no empty lists, so the new block does not either
    text = "# top\n1: {present: [A]}  # kept\n2: {late: [B]}\n"
    out = rewrite(text, 1, lists(present=["A"], late=["C"]))
    assert out == ("# top\n1:  # kept\n  present: [A]\n  late: [C]\n2: {late: [B]}\n")


def test_an_empty_sheet_gets_its_lists() -> None:
    text = "1:\n3:   # not yet\n"
    out = rewrite(text, 3, lists(present=["A"]))
    assert read(out, 3) == lists(present=["A"])
    assert out.startswith("1:\n3:   # not yet\n")


def test_long_lists_wrap_under_the_first_item() -> None:
    ids = [f"UKM-{n:03d}" for n in range(1, 31)]
    out = rewrite(None, 1, lists(present=ids))
    lines = out.splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert lines[1].startswith("  present: [UKM-001, ")
    assert lines[2].startswith(" " * 12 + "UKM-")
    assert read(out, 1) == lists(present=ids)


def test_a_new_block_follows_the_files_style() -> None:
    text = "1:\n    present: [A]\n2:\n    present: [B]\n"  # indent 4, no blank lines, omits empties
    out = rewrite(text, 3, lists(present=["C"], sick=["D"]))
    assert out == text + "3:\n    present: [C]\n    sick: [D]\n"


def test_a_new_block_after_blank_lines_and_a_missing_final_newline() -> None:
    text = "1:\n  present: [A]\n  late: []\n\n2:\n  present: [B]\n  late: []"
    out = rewrite(text, 4, lists(late=["C"]))
    assert (
        out
        == text + "\n\n4:\n  present: []\n  late: [C]\n  excused: []\n  sick: []\n  absent: []\n"
    )


def test_a_file_of_only_comments() -> None:
    text = "# header only\n"
    out = rewrite(text, 2, lists(absent=["A"]))
    assert out.startswith("# header only\n\n2:\n")
    assert read(out, 2) == lists(absent=["A"])


def test_a_new_file_gets_the_header() -> None:
    out = rewrite(None, 1, lists(present=["A"]), header="# h1\n# h2\n")
    assert out == (
        "# h1\n# h2\n\n1:\n  present: [A]\n  late: []\n  excused: []\n  sick: []\n  absent: []\n"
    )


def test_bom_crlf_and_unicode_survive() -> None:
    text = (
        "\ufeff# Sesi \u2014 \u00e9t\u00e9\r\n1:\r\n  present: [A]  # \U0001f600\r\n  late: [B]\r\n"
    )
    out = rewrite(text, 1, lists(present=["A", "B"]))
    assert (
        out == "\ufeff# Sesi \u2014 \u00e9t\u00e9\r\n1:\r\n"
        "  present: [A, B]  # \U0001f600\r\n  late: []\r\n"
    )


def test_unusual_line_breaks_in_comments_do_not_shift_the_edit() -> None:
    text = "# a\u2028# b\x85# c\n1:\n  present: [A]\n2:\n  present: [B]\n"
    out = rewrite(text, 2, lists(present=["B", "C"]))
    assert out == "# a\u2028# b\x85# c\n1:\n  present: [A]\n2:\n  present: [B, C]\n"


def test_a_quoted_or_padded_session_key_is_found() -> None:
    text = "'1':\n  present: [A]\n"
    out = rewrite(text, 1, lists(present=["A", "B"]))
    assert out == "'1':\n  present: [A, B]\n"


# --- property: whatever the file, only the block changes and it reads back as meant ----

IDS = st.lists(st.sampled_from([f"UKM-{n:03d}" for n in range(1, 40)]), unique=True, max_size=25)
COMMENT = st.sampled_from(["", "  # catatan", "   # izin \u2014 sakit"])


@st.composite
def sheet_text(draw: st.DrawFn) -> tuple[str, int, int]:
    """A file of 1-4 sheets in mixed styles, the index of one sheet, and its number."""
    numbers = draw(st.lists(st.integers(1, 9), unique=True, min_size=1, max_size=4))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    blocks = []
    for number in numbers:
        lines = []
        if draw(st.booleans()):
            lines.append(f"# Sesi {number}")
        lines.append(f"{number}:" + draw(COMMENT))
        for status in STATUSES:
            shape = draw(st.sampled_from(["missing", "flow", "dash", "empty"]))
            members = draw(IDS)
            if shape == "missing":
                continue
            if shape == "empty":
                lines.append(f"  {status}:" + draw(COMMENT))
            elif shape == "flow":
                lines.append(f"  {status}: [" + ", ".join(members) + "]" + draw(COMMENT))
            elif members:
                lines.append(f"  {status}:" + draw(COMMENT))
                lines.extend(f"    - {pid}" + draw(COMMENT) for pid in members)
            if draw(st.booleans()):
                lines.append("  # inside")
        blocks.append(newline.join(lines) + newline)
    separator = draw(st.sampled_from(["", "\n", "\n\n"])).replace("\n", newline)
    return separator.join(blocks), draw(st.integers(0, len(numbers) - 1)), numbers[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=sheet_text(), new_ids=st.lists(IDS, min_size=5, max_size=5), fresh=st.booleans())
def test_only_the_sessions_block_changes(
    data: tuple[str, int, int], new_ids: list[list[str]], fresh: bool
) -> None:
    text, _index, _first = data
    parsed = parse_text(text)
    if parsed.problems:
        return  # the generator can write a sheet that is not valid YAML; skip it
    sessions = [int(k) for k in parsed.value]
    seen: set[str] = set()
    wanted = {}
    for status, members in zip(STATUSES, new_ids, strict=True):
        wanted[status] = [pid for pid in members if pid not in seen]
        seen.update(members)
    target = max(sessions) + 1 if fresh else sessions[_index % len(sessions)]
    if not any(wanted.values()):
        wanted["present"] = ["UKM-001"]
    out = rewrite(text, target, wanted)
    assert read(out, target) == wanted
    after = parse_text(out).value
    for number in sessions:
        if number != target:
            assert after[str(number)] == parsed.value[str(number)]
    if fresh:
        assert out.startswith(text)
    else:
        # everything before the session's key and after its block is the same text
        key_line = text.splitlines(keepends=True)
        start = next(i for i, line in enumerate(key_line) if line.split(":")[0] == str(target))
        head = "".join(key_line[:start])
        assert out.startswith(head)
        later = [n for n in sessions if n != target and sessions.index(n) > sessions.index(target)]
        if later:
            tail_start = text.index(f"\n{later[0]}:") if f"\n{later[0]}:" in text else None
            if tail_start is not None:
                tail = text[tail_start:]
                # comments before the next block may follow the rewritten lists, so compare
                # from the next block's key line
                assert out.endswith(tail[tail.index(f"{later[0]}:") :])


@pytest.mark.parametrize("session", [1, 2])
def test_the_other_block_is_untouched_text(session: int) -> None:
    one = "1:\n  present: [A]   # x\n  # inside one\n  absent:\n    - B\n"
    two = "# before two\n2:\n  late: [C]\n  # end of two\n"
    text = one + "\n" + two
    out = rewrite(text, session, lists(present=["Z"], late=["C"]))
    if session == 1:
        assert out.endswith("\n" + two)
    else:
        assert out.startswith(one + "\n# before two\n2:\n")
