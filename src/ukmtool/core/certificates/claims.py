"""What a certificate's QR code says, signed, and the limits that keep the code readable.

The payload of the token (``signing``) is a JSON object::

    {"num": "001/SERT-SP/2018", "name": "Sri Wahyuni", "bus": "Batik Sekar Jati",
     "prog": "Lokakarya Score Plus Kabupaten Blora 2017", "date": "2018-03-20",
     "iss": "Dindagkop UKM Kabupaten Blora"}

``name`` and ``bus`` are the holder and the business **as printed** (the
register keeps them), ``date`` the issue date, ``iss`` the office (the
programme's organizer, else its name).  With ``certificates.verify_url``
the QR code holds ``URL#TOKEN``: the part after ``#`` never reaches a web
server.  Each field has a limit in characters, and the QR text one in bytes
(:data:`QR_MAX_BYTES`): past it the code's squares get too small to read
from a photo at the largest size the page holds (7 cm); ``check`` says so
ahead and ``issue`` refuses before it records anything.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ukmtool.core.certificates.signing import compact_json, token_length
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.models import Certificate, Settings
    from ukmtool.core.programme import Programme

LIMITS: dict[str, int] = {"num": 40, "name": 80, "bus": 80, "prog": 120, "iss": 100}
"""The most characters each field of a certificate may have."""
QR_MAX_BYTES = 900
"""The most bytes the QR text may have (version 25 at level M holds 997)."""
FIELDS = ("num", "name", "bus", "prog", "date", "iss")


@dataclass(frozen=True, slots=True)
class Claims:
    """What one certificate says, as printed."""

    number: str
    name: str
    business: str
    programme: str
    issued: date
    office: str

    def payload(self) -> dict[str, Any]:
        """The token's payload."""
        return {
            "num": self.number,
            "name": self.name,
            "bus": self.business,
            "prog": self.programme,
            "date": self.issued.isoformat(),
            "iss": self.office,
        }

    def problems(self, verify_url: str | None) -> list[tuple[str, int, int]]:
        """Each field over its limit: (field, its length, the limit); the QR text as ``qr``."""
        found = [
            (name, len(value), LIMITS[name])
            for name, value in (
                ("num", self.number),
                ("name", self.name),
                ("bus", self.business),
                ("prog", self.programme),
                ("iss", self.office),
            )
            if len(value) > LIMITS[name]
        ]
        size = qr_bytes(self, verify_url)
        if size > QR_MAX_BYTES:
            found.append(("qr", size, QR_MAX_BYTES))
        return found


class Sizes:
    """:meth:`Claims.problems` for many holders of one programme, its fixed part measured once.

    Every field but ``name`` and ``bus`` is the same for each holder, and JSON
    writes each text on its own: the payload's length is that of the payload
    with both empty plus the length of each as JSON writes it (without its
    quotes).  ``ukm check`` asks it of every participant.
    """

    def __init__(
        self, number: str, programme: str, issued: date, office: str, verify_url: str | None
    ) -> None:
        self._fixed = {
            name: (name, len(value), LIMITS[name])
            for name, value in (("num", number), ("prog", programme), ("iss", office))
            if len(value) > LIMITS[name]
        }
        blank = Claims(number, "", "", programme, issued, office)
        self._base = len(compact_json(blank.payload()))
        self._url = len(verify_url.encode("utf-8")) + 1 if verify_url else 0
        self._token = token_length(0)  # the header, the dots and the signature
        room = QR_MAX_BYTES - self._token - self._url  # for the payload's base64
        self._most = 3 * room // 4  # the longest payload that fits it

    def quiet(self, name: str, business: str) -> bool:
        """Whether :meth:`problems` surely finds nothing for ``printable(name)`` and business.

        Without measuring: :func:`printable` never lengthens a text, and in the
        payload each character it leaves takes at most 4 bytes.
        """
        return (
            not self._fixed
            and len(name) <= LIMITS["name"]
            and len(business) <= LIMITS["bus"]
            and self._base + 4 * (len(name) + len(business)) <= self._most
        )

    def problems(self, name: str, business: str) -> list[tuple[str, int, int]]:
        """What ``Claims(...).problems(verify_url)`` says of a holder ``name`` of ``business``."""
        fixed = self._fixed
        found = [fixed["num"]] if "num" in fixed else []
        found += [
            (field, len(value), LIMITS[field])
            for field, value in (("name", name), ("bus", business))
            if len(value) > LIMITS[field]
        ]
        found += [fixed[field] for field in ("prog", "iss") if field in fixed]
        payload = self._base + _json_bytes(name) + _json_bytes(business)
        size = self._token + -(-4 * payload // 3) + self._url  # as token_length counts
        if size > QR_MAX_BYTES:
            found.append(("qr", size, QR_MAX_BYTES))
        return found


def _json_bytes(text: str) -> int:
    """The bytes ``text`` takes in the payload's JSON (UTF-8 as is), without its quotes."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return len(text)  # nothing escaped: one byte a character
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8")) - 2


def office_of(settings: Settings) -> str:
    """Who issues the programme's certificates: its organizer, else its name."""
    return settings.organizer or settings.name


_UNPRINTABLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u0000-\u001f\u007f-\u009f]")


def printable(text: str) -> str:
    """``text`` as a certificate prints it: on one line, without direction controls.

    A line break would split the certificate over two pages and a bidi
    override (U+202E) print the name reversed; they are refused where names
    are entered, and any that an older file holds are left out here.
    """
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def of_certificate(programme: Programme, certificate: Certificate) -> Claims:
    """What ``certificate`` says: the name and business as the register keeps them.

    An entry written before the register kept them (format 1.1) says the
    names the participant has now.
    """
    who = programme.participants_by_id.get(certificate.participant)
    name = certificate.name or (who.owner if who else certificate.participant)
    business = certificate.business or (who.business if who else "")
    return Claims(
        printable(certificate.number),
        printable(name),
        printable(business),
        printable(programme.settings.name),
        certificate.issued,
        printable(office_of(programme.settings)),
    )


def describe(field: str, size: int, limit: int, who: str) -> str:
    """One limit broken, as a person reads it."""
    if field == "qr":
        return _(
            "{id}: the certificate's QR code would hold {size} bytes, more than {limit}: "
            "shorten the names, the programme's name or the verify_url."
        ).format(id=who, size=size, limit=limit)
    label = {
        "num": _("the certificate number"),
        "name": _("the owner's name"),
        "bus": _("the business's name"),
        "prog": _("the programme's name"),
        "iss": _("the organizer's name"),
    }[field]
    return _("{id}: {what} has {size} characters; a certificate holds at most {limit}.").format(
        id=who, what=label, size=size, limit=limit
    )


def qr_bytes(claims: Claims, verify_url: str | None) -> int:
    """The exact length of the QR text of ``claims`` (the signature's length is fixed)."""
    token = token_length(len(compact_json(claims.payload())))
    return token + (len(verify_url.encode("utf-8")) + 1 if verify_url else 0)


def qr_text(token: str, verify_url: str | None) -> str:
    """What the QR code holds: the token, after ``URL#`` when the programme gives a URL."""
    return f"{verify_url}#{token}" if verify_url else token


def token_in(text: str) -> str | None:
    """The token in a QR text (``URL#TOKEN`` or the token alone), or None when it holds none."""
    stripped = text.strip()
    candidate = stripped.rsplit("#", 1)[-1].strip()
    parts = candidate.split(".")
    if len(parts) == 3 and all(parts[:2]) and " " not in candidate:
        return candidate
    return None


def claims_of(payload: dict[str, Any]) -> Claims | None:
    """The claims of a verified payload, or None when a field is missing or not text."""
    values = [payload.get(name) for name in FIELDS]
    if not all(isinstance(v, str) for v in values):
        return None
    number, name, business, programme, day, office = (str(v) for v in values)
    try:
        issued = date.fromisoformat(day)
    except ValueError:
        return None
    return Claims(number, name, business, programme, issued, office)
