"""A throwaway certificate authority and an office's signing certificate (PKCS#12), for tests.

    ca = make_ca("Uji Root CA")                       # self-signed, CA:TRUE
    office = make_signer(ca, "Dinas Uji Kabupaten Blora")
    p12 = office.pkcs12(b"rahasia")                   # what BSrE hands an office, in shape
    (tmp_path / "office.p12").write_bytes(p12)

    # in conftest.py
    @pytest.fixture(scope="session")
    def office_p12(tmp_path_factory): ...            # see ``office_p12`` below

The shape follows a BSrE personal/organisation certificate: RSA 2048 (BSrE issues RSA;
an EC key works the same way with pyHanko), key usage digitalSignature and
nonRepudiation (contentCommitment), extended key usage emailProtection + document
signing, valid from an hour ago for a year, a chain of root -> signer (BSrE has an
intermediate; ``make_signer(make_intermediate(root), ...)`` gives that shape too).
Keys are made once per test session: RSA key generation is the slow part (~50 ms).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")  # Microsoft "Document Signing"


@dataclass(frozen=True)
class Issued:
    """A certificate, its private key, and the chain above it (not the root)."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, password: bytes | None, name: bytes = b"office") -> bytes:
        """A PKCS#12 file as a CA hands it out: key, certificate and chain, AES-encrypted."""
        encryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(
            name, self.key, self.certificate, list(self.chain) or None, encryption
        )


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Uji (throwaway, tests only)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_ca(common: str = "Uji Root CA", days: int = 3650) -> Issued:
    key = _key()
    name = _name(common)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(hours=1))
        .not_valid_after(_now() + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,  # keyCertSign, cRLSign
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return Issued(certificate, key)


def make_intermediate(parent: Issued, common: str = "Uji Intermediate CA") -> Issued:
    return _issue(parent, common, ca=True)


def make_signer(
    parent: Issued,
    common: str = "Dinas Uji Kabupaten Blora",
    *,
    days: int = 365,
    starts: dt.datetime | None = None,
) -> Issued:
    return _issue(parent, common, ca=False, days=days, starts=starts)


def _issue(
    parent: Issued, common: str, *, ca: bool, days: int = 365, starts: dt.datetime | None = None
) -> Issued:
    key = _key()
    start = starts or (_now() - dt.timedelta(hours=1))
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(parent.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()), False
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    else:
        builder = builder.add_extension(
            # digitalSignature, contentCommitment (nonRepudiation)
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            True,
        ).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
            False,
        )
    certificate = builder.sign(parent.key, hashes.SHA256())
    # the chain a PKCS#12 carries: every CA between the signer and the root, not the root
    parent_is_root = parent.certificate.issuer == parent.certificate.subject
    chain = () if parent_is_root else (parent.certificate, *parent.chain)
    return Issued(certificate, key, chain)


def validate(pdf: bytes, ca: Issued):  # type: ignore[no-untyped-def]
    """pyHanko's status of the one signature in ``pdf``, trusting ``ca`` alone, offline."""
    import io
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from asn1crypto import x509 as asn1_x509
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(ca.certificate.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    [signature] = reader.embedded_signatures
    return validate_pdf_signature(signature, context)
