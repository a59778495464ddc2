"""Likely duplicates: the same phone, NIK or NIB, or the same business and owner.

Names are compared with case, spaces and punctuation ignored (``fields.norm``),
so ``Batik Sekar Jati`` / ``BATIK SEKAR-JATI`` match.  New entries are compared
with those already registered and with the entries before them in the same
batch (a spreadsheet that lists a business twice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ukmtool.core.fields import norm, norm_all
from ukmtool.core.models import Participant
from ukmtool.i18n import _

KINDS: tuple[str, ...] = ("nik", "nib", "phone", "name")
"""What two entries can share, in the order a match is reported."""


@dataclass(frozen=True, slots=True)
class Match:
    """New entry ``index`` looks like a registered one, or like an earlier new one.

    ``existing`` is the registered participant, else ``earlier`` the index of
    the new entry before it; ``kinds`` says what they share (``nik``,
    ``phone``, ``name``).
    """

    index: int
    existing: Participant | None
    earlier: int | None
    kinds: tuple[str, ...]


def keys(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The keys an entry is matched by: (kind, normalised value) for each it has."""
    business, owner = norm(str(values.get("business") or "")), norm(str(values.get("owner") or ""))
    return _keys(values.get("nik"), values.get("nib"), values.get("phone"), business, owner)


def _keys(nik: Any, nib: Any, phone: Any, business: str, owner: str) -> list[tuple[str, str]]:
    result: list[tuple[str, str]] = []
    if nik:
        result.append(("nik", str(nik)))
    if nib:
        result.append(("nib", str(nib)))
    if phone:
        result.append(("phone", str(phone)))
    if business and owner:
        result.append(("name", business + "\x00" + owner))
    return result


def _all_keys(rows: Sequence[tuple[Any, Any, Any, Any, Any]]) -> list[list[tuple[str, str]]]:
    """``keys`` of many (nik, nib, phone, business, owner) rows; the names normalised at once."""
    names = norm_all([str(row[3] or "") for row in rows] + [str(row[4] or "") for row in rows])
    count = len(rows)
    return [
        _keys(row[0], row[1], row[2], names[index], names[count + index])
        for index, row in enumerate(rows)
    ]


def find(new: Sequence[Mapping[str, Any]], existing: Sequence[Participant]) -> list[Match]:
    """Every new entry that looks like a registered participant or an earlier new entry."""
    own_keys = _all_keys(
        [
            (v.get("nik"), v.get("nib"), v.get("phone"), v.get("business"), v.get("owner"))
            for v in new
        ]
    )
    seen: dict[tuple[str, str], Participant | int] = dict(
        _registered({key for own in own_keys for key in own}, existing)
    )
    matches: list[Match] = []
    for index, own in enumerate(own_keys):
        hits = [seen[key] for key in own if key in seen]
        if hits:
            target = next((h for h in hits if not isinstance(h, int)), hits[0])
            kinds = tuple(kind for kind, value in own if _same(seen.get((kind, value)), target))
            if isinstance(target, int):
                matches.append(Match(index, None, target, kinds))
            else:
                matches.append(Match(index, target, None, kinds))
        for key in own:
            seen.setdefault(key, index)
    return matches


def _registered(
    wanted: set[tuple[str, str]], existing: Sequence[Participant]
) -> dict[tuple[str, str], Participant]:
    """Each of the ``wanted`` keys that a registered participant has, and the first one that has it.

    Only what the new entries could match is looked at: the NIKs and phones
    as they are, and the owner's name only where the business's name
    matches (the business names are normalised all at once), so that
    checking one new business against 100,000 takes a few hundredths of a second.
    """
    found: dict[tuple[str, str], Participant] = {}
    niks = {value for kind, value in wanted if kind == "nik"}
    nibs = {value for kind, value in wanted if kind == "nib"}
    phones = {value for kind, value in wanted if kind == "phone"}
    names = {value for kind, value in wanted if kind == "name"}
    if niks:
        for participant in existing:
            if participant.nik in niks:
                found.setdefault(("nik", participant.nik), participant)
    if nibs:
        for participant in existing:
            if participant.nib in nibs:
                found.setdefault(("nib", participant.nib), participant)
    if phones:
        for participant in existing:
            if participant.phone in phones:
                found.setdefault(("phone", participant.phone), participant)
    if names:
        businesses = {name.partition("\x00")[0] for name in names}
        normalised = norm_all([participant.business for participant in existing])
        for participant, business in zip(existing, normalised, strict=True):
            if business in businesses:
                key = ("name", business + "\x00" + norm(participant.owner))
                if key[1] in names:
                    found.setdefault(key, participant)
    return found


def _same(a: Participant | int | None, b: Participant | int) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return a is b


def what(kinds: Sequence[str]) -> str:
    """The shared things, in words: ``phone number, NIK``."""
    words = {
        "nik": _("NIK"),
        "nib": _("NIB"),
        "phone": _("phone number"),
        "name": _("business and owner names"),
    }
    return ", ".join(words[kind] for kind in kinds)
