"""The next programme: what carries over from last year's folder.

``ukm init DIR --like OLD`` takes OLD's settings (program.yaml as written,
with the new name and dates) and its modules (every session moved by the
difference between the new start and the old one), and its ``templates/``
folder; ``ukm register --from OLD`` turns OLD's participants (all, or those
the command chose) into import rows (full NIK, no id, a tag saying where
they came from, and with ``--baseline latest`` OLD's latest figures as the
new baseline).  A list exported
by ``ukm participants`` holds masked NIKs: :func:`without_masked_niks`
leaves them out, with a note.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from ukmtool.core.files import store
from ukmtool.core.folder import (
    MODULES_FILE,
    PARTICIPANTS_FILE,
    PROGRAM_FILE,
    Folder,
    holds_program,
)
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reading.loader import load
from ukmtool.core.writing import init as template
from ukmtool.core.writing.entries import Origin
from ukmtool.core.writing.init import write_folder
from ukmtool.core.writing.register import FIELDS, MONEY, Entry
from ukmtool.core.yamlio.emit import quoted
from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _

TEMPLATES_DIR = "templates"
_DATE = re.compile(r"(\bdate:\s*)(\d{4}-\d{2}-\d{2})\b")
_MASKED = re.compile(r"^\s*'?\d{0,4}\*+\d{0,4}\s*$")
"""A NIK as ukm masks it (``3316********0001``), also with the apostrophe a CSV file gives it."""
CARRIED: tuple[str, ...] = tuple(
    name for name in FIELDS if name not in ("id", "registered", "tags", *MONEY)
)
"""The fields a returning business brings (its baseline figures are measured anew)."""


@dataclass(frozen=True, slots=True)
class Started:
    """What ``ukm init --like`` made: the folder, the shift of the dates, what it copied."""

    folder: Path
    shift: timedelta
    modules: int
    sessions: int
    templates: bool


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


def start_like(directory: Path, old: Programme, starts: date, name: str | None) -> Started:
    """Write a new programme folder in ``directory`` with ``old``'s settings and modules.

    program.yaml and modules.yaml are ``old``'s text, with the name and every
    date moved by ``starts - old starts`` (comments and layout kept); the
    participants file is empty; ``templates/`` is copied when ``old`` has one.
    """
    shift = starts - old.settings.starts
    program_text = store.read_bytes(old.folder.program) or b""
    modules_text = store.read_bytes(old.folder.modules) or b""
    new_name = name or _next_name(old.settings.name, old.settings.starts, starts)
    files = (
        (PARTICIPANTS_FILE, template.participants_yaml().encode("utf-8")),
        (MODULES_FILE, _shift_dates(modules_text.decode("utf-8"), shift).encode("utf-8")),
        (PROGRAM_FILE, _program(program_text.decode("utf-8"), new_name, shift).encode("utf-8")),
    )
    templates = old.folder.root / TEMPLATES_DIR
    copied = templates.is_dir()

    def copy_templates() -> None:
        if copied:
            shutil.copytree(templates, directory / TEMPLATES_DIR, dirs_exist_ok=True)

    write_folder(directory, files, copy_templates, language=old.settings.language)
    result = load(Folder(directory.absolute()))
    if not result.ok:  # the old folder loaded clean: a moved date cannot break it, but say so
        raise DataError(
            _("The new folder {folder} has errors; fix them by hand.").format(folder=directory),
            result.errors,
        )
    sessions = sum(len(m.sessions) for m in old.modules)
    return Started(directory.absolute(), shift, len(old.modules), sessions, copied)


def _next_name(name: str, old: date, new: date) -> str:
    """The old name with its year moved (``... Blora 2017`` -> ``... Blora 2018``)."""
    if str(old.year) in name and old.year != new.year:
        return name.replace(str(old.year), str(new.year))
    return name


def _shift_dates(text: str, shift: timedelta) -> str:
    """Every ``date: YYYY-MM-DD`` of a modules.yaml moved by ``shift``."""

    def moved(match: re.Match[str]) -> str:
        day = date.fromisoformat(match.group(2)) + shift
        return match.group(1) + day.isoformat()

    return _DATE.sub(moved, text)


def _program(text: str, name: str, shift: timedelta) -> str:
    """program.yaml's text with the new name, and starts and ends moved by ``shift``."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        end = line[len(line.rstrip("\r\n")) :]
        if line.startswith("name:"):
            lines[i] = f"name: {quoted(name)}{end}"
        for key in ("starts", "ends"):
            found = re.match(rf"({key}:\s*)(\d{{4}}-\d{{2}}-\d{{2}})(.*)", line.rstrip("\r\n"))
            if found:
                day = date.fromisoformat(found.group(2)) + shift
                lines[i] = f"{found.group(1)}{day.isoformat()}{found.group(3)}{end}"
    return "".join(lines)


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
    )


def latest_figures(old: Programme) -> dict[str, tuple[date, dict[str, int]]]:
    """Per participant of ``old``: its figures measured last, and the day of the latest.

    Each figure comes from the latest measurement that has it.
    """
    found: dict[str, tuple[date, dict[str, int]]] = {}
    for measurement in sorted(old.indicators, key=lambda m: m.date):
        day, figures = found.get(measurement.participant, (measurement.date, {}))
        for name in BASELINE:
            value = getattr(measurement, name)
            if value is not None:
                figures[name] = value
                day = measurement.date
        found[measurement.participant] = (day, figures)
    return {pid: entry for pid, entry in found.items() if entry[1]}


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
