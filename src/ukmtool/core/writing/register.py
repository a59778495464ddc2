"""Registering participants: check the values, give ids, refuse likely duplicates, append.

Values come as text (from options, prompts or a spreadsheet's cells) in an
:class:`Entry`; each is checked by the same functions in ``fields`` that
``ukm check`` uses (``participant``), and the participant is built by the
same model.  Ids (``numbering``) and duplicates are worked out under the
folder's lock from the file as it is then, and the new entries are appended
as text in the file's own style (``emit``), so every byte already in
``participants.yaml`` stays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core import clock, duplicates, fields
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant, Settings
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, collector_off, load
from ukmtool.core.writing import joining, numbering
from ukmtool.core.writing.entries import Reinterpreted, refuse
from ukmtool.core.writing.participant import FIELDS, Entry, Problem, as_text, check_entries
from ukmtool.errors import DataError
from ukmtool.i18n import _


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a registration did (or, on a dry run, would do)."""

    added: list[Participant]
    notes: list[str]
    """Likely duplicates registered all the same (``--allow-duplicate``), phones shared by
    different businesses."""
    path: Path
    written: bool
    programme: str = ""
    """The programme's name (every write says where it wrote)."""
    skipped: list[str] = field(default_factory=list)
    """The likely duplicates left out (``--skip-duplicates``), each with the entry it matches."""
    reinterpreted: list[Reinterpreted] = field(default_factory=list)
    """Every value read otherwise than written."""
    rows: list[int] = field(default_factory=list)
    """For an import: the row of the file each of ``added`` comes from."""
    late: list[joining.LeftOut] = field(default_factory=list)
    """Per registration day after the first session: the sessions it leaves out, modules missed."""
    earlier: tuple[str, ...] = ()
    """program.yaml's ``earlier`` as loaded to register (the folders to look the new ones up in)."""
    unscheduled: tuple[str, ...] = ()
    """The modules with no session written yet (an error of ``ukm check``): missed by nobody."""


@dataclass(frozen=True, slots=True)
class Pending:
    """Nothing registered yet: ``settle`` wants answers first (asked without the lock held)."""

    settings: Settings


def open_folder(folder: Folder, progress: Progress | None = None) -> Programme:
    """Load the folder, refusing when ``participants.yaml`` or ``program.yaml`` has errors.

    ``progress`` is the loader's (bytes read of the folder's files).
    """
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; nothing was registered."),
        _("Run `ukm check`, fix what it lists, and register again."),
        (folder.participants, folder.program),
    )


def register(
    folder: Folder,
    entries: Sequence[Entry],
    *,
    allow_duplicate: bool = False,
    skip_duplicates: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    settle: Callable[[Settings], bool] | None = None,
    progress: Progress | None = None,
    checking: Progress | None = None,
) -> Outcome | Pending:
    """Check ``entries`` and append them to ``participants.yaml`` (all of them, or none).

    Runs under the folder's lock (not on a dry run): the folder is read
    again, ids are given and duplicates found against the file as it is now,
    and the file is replaced only if nobody changed it meanwhile.  ``settle``
    is called with the programme's settings once the folder is loaded, before
    any entry is checked (a command checks its options there, or raises to
    ask for answers first), so that the folder is loaded only once.
    ``progress`` is the loader's; ``checking`` counts the entries checked.
    ``skip_duplicates`` leaves out the likely duplicates (and says which)
    instead of refusing them; ``allow_duplicate`` registers them.
    """
    day = today or clock.today()
    duplicates_are = "allow" if allow_duplicate else "skip" if skip_duplicates else "refuse"
    with collector_off():
        if dry_run:
            return _register(
                folder, entries, duplicates_are, day, settle, (progress, checking), write=False
            )
        with store.locked(folder.root):
            return _register(
                folder, entries, duplicates_are, day, settle, (progress, checking), write=True
            )


def _register(
    folder: Folder,
    entries: Sequence[Entry],
    duplicates_are: str,
    today: date,
    settle: Callable[[Settings], bool] | None,
    progress: tuple[Progress | None, Progress | None],
    *,
    write: bool,
) -> Outcome | Pending:
    loading, checking = progress
    path = folder.participants
    old = store.read_bytes(path)
    programme = open_folder(folder, loading)
    if old is None:  # removed after loading: the loader would have said so
        raise DataError(_("The file {name} is missing.").format(name=path.name))
    if settle is not None and not settle(programme.settings):
        return Pending(programme.settings)
    undated = sum(1 for e in entries if not (e.values.get("registered") or "").strip())
    joining.refuse_undated(
        programme.settings, undated, today, imported=any(e.origin is not None for e in entries)
    )
    checked, problems, reinterpreted = check_entries(entries, programme.settings, today, checking)
    _refuse(problems, entries)
    existing = programme.participants
    problems = numbering.check_ids(checked, entries, existing)
    _refuse(problems, entries)
    matches = duplicates.find(checked, existing)
    shared = [m for m in matches if _phone_only(m, checked)]
    likely = [m for m in matches if not _phone_only(m, checked)]
    if duplicates_are == "refuse":
        _refuse([_duplicate_problem(m, checked, entries) for m in likely], entries)
    skipped: list[str] = []
    kept = list(range(len(checked)))
    if duplicates_are == "skip" and likely:
        left_out = {m.index for m in likely}
        skipped = [_skipped_message(m, checked, entries) for m in likely]
        kept = [i for i in kept if i not in left_out]
    recorded = numbering.recorded(folder)
    last = numbering.give_ids([checked[i] for i in kept], programme, recorded)
    noted = shared + (likely if duplicates_are == "allow" else [])
    notes = [_duplicate_note(m, checked, entries) for m in sorted(noted, key=lambda m: m.index)]
    texts = [as_text(checked[i]) for i in kept]
    added = [Participant.model_validate(text) for text in texts]  # the model `ukm check` uses
    if write and added:
        # The same bytes before and after loading: the loader read these, without an error.
        loaded = store.read_bytes(path) == old
        seen = list_file.ReadBack()
        new = list_file.append_participants(
            old, existing, texts, path, FIELDS, loaded=loaded, seen=seen
        )
        _check_size(path, new)
        numbering.write_with_record(path, new, old, last if last > recorded else None, folder)
        seeding.after_write(folder, path, old, new, seeding.appended(seen))
    rows = [origin.row for i in kept if (origin := entries[i].origin) is not None]
    return Outcome(
        added,
        notes,
        path,
        write and bool(added),
        programme.settings.name,
        skipped,
        reinterpreted,
        rows,
        joining.left_out(programme, added),
        tuple(programme.settings.earlier),
        tuple(m.id for m in programme.modules if not m.sessions) if added else (),
    )


def _check_size(path: Path, new: bytes | str) -> None:
    """Refuse to write a file the loader would then refuse as too large (nothing quoted)."""
    from ukmtool.core.yamlio.reader import MAX_FILE_BYTES

    size = len(new.encode("utf-8")) if isinstance(new, str) else len(new)
    if size > MAX_FILE_BYTES:
        raise DataError(
            _(
                "Nothing was registered: {name} would grow to {size} MB, and ukm reads files "
                "of at most {limit} MB."
            ).format(name=path.name, size=size // 2**20, limit=MAX_FILE_BYTES // 2**20),
            hint=_(
                "Check the list for cells holding something pasted by mistake; for a larger "
                "programme, set UKM_MAX_FILE_MB to a higher limit."
            ),
        )


def _phone_only(match: duplicates.Match, checked: Sequence[Mapping[str, Any]]) -> bool:
    """A phone shared with an entry of another owner and another business: a family's phone."""
    if match.kinds != ("phone",):
        return False
    new = checked[match.index]
    if match.existing is not None:
        business, owner = match.existing.business, match.existing.owner
    else:
        assert match.earlier is not None
        business, owner = checked[match.earlier]["business"], checked[match.earlier]["owner"]
    return fields.norm(str(new["business"])) != fields.norm(business) and fields.norm(
        str(new["owner"])
    ) != fields.norm(owner)


def _matched(
    match: duplicates.Match, checked: Sequence[Mapping[str, Any]], entries: Sequence[Entry]
) -> str:
    """The entry ``match`` points at, in words: an id, or a row of the file."""
    if match.existing is not None:
        other = match.existing
        return _("{id} ({business}, {owner})").format(
            id=other.id, business=other.business, owner=other.owner
        )
    assert match.earlier is not None
    values, origin = checked[match.earlier], entries[match.earlier].origin
    return _("row {row} ({business}, {owner})").format(
        row=origin.row if origin else match.earlier + 1,
        business=values["business"],
        owner=values["owner"],
    )


def _skipped_message(
    match: duplicates.Match, checked: Sequence[Mapping[str, Any]], entries: Sequence[Entry]
) -> str:
    values, origin = checked[match.index], entries[match.index].origin
    text = _("{business} ({owner}) left out: the same {what} as {other}.").format(
        business=values["business"],
        owner=values["owner"],
        what=duplicates.what(match.kinds),
        other=_matched(match, checked, entries),
    )
    return _("row {row}: {text}").format(row=origin.row, text=text) if origin else text


def _duplicate_problem(
    match: duplicates.Match, checked: Sequence[Mapping[str, Any]], entries: Sequence[Entry]
) -> Problem:
    entry = entries[match.index]
    what = duplicates.what(match.kinds)
    if match.existing is not None:
        other = match.existing
        message = _("Likely already registered: {id} ({business}, {owner}) has the same {what}.")
        message = message.format(id=other.id, business=other.business, owner=other.owner, what=what)
    else:
        assert match.earlier is not None
        values, origin = checked[match.earlier], entries[match.earlier].origin
        message = _("Likely the same business as row {row} ({business}, {owner}): the same {what}.")
        message = message.format(
            row=origin.row if origin else match.earlier + 1,
            business=values["business"],
            owner=values["owner"],
            what=what,
        )
    return Problem(
        entry,
        None,
        message,
        _(
            "If it is another business all the same, register it with --allow-duplicate; "
            "to leave the duplicates out and register the rest, --skip-duplicates."
        )
        if entry.origin is not None
        else _("If it is another business all the same, register it with --allow-duplicate."),
        conflict=True,
    )


def _duplicate_note(
    match: duplicates.Match, checked: Sequence[Mapping[str, Any]], entries: Sequence[Entry]
) -> str:
    new = checked[match.index]
    other = _matched(match, checked, entries)
    if match.existing is None and match.earlier is not None and checked[match.earlier].get("id"):
        earlier = checked[match.earlier]
        other = _("{id} ({business}, {owner})").format(
            id=earlier["id"], business=earlier["business"], owner=earlier["owner"]
        )
    if _phone_only(match, checked):
        return _(
            "Note: {id} ({business}, {owner}) shares its phone number with {other}: "
            "other owner, other business, so both are registered."
        ).format(id=new["id"], business=new["business"], owner=new["owner"], other=other)
    return _("Note: {id} and {other} have the same {what}.").format(
        id=new["id"], other=other, what=duplicates.what(match.kinds)
    )


def _refuse(problems: Sequence[Problem], entries: Sequence[Entry]) -> None:
    refuse(
        problems,
        len(entries),
        rows=_("Nothing was registered: {rows} of {total} rows in {name} have problems."),
        heading=_("Nothing was registered:"),
        redacted=True,
    )
