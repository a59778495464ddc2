"""PAdES signatures on the PDFs ukm writes (``--sign office.p12``), with pyHanko.

The office's certificate comes as a PKCS#12 file (a BSrE certificate exported
as ``.p12``/``.pfx``); its password from ``UKM_P12_PASSWORD`` or a prompt
that does not echo, never from a flag (a flag lands in the shell's history and
in ``ps``).  The signature is PAdES baseline B-B (``ETSI.CAdES.detached``,
SHA-256), invisible (the printed signatory and the QR code are on the page),
added as an incremental update: the PDF as made is kept byte for byte.

pyHanko is an extra (``pip install 'ukm[sign]'``), imported only here, only
for ``--sign``.  Its key is loaded once (pyHanko reloads it for every
signature, 80-160 ms for RSA) and room for the signature is reserved, so
signing costs about 40 ms a PDF instead of 300.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ukmtool.errors import DataError, UsageError
from ukmtool.i18n import _

PASSWORD_VAR = "UKM_P12_PASSWORD"
RESERVED = 16 * 1024
"""Hex digits kept for the signature (a CMS with a chain of three RSA certificates is ~6 KB)."""
MAX_P12_BYTES = 1 << 20


def password_from_env() -> str | None:
    """The password in ``UKM_P12_PASSWORD`` (None: ask)."""
    return os.environ.get(PASSWORD_VAR)


def _import_pyhanko() -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyHanko's import warns that DSA is deprecated
            import pyhanko.sign  # noqa: F401
    except ImportError:
        raise UsageError(
            _("--sign needs pyHanko, which is not installed."),
            hint=_("Install it with: pip install 'ukm[sign]'"),
        ) from None


def check_available() -> None:
    """Refuse ``--sign`` at once (exit 2) when pyHanko is missing."""
    _import_pyhanko()


def load_signer(
    path: Path, password: str | None, *, now: datetime | None = None
) -> Callable[[bytes], bytes]:
    """A function signing one PDF with the office's certificate in ``path``.

    Refuses a file that cannot be read, a wrong password (or a file that is
    not PKCS#12), and a certificate not valid today.
    """
    _import_pyhanko()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from cryptography.hazmat.primitives.serialization import pkcs12
        from pyhanko.sign import signers

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_P12_BYTES + 1)
    except OSError as exc:
        raise DataError(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    secret = password.encode("utf-8") if password is not None else None
    try:
        if len(data) > MAX_P12_BYTES:
            raise ValueError("too large")
        base = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=secret)
        key, _cert, _more = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError):
        raise DataError(
            _(
                "{path} cannot be opened: a wrong password, or not a PKCS#12 (.p12/.pfx) file."
            ).format(path=path),
            hint=_("Give the password in the prompt or in UKM_P12_PASSWORD."),
        ) from None
    if base is None or key is None:
        raise DataError(_("{path} holds no private key to sign with.").format(path=path))
    certificate = base.signing_cert
    moment = now or datetime.now(UTC)
    valid = certificate["tbs_certificate"]["validity"]
    starts = valid["not_before"].native
    ends = valid["not_after"].native
    if not starts <= moment <= ends:
        raise DataError(
            _("The certificate in {path} is valid from {start} to {end}, not today.").format(
                path=path, start=starts.date().isoformat(), end=ends.date().isoformat()
            ),
            hint=_("Sign with the office's current certificate."),
        )
    signer = _once_loaded(base, key)
    location = None

    def sign(pdf: bytes) -> bytes:
        return _sign(pdf, signer, location)

    return sign


def _once_loaded(base: Any, key: Any) -> Any:
    """PyHanko's signer, with the private key loaded once (its extension point: sign_raw)."""
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash  # type: ignore[attr-defined]

    class OnceLoaded(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, padding.PKCS1v15(), hash_algorithm)
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(hash_algorithm))
            return super().sign_raw(data, digest_algorithm)

    return OnceLoaded(
        signing_key=base.signing_key,
        signing_cert=base.signing_cert,
        cert_registry=base.cert_registry,
        signature_mechanism=base.signature_mechanism,
    )


def _sign(pdf: bytes, signer: Any, location: str | None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_byterange import BuildProps

    from ukmtool import __version__

    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",  # report_file._signed_by_ukm reads a SHA-256 digest
        location=location,
        # the application that signed, in the signature itself: printing again in the
        # programme folder replaces a PDF ukm made and signed (report_file.is_own_output)
        app_build_props=BuildProps(name="ukm", revision=__version__),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=RESERVED)
    return bytes(out.getvalue())
