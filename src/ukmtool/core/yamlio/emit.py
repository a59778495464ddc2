"""New list entries as YAML text in the style of the file they are added to.

``ukm register`` adds participants by appending text at the end of
``participants.yaml``, and ``ukm visit`` visits at the end of ``visits.yaml``:
every byte already there stays as it was.  This module
reads the file's habits (how far entries and keys are indented, whether a
blank line separates entries, which quote character it uses, block or flow
entries, the order of keys, CRLF or LF line ends) and writes new entries the
same way.  Values are written plain only when every YAML reader would read
them back as the same text; otherwise they are quoted, and escaped where
needed.  Phone numbers, NIKs and NIBs are always quoted (YAML 1.1 readers would
turn them into numbers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from yaml.resolver import Resolver

from ukmtool.core.yamlio.lines import ends_with_blank_line, line_starts
from ukmtool.core.yamlio.located import LList, LMap

Value = str | list[str] | dict[str, str]
"""A field's text: one value, a list (written ``[a, b]``) or a mapping (written ``{k: v}``)."""

ALWAYS_QUOTED = frozenset({"phone", "nik", "nib"})
"""Fields quoted whatever they hold: digit strings YAML 1.1 would make numbers (phone, NIK, NIB)."""

TYPED_PLAIN = frozenset(
    {
        "employees",
        "registered",
        "date",
        "hours",
        "monthly_sales",
        "capital",
        "issued",
        "pre",
        "post",
    }
)
"""Fields written plain: their YAML 1.1 type (a number, a date) is their meaning."""

TYPED_WORDS = frozenset({"yes", "no"})
"""Values of a mapping written plain: a yes/no observation means what YAML 1.1 reads."""

_SAFE_BLOCK = re.compile(r"[^\W\d_][\w .,'()/&+-]*", re.UNICODE)
_SAFE_FLOW = re.compile(r"[^\W\d_][\w .'()/&+-]*", re.UNICODE)
_TYPED = re.compile(r"[0-9]{1,16}(\.[0-9]{1,9})?|[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
}
_QUOTED_VALUE = re.compile(r"""^[ \t]*(?:-[ \t]+)?[^\s#:'"][^:#]*:[ \t]+(["'])""", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Style:
    """How a file writes its list entries."""

    dash_indent: int = 0
    key_indent: int = 2
    blank_between: bool = True
    quote: str = '"'
    newline: str = "\n"
    flow: bool = False
    quote_ids: bool = False
    key_order: tuple[str, ...] = ()


HEAD_ENTRIES = 20
"""A long list's style is judged by its first this many entries ..."""
TAIL_ENTRIES = 200
"""... and its last this many (where new entries go); a shorter list by all of them."""


def detect(text: str, root: LList | None, canonical: Sequence[str] = ()) -> Style:
    """The style of a YAML list file, from its text and its parsed root (None: no entries).

    ``canonical`` is the usual order of keys; keys the file's entries do not
    show are placed by it.  A list of more than ``HEAD_ENTRIES + TAIL_ENTRIES``
    entries is judged by its first ``HEAD_ENTRIES`` and last ``TAIL_ENTRIES``
    only, as :func:`detect_ends` judges it without the middle: a file whose
    style changed over the years follows its recent entries, and the middle
    of a large file never needs reading.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    entries = _entries(root)
    if len(entries) <= HEAD_ENTRIES + TAIL_ENTRIES:
        return _judge([(text, root, entries)], [text], newline, canonical)
    assert root is not None
    head, tail = entries[:HEAD_ENTRIES], entries[-TAIL_ENTRIES:]
    starts = line_starts(text)
    head_end = starts[min(root.item_pos[entries[HEAD_ENTRIES][0]][0], len(starts)) - 1]
    tail_start = starts[min(root.item_pos[tail[0][0]][0], len(starts)) - 1]
    return _judge(
        [(text, root, head), (text, root, tail)],
        [text[:head_end], text[tail_start:]],
        newline,
        canonical,
    )


def detect_ends(
    head: tuple[str, LList],
    tail: tuple[str, LList],
    canonical: Sequence[str] = (),
    *,
    newline: str = "\n",
) -> Style:
    """The style of a long YAML list file from its two ends, each parsed on its own.

    ``head`` is the text up to where entry ``HEAD_ENTRIES`` starts and its
    parsed root, ``tail`` the text from where entry ``-TAIL_ENTRIES`` starts
    and its root; ``newline`` the file's line end.  Gives what :func:`detect`
    gives for the whole file.
    """
    parts = [(text, root, _entries(root)) for text, root in (head, tail)]
    return _judge(parts, [head[0], tail[0]], newline, canonical)


_Group = tuple[str, LList | None, list[tuple[int, LMap]]]


def _entries(root: LList | None) -> list[tuple[int, LMap]]:
    """The entries of a list that are non-empty mappings, with their index."""
    return [
        (index, item) for index, item in enumerate(root or []) if isinstance(item, LMap) and item
    ]


def _judge(
    groups: Sequence[_Group], quoted_texts: Sequence[str], newline: str, canonical: Sequence[str]
) -> Style:
    """The style shown by groups of consecutive entries (each group: its text, root, entries).

    The indentation comes from the last entry of the last group; blank lines
    are counted between the entries of each group, quoted ids and the order
    of keys over all of them, and quote characters over ``quoted_texts``.
    """
    style = Style(newline=newline, quote=_quote_char(quoted_texts))
    if not any(entries for _text, _root, entries in groups):
        return replace(style, key_order=tuple(canonical))
    gaps: list[bool] = []
    items: list[LMap] = []
    quoted_ids = 0
    for text, root, entries in groups:
        if not entries:
            continue
        assert root is not None
        lines = text.splitlines()
        dash_lines = [root.item_pos[index][0] for index, _item in entries]
        line, column, _end = root.item_pos[entries[-1][0]]
        style = _indents(style, lines[line - 1], column - 1)
        gaps += [_blank_before(lines, line) for line in dash_lines[1:]]
        items += [item for _index, item in entries]
        quoted_ids += sum(1 for _index, item in entries if _value_quoted(lines, item, "id"))
    if gaps:
        style = replace(style, blank_between=2 * sum(gaps) >= len(gaps))
    else:  # one entry: blank lines between block entries, none between one-line ones
        style = replace(style, blank_between=not style.flow)
    style = replace(style, quote_ids=2 * quoted_ids > len(items))
    return replace(style, key_order=_key_order(items, canonical))


def _quote_char(texts: Sequence[str]) -> str:
    double = single = 0
    for text in texts:
        for match in _QUOTED_VALUE.finditer(text):
            if match.group(1) == '"':
                double += 1
            else:
                single += 1
    return "'" if single > double else '"'


def _indents(style: Style, line: str, key_column: int) -> Style:
    """Indentation from the line where an entry starts (``key_column`` 0-based)."""
    flow = key_column < len(line) and line[key_column] == "{"
    dash = line.rfind("-", 0, key_column)
    if dash < 0 or line[:dash].strip():
        return replace(style, dash_indent=max(key_column - 2, 0), key_indent=key_column, flow=flow)
    return replace(style, dash_indent=dash, key_indent=key_column, flow=flow)


def _blank_before(lines: list[str], line: int) -> bool:
    """Whether a blank line comes before line ``line`` (1-based), past any comment lines."""
    index = line - 2
    while index >= 0 and lines[index].lstrip().startswith("#"):
        index -= 1
    return index >= 0 and not lines[index].strip()


def _value_quoted(lines: list[str], item: LMap, key: str) -> bool:
    position = item.value_pos.get(key)
    if position is None:
        return False
    line, column, _end = position
    text = lines[line - 1] if line - 1 < len(lines) else ""
    return column - 1 < len(text) and text[column - 1] in "\"'"


def _key_order(items: list[LMap], canonical: Sequence[str]) -> tuple[str, ...]:
    """The keys in the order the fullest entry writes them, the others placed canonically."""
    fullest = max(items, key=len)
    order = [key for key in fullest if key in canonical]
    for position, key in enumerate(canonical):
        if key in order:
            continue
        before = [k for k in canonical[:position] if k in order]
        order.insert(order.index(before[-1]) + 1 if before else 0, key)
    return tuple(order)


def append(old: str, entries: Sequence[Mapping[str, Value]], style: Style) -> str:
    """The text to add after ``old`` so that it ends with ``entries``, in ``style``."""
    nl = style.newline
    parts: list[str] = []
    if old and not old.endswith(("\n", "\r")):
        parts.append(nl)
    ends_blank = not old or ends_with_blank_line(old)
    for number, entry in enumerate(entries):
        if style.blank_between and not (number == 0 and ends_blank):
            parts.append(nl)
        parts.append(entry_text(entry, style))
    return "".join(parts)


def entry_text(entry: Mapping[str, Value], style: Style) -> str:
    """One list entry (ending with a line end); keys in the style's order, empty ones left out."""
    keys = [k for k in style.key_order if k in entry] + [
        k for k in entry if k not in style.key_order
    ]
    pairs = [(key, entry[key]) for key in keys if entry[key] not in (None, "", [], {})]
    dash = " " * style.dash_indent + "-" + " " * max(style.key_indent - style.dash_indent - 1, 1)
    if style.flow:
        body = ", ".join(f"{k}: {value_text(k, value, style, flow=True)}" for k, value in pairs)
        return dash + "{" + body + "}" + style.newline
    lines = [f"{key}: {value_text(key, value, style, flow=False)}" for key, value in pairs]
    indent = " " * len(dash)
    return dash + (style.newline + indent).join(lines) + style.newline


def value_text(key: str, value: Value, style: Style, *, flow: bool) -> str:
    """The value of ``key`` as the file writes it: quoted where needed, ``[...]``, ``{...}``."""
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item, style.quote, flow=True) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (
            scalar(name, style.quote, flow=True)
            + ": "
            + (item if item in TYPED_WORDS else scalar(item, style.quote, flow=True))
            for name, item in value.items()
        )
        return "{" + ", ".join(pairs) + "}"
    if key in ALWAYS_QUOTED or (key == "id" and style.quote_ids):
        return quoted(value, style.quote)
    if key in TYPED_PLAIN and _TYPED.fullmatch(value):
        return value
    return scalar(value, style.quote, flow=flow)


@lru_cache(maxsize=4096)
def scalar(value: str, quote: str = '"', *, flow: bool = False) -> str:
    """``value`` plain when every YAML reader keeps it as this text, else quoted."""
    if plain_safe(value, flow=flow):
        return value
    return quoted(value, quote)


def plain_safe(value: str, *, flow: bool = False) -> bool:
    """Whether ``value`` can be written unquoted and read back as the same text.

    Plain only when it starts with a letter, holds only letters, digits,
    spaces and ``.,'()/&+-`` (no ``,`` inside ``[...]`` or ``{...}``), does
    not end with a space, and is not a word YAML 1.1 types (``yes``, ``No``,
    ``null``, ``on``...).
    """
    pattern = _SAFE_FLOW if flow else _SAFE_BLOCK
    if not pattern.fullmatch(value) or value.endswith(" "):
        return False
    resolvers = Resolver.yaml_implicit_resolvers.get(value[0], [])
    return not any(rx.match(value) for _tag, rx in resolvers)


def quoted(value: str, quote: str = '"') -> str:
    """``value`` in quotes; double quotes (with escapes) whenever single quotes cannot hold it."""
    if quote == "'" and not _UNPRINTABLE.search(value):
        return "'" + value.replace("'", "''") + "'"
    if not _NEEDS_ESCAPE.search(value):
        return '"' + value + '"'
    return '"' + "".join(_escape(ch) for ch in value) + '"'


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if not _UNPRINTABLE.fullmatch(ch):
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
