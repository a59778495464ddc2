"""``ukm history QUERY --in DIR...`` and ``ukm compare --returning``: a business across programmes.

Each programme a business took part in is one :class:`Appearance`: its id
there, the modules it completed, whether it graduated, its certificate, its
size class at baseline and at the latest measurement, and what tied this
entry to the others (``identity``).  The figures come from what ``ukm show``
computes for the entry in its own programme.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukmtool.core import fields
from ukmtool.core.across.identity import Business, Entry, Member, businesses, entries, nib_of
from ukmtool.core.programme import Loaded
from ukmtool.core.reports.records import show_record
from ukmtool.core.values import people
from ukmtool.errors import NotFoundError, UsageError
from ukmtool.i18n import _, before_stop
from ukmtool.masking import mask_nik, shown

_DIGITS = re.compile(r"[0-9][0-9 .\-]*[0-9]")


@dataclass(frozen=True, slots=True)
class Appearance:
    """One programme a business took part in, and how it did there."""

    folder: str
    programme: str
    year: int
    id: str
    business: str
    owner: str
    district: str
    nik: str | None
    """Masked: never the whole NIK."""
    nib: str | None
    matched_by: str | None
    modules: int
    completed: int
    graduated: bool
    certificate: str | None
    class_before: str | None
    class_after: str | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "folder": self.folder,
            "programme": self.programme,
            "year": self.year,
            "id": self.id,
            "business": self.business,
            "owner": self.owner,
            "district": self.district,
            "nik": self.nik,
            "nib": self.nib,
            "matched_by": self.matched_by,
            "modules": self.modules,
            "modules_completed": self.completed,
            "graduated": self.graduated,
            "certificate": self.certificate,
            "class_before": self.class_before,
            "class_after": self.class_after,
        }


def appearance(member: Member) -> Appearance:
    """One entry of a business with its figures in its own programme (as ``ukm show``)."""
    entry = member.entry
    programme = entry.loaded.programme
    participant = entry.participant
    record = show_record(programme, participant.id, show_nik=False)
    completed = sum(1 for standing, _misses in record.modules if standing.status == "completed")
    certificate = next(
        (
            c.number
            for c in reversed(programme.certificates)
            if c.participant == participant.id and c.valid
        ),
        None,
    )
    change = record.change
    return Appearance(
        folder=entry.loaded.shown,
        programme=programme.settings.name,
        year=programme.settings.starts.year,
        id=participant.id,
        business=participant.business,
        owner=participant.owner,
        district=participant.district,
        nik=mask_nik(participant.nik) if participant.nik else None,
        nib=nib_of(participant),
        matched_by=member.matched_by,
        modules=len(record.modules),
        completed=completed,
        graduated=record.graduated,
        certificate=certificate,
        class_before=change.baseline_class if change is not None else None,
        class_after=change.latest_class if change is not None else None,
    )


@dataclass
class History:
    """The businesses a query found, each with every programme it took part in."""

    query: str
    """As asked, a NIK in it masked."""
    businesses: list[list[Appearance]]

    def payload(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "query": self.query,
            "businesses": [
                {
                    "programmes": len({a.folder for a in found}),
                    "entries": [a.to_dict() for a in found],
                }
                for found in self.businesses
            ],
        }


@dataclass
class Returning:
    """The businesses that took part in more than one of the programmes compared."""

    programmes: int
    businesses: list[list[Appearance]]

    def payload(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "programmes": self.programmes,
            "returning": len(self.businesses),
            "businesses": [
                {
                    "programmes": len({a.folder for a in found}),
                    "entries": [a.to_dict() for a in found],
                }
                for found in self.businesses
            ],
        }


def returning_businesses(loaded: Sequence[Loaded]) -> Returning:
    """Every business found in more than one of ``loaded``, with each of its entries."""
    found = [b for b in businesses(entries(loaded)) if b.programmes > 1]
    return Returning(len(loaded), [[appearance(m) for m in ordered(b)] for b in found])


def history(query: str, loaded: Sequence[Loaded]) -> History:
    """The businesses ``query`` names (id@folder, NIK, NIB, phone or name) across ``loaded``."""
    everyone = entries(loaded)
    start = _wanted(query.strip(), everyone, loaded)
    if not start:
        raise NotFoundError(
            _("No business in these programmes matches {query}.").format(query=before_stop(query)),
            hint=_(
                "Give an id as ID@FOLDER (UKM-001@blora-2017), a NIK, an NIB, a phone "
                "number, or part of the owner's or the business's name."
            ),
        )
    chosen = [b for b in businesses(everyone) if any(m.entry in start for m in b.members)]
    return History(shown(query), [[appearance(m) for m in ordered(b)] for b in chosen])


def ordered(business: Business) -> list[Member]:
    """A business's entries in the order of their programmes' first days."""
    return sorted(
        business.members,
        key=lambda m: (
            m.entry.loaded.programme.settings.starts,
            m.entry.index,
            m.entry.participant.id,
        ),
    )


def _wanted(query: str, everyone: Sequence[Entry], loaded: Sequence[Loaded]) -> set[Entry]:
    """The entries the query names."""
    if "@" in query:
        pid, _at, folder = query.partition("@")
        return _by_id(pid.strip(), folder.strip(), everyone, loaded)
    if _DIGITS.fullmatch(query) or query.startswith("+"):
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) == 16:
            return {e for e in everyone if e.participant.nik == digits}
        if len(digits) == 13 and not query.startswith(("+", "0")):
            found = {e for e in everyone if nib_of(e.participant) == digits}
            if found:
                return found
        try:
            phone = people.phone(query)
        except fields.ValueProblem:
            raise UsageError(
                _("{query} is not a NIK (16 digits), an NIB (13) or a phone number.").format(
                    query=query
                )
            ) from None
        return {e for e in everyone if e.participant.phone == phone}
    wanted = fields.norm(query)
    if not wanted:
        return set()
    return {
        e
        for e in everyone
        if wanted in fields.norm(e.participant.owner)
        or wanted in fields.norm(e.participant.business)
    }


def _by_id(
    pid: str, folder: str, everyone: Sequence[Entry], loaded: Sequence[Loaded]
) -> set[Entry]:
    places = [
        i
        for i, one in enumerate(loaded)
        if folder in (one.shown, Path(one.shown).name, one.programme.folder.root.name)
        or _same(folder, one.programme.folder.root)
    ]
    if not places:
        raise UsageError(
            _("{folder} is not one of the folders given.").format(folder=folder),
            hint=_("Give the folder as it is given to --in: {folders}.").format(
                folders=", ".join(one.shown for one in loaded)
            ),
        )
    key = pid.casefold()
    return {e for e in everyone if e.index in places and e.participant.id.casefold() == key}


def _same(folder: str, root: Path) -> bool:
    try:
        return Path(folder).resolve() == root.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
