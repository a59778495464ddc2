"""Changing entries of a YAML list as text: values set, keys added or removed, all else kept.

``ukm edit`` and ``ukm tag`` change a field or a few of some entries of a
list file.  Writing the file anew would lose what a person wrote around and
inside the entries (comments, blank lines, the order of keys, quotes), so
each change is made where its value is written:

- a value is replaced where it stands (``phone: "0812..."``);
- a key is added on a line of its own after the key it follows in the usual
  order, indented as the entry's keys are (inside ``{...}``: after that key);
- a key is removed with its line (inside ``{...}``: with its comma);
- an item of a block list (``- unggulan``) or a pair of a block mapping is
  added on a line of its own, or removed with its line; a list or mapping
  written in ``[...]`` or ``{...}`` is written anew.

Positions come from composing only the lines of the entry being changed, so
a change to one entry of a long list costs what that entry costs.  Nothing
here knows ukm's files; the caller reads the new text back before writing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ukmtool.core.yamlio import emit
from ukmtool.core.yamlio.libyaml import Parser
from ukmtool.core.yamlio.lines import BREAKS, line_end, line_start, line_starts
from ukmtool.core.yamlio.located import LList, LMap

Wanted = Mapping[str, emit.Value | None]
"""The keys to change in one entry and their new text (None, ``""``, ``[]``, ``{}``: removed)."""


class CannotEdit(ValueError):
    """The entry is written in a way these edits cannot change safely (the reason, in English)."""


@dataclass
class _Edits:
    """The changes to one piece of text: (start, end, new text), found before any is made."""

    text: str
    style: emit.Style
    found: list[tuple[int, int, str]] = field(default_factory=list)

    def replace(self, start: int, end: int, new: str) -> None:
        self.found.append((start, end, new))

    def applied(self) -> str:
        ordered = sorted(enumerate(self.found), key=lambda e: (e[1][0], e[1][1], e[0]))
        end = 0
        for _seq, (start, stop, _new) in ordered:
            if start < end:
                raise CannotEdit("two changes overlap")
            end = max(end, stop)
        text = self.text
        for _seq, (start, stop, new) in reversed(ordered):
            text = text[:start] + new + text[stop:]
        return text


class _Composer(Parser):  # type: ignore[misc]
    """libyaml's composer, typing nothing (the nodes' kinds and places are all that is used)."""

    def __init__(self, text: str) -> None:
        Parser.__init__(self, text)

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return "?"

    def descend_resolver(self, *args: Any) -> None:
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


def edit_entries(
    text: str,
    root: LList,
    wanted: Mapping[int, Wanted],
    style: emit.Style,
    order: Sequence[str] = (),
) -> str:
    """``text`` with the entries of ``root`` (its parse) at each index of ``wanted`` changed.

    ``order`` is the usual order of keys: a new key goes after the last key
    of the entry that comes before it there (else after the entry's last key).
    Raises :class:`CannotEdit` when an entry is not a mapping on lines of its
    own starting with ``-`` (a list written in ``[...]``, say).
    """
    starts = line_starts(text)
    whole = _Edits(text, style)
    for index in sorted(wanted):
        begin, end = _bounds(text, root, index, starts)
        piece = text[begin:end]
        changed = edit_entry(piece, wanted[index], style, order)
        if changed != piece:
            whole.replace(begin, end, changed)
    return whole.applied()


def edit_entry(piece: str, wanted: Wanted, style: emit.Style, order: Sequence[str] = ()) -> str:
    """``piece``, the lines of one entry of a list (from its ``-`` line on), changed as ``wanted``.

    As :func:`edit_entries` changes an entry; raises :class:`CannotEdit` alike.
    """
    edits = _Edits(piece, style)
    _edit_mapping(edits, _compose(piece), wanted, order)
    return edits.applied() if edits.found else piece


def _bounds(text: str, root: LList, index: int, starts: list[int]) -> tuple[int, int]:
    """Where entry ``index`` starts (its ``-`` line) and where the next one's ``-`` line starts."""
    if not 0 <= index < len(root) or not isinstance(root[index], LMap):
        raise CannotEdit("no such entry")
    line, column, _end = root.item_pos[index]
    dash = _dash_line(text, starts, line, column)
    if dash is None:
        raise CannotEdit("the entry does not start a line with '-'")
    if index + 1 < len(root):
        following, at, _end = root.item_pos[index + 1]
        if following == line:
            raise CannotEdit("two entries on one line")
        after = _dash_line(text, starts, following, at)
        if after is None or after <= line:
            raise CannotEdit("the next entry does not start a line with '-'")
        return starts[dash - 1], starts[after - 1]
    return starts[dash - 1], len(text)


def _dash_line(text: str, starts: list[int], line: int, column: int) -> int | None:
    """The line of the ``-`` of the list item whose value starts at ``line``, ``column``.

    ``- id: ...`` (the ``-`` before the value on its line), or a ``-`` alone on
    a line above it, past blank and comment lines; None when there is neither.
    """
    begin = starts[line - 1]
    if text[begin : begin + column - 1].strip() == "-":
        return line
    if text[begin : begin + column - 1].strip():
        return None
    above = line - 1
    while above >= 1:
        content = text[starts[above - 1] : starts[above]].strip()
        if content == "-":
            return above
        if content and not content.startswith("#"):
            return None
        above -= 1
    return None


def _compose(piece: str) -> MappingNode:
    composer = _Composer(piece)
    try:
        node = composer.get_single_node()
    finally:
        composer.dispose()
    if not isinstance(node, SequenceNode) or len(node.value) != 1:
        raise CannotEdit("the entry's lines are not one list item")
    entry = node.value[0]
    if not isinstance(entry, MappingNode):
        raise CannotEdit("the entry is not a mapping")
    return entry


def _content_end(node: Node, text: str = "") -> int:
    """Just after the last character of ``node``'s own text (a block collection's last item).

    A block scalar (``|``, ``>``) ends with the line break of its last line that
    holds text: the blank lines libyaml counts into it belong to the file's layout
    (often the blank line between two entries) and are kept.
    """
    if isinstance(node, ScalarNode) and node.style in ("|", ">") and text:
        return _block_end(text, int(node.start_mark.index), int(node.end_mark.index))
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    children: list[Node] = []
    if isinstance(node, SequenceNode):
        children = list(node.value)
    elif isinstance(node, MappingNode):
        children = [part for pair in node.value for part in pair]
    if not children:
        return int(node.start_mark.index)
    return max(_content_end(child, text) for child in children)


def _block_end(text: str, start: int, end: int) -> int:
    """Just after the line break of the last line of ``text[start:end]`` that holds text."""
    last = len(text[start:end].rstrip()) + start
    if last <= start:
        return end
    return min(_line_after(text, last), end)


def _after_colon(edits: _Edits, key: Node) -> int:
    """The index just after the ``:`` that follows ``key``."""
    colon = edits.text.find(":", key.end_mark.index)
    if colon < 0:
        raise CannotEdit("no colon after a key")
    return colon + 1


def _empty(value: Node) -> bool:
    return isinstance(value, ScalarNode) and value.end_mark.index == value.start_mark.index


def _value_end(edits: _Edits, key: Node, value: Node) -> int:
    return _after_colon(edits, key) if _empty(value) else _content_end(value, edits.text)


def _edit_mapping(edits: _Edits, node: MappingNode, wanted: Wanted, order: Sequence[str]) -> None:
    pairs = {key.value: (key, value) for key, value in node.value if isinstance(key, ScalarNode)}
    added: list[tuple[str, emit.Value]] = []
    for name, new in wanted.items():
        gone = new is None or new in ("", [], {})
        if name not in pairs:
            if not gone:
                assert new is not None
                added.append((name, new))
            continue
        key, value = pairs[name]
        if new is None or gone:
            _remove_pair(edits, node, key, value)
        elif isinstance(new, list):
            _set_list(edits, name, key, value, new)
        elif isinstance(new, dict):
            _set_mapping(edits, name, key, value, new)
        else:
            _set_text(edits, key, value, _text(edits, name, new, flow=bool(node.flow_style)))
    rank = {name: place for place, name in enumerate(order)}
    for name, new in sorted(added, key=lambda pair: rank.get(pair[0], len(rank))):
        _add_pair(edits, node, name, new, order)


def _text(edits: _Edits, name: str, value: emit.Value, *, flow: bool) -> str:
    return emit.value_text(name, value, edits.style, flow=flow)


def _set_text(edits: _Edits, key: Node, value: Node, new: str) -> None:
    """The value of ``key`` written as ``new`` (text already in YAML form)."""
    if isinstance(value, ScalarNode) and value.style in ("|", ">"):  # a block: up to its end
        start, end = _after_colon(edits, key), _content_end(value, edits.text)
        ending = edits.style.newline if end > 0 and edits.text[end - 1] in BREAKS else ""
        edits.replace(start, end, " " + new + ending)
        return
    if isinstance(value, ScalarNode) and not _empty(value):
        edits.replace(value.start_mark.index, value.end_mark.index, new)
        return
    start = _after_colon(edits, key)
    if isinstance(value, ScalarNode):  # `key:` with nothing after it
        edits.replace(start, start, " " + new)
        return
    edits.replace(start, _content_end(value, edits.text), " " + new)  # a collection


def _remove_pair(edits: _Edits, node: MappingNode, key: Node, value: Node) -> None:
    text = edits.text
    pairs = node.value
    place = next(i for i, (k, _v) in enumerate(pairs) if k is key)
    end = _value_end(edits, key, value)
    if node.flow_style:
        if place > 0:
            before = pairs[place - 1]
            edits.replace(_value_end(edits, *before), end, "")
        elif len(pairs) > 1:
            edits.replace(key.start_mark.index, pairs[1][0].start_mark.index, "")
        else:
            edits.replace(key.start_mark.index, end, "")
        return
    start = line_start(text, key.start_mark.index)
    lead = text[start : key.start_mark.index]
    if not lead.strip():
        edits.replace(start, _line_after(text, end), "")
    elif lead.strip() == "-" and place + 1 < len(pairs):  # the first key, on the `-` line
        edits.replace(key.start_mark.index, pairs[place + 1][0].start_mark.index, "")
    else:
        raise CannotEdit("a key that cannot be removed with its line")


def _line_after(text: str, end: int) -> int:
    """Where the line after the one that holds the character before ``end`` starts."""
    if end > 0 and text[end - 1] in BREAKS:
        return end
    return line_end(text, max(end - 1, 0))


def _add_pair(
    edits: _Edits, node: MappingNode, name: str, new: emit.Value, order: Sequence[str]
) -> None:
    text = edits.text
    pairs = node.value
    if not pairs:
        if not node.flow_style:
            raise CannotEdit("an empty block mapping")
        at = node.start_mark.index + 1
        edits.replace(at, at, f"{name}: {_text(edits, name, new, flow=True)}")
        return
    anchor = pairs[-1]
    if name in order:
        before = set(order[: order.index(name)])
        earlier = [pair for pair in pairs if getattr(pair[0], "value", None) in before]
        if earlier:
            anchor = earlier[-1]
    end = _value_end(edits, *anchor)
    if node.flow_style:
        edits.replace(end, end, f", {name}: {_text(edits, name, new, flow=True)}")
        return
    first = pairs[0][0]
    indent = " " * first.start_mark.column
    line = f"{indent}{name}: {_text(edits, name, new, flow=False)}"
    at = _line_after(text, end)
    newline = edits.style.newline
    if at > 0 and text[at - 1] not in BREAKS:  # the file's last line, without a line end
        edits.replace(at, at, newline + line)
    else:
        edits.replace(at, at, line + newline)


def merged(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The list ``new`` as :func:`edit_entries` writes it over ``old``: old items kept in place."""
    wanted = list(dict.fromkeys(new))
    kept = [item for item in dict.fromkeys(old) if item in wanted]
    return kept + [item for item in wanted if item not in kept]


def _set_list(edits: _Edits, name: str, key: Node, value: Node, new: list[str]) -> None:
    items = value.value if isinstance(value, SequenceNode) else None
    scalars = items is not None and all(isinstance(item, ScalarNode) for item in items)
    if items is None or getattr(value, "flow_style", False) or not scalars or not items:
        old = [item.value for item in items] if items is not None and scalars else []
        _set_text(edits, key, value, _text(edits, name, merged(old, new), flow=False))
        return
    text = edits.text
    result = merged([item.value for item in items], new)
    seen: set[str] = set()
    for item in items:
        if item.value in result and item.value not in seen:
            seen.add(item.value)
            continue
        start = line_start(text, item.start_mark.index)
        if text[start : item.start_mark.index].strip() != "-":
            raise CannotEdit("a list item that does not start its line")
        edits.replace(start, _line_after(text, _content_end(item, text)), "")
    last = items[-1]
    lead = text[line_start(text, last.start_mark.index) : last.start_mark.index]
    if lead.strip() != "-":
        raise CannotEdit("a list item that does not start its line")
    at = _line_after(text, _content_end(last, text))
    newline = edits.style.newline
    for item in result[len(seen) :]:
        line = lead + emit.scalar(item, edits.style.quote)
        if at > 0 and text[at - 1] not in BREAKS:
            edits.replace(at, at, newline + line)
        else:
            edits.replace(at, at, line + newline)


def _set_mapping(edits: _Edits, name: str, key: Node, value: Node, new: dict[str, str]) -> None:
    if not isinstance(value, MappingNode) or value.flow_style or not value.value:
        _set_text(edits, key, value, _text(edits, name, new, flow=False))
        return
    old = {k.value: v for k, v in value.value if isinstance(k, ScalarNode)}
    changes: dict[str, emit.Value | None] = {k: None for k in old if k not in new}
    for item, text in new.items():
        current = old.get(item)
        if not (isinstance(current, ScalarNode) and current.value == text):
            changes[item] = text
    _edit_mapping(edits, value, changes, ())


def entry_values(entry: LMap, wanted: Wanted) -> dict[str, object]:
    """What entry ``entry`` reads as once ``wanted`` is made (for reading the new text back)."""
    result: dict[str, object] = dict(entry)
    for name, new in wanted.items():
        if new is None or new in ("", [], {}):
            result.pop(name, None)
        elif isinstance(new, list):
            old = entry.get(name)
            result[name] = merged(list(old) if isinstance(old, list) else [], new)
        else:
            result[name] = new
    return result
