"""YAML mistakes of layout, worded for the person who typed them.

PyYAML reports a line indented one space too far (or too short) as "mapping
values are not allowed" or "did not find expected '-' indicator", and a
missing colon on the line after it.  These look at the lines themselves and
say what to fix on the line that needs it: ``(line, column, message, hint)``.
"""

from __future__ import annotations

import re
from typing import Any

from ukmtool.i18n import _, ngettext

_KEY_VALUE = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[^\s:#'\"{\[][^:#]*?):(?: +\S.*)?$"
)
_LAYOUT_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected '-' indicator",
    "did not find expected key",
    "could not find expected ':'",
)


def problem(
    text: str, detail: str, line: int | None, opened: Any
) -> tuple[int, int | None, str, str] | None:
    """A worded layout mistake near 0-based ``line``, or None to word it otherwise."""
    if line is None or not any(p in detail for p in _LAYOUT_PROBLEMS):
        return None
    lines = text.splitlines()
    if "could not find expected ':'" in detail and opened is not None:
        missing = _missing_colon(lines, opened.line)
        if missing is not None:
            return missing
    for number in (line, line - 1):
        found = _misindented(lines, number)
        if found is not None:
            return found
    return None


def _content(lines: list[str], number: int) -> bool:
    if not 0 <= number < len(lines):
        return False
    stripped = lines[number].strip()
    return bool(stripped) and not stripped.startswith("#")


def _key_column(line: str) -> int | None:
    """Where the key of a ``key: value`` line starts (after any ``- ``), else None."""
    match = _KEY_VALUE.match(line.rstrip())
    if match is None:
        return None
    return len(match.group("indent")) + len(match.group("dash"))


def _misindented(lines: list[str], number: int) -> tuple[int, int | None, str, str] | None:
    """A ``key: value`` line indented unlike the ``key: value`` line above it."""
    if not _content(lines, number):
        return None
    here = _key_column(lines[number])
    if here is None or lines[number].lstrip().startswith("-"):
        return None
    above = number - 1
    while above >= 0 and not _content(lines, above):
        above -= 1
    if above < 0:
        return None
    previous = lines[above].rstrip()
    there = _key_column(previous)
    if there is None or here == there or previous.endswith(":"):
        return None
    if here < there and _earlier_level(lines, above, here):
        return None  # back to the level of an entry or field above: not this mistake
    spaces = ngettext(
        "This line is indented {count} space; the line above, {above}.",
        "This line is indented {count} spaces; the line above, {above}.",
        here,
    ).format(count=here, above=there)
    return (
        number + 1,
        1,
        spaces,
        _("Indent it with {above} spaces, like the other fields of the entry.").format(above=there),
    )


def _earlier_level(lines: list[str], above: int, column: int) -> bool:
    """Whether a line at or above ``above`` starts its text or its key at ``column``."""
    for number in range(above, -1, -1):
        if not _content(lines, number):
            continue
        line = lines[number]
        if len(line) - len(line.lstrip()) == column or _key_column(line) == column:
            return True
    return False


def _missing_colon(lines: list[str], number: int) -> tuple[int, int | None, str, str] | None:
    """``owner Sri Wahyuni``: a field written without its colon."""
    if not _content(lines, number):
        return None
    line = lines[number]
    body = line.strip()
    if body.startswith("- "):
        body = body[2:].strip()
    if ":" in body:
        return None
    key, _sep, value = body.partition(" ")
    if not key:
        return None
    fixed = f"{key}: {value.strip()}" if value.strip() else f"{key}:"
    return (
        number + 1,
        len(line) - len(line.lstrip()) + 1,
        _("'{text}' has no colon after the field's name.").format(text=body),
        _("Write it as {fixed}").format(fixed=fixed),
    )
