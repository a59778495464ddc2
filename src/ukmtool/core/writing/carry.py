"""The next programme: what carries over from last year's folder.

:func:`old_programme` loads OLD for ``ukm init DIR --like OLD`` (``like``) and
``ukm register --from OLD``, which turns OLD's participants (all, or those
the command chose) into import rows (full NIK, no id, a tag saying where
they came from, and with ``--baseline latest`` OLD's latest figures as the
new baseline).  A list exported
by ``ukm participants`` holds masked NIKs: :func:`without_masked_niks`
leaves them out, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ukmtool.core.folder import Folder, holds_program
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reading.loader import load
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.participant import FIELDS, MONEY, Entry
from ukmtool.errors import UsageError
from ukmtool.i18n import _

_MASKED = re.compile(r"^\s*'?\d{0,4}\*+\d{0,4}\s*$")
"""A NIK as ukm masks it (``3316********0001``), also with the apostrophe a CSV file gives it."""
CARRIED: tuple[str, ...] = tuple(
    name for name in FIELDS if name not in ("id", "registered", "tags", *MONEY)
)
"""The fields a returning business brings (its baseline figures are measured anew)."""


def old_programme(path: Path) -> Programme:
    """The programme of an old folder (or of the folder of its participants.yaml)."""
    root = path.parent if path.suffix.lower() in (".yaml", ".yml") else path
    if not holds_program(root):
        raise UsageError(
            _("{path} is not a programme folder (it has no program.yaml).").format(path=path),
            hint=_("Give last year's folder, or its participants.yaml."),
        )
    folder = Folder(root.absolute())
    return load(folder).usable(
        _("The old programme folder has errors; nothing was done."),
        _("Run `ukm --data {folder} check` and fix what it lists.").format(folder=root),
        (folder.program, folder.modules, folder.participants),
    )


def origin_tag(old: Programme) -> str:
    """The tag returning businesses get: ``dari-2017`` (the old programme's first year)."""
    return f"dari-{old.settings.starts.year}"


@dataclass(frozen=True, slots=True)
class Returning:
    """The businesses brought back from ``OLD`` as import rows, and what came with them."""

    folder: Path
    """OLD's folder."""
    total: int
    """How many participants OLD has."""
    entries: list[Entry]
    baselines: dict[str, date] | None
    """With ``--baseline latest``: each old id whose figures were carried -> the day measured."""
    without: list[str]
    """With ``--baseline latest``: the old ids brought back that OLD never measured."""
    chosen_by: tuple[str, ...] = ()
    """How they were chosen, in words (``not-graduated``, ``tag unggulan``); empty: all."""
    first: dict[str, date] = field(default_factory=dict)
    """With ``--baseline latest``: each old id -> the day of the earliest figure carried (a
    figure the latest measurements left out comes from an earlier one)."""


BASELINE = ("monthly_sales", "capital", "employees")
"""The figures ``--baseline latest`` carries from OLD's measurements."""


def returning(
    old: Programme,
    *,
    only: Collection[str] | None = None,
    baseline: bool = False,
    chosen_by: tuple[str, ...] = (),
) -> Returning:
    """Import rows of ``old``'s participants: every carried field as written, full NIK, no id.

    Each keeps its tags and gets :func:`origin_tag`; a problem is reported on
    the old participants.yaml's line of the entry.  ``only``: the old ids to
    bring back (default all), ``chosen_by`` how they were chosen, in words.
    ``baseline``: each figure of :data:`BASELINE` from the latest of OLD's
    measurements that has it, as the new baseline.
    """
    tag = origin_tag(old)
    latest = latest_figures(old) if baseline else {}
    rows = []
    for number, participant in enumerate(old.participants, start=1):
        if only is not None and participant.id not in only:
            continue
        values = _values(participant)
        measured = latest.get(participant.id)
        if measured is not None:
            values.update({name: str(value) for name, value in measured[1].items()})
        rows.append(
            Entry(
                values=values,
                tags=(*participant.tags, *(() if tag in participant.tags else (tag,))),
                labels={name: name for name in (*CARRIED, *BASELINE)},
                origin=Origin(old.folder.participants, number),
            )
        )
    chosen = [p.id for p in old.participants if only is None or p.id in only]
    return Returning(
        old.folder.root,
        len(old.participants),
        rows,
        {pid: latest[pid][0] for pid in chosen if pid in latest} if baseline else None,
        [pid for pid in chosen if pid not in latest] if baseline else [],
        chosen_by,
        first={pid: latest[pid][2] for pid in chosen if pid in latest},
    )


def latest_figures(old: Programme) -> dict[str, tuple[date, dict[str, int], date]]:
    """Per participant of ``old``: the day of its latest figure, its figures, the earliest's day.

    Each figure comes from the latest measurement that has it, so the figures
    carried may come from several days.
    """
    found: dict[str, tuple[dict[str, int], dict[str, date]]] = {}
    for measurement in sorted(old.indicators, key=lambda m: m.date):
        figures, days = found.setdefault(measurement.participant, ({}, {}))
        for name in BASELINE:
            value = getattr(measurement, name)
            if value is not None:
                figures[name] = value
                days[name] = measurement.date
    return {
        pid: (max(days.values()), figures, min(days.values()))
        for pid, (figures, days) in found.items()
        if figures
    }


def _values(participant: Participant) -> dict[str, str]:
    data = participant.model_dump(mode="json")
    return {name: str(data[name]) for name in CARRIED if data.get(name) not in (None, "")}


def without_masked_niks(entries: Sequence[Entry]) -> tuple[list[Entry], list[str]]:
    """``entries`` with masked NIKs (``3316********0001``) left out, and a note for each."""
    kept: list[Entry] = []
    notes: list[str] = []
    for entry in entries:
        nik = entry.values.get("nik") or ""
        if not _MASKED.match(nik):
            kept.append(entry)
            continue
        values = {k: v for k, v in entry.values.items() if k != "nik"}
        kept.append(replace(entry, values=values))
        where = f"{entry.origin.file.name}:{entry.origin.row}: " if entry.origin is not None else ""
        notes.append(
            where
            + _(
                "the NIK {nik} is masked, so it is left out. To bring full NIKs, register "
                "from last year's folder: ukm register --from OLD."
            ).format(nik=nik.strip().lstrip("'"))
        )
    return kept, notes
