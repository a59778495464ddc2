"""The completion rules of PRODUCT.md (version 2.1), computed for a participant in a module.

A session is held when its sheet marks at least one id present or late; a
sheet with only excused, sick or absent marks is advance notice (the session
is not held yet; those marks count once it is).  :func:`as_of` gives the
programme as it stood on a day: sessions dated after it are not held, and
participants registered after it are left out.

For participant P in module M, the sessions that count are M's sessions dated
on or after P's registration, and every held session P made up (a ``makeup``
mark on its sheet, whatever its date).  Of those N sessions, T are held; P was
present or late, or made the session up, at A of them.

- required = ceil(N x min_attendance / 100), at least 1 when min_attendance > 0
- completed: A >= required
- failed: not completed, and A + (N - T) < required
- in_progress otherwise; at_risk when in_progress, A + (N - T) == required
  and A < T (P has already missed a held session that counts)
- absent counts every held session that counts where P was marked absent or
  not marked at all
- exempt (rules 2.1): M is in P's ``exempt``; it counts as completed for
  graduation, and P is left out of M's completed/failed/at-risk counts
- missed (rules 2.1): no session of M counts for P (N = 0) and P is not
  exempt: not completed, so P cannot graduate; counted apart from failed.
  A module with no session at all (none written yet; ``ukm check`` errors
  on it) is missed by nobody: in progress for everyone, until its sessions
  are written

A make-up counts as present at its session only once the session is held,
and (with :func:`as_of`) only from the make-up's own day.

A participant's figures depend only on which sessions count for them and how
each held sheet lists them, so participants alike share one
:class:`Standing`: :meth:`ModuleRoll.standings` works out each distinct one
once (a programme of 100,000 participants has a few thousand per module).
A make-up is a letter on the sheet like the others, so it is part of that
key; everyone exempt from a module shares one standing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ukmtool.core.models import ATTENDED, MAKEUP, STATUSES, Module, Participant, Sheet
from ukmtool.core.thresholds import required_sessions

if TYPE_CHECKING:
    from ukmtool.core.programme import Programme

UNMARKED = "unmarked"
"""A held session's sheet does not list the participant (counted as absent)."""

_CODE = {status: ord(status[0]) for status in (*STATUSES, MAKEUP)}
"""One letter per mark on a sheet (present p, late l, excused e, sick s, absent a, make-up m)."""
_NOT_LISTED = ord("u")
_PRESENT, _LATE, _EXCUSED, _SICK, _ABSENT = (_CODE[status] for status in STATUSES)
_MAKEUP = _CODE[MAKEUP]
_STATUS_OF_CODE = {**{code: status for status, code in _CODE.items()}, _NOT_LISTED: UNMARKED}
_MISSED = {code: status not in ATTENDED for code, status in _STATUS_OF_CODE.items()}


class Status(StrEnum):
    """Where a participant stands in a module."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"
    EXEMPT = "exempt"
    """Rules 2.1: the participant is exempt from the module (counts as completed to graduate)."""
    MISSED = "missed"
    """Rules 2.1: no session of the module counts for the participant, who is not exempt."""

    @property
    def passed(self) -> bool:
        """Completed or exempt: what graduating needs of every module."""
        return self is Status.COMPLETED or self is Status.EXEMPT


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
    makeup: int
    """Sessions that count made up (a ``makeup`` mark): each counts as present."""
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

        In date order; present, late, excused, sick, absent, makeup, or unmarked (on no list).
        """
        statuses = map(_STATUS_OF_CODE.__getitem__, self._codes)
        return tuple(zip(self._numbers, statuses, strict=True))

    @property
    def missed(self) -> tuple[int, ...]:
        """Numbers of the held sessions that count and were not attended, in order."""
        return tuple(compress(self._numbers, map(_MISSED.__getitem__, self._codes)))

    @property
    def attended(self) -> int:
        """Present, late or made up."""
        return self.present + self.late + self.makeup

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
        """Failed, missed the module, at risk, or missed the last two sessions."""
        status = self.status
        return (
            status is Status.FAILED
            or status is Status.MISSED
            or self.at_risk
            or self.missed_last_two
        )


@dataclass(slots=True, eq=False)
class ParticipantStanding(Standing):
    """One participant's standing in one module, with the participant and the module."""

    participant: Participant
    module: Module


def _figures(standing: Standing) -> dict[str, Any]:
    """The fields of ``standing`` by name (to build a :class:`ParticipantStanding` from it)."""
    return {f.name: getattr(standing, f.name) for f in fields(Standing)}


EXEMPT = Standing(
    0, 0, 0, 0, 0, 0, 0, 0, 0, Status.EXEMPT, False, False, (), b""
)  # fmt: skip
"""The standing of everyone exempt from a module: nothing counts, nothing is missing."""


class Roster:
    """Participants arranged for :meth:`ModuleRoll.standings` (one roster serves every module)."""

    def __init__(self, participants: Sequence[Participant]) -> None:
        self.participants = participants
        self.ids: list[str] = list(map(attrgetter("id"), participants))
        self.registered: list[date] = list(map(attrgetter("registered"), participants))
        self.position: dict[str, int] = dict(zip(self.ids, range(len(self.ids)), strict=True))
        self.exempt: dict[str, list[int]] = {}
        """Module id -> the positions of the participants exempt from it."""
        for i in compress(range(len(participants)), map(attrgetter("exempt"), participants)):
            for module in participants[i].exempt:
                self.exempt.setdefault(module, []).append(i)


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
        if self.module.id in participant.exempt:
            standing = EXEMPT
        else:
            standing = self.attendance_of(participant, min_attendance)
        return ParticipantStanding(
            **_figures(standing), participant=participant, module=self.module
        )

    def attendance_of(self, participant: Participant, min_attendance: int) -> Standing:
        """The participant's figures from the sheets alone, whether exempt or not."""
        first, skipped = self._first(participant.registered)
        codes = bytes(map(self._letter_of(participant.id), (n for _i, n in self._held)))
        return self._counting(first, skipped, codes, min_attendance)

    def _letter_of(self, pid: str) -> Callable[[int], int]:
        """The letter of ``pid`` on the held sheet of a session number."""

        def letter(number: int) -> int:
            sheet = self.sheets[number]
            found = next((_CODE[s] for s in STATUSES if pid in getattr(sheet, s)), None)
            if found is not None:
                return found
            return _MAKEUP if pid in sheet.makeup else _NOT_LISTED

        return letter

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
            if _MAKEUP in key[1 : 1 + skipped]:  # made up a session from before they registered
                known[key] = self._counting(first, skipped, bytes(key[1:]), min_attendance)
                continue
            codes = bytes(key[1 + skipped :])  # leave out sheets from before they registered
            found = alike.get((first, codes))
            if found is None:
                found = alike[first, codes] = self._standing(first, codes, min_attendance)
            known[key] = found
        result = list(map(known.__getitem__, keys))
        for i in roster.exempt.get(self.module.id, ()):
            result[i] = EXEMPT
        return result

    def made_up(self) -> dict[str, dict[int, date]]:
        """Participant id -> session number -> the day they made it up (held sessions only)."""
        found: dict[str, dict[int, date]] = {}
        for number, sheet in self.sheets.items():
            for pid, day in sheet.makeup.items():
                found.setdefault(pid, {})[number] = day
        return found

    def _counting(self, first: int, skipped: int, codes: bytes, min_attendance: int) -> Standing:
        """The figures of someone whose sessions start at ``first``, made-up ones included.

        ``codes`` holds their letter on every held sheet; of the ``skipped`` held
        sessions dated before they registered, those they made up count too.
        """
        early = [i for i in range(skipped) if codes[i] == _MAKEUP]
        return self._standing(first, codes[skipped:], min_attendance, early)

    @staticmethod
    def _column(sheet: Sheet, roster: Roster) -> bytearray:
        """One letter per participant of ``roster``: how ``sheet`` lists them."""
        column = bytearray([_NOT_LISTED]) * len(roster.ids)
        position = roster.position
        if sheet.makeup:  # a list wins over a make-up (an id on both is an error)
            for pid in sheet.makeup:
                found = position.get(pid)
                if found is not None:
                    column[found] = _MAKEUP
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

    def _standing(
        self, first: int, codes: bytes, min_attendance: int, early: Sequence[int] = ()
    ) -> Standing:
        """The figures of someone for whom the sessions from position ``first`` on count.

        ``codes`` holds their letter at each of those sessions that was held, in date
        order; ``early`` the positions (among the held, in date order) of the sessions
        from before ``first`` they made up, which count too.
        """
        numbers = self.held[len(self.held) - len(codes) :]
        if early:
            numbers = [self.held[i] for i in early] + numbers
            codes = bytes([_MAKEUP]) * len(early) + codes
        sessions = len(self.dates) - first + len(early)
        held = len(codes)
        present = codes.count(_PRESENT)
        late = codes.count(_LATE)
        makeup = codes.count(_MAKEUP)
        attended = present + late + makeup
        required = required_sessions(sessions, min_attendance)
        reachable = attended + (sessions - held)
        if not self.dates:  # no session written yet: nothing missed, nothing failed
            status = Status.IN_PROGRESS
        elif not sessions:
            status = Status.MISSED
        elif attended >= required:
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
            makeup,
            sessions,
            held,
            required,
            status,
            # at_risk: no absence left to spare, and a held session already missed
            status is Status.IN_PROGRESS and reachable == required and attended < held,
            held >= 2 and _MISSED[codes[-1]] and _MISSED[codes[-2]],  # missed_last_two
            numbers,
            codes,
        )


def as_of(programme: Programme, day: date) -> Programme:
    """``programme`` as it stood on ``day``.

    Sessions dated after ``day`` are not held whatever their sheets say (their
    sheets are left out), make-ups dated after it are not made yet, and
    participants registered after ``day`` are left out, as are visits and
    measurements dated after it.
    """
    dates = {m.id: {n: s.date for n, s in m.sessions.items()} for m in programme.modules}
    sheets = {
        module: {
            n: _makeups_until(sheet, day)
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


def _makeups_until(sheet: Sheet, day: date) -> Sheet:
    """``sheet`` without the make-ups dated after ``day``."""
    if not sheet.makeup or all(when <= day for when in sheet.makeup.values()):
        return sheet
    return sheet.model_copy(
        update={"makeup": {pid: when for pid, when in sheet.makeup.items() if when <= day}}
    )


def completed_on(
    standing: Standing,
    module: Module,
    registered: date,
    made_up: dict[int, date] | None = None,
) -> date | None:
    """The day ``standing`` reached the required attendance in ``module`` (None: not completed).

    The day the participant's attendance reached the required number: each
    session attended counts from its date, each made up from the make-up's day
    (``made_up``: session number -> day, the participant's own); the
    registration date when nothing is required, or when exempt.
    """
    if standing.status is Status.EXEMPT:
        return registered
    if standing.status is not Status.COMPLETED:
        return None
    if standing.required == 0:
        return registered
    sessions = module.sessions
    days = sorted(
        made_up[number] if code == _MAKEUP and made_up else sessions[number].date
        for number, code in zip(standing._numbers, standing._codes, strict=True)
        if code in (_PRESENT, _LATE, _MAKEUP)
    )
    return days[standing.required - 1]


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
        made_up = roll.made_up()
        days: dict[tuple[int, date], date | None] = {}
        for i, (who, standing) in enumerate(zip(programme.participants, standings, strict=True)):
            so_far = latest[i]
            if so_far is None:
                continue
            if made_up and who.id in made_up:  # make-up days are the participant's own
                day = completed_on(standing, module, who.registered, made_up[who.id])
            else:
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
    """Whether every module in ``standings`` (one participant's) is completed or exempt."""
    return all(p.status.passed for p in standings)


def missed_modules(programme: Programme) -> list[tuple[Participant, Module]]:
    """Each participant and module none of whose sessions counts for them (rules 2.1: missed).

    Every session of the module is dated before they registered, they made
    none of them up, and they are not exempt from it; in the file's order.
    Make-ups count only on held sheets, as in the figures.
    """
    found: list[tuple[Participant, Module]] = []
    for module in programme.modules:
        if not module.sessions:
            continue
        last = max(session.date for session in module.sessions.values())
        late = [p for p in programme.participants if p.registered > last]
        if not late:
            continue
        made_up = ModuleRoll(module, programme.sheets.get(module.id, {})).made_up()
        found += [(p, module) for p in late if module.id not in p.exempt and p.id not in made_up]
    order = {id(p): i for i, p in enumerate(programme.participants)}
    found.sort(key=lambda pair: order[id(pair[0])])
    return found


def completed_anyway(programme: Programme) -> list[tuple[Participant, Module, Standing]]:
    """Each participant exempt from a module they completed all the same, with their figures.

    Participant by participant, in the file's order: the exemption is not
    needed, and it hides the completion from the module's counts.
    """
    exempt = [p for p in programme.participants if p.exempt]
    found: list[tuple[Participant, Module, Standing]] = []
    rolls: dict[str, ModuleRoll] = {}
    for participant in exempt:
        for module_id in participant.exempt:
            module = programme.modules_by_id.get(module_id)
            if module is None:
                continue
            roll = rolls.get(module_id)
            if roll is None:
                roll = rolls[module_id] = ModuleRoll(module, programme.sheets.get(module_id, {}))
            standing = roll.attendance_of(participant, programme.min_attendance(module))
            if standing.status is Status.COMPLETED and standing.attended:
                found.append((participant, module, standing))
    return found
