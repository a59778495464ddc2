"""``sheet_file.rewrite`` with make-ups (format 1.2): the ``makeup`` mapping of one sheet.

Written as one flow mapping after the lists (``makeup: {UKM-076: 2019-08-10}``),
wrapped at 100 columns like a list; one a person wrote as a block mapping is
rewritten in place, the comment on its line kept; every other sheet and every
line outside the session's block stays as it was.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ukmtool.core.files.sheet_file import rewrite
from ukmtool.core.models import STATUSES
from ukmtool.core.yamlio.reader import parse_text


def lists(**given: list[str]) -> dict[str, list[str]]:
    return {s: given.get(s, []) for s in STATUSES}


def made_up(text: str, session: int) -> dict[str, str]:
    value = parse_text(text).value
    sheet = value[str(session)]
    return dict(sheet.get("makeup") or {})


D1, D2 = date(2018, 1, 12), date(2018, 1, 19)


def test_a_make_up_goes_after_the_lists_of_a_block_sheet() -> None:
    text = "1:\n  present: [A, B]\n  absent: [C]   # alpa\n\n2:\n  present: [A]\n"
    out = rewrite(text, 1, lists(present=["A", "B"], absent=["C"]), makeup={"D": D1})
    assert out == (
        "1:\n  present: [A, B]\n  absent: [C]   # alpa\n  makeup: {D: 2018-01-12}\n\n"
        "2:\n  present: [A]\n"
    )


def test_a_second_make_up_rewrites_the_mapping_in_place() -> None:
    text = "1:\n  present: [A]\n  makeup: {D: 2018-01-12}   # susulan\n2:\n  present: [A]\n"
    out = rewrite(text, 1, lists(present=["A"]), makeup={"D": D1, "E": D2})
    assert out == (
        "1:\n  present: [A]\n  makeup: {D: 2018-01-12, E: 2018-01-19}   # susulan\n"
        "2:\n  present: [A]\n"
    )


def test_a_block_mapping_written_by_hand_becomes_one_line_keeping_its_comment() -> None:
    text = "1:\n  present: [A]\n  makeup:\n    D: 2018-01-12   # susulan Sabtu\n2:\n  late: [B]\n"
    out = rewrite(text, 1, lists(present=["A"]), makeup={"D": D1, "E": D2})
    assert made_up(out, 1) == {"D": "2018-01-12", "E": "2018-01-19"}
    assert "# susulan Sabtu" in out and out.endswith("2:\n  late: [B]\n")


def test_emptied_it_is_written_as_an_empty_mapping() -> None:
    text = "1:\n  present: [A]\n  makeup: {D: 2018-01-12}\n"
    out = rewrite(text, 1, lists(present=["A", "D"]), makeup={})
    assert out == "1:\n  present: [A, D]\n  makeup: {}\n"


def test_a_new_sheet_and_a_new_file_hold_their_make_ups() -> None:
    out = rewrite("1:\n  present: [A]\n", 2, lists(present=["A"]), makeup={"B": D1})
    assert made_up(out, 2) == {"B": "2018-01-12"}
    fresh = rewrite(None, 1, lists(present=["A"]), makeup={"B": D1}, header="# h\n")
    assert fresh.startswith("# h\n") and made_up(fresh, 1) == {"B": "2018-01-12"}


def test_a_long_mapping_wraps_under_its_first_item() -> None:
    ids = {f"UKM-{n:03d}": D1 + timedelta(days=n) for n in range(1, 13)}
    out = rewrite(None, 1, lists(present=["UKM-100"]), makeup=ids)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert made_up(out, 1) == {pid: day.isoformat() for pid, day in ids.items()}
    wrapped = [line for line in out.splitlines() if line.startswith(" " * 11)]
    assert wrapped and all(line[11] != " " for line in wrapped)


IDS = [f"UKM-{n:03d}" for n in range(1, 30)]


@st.composite
def sheets(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A file of 1-3 sheets, some with make-ups written as flow or block mappings."""
    numbers = draw(st.lists(st.integers(1, 6), unique=True, min_size=1, max_size=3))
    blocks = []
    for number in numbers:
        lines = [f"{number}:", "  present: [" + ", ".join(draw(st.lists(st.sampled_from(IDS),
                 unique=True, min_size=1, max_size=5))) + "]"]  # fmt: skip
        shape = draw(st.sampled_from(["none", "flow", "block", "empty"]))
        pids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=4))
        if shape == "flow":
            lines.append("  makeup: {" + ", ".join(f"{p}: 2018-02-0{i + 1}"
                         for i, p in enumerate(pids)) + "}")  # fmt: skip
        elif shape == "block" and pids:
            lines.append("  makeup:" + draw(st.sampled_from(["", "  # susulan"])))
            lines += [f"    {p}: 2018-02-0{i + 1}" for i, p in enumerate(pids)]
        elif shape == "empty":
            lines.append("  makeup:")
        blocks.append("\n".join(lines) + "\n")
    return draw(st.sampled_from(["", "\n"])).join(blocks), numbers


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=sheets(),
    pick=st.integers(0, 5),
    new=st.dictionaries(st.sampled_from(IDS), st.integers(0, 40), max_size=6),
)
def test_only_the_sessions_make_ups_change(
    data: tuple[str, list[int]], pick: int, new: dict[str, int]
) -> None:
    text, numbers = data
    before = parse_text(text).value
    target = numbers[pick % len(numbers)]
    present = [str(p).strip() for p in before[str(target)]["present"]]
    wanted = {pid: D1 + timedelta(days=n) for pid, n in new.items() if pid not in present}
    out = rewrite(text, target, lists(present=present), makeup=wanted)
    assert made_up(out, target) == {pid: day.isoformat() for pid, day in wanted.items()}
    after = parse_text(out).value
    for number in numbers:
        if number != target:
            assert after[str(number)] == before[str(number)]
