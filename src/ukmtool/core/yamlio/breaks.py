"""Line numbers as editors count them, when a file holds U+0085, U+2028 or U+2029.

YAML counts NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR
(U+2029), and a lone CR, as line breaks, and so do both readers (libyaml and
PyYAML's own): one of them inside a quoted value would put every later
``FILE:LINE`` one line off.  An editor counts only LF.  When a text holds
one of these, the lines of what was read are moved to the editor's count
(columns are left as YAML counted them).  Other files pay one scan.
"""

from __future__ import annotations

import re
from typing import Any

from ukmtool.core.yamlio.located import LList, LMap

_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def needs_remap(text: str) -> bool:
    """Whether YAML counts lines in ``text`` otherwise than an editor does."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    return "\r" in text and text.count("\r") != text.count("\r\n")


def line_table(text: str) -> list[int]:
    """YAML's line number (1-based, the index) -> the editor's line number."""
    table = [1, 1]
    line = 1
    for match in _YAML_BREAK.finditer(text):
        if "\n" in match.group():
            line += 1
        table.append(line)
    return table


def remap(value: Any, table: list[int]) -> None:
    """Move every line number held in ``value`` (LMap/LList, nested) to the editor's count."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, LMap):
            node.line, node.end_line = at(table, node.line), at(table, node.end_line)
            node.key_pos = {k: (at(table, line), col) for k, (line, col) in node.key_pos.items()}
            node.value_pos = {
                k: (at(table, line), col, at(table, end))
                for k, (line, col, end) in node.value_pos.items()
            }
            stack.extend(node.values())
        elif isinstance(node, LList):
            node.line, node.end_line = at(table, node.line), at(table, node.end_line)
            node.item_pos = [
                (at(table, line), col, at(table, end)) for line, col, end in node.item_pos
            ]
            stack.extend(node)


def at(table: list[int], line: int | None) -> Any:
    """The editor's line for YAML's ``line`` (past the table: counted on from its end)."""
    if line is None or line <= 0:
        return line
    if line < len(table):
        return table[line]
    return table[-1] + line - (len(table) - 1)
