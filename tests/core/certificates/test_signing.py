"""The JWS of a certificate's QR code: RFC 8037's vectors, and every token that must be refused."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ukmtool.core.certificates import revocation, signing

PAYLOAD = {
    "num": "001/SERT-SP/2018",
    "name": "Sri Wahyuni",
    "bus": "Batik Sekar Jati",
    "prog": "Lokakarya Score Plus Kabupaten Blora 2017",
    "date": "2018-03-20",
    "iss": "Dindagkop UKM Kabupaten Blora",
}


def test_rfc8037_appendix_a_signature_and_thumbprint_vectors() -> None:
    """A.4 (Ed25519 is deterministic: the token matches byte for byte) and A.3 (RFC 7638)."""
    private = Ed25519PrivateKey.from_private_bytes(
        signing.b64decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
    )
    token = signing.encode({"alg": "EdDSA"}, b"Example of Ed25519 signing", private)

    assert token == (
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGc"
        "vMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    )
    assert signing.b64encode(signing.thumbprint(private.public_key())) == (
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    )
    assert signing.public_jwk(private.public_key())["x"] == (
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    )


def _keyed() -> tuple[Ed25519PrivateKey, str, dict[str, object]]:
    private = Ed25519PrivateKey.generate()
    kid = signing.fingerprint(private.public_key())
    return private, kid, {kid: private.public_key()}


def test_a_token_gives_back_the_payload_as_signed_accents_and_all() -> None:
    private, kid, ring = _keyed()
    payload = {**PAYLOAD, "name": "Ṡri Wahyuni Ñ", "bus": "Batik “Sekar” Jati"}
    token = signing.sign(payload, private, kid)

    assert signing.verify(token, ring) == (payload, kid)  # type: ignore[arg-type]
    assert len(token) == signing.token_length(len(signing.compact_json(payload)), kid)
    assert len(kid) == 16 and kid.isupper()


def _swap_payload(token: str, **change: str) -> str:
    head, body, signature = token.split(".")
    payload = json.loads(signing.b64decode(body))
    payload.update(change)
    return ".".join([head, signing.b64encode(signing.compact_json(payload)), signature])


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("name-changed", "tampered"),
        ("another-key", "unknown-key"),
        ("another-key-our-kid", "tampered"),
        ("alg-none", "malformed"),
        ("alg-hs256", "malformed"),
        ("padded", "malformed"),
        ("crit", "malformed"),
        ("no-kid", "malformed"),
        ("payload-a-list", "malformed"),
        ("duplicate-member", "malformed"),
        ("two-parts", "malformed"),
        ("revocation-list-as-certificate", "malformed"),
    ],
)
def test_refused_tokens_each_for_its_reason(case: str, reason: str) -> None:
    private, kid, ring = _keyed()
    other = Ed25519PrivateKey.generate()
    token = signing.sign(PAYLOAD, private, kid)
    head, body, signature = token.split(".")

    def with_header(
        header: dict[str, object], payload: bytes = signing.compact_json(PAYLOAD)
    ) -> str:
        return signing.encode(header, payload, private)

    bad = {
        "name-changed": lambda: _swap_payload(token, name="Orang Lain"),
        "another-key": lambda: signing.sign(
            PAYLOAD, other, signing.fingerprint(other.public_key())
        ),
        "another-key-our-kid": lambda: signing.sign(PAYLOAD, other, kid),
        "alg-none": lambda: (
            signing.b64encode(b'{"alg":"none","kid":"%s"}' % kid.encode()) + "." + body + "."
        ),
        "alg-hs256": lambda: with_header({"alg": "HS256", "kid": kid}),
        "padded": lambda: token + "==",
        "crit": lambda: with_header({"alg": "EdDSA", "kid": kid, "crit": ["exp"]}),
        "no-kid": lambda: with_header({"alg": "EdDSA"}),
        "payload-a-list": lambda: with_header({"alg": "EdDSA", "kid": kid}, b"[1,2]"),
        "duplicate-member": lambda: with_header(
            {"alg": "EdDSA", "kid": kid}, b'{"num":"1","num":"2"}'
        ),
        "two-parts": lambda: head + "." + body,
        "revocation-list-as-certificate": lambda: with_header(
            signing.header_for(kid, revocation.TYP)
        ),
    }[case]()

    with pytest.raises(signing.TokenError) as refused:
        signing.verify(bad, ring)  # type: ignore[arg-type]
    assert refused.value.reason == reason
    assert signature  # the genuine token verifies
    assert signing.verify(token, ring)[0] == PAYLOAD  # type: ignore[arg-type]


def test_a_revocation_list_verifies_and_refuses_a_change_or_a_certificate() -> None:
    from datetime import date

    private, kid, ring = _keyed()
    data = revocation.make(
        private,
        kid,
        office=PAYLOAD["iss"],
        programme=PAYLOAD["prog"],
        revoked=[("001/SERT-SP/2018", date(2018, 4, 2))],
        today=date(2019, 1, 5),
    )
    listed = revocation.load(data, ring)  # type: ignore[arg-type]
    assert listed.made == date(2019, 1, 5)

    document = json.loads(data)
    payload = json.loads(signing.b64decode(document["payload"]))
    payload["revoked"] = []  # un-revoke it
    document["payload"] = signing.b64encode(signing.compact_json(payload))
    with pytest.raises(signing.TokenError) as changed:
        revocation.load(json.dumps(document).encode(), ring)  # type: ignore[arg-type]
    assert changed.value.reason == "tampered"

    head, body, signature = signing.sign(PAYLOAD, private, kid).split(".")
    repackaged = json.dumps({"protected": head, "payload": body, "signature": signature})
    with pytest.raises(signing.TokenError):
        revocation.load(repackaged.encode(), ring)  # type: ignore[arg-type]
