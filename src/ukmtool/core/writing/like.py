"""``ukm init DIR --like OLD``: last year's programme as this year's, edited as YAML.

OLD's ``program.yaml`` and ``modules.yaml`` are edited as YAML text
(``yamlio.edits``): the comments and layout a person wrote stay as they
were, the name is replaced (however it was written: quoted, over two lines,
as a block), ``starts``, ``ends`` and every session's ``date`` are moved by
the difference between the new start and the old one (quoted or not),
``certificates.issued`` (the day printed on last year's certificates) is
removed, each folder of ``earlier`` is rewritten relative to the new folder,
and OLD itself is added to ``earlier`` (a business of last year is then
recognised when it registers again).  The result is read back and compared
with what it must say before anything is written.

What never carries: the participants, attendance, visits, measurements,
certificates issued (``certificates.yaml``), the record of ids given
(``ids.yaml``), the lock and cache.  ``templates/`` is copied file by file,
regular files only (``files/new_folder``); a template already prepared in the
new folder is kept.  A new ``laporan.md`` is written in OLD's language (one
already in the new folder is kept).  The new folder is made whole or not at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

from ukmtool.core.files import new_folder
from ukmtool.core.files.new_folder import NewFile
from ukmtool.core.folder import (
    ATTENDANCE_DIR,
    LAPORAN_NAME,
    MODULES_FILE,
    PARTICIPANTS_FILE,
    PROGRAM_FILE,
    Folder,
)
from ukmtool.core.programme import Programme
from ukmtool.core.reading.loader import load
from ukmtool.core.writing import init as template
from ukmtool.core.writing.laporan import laporan_md
from ukmtool.core.yamlio import edits, emit
from ukmtool.core.yamlio.edits import Edit, MappingNode, ScalarNode, SequenceNode
from ukmtool.core.yamlio.reader import LList, LMap, parse_text
from ukmtool.errors import DataError, UkmError
from ukmtool.i18n import _

TEMPLATES_DIR = "templates"


@dataclass(frozen=True, slots=True)
class Started:
    """What ``ukm init --like`` made: the folder, the shift of the dates, what it copied."""

    folder: Path
    shift: timedelta
    modules: int
    sessions: int
    templates: int
    """Files of ``templates/`` copied."""
    kept: tuple[str, ...]
    """Files of ``templates/`` already in the new folder, kept as they were."""


def start_like(directory: Path, old: Programme, starts: date, name: str | None) -> Started:
    """Write a new programme folder in ``directory`` with ``old``'s settings and modules."""
    shift = starts - old.settings.starts
    new_name = name or next_name(old.settings.name, old.settings.starts, starts)
    root = directory.absolute()
    program = program_text(_text(old.folder.program), new_name, shift, old.folder.root, root)
    modules = modules_text(_text(old.folder.modules), shift)
    _verify(old, program, modules, new_name, shift)
    copied = _templates(old.folder.root / TEMPLATES_DIR)
    laporan = laporan_md(old.settings.language).encode(
        "utf-8"
    )  # last year's text is not this year's
    files = (
        *copied,
        NewFile(PurePosixPath(LAPORAN_NAME), laporan, keep_theirs=True),
        NewFile(PurePosixPath(PARTICIPANTS_FILE), template.participants_yaml().encode("utf-8")),
        NewFile(PurePosixPath(MODULES_FILE), modules.encode("utf-8")),
        NewFile(PurePosixPath(PROGRAM_FILE), program.encode("utf-8")),  # last: now a programme
    )
    template.refuse_records(directory)
    kept = new_folder.make(directory, files, (ATTENDANCE_DIR,))
    result = load(Folder(root))
    if not result.ok:  # read back as it was meant to be before writing: never expected
        raise DataError(
            _("The new folder {folder} has errors; fix them by hand.").format(folder=directory),
            result.errors,
        )
    sessions = sum(len(m.sessions) for m in old.modules)
    kept_templates = [name for name in kept if name != LAPORAN_NAME]
    return Started(
        root, shift, len(old.modules), sessions, len(copied) - len(kept_templates), tuple(kept)
    )


def next_name(name: str, old: date, new: date) -> str:
    """The old name with its year moved (``... Blora 2017`` -> ``... Blora 2018``)."""
    if str(old.year) in name and old.year != new.year:
        return name.replace(str(old.year), str(new.year))
    return name


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def program_text(text: str, name: str, shift: timedelta, old_root: Path, new_root: Path) -> str:
    """program.yaml with the new name, the dates moved, no issue date, ``earlier`` rebased."""
    root = edits.compose(text)
    if not isinstance(root, MappingNode):
        raise _unreadable(PROGRAM_FILE)
    changes: list[Edit] = []
    found = edits.pair(root, "name")
    if found is not None and isinstance(found[1], ScalarNode):
        changes.append(_replace_text(text, found[1], name, flow=bool(root.flow_style)))
    for key in ("starts", "ends"):
        found = edits.pair(root, key)
        if found is not None and isinstance(found[1], ScalarNode):
            changes.append(_moved(text, found[1], shift))
    certificates = edits.pair(root, "certificates")
    if certificates is not None and isinstance(certificates[1], MappingNode):
        issued = edits.pair(certificates[1], "issued")
        if issued is not None:
            changes.append(edits.remove_pair(text, certificates[1], issued[0]))
    changes.extend(_earlier(text, root, old_root, new_root))
    return edits.apply(text, changes)


def modules_text(text: str, shift: timedelta) -> str:
    """modules.yaml with every session's date moved by ``shift``, nothing else changed."""
    root = edits.compose(text)
    changes: list[Edit] = []
    for module in root.value if isinstance(root, SequenceNode) else ():
        sessions = edits.pair(module, "sessions")
        if sessions is None or not isinstance(sessions[1], MappingNode):
            continue
        for _number, session in sessions[1].value:
            day = edits.pair(session, "date")
            if day is not None and isinstance(day[1], ScalarNode):
                changes.append(_moved(text, day[1], shift))
    return edits.apply(text, changes)


def _moved(text: str, node: ScalarNode, shift: timedelta) -> Edit:
    day = date.fromisoformat(node.value.strip()) + shift
    return edits.replace_scalar(text, node, day.isoformat(), keep_quotes=True)


def _replace_text(text: str, node: ScalarNode, value: str, *, flow: bool) -> Edit:
    """A text value written as the old one was: in its quotes, else plain when it can be."""
    if node.style in ("'", '"'):
        return edits.replace_scalar(text, node, emit.quoted(value, node.style))
    return edits.replace_scalar(text, node, emit.scalar(value, flow=flow))


def _earlier(text: str, root: MappingNode, old_root: Path, new_root: Path) -> list[Edit]:
    """``earlier`` relative to the new folder, with the old folder added."""
    old_there = _relative(old_root, new_root)
    found = edits.pair(root, "earlier")
    if found is None:
        comment = _("folders of earlier programmes")
        line = f"earlier: [{emit.scalar(old_there, flow=True)}]   # {comment}"
        newline = "\n" if "\r\n" not in text else "\r\n"
        before = "" if not text or text.endswith(("\n", "\r")) else newline
        if root.flow_style:
            close = root.end_mark.index - 1
            return [Edit(close, close, f", earlier: [{emit.quoted(old_there)}]")]
        return [Edit(len(text), len(text), before + line + newline)]
    _key, value = found
    if isinstance(value, ScalarNode):  # `earlier:` with nothing (a list with no folder)
        gap = "" if text[value.start_mark.index - 1 : value.start_mark.index].isspace() else " "
        return [
            Edit(
                value.start_mark.index,
                value.end_mark.index,
                f"{gap}[{emit.scalar(old_there, flow=True)}]",
            )
        ]
    if not isinstance(value, SequenceNode):
        return []
    changes = []
    already = False
    for item in value.value:
        if not isinstance(item, ScalarNode):
            continue
        there = Path(item.value).expanduser()
        target = there if there.is_absolute() else old_root / there
        if os.path.normpath(target) == os.path.normpath(old_root):
            already = True
        if not there.is_absolute():
            rebased = _relative(target, new_root)
            if rebased != item.value:
                changes.append(_replace_text(text, item, rebased, flow=bool(value.flow_style)))
    if not already and not _same_place(old_root, new_root):
        item_text = emit.scalar(old_there, flow=bool(value.flow_style))
        changes.append(edits.append_item(text, value, item_text))
    return changes


def _same_place(one: Path, other: Path) -> bool:
    return os.path.normpath(one) == os.path.normpath(other)


def _relative(target: Path, start: Path) -> str:
    """``target`` relative to ``start``, written with ``/`` (absolute across drives)."""
    try:
        return Path(os.path.relpath(os.path.normpath(target), os.path.normpath(start))).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(os.path.normpath(target)).as_posix()


def _verify(old: Programme, program: str, modules: str, name: str, shift: timedelta) -> None:
    """The edited texts, read back, say what they must: else nothing is written."""
    settings = parse_text(program).value
    listed = parse_text(modules).value
    wrong = not isinstance(settings, LMap) or not isinstance(listed, LList)
    if not wrong:
        assert isinstance(settings, LMap) and isinstance(listed, LList)
        wrong = (
            settings.get("name") != name
            or _day(settings.get("starts")) != old.settings.starts + shift
            or _day(settings.get("ends")) != old.settings.ends + shift
            or (
                isinstance(settings.get("certificates"), LMap)
                and bool(settings["certificates"].get("issued"))
            )
        )
        for module, entry in zip(old.modules, listed, strict=False):
            sessions = entry.get("sessions") if isinstance(entry, LMap) else None
            for number, session in module.sessions.items():
                written = sessions.get(str(number)) if isinstance(sessions, LMap) else None
                day = written.get("date") if isinstance(written, LMap) else None
                wrong = wrong or _day(day) != session.date + shift
    if wrong:
        raise _unreadable(PROGRAM_FILE if not isinstance(settings, LMap) else MODULES_FILE)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _unreadable(filename: str) -> UkmError:
    return UkmError(
        _(
            "The old folder's {file} is written in a way ukm cannot carry over; "
            "nothing was written."
        ).format(file=filename),
        hint=_("Copy the folder by hand and edit the name and dates, then run `ukm check`."),
    )


def _templates(folder: Path) -> list[NewFile]:
    """The regular files of the old ``templates/`` (none when there is none)."""
    if not os.path.lexists(folder):
        return []
    shown = str(folder)
    files = []
    for relative in new_folder.regular_files(folder, shown):
        data, mode = new_folder.read_regular(
            folder.joinpath(*relative.parts), f"{shown}/{relative}"
        )
        files.append(NewFile(PurePosixPath(TEMPLATES_DIR) / relative, data, mode, keep_theirs=True))
    return files
