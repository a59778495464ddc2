"""One business across programmes: which entries of several folders are the same business.

Two entries (of any programmes) are the same business when they share, in
this order of trust:

1. the owner's NIK;
2. else the business's NIB (format 1.2, when entries hold one);
3. else the phone number, with owner names that are alike (case, spaces,
   punctuation and titles aside, one name within the other, or nearly the
   same spelling).

Entries are joined step by step, the surest links first, and a join that
would put two different NIKs in one business is never made (however the
other links run).  Each entry of a business says what tied it to the others
(``nik``, ``nib`` or ``phone``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ukmtool.core.fields import norm
from ukmtool.core.models import Participant
from ukmtool.core.programme import Loaded

KEYS: tuple[str, ...] = ("nik", "nib", "phone")
"""What ties two entries, surest first."""

_TITLES = frozenset({"h", "hj", "haji", "hajah", "bu", "ibu", "pak", "bapak", "sdr", "sdri", "ir"})
SIMILAR = 0.85
"""Owner names at least this alike (``difflib`` ratio, normalised) are the same person's."""
SHARED_PHONE = 50
"""A phone number given by more entries than this ties none of them (an office's number)."""


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One participant of one programme: the ``index`` of the programme among those given."""

    index: int
    loaded: Loaded
    participant: Participant


@dataclass(frozen=True, slots=True)
class Member:
    """An entry of a business, and what tied it to the others (None: it stands alone)."""

    entry: Entry
    matched_by: str | None


@dataclass(frozen=True, slots=True)
class Business:
    """Entries that are one business, in the order of the programmes given."""

    members: tuple[Member, ...]

    @property
    def programmes(self) -> int:
        """In how many of the programmes it took part."""
        return len({m.entry.index for m in self.members})


def nib_of(participant: Participant) -> str | None:
    """The NIB of an entry (format 1.2, optional), or None."""
    return participant.nib or None


def owner_key(name: str) -> str:
    """An owner's name for comparing: words normalised, titles (Hj., Bu, Pak) left out."""
    words = [norm(word) for word in name.replace(".", " ").split()]
    return " ".join(word for word in words if word and word not in _TITLES)


def alike(one: str, other: str) -> bool:
    """Whether two owner names (as ``owner_key`` gives them) are the same person's."""
    if not one or not other:
        return False
    if one == other:
        return True
    shorter, longer = sorted((one.split(), other.split()), key=len)
    if len(shorter) >= 2 and all(word in longer for word in shorter):
        return True
    return SequenceMatcher(None, one.replace(" ", ""), other.replace(" ", "")).ratio() >= SIMILAR


def entries(loaded: Sequence[Loaded]) -> list[Entry]:
    """Every participant of every programme, in order."""
    return [
        Entry(index, one, participant)
        for index, one in enumerate(loaded)
        for participant in one.programme.participants
    ]


class _Groups:
    """Union-find over entries, keeping each group's NIKs so that two never meet."""

    def __init__(self, everyone: Sequence[Entry]) -> None:
        self.parent = list(range(len(everyone)))
        self.niks: list[set[str]] = [
            {e.participant.nik} if e.participant.nik else set() for e in everyone
        ]
        self.how: list[str | None] = [None] * len(everyone)

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, how: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            self._note(a, b, how)
            return
        if self.niks[ra] and self.niks[rb] and self.niks[ra] != self.niks[rb]:
            return  # two different NIKs: never one business
        self.parent[rb] = ra
        self.niks[ra] |= self.niks[rb]
        self._note(a, b, how)

    def _note(self, a: int, b: int, how: str) -> None:
        for i in (a, b):
            if self.how[i] is None or KEYS.index(how) < KEYS.index(self.how[i] or how):
                self.how[i] = how


def businesses(everyone: Sequence[Entry]) -> list[Business]:
    """The entries grouped into businesses, in the order of each business's first entry."""
    groups = _Groups(everyone)
    for key in ("nik", "nib"):
        first: dict[str, int] = {}
        for i, entry in enumerate(everyone):
            value = entry.participant.nik if key == "nik" else nib_of(entry.participant)
            if not value:
                continue
            if value in first:
                groups.join(first[value], i, key)
            else:
                first[value] = i
    by_phone: dict[str, list[int]] = {}
    for i, entry in enumerate(everyone):
        if entry.participant.phone:
            by_phone.setdefault(entry.participant.phone, []).append(i)
    for sharing in by_phone.values():
        if len(sharing) > SHARED_PHONE:
            continue  # an office's or a facilitator's number: it says nothing of who is who
        names = [owner_key(everyone[i].participant.owner) for i in sharing]
        for x in range(len(sharing)):
            for y in range(x + 1, len(sharing)):
                if alike(names[x], names[y]):
                    groups.join(sharing[x], sharing[y], "phone")
    members: dict[int, list[Member]] = {}
    for i, entry in enumerate(everyone):
        members.setdefault(groups.root(i), []).append(Member(entry, groups.how[i]))
    return [Business(tuple(found)) for found in members.values()]


def returning(everyone: Sequence[Entry]) -> list[Business]:
    """The businesses that took part in more than one of the programmes."""
    return [b for b in businesses(everyone) if b.programmes > 1]


class Index:
    """Entries of earlier programmes, looked up by NIK, NIB and phone."""

    def __init__(self, earlier: Iterable[Entry]) -> None:
        self.by: dict[str, dict[str, list[Entry]]] = {key: {} for key in KEYS}
        for entry in earlier:
            p = entry.participant
            for key, value in (("nik", p.nik), ("nib", nib_of(p)), ("phone", p.phone)):
                if value:
                    self.by[key].setdefault(value, []).append(entry)

    def matches(self, new: Participant) -> list[Member]:
        """The entries that are ``new``'s business, each with what tied it (surest first).

        An entry with another NIK than ``new``'s never matches.
        """
        found: dict[int, Member] = {}
        owner = owner_key(new.owner)
        for key, value in (("nik", new.nik), ("nib", nib_of(new)), ("phone", new.phone)):
            for entry in self.by[key].get(value or "", ()) if value else ():
                other = entry.participant
                if id(entry) in found or (new.nik and other.nik and other.nik != new.nik):
                    continue
                if key == "phone" and not alike(owner, owner_key(other.owner)):
                    continue
                found[id(entry)] = Member(entry, key)
        return list(found.values())
