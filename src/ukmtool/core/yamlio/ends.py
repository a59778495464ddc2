"""The two ends of a long YAML list file, read without its middle.

``ukm register`` appends to ``participants.yaml`` in the file's own style
(``emit``), which is judged by the first and the last entries, and reads
back only the last entry with the new ones (``list_file``).  Parsing the whole
file for that takes seconds at 100,000 entries (21 MB), so when the loader has
just read the very same text into ``count`` entries without an error, where
the entries start is found by counting instead:

- The root is a block list whose first ``-`` is the first thing on its line,
  at column ``d`` (from the parser's first three events).
- Every later entry of that list starts a line: ``d`` spaces, ``-``, then a
  space, tab or line end (a block list's entries are its lines at its
  indentation).  So the places where a line looks like that include every
  entry; when there are exactly ``count`` of them, there are no others (no
  line inside a quoted value or a comment that only looks like one), and the
  k-th of them is where entry k starts.

Any other file (line ends other than LF or CRLF, a flow list, a count that
does not match) gives None, and the caller reads it whole.  Each end is
then parsed on its own and must hold exactly the entries it should.

``ukm edit`` and ``ukm tag`` change entries anywhere in the list: :func:`starts`
gives where every entry starts, by the same count, and :func:`entry_lines`
says whether a piece of text is one entry's lines by the same rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ukmtool.core.yamlio import emit, lines
from ukmtool.core.yamlio.libyaml import Parser
from ukmtool.core.yamlio.reader import LList, parse_text

_BLANK_AFTER_DASH = (" ", "\t", "\n", "\r")
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


@dataclass(frozen=True, slots=True)
class Ends:
    """The first and last entries of a list file, each parsed from its own text."""

    head: tuple[str, LList]
    """The text up to where entry ``emit.HEAD_ENTRIES`` starts, and its root."""
    tail: tuple[str, LList]
    """The text from where entry ``-emit.TAIL_ENTRIES`` starts, and its root."""
    last_start: int
    """Where the line of the last entry's ``-`` starts in the whole text."""


def read(text: str, count: int) -> Ends | None:
    """The ends of ``text``, a list of ``count`` entries as the loader read it; None: read it whole.

    Only worth it for a list longer than both ends together; None for a shorter one.
    """
    head_count, tail_count = emit.HEAD_ENTRIES, emit.TAIL_ENTRIES
    if count <= head_count + tail_count or not _plain_line_ends(text):
        return None
    column = dash_column(text)
    if column is None:
        return None
    dash = "\n" + " " * column + "-"
    at_start = text.startswith(dash[1:]) and _is_entry(text, -1, dash)
    found = text.count(dash + " ")
    if text.count(dash) != found:  # entries with a tab or a line end after the dash, or "---"
        found += sum(text.count(dash + blank) for blank in _BLANK_AFTER_DASH[1:])
    if found + at_start + text.endswith(dash) != count:
        return None
    head_end = _nth_start(text, dash, head_count, at_start)
    tail_start = _nth_start_from_end(text, dash, tail_count)
    last_start = _nth_start_from_end(text, dash, 1)
    if head_end is None or tail_start is None or last_start is None:
        return None
    head = _parsed(text[:head_end], head_count)
    tail = _parsed(text[tail_start:], tail_count)
    if head is None or tail is None:
        return None
    return Ends(head, tail, last_start)


def starts(text: str, count: int) -> list[int] | None:
    """Where the line of each entry of ``text`` starts; None: read it whole.

    ``text`` is a list of ``count`` entries as the loader read it, without an
    error.  The k-th place is where entry k's ``-`` line starts (k from 0); an
    entry runs from there to the next one's place (the last: to the end).
    """
    if count < 1 or not _plain_line_ends(text):
        return None
    column = dash_column(text)
    if column is None:
        return None
    found = _dash_lines(text, column)
    return found if len(found) == count else None


def entry_lines(text: str, column: int) -> bool:
    """Whether ``text`` holds one list entry's ``-`` line at ``column``, first, and no other.

    Its line ends are LF or CRLF only: in a list whose entries are found by
    :func:`starts`, text so written in place of one entry keeps every other
    entry where it starts.
    """
    return _plain_line_ends(text) and _dash_lines(text, column) == [0]


def _dash_lines(text: str, column: int) -> list[int]:
    """Where each line starts that holds a ``-`` at ``column``, first, then a blank or its end."""
    dash = " " * column + r"-(?=[ \t\r\n]|\Z)"
    found = [match.start() + 1 for match in re.finditer("\n" + dash, text)]
    if re.match(dash, text):
        found.insert(0, 0)
    return found


def _plain_line_ends(text: str) -> bool:
    """Lines end with LF or CRLF only (YAML also breaks lines at CR, NEL, LS and PS)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return False
    return text.isascii() or not any(c in text for c in _OTHER_BREAKS)


def dash_column(text: str) -> int | None:
    """The column of the root block list's first ``-`` when it is the first thing on its line."""
    parser = Parser(text)
    try:
        kinds = [parser.get_event() for _ in range(3)]
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    start = kinds[2]
    if not isinstance(start, yaml.SequenceStartEvent) or start.flow_style:
        return None
    mark = start.start_mark
    if mark is None:
        return None
    line = lines.line(text, mark.line)
    if line is None or not line.startswith(" " * mark.column + "-"):
        return None
    column: int = mark.column
    return column


def _is_entry(text: str, at: int, dash: str) -> bool:
    """Whether the ``dash`` found at ``at`` is a list entry's (a blank or the end follows).

    ``at`` is -1 for a dash at the very start (``dash`` less its line break).
    """
    after = at + len(dash)
    return after == len(text) or text[after] in _BLANK_AFTER_DASH


def _nth_start(text: str, dash: str, index: int, at_start: bool) -> int | None:
    """Where the line of entry ``index`` (0-based) starts."""
    if at_start and index == 0:
        return 0
    seen = 1 if at_start else 0
    at = text.find(dash)
    while at >= 0:
        if _is_entry(text, at, dash):
            if seen == index:
                return at + 1
            seen += 1
        at = text.find(dash, at + 1)
    return None


def _nth_start_from_end(text: str, dash: str, index: int) -> int | None:
    """Where the line of entry ``-index`` starts (``index`` 1: the last entry)."""
    seen = 0
    at = text.rfind(dash)
    while at >= 0:
        if _is_entry(text, at, dash):
            seen += 1
            if seen == index:
                return at + 1
        at = text.rfind(dash, 0, at)
    return None


def _parsed(text: str, count: int) -> tuple[str, LList] | None:
    """``text`` and its root when it reads cleanly as a list of exactly ``count`` items."""
    parsed = parse_text(text)
    root = parsed.value
    if parsed.problems or not isinstance(root, LList) or len(root) != count:
        return None
    return text, root
