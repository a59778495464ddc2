"""Rewrite one session's sheet in the text of ``attendance/<module>.yaml``.

A person keeps this file by hand too: comments (``# izin sejak Senin``), the
order of the sessions, blank lines, line endings.  So ukm never dumps the
file.  It finds the session's block through the positions the YAML parser
gives (the character index of each node's start and end), and changes only
the text that must change:

- in a block sheet (``present: [...]`` lines), only the lists whose contents
  changed are rewritten, in place (an emptied list becomes ``[]``); a
  missing list that gets ids is inserted as its own line, in the order
  present, late, excused, sick, absent, then the make-ups (format 1.2:
  ``makeup: {UKM-076: 2019-08-10}``, a mapping written on one line, wrapped
  like a list; emptied, it becomes ``{}``).  A comment at the end of a
  list's line stays; comments between the items of a list that is rewritten
  are the only ones that can be lost;
- a sheet written another way (``1: {present: [...]}`` or an empty ``1:``)
  is replaced by a block sheet; the comment on its line stays;
- a session without a sheet gets a new block at the end, in the file's
  style (indentation, blank lines between sheets, line endings, whether
  empty lists are written as ``[]``).

The file is read once, by ``yamlio.scan`` (libyaml's events, no node tree).
Every result is read back before it is returned: the session must read
back exactly as meant and every other session exactly as before, else the
whole block is written fresh, and if even that does not read back right the
error is raised as a bug (nothing is written).  In a file laid out as ukm
writes it (a block mapping of sessions, each key first on its line) the
text before the session's key line and from the next session's key line on
is the old text byte for byte, so only the session's own lines are read
back; any other layout is read back whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ukmtool.core.fields import ascii_digits
from ukmtool.core.models import MAKEUP, STATUSES
from ukmtool.core.yamlio.lines import (
    BREAKS,
    column_at,
    ends_with_blank_line,
    line_end,
    line_number,
    line_start,
    newline_of,
)
from ukmtool.core.yamlio.reader import LMap, parse_text
from ukmtool.core.yamlio.scan import Node, NodeKind, Scan, scan

WIDTH = 100
BOM = "\ufeff"

_COMMENT_LINE = r"[ \t]*(?:#[^\r\n\x85\u2028\u2029]*)?"
_ONLY_COMMENTS = re.compile(rf"{_COMMENT_LINE}(?:(?:\r\n|[\r\n\x85\u2028\u2029]){_COMMENT_LINE})*")
"""Text holding nothing but blanks and comments."""


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


@dataclass
class ReadBack:
    """What :func:`rewrite` read back of its new text, when it read the session's lines alone.

    ``key``: the session's key as written; ``value``: its sheet as read back;
    ``line``: the key's line in the new text (a byte-order mark aside);
    ``text``: the new text from that line to the next session's key line (or
    the end); ``moved``: the old key's line (0: a new session, at the end) and
    the lines the text gained there (negative: lost).  ``key`` stays empty
    when the text was read back whole (an unusual layout).
    """

    key: str = ""
    value: LMap | None = None
    line: int = 0
    text: str = ""
    moved: tuple[int, int] = (0, 0)


class SheetTextError(RuntimeError):
    """The new text did not read back as meant: nothing is written (``attend`` refuses, exit 1)."""


class FlowSessionsError(SheetTextError):
    """The sessions are written as one ``{1: {...}, 2: {...}}``: no block can go in."""


def rewrite(
    text: str | None,
    session: int,
    lists: Mapping[str, Iterable[str]],
    *,
    makeup: Mapping[str, date] | None = None,
    header: str = "",
    seen: ReadBack | None = None,
) -> str:
    """The file's text with the sheet of ``session`` holding ``lists`` and ``makeup``.

    ``text`` is the file as read (None when it does not exist; a leading BOM
    is kept); ``lists`` maps each status to its ids in the order to write
    them; ``makeup`` each id who made the session up to the day, in order
    (none: the sheet has no make-ups).  ``header`` (comment lines) starts a
    new file.  ``seen``, when given, is filled with what was read back (see
    :class:`ReadBack`).
    """
    if seen is not None:
        seen.key = ""
    wanted: dict[str, list[str]] = {status: list(lists.get(status, ())) for status in STATUSES}
    wanted[MAKEUP] = [f"{pid}: {day.isoformat()}" for pid, day in (makeup or {}).items()]
    if text is None:
        return _fresh(header, session, wanted)
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    found = scan(body, lambda key: ascii_digits(key) and int(key) == session)
    root = found.root
    if root is not None and root.kind is not NodeKind.MAPPING:
        raise SheetTextError("the attendance file is not a mapping of sessions")
    if root is not None and root.flow:
        raise FlowSessionsError("the sessions are one flow mapping: {...}")
    style = _style(body, root)
    key, value = found.key, found.value
    if key is None or value is None:
        result = _append(body, session, wanted, style)
        return bom + _verified(body, result, session, wanted, found, seen)
    if value.kind is NodeKind.MAPPING and not value.flow and _all_marks(value):
        result = _apply(body, _list_edits(body, value, wanted, style))
        try:
            return bom + _verified(body, result, session, wanted, found, seen)
        except SheetTextError:
            pass  # write the whole block fresh instead
    result = _apply(body, _block_edits(body, key, value, wanted, style))
    return bom + _verified(body, result, session, wanted, found, seen)


def _fresh(header: str, session: int, wanted: dict[str, list[str]]) -> str:
    style = _Style("\n", 2, explicit_empty=True, blank_between=True, key_column=0)
    text = header
    if text and not text.endswith("\n"):
        text += "\n"
    if text:
        text += "\n"
    text += _block(session, wanted, style) + "\n"
    return _verified_whole(text, session, wanted, {})


def _all_marks(node: Node) -> bool:
    return all(k.kind is NodeKind.SCALAR and k.value in _MARKS for k, _v in node.pairs)


_MARKS = (*STATUSES, MAKEUP)
"""The keys of a sheet, in the order ukm writes them."""


def _style(text: str, root: Node | None) -> _Style:
    newline = newline_of(text)
    indent = 2
    explicit_empty = True
    saw_empty = saw_missing = False
    key_column = 0
    blank_between = True
    if root is not None and root.pairs:
        # The mapping's own column, not its first key's: `? 1` puts the key two columns in.
        key_column = root.column if not root.flow else root.pairs[0][0].column
        for _key, value in root.pairs:
            if value.kind is NodeKind.MAPPING and not value.flow and value.pairs:
                indent = max(1, value.column - key_column)
                break
        for _key, value in root.pairs:
            if value.kind is not NodeKind.MAPPING:
                continue
            present = {k.value: v for k, v in value.pairs if k.kind is NodeKind.SCALAR}
            saw_missing = saw_missing or any(status not in present for status in STATUSES)
            saw_empty = saw_empty or any(
                v.kind is NodeKind.SCALAR or not (v.pairs or v.size) for v in present.values()
            )
        explicit_empty = saw_empty or not saw_missing
        if len(root.pairs) >= 2:
            gaps = [
                text[prev_value.end : key.start]
                for (_k, prev_value), (key, _v) in zip(root.pairs, root.pairs[1:], strict=False)
            ]
            blank_between = any(_has_blank_line(gap) for gap in gaps)
    return _Style(newline, indent, explicit_empty, blank_between, key_column)


def _has_blank_line(gap: str) -> bool:
    lines = gap.replace("\r\n", "\n").split("\n")
    return any(not line.strip() for line in lines[1:-1])


def _flow(ids: list[str], column: int, newline: str, brackets: str = "[]") -> str:
    """``[A, B, ...]`` starting at ``column``, wrapped under the first item at WIDTH.

    ``brackets`` ``{}``: a flow mapping of ``ID: DAY`` items, wrapped the same way.
    """
    opening, closing = brackets[0], brackets[1]
    if not ids:
        return brackets
    pieces = [pid + "," for pid in ids]
    pieces[-1] = ids[-1] + closing
    lines: list[str] = []
    current = opening + pieces[0]
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
    if wanted[MAKEUP]:  # written only when someone made the session up
        chosen.append(MAKEUP)
    return [_line(margin, status, wanted[status], style.newline) for status in chosen]


def _line(margin: str, key: str, items: list[str], newline: str) -> str:
    """``  present: [...]`` or ``  makeup: {...}``, wrapped at WIDTH."""
    brackets = "{}" if key == MAKEUP else "[]"
    return f"{margin}{key}: " + _flow(items, len(margin) + len(key) + 2, newline, brackets)


# A document end marker (`...`) and only comments and blank lines after it.
_DOCUMENT_END = re.compile(
    rf"(?:^|(?<=[\r\n]))\.\.\.{_COMMENT_LINE}(?:(?:\r\n|[\r\n]){_COMMENT_LINE})*\Z"
)


def _append(text: str, session: int, wanted: dict[str, list[str]], style: _Style) -> str:
    ended = _DOCUMENT_END.search(text)
    if ended is not None:  # the new sheet goes inside the document, before its `...`
        head, tail = text[: ended.start()], text[ended.start() :]
        return _append(head, session, wanted, style) + tail
    result = text
    if result and result[-1] not in BREAKS:
        result += style.newline
    if result.strip() and style.blank_between and not ends_with_blank_line(result):
        result += style.newline
    return result + _block(session, wanted, style) + style.newline


def _list_edits(text: str, sheet: Node, wanted: dict[str, list[str]], style: _Style) -> list[_Edit]:
    """Edits that rewrite the changed lists of a block sheet, and insert missing ones."""
    pairs = {k.value: (k, v) for k, v in sheet.pairs}
    margin = " " * sheet.column
    edits: list[_Edit] = []
    for position, status in enumerate(_MARKS):
        ids = wanted[status]
        if status in pairs:
            key, value = pairs[status]
            if _current(value) != ids:
                edits.append(_replace_list(text, key, value, ids, style.newline))
            continue
        if not ids:
            continue  # an existing sheet gets no new empty lists: the fewest lines change
        line = _line(margin, status, ids, style.newline)
        earlier = [pairs[s] for s in _MARKS[:position] if s in pairs]
        if earlier:
            anchor = line_end(text, max(v.end for _k, v in earlier))
            prefix = "" if anchor > 0 and text[anchor - 1] in BREAKS else style.newline
            edits.append(_Edit(anchor, anchor, prefix + line + style.newline))
        else:
            later = min(pairs[s][0].start for s in _MARKS if s in pairs)
            anchor = line_start(text, later)
            edits.append(_Edit(anchor, anchor, line + style.newline))
    return edits


def _current(node: Node) -> list[str] | None:
    if node.kind is NodeKind.SEQUENCE:
        assert node.items is not None, "item texts are kept for the session's sheet only"
        return [item.strip() for item in node.items]
    if node.kind is NodeKind.MAPPING and all(
        k.kind is NodeKind.SCALAR and v.kind is NodeKind.SCALAR for k, v in node.pairs
    ):
        return [f"{k.value.strip()}: {v.value.strip()}" for k, v in node.pairs]
    if node.kind is NodeKind.SCALAR and node.value == "" and node.style is None:
        return []
    return None


def _replace_list(text: str, key: Node, value: Node, ids: list[str], newline: str) -> _Edit:
    start, end = value.start, value.end
    if key.value == MAKEUP:  # written anew as one flow mapping after the key
        colon = text.index(":", key.end)
        column = column_at(text, key.end) + colon + 2 - key.end
        mapping = _flow(ids, column, newline, "{}")
        if value.kind is NodeKind.MAPPING and value.flow:
            return _Edit(start, end, mapping)
        return _Edit(key.end, max(end, colon + 1), text[key.end : colon + 1] + " " + mapping)
    if value.kind is NodeKind.SEQUENCE and value.flow:
        return _Edit(start, end, _flow(ids, column_at(text, start), newline))
    if value.kind is NodeKind.SEQUENCE and ids:
        # a list of "- id" lines stays one: same dash column, one id a line
        margin = newline + " " * column_at(text, start)
        return _Edit(start, end, margin.join("- " + pid for pid in ids))
    colon = text.index(":", key.end)
    head = text[key.end : colon + 1] + " "
    column = column_at(text, key.end) + len(head)
    return _Edit(key.end, max(end, colon + 1), head + _flow(ids, column, newline))


def _block_edits(
    text: str,
    key: Node,
    value: Node,
    wanted: dict[str, list[str]],
    style: _Style,
) -> list[_Edit]:
    """Replace the whole sheet with a block sheet; the comment on its last line stays."""
    end = max(value.end, text.index(":", key.end) + 1)
    anchor = line_end(text, end)
    own = _Style(
        style.newline,
        style.indent,
        style.explicit_empty,
        style.blank_between,
        column_at(text, key.start),
    )
    lines = style.newline.join(_list_lines(wanted, own)) + style.newline
    prefix = "" if anchor > end and text[anchor - 1] in BREAKS else style.newline
    return [_Edit(key.end, end, ":"), _Edit(anchor, anchor, prefix + lines)]


def _apply(text: str, edits: list[_Edit]) -> str:
    out: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: e.start):
        out.append(text[cursor : edit.start])
        out.append(edit.text)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def _verified(
    old: str,
    new: str,
    session: int,
    wanted: dict[str, list[str]],
    found: Scan,
    seen: ReadBack | None = None,
) -> str:
    """``new`` if it reads back with the sheet as meant and every other sheet as before.

    When the text around the session's lines is the old text, only those
    lines are read back (see the module's docstring); else the whole text.
    """
    region = _region(old, found)
    if region is not None and found.root is not None:
        start, end = region
        block_end = len(new) - (len(old) - end)
        if start <= block_end and new[:start] == old[:start] and new[block_end:] == old[end:]:
            block = new[start:block_end]
            if end == len(old) or block[-1:] in BREAKS:
                root = _check_block(block, session, wanted, found.root.column)
                if seen is not None:
                    _tell(seen, root, new, (start, block_end), old[start:end], found)
                return new
    return _verified_whole(new, session, wanted, _sessions(old))


def _tell(
    seen: ReadBack, root: LMap, new: str, block: tuple[int, int], was: str, found: Scan
) -> None:
    """Fill ``seen`` with the session read back from ``new[start:end]`` (its old lines: ``was``)."""
    start, end = block
    key = next(iter(root))
    at = start
    for _ in range(root.key_line(key) - 1):  # the key's line may follow blank lines
        at = new.index("\n", at) + 1
    seen.key, seen.value = key, root[key]
    seen.line = line_number(new, at)
    seen.text = new[at:end]
    if found.key is not None:
        seen.moved = (seen.line, new.count("\n", start, end) - was.count("\n"))
    else:
        seen.moved = (0, 0)


def _region(old: str, found: Scan) -> tuple[int, int] | None:
    """``(start, end)``: the old text of the session's lines, which alone may change.

    From the start of the session key's line to the start of the next
    session key's line (or the end); for a new session, the end of the
    file.  None when the file is not laid out so that those lines can be
    read alone: the sessions not a block mapping, a key not first on its
    line or not at the mapping's column, a key given twice, a block scalar
    (``|``, ``>``) anywhere, something but comments after the last sheet.
    """
    root = found.root
    if (
        root is None
        or root.kind is not NodeKind.MAPPING
        or root.flow
        or not root.pairs
        or found.duplicates
        or found.block_scalars
        or found.matches > 1
        or root.pairs[0][0].column != root.column
    ):
        return None
    if found.key is None:
        return (len(old), len(old)) if _ONLY_COMMENTS.fullmatch(old, root.end) else None
    index = next(i for i, (key, _v) in enumerate(root.pairs) if key is found.key)
    start = _first_on_line(old, found.key.start)
    if start is None:
        return None
    if index + 1 == len(root.pairs):
        return start, len(old)
    end = _first_on_line(old, root.pairs[index + 1][0].start)
    return None if end is None else (start, end)


def _first_on_line(text: str, index: int) -> int | None:
    """The start of the line holding ``index`` when only spaces come before it there."""
    start = line_start(text, index)
    return None if text[start:index].strip(" ") else start


def _sessions(text: str) -> dict[str, object]:
    parsed = parse_text(text)
    if parsed.problems or not isinstance(parsed.value, LMap):
        return {}
    return dict(parsed.value)


def _check_block(block: str, session: int, wanted: dict[str, list[str]], column: int) -> LMap:
    """The session's new lines, read alone, are its sheet as meant, keyed at ``column``.

    Returns what was read.
    """
    parsed = parse_text(block)
    if parsed.problems or not isinstance(parsed.value, LMap):
        raise SheetTextError("the session's new lines are not valid YAML")
    if len(parsed.value) != 1 or parsed.value.key_column(next(iter(parsed.value))) != column + 1:
        raise SheetTextError("the session's new lines are not one sheet among the others")
    _check_sheet(dict(parsed.value), session, wanted)
    return parsed.value


def _verified_whole(
    text: str, session: int, wanted: dict[str, list[str]], before: dict[str, object]
) -> str:
    """``text`` if, read whole, the sheet is as meant and every other sheet as ``before``."""
    parsed = parse_text(text)
    if parsed.problems or not isinstance(parsed.value, LMap):
        raise SheetTextError("the new attendance text is not valid YAML")
    after = dict(parsed.value)
    key = _check_sheet(after, session, wanted)
    del after[key]
    others = {k: v for k, v in before.items() if k != key}
    if after != others:
        raise SheetTextError("another session reads back differently")
    return text


def _check_sheet(sessions: dict[str, object], session: int, wanted: dict[str, list[str]]) -> str:
    """The key of ``session`` in ``sessions`` if its sheet holds ``wanted``, else raise."""
    keys = [k for k in sessions if ascii_digits(k.strip()) and int(k) == session]
    if len(keys) != 1:
        raise SheetTextError("the session's sheet is not found once in the new text")
    sheet = sessions[keys[0]]
    if not isinstance(sheet, dict):
        raise SheetTextError("the session's sheet is not a mapping in the new text")
    for status in STATUSES:
        got = sheet.get(status) or []
        if [str(item).strip() for item in got] != wanted[status]:
            raise SheetTextError("a list of the session reads back differently")
    made_up = sheet.get(MAKEUP) or {}
    if (
        not isinstance(made_up, dict)
        or [f"{str(k).strip()}: {str(v).strip()}" for k, v in made_up.items()] != wanted[MAKEUP]
    ):
        raise SheetTextError("the session's make-ups read back differently")
    if set(sheet) - set(_MARKS):
        raise SheetTextError("the session's sheet has unknown keys in the new text")
    return keys[0]
