"""Whatever a file holds, the loader loads it or says what is wrong: it never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit.helpers import MODULES, PARTICIPANTS, PROGRAM, programme

SHEET = "1:\n  present: [UKM-001]\n  late: [UKM-002]\n  absent: []\n"
VALID = {
    "program.yaml": PROGRAM,
    "modules.yaml": MODULES,
    "participants.yaml": PARTICIPANTS,
    "attendance/keuangan.yaml": SHEET,
}
# Characters that mean something to YAML, or that files pasted from elsewhere carry.
SPECIAL = ":-[]{}#&*!|>'\"\t\n\r %@`,?~\\\x00\x07\ufeff\u2028²٣0123456789"
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters inserted, deleted or lines repeated."""
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "repeat-line", "replace"]))
        if kind == "insert":
            text = text[:where] + draw(st.text(SPECIAL, min_size=1, max_size=3)) + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 6)) :]
        elif kind == "replace":
            text = text[:where] + draw(st.text(max_size=4)) + text[where + 1 :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            index = min(where, len(lines) - 1)
            text = "".join(lines[: index + 1] + lines[index:])
    return text


def _assert_parsed(parsed: object) -> None:
    from ukmtool.core.yamlio.reader import LList, LMap, Parsed

    assert isinstance(parsed, Parsed)
    assert parsed.value is None or isinstance(parsed.value, (LMap, LList, str))
    for problem in parsed.problems:
        assert problem.message
        assert problem.line is None or problem.line >= 1


@FAST
@given(st.text(max_size=300))
def test_parse_text_never_raises_on_any_text(text: str) -> None:
    from ukmtool.core.yamlio.reader import parse_text

    _assert_parsed(parse_text(text))


@FAST
@given(st.binary(max_size=300))
def test_parse_bytes_never_raises_on_any_bytes(data: bytes) -> None:
    from ukmtool.core.yamlio.reader import parse_bytes

    _assert_parsed(parse_bytes(data))


@FAST
@given(st.sampled_from(sorted(VALID)).flatmap(lambda n: st.tuples(st.just(n), mutated(VALID[n]))))
def test_parse_text_never_raises_on_mutated_yaml(case: tuple[str, str]) -> None:
    from ukmtool.core.yamlio.reader import parse_text

    _assert_parsed(parse_text(case[1]))


def _load_with(name: str, content: str | bytes) -> None:
    from ukmtool.core.folder import Folder
    from ukmtool.core.reading.loader import load
    from ukmtool.diagnostics import Diagnostic

    with tempfile.TemporaryDirectory() as tmp:
        folder = programme(Path(tmp) / "p", attendance__keuangan=SHEET)
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
        result = load(Folder(folder))
        for diagnostic in result.diagnostics:
            assert isinstance(diagnostic, Diagnostic)
            assert diagnostic.file.is_relative_to(folder)
            assert diagnostic.message
        if result.ok:
            assert result.programme is not None


@FAST
@given(st.sampled_from(sorted(VALID)).flatmap(lambda n: st.tuples(st.just(n), mutated(VALID[n]))))
def test_load_never_raises_on_a_folder_with_a_mutated_file(case: tuple[str, str]) -> None:
    _load_with(*case)


@FAST
@given(st.sampled_from(sorted(VALID)), st.text(max_size=200) | st.binary(max_size=200))
def test_load_never_raises_on_a_folder_with_any_text_in_a_file(
    name: str, content: str | bytes
) -> None:
    _load_with(name, content)


VALUE = st.text(SPECIAL + "abcXYZ.+/", max_size=12) | st.text(max_size=12) | st.integers().map(str)


@st.composite
def one_value_changed(draw: st.DrawFn) -> tuple[str, str]:
    """A valid file with the value of one ``key: value`` line replaced by anything."""
    name = draw(st.sampled_from(sorted(VALID)))
    lines = VALID[name].splitlines()
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    index = draw(st.sampled_from(candidates))
    key = lines[index].split(": ", 1)[0]
    value = draw(VALUE)
    quoted = draw(st.booleans())
    shown = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if quoted else value
    lines[index] = f"{key}: {shown}"
    return name, "\n".join(lines) + "\n"


@FAST
@given(one_value_changed())
def test_load_never_raises_with_any_value_in_any_field(case: tuple[str, str]) -> None:
    _load_with(*case)
