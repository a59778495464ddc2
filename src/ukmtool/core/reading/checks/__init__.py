"""The checks that need more than one entry or file: a list of functions, run in order.

Each check is ``check(given, out) -> None`` (:data:`given.Check`): it reads the
programme as validated and the files as written (:class:`given.Given`) and
records diagnostics in ``out``; none raises.  A new check is one function
added to :data:`CHECKS`.
"""

from __future__ import annotations

from ukmtool.core.reading.checks import (
    certificates,
    entries,
    indicators,
    programmes,
    scores,
    visits,
)
from ukmtool.core.reading.checks.given import Check, Given, Sources
from ukmtool.diagnostics import Collector

__all__ = ["CHECKS", "Check", "Given", "Sources", "run"]

CHECKS: tuple[Check, ...] = (
    entries.check_program,
    programmes.check_district_codes,
    entries.check_module_ids,
    entries.check_module_dates,
    entries.check_thresholds,
    visits.check_practice_ids,
    entries.check_participant_ids,
    entries.check_lists,
    entries.check_sheets,
    visits.check_visit_names,
    visits.check_days,
    indicators.check_measurements,
    certificates.check_certificates,
    scores.check_scores,
)


def run(given: Given, out: Collector) -> None:
    """Run every check of :data:`CHECKS` on what was loaded."""
    for check in CHECKS:
        check(given, out)
