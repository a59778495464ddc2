"""Whole-list shortcuts for the loader and the cross-checks of large programmes.

A 100,000-person programme has millions of ids on its attendance sheets.
Checking them one by one in Python (a validator call, a dictionary lookup and
a line number each) takes longer than reading the files.  Each function here
checks a whole list at once with C-speed operations (one regular expression
over the joined ids, set operations) and either returns exactly what the
general code would return, or None when anything at all is unusual, so that
the general code runs and finds and words every problem.  A shortcut can
only ever skip work on data that has nothing to report.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from typing import Any

from ukmtool.core.models import STATUSES, Participant, Sheet
from ukmtool.core.yamlio.reader import LList, LMap

_ID = r"[A-Za-z0-9][A-Za-z0-9._/-]*"
_SEP = "\x00"  # never inside a value: a file holding NUL is refused before parsing
_CLEAN_IDS = re.compile(f"(?:{_ID}(?:{_SEP}{_ID})*)?")


def clean_ids(items: Any) -> bool:
    """Whether every item is text that ``fields.participant_id`` accepts unchanged.

    That is: a valid id with no surrounding spaces, so ``raw.strip()`` is
    ``raw`` and the validated list equals the list read.
    """
    if type(items) is not LList:
        return False
    try:
        joined = _SEP.join(items)
    except TypeError:  # an item that is not text
        return False
    return _CLEAN_IDS.fullmatch(joined) is not None


def sheet(source: LMap) -> Sheet | None:
    """The :class:`Sheet` that validating ``source`` gives, when every list is clean."""
    values: dict[str, list[str]] = {}
    for key, ids in source.items():
        if key not in STATUSES:
            return None
        if ids is None:
            values[key] = []
        elif clean_ids(ids):
            values[key] = list(ids)
        else:
            return None
    return Sheet.model_construct(**values)  # type: ignore[arg-type]


class SheetChecker:
    """Whether a sheet has nothing to report: no duplicates, unknown ids or early marks."""

    def __init__(self, registered: dict[str, Participant]) -> None:
        self.registered = registered
        self._known = frozenset(registered)
        self._dates: list[date] | None = None
        self._ids: list[str] = []
        self._later: dict[date, frozenset[str]] = {}

    def registered_after(self, day: date) -> frozenset[str]:
        """Ids of the participants who registered after ``day``."""
        found = self._later.get(day)
        if found is not None:
            return found
        if self._dates is None:
            order = sorted(self.registered.items(), key=lambda item: item[1].registered)
            self._dates = [p.registered for _pid, p in order]
            self._ids = [pid for pid, _p in order]
        found = frozenset(self._ids[bisect_right(self._dates, day) :])
        self._later[day] = found
        return found

    def nothing_to_report(self, source: LMap, held_on: date | None) -> bool:
        """True when ``check_sheets`` would find nothing on this sheet (False: look closely).

        A sheet with make-ups (format 1.2) is always looked at closely.
        """
        if "makeup" in source:
            return False
        marked: list[str] = []
        for status in STATUSES:
            ids = source.get(status)
            if isinstance(ids, LList):
                if not clean_ids(ids):
                    return False
                marked.extend(ids)
        unique = set(marked)
        if len(unique) != len(marked) or not unique.issubset(self._known):
            return False
        return held_on is None or unique.isdisjoint(self.registered_after(held_on))
