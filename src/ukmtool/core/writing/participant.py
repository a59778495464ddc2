"""A participant's fields as ``register`` and ``edit`` take them, from text a person gave.

The order they are written in ``participants.yaml`` (:data:`FIELDS`) and shown
in (:data:`SHOWN_ORDER`), the required ones, and each field's text checked
by the same readers ``ukm check`` uses (:func:`check_value`); a whole
:class:`Entry` (from options, prompts or a spreadsheet's row) checked field
by field with every problem kept (:func:`check_entries`), and the checked
values as the text the file holds (:func:`as_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ukmtool.core import clock, fields
from ukmtool.core.models import Settings
from ukmtool.core.reading.loader import Progress
from ukmtool.core.values import dates, money, people, places, quantities
from ukmtool.core.writing.entries import Origin, Reinterpreted
from ukmtool.core.writing.entries import Problem as EntryProblem
from ukmtool.core.yamlio import emit
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


def as_text(values: Mapping[str, Any]) -> dict[str, emit.Value]:
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
