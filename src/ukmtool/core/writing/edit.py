"""Changing a participant's entry: values read as ``register`` reads them, only its lines changed.

``ukm edit UKM-007 --phone ... --owner ...`` corrects an entry of
``participants.yaml`` without anyone editing YAML.  Each value given is
read by the reader ``register`` and ``ukm check`` use (``check_value``), an
empty one clears an optional field, the new entry is built by the model
``ukm check`` uses, and a phone, NIK or NIB that another participant holds
(or another's business and owner names) is refused as ``register`` refuses
it.  ``--exempt MODULE --reason TEXT`` records an exemption (format 1.2,
rules 2.1), ``--no-exempt MODULE`` takes it back.  Under the folder's lock
the file is read again, only the changed values of that entry are written
(``files/list_file.change_entries``: every other byte stays), the text is
read back, and the file is replaced only if nobody changed it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core import duplicates, fields
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant, Settings
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, collector_off, load
from ukmtool.core.writing import entries, joining
from ukmtool.core.writing.participant import FIELDS, REQUIRED, check_value
from ukmtool.core.yamlio import emit
from ukmtool.core.yamlio.edit import merged
from ukmtool.errors import DataError
from ukmtool.i18n import _
from ukmtool.localefmt import format_decimal

EDITABLE: tuple[str, ...] = tuple(name for name in FIELDS if name not in ("id", "tags"))
"""The fields ``edit`` changes from text (the id stays: marks, visits and figures name it)."""

CLEARABLE: tuple[str, ...] = tuple(
    name for name in EDITABLE if name not in REQUIRED and name != "registered"
)
"""The fields an empty value (or ``--clear``) takes out of the entry."""

ORDER: tuple[str, ...] = (*FIELDS, "exempt")
"""Where a field the entry lacks is written: after the one before it here."""


@dataclass(frozen=True)
class Request:
    """What to change in one entry, as the person gave it.

    ``values``: field -> text, read as ``register`` reads it (``""`` clears an
    optional field); ``tags``: the entry's tags from now on (None: as they
    are); ``exempt``: module -> reason to record; ``unexempt``: modules whose
    exemption is taken back; ``labels``: how the person named each field.
    """

    values: Mapping[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] | None = None
    exempt: Mapping[str, str] = field(default_factory=dict)
    unexempt: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, name: str) -> str:
        """How the person named field ``name`` (``--phone``)."""
        return self.labels.get(name, name)

    @property
    def empty(self) -> bool:
        """Nothing asked for: the desk asks field by field."""
        return not (self.values or self.tags is not None or self.exempt or self.unexempt)


@dataclass(frozen=True, slots=True)
class Change:
    """One field changed: its value before and after (None: not in the entry)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an edit did (or, on a dry run, would do)."""

    before: Participant
    after: Participant
    changes: list[Change]
    notes: list[str]
    """Likely duplicates kept all the same, a phone shared by another business, a module
    that was not exempt."""
    path: Path
    written: bool
    programme: str = ""
    late: list[joining.LeftOut] = field(default_factory=list)
    """With a new registration day or an exemption taken back: the sessions before the
    day and any module now missed (rules 2.1), as ``register`` says them."""


@dataclass(frozen=True, slots=True)
class Pending:
    """Nothing changed yet: ``settle`` wants answers first (asked without the lock held)."""

    settings: Settings
    participant: Participant
    modules: tuple[str, ...]


Problem = entries.Problem["_Given"]


@dataclass(frozen=True)
class _Given:
    origin: entries.Origin | None = None


def open_folder(
    folder: Folder, progress: Progress | None = None, *, modules: bool = False
) -> Programme:
    """Load the folder, refusing when a file ``edit`` relies on has errors.

    Those are participants.yaml and program.yaml, and modules.yaml for an exemption.
    """
    relied = (folder.participants, folder.program) + ((folder.modules,) if modules else ())
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; nothing was changed."),
        _("Run `ukm check`, fix what it lists, and run the command again."),
        relied,
    )


def find(raw: str, programme: Programme) -> Participant:
    """The registered participant ``raw`` names (``UKM-007``, ``7``, any case)."""
    return entries.participant_of(
        raw, programme, several=_("An edit changes one business; '{text}' names {count}.")
    )


def edit(
    folder: Folder,
    who: str,
    request: Request,
    *,
    allow_duplicate: bool = False,
    dry_run: bool = False,
    settle: Callable[[Pending], bool] | None = None,
    progress: Progress | None = None,
) -> Outcome | Pending:
    """Change the entry of participant ``who`` as ``request`` says (all of it, or nothing).

    Under the folder's lock (not on a dry run).  ``settle`` is called once
    the folder is loaded, before any value is checked: it returns False to
    have the command ask its questions first (without the lock), and the
    edit returns :class:`Pending`.  A wrong value raises
    :class:`InputUsageError` (exit 2); an unknown participant or module, or
    a likely duplicate, :class:`DataError` (exit 1); nothing is written then.
    """
    with collector_off():
        if dry_run:
            return _edit(folder, who, request, allow_duplicate, settle, progress, write=False)
        with store.locked(folder.root):
            return _edit(folder, who, request, allow_duplicate, settle, progress, write=True)


def _edit(
    folder: Folder,
    who: str,
    request: Request,
    allow_duplicate: bool,
    settle: Callable[[Pending], bool] | None,
    progress: Progress | None,
    *,
    write: bool,
) -> Outcome | Pending:
    path = folder.participants
    old = store.read_bytes(path)
    programme = open_folder(folder, progress, modules=bool(request.exempt or request.unexempt))
    if old is None:  # removed after loading: the loader would have said so
        raise DataError(_("The file {name} is missing.").format(name=path.name))
    try:
        before = find(who, programme)
    except fields.ValueProblem as problem:
        raise DataError(problem.message, hint=problem.hint) from None
    modules = tuple(programme.modules_by_id)
    if settle is not None and not settle(Pending(programme.settings, before, modules)):
        return Pending(programme.settings, before, modules)
    values = _checked(request, before, programme)
    after = Participant.model_validate(_as_text(values))  # the model `ukm check` uses
    changes = [
        Change(name, getattr(before, name), getattr(after, name))
        for name in (*EDITABLE, "tags", "exempt")
        if getattr(before, name) != getattr(after, name)
    ]
    notes = [
        _("{id} is not exempt from {module}: nothing to take back.").format(
            id=before.id, module=module
        )
        for module in request.unexempt
        if module not in before.exempt
    ]
    notes += _scores_of_exempted(before, after, programme)
    notes += _duplicates(after, changes, programme, allow_duplicate)
    late: list[joining.LeftOut] = []
    if before.registered != after.registered or set(before.exempt) - set(after.exempt):
        late = joining.left_out(programme, [after])
    if write and changes:
        text = _as_text(values)
        wanted = {change.field: text.get(change.field) for change in changes}
        seen = list_file.ReadBack()
        loaded = entries.loaded_participants(path, old, programme)
        new = list_file.change_entries(
            old, path, {before.id: wanted}, ORDER, seen=seen, loaded=loaded
        )
        store.atomic_write(path, new, check_expected=True, expected=old)
        seeding.after_write(folder, path, old, new, seeding.changed(seen))
    return Outcome(
        before,
        after,
        changes,
        notes,
        path,
        write and bool(changes),
        programme.settings.name,
        late,
    )


def _checked(request: Request, before: Participant, programme: Programme) -> dict[str, Any]:
    """The entry's values once the request is made; every wrong value refused at once."""
    settings = programme.settings
    values: dict[str, Any] = before.model_dump()
    problems: list[Problem] = []
    given = _Given()
    for name, raw in request.values.items():
        if name not in EDITABLE:
            raise ValueError(name)  # the command offers no other
        try:
            if not (raw or "").strip() and name not in CLEARABLE:
                raise fields.ValueProblem(
                    _("{field} cannot be cleared: every participant has one.").format(field=name)
                )
            values[name] = check_value(name, raw, settings)
        except fields.ValueProblem as problem:
            problems.append(Problem(given, request.label(name), problem.message, problem.hint))
    if request.tags is not None:
        tags: list[str] = []
        for tag in request.tags:
            try:
                tags.append(fields.text(fields.typed_text(tag, _("Type it again in UTF-8."))))
            except fields.ValueProblem as problem:
                problems.append(Problem(given, request.label("tags"), problem.message))
        values["tags"] = merged(before.tags, tags)  # the tags kept stay where they are
    exempt = dict(before.exempt)
    for module in request.unexempt:
        exempt.pop(_module(module, programme), None)
    for module, reason in request.exempt.items():
        try:
            text = fields.text(fields.typed_text(reason, _("Type it again in UTF-8.")))
        except fields.ValueProblem as problem:
            problems.append(Problem(given, request.label("reason"), problem.message, problem.hint))
            continue
        exempt[_module(module, programme)] = text
    values["exempt"] = exempt
    entries.refuse(
        problems,
        1,
        rows=lambda _count: "",  # an edit imports no rows
        heading=_("Nothing was changed:"),
    )
    return values


def _module(raw: str, programme: Programme) -> str:
    """The id of the module ``raw`` names (any case); an unknown one is a data error."""
    module = programme.module_named(raw.strip())
    if module is None:
        raise DataError(
            _("There is no module '{name}'.").format(name=raw.strip()),
            hint=programme.modules_hint(raw.strip()),
        )
    return module.id


def _scores_of_exempted(before: Participant, after: Participant, programme: Programme) -> list[str]:
    """Notes for the scores of a module newly exempted: an exempt module has no score.

    The scores stay where they are (nothing is lost); the reports leave them
    out of the module's averages and ``check`` warns until one of the two goes.
    """
    exempted = set(after.exempt) - set(before.exempt)
    notes: list[str] = []
    for entry in programme.scores:
        if entry.participant != after.id or entry.module not in exempted:
            continue
        taken = [
            f"{name} {format_decimal(score)}"
            for name, score in ((_("pre-test"), entry.pre), (_("post-test"), entry.post))
            if score is not None
        ]
        if not taken:
            continue
        notes.append(
            _(
                "Note: {id} has scores in {module} ({scores}); an exempt module has no score, "
                "so the module's averages leave them out. If the exemption is right, remove "
                "the entry from {file}; `ukm check` warns until then."
            ).format(
                id=after.id,
                module=entry.module,
                scores=", ".join(taken),
                file=programme.folder.scores.name,
            )
        )
    return notes


def _duplicates(
    after: Participant, changes: Sequence[Change], programme: Programme, allow: bool
) -> list[str]:
    """Notes for what another participant shares with the changed entry; refused unless allowed.

    Only what the edit changed is compared: a duplicate kept earlier with
    ``--allow-duplicate`` does not stop a correction of another field.  A
    phone shared by another owner's other business is a family's phone, as
    at registration: noted, not refused.
    """
    changed = {change.field for change in changes}
    kinds = {"phone"} & changed | {"nik"} & changed | {"nib"} & changed
    if changed & {"business", "owner"}:
        kinds.add("name")
    if not kinds:
        return []
    others = [p for p in programme.participants if p.id != after.id]
    found = duplicates.find([after.model_dump()], others)
    notes: list[str] = []
    for match in found:
        shared = tuple(kind for kind in match.kinds if kind in kinds)
        other = match.existing
        if not shared or other is None:
            continue
        family = shared == ("phone",) and not _same_business(after, other)
        what = duplicates.what(shared)
        if family:
            notes.append(
                _(
                    "Note: {id} ({business}, {owner}) shares its phone number with {other} "
                    "({other_business}, {other_owner}): other owner, other business."
                ).format(
                    id=after.id,
                    business=after.business,
                    owner=after.owner,
                    other=other.id,
                    other_business=other.business,
                    other_owner=other.owner,
                )
            )
        elif allow:
            notes.append(
                _("Note: {id} and {other} ({business}, {owner}) have the same {what}.").format(
                    id=after.id,
                    other=other.id,
                    business=other.business,
                    owner=other.owner,
                    what=what,
                )
            )
        else:
            raise DataError(
                _("Nothing was changed: {other} ({business}, {owner}) has the same {what}.").format(
                    other=other.id, business=other.business, owner=other.owner, what=what
                ),
                hint=_("If {id} is another business all the same, give --allow-duplicate.").format(
                    id=after.id
                ),
            )
    return notes


def _same_business(one: Participant, other: Participant) -> bool:
    return fields.norm(one.business) == fields.norm(other.business) or fields.norm(
        one.owner
    ) == fields.norm(other.owner)


def _as_text(values: Mapping[str, Any]) -> dict[str, emit.Value]:
    """The values as the text the file holds (and the model reads); empty ones left out."""
    result: dict[str, emit.Value] = {}
    for name in ORDER:
        value = values.get(name)
        if value is None or value in ("", [], {}):
            continue
        if isinstance(value, dict):
            result[name] = {str(k): str(v) for k, v in value.items()}
        elif isinstance(value, list):
            result[name] = [str(v) for v in value]
        elif isinstance(value, date):
            result[name] = value.isoformat()
        else:
            result[name] = str(value)
    return result
