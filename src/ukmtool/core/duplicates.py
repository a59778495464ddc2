"""Likely duplicates: the same phone, the same NIK, or the same business and owner.

Names are compared with case, spaces and punctuation ignored (``fields.norm``),
so ``Batik Sekar Jati`` / ``BATIK SEKAR-JATI`` match.  New entries are compared
with those already registered and with the entries before them in the same
batch (a spreadsheet that lists a business twice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ukmtool.core.fields import norm
from ukmtool.core.models import Participant
from ukmtool.i18n import _

KINDS: tuple[str, ...] = ("nik", "phone", "name")
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
    result: list[tuple[str, str]] = []
    nik, phone = values.get("nik"), values.get("phone")
    if nik:
        result.append(("nik", str(nik)))
    if phone:
        result.append(("phone", str(phone)))
    business, owner = norm(str(values.get("business") or "")), norm(str(values.get("owner") or ""))
    if business and owner:
        result.append(("name", business + "\x00" + owner))
    return result


def find(new: Sequence[Mapping[str, Any]], existing: Sequence[Participant]) -> list[Match]:
    """Every new entry that looks like a registered participant or an earlier new entry."""
    seen: dict[tuple[str, str], Participant | int] = {}
    for participant in existing:
        shown = {
            "nik": participant.nik,
            "phone": participant.phone,
            "business": participant.business,
            "owner": participant.owner,
        }
        for key in keys(shown):
            seen.setdefault(key, participant)
    matches: list[Match] = []
    for index, values in enumerate(new):
        own = keys(values)
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


def _same(a: Participant | int | None, b: Participant | int) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return a is b


def what(kinds: Sequence[str]) -> str:
    """The shared things, in words: ``phone number, NIK``."""
    words = {
        "nik": _("NIK"),
        "phone": _("phone number"),
        "name": _("business and owner names"),
    }
    return ", ".join(words[kind] for kind in kinds)
