"""Appending entries to a YAML list file as text, and proving it reads back.

``ukm register`` appends participants to ``participants.yaml``, ``ukm visit``
visits to ``visits.yaml``.  The new entries are written after the last byte
of the file, in its style (``yamltext``).  Before anything is written, the
end of the new text (from the last old entry on) is read back with the same
reader ``ukm check`` uses: it must give the last old entry and then exactly
the new entries' text, or nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

from ukmtool.core.models import Participant
from ukmtool.core.yamlio import emit as yamltext
from ukmtool.core.yamlio import ends as yamlends
from ukmtool.core.yamlio.reader import NULLS, LList, decode, parse_text
from ukmtool.errors import DataError, UkmError
from ukmtool.i18n import _

_EventLoader: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when there is one
M = TypeVar("M", bound=BaseModel)


def append_participants(
    old: bytes,
    existing: Sequence[Participant],
    written: Sequence[Mapping[str, yamltext.Value]],
    path: Path,
    order: Sequence[str],
    *,
    loaded: bool = False,
) -> bytes:
    """New participants appended to ``participants.yaml`` (see :func:`append_entries`)."""
    return append_entries(old, existing, written, path, order, Participant, loaded=loaded)


def append_entries(
    old: bytes,
    existing: Sequence[M],
    written: Sequence[Mapping[str, yamltext.Value]],
    path: Path,
    order: Sequence[str],
    model: type[M],
    *,
    loaded: bool = False,
) -> bytes:
    """``old`` with the ``written`` entries appended in its style, checked by reading it back.

    ``existing`` are the entries ``old`` holds (as the loader read them, as
    ``model``); ``order`` is the usual order of keys.  ``loaded`` says that
    the loader read ``existing`` from these very bytes without an error: a
    long list is then read only at its two ends (``yamlends``), not whole.
    Raises :class:`UkmError`, and nothing is to be written, when the text
    would not read back as exactly those entries followed by exactly the new ones.
    """
    text, problem = decode(old)
    if text is None:  # the loader reported it, and the folder was refused
        raise DataError(problem.message if problem else path.name)
    ends = yamlends.read(text, len(existing)) if loaded else None
    if ends is not None:
        newline = "\r\n" if "\r\n" in text else "\n"
        style = yamltext.detect_ends(ends.head, ends.tail, order, newline=newline)
        start = ends.last_start
    else:
        style, start = _read_whole(text, path, order)
    addition = yamltext.append(text, written, style)
    kept = existing[-1:] if start else existing
    _verify(text[start:] + addition, kept, written, path, model)
    return old + addition.encode("utf-8")


def _read_whole(text: str, path: Path, order: Sequence[str]) -> tuple[yamltext.Style, int]:
    """The style of the list file ``text`` and where its last entry starts, parsing all of it."""
    parsed = parse_text(text)
    root = parsed.value
    if root is not None and not isinstance(root, LList):
        raise _cannot_append(path)
    if isinstance(root, LList) and _flow_root(text, root):
        raise UkmError(
            _(
                "{name} is written as one [...] list; ukm adds entries as lines starting with '- '."
            ).format(name=path.name),
            hint=_("Remove the [ ] (an empty list is an empty file) and run the command again."),
        )
    return yamltext.detect(text, root, order), _last_entry_offset(text, root)


def _flow_root(text: str, root: LList) -> bool:
    lines = text.splitlines()
    line = lines[root.line - 1] if 0 < root.line <= len(lines) else ""
    return line[root.column - 1 : root.column] == "["


def _last_entry_offset(text: str, root: LList | None) -> int:
    """Where the line of the last entry's ``-`` starts (0 when that is not plain to see).

    From there to the end the text is a YAML list of its own: reading back
    only that much (not the whole file) shows the new entries joined the list.
    """
    if not root or root[-1] is None:
        return 0
    line, column, _end = root.item_pos[-1]
    lines = text.splitlines(keepends=True)
    if line > len(lines) or lines[line - 1][: column - 1].strip() != "-":
        return 0
    return sum(len(before) for before in lines[: line - 1])


def _verify(
    text: str,
    kept: Sequence[M],
    written: Sequence[Mapping[str, yamltext.Value]],
    path: Path,
    model: type[M],
) -> None:
    """``text`` must read back as the ``kept`` entries, then exactly the ``written`` text.

    The new entries were built by the model from that same text, so reading
    it back unchanged means loading the file gives exactly them.
    """
    from pydantic import TypeAdapter, ValidationError

    root = read_list(text)
    if root is None:
        raise _cannot_append(path)
    items = [item for item in root if item is not None]
    if len(items) != len(kept) + len(written):
        raise _cannot_append(path)
    try:
        read_back = TypeAdapter(list[model]).validate_python(items[: len(kept)])  # type: ignore[valid-type]
    except ValidationError:
        raise _cannot_append(path) from None
    new = items[len(kept) :]
    expected = [{k: v for k, v in entry.items() if v not in ("", [], {})} for entry in written]
    if read_back != list(kept) or new != expected:
        raise _cannot_append(path)


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_Value = str | list[str | None] | dict[str, str | None] | None
Item = dict[str, _Value] | None


def read_list(text: str) -> list[Item] | None:
    """A list of flat entries, read as ``yamlfile`` reads it, or None for anything else.

    Reads libyaml's events instead of building nodes: about twice as fast,
    and enough for entries whose values are text, lists of text, or
    mappings of text to text (all a participant or a visit has).  A plain
    empty or ``null`` value is None; anchors,
    aliases, tags other than the standard ones, nesting deeper, duplicate
    keys, a second document or a YAML error give None: the caller then
    refuses to write.
    """
    try:
        events = iter(yaml.parse(text, Loader=_EventLoader))
        kinds = [type(next(events)) for _ in range(3)]
        if kinds != [yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.SequenceStartEvent]:
            return None
        items: list[Item] = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            items.append(_entry(event, events))
        rest = [type(event) for event in events]
    except (yaml.YAMLError, _Unexpected, StopIteration):
        return None
    return items if rest == [yaml.DocumentEndEvent, yaml.StreamEndEvent] else None


class _Unexpected(Exception):
    """Something an entry never holds."""


def _entry(event: yaml.Event, events: Iterator[yaml.Event]) -> Item:
    if isinstance(event, yaml.ScalarEvent):
        if _scalar(event) is not None:
            raise _Unexpected
        return None
    if not isinstance(event, yaml.MappingStartEvent) or not _plain_node(event, _MAP):
        raise _Unexpected
    entry: dict[str, _Value] = {}
    for key in events:
        if isinstance(key, yaml.MappingEndEvent):
            return entry
        if not isinstance(key, yaml.ScalarEvent):
            raise _Unexpected
        name = _scalar(key) or ""
        if name in entry:
            raise _Unexpected
        value = next(events)
        if isinstance(value, yaml.ScalarEvent):
            entry[name] = _scalar(value)
        elif isinstance(value, yaml.SequenceStartEvent) and _plain_node(value, _SEQ):
            entry[name] = _scalars(events)
        elif isinstance(value, yaml.MappingStartEvent) and _plain_node(value, _MAP):
            entry[name] = _pairs(events)
        else:
            raise _Unexpected
    raise _Unexpected


def _pairs(events: Iterator[yaml.Event]) -> dict[str, str | None]:
    pairs: dict[str, str | None] = {}
    for key in events:
        if isinstance(key, yaml.MappingEndEvent):
            return pairs
        value = next(events)
        if not isinstance(key, yaml.ScalarEvent) or not isinstance(value, yaml.ScalarEvent):
            raise _Unexpected
        name = _scalar(key) or ""
        if name in pairs:
            raise _Unexpected
        pairs[name] = _scalar(value)
    raise _Unexpected


def _scalars(events: Iterator[yaml.Event]) -> list[str | None]:
    values: list[str | None] = []
    for event in events:
        if isinstance(event, yaml.SequenceEndEvent):
            return values
        if not isinstance(event, yaml.ScalarEvent):
            raise _Unexpected
        values.append(_scalar(event))
    raise _Unexpected


def _scalar(event: yaml.ScalarEvent) -> str | None:
    if event.anchor is not None or event.tag not in (None, _STR):
        raise _Unexpected
    value: str = event.value
    if event.tag is None and event.implicit[0] and value in NULLS:
        return None
    return value


def _plain_node(event: yaml.NodeEvent, tag: str) -> bool:
    return event.anchor is None and getattr(event, "tag", None) in (None, tag)


def _cannot_append(path: Path) -> UkmError:
    return UkmError(
        _("ukm cannot add entries to {name} safely as it is written; nothing was written.").format(
            name=path.name
        ),
        hint=_(
            "New entries go after the last line: make the file end with the list of "
            "entries (no '...' or '---' after it), then run the command again."
        ),
    )
