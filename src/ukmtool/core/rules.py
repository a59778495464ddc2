"""The completion rules of PRODUCT.md (version 2), computed for a participant in a module.

A session is held when its sheet marks at least one id present or late; a
sheet with only excused, sick or absent marks is advance notice (the session
is not held yet; those marks count once it is).  :func:`as_of` gives the
programme as it stood on a day: sessions dated after it are not held, and
participants registered after it are left out.

For participant P in module M, the sessions that count are M's sessions dated
on or after P's registration.  Of those N sessions, T are held; P was present
or late at A of them.

- required = ceil(N x min_attendance / 100), at least 1 when min_attendance > 0
- completed: A >= required
- failed: not completed, and A + (N - T) < required
- in_progress otherwise; at_risk when in_progress, A + (N - T) == required
  and A < T (P has already missed a held session that counts)
- absent counts every held session that counts where P was marked absent or
  not marked at all

A participant's figures depend only on which sessions count for them and how
each held sheet lists them, so participants alike share one
:class:`Standing`: :meth:`ModuleRoll.standings` works out each distinct one
once (a programme of 100,000 participants has a few thousand per module).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ukmtool.core.models import ATTENDED, STATUSES, Module, Participant, Sheet
from ukmtool.core.thresholds import required_sessions

if TYPE_CHECKING:
    from ukmtool.core.programme import Programme

UNMARKED = "unmarked"
"""A held session's sheet does not list the participant (counted as absent)."""

_CODE = {status: ord(status[0]) for status in STATUSES}
"""One letter per status on a sheet (present p, late l, excused e, sick s, absent a)."""
_NOT_LISTED = ord("u")
_PRESENT, _LATE, _EXCUSED, _SICK, _ABSENT = (_CODE[status] for status in STATUSES)
_STATUS_OF_CODE = {**{code: status for status, code in _CODE.items()}, _NOT_LISTED: UNMARKED}
_MISSED = {code: status not in ATTENDED for code, status in _STATUS_OF_CODE.items()}


class Status(StrEnum):
    """Where a participant stands in a module."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"


@dataclass(slots=True, eq=False)
class Standing:
    """The figures of one participant in one module.

    Participants alike share one object (see :meth:`ModuleRoll.standings`), so
    nothing changes one once made; it is not frozen only because a frozen
    dataclass takes four times as long to make.
    """

    present: int
    late: int
    excused: int
    sick: int
    absent: int
    sessions: int
    held: int
    required: int
    status: Status
    at_risk: bool
    missed_last_two: bool
    """The last two held sessions that count were both missed."""
    _numbers: Sequence[int]
    """The numbers of the held sessions that count, in date order."""
    _codes: bytes
    """The participant's letter on each of their sheets (see ``_CODE``)."""

    @property
    def marks(self) -> tuple[tuple[int, str], ...]:
        """(number, how its sheet lists the participant) of each held session that counts.

        In date order; present, late, excused, sick, absent, or unmarked (on no list).
        """
        statuses = map(_STATUS_OF_CODE.__getitem__, self._codes)
        return tuple(zip(self._numbers, statuses, strict=True))

    @property
    def missed(self) -> tuple[int, ...]:
        """Numbers of the held sessions that count and were not attended, in order."""
        return tuple(compress(self._numbers, map(_MISSED.__getitem__, self._codes)))

    @property
    def attended(self) -> int:
        """Present or late."""
        return self.present + self.late

    @property
    def remaining(self) -> int:
        """Sessions that count and are not held yet."""
        return self.sessions - self.held

    @property
    def to_date(self) -> float | None:
        """Attended / held, or None when nothing was held."""
        return self.attended / self.held if self.held else None

    @property
    def overall(self) -> float | None:
        """Attended / planned (the sessions that count)."""
        return self.attended / self.sessions if self.sessions else None

    @property
    def best_possible(self) -> float | None:
        """(attended + not yet held) / planned."""
        return (self.attended + self.remaining) / self.sessions if self.sessions else None

    @property
    def needs_attention(self) -> bool:
        """Failed, at risk, or missed the last two sessions."""
        return self.status is Status.FAILED or self.at_risk or self.missed_last_two


@dataclass(slots=True, eq=False)
class ParticipantStanding(Standing):
    """One participant's standing in one module, with the participant and the module."""

    participant: Participant
    module: Module


def _figures(standing: Standing) -> dict[str, Any]:
    """The fields of ``standing`` by name (to build a :class:`ParticipantStanding` from it)."""
    return {f.name: getattr(standing, f.name) for f in fields(Standing)}


class Roster:
    """Participants arranged for :meth:`ModuleRoll.standings` (one roster serves every module)."""

    def __init__(self, participants: Sequence[Participant]) -> None:
        self.participants = participants
        self.ids: list[str] = list(map(attrgetter("id"), participants))
        self.registered: list[date] = list(map(attrgetter("registered"), participants))
        self.position: dict[str, int] = dict(zip(self.ids, range(len(self.ids)), strict=True))


class ModuleRoll:
    """A module's sheets arranged for the rules: sessions in date order, the held ones."""

    def __init__(self, module: Module, sheets: dict[int, Sheet]) -> None:
        self.module = module
        self.dates: list[tuple[int, date]] = sorted(
            ((n, s.date) for n, s in module.sessions.items()), key=lambda x: (x[1], x[0])
        )
        self.sheets: dict[int, Sheet] = {
            n: sheet for n, sheet in sheets.items() if n in module.sessions and sheet.held
        }
        """The sheets of the held sessions."""
        self.advance: dict[int, Sheet] = {
            n: sheet for n, sheet in sheets.items() if n in module.sessions and not sheet.held
        }
        """The sheets of sessions not held yet: marks given in advance (excused, sick, absent)."""
        self._days = [day for _n, day in self.dates]
        self._held = [(i, n) for i, (n, _day) in enumerate(self.dates) if n in self.sheets]
        """(position in date order, number) of each held session, in date order."""
        self.held: list[int] = [n for _i, n in self._held]
        """Numbers of the held sessions, in date order."""

    def standing_of(self, participant: Participant, min_attendance: int) -> ParticipantStanding:
        """Apply the rules to one participant."""
        pid = participant.id
        first, skipped = self._first(participant.registered)
        codes = bytes(
            next((_CODE[s] for s in STATUSES if pid in getattr(self.sheets[n], s)), _NOT_LISTED)
            for _i, n in self._held[skipped:]
        )
        standing = self._standing(first, codes, min_attendance)
        return ParticipantStanding(
            **_figures(standing), participant=participant, module=self.module
        )

    def standings(self, roster: Roster, min_attendance: int) -> list[Standing]:
        """Every participant's standing, in order; participants alike share one object."""
        starts = {day: self._first(day) for day in set(roster.registered)}
        columns = [self._column(self.sheets[n], roster) for _i, n in self._held]
        # One key per participant: where their sessions start, and their letter on every sheet.
        keys = list(zip(map(starts.__getitem__, roster.registered), *columns, strict=True))
        alike: dict[tuple[int, bytes], Standing] = {}
        known: dict[tuple[Any, ...], Standing] = {}
        for key in set(keys):
            first, skipped = key[0]
            if not skipped:
                known[key] = self._standing(first, bytes(key[1:]), min_attendance)
                continue
            codes = bytes(key[1 + skipped :])  # leave out sheets from before they registered
            found = alike.get((first, codes))
            if found is None:
                found = alike[first, codes] = self._standing(first, codes, min_attendance)
            known[key] = found
        return list(map(known.__getitem__, keys))

    @staticmethod
    def _column(sheet: Sheet, roster: Roster) -> bytearray:
        """One letter per participant of ``roster``: how ``sheet`` lists them."""
        column = bytearray([_NOT_LISTED]) * len(roster.ids)
        position = roster.position
        for status in reversed(STATUSES):  # the first list wins
            code = _CODE[status]
            listed = getattr(sheet, status)
            try:
                for i in map(position.__getitem__, listed):
                    column[i] = code
            except KeyError:  # someone the roster leaves out
                for pid in listed:
                    found = position.get(pid)
                    if found is not None:
                        column[found] = code
        return column

    def _first(self, registered: date) -> tuple[int, int]:
        """How many sessions, and how many held ones, are dated before ``registered``."""
        first = bisect_left(self._days, registered)
        return first, sum(1 for position, _n in self._held if position < first)

    def _standing(self, first: int, codes: bytes, min_attendance: int) -> Standing:
        """The figures of someone for whom the sessions from position ``first`` on count.

        ``codes`` holds their letter at each of those sessions that was held, in date order.
        """
        sessions = len(self.dates) - first
        held = len(codes)
        present = codes.count(_PRESENT)
        late = codes.count(_LATE)
        attended = present + late
        required = required_sessions(sessions, min_attendance)
        reachable = attended + (sessions - held)
        if attended >= required:
            status = Status.COMPLETED
        elif reachable < required:
            status = Status.FAILED
        else:
            status = Status.IN_PROGRESS
        return Standing(  # by position (in the order of the fields): keywords cost a third more
            present,
            late,
            codes.count(_EXCUSED),
            codes.count(_SICK),
            codes.count(_ABSENT) + codes.count(_NOT_LISTED),
            sessions,
            held,
            required,
            status,
            # at_risk: no absence left to spare, and a held session already missed
            status is Status.IN_PROGRESS and reachable == required and attended < held,
            held >= 2 and _MISSED[codes[-1]] and _MISSED[codes[-2]],  # missed_last_two
            self.held[len(self.held) - held :],
            codes,
        )


def as_of(programme: Programme, day: date) -> Programme:
    """``programme`` as it stood on ``day``.

    Sessions dated after ``day`` are not held whatever their sheets say (their
    sheets are left out), and participants registered after ``day`` are left out,
    as are visits and measurements dated after it.
    """
    dates = {m.id: {n: s.date for n, s in m.sessions.items()} for m in programme.modules}
    sheets = {
        module: {
            n: sheet
            for n, sheet in by_number.items()
            if n in dates.get(module, {}) and dates[module][n] <= day
        }
        for module, by_number in programme.sheets.items()
    }
    participants = [p for p in programme.participants if p.registered <= day]
    return replace(
        programme,
        participants=participants,
        sheets=sheets,
        visits=[v for v in programme.visits if v.date <= day],
        indicators=[m for m in programme.indicators if m.date <= day],
    )


def completed_on(standing: Standing, module: Module, registered: date) -> date | None:
    """The day ``standing`` reached the required attendance in ``module`` (None: not completed).

    The date of the held session at which the participant's attendance reached
    the required number; the registration date when nothing is required.
    """
    if standing.status is not Status.COMPLETED:
        return None
    if standing.required == 0:
        return registered
    seen = 0
    for number, code in zip(standing._numbers, standing._codes, strict=True):
        seen += code in (_PRESENT, _LATE)
        if seen == standing.required:
            return module.sessions[number].date
    return None  # pragma: no cover - completed means enough attended sessions


@dataclass(frozen=True, slots=True)
class Graduate:
    """A participant who completed every module, and the day they completed the last one."""

    participant: Participant
    completed: date


def graduates(programme: Programme) -> list[Graduate]:
    """Every participant who completed every module, in the file's order.

    ``completed`` is the latest of the days they completed each module (see
    :func:`completed_on`).  A programme with no module has no graduate.
    """
    if not programme.modules:
        return []
    roster = Roster(programme.participants)
    latest: list[date | None] = [date.min] * len(programme.participants)
    for module in programme.modules:
        roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
        standings = roll.standings(roster, programme.min_attendance(module))
        days: dict[tuple[int, date], date | None] = {}
        for i, (who, standing) in enumerate(zip(programme.participants, standings, strict=True)):
            so_far = latest[i]
            if so_far is None:
                continue
            key = (id(standing), who.registered)
            if key not in days:
                days[key] = completed_on(standing, module, who.registered)
            day = days[key]
            latest[i] = None if day is None else max(so_far, day)
    return [
        Graduate(who, day)
        for who, day in zip(programme.participants, latest, strict=True)
        if day is not None
    ]


def graduated(standings: Iterable[Standing]) -> bool:
    """Whether every module in ``standings`` (one participant's) is completed."""
    return all(p.status is Status.COMPLETED for p in standings)
