"""The part every printed document shares: the letterhead, the signatories, the language.

From ``program.yaml``'s optional ``letterhead``, ``logo`` and ``signatories``
(README: "Printed documents").  Without ``letterhead`` lines the organizer
(else the programme's name) heads the page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ukmtool.core.models import Settings, Signatory
from ukmtool.i18n import current_language
from ukmtool.localefmt import format_date


def letterhead(settings: Settings) -> dict[str, Any]:
    """The ``letterhead`` part of a document's payload.

    ``logo`` is a path relative to the programme folder (the renderer copies
    the file next to the templates and puts its name there instead).
    """
    lines = list(settings.letterhead) or [settings.organizer or settings.name]
    signatories = settings.signatories
    return {
        "lines": lines,
        "logo": settings.logo,
        "programme": settings.name,
        "organizer": settings.organizer,
        "partners": list(settings.partners),
        "venue": settings.venue,
        "head": signatory(signatories.head if signatories else None),
        "officer": signatory(signatories.officer if signatories else None),
    }


def signatory(person: Signatory | None) -> dict[str, Any] | None:
    """One signatory as the templates read it (None: a blank line to sign on)."""
    if person is None:
        return None
    return {"title": person.title, "name": person.name, "nip": person.nip}


def document_base(settings: Settings, today: date) -> dict[str, Any]:
    """What every payload holds: the language, the letterhead, the day it was printed."""
    return {
        "lang": current_language(),
        "letterhead": letterhead(settings),
        "printed": format_date(today),
    }
