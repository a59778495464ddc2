"""Compact JWS (RFC 7515) signed with EdDSA over Ed25519 (RFC 8037), on ``cryptography`` alone.

A certificate's QR code holds one token: ``header.payload.signature``, each
part base64url without padding.  The header is ``{"alg":"EdDSA","kid":FP}``
(``FP`` the key's fingerprint, below); the payload a JSON object, compact and
UTF-8 as is.  One algorithm, fixed: a token whose ``alg`` is anything else
(``none``, ``HS256``, ``Ed25519``) is refused, as is one with ``crit``,
without a ``kid``, with a payload that is not a JSON object or names a
member twice, or spelled in base64url other than the one canonical way.
No JOSE library: their algorithm negotiation is what we do not want, and a
library's deprecation of ``EdDSA`` (RFC 9864) must never stop a certificate
signed years ago from verifying.  The RFC 8037 vectors are in the tests.

The **fingerprint** of a key is its RFC 7638 thumbprint in base32, its first
16 characters (80 bits): the ``kid``, the private key file's name, and what a
certificate prints small under its QR code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

ALG = "EdDSA"
FINGERPRINT_CHARS = 16
"""Base32 characters of the thumbprint kept as the key's fingerprint (80 bits)."""
SIGNATURE_CHARS = 86
"""An Ed25519 signature (64 bytes) in base64url."""

_B64URL = re.compile(r"[A-Za-z0-9_-]*")


class TokenError(ValueError):
    """A token that does not verify; ``reason`` says why: malformed, unknown-key or tampered."""

    def __init__(self, reason: str, detail: str = "", kid: str | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.kid = kid


def b64encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515, section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """The bytes of unpadded base64url ``text``; only the one canonical spelling is accepted."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise TokenError("malformed", "not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenError("malformed", "not base64url") from None
    if b64encode(data) != text:  # stray low bits: a second spelling of the same bytes
        raise TokenError("malformed", "not canonical base64url")
    return data


def compact_json(value: Mapping[str, Any]) -> bytes:
    """JSON with no white space, UTF-8 as is (a name with é costs 2 bytes, not 6)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def public_jwk(public: Ed25519PublicKey) -> dict[str, str]:
    """The key as a JWK (RFC 8037, section 2)."""
    from cryptography.hazmat.primitives import serialization

    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"crv": "Ed25519", "kty": "OKP", "x": b64encode(raw)}


def thumbprint(public: Ed25519PublicKey) -> bytes:
    """The RFC 7638 thumbprint: SHA-256 of the required members, sorted, no white space."""
    canonical = json.dumps(public_jwk(public), separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode("ascii")).digest()


def fingerprint(public: Ed25519PublicKey) -> str:
    """The key's short name: the thumbprint in base32 (A-Z, 2-7), 16 characters."""
    return base64.b32encode(thumbprint(public)).decode("ascii")[:FINGERPRINT_CHARS]


def spaced(fp: str) -> str:
    """A fingerprint in groups of four, as printed: ``ABCD EFGH IJKL MNOP``."""
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def header_for(kid: str, typ: str | None = None) -> dict[str, str]:
    """The protected header of ukm's tokens (``typ`` only for the revocation list)."""
    header = {"alg": ALG, "kid": kid}
    if typ is not None:
        header["typ"] = typ
    return header


def sign(payload: Mapping[str, Any], private: Ed25519PrivateKey, kid: str) -> str:
    """``payload`` signed by ``private`` (whose fingerprint is ``kid``), compact serialisation."""
    return encode(header_for(kid), compact_json(payload), private)


def encode(header: Mapping[str, Any], payload: bytes, private: Ed25519PrivateKey) -> str:
    """The compact serialisation of ``payload`` under ``header`` (RFC 7515, section 7.1)."""
    signing_input = b64encode(compact_json(header)) + "." + b64encode(payload)
    signature = private.sign(signing_input.encode("ascii"))
    return signing_input + "." + b64encode(signature)


def token_length(payload_bytes: int, kid: str = "A" * FINGERPRINT_CHARS) -> int:
    """The exact length of a token whose payload is ``payload_bytes`` long (no signing needed)."""
    head = len(b64encode(compact_json(header_for(kid))))
    return head + 1 + -(-4 * payload_bytes // 3) + 1 + SIGNATURE_CHARS


def unverified_header(token: str) -> dict[str, Any]:
    """The protected header, not yet trusted (to choose the key by its ``kid``)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("malformed", "a compact JWS has three parts")
    header = _json_object(b64decode(parts[0]))
    if header.get("alg") != ALG:
        raise TokenError("malformed", f"alg must be {ALG}")
    if "crit" in header:  # RFC 7515 4.1.11: extensions not understood must fail
        raise TokenError("malformed", "crit is not understood")
    if not isinstance(header.get("kid"), str):
        raise TokenError("malformed", "no kid")
    return header


def unverified_payload(token: str) -> dict[str, Any] | None:
    """The payload as written, not trusted (to say what a tampered token claims), or None."""
    try:
        return _json_object(b64decode(token.split(".")[1]))
    except (TokenError, IndexError):
        return None


def verify(
    token: str, keys: Mapping[str, Ed25519PublicKey], typ: str | None = None
) -> tuple[dict[str, Any], str]:
    """The payload of ``token`` and the kid of the key that signed it; :class:`TokenError` else.

    ``typ`` is the header's type the token must have (None: it must have none).
    """
    from cryptography.exceptions import InvalidSignature

    token = token.strip()
    header = unverified_header(token)
    if header.get("typ") != typ:
        raise TokenError("malformed", "another kind of token")
    kid = header["kid"]
    public = keys.get(kid)
    if public is None:
        raise TokenError("unknown-key", kid, kid=kid)
    signing_input, _dot, signature = token.rpartition(".")
    try:
        public.verify(b64decode(signature), signing_input.encode("ascii"))
    except InvalidSignature:
        raise TokenError("tampered", kid=kid) from None
    return _json_object(b64decode(signing_input.split(".")[1])), kid


def _json_object(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise TokenError("malformed", "not JSON") from None
    if not isinstance(value, dict):
        raise TokenError("malformed", "not a JSON object")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose member names are unique (RFC 7515 section 4: else reject)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate member")
    return result
