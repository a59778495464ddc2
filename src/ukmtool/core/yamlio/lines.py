"""Lines of YAML text: where they start and end, for edits that keep every other byte.

YAML breaks lines at LF, CR, CRLF, NEL, LS and PS (``BREAKS``).  On text the
reader accepts, ``str.splitlines`` counts the same lines (the other breaks it
knows are characters YAML refuses), so line numbers of the reader match.
"""

from __future__ import annotations

BREAKS = "\r\n\x85\u2028\u2029"
"""The characters that end a line in YAML."""


def newline_of(text: str) -> str:
    """The line end ``text`` uses: CRLF when its first LF follows a CR, else LF."""
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def line_start(text: str, index: int) -> int:
    """Index where the line holding ``index`` starts."""
    position = index
    while position > 0 and text[position - 1] not in BREAKS:
        position -= 1
    return position


def line_end(text: str, index: int) -> int:
    """Index just after the line break that ends the line holding ``index`` (or len)."""
    for position in range(index, len(text)):
        char = text[position]
        if char == "\r":
            return position + 2 if text.startswith("\r\n", position) else position + 1
        if char in BREAKS:
            return position + 1
    return len(text)


def column_at(text: str, index: int) -> int:
    """0-based column of ``index`` on its line."""
    return index - line_start(text, index)


def line_starts(text: str) -> list[int]:
    """Where each line starts (lines as ``str.splitlines`` counts them), and the end."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def line_number(text: str, index: int) -> int:
    """The line holding ``index``, 1-based, as the reader numbers lines (an editor's count).

    The reader gives line numbers as an editor counts them (``breaks``): one
    line per LF.  Counted with ``str.count``: a 25 MB file in milliseconds.
    """
    return 1 + text.count("\n", 0, index)


def line(text: str, number: int) -> str | None:
    """Line ``number`` (0-based) of LF-broken ``text``, without its line end; None past the end."""
    start = 0
    for _ in range(number):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def last_line(text: str) -> str | None:
    """The last of ``text.splitlines()`` (None: there is none), splitting only the end of it."""
    size = 256
    while True:
        lines = text[-size:].splitlines()
        if len(lines) >= 2 or size >= len(text):  # a line break before the last line: it is whole
            return lines[-1] if lines else None
        size *= 4


def ends_with_blank_line(text: str) -> bool:
    """Whether the last line of ``text`` is blank (or there is none)."""
    last = last_line(text)
    return last is None or not last.strip() or text.endswith(("\n\n", "\r\n\r\n"))
