"""``ukm visit``: check a mentoring visit's values and append it to ``visits.yaml``.

Values come as text (options or answers to prompts) in an :class:`Entry`.
Each is checked here, with the same functions and model ``ukm check`` uses;
the visit is then appended as text in the file's own style (``emit``,
``list_file``), under the folder's lock, so every byte already in
``visits.yaml`` stays.  A missing ``visits.yaml`` is created with a short
header comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ukmtool.core import clock, fields
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant, Visit
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, load
from ukmtool.core.suggest import closest, match_case_insensitive
from ukmtool.core.values import dates, quantities
from ukmtool.core.writing import entries
from ukmtool.core.writing.entries import UnknownName
from ukmtool.core.yamlio import emit
from ukmtool.core.yamlio.reader import LMap
from ukmtool.errors import DataError, InputUsageError, NotFoundError
from ukmtool.i18n import _

FIELDS: tuple[str, ...] = (
    "participant",
    "date",
    "trainer",
    "hours",
    "modules",
    "practices",
    "notes",
)
"""The fields of a visit, in the order PRODUCT.md writes them."""

REQUIRED: tuple[str, ...] = ("participant", "trainer", "hours")
"""Values ``ukm visit`` cannot do without (the date is today when not given)."""

MAX_HOURS = 24.0

HEADER = (
    "# visits.yaml: mentoring visits, one entry a visit (`ukm visit` adds them).\n"
    "# practices: what the trainer observed at the visit, yes or no (ya/tidak),\n"
    "# by the practice ids listed under each module in modules.yaml.\n"
    "\n"
)
"""The start of a ``visits.yaml`` that ``ukm visit`` creates."""

_SEPARATORS = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class Entry:
    """One visit as the text a person gave; ``labels`` name each field as they know it."""

    participant: str
    trainer: str
    hours: str
    date: str | None = None
    modules: tuple[str, ...] = ()
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    notes: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    new_trainer: bool = False
    """The trainer's name is new on purpose (it is taken though nobody knows it yet)."""

    def label(self, name: str) -> str:
        """How the person named field ``name`` (an option such as ``--hours``)."""
        return self.labels.get(name, name)


@dataclass(frozen=True, slots=True)
class Seen:
    """One practice observed at the new visit, and its first observation before it (if any)."""

    practice: str
    value: bool
    first: bool | None
    first_date: date | None


@dataclass(frozen=True)
class Outcome:
    """What ``ukm visit`` recorded."""

    visit: Visit
    participant: Participant
    path: Path
    created: bool
    seen: list[Seen]
    notes: list[str]
    """Things worth knowing that did not stop the visit (a new trainer's name close to another)."""
    programme: str = ""
    """The programme's name (every write says where it wrote)."""


def open_folder(folder: Folder, progress: Progress | None = None) -> Programme:
    """Load the folder, refusing when a file ``ukm visit`` relies on has errors.

    ``progress`` is the loader's (bytes read of the folder's files).
    """
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; no visit was recorded."),
        _("Run `ukm check`, fix what it lists, and record the visit again."),
        (folder.program, folder.modules, folder.participants, folder.visits),
    )


def _plain(raw: str | None) -> str:
    return fields.typed_text(raw, _("Type it again in UTF-8."))


def participant_of(raw: str | None, programme: Programme) -> Participant:
    """The registered participant ``raw`` names: ``UKM-007``, ``7``, or (part of) a name.

    A text that names no id is looked for in the business and owner names
    (``sablon sinar``); it must fit one participant.
    """
    return entries.participant_of(
        raw,
        programme,
        several=_("A visit is to one business; '{text}' names {count}."),
        by_name=lambda text: _by_name(text, programme),
    )


MAX_MATCHES = 8
"""At most this many businesses listed when a name matches several."""


def _by_name(text: str, programme: Programme) -> Participant | None:
    """The one participant whose business or owner name holds ``text`` (any case).

    None when no name holds it; several are a problem that lists them.
    """
    key = " ".join(text.split()).casefold()
    if not any(ch.isalpha() for ch in key):
        return None
    found = [
        p
        for p in programme.participants
        if key in " ".join(p.business.split()).casefold()
        or key in " ".join(p.owner.split()).casefold()
    ]
    exact = [p for p in found if key in (p.business.casefold(), p.owner.casefold())]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        return None
    shown = "; ".join(f"{p.id} {p.business} ({p.owner})" for p in found[:MAX_MATCHES])
    more = len(found) - MAX_MATCHES
    raise fields.ValueProblem(
        _("'{text}' is in the names of {count} participants: {names}").format(
            text=text, count=len(found), names=shown
        )
        + (" " + _("and {count} more").format(count=more) if more > 0 else "")
        + ".",
        _("Type more of the name, or the id."),
    )


def visit_date(raw: str | None, today: date) -> date:
    """The visit's day: a date written as YYYY-MM-DD, not after ``today``; empty is today."""
    text = _plain(raw)
    return dates.day_until(text, today, _("Record a visit once it has happened."))


def trainers(programme: Programme) -> list[str]:
    """The known trainers, each once: those of modules.yaml's sessions, then of visits.yaml."""
    seen: dict[str, str] = {}
    for module in programme.modules:
        for session in module.sessions.values():
            if session.trainer:
                seen.setdefault(fields.trainer_key(session.trainer), session.trainer)
    for visit in programme.visits:
        seen.setdefault(fields.trainer_key(visit.trainer), visit.trainer)
    return list(seen.values())


def unknown_trainer(name: str, programme: Programme, *, flag: bool = True) -> UnknownName | None:
    """Why ``name`` needs confirming as a new trainer (None: known, or nobody is known yet).

    A name typed slightly wrong would otherwise become a second trainer in the
    mentoring report: the closest known name is offered instead.  ``flag``:
    the hint names ``--new-trainer`` (not at a prompt, which asks instead).
    """
    known = trainers(programme)
    if not known or fields.trainer_key(name) in {fields.trainer_key(k) for k in known}:
        return None
    best = closest(name, known, cutoff=0.75)
    new = _("If '{name}' is a new trainer, give --new-trainer.").format(name=name)
    return UnknownName(
        _("'{name}' is not a known trainer (of modules.yaml or earlier visits).").format(name=name),
        (
            _("Did you mean '{choice}'?").format(choice=best)
            if best
            else _("Known trainers: {names}.").format(names=", ".join(known))
        )
        + (" " + new if flag else ""),
    )


def trainer_name(raw: str | None, programme: Programme) -> str:
    """The trainer's name; written as ``visits.yaml`` already writes it when only case differs."""
    text = " ".join(fields.text(_plain(raw)).split())
    return match_case_insensitive(text, trainers(programme)) or text


def visit_hours(raw: str | None) -> float:
    """The hours of the visit: a number above 0, at most a day."""
    hours = quantities.hours(_plain(raw))
    if hours > MAX_HOURS:
        raise fields.ValueProblem(
            _("{value} hours is longer than a day.").format(value=_plain(raw)),
            _("Give the hours of this one visit, for example 1.5."),
        )
    return hours


def split(values: Iterable[str]) -> list[str]:
    """``keuangan,pemasaran`` and ``keuangan pemasaran`` are two values."""
    return [piece for value in values for piece in _SEPARATORS.split(value) if piece]


def module_ids(raw: Iterable[str], programme: Programme) -> list[str]:
    """The module ids named (any case), each once; the first unknown one is refused."""
    found: dict[str, None] = {}
    for name in split(raw):
        module = programme.module_named(name)
        if module is None:
            raise UnknownName(
                _("There is no module '{name}'.").format(name=name), programme.modules_hint(name)
            )
        found.setdefault(module.id)
    return list(found)


def practice_ids(programme: Programme) -> dict[str, str]:
    """Every practice id of every module -> its module's id, in teaching order."""
    return {p: m.id for m in programme.modules for p in m.practices}


def practice_id(name: str, programme: Programme) -> str:
    """The practice id ``name`` names (any case), else :class:`UnknownName`."""
    known = practice_ids(programme)
    found = match_case_insensitive(name, known)
    if found is None:
        best = closest(name, known)
        raise UnknownName(
            _("There is no practice '{name}'.").format(name=name),
            _("Did you mean '{choice}' ({module})?").format(choice=best, module=known[best])
            if best
            else _("Practices are listed under a module's 'practices' in modules.yaml.")
            if known
            else _("modules.yaml lists no practices yet: add them under a module's 'practices'."),
        )
    return found


def observations(
    yes: Iterable[str], no: Iterable[str], programme: Programme
) -> tuple[dict[str, bool], list[fields.ValueProblem]]:
    """Practice id -> observed, in teaching order, and the problems (unknown, both yes and no)."""
    given: dict[str, bool] = {}
    problems: list[fields.ValueProblem] = []
    for names, value in ((yes, True), (no, False)):
        for name in split(names):
            try:
                practice = practice_id(name, programme)
            except UnknownName as problem:
                problems.append(problem)
                continue
            if given.get(practice, value) != value:
                problems.append(
                    fields.ValueProblem(
                        _("{practice} is given both as --yes and as --no.").format(
                            practice=practice
                        ),
                        _("Give each practice once, as what the trainer saw."),
                    )
                )
            given[practice] = value
    order = list(practice_ids(programme))
    return {p: given[p] for p in sorted(given, key=order.index)}, problems


def record(
    folder: Folder,
    entry: Entry,
    *,
    allow_duplicate: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Check ``entry`` against the folder as it is now and append it to ``visits.yaml``.

    Runs under the folder's lock; the file is replaced only if nobody changed
    it meanwhile.  Wrong values raise :class:`InputUsageError` (exit 2),
    names the programme lacks :class:`NotFoundError`, a visit before the
    participant registered or a second visit on one day :class:`DataError`
    (exit 1); nothing is written then.
    """
    day = today or clock.today()
    with store.locked(folder.root):
        path = folder.visits
        old = store.read_bytes(path)  # before loading: what the loader reads is at least this
        programme = open_folder(folder, progress)
        values, participant, notes = _checked(entry, programme, day)
        _refuse_conflicts(values, participant, programme, allow_duplicate)
        base = old if old is not None else HEADER.encode("utf-8")
        # The same bytes before and after loading: the loader read these, without an error.
        loaded = old is not None and store.read_bytes(path) == old
        listing = list_file.read_list(base, programme.visits, path, FIELDS, loaded=loaded)
        text = _as_text(values, _words(listing.sample))
        visit = Visit.model_validate(text)  # the model `ukm check` uses
        read_back = list_file.ReadBack()
        new = listing.append([text], Visit, seen=read_back)
        store.atomic_write(
            path, new, check_expected=True, expected=old, mode_like=folder.participants
        )
        seeding.after_write(folder, path, old, new, seeding.appended(read_back))
    seen = _seen(visit, programme)
    return Outcome(visit, participant, path, old is None, seen, notes, programme.settings.name)


def _checked(
    entry: Entry, programme: Programme, today: date
) -> tuple[dict[str, Any], Participant, list[str]]:
    """Every value checked; value problems first (exit 2), then unknown names (exit 1)."""
    bad: list[tuple[str, fields.ValueProblem]] = []
    values: dict[str, Any] = {}
    checks: list[tuple[str, Any]] = [
        ("participant", lambda: participant_of(entry.participant, programme)),
        ("date", lambda: visit_date(entry.date, today)),
        ("trainer", lambda: _known_trainer(entry, programme)),
        ("hours", lambda: visit_hours(entry.hours)),
        ("modules", lambda: module_ids(entry.modules, programme)),
        ("notes", lambda: fields.notes(_plain(entry.notes)) if _plain(entry.notes) else None),
    ]
    for name, check in checks:
        try:
            values[name] = check()
        except fields.ValueProblem as problem:
            bad.append((entry.label(name), problem))
    practices, problems = observations(entry.yes, entry.no, programme)
    bad += [(entry.label("practices"), problem) for problem in problems]
    values["practices"] = practices
    wrong = [(label, p) for label, p in bad if not isinstance(p, UnknownName)]
    if wrong:
        raise InputUsageError(
            _("No visit was recorded:"),
            [_problem_line(label, p) for label, p in wrong],
            hint=_("Correct the values and run the command again."),
        )
    if bad:
        message = (
            bad[0][1].message + " " + _("No visit was recorded.")
            if len(bad) == 1
            else _("No visit was recorded: some names are not in the programme.")
        )
        raise NotFoundError(
            message,
            [_problem_line(label, p) for label, p in bad] if len(bad) > 1 else [],
            hint=bad[0][1].hint if len(bad) == 1 else None,
        )
    notes = []
    if entry.new_trainer and unknown_trainer(values["trainer"], programme) is not None:
        notes.append(_("'{name}' is recorded as a new trainer.").format(name=values["trainer"]))
    return values, values["participant"], notes


def _known_trainer(entry: Entry, programme: Programme) -> str:
    name = trainer_name(entry.trainer, programme)
    problem = None if entry.new_trainer else unknown_trainer(name, programme)
    if problem is not None:
        raise problem
    return name


def _problem_line(label: str, problem: fields.ValueProblem) -> str:
    line = _("{flag}: {message}").format(flag=label, message=problem.message)
    return f"{line} {problem.hint}" if problem.hint else line


def _refuse_conflicts(
    values: Mapping[str, Any],
    participant: Participant,
    programme: Programme,
    allow_duplicate: bool,
) -> None:
    day: date = values["date"]
    if day < participant.registered:
        raise DataError(
            _(
                "The visit ({date}) is before {id} registered ({registered}); "
                "no visit was recorded."
            ).format(date=day.isoformat(), id=participant.id, registered=participant.registered),
            hint=_("Check the date and the id."),
        )
    if allow_duplicate:
        return
    for visit in programme.visits:
        if visit.participant == participant.id and visit.date == day:
            raise DataError(
                _(
                    "{id} already has a visit on {date} (by {trainer}); no visit was recorded."
                ).format(id=participant.id, date=day.isoformat(), trainer=visit.trainer),
                hint=_("If this is another visit all the same, record it with --allow-duplicate."),
            )


def _words(sample: Sequence[LMap]) -> tuple[str, str]:
    """``yes``/``no``, or ``ya``/``tidak`` when the file mostly writes those.

    Judged from the visits the file's style is judged from (``list_file``):
    all of a short file, the first 20 and the last 200 of a long one, so that
    a long file is never read whole for it and follows its recent visits.
    """
    english = indonesian = 0
    for item in sample:
        seen = item.get("practices")
        for value in seen.values() if isinstance(seen, LMap) else []:
            word = value.strip().casefold() if isinstance(value, str) else ""
            english += word in ("yes", "no")
            indonesian += word in ("ya", "tidak")
    return ("ya", "tidak") if indonesian > english else ("yes", "no")


def _as_text(values: Mapping[str, Any], words: tuple[str, str]) -> dict[str, emit.Value]:
    """The checked values as the text the file holds (and the model reads)."""
    hours: float = values["hours"]
    text: dict[str, emit.Value] = {
        "participant": values["participant"].id,
        "date": values["date"].isoformat(),
        "trainer": values["trainer"],
        # plain decimals, never 1e-05: the file's numbers are digits and a dot
        "hours": format(Decimal(repr(hours)).normalize(), "f"),
        "modules": list(values["modules"]),
        "practices": {p: words[0] if seen else words[1] for p, seen in values["practices"].items()},
    }
    if values["notes"]:
        text["notes"] = values["notes"]
    return text


def _seen(visit: Visit, programme: Programme) -> list[Seen]:
    """Each practice observed at ``visit`` with its first observation at an earlier visit."""
    earlier = sorted(
        (v for v in programme.visits if v.participant == visit.participant),
        key=lambda v: v.date,
    )
    result = []
    for practice, value in visit.practices.items():
        first = next((v for v in earlier if practice in v.practices and v.date <= visit.date), None)
        result.append(
            Seen(
                practice,
                value,
                first.practices[practice] if first is not None else None,
                first.date if first is not None else None,
            )
        )
    return result


def practices_of(module_ids_: Sequence[str], programme: Programme) -> list[tuple[str, str]]:
    """``(id, sentence)`` of the practices the modules teach, in teaching order."""
    modules = programme.modules_by_id
    return [(p, text) for m in module_ids_ for p, text in modules[m].practices.items()]
