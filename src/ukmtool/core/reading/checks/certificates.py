"""Checks of ``certificates.yaml``: each number once, each holder registered, each one a graduate.

The model checks each value (a number, a participant id, dates, a reason for
a revocation).  Here: a number given twice (in any case or spacing) is an
error, and so is a certificate of someone not registered, or one revoked
before it was issued.  What needs the rules, the whole attendance or today
(a holder who has not graduated, a date before completion or after today,
names too long for a certificate) is ``core.certificates.problems``, run by
``ukm check`` alone.
"""

from __future__ import annotations

from pathlib import Path

from ukmtool.core import certificate_numbers
from ukmtool.core.reading.checks.given import Given
from ukmtool.core.reading.checks.visits import day_of
from ukmtool.core.yamlio.reader import LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _


def check_certificates(given: Given, out: Collector) -> None:
    """Numbers unique, holders registered, revoked after issued: ``certificates.yaml``."""
    root = given.sources.certificates
    if root is None:
        return
    path = given.folder.certificates
    first: dict[str, int] = {}
    for item in root:
        if not isinstance(item, LMap):
            continue
        number = item.get("number")
        if isinstance(number, str) and number.strip():
            key = certificate_numbers.key(number)
            if key in first:
                out.error(
                    path,
                    item.value_line("number"),
                    _("The number {number} is given twice (first at line {line}).").format(
                        number=number.strip(), line=first[key]
                    ),
                    column=item.value_column("number"),
                    hint=_("A number is never given twice: revoke one of them and issue again."),
                )
            else:
                first[key] = item.value_line("number")
        raw = item.get("participant")
        pid = raw.strip() if isinstance(raw, str) else None
        if pid and given.unregistered(pid):
            where = (item.value_line("participant"), item.value_column("participant"))
            given.report_unregistered(out, path, where, pid)
        _check_revoked_day(item, path, out)


def _check_revoked_day(item: LMap, path: Path, out: Collector) -> None:
    issued = day_of(item.get("issued"))
    revoked = item.get("revoked")
    if not isinstance(revoked, LMap) or issued is None:
        return
    day = day_of(revoked.get("date"))
    if day is not None and day < issued:
        out.error(
            path,
            revoked.value_line("date"),
            _("The certificate is revoked ({date}) before it was issued ({issued}).").format(
                date=day.isoformat(), issued=issued.isoformat()
            ),
            column=revoked.value_column("date"),
        )
