"""Edits of YAML text that keep every other byte: a value replaced, a pair removed, an item added.

``ukm init --like`` writes last year's ``program.yaml`` and ``modules.yaml``
with a new name and every date moved: the comments, the order and the layout
a person wrote stay as they were.  :func:`compose` gives PyYAML's node tree
(each node knows where it starts and ends in the text); the functions below
turn a node into an :class:`Edit` (a span of the text and what replaces it)
and :func:`apply` makes them all at once.  The caller reads the result back
to check it says what it should.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ukmtool.core.yamlio import lines
from ukmtool.core.yamlio.reader import compose

__all__ = [
    "Edit",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "append_item",
    "apply",
    "compose",
    "pair",
    "remove_pair",
    "replace_scalar",
]

_BLOCK_STYLES = frozenset({"|", ">"})
_SPACE = " \t\r\n\x85\u2028\u2029"


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def apply(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit made; edits must not overlap."""
    result: list[str] = []
    at = 0
    for edit in sorted(edits):
        if edit.start < at:
            raise ValueError("overlapping edits")
        result.append(text[at : edit.start])
        result.append(edit.new)
        at = edit.end
    result.append(text[at:])
    return "".join(result)


def pair(mapping: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The (key, value) nodes of ``key`` in a mapping node, or None."""
    if not isinstance(mapping, MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def replace_scalar(text: str, node: ScalarNode, new: str, *, keep_quotes: bool = False) -> Edit:
    """Replace a scalar's text with ``new`` (already YAML: plain or quoted).

    ``keep_quotes`` writes ``new`` inside the quote characters the scalar had
    (for a value that is the same kind of text, a date).  A block scalar
    (``|``, ``>``) keeps the comment of its header line and the line breaks
    that end it; a scalar written over several lines becomes one.
    """
    start, end = node.start_mark.index, node.end_mark.index
    if keep_quotes and node.style in ("'", '"'):
        new = node.style + new + node.style
    if node.style in _BLOCK_STYLES:
        span = text[start:end]
        header = span.splitlines()[0] if span else ""
        if "#" in header:
            new += "  " + header[header.index("#") :].rstrip()
        new += span[len(span.rstrip(_SPACE)) :]  # the line breaks that end it
    return Edit(start, end, new)


def remove_pair(text: str, mapping: MappingNode, key: Node) -> Edit:
    """Remove the pair of ``key`` from ``mapping``: its lines in a block mapping.

    In a flow mapping (``{a: 1, b: 2}``) the pair and one comma go.
    """
    pairs = mapping.value
    index = next(i for i, (k, _v) in enumerate(pairs) if k is key)
    value = pairs[index][1]
    if mapping.flow_style:
        if index > 0:
            return Edit(pairs[index - 1][1].end_mark.index, value.end_mark.index, "")
        if len(pairs) > 1:
            return Edit(key.start_mark.index, pairs[1][0].start_mark.index, "")
        return Edit(key.start_mark.index, value.end_mark.index, "")
    start = lines.line_start(text, key.start_mark.index)
    if text[start : key.start_mark.index].strip():  # `- key: value`: the entry's first pair
        start = key.start_mark.index
    end = value.end_mark.index
    last = end - 1 if end > start and text[end - 1 : end] in ("\n", "\r") else end
    return Edit(start, lines.line_end(text, max(last, start)), "")


def append_item(text: str, sequence: SequenceNode, item: str) -> Edit:
    """Add ``item`` (YAML text) after the last item of a sequence, in its style."""
    if sequence.flow_style or not sequence.value:
        close = sequence.end_mark.index - 1  # the `]`
        inside = text[sequence.start_mark.index + 1 : close]
        separator = ", " if inside.strip() else ""
        if not sequence.flow_style:  # an empty block sequence cannot exist; never reached
            raise ValueError("an empty block sequence")
        return Edit(close, close, separator + item)
    last = sequence.value[-1]
    line_start = lines.line_start(text, last.start_mark.index)
    prefix = text[line_start : last.start_mark.index]
    if prefix.strip() != "-":  # `key: - a` cannot happen; `- - a` nests: keep only the dash
        prefix = " " * (len(prefix) - len(prefix.lstrip(" "))) + "- "
    end = last.end_mark.index
    at = lines.line_end(text, end - 1 if text[end - 1 : end] in ("\n", "\r") else end)
    newline = lines.newline_of(text)
    before = "" if at == 0 or text[at - 1] in "\r\n" else newline
    return Edit(at, at, before + prefix + item + newline)
