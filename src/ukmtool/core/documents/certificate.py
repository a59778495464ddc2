"""The certificate (sertifikat) of a graduate: the payload of ``templates/certificate.typ``.

One certificate a page, A4 landscape: the letterhead, the owner's and the
business's names, the programme and its dates, the modules with their hours,
the number, the issue date, the signatories, and a QR code.  The QR code
holds ``UKM-CERT|<number>|<programme>`` (``core.certificate_numbers.qr_text``); its
matrix is made here with segno and drawn by the template, square by square,
so no image file is needed.  A reprint is the same certificate, from the
same entry of ``certificates.yaml``; it says "reprint" only when asked (``mark_reprint``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ukmtool.core import certificate_numbers
from ukmtool.core.certificates.issued import Found
from ukmtool.core.documents.letterhead import document_base, signatory
from ukmtool.core.programme import Programme
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_decimal


def qr_matrix(text: str) -> list[str]:
    """The QR code of ``text`` as rows of ``1`` (dark) and ``0`` (light), without the quiet zone."""
    import segno

    code = segno.make_qr(text, error="m")
    return ["".join("1" if cell else "0" for cell in row) for row in code.matrix]


def certificate_entry(programme: Programme, found: Found) -> dict[str, Any]:
    """One certificate as the template reads it."""
    certificate, participant = found.certificate, found.participant
    hours = found.total_hours
    qr = certificate_numbers.qr_text(certificate.number, programme.settings.name)
    return {
        "number": certificate.number,
        "participant": certificate.participant,
        "owner": participant.owner if participant else certificate.participant,
        "business": participant.business if participant else "",
        "district": participant.district if participant else None,
        "issued": format_date(certificate.issued),
        "modules": [
            {
                "title": m.module.title,
                "hours": format_decimal(m.hours) if m.hours is not None else None,
            }
            for m in found.modules
        ],
        "total_hours": format_decimal(hours) if hours is not None else None,
        "qr": qr_matrix(qr),
        "qr_text": qr,
    }


def certificates_payload(
    programme: Programme, chosen: Sequence[Found], today: date, *, mark_reprint: bool = False
) -> dict[str, Any]:
    """The payload of ``templates/certificate.typ``: a page for each certificate in ``chosen``."""
    settings = programme.settings
    payload = document_base(settings, today)
    payload["title"] = _("Certificate") + " — " + settings.name
    head = settings.signatories.head if settings.signatories else None
    officer = settings.signatories.officer if settings.signatories else None
    payload["head"] = signatory(head)
    payload["officer"] = signatory(officer)
    payload["period"] = _("{start} to {end}").format(
        start=format_date(settings.starts), end=format_date(settings.ends)
    )
    payload["reprint"] = mark_reprint
    payload["certificates"] = [certificate_entry(programme, f) for f in chosen]
    payload["labels"] = {
        "title": _("CERTIFICATE"),
        "number": _("No."),
        "given_to": _("is awarded to"),
        "of_business": _("owner of"),
        "completed": _("for completing every module of"),
        "held": _("held from {period}").format(period=payload["period"]),
        "modules": _("Modules completed"),
        "module": _("Module"),
        "hours": _("Hours"),
        "total": _("Total"),
        "issued": _("Issued on {date}"),
        "head_sign": _("Head of the office"),
        "officer_sign": _("Programme officer"),
        "nip": _("NIP"),
        "reprint": _("Reprint"),
    }
    return payload


def file_name(number: str) -> str:
    """The PDF's name for certificate ``number``: ``001-SERT-SP-2018.pdf``."""
    import re

    stem = re.sub(r"[^0-9A-Za-z._-]+", "-", number).strip("-.") or "sertifikat"
    return stem + ".pdf"
