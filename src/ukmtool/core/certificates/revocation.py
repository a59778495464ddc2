"""The signed revocation list (``ukm certificate revoked --output revoked.json``), used offline.

A JWS in the flattened JSON serialisation (RFC 7515, section 7.2.2): real
JSON, and the signed bytes are exactly the payload (no canonical form to
get wrong)::

    {"protected": "<b64url header>", "payload": "<b64url list>", "signature": "<b64url>"}

The header is the certificates' plus ``"typ": "ukm-revoked+json"``, so a
list is never taken for a certificate nor a certificate for a list (RFC
8725, explicit typing).  The payload::

    {"iss": "Dindagkop ...", "prog": "Lokakarya ...", "date": "2025-06-01",
     "revoked": [{"num": "001/SERT-SP/2018", "date": "2018-04-02"}]}

``date`` is the day the list was made: a verifier says "not revoked as of
that day", never plainly "not revoked".  Reasons are not published (they
can be personal); they stay in ``certificates.yaml``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ukmtool.core import certificate_numbers
from ukmtool.core.certificates import signing

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from ukmtool.core.certificates.claims import Claims

TYP = "ukm-revoked+json"
_PARTS = ("protected", "payload", "signature")


@dataclass(frozen=True, slots=True)
class RevocationList:
    """A verified list: whose, of which programme, made when, and the numbers revoked."""

    office: str
    programme: str
    made: date
    revoked: dict[str, date | None]
    """Number's comparison key -> the day it was revoked."""

    def revoked_on(self, claims: Claims) -> tuple[bool, date | None]:
        """Whether the list covers ``claims``'s programme, and the day it revoked it (or None)."""
        if not _same(self.programme, claims.programme) or not _same(self.office, claims.office):
            return False, None
        key = certificate_numbers.key(claims.number)
        return True, self.revoked.get(key) if key in self.revoked else None

    def names(self, claims: Claims) -> bool:
        """Whether the list names ``claims``'s certificate as revoked."""
        covers, _day = self.revoked_on(claims)
        return covers and certificate_numbers.key(claims.number) in self.revoked


def make(
    private: Ed25519PrivateKey,
    kid: str,
    *,
    office: str,
    programme: str,
    revoked: Sequence[tuple[str, date]],
    today: date,
) -> bytes:
    """The file's bytes: the programme's revoked numbers and days, signed."""
    payload = {
        "iss": office,
        "prog": programme,
        "date": today.isoformat(),
        "revoked": [{"num": num, "date": day.isoformat()} for num, day in revoked],
    }
    token = signing.encode(signing.header_for(kid, TYP), signing.compact_json(payload), private)
    document = dict(zip(_PARTS, token.split("."), strict=True))
    return (json.dumps(document, indent=1) + "\n").encode("ascii")


def load(data: bytes, keys: Mapping[str, Ed25519PublicKey]) -> RevocationList:
    """The list, once its signature verifies under one of ``keys``; ``TokenError`` else."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise signing.TokenError("malformed", "not a revocation list") from None
    if not isinstance(document, dict) or set(document) != set(_PARTS):
        raise signing.TokenError("malformed", "not a revocation list")
    if not all(isinstance(document[p], str) for p in _PARTS):
        raise signing.TokenError("malformed", "not a revocation list")
    token = ".".join(document[p] for p in _PARTS)
    payload, _kid = signing.verify(token, keys, typ=TYP)
    return _parsed(payload)


def _parsed(payload: dict[str, Any]) -> RevocationList:
    entries = payload.get("revoked")
    office, programme, made = payload.get("iss"), payload.get("prog"), payload.get("date")
    if not (
        isinstance(entries, list)
        and isinstance(office, str)
        and isinstance(programme, str)
        and isinstance(made, str)
    ):
        raise signing.TokenError("malformed", "not a revocation list")
    revoked: dict[str, date | None] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("num"), str):
            raise signing.TokenError("malformed", "revoked is not a list of numbers")
        revoked[certificate_numbers.key(entry["num"])] = _day(entry.get("date"))
    day = _day(made)
    if day is None:
        raise signing.TokenError("malformed", "the list has no date")
    return RevocationList(office, programme, day, revoked)


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
