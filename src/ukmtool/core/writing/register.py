"""Registering participants: check the values, give ids, refuse likely duplicates, append.

Values come as text (from options, prompts or a spreadsheet's cells) in an
:class:`Entry`; each is checked by the same functions in ``fields`` that
``ukm check`` uses, and the participant is built by the same model.  Ids and
duplicates are worked out under the folder's lock from the file as it is
then, and the new entries are appended as text in the file's own style
(``emit``), so every byte already in ``participants.yaml`` stays.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core import clock, duplicates, fields, idrecord
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.idrecord import format_id, mentioned_ids, next_number
from ukmtool.core.models import Participant, Settings
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, collector_off, load
from ukmtool.core.values import dates, money, people, places, quantities
from ukmtool.core.writing import joining
from ukmtool.core.writing.entries import Origin, Reinterpreted, refuse
from ukmtool.core.writing.entries import Problem as EntryProblem
from ukmtool.core.yamlio import emit
from ukmtool.diagnostics import Collector
from ukmtool.errors import DataError, UkmError
from ukmtool.i18n import _
from ukmtool.masking import shown

FIELDS: tuple[str, ...] = (
    "id",
    "business",
    "owner",
    "gender",
    "sector",
    "district",
    "village",
    "address",
    "phone",
    "employees",
    "monthly_sales",
    "capital",
    "nik",
    "nib",
    "registered",
    "tags",
    "notes",
)
"""The fields of a participant, in the order they are written."""

ADDED_IN_1_1: tuple[str, ...] = ("address", "monthly_sales", "capital", "notes")
"""The fields format 1.1 added."""

ADDED_IN_1_2: tuple[str, ...] = ("nib",)
"""The fields of format 1.2 a registration gives."""

SHOWN_ORDER: tuple[str, ...] = (
    *(name for name in FIELDS if name not in ADDED_IN_1_1 + ADDED_IN_1_2),
    *ADDED_IN_1_1,
    *ADDED_IN_1_2,
)
"""The fields in the order of ``register``'s JSON keys and dry-run table: the later
formats' last, so that the keys of format 1.0 keep their places for whoever reads the
JSON (``FIELDS`` is the order they are written in ``participants.yaml``)."""

MONEY: tuple[str, ...] = ("monthly_sales", "capital")
"""The fields that hold whole Rupiah, taken as people write money (``Rp15jt``, ``1,5 juta``)."""

REQUIRED: tuple[str, ...] = ("business", "owner", "gender", "sector", "district")
"""Fields every participant must have (``id`` and ``registered`` are filled in when missing)."""


@dataclass(frozen=True)
class Entry:
    """One participant to register, as the text a person gave.

    ``labels`` names each field as the person knows it (``--phone``, or the
    column header ``no hp``); ``problems`` are found while reading the entry
    (a cell Excel has damaged), before any value is checked.
    """

    values: Mapping[str, str]
    tags: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    origin: Origin | None = None
    problems: tuple[tuple[str, fields.ValueProblem], ...] = ()
    reinterpreted: tuple[Reinterpreted, ...] = ()
    """Values of an imported row read otherwise than written (``Kec. Cepu`` as Cepu)."""

    def label(self, name: str) -> str:
        """How the person named field ``name``."""
        return self.labels.get(name, name)


Problem = EntryProblem["Entry"]
"""Something wrong with one participant to register."""


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


READERS: dict[str, Callable[[str, Settings], Any]] = {
    "id": lambda text, _settings: fields.participant_id(text),
    "gender": lambda text, _settings: people.gender(text),
    "sector": lambda text, settings: places.sector(text, settings.sectors, settings.sector_names),
    "district": lambda text, settings: places.district(text, settings.districts),
    "phone": lambda text, _settings: people.phone(text),
    "employees": lambda text, _settings: quantities.people(text),
    "monthly_sales": lambda text, _settings: money.parse_rupiah(text),
    "capital": lambda text, _settings: money.parse_rupiah(text),
    "nik": lambda text, _settings: people.nik(text),
    "nib": lambda text, _settings: people.nib(text),
    "registered": lambda text, _settings: fields.not_far_ahead(dates.day(text), clock.today()),
    "notes": lambda text, _settings: fields.notes(text),
}
"""The reader of each field that is not plain text (``core/values``, as ``ukm check`` reads)."""


def check_value(name: str, raw: str | None, settings: Settings) -> Any:
    """Check one field's text as ``ukm check`` does; return the value to store.

    Optional fields left empty give None; district and sector match the
    programme's lists ignoring case (and ``Kec.``) and come back in the
    programme's spelling.  Raises :class:`fields.ValueProblem`.
    """
    text = fields.typed_text(raw, _("Type it again, or save the file as UTF-8."))
    if name not in REQUIRED and not text:
        return None
    if name in REQUIRED:
        text = fields.text(text)
    reader = READERS.get(name)
    return reader(text, settings) if reader is not None else fields.text(text)


def with_defaults(
    entries: Iterable[Entry], *, tags: Sequence[str] = (), registered: str | None = None
) -> list[Entry]:
    """Entries with ``tags`` added and ``registered`` filled in where a row has none."""
    result = []
    for entry in entries:
        values = dict(entry.values)
        if registered and not (values.get("registered") or "").strip():
            values["registered"] = registered
        extra = tuple(t for t in tags if t not in entry.tags)
        result.append(replace(entry, values=values, tags=entry.tags + extra))
    return result


def open_folder(folder: Folder, progress: Progress | None = None) -> Programme:
    """Load the folder, refusing when ``participants.yaml`` or ``program.yaml`` has errors.

    ``progress`` is the loader's (bytes read of the folder's files).
    """
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; nothing was registered."),
        _("Run `ukm check`, fix what it lists, and register again."),
        (folder.participants, folder.program),
    )


def check_entries(
    entries: Sequence[Entry],
    settings: Settings,
    today: date,
    progress: Progress | None = None,
) -> tuple[list[dict[str, Any]], list[Problem], list[Reinterpreted]]:
    """Check every value of every entry: the values, the problems, the values read otherwise.

    The checked values come in order; the readings are those of imported
    rows whose values were read otherwise than written.

    ``progress`` is called now and then with (entries checked, entries).
    """
    checked: list[dict[str, Any]] = []
    problems: list[Problem] = []
    reinterpreted: list[Reinterpreted] = []
    for index, entry in enumerate(entries):
        if progress is not None and not index % 256:
            progress(index, len(entries))
        values: dict[str, Any] = {}
        problems.extend(Problem(entry, label, p.message, p.hint) for label, p in entry.problems)
        bad = {label for label, _p in entry.problems}
        for name in FIELDS:
            if name == "tags" or entry.label(name) in bad:
                continue
            try:
                values[name] = check_value(name, entry.values.get(name), settings)
            except fields.ValueProblem as problem:
                problems.append(Problem(entry, entry.label(name), problem.message, problem.hint))
        tags: list[str] = []
        for tag in entry.tags:
            try:
                tags.append(fields.text(tag))
            except fields.ValueProblem as problem:
                problems.append(Problem(entry, entry.label("tags"), problem.message, problem.hint))
        values["tags"] = tags
        if values.get("registered") is None:
            values["registered"] = today
        checked.append(values)
        if entry.origin is not None:
            found = [*entry.reinterpreted, *_read_otherwise(entry, entry.origin, values)]
            columns = {label: place for place, label in enumerate(entry.labels.values())}
            reinterpreted.extend(sorted(found, key=lambda r: columns.get(r.label, len(columns))))
        else:
            reinterpreted.extend(entry.reinterpreted)
    if progress is not None:
        progress(len(entries), len(entries))
    return checked, problems, reinterpreted


READ_OTHERWISE: tuple[str, ...] = ("district", "sector", "employees", "registered")
"""The fields whose reading an import shows when it differs from the cell beyond case and
spaces (``Kec. Cepu`` as Cepu, ``5 orang`` as 5, ``13/12/2017`` as 2017-12-13)."""


def _read_otherwise(entry: Entry, origin: Origin, values: Mapping[str, Any]) -> list[Reinterpreted]:
    found = []
    for name in READ_OTHERWISE:
        value, written = values.get(name), (entry.values.get(name) or "").strip()
        if value is None or not written:
            continue
        read = value.isoformat() if isinstance(value, date) else str(value)
        if " ".join(read.split()).casefold() != " ".join(written.split()).casefold():
            found.append(Reinterpreted(origin.row, entry.label(name), shown(written), read, name))
    return found


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
    problems = _check_ids(checked, entries, existing)
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
    recorded = _recorded(folder)
    last = _give_ids([checked[i] for i in kept], programme, recorded)
    noted = shared + (likely if duplicates_are == "allow" else [])
    notes = [_duplicate_note(m, checked, entries) for m in sorted(noted, key=lambda m: m.index)]
    texts = [_as_text(checked[i]) for i in kept]
    added = [Participant.model_validate(text) for text in texts]  # the model `ukm check` uses
    if write and added:
        # The same bytes before and after loading: the loader read these, without an error.
        loaded = store.read_bytes(path) == old
        seen = list_file.ReadBack()
        new = list_file.append_participants(
            old, existing, texts, path, FIELDS, loaded=loaded, seen=seen
        )
        _check_size(path, new)
        _write_with_record(path, new, old, last if last > recorded else None, folder)
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


def _check_ids(
    checked: list[dict[str, Any]], entries: Sequence[Entry], existing: Sequence[Participant]
) -> list[Problem]:
    taken = {p.id: p for p in existing}
    problems: list[Problem] = []
    seen: dict[str, Entry] = {}
    for values, entry in zip(checked, entries, strict=True):
        pid = values.get("id")
        if pid is None:
            continue
        other = taken.get(pid)
        if other is not None:
            problems.append(
                Problem(
                    entry,
                    entry.label("id"),
                    _("{id} is already taken by {business} ({owner}).").format(
                        id=pid, business=other.business, owner=other.owner
                    ),
                    _("Leave the id out to get the next free one."),
                    conflict=True,
                )
            )
        elif pid in seen:
            first = seen[pid].origin
            problems.append(
                Problem(
                    entry,
                    entry.label("id"),
                    _("{id} is given twice (first in row {row}).").format(
                        id=pid, row=first.row if first else "?"
                    ),
                    conflict=True,
                )
            )
        seen.setdefault(pid, entry)
    return problems


def _write_with_record(
    path: Path, new: bytes, old: bytes, last: int | None, folder: Folder
) -> None:
    """Replace participants.yaml, after raising ids.yaml to ``last`` (None: it stays).

    The record goes first: a process killed in between leaves a gap in the
    numbering, never an id given twice.  When participants.yaml is refused
    (read-only, changed meanwhile, a full disk), the record is put back as
    it was, so a refusal leaves every file untouched.
    """
    if last is None:
        store.atomic_write(path, new, check_expected=True, expected=old)
        return
    record = idrecord.path_in(folder.root)
    was = store.read_bytes(record)
    store.atomic_write(record, idrecord.text_for(last), mode_like=path)
    done = len(store.COMPLETED)
    try:
        store.atomic_write(path, new, check_expected=True, expected=old)
    except BaseException:
        if path not in store.COMPLETED[done:]:  # replaced, then failed (syncing): keep it
            with contextlib.suppress(OSError, UkmError):
                if was is None:
                    record.unlink()
                else:
                    store.atomic_write(record, was)
        raise


def _recorded(folder: Folder) -> int:
    """The number of the last id ukm gave (ids.yaml; 0 without it); a bad record refuses."""
    out = Collector()
    record = idrecord.read(folder.root, out)
    if out.items:
        raise DataError(_("{name} cannot be read.").format(name=idrecord.IDS_FILE), out.items)
    return record.number if record is not None else 0


def _give_ids(checked: list[dict[str, Any]], programme: Programme, recorded: int) -> int:
    """Ids for the entries without one: above every id ever given; returns the highest now."""
    used = [p.id for p in programme.participants] + [v["id"] for v in checked if v.get("id")]
    number = max(next_number([*used, *sorted(mentioned_ids(programme))]), recorded + 1)
    for values in checked:
        if values.get("id") is None:
            if number > idrecord.LAST_NUMBER:  # written, ids.yaml would be refused by everyone
                out = Collector()
                by_record = recorded >= number - 1
                out.error(
                    idrecord.path_in(programme.folder.root)
                    if by_record
                    else programme.folder.participants,
                    None,
                    idrecord.no_id_left(format_id(number - 1)),
                    hint=_(
                        "Was last_id typed by mistake? Write there the highest id ukm really "
                        "gave (e.g. last_id: UKM-101)."
                    )
                    if by_record
                    else _("Was an id typed by mistake? Give it the number it should have."),
                )
                raise DataError(_("Nothing was registered."), out.items)
            values["id"] = format_id(number)
            number += 1
    return number - 1


def _as_text(values: Mapping[str, Any]) -> dict[str, emit.Value]:
    """The checked values as the text the file holds (and the model reads)."""
    result: dict[str, emit.Value] = {}
    for name in FIELDS:
        value = values.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            result[name] = [str(v) for v in value]
        elif isinstance(value, date):
            result[name] = value.isoformat()
        else:
            result[name] = str(value)
    return result


def _refuse(problems: Sequence[Problem], entries: Sequence[Entry]) -> None:
    refuse(
        problems,
        len(entries),
        rows=_("Nothing was registered: {rows} of {total} rows in {name} have problems."),
        heading=_("Nothing was registered:"),
        redacted=True,
    )
