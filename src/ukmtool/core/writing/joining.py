"""The day a registration is dated, and what that day leaves out (rules 2.1).

Only the sessions on or after the day a participant registered count for
them (and those they make up later).  Registering after the first session
is ordinary (a walk-in, a list sent a week late: today is right), but it
leaves sessions out, and registering after a module's last session misses
the module: said at once, with what to do.  Registering after the
programme's end is most likely a list typed in afterwards, dated today by
mistake: refused unless the day is given (:func:`refuse_undated`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from ukmtool.core import rules
from ukmtool.core.models import Module, Participant, Settings
from ukmtool.core.programme import Programme
from ukmtool.errors import UsageError
from ukmtool.i18n import _, ngettext


@dataclass(frozen=True, slots=True)
class LeftOut:
    """What one registration day leaves out for the participants registered on it."""

    day: date
    participants: list[Participant]
    sessions: list[tuple[Module, list[int]]]
    """Each module with sessions dated before ``day``, and their numbers."""
    missed: list[Module]
    """The modules none of whose sessions counts for them: missed."""

    @property
    def count(self) -> int:
        """How many sessions are left out."""
        return sum(len(numbers) for _module, numbers in self.sessions)


def left_out(programme: Programme, added: Sequence[Participant]) -> list[LeftOut]:
    """Per registration day of ``added`` after the programme's first session: what it leaves out.

    In the order the days first come; nothing for a day on or before the
    first session.  Missed modules are the rules' (``rules.missed_modules``).
    """
    days: dict[date, list[Participant]] = {}
    for participant in added:
        days.setdefault(participant.registered, []).append(participant)
    found: list[LeftOut] = []
    for day, people in days.items():
        sessions = [
            (module, sorted(n for n, s in module.sessions.items() if s.date < day))
            for module in programme.modules
        ]
        sessions = [(module, numbers) for module, numbers in sessions if numbers]
        if not sessions:
            continue
        missed = rules.missed_modules(replace(programme, participants=people[:1]))
        found.append(LeftOut(day, people, sessions, [module for _p, module in missed]))
    return found


def refuse_undated(settings: Settings, undated: int, today: date, *, imported: bool) -> None:
    """Refuse ``undated`` entries without a registration day once the programme has ended.

    Today cannot be the day they registered: the list was typed in afterwards.
    """
    if not undated or today <= settings.ends:
        return
    message = _(
        "No registration date: today ({today}) is after the programme ended ({ends}), so it "
        "cannot be the day the business registered. Nothing was registered."
    ).format(today=today.isoformat(), ends=settings.ends.isoformat())
    if imported:
        hint = ngettext(
            "Give the day with --registered YYYY-MM-DD, or a column 'Tanggal daftar' in the "
            "list ({count} row has none).",
            "Give the day with --registered YYYY-MM-DD, or a column 'Tanggal daftar' in the "
            "list ({count} rows have none).",
            undated,
        ).format(count=undated)
    else:
        hint = _("Give the day the business registered with --registered YYYY-MM-DD.")
    raise UsageError(message, hint=hint)
