"""Appending entries to a YAML list file, or changing some, as text; and proving it reads back.

``ukm register`` appends participants to ``participants.yaml``, ``ukm visit``
visits to ``visits.yaml``.  The new entries are written after the last byte
of the file, in its style (``emit``).  Before anything is written, the
end of the new text (from the last old entry on) is read back with the same
reader ``ukm check`` uses: it must give the last old entry and then exactly
the new entries' text, or nothing is written.

``ukm edit`` and ``ukm tag`` change fields of some entries where they are
written (``yamlio/edit``).  When the loader has just read the very same bytes
without an error, the entries are found by counting their ``-`` lines
(``ends.starts``, as ``register`` finds the last one), only the entries
changed are parsed, each from its own lines, and only they are read back:
each must read as the loader read it before, and as exactly what is wanted
after, and every other byte is kept as it was.  Whenever that cannot be sure
(a file written otherwise, an entry that reads differently alone, many
entries changed), the whole file is parsed, changed and read back, and must
give every other entry as it was and the changed ones exactly as wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ukmtool.core.models import Participant
from ukmtool.core.yamlio import edit, emit, ends
from ukmtool.core.yamlio.lines import line_number, line_starts
from ukmtool.core.yamlio.located import NULLS
from ukmtool.core.yamlio.reader import LList, LMap, decode, parse_text
from ukmtool.errors import DataError, UkmError
from ukmtool.i18n import _

M = TypeVar("M", bound=BaseModel)


def append_participants(
    old: bytes,
    existing: Sequence[Participant],
    written: Sequence[Mapping[str, emit.Value]],
    path: Path,
    order: Sequence[str],
    *,
    loaded: bool = False,
    seen: ReadBack | None = None,
) -> bytes:
    """New participants appended to ``participants.yaml`` (see :func:`append_entries`)."""
    return append_entries(
        old, existing, written, path, order, Participant, loaded=loaded, seen=seen
    )


def append_entries(
    old: bytes,
    existing: Sequence[M],
    written: Sequence[Mapping[str, emit.Value]],
    path: Path,
    order: Sequence[str],
    model: type[M],
    *,
    loaded: bool = False,
    seen: ReadBack | None = None,
    first: emit.Style | None = None,
) -> bytes:
    """``old`` with the ``written`` entries appended in its style, checked by reading it back.

    ``existing`` are the entries ``old`` holds (as the loader read them, as
    ``model``); ``order`` is the usual order of keys.  ``loaded`` says that
    the loader read ``existing`` from these very bytes without an error: a
    long list is then read only at its two ends (``ends``), not whole.
    ``first``: the style of the first entries of a file that has none yet
    (one ``{...}`` a line, say), its line ends as the file's.
    Raises :class:`UkmError`, and nothing is to be written, when the text
    would not read back as exactly those entries followed by exactly the new ones.
    ``seen``, when given, is filled with what was read back (see :class:`ReadBack`).
    """
    listed = read_list(old, existing, path, order, loaded=loaded)
    if first is not None and not existing:
        style = replace(first, newline=listed.style.newline, key_order=tuple(order))
        listed = replace(listed, style=style)
    return listed.append(written, model, seen=seen)


@dataclass
class ReadBack:
    """What a write read back of its own new text, for whoever wants to reuse it.

    ``items`` is the located list parsed from the new text from ``first_line``
    on (1-based, a line of the whole new file); its first ``kept`` items are
    old entries, the rest exactly the entries the write added (or, for
    ``sheet_file``, see there).  ``whole``: the text was read back whole
    (``first_line`` is 1 and ``kept`` counts every old entry).
    """

    items: LList | None = None
    kept: int = 0
    first_line: int = 1
    whole: bool = False
    replaced: dict[int, tuple[LMap, LMap]] | None = None
    """:func:`change_entries`: each entry changed, by its place among the file's entries that
    are mappings (from 0), before and after, as read (None: not every entry is a mapping)."""


@dataclass(frozen=True)
class ListText:
    """A list file's text, read for appending: its style, where its last entry starts.

    ``sample`` holds the entries the style was judged from (located): every
    entry of a short list, the first ``emit.HEAD_ENTRIES`` and the last
    ``emit.TAIL_ENTRIES`` of a long one, whether the middle was read or not;
    a writer may judge more of the file's habits from them (``visit``: its
    yes/no words).
    """

    path: Path
    old: bytes
    text: str
    existing: Sequence[BaseModel]
    style: emit.Style
    start: int
    sample: list[LMap]

    def append(
        self,
        written: Sequence[Mapping[str, emit.Value]],
        model: type[M],
        *,
        seen: ReadBack | None = None,
    ) -> bytes:
        """The file with ``written`` appended, read back (see :func:`append_entries`)."""
        text, start = self.text, self.start
        addition = emit.append(text, written, self.style)
        kept = self.existing[-1:] if start else self.existing
        root = _verify(text[start:] + addition, kept, written, self.path, model)
        if seen is not None:
            seen.items, seen.kept = root, len(kept)
            seen.first_line = line_number(text, start)
            seen.whole = not start
        return self.old + addition.encode("utf-8")


def read_list(
    old: bytes,
    existing: Sequence[M],
    path: Path,
    order: Sequence[str],
    *,
    loaded: bool = False,
) -> ListText:
    """``old``, a list file holding ``existing``, read to append to (see :func:`append_entries`)."""
    text, problem = decode(old)
    if text is None:  # the loader reported it, and the folder was refused
        raise DataError(problem.message if problem else path.name)
    if not existing:
        text = _without_null_root(text)
        old = text.encode("utf-8")
    two_ends = ends.read(text, len(existing)) if loaded else None
    if two_ends is not None:
        newline = "\r\n" if "\r\n" in text else "\n"
        style = emit.detect_ends(two_ends.head, two_ends.tail, order, newline=newline)
        sample = _mappings(two_ends.head[1]) + _mappings(two_ends.tail[1])
        return ListText(path, old, text, existing, style, two_ends.last_start, sample)
    root = _parse_whole(text, path)
    entries = _mappings(root)
    if len(entries) > emit.HEAD_ENTRIES + emit.TAIL_ENTRIES:
        entries = entries[: emit.HEAD_ENTRIES] + entries[-emit.TAIL_ENTRIES :]
    style = emit.detect(text, root, order)
    return ListText(path, old, text, existing, style, _last_entry_offset(text, root), entries)


def _mappings(root: LList | None) -> list[LMap]:
    return [item for item in root or () if isinstance(item, LMap)]


BOM = b"\xef\xbb\xbf"


def id_key(item: LMap) -> str | None:
    """The key of an entry of participants.yaml: its id as written."""
    key = item.get("id")
    return key.strip() if isinstance(key, str) else None


@dataclass(frozen=True)
class Loaded:
    """The entries the loader read from the very bytes being changed, without an error.

    ``key`` names an entry as the models hold it, as ``change_entries``'s
    ``key`` names it as written (for participants: ``lambda p: p.id``).
    """

    entries: Sequence[BaseModel]
    key: Callable[[Any], str]


FEW = 20
"""Entries are found by counting (not by parsing the whole list) when at most one in this many
changes: parsing each changed entry alone costs a few times what it costs in the whole list."""


def change_entries(
    old: bytes,
    path: Path,
    wanted: Mapping[str, edit.Wanted],
    order: Sequence[str],
    key: Callable[[LMap], str | None] = id_key,
    *,
    seen: ReadBack | None = None,
    loaded: Loaded | None = None,
) -> bytes:
    """``old`` with the entry of each key in ``wanted`` changed as it says (``yamlio/edit``).

    ``key`` names an entry (its id; for scores.yaml, participant and module).
    ``loaded``, when given, holds the entries the loader read from ``old``
    without an error: the entries changed are then found and read back alone
    (see the module), else the whole file is.

    Every byte outside the changed values stays, the byte-order mark too.
    Raises :class:`UkmError`, and nothing is to be written, when an entry is
    written in a way that cannot be changed safely, or when the new text
    would not read back as every other entry unchanged and the changed ones
    exactly as wanted.  ``seen``, when given, is filled with what was read
    back (see :class:`ReadBack`).
    """
    text, problem = decode(old)
    if text is None:  # the loader reported it, and the folder was refused
        raise DataError(problem.message if problem else path.name)
    back = ReadBack()
    new = _change_found(text, wanted, order, key, back, loaded) if loaded is not None else None
    if new is None:
        back = ReadBack()
        new = _change_whole(text, path, wanted, order, key, back)
    if seen is not None:
        seen.items, seen.kept, seen.first_line, seen.whole = back.items, 0, 1, back.whole
        seen.replaced = back.replaced
    return (BOM if old.startswith(BOM) else b"") + new.encode("utf-8")


def _change_whole(
    text: str,
    path: Path,
    wanted: Mapping[str, edit.Wanted],
    order: Sequence[str],
    key: Callable[[LMap], str | None],
    seen: ReadBack,
) -> str:
    """:func:`change_entries` by parsing, changing and reading back the whole list."""
    parsed = parse_text(text)
    root = parsed.value
    if parsed.problems or not isinstance(root, LList):
        raise _cannot_change(path)
    at = _indexes(root, wanted, key)
    style = emit.detect(text, root, order)
    try:
        new = edit.edit_entries(text, root, at, style, order)
    except edit.CannotEdit:
        raise _cannot_change(path) from None
    back = parse_text(new)
    items = back.value
    if back.problems or not isinstance(items, LList) or len(items) != len(root):
        raise _cannot_change(path)
    for index, (before, after) in enumerate(zip(root, items, strict=True)):
        changes = at.get(index)
        expected = before if changes is None else edit.entry_values(before, changes)
        if after != expected:
            raise _cannot_change(path)
    seen.items, seen.whole = items, True
    places = [index for index, item in enumerate(items) if isinstance(item, LMap)]
    if len(places) == len([item for item in items if item is not None]):
        place = {index: number for number, index in enumerate(places)}
        seen.replaced = {place[index]: (root[index], items[index]) for index in sorted(at)}
    return new


def _change_found(
    text: str,
    wanted: Mapping[str, edit.Wanted],
    order: Sequence[str],
    key: Callable[[LMap], str | None],
    seen: ReadBack,
    loaded: Loaded,
) -> str | None:
    """:func:`change_entries` reading only the entries changed; None: change the whole instead.

    The entries are found by counting (``ends``): the k-th ``-`` line at the
    list's column starts the k-th entry the loader read, and its lines run to
    the next one.  Each changed entry is parsed alone and must read as the
    loader read it (the same key, the same model); once changed, it must
    read back as exactly what is wanted, still be one entry's lines, and end
    its last line as before, so that every other entry starts, and reads,
    as before.
    """
    count = len(loaded.entries)
    if not wanted or len(wanted) * FEW > count:
        return None
    two_ends = ends.read(text, count)
    starts = ends.starts(text, count) if two_ends is not None else None
    column = ends.dash_column(text) if starts is not None else None
    places = _places(loaded, wanted)
    if two_ends is None or starts is None or column is None or places is None:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    style = emit.detect_ends(two_ends.head, two_ends.tail, order, newline=newline)
    starts.append(len(text))
    parts: list[str] = []
    done = 0
    replaced: dict[int, tuple[LMap, LMap]] = {}
    for index, name in sorted((index, name) for name, index in places.items()):
        piece = text[starts[index] : starts[index + 1]]
        before = _entry(piece, key, name, loaded.entries[index])
        if before is None:
            return None
        try:
            new = edit.edit_entry(piece, wanted[name], style, order)
        except edit.CannotEdit:
            return None  # the whole list's reading says so, or finds it can
        after = _entry(new, key, name)
        last = index == count - 1  # else the next entry's line must still start after it
        if not (last or new.endswith("\n")) or not ends.entry_lines(new, column):
            return None
        if after is None or after != edit.entry_values(before, wanted[name]):
            return None
        parts += [text[done : starts[index]], new]
        done = starts[index + 1]
        replaced[index] = (before, after)
    parts.append(text[done:])
    seen.replaced = replaced
    return "".join(parts)


def _places(loaded: Loaded, wanted: Mapping[str, edit.Wanted]) -> dict[str, int] | None:
    """Where the loader read each entry of ``wanted`` (None: one is missing or there twice)."""
    found: dict[str, int] = {}
    twice = False
    name = loaded.key
    for index, entry in enumerate(loaded.entries):
        entry_key = name(entry)
        if entry_key in wanted:
            twice = twice or entry_key in found
            found[entry_key] = index
    return None if twice or len(found) != len(wanted) else found


def _entry(
    piece: str, key: Callable[[LMap], str | None], name: str, model: BaseModel | None = None
) -> LMap | None:
    """The one entry ``piece`` reads as alone, when it has key ``name`` (and reads as ``model``)."""
    from pydantic import ValidationError

    parsed = parse_text(piece)
    root = parsed.value
    if parsed.problems or not isinstance(root, LList) or len(root) != 1:
        return None
    entry = root[0]
    if not isinstance(entry, LMap) or key(entry) != name:
        return None
    if model is not None:
        try:
            if type(model).model_validate(entry) != model:
                return None
        except ValidationError:
            return None
    return entry


def _indexes(
    root: LList, wanted: Mapping[str, edit.Wanted], key: Callable[[LMap], str | None]
) -> dict[int, edit.Wanted]:
    """Where each entry of ``wanted`` is in the list: the one item with that key."""
    at: dict[int, edit.Wanted] = {}
    found: dict[str, int] = {}
    for index, item in enumerate(root):
        name = key(item) if isinstance(item, LMap) else None
        if name is not None and name in wanted:
            if name in found:
                raise DataError(_("Id '{id}' is used twice.").format(id=name))
            found[name] = index
            at[index] = wanted[name]
    missing = set(wanted) - set(found)
    if missing:
        raise DataError(
            _("{id} is no longer in the file; nothing was written.").format(id=sorted(missing)[0])
        )
    return at


def _cannot_change(path: Path) -> UkmError:
    return UkmError(
        _("ukm cannot change {name} safely as it is written; nothing was written.").format(
            name=path.name
        ),
        hint=_(
            "Each entry must start on a line of its own with '- ', its fields below it "
            "(or in {{...}} on that line). Change the file by hand, or write it so, and run "
            "the command again."
        ),
    )


def _without_null_root(text: str) -> str:
    """``text`` without its root's ``~`` or ``null`` when that is all it holds.

    ``ukm check`` reads such a file as an empty list; the word goes, so that
    the entries can follow.  Only that word changes: comments and everything
    else stay as written.
    """
    import yaml

    try:
        tokens = list(yaml.scan(text))
    except yaml.YAMLError:
        return text  # the reader's own refusal says what is wrong
    kinds = {type(token) for token in tokens} - {
        yaml.StreamStartToken,
        yaml.StreamEndToken,
        yaml.DocumentStartToken,
        yaml.ScalarToken,
    }
    scalars = [token for token in tokens if isinstance(token, yaml.ScalarToken)]
    if kinds or len(scalars) != 1:
        return text
    word = scalars[0]
    if not word.plain or word.value not in NULLS:
        return text  # "~" in quotes is text, not an empty list
    return text[: word.start_mark.index] + text[word.end_mark.index :]


def _parse_whole(text: str, path: Path) -> LList | None:
    """The root of the list file ``text``, parsing all of it (refused unless a block list)."""
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
    return root


def _flow_root(text: str, root: LList) -> bool:
    starts = line_starts(text)
    at = starts[root.line - 1] + root.column - 1 if 0 < root.line < len(starts) else -1
    return text[at : at + 1] == "[" if at >= 0 else False


def _last_entry_offset(text: str, root: LList | None) -> int:
    """Where the line of the last entry's ``-`` starts (0 when that is not plain to see).

    From there to the end the text is a YAML list of its own: reading back
    only that much (not the whole file) shows the new entries joined the list.
    """
    if not root or root[-1] is None:
        return 0
    line, column, _end = root.item_pos[-1]
    starts = line_starts(text)
    if line >= len(starts) or text[starts[line - 1] : starts[line - 1] + column - 1].strip() != "-":
        return 0
    return starts[line - 1]


def _verify(
    text: str,
    kept: Sequence[M],
    written: Sequence[Mapping[str, emit.Value]],
    path: Path,
    model: type[M],
) -> LList:
    """``text`` must read back as the ``kept`` entries, then exactly the ``written`` text.

    The new entries were built by the model from that same text, so reading
    it back unchanged means loading the file gives exactly them.  Returns
    what was read back.
    """
    from pydantic import TypeAdapter, ValidationError

    parsed = parse_text(text)  # the reader `ukm check` uses
    root = parsed.value
    if parsed.problems or not isinstance(root, LList):
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
    return root


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
