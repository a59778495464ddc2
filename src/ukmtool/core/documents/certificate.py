"""The certificate (sertifikat) of a graduate: the payload of ``templates/certificate.typ``.

One certificate a page, A4 landscape: the letterhead, the owner's and the
business's names as the register keeps them (as printed the first time),
the programme, its dates, organizer and partners, the modules with their
hours, the number, the signature block, and a QR code holding the signed
token (``core/certificates/claims``) with the signing key's fingerprint
printed small under it.  The QR code travels as one SVG text in the JSON
(no image file), sized for what it holds: squares of at least 0.5 mm,
6-7 cm a side, so a phone photo or a 150 dpi print reads it.

The signature is the one every printed document has (``letterhead.signing``,
tata naskah dinas): "Place, date" (the issue date), the office held, room
to sign and stamp, the name (here without academic titles), the rank
(pangkat/golongan) and the NIP, and "Mengetahui" with the approver where
program.yaml names one (:func:`signing`).  A reprint is the same
certificate, from the same entry of ``certificates.yaml``; it says
"reprint" only when asked (``mark_reprint``).  :class:`Pages` makes the
pages a batch at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, cast, overload

from ukmtool.core.certificates import claims
from ukmtool.core.certificates.issued import Found, exempt_title
from ukmtool.core.certificates.signing import spaced
from ukmtool.core.documents import letterhead
from ukmtool.core.models import Settings
from ukmtool.core.programme import Programme
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_decimal

MODULE_MM = 0.65
"""The side of one square of the QR code, in millimetres (0.5 at the least)."""
QR_MIN_MM, QR_MAX_MM = 55.0, 70.0
QUIET = 4
"""The light margin around the code, in squares (the QR standard's quiet zone)."""

_PREFIX_TITLES = re.compile(r"^(?:(?:prof|dr|drs|dra|ir|dr\s*\(h\.?c\.?\))\.?\s+)+", re.IGNORECASE)


def qr_svg(text: str) -> tuple[str, float]:
    """The QR code of ``text`` (level M) as one SVG text, and its side on the page in mm.

    zxing-cpp makes the code (in C++: about 1 ms for a signed token, where a
    Python encoder takes ten).  The SVG holds it as a picture of one pixel a
    square, with the quiet zone of :data:`QUIET` squares, drawn without
    smoothing (``image-rendering: pixelated``; in the PDF an image that is not
    interpolated, so every reader and printer draws sharp squares at any
    size): a 1-bit PNG of about 1 kB that Typst places in a fraction of the
    time a path of a thousand squares takes, on a page whose text is the same.
    """
    import base64
    import io

    import zxingcpp
    from PIL import Image, ImageOps

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    squares = code.to_image(scale=1, add_quiet_zones=False)  # a byte a square: 0 dark, 255 light
    size = (squares.shape[1], squares.shape[0])
    picture = Image.frombytes("L", size, bytes(cast(Any, squares)))  # a buffer (stub: no)
    picture = ImageOps.expand(picture.convert("1", dither=Image.Dither.NONE), QUIET, fill=1)
    png = io.BytesIO()
    picture.save(png, format="PNG", compress_level=1)
    full = picture.width
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}">'
        f'<image width="{full}" height="{full}" image-rendering="pixelated" '
        f'href="data:image/png;base64,{base64.b64encode(png.getvalue()).decode("ascii")}"/></svg>'
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


def signing(settings: Settings, day: date) -> dict[str, Any]:
    """The certificate's signature (``common.typ``'s ``signatures``): the shared one, dated ``day``.

    "Place, date", the head (and the approver under "Mengetahui" when
    program.yaml names one), the office held, the rank, the NIP spaced; on a
    certificate the names are printed without academic titles.
    """
    found = letterhead.signing(settings, day)
    for role in ("signer", "approver"):
        person = found[role]
        if person is not None:
            found[role] = {**person, "name": without_titles(person["name"])}
    return found


class Pages(Sequence[dict[str, Any]]):
    """The payload of ``templates/certificate.typ``: what every page shares, and each page.

    :attr:`base` is the payload without its ``rows``; the pages themselves
    (one a certificate: ``chosen``, each a certificate and what its QR code
    holds) are made when asked for, a batch at a time (``pages[i:j]``), so
    that ten thousand QR codes never wait in memory at once.  What every
    page repeats (the modules and their hours, the signature of an issue
    date) is made once.
    """

    def __init__(
        self,
        programme: Programme,
        chosen: Sequence[tuple[Found, str]],
        today: date,
        kid: str,
        *,
        mark_reprint: bool = False,
    ) -> None:
        self.programme = programme
        self.chosen = chosen
        self.key = spaced(kid)
        self.base = certificates_base(programme, today, mark_reprint=mark_reprint)
        self._modules: dict[tuple[tuple[str, float | None, bool], ...], dict[str, Any]] = {}
        self._signing: dict[date, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.chosen)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self.page(found, qr) for found, qr in self.chosen[index]]
        found, qr = self.chosen[index]
        return self.page(found, qr)

    def page(self, found: Found, qr: str) -> dict[str, Any]:
        """One certificate as the template reads it; ``qr`` what its code holds."""
        certificate, participant = found.certificate, found.participant
        said = claims.of_certificate(self.programme, certificate)
        svg, side = qr_svg(qr)
        return {
            "number": certificate.number,
            "participant": certificate.participant,
            "owner": said.name,
            "business": said.business,
            "district": participant.district if participant else None,
            "issued": format_date(certificate.issued),
            **self._modules_of(found),
            "qr_svg": svg,
            "qr_mm": side,
            "qr_text": qr,
            "key": self.key,
            "signing": self._signing_on(certificate.issued),
        }

    def _modules_of(self, found: Found) -> dict[str, Any]:
        key = tuple((m.module.id, m.hours, m.exempt is not None) for m in found.modules)
        made = self._modules.get(key)
        if made is None:
            hours = found.total_hours
            made = self._modules[key] = {
                "modules": [
                    {
                        "title": exempt_title(m),
                        "hours": format_decimal(m.hours)
                        if m.hours is not None and m.exempt is None
                        else None,
                    }
                    for m in found.modules
                ],
                "total_hours": format_decimal(hours) if hours is not None else None,
            }
        return made

    def _signing_on(self, day: date) -> dict[str, Any]:
        made = self._signing.get(day)
        if made is None:
            made = self._signing[day] = signing(self.programme.settings, day)
        return made


def certificates_base(
    programme: Programme, today: date, *, mark_reprint: bool = False
) -> dict[str, Any]:
    """What every page shares: the letterhead (organizer, partners), the programme, the words."""
    settings = programme.settings
    payload = letterhead.document_base(settings, today)
    payload["title"] = _("Certificate") + " — " + settings.name
    payload["period"] = _("{start} to {end}").format(
        start=format_date(settings.starts), end=format_date(settings.ends)
    )
    payload["reprint"] = mark_reprint
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
        "reprint": _("Reprint"),
        "key": _("Key"),
        "scan": _("Scan to verify"),
    }
    return payload


def file_name(number: str) -> str:
    """The PDF's name for certificate ``number``: ``001-SERT-SP-2018.pdf``."""
    stem = re.sub(r"[^0-9A-Za-z._-]+", "-", number).strip("-.") or "sertifikat"
    return stem + ".pdf"
