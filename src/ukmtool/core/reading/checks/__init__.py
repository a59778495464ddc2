"""The checks that need more than one entry or file: a list of functions, run in order.

Each check is ``check(given, out) -> None`` (:data:`given.Check`): it reads the
programme as validated and the files as written (:class:`given.Given`) and
records diagnostics in ``out``; none raises.  A new check is one function
added to :data:`CHECKS`, and one row of :data:`READS`: which file's lines its
problems name (its subject) and what else it reads, so that the load cache
runs it again exactly when one of those changed (``core/reading/units``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from ukmtool.core.reading.checks import (
    certificates,
    entries,
    indicators,
    makeups,
    programmes,
    quiet,
    scores,
    visits,
)
from ukmtool.core.reading.checks.given import Check, Given, Sources
from ukmtool.diagnostics import Collector

__all__ = ["CHECKS", "READS", "Check", "Given", "Reads", "Sources", "run"]

CHECKS: tuple[Check, ...] = (
    entries.check_program,
    programmes.check_district_codes,
    entries.check_module_ids,
    entries.check_module_dates,
    entries.check_thresholds,
    visits.check_practice_ids,
    entries.check_participant_ids,
    entries.check_lists,
    entries.check_registered,
    makeups.check_exemptions,
    entries.check_sheets,
    visits.check_visit_names,
    visits.check_days,
    indicators.check_measurements,
    certificates.check_certificates,
    scores.check_scores,
)

SETTINGS = "settings"
"""The subject of the checks of ``program.yaml`` and ``modules.yaml`` (read together)."""
SHEETS = "sheets"
"""The subject of the checks of an attendance file: one sheet at a time."""


@dataclass(frozen=True, slots=True)
class Reads:
    """What a check reads, so that the load cache knows when to run it again.

    ``subject``: the file whose lines its problems name, and which it reads
    through ``given.sources`` (:data:`SETTINGS`, :data:`SHEETS`, or a list
    file's field of :class:`Sources`: ``participants``, ``visits``, ...); it
    runs on one file (for :data:`SHEETS`: on a root holding one sheet) with
    the other files' sources left out, but for those of program.yaml and
    modules.yaml when they have problems of their own (the source of a file
    without any says nothing its models do not, ``listed_*`` aside).
    ``program``, ``modules``: it reads those files (settings, models or lines).
    ``people``: who is registered and since when (``participants_by_id``,
    ``listed_participants``, ``unregistered``); nothing else of participants.yaml.
    ``exemptions``: who is exempt from which module (``Participant.exempt``),
    beside ``people``: a change of any exemption runs it again.
    ``grows``: its problems stay what they were when participants are only
    appended (it asks of each id it meets whether it is registered, and
    registered by some day, through ``given.unregistered``; an id found
    unregistered ends that).
    ``quiet``: an exact test, from the validated models alone, that it finds
    nothing (``checks.quiet``); without one, a change runs the check itself.
    ``entrywise`` (a list file's check): what it finds in an entry depends on
    that entry alone (and the other files), but for entries that repeat one
    another by ``repeats`` (a function of an entry's model): so when entries
    are only appended, it runs on the new ones alone, unless one repeats an
    old one.  It reads the subject's entries from ``given.sources`` (and, for
    participants.yaml, from ``given.participants``).
    """

    subject: str
    program: bool = False
    modules: bool = False
    people: bool = False
    exemptions: bool = False
    grows: bool = False
    quiet: quiet.Quiet | None = None
    entrywise: bool = False
    repeats: Callable[[Any], Hashable] | None = None


def _id(participant: Any) -> Hashable:
    return str(participant.id).casefold()


def _day(entry: Any) -> Hashable:
    return (str(entry.participant), entry.date)


def _pair(score: Any) -> Hashable:
    return (str(score.participant), str(score.module))


def _number(certificate: Any) -> Hashable:
    from ukmtool.core import certificate_numbers

    return str(certificate_numbers.key(certificate.number))


READS: dict[Check, Reads] = {
    entries.check_program: Reads(SETTINGS, program=True, modules=True),
    programmes.check_district_codes: Reads(SETTINGS, program=True),
    entries.check_module_ids: Reads(SETTINGS, program=True, modules=True),
    entries.check_module_dates: Reads(SETTINGS, program=True, modules=True),
    entries.check_thresholds: Reads(SETTINGS, program=True, modules=True),
    visits.check_practice_ids: Reads(SETTINGS, program=True, modules=True),
    entries.check_participant_ids: Reads(
        "participants", quiet=quiet.participant_ids, entrywise=True, repeats=_id
    ),
    entries.check_lists: Reads("participants", program=True, quiet=quiet.lists, entrywise=True),
    entries.check_registered: Reads(
        "participants", program=True, quiet=quiet.registered, entrywise=True, repeats=_id
    ),
    makeups.check_exemptions: Reads(
        "participants", modules=True, quiet=quiet.exemptions, entrywise=True
    ),
    entries.check_sheets: Reads(SHEETS, modules=True, people=True, grows=True, quiet=quiet.sheet),
    visits.check_visit_names: Reads(
        "visits", modules=True, people=True, grows=True, quiet=quiet.visit_names, entrywise=True
    ),
    visits.check_days: Reads(
        "visits", program=True, quiet=quiet.days, entrywise=True, repeats=_day
    ),
    indicators.check_measurements: Reads(
        "indicators",
        people=True,
        grows=True,
        quiet=quiet.measurements,
        entrywise=True,
        repeats=_day,
    ),
    certificates.check_certificates: Reads(
        "certificates",
        people=True,
        grows=True,
        quiet=quiet.certificates,
        entrywise=True,
        repeats=_number,
    ),
    scores.check_scores: Reads(
        "scores",
        modules=True,
        people=True,
        exemptions=True,
        grows=True,
        quiet=quiet.scores,
        entrywise=True,
        repeats=_pair,
    ),
}


def run(given: Given, out: Collector, only: tuple[Check, ...] = CHECKS) -> None:
    """Run every check of :data:`CHECKS` (or ``only`` these, in order) on what was loaded."""
    for check in only:
        check(given, out)
