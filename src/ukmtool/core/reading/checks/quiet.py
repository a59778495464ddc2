"""Whether a check would find nothing, told from the validated models alone (no lines needed).

The load cache (``core/reading/units``) runs a check again when a file it
reads changed.  The check itself needs the file's located source (for the
lines of its problems), so it needs the file parsed; but most of the time it
finds nothing.  Each function here answers, from the models the cache holds,
exactly that: True only when the check would record nothing.  When it says
False the check runs on the parsed file and words every problem.

They are asked only about files that loaded without a problem of their own,
so every entry written in the file is an entry validated, each value read
as the check reads it (a stripped id, a date, a number).  The tests compare
every cached load with a load from scratch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core import certificate_numbers, fields
from ukmtool.core.models import STATUSES, Sheet
from ukmtool.core.reading.checks.given import Given
from ukmtool.core.values import places


@dataclass(frozen=True, slots=True)
class Subject:
    """What one run of a check looks at: a list file's entries, or one sheet of a module."""

    path: Path
    entries: Sequence[Any] = ()
    """The list file's entries as validated, in the file's order."""
    module: str = ""
    """An attendance sheet's module id (its file's name)."""
    number: int = 0
    """An attendance sheet's session number."""
    sheet: Sheet | None = None
    """An attendance sheet as validated (None: it did not validate)."""


Quiet = Callable[[Given, Subject, dict[Any, Any]], bool]
"""Whether the check finds nothing in ``subject``; the dict is shared by one load's questions."""


def participant_ids(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_participant_ids``: no id twice, ignoring case."""
    keys = [p.id.casefold() for p in subject.entries]
    return len(set(keys)) == len(keys)


def lists(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_lists``: every district and sector one of program.yaml's (or read as one)."""
    settings = given.settings
    if settings is None:
        return False
    readers: tuple[tuple[str, Sequence[str], Callable[[str], str]], ...] = (
        ("district", settings.districts, lambda v: places.district(v, settings.districts)),
        (
            "sector",
            settings.sectors,
            lambda v: places.sector(v, settings.sectors, settings.sector_names),
        ),
    )
    for name, listed, read in readers:
        for value in {getattr(p, name) for p in subject.entries}:
            if value in listed:
                continue
            try:
                read(value)
            except fields.ValueProblem:
                return False
    return True


def registered(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_registered``: nobody registered after the programme's end."""
    settings = given.settings
    if settings is None or settings.starts > settings.ends:
        return True
    return all(p.registered <= settings.ends for p in subject.entries)


def exemptions(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_exemptions``: every module a participant is exempt from is a module."""
    known = given.modules_by_id
    return all(module in known for p in subject.entries for module in p.exempt)


def sheet(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_sheets`` of one sheet: a session of its module, ids registered by then, once each."""
    module = given.modules_by_id.get(subject.module)
    found = subject.sheet
    if module is None or found is None or subject.number not in module.sessions:
        return False
    if getattr(found, "makeup", None):  # make-ups (format 1.2): let the check look closely
        return False
    marked = [pid for status in STATUSES for pid in getattr(found, status)]
    unique = set(marked)
    if len(unique) != len(marked) or not unique.issubset(given.participants_by_id):
        return False
    return unique.isdisjoint(_registered_after(given, module.sessions[subject.number].date, memo))


def _registered_after(given: Given, day: date, memo: dict[Any, Any]) -> frozenset[str]:
    """Ids registered after ``day`` (the participants sorted once per load)."""
    from bisect import bisect_right

    order = memo.get("by registration")
    if order is None:
        pairs = sorted(
            ((p.registered, pid) for pid, p in given.participants_by_id.items()),
            key=lambda pair: pair[0],
        )
        order = memo["by registration"] = ([d for d, _p in pairs], [p for _d, p in pairs])
    days, ids = order
    found: frozenset[str] | None = memo.get(("after", day))
    if found is None:
        found = memo[("after", day)] = frozenset(ids[bisect_right(days, day) :])
    return found


def visit_names(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_visit_names``: registered by the visit, known modules and practices."""
    registered = given.participants_by_id
    modules = set(given.modules_by_id)
    practices = {p for m in given.modules for p in m.practices}
    for visit in subject.entries:
        participant = registered.get(visit.participant)
        if participant is None or visit.date < participant.registered:
            return False
        if not modules.issuperset(visit.modules) or not practices.issuperset(visit.practices):
            return False
    return True


def days(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_days``: within the programme, one visit a day, none over a day long."""
    from ukmtool.core.reading.checks.visits import MAX_HOURS

    settings = given.settings
    dated = settings is not None and settings.starts <= settings.ends
    seen: set[tuple[str, date]] = set()
    for visit in subject.entries:
        key = (visit.participant, visit.date)
        if key in seen or visit.hours > MAX_HOURS:
            return False
        seen.add(key)
        if dated and settings is not None and not settings.starts <= visit.date <= settings.ends:
            return False
    return True


def measurements(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_measurements``: registered by then, one a day, each holding a figure."""
    from ukmtool.core.reading.checks.indicators import FIGURES

    registered = given.participants_by_id
    seen: set[tuple[str, date]] = set()
    for measured in subject.entries:
        participant = registered.get(measured.participant)
        if participant is None or measured.date < participant.registered:
            return False
        key = (measured.participant, measured.date)
        if key in seen or all(getattr(measured, name) is None for name in FIGURES):
            return False
        seen.add(key)
    return True


def certificates(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_certificates``: each number once, each holder registered, revoked after issued."""
    registered = given.participants_by_id
    seen: set[str] = set()
    for certificate in subject.entries:
        key = certificate_numbers.key(certificate.number)
        if key in seen or certificate.participant not in registered:
            return False
        seen.add(key)
        revoked = certificate.revoked
        if revoked is not None and revoked.date < certificate.issued:
            return False
    return True


def scores(given: Given, subject: Subject, memo: dict[Any, Any]) -> bool:
    """``check_scores``: registered, a known module, once each, a score, no exemption."""
    registered = given.participants_by_id
    modules = given.modules_by_id
    seen: set[tuple[str, str]] = set()
    for entry in subject.entries:
        participant = registered.get(entry.participant)
        key = (entry.participant, entry.module)
        if participant is None or entry.module not in modules or key in seen:
            return False
        if (entry.pre is None and entry.post is None) or entry.module in participant.exempt:
            return False
        seen.add(key)
    return True
