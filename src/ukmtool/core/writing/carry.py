"""The next programme: what carries over from last year's folder.

:func:`old_programme` loads OLD for ``ukm init DIR --like OLD`` (``like``) and
``ukm register --from OLD``, which turns OLD's participants into import rows
(full NIK, no id, a tag saying where they came from).  A list exported
by ``ukm participants`` holds masked NIKs: :func:`without_masked_niks`
leaves them out, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ukmtool.core.folder import Folder, holds_program
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reading.loader import load
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.register import FIELDS, MONEY, Entry
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


def returning(old: Programme) -> list[Entry]:
    """Import rows of ``old``'s participants: every carried field as written, full NIK, no id.

    Each keeps its tags and gets :func:`origin_tag`; a problem is reported on
    the old participants.yaml's line of the entry.
    """
    tag = origin_tag(old)
    rows = []
    for number, participant in enumerate(old.participants, start=1):
        rows.append(
            Entry(
                values=_values(participant),
                tags=(*participant.tags, *(() if tag in participant.tags else (tag,))),
                labels={name: name for name in CARRIED},
                origin=Origin(old.folder.participants, number),
            )
        )
    return rows


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
