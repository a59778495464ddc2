"""Appending participants to ``participants.yaml`` as text, and proving it reads back.

The new entries are written after the last byte of the file, in its style
(``yamltext``).  Before anything is written, the end of the new text (from
the last old entry on) is read back with the same reader ``ukm check`` uses:
it must give the last old participant and then exactly the new entries'
text, or nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ukmtool.core import yamltext
from ukmtool.core.models import Participant
from ukmtool.core.yamlfile import LList, decode, parse_text
from ukmtool.errors import DataError, UkmError
from ukmtool.i18n import _


def append_participants(
    old: bytes,
    existing: Sequence[Participant],
    written: Sequence[Mapping[str, yamltext.Value]],
    path: Path,
    order: Sequence[str],
) -> bytes:
    """``old`` with the ``written`` entries appended in its style, checked by reading it back.

    ``existing`` are the participants ``old`` holds (as the loader read
    them); ``order`` is the usual order of keys.  Raises :class:`UkmError`,
    and nothing is to be written, when the text would not read back as
    exactly those participants followed by exactly the new entries.
    """
    text, problem = decode(old)
    if text is None:  # the loader reported it, and the folder was refused
        raise DataError(problem.message if problem else path.name)
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
    style = yamltext.detect(text, root, order)
    addition = yamltext.append(text, written, style)
    start = _last_entry_offset(text, root)
    _verify(text[start:] + addition, existing[-1:] if start else existing, written, path)
    return old + addition.encode("utf-8")


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
    kept: Sequence[Participant],
    written: Sequence[Mapping[str, yamltext.Value]],
    path: Path,
) -> None:
    """``text`` must read back as the ``kept`` participants, then exactly the ``written`` text.

    The new participants were built by the model from that same text, so
    reading it back unchanged means loading the file gives exactly them.
    """
    from pydantic import TypeAdapter, ValidationError

    parsed = parse_text(text)
    root = parsed.value
    if parsed.problems or not isinstance(root, LList):
        raise _cannot_append(path)
    items = [item for item in root if item is not None]
    if len(items) != len(kept) + len(written):
        raise _cannot_append(path)
    try:
        read_back = TypeAdapter(list[Participant]).validate_python(items[: len(kept)])
    except ValidationError:
        raise _cannot_append(path) from None
    new = items[len(kept) :]
    expected = [{k: v for k, v in entry.items() if v not in ("", [])} for entry in written]
    if read_back != list(kept) or new != expected:
        raise _cannot_append(path)


def _cannot_append(path: Path) -> UkmError:
    return UkmError(
        _("ukm cannot add entries to {name} safely as it is written; nothing was written.").format(
            name=path.name
        ),
        hint=_(
            "New entries go after the last line: make the file end with the list of "
            "participants (no '...' or '---' after it), then run the command again."
        ),
    )
