"""``ukm measure``: check a business's figures and append them to ``indicators.yaml``.

Each measurement comes as text (options, or a row of an endline survey) in an
:class:`Entry`; its values are read as people write them (``core/values``:
``15 jt``, ``2 orang``, ``13/12/2017``), and the entry is built by the model
``ukm check`` uses.
Every entry is checked before anything is written, against the folder as it
is under the lock: a measurement before the participant registered, or a
second one for the same participant and day (in the file or among the new
ones), is refused with the reason.  The new entries are appended in the
file's own style, so every byte already in ``indicators.yaml`` stays; a
missing file is created with a short header comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core import clock, fields
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Indicator, Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, load
from ukmtool.core.values import dates, money, quantities
from ukmtool.core.writing import entries
from ukmtool.core.writing.entries import Given, refuse
from ukmtool.core.writing.entries import Problem as EntryProblem
from ukmtool.core.yamlio import emit
from ukmtool.i18n import _, ngettext

FIELDS: tuple[str, ...] = ("participant", "date", "monthly_sales", "capital", "employees", "source")
"""The fields of a measurement, in the order PRODUCT.md writes them."""

FIGURES: tuple[str, ...] = ("monthly_sales", "capital", "employees")
"""The business's figures: a measurement gives at least one."""

HEADER = (
    "# indicators.yaml: the businesses' figures measured after registering, one entry a\n"
    "# measurement (`ukm measure` adds them). Whole Rupiah; the baseline is in participants.yaml.\n"
    "\n"
)
"""The start of an ``indicators.yaml`` that ``ukm measure`` creates."""


Entry = Given
"""One measurement as the text a person gave (``--sales``, or a row of a survey)."""

Problem = EntryProblem["Entry"]
"""Something wrong with one measurement."""


@dataclass(frozen=True)
class Outcome:
    """What ``ukm measure`` recorded (or, on a dry run, would record)."""

    added: list[Indicator]
    participants: dict[str, Participant]
    path: Path
    created: bool
    written: bool
    programme: str = ""


def open_folder(folder: Folder, progress: Progress | None = None) -> Programme:
    """Load the folder, refusing when a file ``ukm measure`` relies on has errors."""
    return load(folder, progress=progress).usable(
        _("The programme folder has errors; nothing was measured."),
        _("Run `ukm check`, fix what it lists, and record the figures again."),
        (folder.program, folder.participants, folder.indicators),
    )


def record(
    folder: Folder,
    entries: Sequence[Entry],
    *,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Check every entry and append them all to ``indicators.yaml`` (all of them, or none).

    Under the folder's lock (not on a dry run); the file is replaced only if
    nobody changed it meanwhile.  A wrong value given as an option raises
    :class:`InputUsageError` (exit 2); an unknown participant, a date before
    registration, a second measurement on a day, or any problem in an
    imported file raises :class:`DataError` (exit 1); nothing is written then.
    """
    day = today or clock.today()
    if dry_run:
        return _record(folder, entries, day, progress, write=False)
    with store.locked(folder.root):
        return _record(folder, entries, day, progress, write=True)


def _record(
    folder: Folder,
    entries: Sequence[Entry],
    today: date,
    progress: Progress | None,
    *,
    write: bool,
) -> Outcome:
    path = folder.indicators
    old = store.read_bytes(path)  # before loading: what the loader reads is at least this
    programme = open_folder(folder, progress)
    texts: list[dict[str, emit.Value]] = []
    problems: list[Problem] = []
    taken = {(m.participant, m.date): m for m in programme.indicators}
    new: dict[tuple[str, date], Entry] = {}
    for entry in entries:
        text, found = _checked(entry, programme, today)
        problems += found
        if text is None:
            continue
        key = (str(text["participant"]), date.fromisoformat(str(text["date"])))
        clash = _clash(entry, key, taken, new, programme)
        if clash is not None:
            problems.append(clash)
            continue
        new[key] = entry
        texts.append(text)
    refuse(
        problems,
        len(entries),
        rows=lambda count: ngettext(
            "Nothing was recorded: {rows} of {total} rows in {name} has problems.",
            "Nothing was recorded: {rows} of {total} rows in {name} have problems.",
            count,
        ),
        heading=_("Nothing was recorded:"),
        after_conflicts=" " + _("Nothing was recorded."),
    )
    added = [Indicator.model_validate(text) for text in texts]  # the model `ukm check` uses
    if write and added:
        base = old if old is not None else HEADER.encode("utf-8")
        # The same bytes before and after loading: the loader read these, without an error.
        loaded = old is not None and store.read_bytes(path) == old
        seen = list_file.ReadBack()
        data = list_file.append_entries(
            base, programme.indicators, texts, path, FIELDS, Indicator, loaded=loaded, seen=seen
        )
        store.atomic_write(
            path, data, check_expected=True, expected=old, mode_like=folder.participants
        )
        seeding.after_write(folder, path, old, data, seeding.appended(seen))
    return Outcome(
        added,
        programme.participants_by_id,
        path,
        old is None and write and bool(added),
        write and bool(added),
        programme.settings.name,
    )


def participant_of(raw: str | None, programme: Programme) -> Participant:
    """The registered participant ``raw`` names (``UKM-007``, ``7``, any case)."""
    return entries.participant_of(
        raw, programme, several=_("A measurement is of one business; '{text}' names {count}.")
    )


def _checked(
    entry: Entry, programme: Programme, today: date
) -> tuple[dict[str, emit.Value] | None, list[Problem]]:
    """The entry as the text the file holds, or None, and every problem with its values."""
    values = entry.values
    problems: list[Problem] = []
    text: dict[str, emit.Value] = {}

    def check(name: str, convert: Any) -> Any:
        raw = values.get(name)
        try:
            return convert(raw)
        except fields.ValueProblem as problem:
            problems.append(
                Problem(
                    entry,
                    entry.label(name),
                    problem.message,
                    problem.hint,
                    conflict=isinstance(problem, entries.UnknownName),
                )
            )
            return None

    person = check("participant", lambda raw: participant_of(raw, programme))
    day = check("date", lambda raw: _measured_on(raw, today))
    figures = {
        "monthly_sales": check("monthly_sales", _optional(money.parse_rupiah)),
        "capital": check("capital", _optional(money.parse_rupiah)),
        "employees": check("employees", _optional(quantities.people)),
    }
    source = check("source", _source)
    if entry.stray:
        problems.append(
            Problem(
                entry,
                None,
                _("This row has a value in a column without a header."),
                _("Give the column a header the README lists, or empty the cell."),
            )
        )
    given = [name for name in FIGURES if (values.get(name) or "").strip()]
    if not given:
        problems.append(
            Problem(
                entry,
                None,
                _("No figures are given: nothing to record."),
                _("Give the sales a month, the capital or the employees (or several)."),
            )
        )
    if problems or person is None or day is None:
        return None, problems
    if day < person.registered:
        problems.append(
            Problem(
                entry,
                entry.label("date"),
                _("The measurement ({date}) is before {id} registered ({registered}).").format(
                    date=day.isoformat(), id=person.id, registered=person.registered.isoformat()
                ),
                _("The figures when they registered go in participants.yaml (the baseline)."),
                conflict=True,
            )
        )
        return None, problems
    text["participant"] = person.id
    text["date"] = day.isoformat()
    for name, value in figures.items():
        if value is not None:
            text[name] = str(value)
    if source:
        text["source"] = source
    return text, problems


def _source(raw: str | None) -> str | None:
    """Where the figures come from: one line of printable text, or None."""
    text = fields.typed_text(raw, _("Type it again in UTF-8."))
    return fields.text(text) if text else None


def _optional(convert: Any) -> Any:
    def read(raw: str | None) -> Any:
        if raw is None or not raw.strip():
            return None
        return convert(fields.typed_text(raw, _("Type it again in UTF-8.")))

    return read


def _measured_on(raw: str | None, today: date) -> date:
    """The day of the measurement: YYYY-MM-DD, not after ``today``; empty is today."""
    text = fields.typed_text(raw, _("Type it again in UTF-8."))
    return dates.day_until(text, today, _("Record the figures once they are measured."))


def _clash(
    entry: Entry,
    key: tuple[str, date],
    taken: Mapping[tuple[str, date], Indicator],
    new: Mapping[tuple[str, date], Entry],
    programme: Programme,
) -> Problem | None:
    """A second measurement of the participant on that day, in the file or among the new ones."""
    pid, day = key
    if key in taken:
        return Problem(
            entry,
            entry.label("date"),
            _("{id} already has a measurement on {date} in indicators.yaml.").format(
                id=pid, date=day.isoformat()
            ),
            _("Keep one measurement a day: correct the one in the file by hand if it is wrong."),
            conflict=True,
        )
    earlier = new.get(key)
    if earlier is not None:
        where = earlier.origin.row if earlier.origin is not None else "?"
        return Problem(
            entry,
            entry.label("date"),
            _("{id} is measured twice on {date} (first in row {row}).").format(
                id=pid, date=day.isoformat(), row=where
            ),
            _("Keep one measurement a day: merge them into one entry."),
            conflict=True,
        )
    return None
