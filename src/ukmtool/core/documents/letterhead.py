"""The part every printed document shares: the kop surat, the partners, the signatures.

From ``program.yaml`` (``letterhead``, ``logo``, ``organizer``, ``partners``,
``place`` and ``signatories``; docs/printing.md).  The templates draw it with
``letterhead.typ`` (the kop surat, the organiser and partners) and
``common.typ`` (the signature blocks), the way an Indonesian office signs (tata
naskah dinas): "Place, date", the office held, room to sign and stamp, the
name, the rank (pangkat/golongan) and the NIP, and "Mengetahui" with a second
signer where ``signatories.approver`` is given.

Every text here is a person's, printed as written; dates are written in words
in the document's language, never as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ukmtool.core.models import Letterhead, Settings, Signatory
from ukmtool.i18n import _, current_language, pgettext
from ukmtool.localefmt import format_date

BLANK_PLACE = "." * 24
"""The place on a signature line when ``program.yaml`` names none: filled in by hand."""

_NIP = re.compile(r"[0-9]{18}")


def nip_text(nip: str) -> str:
    """A NIP as printed: as written, or, written as 18 digits in one run, spaced as on the card.

    ``197001011995031001`` -> ``19700101 199503 1 001`` (birth date, appointment
    month, sex, number); anything else (already spaced, an NRP) as written.
    """
    if _NIP.fullmatch(nip):
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def signatory(person: Signatory | None) -> dict[str, Any] | None:
    """One signatory as the templates read it (None: a blank line to sign on).

    ``title`` is the office held as written; ``nip`` is spaced (:func:`nip_text`).
    """
    if person is None:
        return None
    return {
        "title": person.title,
        "name": person.name,
        "rank": person.rank,
        "nip": nip_text(person.nip) if person.nip else None,
    }


def place_date(settings: Settings, day: date) -> str:
    """``Blora, 20 Maret 2018``: ``program.yaml``'s ``place`` (else dots), the day in words."""
    return f"{settings.place or BLANK_PLACE}, {format_date(day)}"


def signing(settings: Settings, day: date, signer: str = "head") -> dict[str, Any]:
    """The signature of a document: the place and day, who signs, who approves.

    ``signer`` names the signatory who signs (``head``, ``officer``); the
    approver (``signatories.approver``) signs beside the head under
    "Mengetahui".  A signatory not given is a blank line to sign on.
    """
    people = settings.signatories
    person = getattr(people, signer, None) if people is not None else None
    approver = people.approver if people is not None and signer == "head" else None
    return {
        "place_date": place_date(settings, day),
        "signer": signatory(person),
        "approver": signatory(approver),
    }


def _contacts(head: Letterhead) -> str | None:
    """The kop's contact line: ``Telepon (0296) 531000, Pos-el dinas@...``."""
    parts = [
        (pgettext("letterhead", "Phone"), head.phone),
        (pgettext("letterhead", "Fax"), head.fax),
        (pgettext("letterhead", "Email"), head.email),
        (pgettext("letterhead", "Website"), head.website),
    ]
    shown = [f"{label} {value}" for label, value in parts if value]
    return ", ".join(shown) or None


def kop(settings: Settings) -> dict[str, Any]:
    """The kop surat's parts: government line, office, address, contacts; and its lines.

    ``lines`` is the kop as lines, first line first (format 1.1's list form as
    written, else the parts in order), for a template that draws lines only.
    ``parts`` is false for the list form.  Without a ``letterhead``, the
    organizer (else the programme's name) is the office.
    """
    head = settings.letterhead or Letterhead()
    if head.lines:
        return {
            "parts": False,
            "government": None,
            "office": None,
            "address": None,
            "contacts": None,
            "lines": list(head.lines),
        }
    office = head.office or settings.organizer or settings.name
    contacts = _contacts(head)
    lines = [line for line in (head.government, office, head.address, contacts) if line]
    return {
        "parts": True,
        "government": head.government,
        "office": office,
        "address": head.address,
        "contacts": contacts,
        "lines": lines,
    }


def letterhead(settings: Settings) -> dict[str, Any]:
    """The ``letterhead`` part of a document's payload.

    ``logo`` (and each partner's ``logo``) is a path relative to the programme
    folder; the renderer copies the picture next to the templates and puts
    its name there instead.
    """
    signatories = settings.signatories
    return {
        **kop(settings),
        "logo": settings.logo,
        "programme": settings.name,
        "organizer": settings.organizer,
        "partners": [{"name": p.name, "role": p.role, "logo": p.logo} for p in settings.partners],
        "venue": settings.venue,
        "head": signatory(signatories.head if signatories else None),
        "officer": signatory(signatories.officer if signatories else None),
        "approver": signatory(signatories.approver if signatories else None),
        "labels": {
            "organizer": _("Organised by"),
            "partners": _("In partnership with"),
            "approve": _("Acknowledged by,"),
            "nip": _("NIP."),
        },
    }


def document_base(settings: Settings, today: date) -> dict[str, Any]:
    """What every payload holds: the language, the letterhead, the day it is signed.

    ``today`` is the day the document is dated and signed (``--date``,
    default today); ``printed`` is that day in words, ``signing`` the head's
    signature under it (:func:`signing`).
    """
    return {
        "lang": current_language(),
        "letterhead": letterhead(settings),
        "printed": format_date(today),
        "signing": signing(settings, today),
    }
