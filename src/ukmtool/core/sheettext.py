"""Rewrite one session's sheet in the text of ``attendance/<module>.yaml``.

A person keeps this file by hand too: comments (``# izin sejak Senin``), the
order of the sessions, blank lines, line endings.  So ukm never dumps the
file.  It finds the session's block through the positions the YAML parser
gives (the character index of each node's start and end), and changes only
the text that must change:

- in a block sheet (``present: [...]`` lines), only the lists whose contents
  changed are rewritten, in place (an emptied list becomes ``[]``); a
  missing list that gets ids is inserted as its own line, in the order
  present, late, excused, sick, absent.  A comment at the
  end of a list's line stays; comments between the items of a list that is
  rewritten are the only ones that can be lost;
- a sheet written another way (``1: {present: [...]}`` or an empty ``1:``)
  is replaced by a block sheet; the comment on its line stays;
- a session without a sheet gets a new block at the end, in the file's
  style (indentation, blank lines between sheets, line endings, whether
  empty lists are written as ``[]``).

Every result is parsed again before it is returned: the session must read
back exactly as meant and every other session exactly as before, else the
whole block is written fresh, and if even that does not read back right the
error is raised as a bug (nothing is written).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from ukmtool.core.models import STATUSES
from ukmtool.core.yamlfile import LMap, parse_text

try:
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

WIDTH = 100
BOM = "\ufeff"
BREAKS = "\r\n\x85\u2028\u2029"


@dataclass(frozen=True, slots=True)
class _Style:
    newline: str
    indent: int
    explicit_empty: bool
    blank_between: bool
    key_column: int


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str


class SheetTextError(RuntimeError):
    """The new text did not read back as meant (a bug in ukm; nothing is written)."""


def rewrite(
    text: str | None,
    session: int,
    lists: Mapping[str, Iterable[str]],
    *,
    header: str = "",
) -> str:
    """The file's text with the sheet of ``session`` holding ``lists``.

    ``text`` is the file as read (None when it does not exist; a leading BOM
    is kept); ``lists`` maps each status to its ids in the order to write
    them.  ``header`` (comment lines) starts a new file.
    """
    wanted = {status: list(lists.get(status, ())) for status in STATUSES}
    if text is None:
        return _fresh(header, session, wanted)
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    root = yaml.compose(body, Loader=_Loader)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise SheetTextError("the attendance file is not a mapping of sessions")
    style = _style(body, root)
    pair = _find(root, session)
    before = _sessions(body)
    if pair is None:
        result = _append(body, session, wanted, style)
        return bom + _verified(result, session, wanted, before)
    key, value = pair
    if isinstance(value, yaml.MappingNode) and not value.flow_style and _all_statuses(value):
        result = _apply(body, _list_edits(body, value, wanted, style))
        try:
            return bom + _verified(result, session, wanted, before)
        except SheetTextError:
            pass  # write the whole block fresh instead
    result = _apply(body, _block_edits(body, key, value, wanted, style))
    return bom + _verified(result, session, wanted, before)


def _fresh(header: str, session: int, wanted: dict[str, list[str]]) -> str:
    style = _Style("\n", 2, explicit_empty=True, blank_between=True, key_column=0)
    text = header
    if text and not text.endswith("\n"):
        text += "\n"
    if text:
        text += "\n"
    text += _block(session, wanted, style) + "\n"
    return _verified(text, session, wanted, {})


def _find(root: yaml.MappingNode | None, session: int) -> tuple[yaml.Node, yaml.Node] | None:
    if root is None:
        return None
    for key, value in root.value:
        raw = key.value.strip() if isinstance(key, yaml.ScalarNode) else ""
        if raw.isdigit() and int(raw) == session:
            return key, value
    return None


def _all_statuses(node: yaml.MappingNode) -> bool:
    return all(isinstance(k, yaml.ScalarNode) and k.value in STATUSES for k, _v in node.value)


def _content_end(node: yaml.Node) -> int:
    """Index just after the last character that belongs to ``node``.

    The parser ends a block collection where the next token starts, which
    may be after comments and blank lines that belong to what follows.
    """
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    if isinstance(node, yaml.MappingNode) and node.value:
        return max(_content_end(k) for pair in node.value for k in pair)
    if isinstance(node, yaml.SequenceNode) and node.value:
        return max(_content_end(item) for item in node.value)
    return int(node.start_mark.index)


def _line_end(text: str, index: int) -> int:
    """Index just after the line break that ends the line holding ``index`` (or len)."""
    for position in range(index, len(text)):
        char = text[position]
        if char == "\r":
            return position + 2 if text.startswith("\r\n", position) else position + 1
        if char in BREAKS:
            return position + 1
    return len(text)


def _line_start(text: str, index: int) -> int:
    position = index
    while position > 0 and text[position - 1] not in BREAKS:
        position -= 1
    return position


def _column(text: str, index: int) -> int:
    return index - _line_start(text, index)


def _style(text: str, root: yaml.MappingNode | None) -> _Style:
    newline_at = text.find("\n")
    newline = "\r\n" if newline_at > 0 and text[newline_at - 1] == "\r" else "\n"
    indent = 2
    explicit_empty = True
    saw_empty = saw_missing = False
    key_column = 0
    blank_between = True
    if root is not None and root.value:
        key_column = int(root.value[0][0].start_mark.column)
        for key, value in root.value:
            if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
                indent = max(1, int(value.start_mark.column) - int(key.start_mark.column))
                break
        for _key, value in root.value:
            if not isinstance(value, yaml.MappingNode):
                continue
            present = {k.value: v for k, v in value.value if isinstance(k, yaml.ScalarNode)}
            saw_missing = saw_missing or any(status not in present for status in STATUSES)
            saw_empty = saw_empty or any(
                isinstance(v, yaml.ScalarNode) or not v.value for v in present.values()
            )
        explicit_empty = saw_empty or not saw_missing
        if len(root.value) >= 2:
            gaps = [
                text[_content_end(prev_value) : int(key.start_mark.index)]
                for (_k, prev_value), (key, _v) in zip(root.value, root.value[1:], strict=False)
            ]
            blank_between = any(_has_blank_line(gap) for gap in gaps)
    return _Style(newline, indent, explicit_empty, blank_between, key_column)


def _has_blank_line(gap: str) -> bool:
    lines = gap.replace("\r\n", "\n").split("\n")
    return any(not line.strip() for line in lines[1:-1])


def _flow(ids: list[str], column: int, newline: str) -> str:
    """``[A, B, ...]`` starting at ``column``, wrapped under the first item at WIDTH."""
    if not ids:
        return "[]"
    pieces = [pid + ("]" if i == len(ids) - 1 else ",") for i, pid in enumerate(ids)]
    lines: list[str] = []
    current = "[" + pieces[0]
    used = column + len(current)
    for piece in pieces[1:]:
        if used + 1 + len(piece) > WIDTH:
            lines.append(current)
            current = " " * (column + 1) + piece
            used = len(current)
        else:
            current += " " + piece
            used += 1 + len(piece)
    lines.append(current)
    return newline.join(lines)


def _block(session: int, wanted: dict[str, list[str]], style: _Style) -> str:
    """A whole sheet: the key line and one line per list, no final line break."""
    margin = " " * style.key_column
    lines = [f"{margin}{session}:", *_list_lines(wanted, style)]
    return style.newline.join(lines)


def _list_lines(wanted: dict[str, list[str]], style: _Style) -> list[str]:
    margin = " " * (style.key_column + style.indent)
    chosen = [s for s in STATUSES if wanted[s] or style.explicit_empty]
    if not chosen:
        chosen = list(STATUSES)
    return [
        f"{margin}{status}: " + _flow(wanted[status], len(margin) + len(status) + 2, style.newline)
        for status in chosen
    ]


def _append(text: str, session: int, wanted: dict[str, list[str]], style: _Style) -> str:
    result = text
    if result and result[-1] not in BREAKS:
        result += style.newline
    if result.strip() and style.blank_between and not _ends_blank(result):
        result += style.newline
    return result + _block(session, wanted, style) + style.newline


def _ends_blank(text: str) -> bool:
    lines = text.replace("\r\n", "\n").split("\n")
    return len(lines) >= 2 and not lines[-2].strip()


def _list_edits(
    text: str, sheet: yaml.MappingNode, wanted: dict[str, list[str]], style: _Style
) -> list[_Edit]:
    """Edits that rewrite the changed lists of a block sheet, and insert missing ones."""
    pairs = {k.value: (k, v) for k, v in sheet.value}
    margin = " " * int(sheet.start_mark.column)
    edits: list[_Edit] = []
    for position, status in enumerate(STATUSES):
        ids = wanted[status]
        if status in pairs:
            key, value = pairs[status]
            if _current(value) != ids:
                edits.append(_replace_list(text, key, value, ids, style.newline))
            continue
        if not ids:
            continue  # an existing sheet gets no new empty lists: the fewest lines change
        line = f"{margin}{status}: " + _flow(ids, len(margin) + len(status) + 2, style.newline)
        earlier = [pairs[s] for s in STATUSES[:position] if s in pairs]
        if earlier:
            anchor = _line_end(text, max(_content_end(v) for _k, v in earlier))
            prefix = "" if anchor > 0 and text[anchor - 1] in BREAKS else style.newline
            edits.append(_Edit(anchor, anchor, prefix + line + style.newline))
        else:
            later = min(int(pairs[s][0].start_mark.index) for s in STATUSES if s in pairs)
            anchor = _line_start(text, later)
            edits.append(_Edit(anchor, anchor, line + style.newline))
    return edits


def _current(node: yaml.Node) -> list[str] | None:
    if isinstance(node, yaml.SequenceNode):
        return [item.value.strip() for item in node.value if isinstance(item, yaml.ScalarNode)]
    if isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None:
        return []
    return None


def _replace_list(
    text: str, key: yaml.Node, value: yaml.Node, ids: list[str], newline: str
) -> _Edit:
    start, end = int(value.start_mark.index), _content_end(value)
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        return _Edit(start, end, _flow(ids, _column(text, start), newline))
    if isinstance(value, yaml.SequenceNode) and ids:
        # a list of "- id" lines stays one: same dash column, one id a line
        margin = newline + " " * _column(text, start)
        return _Edit(start, end, margin.join("- " + pid for pid in ids))
    key_end = int(key.end_mark.index)
    colon = text.index(":", key_end)
    head = text[key_end : colon + 1] + " "
    column = _column(text, key_end) + len(head)
    return _Edit(key_end, max(end, colon + 1), head + _flow(ids, column, newline))


def _block_edits(
    text: str,
    key: yaml.Node,
    value: yaml.Node,
    wanted: dict[str, list[str]],
    style: _Style,
) -> list[_Edit]:
    """Replace the whole sheet with a block sheet; the comment on its last line stays."""
    key_end = int(key.end_mark.index)
    end = max(_content_end(value), text.index(":", key_end) + 1)
    anchor = _line_end(text, end)
    own = _Style(
        style.newline,
        style.indent,
        style.explicit_empty,
        style.blank_between,
        _column(text, int(key.start_mark.index)),
    )
    lines = style.newline.join(_list_lines(wanted, own)) + style.newline
    prefix = "" if anchor > end and text[anchor - 1] in BREAKS else style.newline
    return [_Edit(key_end, end, ":"), _Edit(anchor, anchor, prefix + lines)]


def _apply(text: str, edits: list[_Edit]) -> str:
    out: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: e.start):
        out.append(text[cursor : edit.start])
        out.append(edit.text)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def _sessions(text: str) -> dict[str, object]:
    parsed = parse_text(text)
    if parsed.problems or not isinstance(parsed.value, LMap):
        return {}
    return dict(parsed.value)


def _verified(
    text: str, session: int, wanted: dict[str, list[str]], before: dict[str, object]
) -> str:
    """``text`` if it reads back with the sheet as meant and every other sheet as before."""
    parsed = parse_text(text)
    if parsed.problems or not isinstance(parsed.value, LMap):
        raise SheetTextError("the new attendance text is not valid YAML")
    after = dict(parsed.value)
    keys = [k for k in after if k.strip().isdigit() and int(k) == session]
    if len(keys) != 1:
        raise SheetTextError("the session's sheet is not found once in the new text")
    sheet = after.pop(keys[0])
    if not isinstance(sheet, dict):
        raise SheetTextError("the session's sheet is not a mapping in the new text")
    for status in STATUSES:
        got = sheet.get(status) or []
        if [str(item).strip() for item in got] != wanted[status]:
            raise SheetTextError("a list of the session reads back differently")
    if set(sheet) - set(STATUSES):
        raise SheetTextError("the session's sheet has unknown keys in the new text")
    others = {k: v for k, v in before.items() if k != keys[0]}
    if after != others:
        raise SheetTextError("another session reads back differently")
    return text
