"""The receipt list of transport money (daftar penerimaan uang transport) of one session.

For the SPJ (surat pertanggungjawaban) of a government-funded training: one
row per participant who attended the session (present or late, or made it
up: rules 2.1, a make-up counts as present), numbered, with id, name (and
the make-up's day), business, the amount and a signature cell; the total in
figures and in words (terbilang, by num2words), and the treasurer's and the
officer's signature blocks.  The rows are made a part at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ukmtool.core.documents.letterhead import document_base, place_date, signatory
from ukmtool.core.documents.rows import RowsOnDemand
from ukmtool.core.documents.sheet import natural_key
from ukmtool.core.models import Module, Participant
from ukmtool.core.programme import Programme
from ukmtool.errors import NotFoundError
from ukmtool.i18n import _, current_language, ngettext, pgettext
from ukmtool.localefmt import format_date, format_rupiah, format_time, weekday

PART_ROWS = 320
"""Rows a part of the list holds when it is compiled (about twenty pages)."""


def in_words(amount: int) -> str:
    """A sum of Rupiah in words: ``lima ratus ribu rupiah`` / ``five hundred thousand rupiah``."""
    from num2words import num2words

    language = "id" if current_language() == "id" else "en"
    unit = pgettext("in words", "rupiah")
    words = f"{num2words(amount, lang=language)} {unit}"
    return words[:1].upper() + words[1:]


def attended(programme: Programme, module: Module, number: int) -> list[Participant]:
    """Who attended session ``number`` (present, late or made up), by id; NotFoundError if not held.

    A make-up counts as present at its session (rules 2.1), only once the
    session is held, as in every figure.
    """
    sheet = programme.sheets.get(module.id, {}).get(number)
    if sheet is None or not sheet.held:
        raise NotFoundError(
            _(
                "Session {number} of {module} has not been held: nobody is on its sheet as "
                "present or late, so nobody receives transport money; nothing was written."
            ).format(number=number, module=module.id),
            hint=_(
                "Record the attendance first: ukm attend {module} --session {number} ..."
            ).format(module=module.id, number=number),
        )
    came = set(sheet.present) | set(sheet.late) | set(sheet.makeup)
    people = [p for p in programme.participants if p.id in came]
    return sorted(people, key=lambda p: natural_key(p.id))


class ReceiptRows(RowsOnDemand):
    """The list's rows, each made when a part asks for it."""

    def __init__(
        self, participants: Sequence[Participant], amount: str, made_up: Mapping[str, date]
    ) -> None:
        self.participants = participants
        self.amount = amount
        self.made_up = made_up
        """Participant id -> the day they made the session up (those who did)."""

    def __len__(self) -> int:
        return len(self.participants)

    def _row(self, index: int) -> dict[str, Any]:
        p = self.participants[index]
        day = self.made_up.get(p.id)
        return {
            "no": index + 1,
            "id": p.id,
            "owner": p.owner,
            "business": p.business,
            "amount": self.amount,
            "makeup": None if day is None else _("make-up on {date}").format(date=format_date(day)),
        }


@dataclass(frozen=True)
class ReceiptsDocument:
    """The list to print: its heading's data and its rows."""

    data: dict[str, Any]
    rows: ReceiptRows


def receipts_document(
    programme: Programme, module: Module, number: int, amount: int, today: date
) -> ReceiptsDocument:
    """The receipt list of session ``number``: everyone who attended gets ``amount``."""
    people = attended(programme, module, number)
    session = module.sessions[number]
    settings = programme.settings
    signatories = settings.signatories
    total = amount * len(people)
    data = document_base(settings, today)
    data.update(
        {
            "title": _("RECEIPT LIST OF TRANSPORT MONEY"),
            "module": {"id": module.id, "title": module.title},
            "session": {
                "number": number,
                "day": f"{weekday(session.date)}, {format_date(session.date)}",
                "time": format_time(session.time) if session.time else None,
                "topic": session.topic,
                "place": session.place or settings.venue,
            },
            "amount": format_rupiah(amount),
            "total": format_rupiah(total),
            "total_words": in_words(total),
            "count": len(people),
            "treasurer": signatory(signatories.treasurer if signatories else None),
            "officer": signatory(signatories.officer if signatories else None),
            "place_date": place_date(settings, session.date),
            "footer": " · ".join(
                [_("Transport money"), module.title, _("Session {number}").format(number=number)]
            ),
            "labels": {
                "programme": _("Programme"),
                "module": _("Module"),
                "session": _("Session"),
                "day": _("Day, date"),
                "time": _("Time"),
                "place": _("Venue"),
                "amount_each": _("Amount each"),
                "no": _("No."),
                "id": _("ID"),
                "owner": _("Name"),
                "business": _("Business"),
                "amount": _("Amount"),
                "signature": _("Signature"),
                "total": _("Total"),
                "in_words": _("In words"),
                "received": ngettext(
                    "{count} participant received", "{count} participants received", len(people)
                ).format(count=len(people)),
                "treasurer_sign": _("Treasurer"),
                "officer_sign": _("Programme officer"),
                "nip": _("NIP"),
                "page": _("Page"),
            },
        }
    )
    made_up = programme.sheets[module.id][number].makeup
    return ReceiptsDocument(data, ReceiptRows(people, format_rupiah(amount), made_up))
