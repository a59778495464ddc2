"""Adding a tag to participants, or taking it off: only their ``tags:`` lines change.

``ukm tag add unggulan UKM-001..UKM-020`` marks a group (the mentored UKM
unggulan) without anyone editing YAML.  The participants are named as
``ukm attend`` takes them (ids, numbers, ranges) or chosen by where they
stand and by district, sector or tag (the command passes that choice,
``reports/selection``, to be made on the folder as it is under the lock);
both together choose the ids named that the options choose.  A participant who already
has the tag (or, to remove, does not) is left as is and named.  The tag is
written as the programme already spells it when only its case differs.
Under the folder's lock, only the ``tags:`` of the changed entries are
written (``files/list_file.change_entries``), the text is read back, and
the file is replaced only if nobody changed it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ukmtool.core import fields
from ukmtool.core import ids as idspec
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, collector_off, load
from ukmtool.core.suggest import match_case_insensitive
from ukmtool.core.writing import entries
from ukmtool.core.writing.edit import ORDER
from ukmtool.core.writing.entries import refuse_unknown_ids
from ukmtool.errors import InputUsageError
from ukmtool.i18n import _


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``ukm tag`` did (or, on a dry run, would do)."""

    tag: str
    removed: bool
    """The tag was taken off (``remove``), else added."""
    changed: list[Participant]
    """The participants whose tags changed, as they are now, in the file's order."""
    unchanged: list[str]
    """The ids chosen that already had the tag (or, to remove, did not)."""
    registered: list[str]
    """Every id, in the file's order (to show the chosen ones as runs)."""
    path: Path
    written: bool
    programme: str = ""


def open_folder(
    folder: Folder, progress: Progress | None = None, *, every_file: bool = False
) -> Programme:
    """Load the folder, refusing when a file ``tag`` relies on has errors.

    Those are participants.yaml and program.yaml; with ``every_file`` (a choice
    by where people stand, from their attendance) every file.
    """
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; no tag was changed."),
        _("Run `ukm check`, fix what it lists, and run the command again."),
        None if every_file else (folder.participants, folder.program),
    )


Chooser = Callable[[Programme], list[Participant]]
"""Who to choose in the programme as loaded (by standing, district, sector, tag)."""


def tag(
    folder: Folder,
    name: str,
    named: Sequence[str],
    chooser: Chooser | None,
    *,
    remove: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Add tag ``name`` to the chosen participants (or, with ``remove``, take it off).

    ``named``: ids, numbers and ranges as ``ukm attend`` takes them;
    ``chooser``: who to choose among them (or among all, when none is named).
    """
    text = _tag_text(name)
    with collector_off():
        if dry_run:
            return _tag(folder, text, named, chooser, remove, progress, write=False)
        with store.locked(folder.root):
            return _tag(folder, text, named, chooser, remove, progress, write=True)


def _tag_text(name: str) -> str:
    try:
        return fields.text(fields.typed_text(name, _("Type it again in UTF-8.")))
    except fields.ValueProblem as problem:
        raise InputUsageError(
            _("No tag was changed:"), [_("TAG: {message}").format(message=problem.message)]
        ) from None


def _tag(
    folder: Folder,
    name: str,
    named: Sequence[str],
    chooser: Chooser | None,
    remove: bool,
    progress: Progress | None,
    *,
    write: bool,
) -> Outcome:
    path = folder.participants
    old = store.read_bytes(path)
    programme = open_folder(folder, progress, every_file=chooser is not None)
    registered = [p.id for p in programme.participants]
    chosen = chooser(programme) if chooser is not None else None
    if named:
        ids, problems = idspec.resolve(named, registered)
        if problems:
            refuse_unknown_ids(problems)
        keep = set(ids)
        if chosen is not None:
            keep &= {p.id for p in chosen}
        people = [p for p in programme.participants if p.id in keep]
    else:
        people = chosen or []
    tag = match_case_insensitive(name, sorted({t for p in programme.participants for t in p.tags}))
    tag = tag or name
    changed: list[Participant] = []
    unchanged: list[str] = []
    wanted: dict[str, dict[str, list[str] | None]] = {}
    for person in people:
        has = tag in person.tags
        if has != remove:
            unchanged.append(person.id)
            continue
        tags = [t for t in person.tags if t != tag] if remove else [*person.tags, tag]
        wanted[person.id] = {"tags": tags or None}
        changed.append(person.model_copy(update={"tags": tags}))
    if write and changed and old is not None:
        seen = list_file.ReadBack()
        loaded = entries.loaded_participants(path, old, programme)
        new = list_file.change_entries(old, path, wanted, ORDER, seen=seen, loaded=loaded)
        store.atomic_write(path, new, check_expected=True, expected=old)
        seeding.after_write(folder, path, old, new, seeding.changed(seen))
    return Outcome(
        tag,
        remove,
        changed,
        unchanged,
        registered,
        path,
        write and bool(changed),
        programme.settings.name,
    )
