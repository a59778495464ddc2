"""Appending entries to a YAML list file, or changing some, as text; and proving it reads back.

``ukm register`` appends participants to ``participants.yaml``, ``ukm visit``
visits to ``visits.yaml``.  The new entries are written after the last byte
of the file, in its style (``emit``).  Before anything is written, the
end of the new text (from the last old entry on) is read back with the same
reader ``ukm check`` uses: it must give the last old entry and then exactly
the new entries' text, or nothing is written.

``ukm edit`` and ``ukm tag`` change fields of some entries where they are
written (``yamlio/edit``); the whole new text is read back and must give
every other entry as it was and the changed ones exactly as wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

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
    changed: list[int] | None = None
    """:func:`change_entries`: the indexes of ``items`` changed (``items`` is the whole list)."""
    before: LList | None = None
    """:func:`change_entries`: the old list, as read."""


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


def change_entries(
    old: bytes,
    path: Path,
    wanted: Mapping[str, edit.Wanted],
    order: Sequence[str],
    key: Callable[[LMap], str | None] = id_key,
    *,
    seen: ReadBack | None = None,
) -> bytes:
    """``old`` with the entry of each key in ``wanted`` changed as it says (``yamlio/edit``).

    ``key`` names an entry (its id; for scores.yaml, participant and module).

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
    if seen is not None:
        seen.items, seen.kept, seen.first_line, seen.whole = items, 0, 1, True
        seen.changed, seen.before = sorted(at), root
    return (BOM if old.startswith(BOM) else b"") + new.encode("utf-8")


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
