"""The sign-in sheet (daftar hadir) of a session: who is expected, in which order.

One row per participant registered by the session's date, numbered, with
owner, business, village and district; the template draws the signature
column in the zig-zag of Indonesian forms (odd numbers sign on the left,
even on the right), blank rows for walk-ins, and the trainer's and the
officer's signature lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from ukmtool.core.documents.letterhead import document_base, signatory
from ukmtool.core.models import Module, Participant
from ukmtool.core.programme import Programme
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_decimal

DEFAULT_BLANK_ROWS = 2
"""Rows left empty at the end of a sheet for walk-ins."""

_DIGITS = re.compile(r"([0-9]{1,18})")  # 0-9 only, and few enough for int()


class Order(StrEnum):
    """How the rows of a sign-in sheet are ordered."""

    ID = "id"
    DISTRICT = "district"
    NAME = "name"


def natural_key(text: str) -> tuple[Any, ...]:
    """``UKM-2`` before ``UKM-10``; letters without regard to case."""
    parts = _DIGITS.split(text)  # text, digits, text, digits, ..., text
    return tuple(int(part) if i % 2 else part.casefold() for i, part in enumerate(parts))


def ordered(participants: Sequence[Participant], order: Order) -> list[Participant]:
    """``participants`` in the order the officer chose."""
    if order is Order.DISTRICT:
        return sorted(
            participants,
            key=lambda p: (
                p.district.casefold(),
                (p.village or "").casefold(),
                p.owner.casefold(),
                natural_key(p.id),
            ),
        )
    if order is Order.NAME:
        return sorted(participants, key=lambda p: (p.owner.casefold(), natural_key(p.id)))
    return sorted(participants, key=lambda p: natural_key(p.id))


def expected(programme: Programme, on: date) -> list[Participant]:
    """The participants a session dated ``on`` expects: registered by that day."""
    return [p for p in programme.participants if p.registered <= on]


def sheet_payload(
    programme: Programme,
    module: Module,
    number: int,
    order: Order,
    blank_rows: int = DEFAULT_BLANK_ROWS,
) -> dict[str, Any]:
    """One session's sheet: its heading and its rows."""
    session = module.sessions[number]
    rows = [
        {
            "no": index,
            "id": p.id,
            "owner": p.owner,
            "business": p.business,
            "village": p.village,
            "district": p.district,
        }
        for index, p in enumerate(ordered(expected(programme, session.date), order), start=1)
    ]
    return {
        "module": {"id": module.id, "title": module.title},
        "session": {
            "number": number,
            "date": format_date(session.date),
            "iso_date": session.date.isoformat(),
            "topic": session.topic,
            "trainer": session.trainer,
            "place": session.place or programme.settings.venue,
            "hours": format_decimal(session.hours) if session.hours is not None else None,
        },
        "rows": rows,
        "blank_rows": blank_rows,
    }


def sheets_payload(
    programme: Programme,
    sessions: Sequence[tuple[Module, int]],
    order: Order,
    today: date,
    blank_rows: int = DEFAULT_BLANK_ROWS,
) -> dict[str, Any]:
    """The payload of ``templates/sheet.typ``: one sheet per session, each on its own pages."""
    payload = document_base(programme.settings, today)
    officer = programme.settings.signatories.officer if programme.settings.signatories else None
    payload["officer"] = signatory(officer)
    payload["sheets"] = [
        sheet_payload(programme, module, number, order, blank_rows) for module, number in sessions
    ]
    payload["labels"] = {
        "title": _("ATTENDANCE LIST"),
        "programme": _("Programme"),
        "module": _("Module"),
        "session": _("Session"),
        "date": _("Date"),
        "topic": _("Topic"),
        "trainer": _("Trainer"),
        "place": _("Place"),
        "hours": _("Hours"),
        "no": _("No."),
        "owner": _("Owner"),
        "business": _("Business"),
        "village_district": _("Village / district"),
        "signature": _("Signature"),
        "participants": _("Participants"),
        "expected": _("participants expected"),
        "walk_in": _("Not on the list (write name and business)"),
        "trainer_sign": _("Trainer"),
        "officer_sign": _("Programme officer"),
        "nip": _("NIP"),
        "page": _("Page"),
        "of": _("of"),
    }
    return payload
