"""One pass over the YAML events of a file: where each pair and list is, for edits as text.

``files/sheet_file`` edits an attendance file as text, so it needs character
positions: where a key ends, where a list starts and where its last
character is.  PyYAML's node tree has them, but composing it for a
100,000-participant file means a Python node (and a resolver call) per id:
about 8 s and hundreds of MB.  This walks libyaml's events once and keeps
only what an edit needs:

- every mapping, with its pairs (keys and values as :class:`Node`);
- every sequence's item count and where its content ends;
- the item text of sequences inside the one root pair being edited (the
  first whose key the caller's ``wanted`` picks: a session's sheet), and
  nothing of the items of every other pair.

Positions are character indexes into the text, as in PyYAML's marks.
Anchors, tags and aliases are read as they come (an alias is a leaf); the
caller checks what it writes by reading it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ukmtool.core.yamlio.libyaml import Parser
from ukmtool.core.yamlio.located import NULLS

_BLOCK_STYLES = frozenset({"|", ">"})


class NodeKind(Enum):
    """What a node is."""

    SCALAR = "scalar"
    SEQUENCE = "sequence"
    MAPPING = "mapping"
    ALIAS = "alias"


@dataclass(slots=True, eq=False)
class Node:
    """One value of the file, with where it is.

    ``end`` is the index just after the last character that belongs to the
    node: for a scalar or a flow collection its end, for a block collection
    the end of its last content (the parser ends a block collection where the
    next token starts, which may be after comments and blank lines that
    belong to what follows), for an empty block collection its start.
    """

    kind: NodeKind
    start: int
    column: int
    end: int
    flow: bool = False
    value: str = ""
    style: str | None = None
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[str] | None = None
    size: int = 0

    @property
    def key_text(self) -> str:
        """The text of a scalar key, stripped ("" for any other node)."""
        return self.value.strip() if self.kind is NodeKind.SCALAR else ""


@dataclass(slots=True)
class Scan:
    """The document's root (None when empty) and the first root pair whose key is wanted.

    ``matches`` counts the root keys that are wanted; ``duplicates``
    whether two root keys have the same text; ``block_scalars`` whether
    any value is written as a block scalar (``|`` or ``>``), whose text
    depends on the line breaks and blank lines that follow it.
    """

    root: Node | None
    key: Node | None = None
    value: Node | None = None
    matches: int = 0
    duplicates: bool = False
    block_scalars: bool = False


def scan(text: str, wanted: Callable[[str], bool]) -> Scan:
    """Read ``text`` once; item texts are kept only under the first root key ``wanted`` picks.

    ``wanted`` gets the text of each scalar key of the root mapping, stripped
    (``""`` for a key that is not a scalar).

    Raises ``yaml.YAMLError`` for text that is not YAML, and
    ``yaml.composer.ComposerError`` for more than one document, as composing
    it would.
    """
    parser = Parser(text)
    try:
        return _walk(parser.get_event, wanted)
    finally:
        parser.dispose()


def _walk(get: Callable[[], Any], wanted: Callable[[str], bool]) -> Scan:
    get()  # StreamStartEvent
    if type(get()) is StreamEndEvent:
        return Scan(None)
    result = Scan(None)
    root_keys: set[str] = set()
    stack: list[Node] = []
    keys: list[Node | None] = []  # per open mapping: its key waiting for a value
    top: Node | None = None
    in_seq = in_flow_seq = False  # the innermost open node is a (flow) sequence: the hot path
    keep = False  # inside the wanted pair's value: keep the text of list items
    target_next = False  # the next value at the root is the wanted pair's
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if in_seq:
                assert top is not None
                top.size += 1
                if not in_flow_seq:
                    top.end = max(top.end, event.end_mark.index)
                    if event.style in _BLOCK_STYLES:
                        result.block_scalars = True
                if keep:
                    assert top.items is not None
                    top.items.append(event.value)
                continue
            mark = event.start_mark
            if event.style in _BLOCK_STYLES:
                result.block_scalars = True
            node = Node(
                NodeKind.SCALAR,
                mark.index,
                mark.column,
                event.end_mark.index,
                value=event.value,
                style=event.style,
            )
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            is_seq = kind is SequenceStartEvent
            top = Node(
                NodeKind.SEQUENCE if is_seq else NodeKind.MAPPING,
                mark.index,
                mark.column,
                mark.index,
                flow=bool(event.flow_style),
            )
            if target_next and len(stack) == 1:
                keep = True
            if is_seq and keep:
                top.items = []
            stack.append(top)
            keys.append(None)
            in_seq, in_flow_seq = is_seq, is_seq and top.flow
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()
            keys.pop()
            if node.flow:
                node.end = event.end_mark.index
            if len(stack) == 1:
                keep = False
            top = stack[-1] if stack else None
            in_seq = top is not None and top.kind is NodeKind.SEQUENCE
            in_flow_seq = in_seq and top is not None and top.flow
        elif kind is AliasEvent:
            mark = event.start_mark
            node = Node(NodeKind.ALIAS, mark.index, mark.column, event.end_mark.index)
        elif kind is DocumentEndEvent:
            break
        else:  # pragma: no cover - libyaml sends nothing else inside a document
            raise yaml.composer.ComposerError(None, None, "unexpected event", event.start_mark)
        if top is None:
            result.root = node
            continue
        if top.kind is NodeKind.SEQUENCE:
            top.size += 1
            if not top.flow and node.end > top.end:
                top.end = node.end
            continue
        key = keys[-1]
        if key is None:
            keys[-1] = node
            if len(stack) == 1:
                target_next = _root_key(result, root_keys, node, wanted)
            continue
        top.pairs.append((key, node))
        keys[-1] = None
        if not top.flow:
            top.end = max(top.end, key.end, node.end)
        if len(stack) == 1 and target_next:
            result.value, target_next = node, False
    if type(get()) is not StreamEndEvent:
        raise yaml.composer.ComposerError(
            "expected a single document in the stream", None, "but found another document", None
        )
    return result


def _root_key(result: Scan, seen: set[str], key: Node, wanted: Callable[[str], bool]) -> bool:
    """Note a key of the root mapping; whether its value is the wanted one."""
    text = key.value if key.kind is NodeKind.SCALAR and key.value not in NULLS else ""
    if text in seen:
        result.duplicates = True
    seen.add(text)
    if not wanted(key.key_text):
        return False
    result.matches += 1
    if result.key is not None:
        return False
    result.key = key
    return True
