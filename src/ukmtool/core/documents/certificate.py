"""The certificate (sertifikat) of a graduate: the payload of ``templates/certificate.typ``.

One certificate a page, A4 landscape: the letterhead, the owner's and the
business's names as the register keeps them (as printed the first time),
the programme, its dates, organizer and partners, the modules with their
hours, the number, the signature block, and a QR code holding the signed
token (``core/certificates/claims``) with the signing key's fingerprint
printed small under it.  The QR code travels as one SVG text in the JSON
(no image file), sized for what it holds: squares of at least 0.5 mm,
6-7 cm a side, so a phone photo or a 150 dpi print reads it.

The signature block follows tata naskah dinas and is made in one place,
:func:`signature`: "Place, date", the office held, room to sign and stamp,
the name without academic titles, the rank (pangkat/golongan) and the NIP
as written.  A reprint is the same certificate, from the same entry of
``certificates.yaml``; it says "reprint" only when asked (``mark_reprint``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from ukmtool.core.certificates import claims
from ukmtool.core.certificates.issued import Found
from ukmtool.core.certificates.signing import spaced
from ukmtool.core.documents.letterhead import document_base
from ukmtool.core.models import Signatory
from ukmtool.core.programme import Programme
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_decimal

MODULE_MM = 0.65
"""The side of one square of the QR code, in millimetres (0.5 at the least)."""
QR_MIN_MM, QR_MAX_MM = 55.0, 70.0
QUIET = 4
"""The light margin around the code, in squares (the QR standard's quiet zone)."""
_DARK = re.compile(rb"\x00+")

_PREFIX_TITLES = re.compile(r"^(?:(?:prof|dr|drs|dra|ir|dr\s*\(h\.?c\.?\))\.?\s+)+", re.IGNORECASE)


def qr_svg(text: str) -> tuple[str, float]:
    """The QR code of ``text`` (level M) as one SVG text, and its side on the page in mm.

    zxing-cpp makes the code (in C++, about 1 ms for a signed token, where a
    Python encoder takes ten); the SVG is one path of a rectangle for each run
    of dark squares in a row, inside a quiet zone of :data:`QUIET` squares.
    """
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)  # a byte a square: 0 dark, 255 light
    rows, width = image.shape[0], image.shape[1]
    raw = bytes(cast(Any, image))  # a buffer (its stub does not say so)
    # a light square between rows, so that no run goes on into the next row
    lines = b"\xff".join(raw[at : at + width] for at in range(0, rows * width, width))
    step = width + 1
    runs = "".join(
        [
            f"M{a % step + QUIET} {a // step + QUIET}h{b - a}v1h-{b - a}z"
            for a, b in (m.span() for m in _DARK.finditer(lines))
        ]
    )
    full = width + 2 * QUIET
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}">'
        f'<rect width="{full}" height="{full}" fill="#fff"/><path d="{runs}"/></svg>'
    )
    side = min(max(full * MODULE_MM, QR_MIN_MM), QR_MAX_MM)
    return svg, round(side, 1)


def without_titles(name: str) -> str:
    """A signer's name without academic titles: ``Dr. Ir. Budi Santoso, M.M.`` -> ``Budi Santoso``.

    Titles after the name follow a comma (``, S.E., M.Si.``); before it,
    ``Prof.``, ``Dr.``, ``Drs.``, ``Dra.``, ``Ir.``.  Other words (``H.``,
    ``Hj.``: not academic) stay.
    """
    bare = name.split(",", 1)[0].strip()
    bare = _PREFIX_TITLES.sub("", bare).strip()
    return bare or name.strip()


def signature(person: Signatory | None, place: str | None, day: date) -> dict[str, Any]:
    """The certificate's signature block (tata naskah dinas), the one place it is made."""
    when = format_date(day)
    return {
        "place_date": f"{place}, {when}" if place else when,
        "title": person.title if person else None,
        "name": without_titles(person.name) if person else None,
        "rank": person.rank if person else None,
        "nip": person.nip if person else None,
    }


def certificate_entry(programme: Programme, found: Found, qr: str, kid: str) -> dict[str, Any]:
    """One certificate as the template reads it; ``qr`` what its code holds, ``kid`` the key's."""
    certificate, participant = found.certificate, found.participant
    said = claims.of_certificate(programme, certificate)
    hours = found.total_hours
    svg, side = qr_svg(qr)
    head = programme.settings.signatories.head if programme.settings.signatories else None
    return {
        "number": certificate.number,
        "participant": certificate.participant,
        "owner": said.name,
        "business": said.business,
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
        "qr_svg": svg,
        "qr_mm": side,
        "qr_text": qr,
        "key": spaced(kid),
        "signature": signature(head, programme.settings.place, certificate.issued),
    }


def certificates_payload(
    programme: Programme,
    chosen: Sequence[tuple[Found, str]],
    today: date,
    kid: str,
    *,
    mark_reprint: bool = False,
) -> dict[str, Any]:
    """The payload of ``templates/certificate.typ``: a page for each (certificate, QR text)."""
    payload = certificates_base(programme, today, mark_reprint=mark_reprint)
    payload["rows"] = [certificate_entry(programme, f, qr, kid) for f, qr in chosen]
    return payload


def certificates_base(
    programme: Programme, today: date, *, mark_reprint: bool = False
) -> dict[str, Any]:
    """What every page shares: letterhead, programme, organizer and partners, the words."""
    settings = programme.settings
    payload = document_base(settings, today)
    payload["title"] = _("Certificate") + " — " + settings.name
    payload["period"] = _("{start} to {end}").format(
        start=format_date(settings.starts), end=format_date(settings.ends)
    )
    payload["reprint"] = mark_reprint
    payload["organizer"] = settings.organizer
    payload["partners"] = [partner.name for partner in settings.partners]
    payload["labels"] = {
        "title": _("CERTIFICATE"),
        "number": _("No."),
        "given_to": _("is awarded to"),
        "of_business": _("owner of"),
        "completed": _("for completing every module of"),
        "held": _("held from {period}").format(period=payload["period"]),
        "organized": _("organised by {organizer}"),
        "partners": _("in cooperation with {partners}"),
        "modules": _("Modules completed"),
        "module": _("Module"),
        "hours": _("Hours"),
        "total": _("Total"),
        "head_sign": _("Head of the office"),
        "nip": _("NIP"),
        "reprint": _("Reprint"),
        "key": _("Key"),
        "scan": _("Scan to verify"),
    }
    return payload


def file_name(number: str) -> str:
    """The PDF's name for certificate ``number``: ``001-SERT-SP-2018.pdf``."""
    stem = re.sub(r"[^0-9A-Za-z._-]+", "-", number).strip("-.") or "sertifikat"
    return stem + ".pdf"
