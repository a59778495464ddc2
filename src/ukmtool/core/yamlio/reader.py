"""Read one YAML file into plain values that remember where they came from.

PyYAML's YAML 1.1 typing silently turns ``0274123456`` into an octal number,
``No`` into ``False`` and ``11:30`` into 690.  ukm never lets it: the libyaml
parser only builds the node tree, and this module turns every scalar into the
text the person wrote (``None`` for an empty plain value), leaving the models
to convert text into numbers and dates and to say so when they cannot.

Mappings become :class:`LMap` and sequences :class:`LList`; both carry the
1-based line and column of themselves and of each of their keys or items, so
any problem found later can name ``file:line``.  Duplicate keys, YAML tags,
anchors and aliases, and nesting deeper than any ukm file needs are reported
as problems instead of being accepted silently.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ukmtool.core.yamlio import breaks, fastwalk, layout
from ukmtool.core.yamlio.libyaml import MAP_TAG, SEQ_TAG, STR_TAG, Parser
from ukmtool.core.yamlio.located import MAX_DEPTH, NULLS, LList, LMap
from ukmtool.i18n import _

__all__ = [
    "NULLS",
    "LList",
    "LMap",
    "Parsed",
    "Problem",
    "compose",
    "decode",
    "parse_bytes",
    "parse_text",
]


def _max_file_mb() -> int:
    """``UKM_MAX_FILE_MB`` when it is a whole number above 0, else 64."""
    value = os.environ.get("UKM_MAX_FILE_MB", "").strip()
    return int(value) if value.isdigit() and 0 < len(value) < 7 and int(value) > 0 else 64


MAX_FILE_BYTES = _max_file_mb() * 2**20
_PLAIN = "plain"
_QUOTED = "quoted"
_ALLOWED_TAGS = frozenset({MAP_TAG, SEQ_TAG, STR_TAG, _PLAIN, _QUOTED})


class _Resolver:
    """A resolver that types nothing: plain scalars stay text."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return MAP_TAG if kind is yaml.MappingNode else SEQ_TAG

    def descend_resolver(self, *args: Any) -> None:
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


class _Loader(Parser, _Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        Parser.__init__(self, stream)


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (each node with its start and end), as the reader builds it.

    Raises ``yaml.YAMLError`` for text that is not YAML.
    """
    return yaml.compose(text, Loader=_Loader)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the YAML itself, at a 1-based line and column."""

    line: int | None
    column: int | None
    message: str
    hint: str | None = None


@dataclass(slots=True)
class Parsed:
    """The result of reading one file: a value (or None) and the problems found."""

    value: Any
    problems: list[Problem]
    text: str
    empty: bool


class _Stop(Exception):
    """Raised inside the builder to give up on a file after a fatal problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (a BOM allowed), naming the line of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        before = data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start]
        column = len(before.decode("utf-8", errors="replace")) + 1  # characters, not bytes
        return None, Problem(
            line,
            column,
            _("The file is not UTF-8 text (byte 0x{byte:02x}).").format(byte=data[exc.start]),
            _(
                "Save it as UTF-8: in a text editor choose 'Save as' with the encoding "
                "UTF-8; in Excel choose 'CSV UTF-8'."
            ),
        )


class FileTooLargeError(OSError):
    """A file over ``MAX_FILE_BYTES``: not read, so time and memory stay bounded."""

    def __init__(self, size: int) -> None:
        super().__init__(f"file of {size} bytes")
        self.size = size

    def problem(self) -> Problem:
        """What to tell the person."""
        return Problem(
            None,
            None,
            _("The file is {size} MB; ukm reads files of at most {limit} MB.").format(
                size=self.size // 2**20, limit=MAX_FILE_BYTES // 2**20
            ),
            _(
                "Check that it is the right file. For a larger programme, set "
                "UKM_MAX_FILE_MB to a higher limit."
            ),
        )


def check_size(path: Path) -> None:
    """Refuse a file that is not a regular file, or is over ``MAX_FILE_BYTES``.

    A named pipe would block the read forever and a device never end it.
    libyaml builds Python objects at 1-2 MB/s and about 40 bytes of memory
    per byte read, so a larger file is refused before it is read.
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # a named pipe would block forever, a device (/dev/zero) never end
        raise OSError(errno.EINVAL, _("it is not a regular file"))
    if info.st_size > MAX_FILE_BYTES:
        raise FileTooLargeError(info.st_size)


def parse_bytes(
    data: bytes,
    *,
    tick: Callable[[int], None] | None = None,
    memo: dict[str, str] | None = None,
) -> Parsed:
    """Parse the bytes of a YAML file (``tick`` and ``memo`` as for :func:`parse_text`)."""
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        return Parsed(None, [problem], "", False)
    return parse_text(text, tick=tick, memo=memo)


def parse_text(
    text: str,
    *,
    tick: Callable[[int], None] | None = None,
    memo: dict[str, str] | None = None,
    fast: bool = True,
) -> Parsed:
    """Parse YAML text into :class:`LMap` / :class:`LList` / ``str`` / ``None``.

    Line numbers are an editor's (``breaks``): U+2028 inside a value does not
    move the lines after it.  See :func:`_parse` for the rest.
    """
    parsed = _parse(text, tick=tick, memo=memo, fast=fast)
    if not breaks.needs_remap(text):
        return parsed
    table = breaks.line_table(text)
    breaks.remap(parsed.value, table)
    moved = [replace(p, line=breaks.at(table, p.line)) for p in parsed.problems]
    return replace(parsed, problems=moved)


def _parse(
    text: str,
    *,
    tick: Callable[[int], None] | None = None,
    memo: dict[str, str] | None = None,
    fast: bool = True,
) -> Parsed:
    """Parse YAML text into :class:`LMap` / :class:`LList` / ``str`` / ``None``.

    An ordinary document is read by the fast path (``fastwalk``); anything
    else, or every text with ``fast=False``, by the careful builder below,
    which gives the same values and words every problem.  ``tick`` is called
    now and then with the number of characters read (for a progress bar);
    ``memo`` lets files read together share one string object per value.
    """
    problems: list[Problem] = []
    if "\x00" in text:
        offset = text.index("\x00")
        return Parsed(
            None,
            [
                Problem(
                    text.count("\n", 0, offset) + 1,
                    None,
                    _("The file holds a NUL byte: it is not a text file, or it is damaged."),
                    _("Open it in a text editor and remove the damaged part, or restore a copy."),
                )
            ],
            text,
            False,
        )
    if fast:
        built = fastwalk.build(text, tick, memo)
        if built is not None:
            return Parsed(built[0], problems, text, built[1])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return Parsed(None, [_yaml_problem(exc, text)], text, False)
    except yaml.YAMLError as exc:
        return Parsed(None, [_reader_problem(exc, text)], text, False)
    except RecursionError:
        return Parsed(None, [_too_deep(None)], text, False)
    if node is None:
        return Parsed(None, problems, text, True)
    builder = _Builder(track_aliases=("&" in text or "*" in text))
    try:
        value = builder.build(node, 0)
    except _Stop as stop:
        problem = stop.problem
        if problem.message == _alias_problem(None, None).message:
            line, column = _first_alias(text)
            problem = _alias_problem(line or problem.line, column or problem.column)
        return Parsed(None, [*builder.problems, problem], text, False)
    return Parsed(value, builder.problems, text, False)


def _too_deep(line: int | None) -> Problem:
    return Problem(
        line,
        None,
        _("The file is nested too deeply to be a ukm file."),
        _("Check the indentation, or that brackets [ ] and braces { } are closed."),
    )


def _alias_problem(line: int | None, column: int | None) -> Problem:
    return Problem(
        line,
        column,
        _("Anchors and aliases (& and *) are not allowed in ukm files."),
        _("Write the value out in full where it is needed."),
    )


def _first_alias(text: str) -> tuple[int | None, int | None]:
    """Line and column of the first alias (``*name``): where the copy is used."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) and mark is not None:
                return mark.line + 1, mark.column + 1
    except yaml.YAMLError:  # pragma: no cover - the text composed without error before
        pass
    return None, None


class _Builder:
    def __init__(self, *, track_aliases: bool) -> None:
        self.problems: list[Problem] = []
        self.seen: set[int] | None = set() if track_aliases else None

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Stop(_too_deep(node.start_mark.line + 1))
        if self.seen is not None:
            if id(node) in self.seen:
                raise _Stop(_alias_problem(node.start_mark.line + 1, node.start_mark.column + 1))
            self.seen.add(id(node))
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            raise _Stop(
                Problem(
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    _("The YAML tag {tag} is not allowed in ukm files.").format(
                        tag=tag.replace("tag:yaml.org,2002:", "!!")
                    ),
                    _("Remove the tag (the part starting with !) and write the plain value."),
                )
            )
        if isinstance(node, yaml.ScalarNode):
            value: str = node.value
            if tag == _PLAIN and value in NULLS:
                return None
            return value
        if isinstance(node, yaml.SequenceNode):
            seq = LList(
                node.start_mark.line + 1, node.start_mark.column + 1, node.end_mark.line + 1
            )
            append, positions = seq.append, seq.item_pos.append
            build = self.build
            for item in node.value:
                mark = item.start_mark
                positions((mark.line + 1, mark.column + 1, item.end_mark.line + 1))
                append(build(item, depth + 1))
            return seq
        assert isinstance(node, yaml.MappingNode)
        mapping = LMap(node.start_mark.line + 1, node.start_mark.column + 1, node.end_mark.line + 1)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Stop(
                    Problem(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        _("A key must be a plain word or number, not a list or mapping."),
                    )
                )
            key = self.build(key_node, depth + 1)
            key = "" if key is None else key
            kmark = key_node.start_mark
            if key in mapping:
                first = mapping.key_pos[key][0]
                self.problems.append(
                    Problem(
                        kmark.line + 1,
                        kmark.column + 1,
                        _("Duplicate key '{key}': it is already given at line {line}.").format(
                            key=key, line=first
                        ),
                        _("Keep one of them; YAML would silently use only the last."),
                    )
                )
                continue
            mapping.key_pos[key] = (kmark.line + 1, kmark.column + 1)
            vmark = value_node.start_mark
            mapping.value_pos[key] = (
                vmark.line + 1,
                vmark.column + 1,
                value_node.end_mark.line + 1,
            )
            mapping[key] = self.build(value_node, depth + 1)
        return mapping


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    laid_out = layout.problem(text, problem, mark.line if mark else None, exc.context_mark)
    if laid_out is not None:
        return Problem(*laid_out)
    found = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if "tab" in problem or (found == "\t" and "cannot start any token" in problem):
        return Problem(
            line,
            column,
            _("A tab character is used for indentation."),
            _("YAML indents with spaces only: replace the tabs with spaces."),
        )
    if found in ("@", "`") and "cannot start any token" in problem:
        return Problem(
            line,
            column,
            _("A value cannot start with {char} in YAML.").format(char=found),
            _('Put the value in quotes: key: "{char}...".').format(char=found),
        )
    if any(word in f"{context} {problem}" for word in ("alias", "anchor")):
        return _alias_problem(line, column)
    opened = exc.context_mark
    # Unclosed at the end of a file with no final newline, the end is on the opening line.
    unclosed = line is None or (opened is not None and opened.line + 1 < line)
    if opened is not None and (unclosed or "end of stream" in problem):
        where = opened.line + 1
        if "flow sequence" in context or "flow mapping" in context:
            bracket = "[" if "sequence" in context else "{"
            return Problem(
                where,
                opened.column + 1,
                _("The bracket {bracket} opened here is not closed.").format(bracket=bracket),
                _(
                    "Close it with {closing} on the same entry, and separate items with commas."
                ).format(closing="]" if bracket == "[" else "}"),
            )
        if "quoted scalar" in context:
            return Problem(
                where,
                opened.column + 1,
                _("The quote opened here is not closed."),
                _("End the value with the same quote it starts with."),
            )
    if "maximum nesting depth" in problem:
        return _too_deep(line)
    if "expected a single document" in context or "but found another document" in problem:
        return Problem(
            line,
            column,
            _("The file holds more than one YAML document (a line with --- in the middle)."),
            _("Keep one document per file: remove the extra --- line."),
        )
    if "mapping values are not allowed" in problem:
        return Problem(
            line,
            column,
            _("A colon followed by a space inside a value is read as a new key."),
            _('Put the value in quotes: key: "text: with a colon".'),
        )
    detail = f"{context} {problem}".strip() if context else problem
    return Problem(
        line,
        column,
        _("This is not valid YAML: {detail}.").format(detail=detail),
        _("Check the indentation and that quotes and brackets are closed near this line."),
    )


def _reader_problem(exc: yaml.YAMLError, text: str) -> Problem:
    position = getattr(exc, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    reason = getattr(exc, "reason", None) or str(exc)
    return Problem(
        line,
        None,
        _("The file holds a character YAML does not allow: {reason}.").format(reason=reason),
        _("Remove the control character (it is often invisible; retype the line)."),
    )
