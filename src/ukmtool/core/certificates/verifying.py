"""``ukm certificate verify``: is this certificate genuine, whose is it, is it revoked.

What is asked is the QR code's text (``URL#TOKEN`` or the token), read from a
photo, a scan or the PDF (``scan``), or typed; or, in the programme folder,
a certificate number (or the unsigned ``UKM-CERT|...`` text of certificates
printed before they were signed).

A token is checked against public keys (``--key certificates.pub``, else the
folder's own): its signature says the office issued exactly what it claims
(number, name and business as printed, programme, date).  In the programme
folder the register (``certificates.yaml``) is consulted too: revoked there,
or not there at all, and the holder's name today if it changed.  A signed
revocation list (``--revoked``) tells the same offline.  Only a certificate
that is signed by a known key (or, for a number, in the register) and not
revoked is valid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core import certificate_numbers
from ukmtool.core.certificates import claims as claims_module
from ukmtool.core.certificates import signing
from ukmtool.core.certificates.claims import Claims
from ukmtool.core.certificates.issued import Found, find, found
from ukmtool.core.certificates.keys import PublicKey
from ukmtool.core.certificates.revocation import RevocationList
from ukmtool.errors import DataError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.programme import Programme

VALID = "valid"
REVOKED = "revoked"
TAMPERED = "tampered"
UNKNOWN_KEY = "unknown-key"
MALFORMED = "malformed"
NOT_ISSUED = "not-issued"
MISMATCH = "mismatch"
PDF_CHANGED = "pdf-changed"
"""The QR code holds, but the PDF it was read from was changed after it was signed."""
STATUSES = (VALID, REVOKED, TAMPERED, UNKNOWN_KEY, MALFORMED, NOT_ISSUED, MISMATCH, PDF_CHANGED)


@dataclass
class Verdict:
    """What ``verify`` found for one certificate."""

    status: str
    asked: str
    """The text checked (a number, or what the QR code holds)."""
    claims: Claims | None = None
    """What the certificate says: verified when signed; as the register has it for a number."""
    signed: bool = False
    """Whether a signature was checked and holds (``claims`` is then the office's word)."""
    kid: str | None = None
    found: Found | None = None
    """The register's entry, when the programme folder was consulted and holds it."""
    programme: str | None = None
    """The folder's programme, when one was consulted."""
    other_programme: bool = False
    """A signed certificate of another programme than the folder's (its register not consulted)."""
    revoked_on: date | None = None
    revoked_by: str | None = None
    """``register`` or ``list``: where the revocation was found."""
    lists: list[date] = field(default_factory=list)
    """The dates of the revocation lists that cover the certificate (none named it)."""
    retired: date | None = None
    """The day the signing key was replaced, when the certificate is dated after it."""
    name_now: str | None = None
    business_now: str | None = None
    """The holder's names today, when they differ from what was printed."""

    @property
    def valid(self) -> bool:
        """Exit 0 only for this."""
        return self.status == VALID


def verify_asked(
    what: str,
    *,
    key_files: Sequence[Path],
    list_files: Sequence[Path],
    programme: Programme | None,
) -> list[Verdict]:
    """The verdicts on what ``verify`` was given: a file (each QR code in it), a text, a number."""
    from ukmtool.core.certificates import keys as keys_module
    from ukmtool.core.certificates import scan

    if key_files:
        ring: list[PublicKey] | None = [
            k for path in key_files for k in keys_module.load_public_file(path)
        ]
    elif programme is not None:
        ring = keys_module.folder_keys(programme.folder)
    else:
        ring = None
    lists = [_revocation_list(path, ring) for path in list_files]
    if scan.looks_like_file(what):
        texts = scan.qr_texts(Path(what))
        if not texts:
            raise DataError(
                _("No QR code could be read in {path}.").format(path=what),
                hint=_(
                    "Photograph the QR code close up, straight and sharp, in good light; "
                    "send the picture as a document, not as a compressed chat photo."
                ),
            )
        verdicts = [verify_text(t, keys=ring, programme=programme, lists=lists) for t in texts]
        if any(v.valid for v in verdicts) and scan.changed_after_signing(Path(what)):
            for verdict in verdicts:
                if verdict.valid:
                    verdict.status = PDF_CHANGED
        return verdicts
    return [verify_text(what, keys=ring, programme=programme, lists=lists)]


def _revocation_list(path: Path, ring: Sequence[PublicKey] | None) -> RevocationList:
    from ukmtool.core.certificates import revocation

    if ring is None:
        raise DataError(
            _("There is no public key to check the revocation list {path} with.").format(path=path),
            hint=_("Give the office's published key with --key certificates.pub."),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        return revocation.load(data, {k.fingerprint: k.key for k in ring})
    except signing.TokenError as problem:
        reason = {
            "tampered": _("its signature does not match: it was changed after it was signed"),
            "unknown-key": _("it is signed by a key that is not among the keys given"),
        }.get(problem.reason, _("it is not a revocation list of ukm"))
        raise DataError(
            _("The revocation list {path} cannot be used: {reason}.").format(
                path=path, reason=reason
            ),
            hint=_("Get the list again from the office, as published."),
        ) from None


def verify_text(
    text: str,
    *,
    keys: Sequence[PublicKey] | None,
    programme: Programme | None,
    lists: Sequence[RevocationList] = (),
) -> Verdict:
    """The verdict on ``text``: a QR code's text, or (in a folder) a certificate number."""
    token = claims_module.token_in(text)
    if token is None:
        if programme is None:
            raise DataError(
                _("'{text}' is not what a certificate's QR code holds.").format(text=text[:80]),
                hint=_(
                    "Give a photo or scan of the certificate, or the text its QR code holds; "
                    "a number alone is checked in the programme folder (--data DIR)."
                ),
            )
        return _by_number(text, programme)
    if keys is None:
        raise DataError(
            _("There is no public key to check the certificate's signature with."),
            hint=_(
                "Give the office's published key with --key certificates.pub "
                "(or run it in the programme folder that holds certificates.pub)."
            ),
        )
    return _by_token(text, token, keys, programme, lists)


def _by_number(text: str, programme: Programme) -> Verdict:
    asked = certificate_numbers.asked_number(text)
    parts = text.strip().split("|")
    if len(parts) >= 3 and parts[0].strip().upper() == certificate_numbers.QR_PREFIX:
        named = "|".join(parts[2:]).strip()
        if (
            " ".join(named.split()).casefold()
            != " ".join(programme.settings.name.split()).casefold()
        ):
            raise DataError(
                _(
                    "The QR code names the programme '{named}'; this folder holds '{programme}'."
                ).format(named=named, programme=programme.settings.name),
                hint=_("Check it in that programme's folder (--data DIR)."),
            )
    entry = found(programme, find(programme, asked))
    verdict = Verdict(
        VALID,
        text,
        claims_module.of_certificate(programme, entry.certificate),
        found=entry,
        programme=programme.settings.name,
    )
    _register_says(verdict, entry)
    return verdict


def _by_token(
    text: str,
    token: str,
    keys: Sequence[PublicKey],
    programme: Programme | None,
    lists: Sequence[RevocationList],
) -> Verdict:
    ring = {k.fingerprint: k.key for k in keys}
    try:
        payload, kid = signing.verify(token, ring)
    except signing.TokenError as problem:
        claimed = signing.unverified_payload(token)
        status = {"tampered": TAMPERED, "unknown-key": UNKNOWN_KEY}.get(problem.reason, MALFORMED)
        return Verdict(
            status,
            text,
            claims_module.claims_of(claimed) if claimed else None,
            kid=problem.kid,
            programme=programme.settings.name if programme else None,
        )
    said = claims_module.claims_of(payload)
    if said is None:
        return Verdict(MALFORMED, text, kid=kid)
    verdict = Verdict(VALID, text, said, signed=True, kid=kid)
    by_kid: Mapping[str, PublicKey] = {k.fingerprint: k for k in keys}
    retired = by_kid[kid].retired
    if retired is not None and said.issued > retired:
        verdict.retired = retired
    if programme is not None:
        verdict.programme = programme.settings.name
        if _same_programme(said, programme):
            _consult_register(verdict, said, programme)
        else:
            verdict.other_programme = True
    for listed in lists:
        covers, _day = listed.revoked_on(said)
        if not covers:
            continue
        if listed.names(said):
            if verdict.status == VALID:
                verdict.status = REVOKED
                verdict.revoked_on = _day
                verdict.revoked_by = "list"
        else:
            verdict.lists.append(listed.made)
    return verdict


def _same_programme(said: Claims, programme: Programme) -> bool:
    def norm(value: str) -> str:
        return " ".join(value.split()).casefold()

    settings = programme.settings
    return norm(said.programme) == norm(settings.name) and norm(said.office) == norm(
        claims_module.office_of(settings)
    )


def _consult_register(verdict: Verdict, said: Claims, programme: Programme) -> None:
    from ukmtool.errors import NotFoundError

    try:
        entry = found(programme, find(programme, said.number))
    except NotFoundError:
        verdict.status = NOT_ISSUED
        return
    verdict.found = entry
    recorded = claims_module.of_certificate(programme, entry.certificate)
    if (recorded.name, recorded.business, recorded.issued) != (
        said.name,
        said.business,
        said.issued,
    ):
        verdict.status = MISMATCH
        return
    _register_says(verdict, entry)


def _register_says(verdict: Verdict, entry: Found) -> None:
    """Revoked in the register, and the holder's names today when they changed."""
    certificate, who = entry.certificate, entry.participant
    if certificate.revoked is not None:
        verdict.status = REVOKED
        verdict.revoked_on = certificate.revoked.date
        verdict.revoked_by = "register"
    printed = verdict.claims
    if who is not None and printed is not None:
        if who.owner != printed.name:
            verdict.name_now = who.owner
        if who.business != printed.business:
            verdict.business_now = who.business
