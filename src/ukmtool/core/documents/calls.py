"""The call list (daftar telepon): who the office should phone, and about what.

For the office only, never part of what is sent to the Bupati or a sponsor
(it holds phone numbers).  One row per participant who, in some module, is
at risk (one more absence and it cannot be completed), has missed the module
(rules 2.1: no session counts for them; a make-up session or an exemption is
the way out), missed the last two sessions held, or has failed; with the
owner, the business, the district, the phone as a WhatsApp link, and per
module what happened and which sessions were missed.  Those at risk come
first (a call can still save them), then those who missed a module (a call
arranges the make-up), then those who missed the last two, then those who
failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ukmtool.core.documents.letterhead import document_base
from ukmtool.core.documents.report import whatsapp
from ukmtool.core.documents.rows import RowsOnDemand
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters
from ukmtool.core.rules import Status
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, status_label

PART_ROWS = 300
"""Rows a part of the list holds when it is compiled."""

AT_RISK, MISSED_TWO, FAILED, MISSED = 0, 1, 2, 3
"""Why to call (the numbers a template sees; ``MISSED`` came with rules 2.1)."""
ORDER = (AT_RISK, MISSED, MISSED_TWO, FAILED)
"""The reasons, most urgent first."""


@dataclass(frozen=True)
class Call:
    """One participant to phone: why (the most urgent reason) and what, per module."""

    participant: Participant
    urgency: int
    about: tuple[str, ...]


def _reason(urgency: int) -> str:
    return {
        AT_RISK: _("at risk: one more absence and the module cannot be completed"),
        MISSED_TWO: _("missed the last two sessions held"),
        FAILED: status_label("failed"),
        MISSED: _(
            "missed: no session counts for them; a make-up session or an exemption is the way out"
        ),
    }[urgency]


def calls(programme: Programme, module_ids: Sequence[str] = ()) -> list[Call]:
    """Everyone to phone, most urgent first, then by district and name."""
    from ukmtool.core.reports.module import module_report

    found: dict[str, tuple[Participant, int, list[str]]] = {}
    modules = [m for m in programme.modules if not module_ids or m.id in module_ids]
    for module in modules:
        report = module_report(programme, module.id, Filters())
        for p, standing in zip(report.participants, report.standings, strict=True):
            if standing.at_risk:
                urgency = AT_RISK
            elif standing.status is Status.MISSED:
                urgency = MISSED
            elif standing.missed_last_two and standing.status is not Status.COMPLETED:
                urgency = MISSED_TWO
            elif standing.status is Status.FAILED:
                urgency = FAILED
            else:
                continue
            missed = ", ".join(
                _("{number} ({date}, {status})").format(
                    number=m.session, date=format_date(m.date), status=status_label(m.status)
                )
                for m in report.misses(standing)
            )
            if urgency == MISSED:  # nothing counts: nothing attended, nothing held
                line = _("{module}: {reason}").format(module=module.title, reason=_reason(urgency))
            else:
                line = _("{module}: {reason}; attended {attended} of {held} held").format(
                    module=module.title,
                    reason=_reason(urgency),
                    attended=standing.attended,
                    held=standing.held,
                )
            if missed:
                line += "; " + _("missed session {sessions}").format(sessions=missed)
            entry = found.get(p.id)
            if entry is None:
                found[p.id] = (p, urgency, [line])
            else:
                first = min(entry[1], urgency, key=ORDER.index)
                found[p.id] = (p, first, [*entry[2], line])
    listed = [Call(p, urgency, tuple(lines)) for p, urgency, lines in found.values()]
    listed.sort(
        key=lambda c: (
            ORDER.index(c.urgency),
            c.participant.district.casefold(),
            c.participant.owner,
        )
    )
    return listed


class CallRows(RowsOnDemand):
    """The list's rows, each made when a part asks for it."""

    def __init__(self, listed: Sequence[Call]) -> None:
        self.listed = listed

    def __len__(self) -> int:
        return len(self.listed)

    def _row(self, index: int) -> dict[str, Any]:
        call = self.listed[index]
        p = call.participant
        return {
            "no": index + 1,
            "id": p.id,
            "owner": p.owner,
            "business": p.business,
            "district": p.district,
            "phone": p.phone,
            "link": whatsapp(p.phone),
            "urgency": call.urgency,
            "about": list(call.about),
        }


@dataclass(frozen=True)
class CallsDocument:
    """The list to print: its heading's data and its rows."""

    data: dict[str, Any]
    rows: CallRows


def calls_document(programme: Programme, module_ids: Sequence[str], today: date) -> CallsDocument:
    """The call list as of ``today``."""
    listed = calls(programme, module_ids)
    counts = [sum(1 for c in listed if c.urgency == u) for u in (AT_RISK, MISSED_TWO, FAILED)]
    missed = sum(1 for c in listed if c.urgency == MISSED)
    data = document_base(programme.settings, today)
    data.update(
        {
            "title": _("PEOPLE TO PHONE"),
            "note": _(
                "For the office only: this list holds phone numbers. Do not attach it to "
                "reports. Click a number to open a WhatsApp chat."
            ),
            "printed_on": _("Printed on {date}").format(date=format_date(today)),
            "counts": [
                _("At risk: {n}").format(n=counts[0]),
                _("Missed a module: {n}").format(n=missed),
                _("Missed the last two sessions: {n}").format(n=counts[1]),
                _("Failed: {n}").format(n=counts[2]),
            ],
            "footer": _("People to phone (for the office only)"),
            "labels": {
                "no": _("No."),
                "owner": _("Name"),
                "business": _("Business"),
                "district": _("District"),
                "phone": _("Phone (WhatsApp)"),
                "about": _("What happened"),
                "none": _("Nobody to phone."),
                "page": _("Page"),
            },
        }
    )
    return CallsDocument(data, CallRows(listed))
