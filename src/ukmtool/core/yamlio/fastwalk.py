"""The fast path of ``reader``: build values straight from libyaml's events.

``reader.parse_text`` first tries :func:`build`, which walks the parser's
event stream once, without the node tree (the node tree of a 100,000-person
attendance file takes gigabytes) and without a resolver, and stores positions
packed in arrays of ints.  It handles ordinary documents only; for anything
unusual (an anchor, alias or tag, a duplicate key, a key that is not a plain
value, deep nesting, several documents, invalid YAML) it gives up and returns
``None``, and ``parse_text`` reads the text again the careful way, which finds
and words every problem.  So on any text it accepts, it returns exactly what
the careful way returns: tests compare the two on the sample and on broken
files.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ukmtool.core.yamlio.libyaml import HAVE_LIBYAML, Parser
from ukmtool.core.yamlio.located import MAX_DEPTH, NULLS, LList, LMap

TICK_EVERY = 1 << 16
"""Events between two calls of the progress callback."""

Tick = Callable[[int], None]
"""Called now and then with the number of characters read so far."""


class _GiveUp(Exception):
    """The text is not ordinary: let the careful reader handle it."""


def available() -> bool:
    """Whether the walk runs on libyaml (else on the same parser in Python: slower, same values)."""
    return HAVE_LIBYAML


def build(
    text: str, tick: Tick | None = None, memo: dict[str, str] | None = None
) -> tuple[Any, bool] | None:
    """``(value, empty)`` for an ordinary document, or None to read it the careful way.

    ``memo`` shares one string object per distinct value (the same id on a
    hundred sheets is one object); pass the same dict for every file of a folder.
    """
    try:
        parser = Parser(text)
    except yaml.YAMLError:
        return None
    # Without these characters there can be no tag, anchor or alias to look for.
    marked = "!" in text or "&" in text or "*" in text
    try:
        return _walk(parser.get_event, tick, marked, {} if memo is None else memo)
    except (_GiveUp, yaml.YAMLError, OverflowError, RecursionError):
        return None
    finally:
        parser.dispose()


def _walk(
    get: Callable[[], Any], tick: Tick | None, marked: bool, memo: dict[str, str]
) -> tuple[Any, bool]:
    get()  # StreamStartEvent
    event = get()
    if type(event) is StreamEndEvent:
        return None, True
    intern = memo.setdefault  # one string object for each id however often it is listed
    keys_memo: dict[tuple[str, ...], tuple[str, ...]] = {}
    # A frame: [is mapping, the LMap or LList, flat positions, keys in order,
    #           pending key (None: a key comes next), key line, key column]
    stack: list[list[Any]] = []
    frame: list[Any] = []
    in_seq = False  # the innermost open node is a sequence: the hot path
    append: Callable[[Any], None] = list.append.__get__([])
    positions: list[int] = []
    root: Any = None
    countdown = TICK_EVERY
    while True:
        event = get()
        kind = type(event)
        countdown -= 1
        if not countdown:
            countdown = TICK_EVERY
            if tick is not None:
                tick(event.start_mark.index)
        if kind is ScalarEvent:
            if marked and (event.anchor is not None or event.tag is not None):
                raise _GiveUp
            value = event.value
            value = None if event.implicit[0] and value in NULLS else intern(value, value)
            mark = event.start_mark
            if in_seq:
                append(value)
                positions += (mark.line + 1, mark.column + 1, event.end_mark.line + 1)
                continue
            line, column, end = mark.line + 1, mark.column + 1, event.end_mark.line + 1
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if marked and (event.anchor is not None or event.tag is not None):
                raise _GiveUp
            if len(stack) >= MAX_DEPTH or (stack and frame[0] and frame[4] is None):
                raise _GiveUp  # too deep, or a list or mapping used as a key
            mark = event.start_mark
            if kind is MappingStartEvent:
                node: Any = LMap(mark.line + 1, mark.column + 1, 0)
                frame = [True, node, [], [], None, 0, 0]
                in_seq = False
            else:
                node = LList(mark.line + 1, mark.column + 1, 0)
                frame = [False, node, [], None, None, 0, 0]
                in_seq, append = True, node.append
            positions = frame[2]
            stack.append(frame)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()
            value = done[1]
            line, column, end = value.line, value.column, event.end_mark.line + 1
            if done[0]:
                keys = tuple(done[3])
                value.seal(end, array("i", done[2]), keys_memo.setdefault(keys, keys))
            else:
                value.seal(end, array("i", done[2]))
            if not stack:
                root = value
                continue
            frame = stack[-1]
            positions = frame[2]
            in_seq = not frame[0]
            if in_seq:
                append = frame[1].append
                append(value)
                positions += (line, column, end)
                continue
        elif kind is DocumentEndEvent:
            break
        else:  # AliasEvent, or anything else unexpected
            raise _GiveUp
        if not stack:
            root = value
        elif frame[4] is None:  # this scalar is a key
            key = "" if value is None else value
            if key in frame[1]:
                raise _GiveUp  # a duplicate key: the careful reader words it
            frame[4], frame[5], frame[6] = key, line, column
        else:
            key = frame[4]
            frame[1][key] = value
            positions += (frame[5], frame[6], line, column, end)
            frame[3].append(key)
            frame[4] = None
    if type(get()) is not StreamEndEvent:
        raise _GiveUp  # more than one document
    return root, False
