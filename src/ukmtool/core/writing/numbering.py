"""The ids a registration gives, and the record of the last one (``ids.yaml``).

An id given in an entry must be free (:func:`check_ids`); an entry without one
gets the next number above every id ever given or mentioned (:func:`give_ids`),
never below the record (:func:`recorded`); the record is raised before
``participants.yaml`` is replaced and put back if that fails
(:func:`write_with_record`), so an id is never given twice.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ukmtool.core import idrecord
from ukmtool.core.files import store
from ukmtool.core.folder import Folder
from ukmtool.core.idrecord import format_id, mentioned_ids, next_number
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.writing.participant import Entry, Problem
from ukmtool.diagnostics import Collector
from ukmtool.errors import DataError, UkmError
from ukmtool.i18n import _


def check_ids(
    checked: list[dict[str, Any]], entries: Sequence[Entry], existing: Sequence[Participant]
) -> list[Problem]:
    """The ids given in ``checked`` that are taken already, or given twice."""
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


def write_with_record(path: Path, new: bytes, old: bytes, last: int | None, folder: Folder) -> None:
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


def recorded(folder: Folder) -> int:
    """The number of the last id ukm gave (ids.yaml; 0 without it); a bad record refuses."""
    out = Collector()
    record = idrecord.read(folder.root, out)
    if out.items:
        raise DataError(_("{name} cannot be read.").format(name=idrecord.IDS_FILE), out.items)
    return record.number if record is not None else 0


def give_ids(checked: list[dict[str, Any]], programme: Programme, recorded: int) -> int:
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
