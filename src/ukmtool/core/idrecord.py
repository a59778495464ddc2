"""``ids.yaml``: the highest participant id ukm has ever given, so none is given twice.

An entry removed from ``participants.yaml`` by hand takes its id out of
every file; this record keeps it.  The file is optional (a folder without it
still works: the next id is then above every id the files name) and holds
one line a person can read::

    # ids.yaml: the highest participant id ukm has given (an id is never given twice)
    last_id: UKM-101

``next_number`` and ``mentioned_ids`` find the ids the files hold; ``register``
writes the record under the folder's lock *before* it writes
``participants.yaml``: if the process dies in between, the record is ahead
(a gap), never behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core.models import STATUSES
from ukmtool.diagnostics import Collector, Diagnostic
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.programme import Programme

IDS_FILE = "ids.yaml"
HEADER = "# ids.yaml: the highest participant id ukm has given (an id is never given twice)"
_NUMBERED = re.compile(r"UKM-([0-9]{1,18})")
_NUMBERED_LINES = re.compile(r"^UKM-([0-9]{1,18})(?=\n|\Z)", re.MULTILINE)
_LINE = re.compile(r"last_id:[ \t]*(?P<q>[\"']?)(?P<value>[^\"'#]*?)(?P=q)[ \t]*(?:#.*)?")
_MAX_BYTES = 4096
LAST_NUMBER = 10**18 - 1
"""The highest number an id may carry: ids of more digits are read as no number at all."""


@dataclass(frozen=True, slots=True)
class Record:
    """What ``ids.yaml`` says: the last id given, its number and the line it is on."""

    path: Path
    last_id: str
    number: int
    line: int


def path_in(root: Path) -> Path:
    """Where a programme folder keeps its record."""
    return root / IDS_FILE


def read(root: Path, out: Collector) -> Record | None:
    """The folder's record (None when there is none); a malformed one is an error in ``out``."""
    path = path_in(root)
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        out.error(path, None, _("Could not read {name}: {reason}.").format(
            name=IDS_FILE, reason=exc.strerror or type(exc).__name__))  # fmt: skip
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or len(data) > _MAX_BYTES:
        out.error(path, None, _malformed(), hint=_hint())
        return None
    found: Record | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        bare = line.strip()
        if not bare or bare.startswith("#"):
            continue
        match = _LINE.fullmatch(bare)
        value = _NUMBERED.fullmatch(match.group("value").strip()) if match else None
        if value is None or found is not None:
            out.error(path, number, _malformed(), hint=_hint())
            return None
        found = Record(path, value.group(0), int(value.group(1)), number)
    if found is None:
        out.error(path, None, _malformed(), hint=_hint())
    return found


def text_for(number: int) -> bytes:
    """The whole of ``ids.yaml`` recording ``UKM-number`` as the last id given."""
    return f"{HEADER}\nlast_id: UKM-{number:03d}\n".encode()


def check(root: Path, highest_in_use: int) -> list[Diagnostic]:
    """``ukm check``: the record is readable and not below an id the folder uses."""
    out = Collector()
    record = read(root, out)
    if record is not None and record.number >= LAST_NUMBER:
        out.error(record.path, record.line, no_id_left(record.last_id), hint=_hint())
    elif record is not None and record.number < highest_in_use:
        out.warning(
            record.path,
            record.line,
            _("last_id {last} is below UKM-{number:03d}, an id the folder uses.").format(
                last=record.last_id, number=highest_in_use
            ),
            hint=_(
                "Was ids.yaml copied from an older folder? ukm gives ids above both; "
                "write the highest id ever given here."
            ),
        )
    return out.items


def no_id_left(last: str) -> str:
    """The message for a record (or an id in use) that leaves no id to give."""
    return _("No id is left to give after {last}: ukm's ids have at most 18 digits.").format(
        last=last
    )


def _malformed() -> str:
    return _("{name} must hold one line 'last_id: UKM-NNN'.").format(name=IDS_FILE)


def _hint() -> str:
    return _(
        "It records the highest id ukm has given, so that none is given twice; "
        "write the highest id ever given there (e.g. last_id: UKM-101)."
    )


def next_number(ids: Iterable[str]) -> int:
    """One more than the highest ``UKM-NNN`` among ``ids`` (1 when there is none)."""
    every = list(ids)
    joined = "\n".join(every)
    if joined.count("\n") == max(len(every) - 1, 0):  # one id a line: one search for all
        return max(map(int, _NUMBERED_LINES.findall(joined)), default=0) + 1
    highest = 0
    for pid in every:
        match = _NUMBERED.fullmatch(pid)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest + 1


def format_id(number: int) -> str:
    """``UKM-`` and the number, three digits at least."""
    return f"UKM-{number:03d}"


def mentioned_ids(programme: Programme) -> set[str]:
    """Every id the attendance sheets, visits, measurements and certificates name.

    An id removed from participants.yaml by hand still has its marks and
    visits there: giving it again would hand them to another business (and a
    certificate issued to it would change hands).
    """
    found: set[str] = set()
    for sheets in programme.sheets.values():
        for sheet in sheets.values():
            for status in STATUSES:
                found.update(getattr(sheet, status))
    found.update(visit.participant for visit in programme.visits)
    found.update(measured.participant for measured in programme.indicators)
    found.update(certificate.participant for certificate in programme.certificates)
    return found
