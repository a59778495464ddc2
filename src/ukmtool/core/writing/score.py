"""``ukm score``: record pre- or post-test scores of one module in ``scores.yaml``.

Each score comes as text (``UKM-001=45`` on the command line, or a row of a
list of results) in an :class:`Entry`; the participant is named as ``ukm
attend`` takes them (an id, its number, a range: everyone in it got that
score) or, in a list, by the owner's or business's name; the score is read
by ``values/scores`` (``80``, ``82,5``, ``80 %``).  Every entry is checked
before anything is written, against the folder as it is under the lock:

- a participant exempt from the module is refused (the exemption says they
  did not take it);
- the same participant given twice with different scores is refused;
- a score already recorded is left as it is when the same, and refused when
  different unless ``replace`` (a typo must not overwrite a mark quietly).

A participant who has an entry for the module gets the missing score set
in that entry, where it is written (``files/list_file.change_entries``: only
that entry's text changes); anyone else gets a new entry appended in the
file's style (a new file: one ``{...}`` a line, as the format shows it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ukmtool.core import fields
from ukmtool.core import ids as idspec
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Module, Participant, Score
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, load
from ukmtool.core.values import scores
from ukmtool.core.writing import entries
from ukmtool.core.writing.entries import Given, refuse
from ukmtool.core.writing.entries import Problem as EntryProblem
from ukmtool.core.yamlio import emit
from ukmtool.core.yamlio.reader import LMap
from ukmtool.i18n import _, ngettext

KINDS: tuple[str, ...] = ("pre", "post")
"""The two tests of a module: before (pre-test) and after (post-test)."""

FIELDS: tuple[str, ...] = ("participant", "module", "pre", "post")
"""The fields of an entry, in the order PRODUCT.md writes them."""

HEADER = (
    "# scores.yaml: pre- and post-test scores out of 100, one entry a participant and module\n"
    "# (`ukm score` adds them). A score is whole or has one decimal.\n"
    "\n"
)
"""The start of a ``scores.yaml`` that ``ukm score`` creates."""

FIRST_STYLE = emit.Style(flow=True, blank_between=False)
"""New entries of a new file: one ``{...}`` a line, as PRODUCT.md shows them."""


Entry = Given
"""Scores of one participant (or a range of them) as the text a person gave.

``values``: ``participant`` (an id, number or range; in a list, maybe
empty), ``name`` (in a list: the owner's or business's name), ``pre``,
``post``.
"""

Problem = EntryProblem["Entry"]
"""Something wrong with one entry."""


@dataclass(frozen=True, slots=True)
class Change:
    """One participant's score of one test: what the file held and what it holds now."""

    participant: Participant
    kind: str
    """pre or post."""
    score: int | float
    before: int | float | None = None
    """The score recorded before (None: none); equal to ``score`` when left as it was."""

    @property
    def unchanged(self) -> bool:
        """The same score was already recorded: nothing to write."""
        return self.before == self.score


@dataclass(frozen=True)
class Outcome:
    """What ``ukm score`` recorded (or, on a dry run, would record)."""

    module: Module
    changes: list[Change]
    """Every score given, in the order given (unchanged ones too)."""
    path: Path
    created: bool
    written: bool
    programme: str = ""
    appended: int = 0
    """New entries appended to the file."""
    changed_entries: int = 0
    """Entries already in the file that were changed."""

    @property
    def recorded(self) -> list[Change]:
        """The scores that are new or replaced (not those already recorded as given)."""
        return [c for c in self.changes if not c.unchanged]


def open_folder(folder: Folder, progress: Progress | None = None) -> Programme:
    """Load the folder, refusing when a file ``ukm score`` relies on has errors."""
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; no score was recorded."),
        _("Run `ukm check`, fix what it lists, and record the scores again."),
        (folder.program, folder.modules, folder.participants, folder.scores),
    )


def record(
    folder: Folder,
    module: str,
    given: Sequence[Entry],
    *,
    kind: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Check every entry and record its scores in ``scores.yaml`` (all of them, or none).

    ``kind`` (pre or post) is the test of entries that give a ``score``
    rather than ``pre``/``post``.  Under the folder's lock (not on a dry
    run); the file is replaced only if nobody changed it meanwhile.  A value
    typed wrong raises :class:`InputUsageError` (exit 2); an unknown
    participant or module, an exempt participant, a clash or a recorded
    score that differs (without ``replace``), or a problem in an imported
    file raises :class:`DataError` (exit 1); nothing is written then.
    """
    if dry_run:
        return _record(folder, module, given, kind, replace, progress, write=False)
    with store.locked(folder.root):
        return _record(folder, module, given, kind, replace, progress, write=True)


def _record(
    folder: Folder,
    module_name: str,
    given: Sequence[Entry],
    kind: str | None,
    replace: bool,
    progress: Progress | None,
    *,
    write: bool,
) -> Outcome:
    path = folder.scores
    old = store.read_bytes(path)  # before loading: what the loader reads is at least this
    programme = open_folder(folder, progress)
    module = programme.find_module(module_name, writing=True)
    recorded = {e.participant: e for e in programme.scores if e.module == module.id}
    problems: list[Problem] = []
    changes: list[Change] = []
    seen: dict[tuple[str, str], tuple[int | float, Entry]] = {}
    for entry in given:
        found, wrong = _checked(entry, programme, module, kind)
        problems += wrong
        for person, test, score in found:
            clash = _clash(entry, person, test, score, seen, recorded.get(person.id), replace)
            if clash is not None:
                problems.append(clash)
                continue
            if (person.id, test) in seen:
                continue  # the same score given twice: once is enough
            seen[person.id, test] = (score, entry)
            before = recorded.get(person.id)
            changes.append(
                Change(person, test, score, None if before is None else getattr(before, test))
            )
    refuse(
        problems,
        len(given),
        rows=lambda count: ngettext(
            "Nothing was recorded: {rows} of {total} rows in {name} has problems.",
            "Nothing was recorded: {rows} of {total} rows in {name} have problems.",
            count,
        ),
        heading=_("Nothing was recorded:"),
        after_conflicts=" " + _("Nothing was recorded."),
    )
    wanted: dict[str, dict[str, emit.Value | None]] = {}
    added: dict[str, dict[str, emit.Value]] = {}
    for change in changes:
        if change.unchanged:
            continue
        pid = change.participant.id
        if pid in recorded:
            wanted.setdefault(_key(pid, module.id), {})[change.kind] = _text(change.score)
        else:
            text = added.setdefault(pid, {"participant": pid, "module": module.id})
            text[change.kind] = _text(change.score)
    written = write and bool(wanted or added)
    if written:
        _write(folder, old, programme, wanted, list(added.values()))
    return Outcome(
        module,
        changes,
        path,
        old is None and written,
        written,
        programme.settings.name,
        appended=len(added),
        changed_entries=len(wanted),
    )


def _write(
    folder: Folder,
    old: bytes | None,
    programme: Programme,
    wanted: Mapping[str, Mapping[str, emit.Value | None]],
    added: Sequence[Mapping[str, emit.Value]],
) -> None:
    """Change the entries ``wanted`` names where they are, then append ``added``.

    The load cache is handed what was read back (``seeding``) when the write
    did one of the two; after both, the next load reads scores.yaml again.
    """
    path = folder.scores
    data = old if old is not None else HEADER.encode("utf-8")
    existing = programme.scores
    changed = list_file.ReadBack()
    appended = list_file.ReadBack()
    if wanted:
        loaded = None
        if old is not None and store.read_bytes(path) == old:  # the bytes the loader read
            loaded = list_file.Loaded(programme.scores, _score_key)
        data = list_file.change_entries(
            data, path, wanted, FIELDS, key=_entry_key, seen=changed, loaded=loaded
        )
        existing = [_changed(e, wanted.get(_key(e.participant, e.module))) for e in existing]
    if added:
        data = list_file.append_entries(
            data,
            existing,
            added,
            path,
            FIELDS,
            Score,
            loaded=not wanted,
            seen=appended,
            first=FIRST_STYLE,
        )
    store.atomic_write(path, data, check_expected=True, expected=old, mode_like=folder.participants)
    seed: seeding.Change | None = None
    if wanted and not added:
        seed = seeding.changed(changed)
    elif added and not wanted:
        seed = seeding.appended(appended)
    seeding.after_write(folder, path, old, data, seed)


def _changed(entry: Score, wanted: Mapping[str, emit.Value | None] | None) -> Score:
    if wanted is None:
        return entry
    return entry.model_copy(update={k: scores.score(v) for k, v in wanted.items()})


def _key(participant: str, module: str) -> str:
    return f"{participant} {module}"


def _score_key(entry: Score) -> str:
    return _key(entry.participant, entry.module)


def _entry_key(item: LMap) -> str | None:
    """An entry of scores.yaml by its participant and module as written."""
    pid, module = item.get("participant"), item.get("module")
    if not isinstance(pid, str) or not isinstance(module, str):
        return None
    return _key(pid.strip(), module.strip())


def _text(score: int | float) -> str:
    return str(score)


def _checked(
    entry: Entry, programme: Programme, module: Module, kind: str | None
) -> tuple[list[tuple[Participant, str, int | float]], list[Problem]]:
    """(participant, test, score) of each score the entry gives, and every problem."""
    values = entry.values
    problems: list[Problem] = []

    def problem(label: str | None, issue: fields.ValueProblem) -> None:
        conflict = isinstance(issue, entries.UnknownName)
        problems.append(Problem(entry, label, issue.message, issue.hint, conflict=conflict))

    people: list[Participant] = []
    try:
        people = _people(entry, programme)
    except fields.ValueProblem as issue:
        label = "participant" if (values.get("participant") or "").strip() else "name"
        problem(entry.label(label), issue)
    tests: list[tuple[str, int | float]] = []
    for test in KINDS:
        raw = values.get(test)
        if raw is None and kind == test:
            raw = values.get("score")
        if raw is None or not raw.strip() or _not_taken(raw):
            continue
        try:
            tests.append((test, scores.score(fields.typed_text(raw, _("Type it again in UTF-8.")))))
        except fields.ValueProblem as issue:
            problem(entry.label(test if values.get(test) is not None else "score"), issue)
    if entry.stray:
        problems.append(
            Problem(
                entry,
                None,
                _("This row has a value in a column without a header."),
                _("Give the column a header the manual lists, or empty the cell."),
            )
        )
    if not tests and not problems:
        problems.append(
            Problem(
                entry,
                None,
                _("No score is given: nothing to record."),
                _("Give the score out of 100, for example UKM-001=80."),
            )
        )
    for person in people:
        if module.id in person.exempt:
            problems.append(
                Problem(
                    entry,
                    entry.label("participant"),
                    _(
                        "{id} is exempt from {module} ({reason}): they did not take the module."
                    ).format(id=person.id, module=module.id, reason=person.exempt[module.id]),
                    _(
                        "If they took it, take the exemption back first: "
                        "ukm edit {id} --no-exempt {module}"
                    ).format(id=person.id, module=module.id),
                    conflict=True,
                )
            )
    if problems:
        return [], problems
    return [(person, test, score) for person in people for test, score in tests], []


_NOT_TAKEN = frozenset({"-", "--", "—", "–", "x"})
"""Cells of a list of results that say the test was not taken (left out, not an error)."""


def _not_taken(raw: str) -> bool:
    return raw.strip().casefold() in _NOT_TAKEN


def _people(entry: Entry, programme: Programme) -> list[Participant]:
    """The participants an entry names: an id, number or range; else (in a list) a name."""
    text = fields.typed_text(entry.values.get("participant"), _("Type it again in UTF-8."))
    name = fields.typed_text(entry.values.get("name"), _("Type it again in UTF-8."))
    if not text and name:
        return [_by_name(name, programme)]
    if not text:
        raise fields.ValueProblem(
            _("No participant is named."), _("Give the id (UKM-001), its number, or the name.")
        )
    ids, problems = idspec.resolve([text], [p.id for p in programme.participants])
    if problems:
        if name:
            return [_by_name(name, programme)]
        raise entries.UnknownName(problems[0].message, problems[0].hint)
    by_id = programme.participants_by_id
    return [by_id[pid] for pid in ids]


def _by_name(name: str, programme: Programme) -> Participant:
    """The one participant whose owner or business is named exactly ``name`` (any case)."""
    key = fields.norm(name)
    found = [
        p for p in programme.participants if key in (fields.norm(p.owner), fields.norm(p.business))
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise entries.UnknownName(
            _("'{name}' is not the name of a registered participant or business.").format(
                name=name
            ),
            _("Write the name as registered, or give the id."),
        )
    raise entries.UnknownName(
        _("'{name}' is the name of {count} participants: {ids}.").format(
            name=name, count=len(found), ids=", ".join(p.id for p in found)
        ),
        _("Give the id of the one who took the test."),
    )


def _clash(
    entry: Entry,
    person: Participant,
    test: str,
    score: int | float,
    seen: Mapping[tuple[str, str], tuple[int | float, Entry]],
    recorded: Score | None,
    replace: bool,
) -> Problem | None:
    """A second, different score for the same test: given twice, or already recorded."""
    earlier = seen.get((person.id, test))
    if earlier is not None and earlier[0] != score:
        first, where = earlier
        row = where.origin.row if where.origin is not None else None
        return Problem(
            entry,
            entry.label(test),
            (
                _("{id} is given two {test}-test scores: {first} (row {row}) and {score}.")
                if row is not None
                else _("{id} is given two {test}-test scores: {first} and {score}.")
            ).format(id=person.id, test=test, first=first, row=row, score=score),
            _("Keep the right one."),
            conflict=True,
        )
    before = None if recorded is None else getattr(recorded, test)
    if before is not None and before != score and not replace:
        return Problem(
            entry,
            entry.label(test),
            _("{id} already has a {test}-test score of {before} in {module}, not {score}.").format(
                id=person.id, test=test, before=before, module=recorded.module, score=score
            )
            if recorded is not None
            else "",
            _("To correct it, give --replace."),
            conflict=True,
        )
    return None
