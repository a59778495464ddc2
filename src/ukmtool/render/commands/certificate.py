"""Output of ``ukm certificate``: who got which number, what a number certifies, a revocation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text

from ukmtool.core.certificates.issue import IssueOutcome, RevokeOutcome
from ukmtool.core.certificates.issued import Found, exempt_title
from ukmtool.core.certificates.keys import SigningKey
from ukmtool.core.certificates.signing import spaced
from ukmtool.core.certificates.verifying import Verdict
from ukmtool.core.models import Certificate
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, before_stop, ngettext
from ukmtool.localefmt import format_date, format_decimal, format_number
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json


def record(certificate: Certificate) -> dict[str, Any]:
    """An entry of ``certificates.yaml`` as plain data (JSON)."""
    revoked = certificate.revoked
    return {
        "number": certificate.number,
        "participant": certificate.participant,
        "name": certificate.name,
        "business": certificate.business,
        "issued": certificate.issued.isoformat(),
        "status": "valid" if revoked is None else "revoked",
        "revoked": None
        if revoked is None
        else {"date": revoked.date.isoformat(), "reason": revoked.reason},
    }


def show_issued(outcome: IssueOutcome, *, dry_run: bool, as_json: bool) -> None:
    """Who got (or, on a dry run, would get) which number, and who already held one."""
    path = outcome.programme.folder.certificates
    if as_json:
        print_json(
            {
                "programme": outcome.programme.settings.name,
                "dry_run": dry_run,
                "file": display_path(path),
                "graduates": outcome.graduates,
                "already_certified": outcome.already,
                "issued": [
                    {**record(i.certificate), "completed": i.completed.isoformat()}
                    for i in outcome.issued
                ],
            }
        )
        return
    out = console()
    for issued in outcome.issued:
        p = issued.participant
        out.print(
            Text(
                clean(
                    _("{number}  {id} {owner}, {business}").format(
                        number=issued.certificate.number,
                        id=p.id,
                        owner=p.owner,
                        business=p.business,
                    )
                )
            ),
            soft_wrap=True,
        )
    already = ngettext(
        "{count} graduate already holds a valid certificate.",
        "{count} graduates already hold a valid certificate.",
        outcome.already,
    ).format(count=format_number(outcome.already))
    count = len(outcome.issued)
    if dry_run:
        message = ngettext(
            "Dry run: {count} certificate would be issued; nothing was written.",
            "Dry run: {count} certificates would be issued; nothing was written.",
            count,
        ).format(count=format_number(count))
        style = "yellow"
    elif count:
        message = ngettext(
            "Issued {count} certificate, recorded in {file}.",
            "Issued {count} certificates, recorded in {file}.",
            count,
        ).format(count=format_number(count), file=display_path(path))
        style = "green"
    else:
        message = _("No graduate is waiting for a certificate; nothing was written.")
        style = "green"
    out.print(Text(clean(f"{message} {already}"), style=style), soft_wrap=True)


def show_written(paths: list[Path]) -> None:
    """Say where the PDFs went: the file, or the folder and how many."""
    err = console(stderr=True)
    if len(paths) == 1:
        message = _("Wrote {path}.").format(path=paths[0])
    elif paths:
        message = ngettext(
            "Wrote {count} PDF into {folder}.", "Wrote {count} PDFs into {folder}.", len(paths)
        ).format(count=format_number(len(paths)), folder=paths[0].parent)
    else:
        return
    err.print(Text(clean(message)), soft_wrap=True)


def show_key(key: SigningKey, public: Path) -> None:
    """When a key was made or published just now: where it is, and how to keep it safe."""
    err = console(stderr=True)
    if key.made is not None:
        err.print(
            Text(
                clean(
                    _(
                        "Made the office's signing key {fingerprint}: the private key is in "
                        "{path} (only you can read it). Back it up now: copy it to a USB stick "
                        "kept in the office safe. Without it no certificate can be signed with "
                        "this key again."
                    ).format(fingerprint=spaced(key.kid), path=key.made)
                ),
                style="yellow",
            ),
            soft_wrap=True,
        )
    if key.published:
        err.print(
            Text(
                clean(
                    _(
                        "Wrote the public key to {path}: publish it (website, letter) so that "
                        "anyone can verify the certificates (docs/verifying.md)."
                    ).format(path=display_path(public))
                )
            ),
            soft_wrap=True,
        )


def show_new_key(fp: str, path: Path, public: Path, older: int) -> None:
    """A new key made by ``key new``."""
    out = console()
    out.print(
        Text(
            clean(
                _(
                    "Made a new signing key {fingerprint}; its private key is in {path}. "
                    "Back it up (a USB stick in the office safe)."
                ).format(fingerprint=spaced(fp), path=path)
            ),
            style="green",
        ),
        soft_wrap=True,
    )
    message = _("{path} now holds it first; publish the file again (website, letter).").format(
        path=display_path(public)
    )
    if older:
        message += " " + ngettext(
            "The older key stays in it, so certificates it signed still verify.",
            "The {count} older keys stay in it, so certificates they signed still verify.",
            older,
        ).format(count=older)
    out.print(Text(clean(message)), soft_wrap=True)


def show_revocation_list(count: int, path: Path) -> None:
    """The signed revocation list written."""
    console().print(
        Text(
            clean(
                ngettext(
                    "Wrote the signed revocation list {path} ({count} certificate revoked); "
                    "publish it beside certificates.pub.",
                    "Wrote the signed revocation list {path} ({count} certificates revoked); "
                    "publish it beside certificates.pub.",
                    count,
                ).format(path=path, count=format_number(count))
            ),
            style="green",
        ),
        soft_wrap=True,
    )


def verdict(v: Verdict) -> dict[str, Any]:
    """What ``verify`` says of one certificate, as plain data (JSON)."""
    said = v.claims
    entry = v.found
    return {
        "status": v.status,
        "valid": v.valid,
        "signed": v.signed,
        "key": v.kid,
        "number": said.number if said else None,
        "name": said.name if said else None,
        "business": said.business if said else None,
        "programme": said.programme if said else None,
        "organizer": said.office if said else None,
        "issued": said.issued.isoformat() if said else None,
        "name_now": v.name_now,
        "business_now": v.business_now,
        "register": None
        if entry is None
        else {
            **record(entry.certificate),
            "modules": [
                {"id": m.module.id, "title": m.module.title, "hours": m.hours, "exempt": m.exempt}
                for m in entry.modules
            ],
            "total_hours": entry.total_hours,
        },
        "other_programme": v.other_programme,
        "revoked": None
        if v.revoked_on is None and v.status != "revoked"
        else {
            "date": v.revoked_on.isoformat() if v.revoked_on else None,
            "by": v.revoked_by,
        },
        "revocation_lists": [d.isoformat() for d in v.lists],
        "key_retired": v.retired.isoformat() if v.retired else None,
    }


def show_verdicts(verdicts: list[Verdict], *, as_json: bool) -> None:
    """Each certificate checked: its verdict first, in plain words, then what it says."""
    if as_json:
        data = [verdict(v) for v in verdicts]
        print_json(data[0] if len(data) == 1 else data)
        return
    out = console()
    for index, v in enumerate(verdicts):
        if index:
            out.print()
        _show_verdict(out, v)


def _headline(v: Verdict) -> str:
    number = v.claims.number if v.claims else v.asked[:60]
    if v.status == "valid":
        return _("Certificate {number} is VALID.").format(number=number)
    if v.status == "revoked":
        if v.revoked_on is not None:
            return _("Certificate {number} was REVOKED on {date}.").format(
                number=number, date=format_date(v.revoked_on)
            )
        return _("Certificate {number} was REVOKED.").format(number=number)
    if v.status == "tampered":
        return _(
            "NOT VALID: the certificate was CHANGED after it was signed (its signature does not "
            "match what it says)."
        )
    if v.status == "unknown-key":
        return _(
            "NOT VALID: signed by ANOTHER KEY ({key}), not by any of the office's keys given."
        ).format(key=spaced(v.kid) if v.kid else "?")
    if v.status == "not-issued":
        return _(
            "NOT VALID: certificate {number} is signed by the office's key, but the register "
            "of this programme does not hold it."
        ).format(number=number)
    if v.status == "mismatch":
        return _(
            "NOT VALID: certificate {number} says otherwise than the register of this "
            "programme (name, business or date)."
        ).format(number=number)
    if v.status == "pdf-changed":
        return _(
            "NOT VALID: this PDF was CHANGED after it was signed (its PDF signature no longer "
            "covers what it shows). Its QR code says what the office signed: compare it with "
            "the page."
        )
    return _("NOT VALID: this is not a certificate's QR code ukm can read.")


def _show_verdict(out: Any, v: Verdict) -> None:
    style = "bold green" if v.valid else "bold red"
    out.print(Text(clean(_headline(v)), style=style), soft_wrap=True)
    said = v.claims
    lines: list[tuple[str, str]] = []
    if said is not None:
        claimed = "" if v.signed or v.found is not None else " " + _("(as it claims)")
        lines.append((_("Name") + claimed, said.name))
        if v.name_now:
            lines.append((_("Name today"), v.name_now))
        lines.append((_("Business") + claimed, said.business))
        if v.business_now:
            lines.append((_("Business today"), v.business_now))
        lines.append((_("Programme"), said.programme))
        lines.append((_("Organizer"), said.office))
        if v.found is not None:
            lines.append((_("Modules"), _modules(v.found)))
        lines.append((_("Issued"), format_date(said.issued)))
    if v.kid and v.status != "unknown-key":
        lines.append((_("Signing key"), spaced(v.kid)))
    for label, value in lines:
        out.print(Text(clean(f"{label}: {value}")), soft_wrap=True)
    for note in _notes(v):
        out.print(Text(clean(note), style="yellow" if v.valid else ""), soft_wrap=True)


def _modules(entry: Found) -> str:
    return "; ".join(
        exempt_title(m)
        + (
            " " + _("({hours} h)").format(hours=format_decimal(m.hours))
            if m.hours is not None and m.exempt is None
            else ""
        )
        for m in entry.modules
    )


def _notes(v: Verdict) -> list[str]:
    notes: list[str] = []
    if v.status == "revoked" and v.found is not None and v.found.certificate.revoked:
        notes.append(
            _("Reason recorded: {reason}.").format(
                reason=before_stop(v.found.certificate.revoked.reason)
            )
        )
    if not v.valid:
        return notes
    if v.retired is not None:
        notes.append(
            _(
                "Note: it is dated after its key was replaced ({date}); ask the office whether "
                "it really issued it."
            ).format(date=format_date(v.retired))
        )
    if v.other_programme:
        notes.append(
            _(
                "It is a certificate of another programme than this folder's ({programme}): "
                "its register was not consulted."
            ).format(programme=v.programme)
        )
    if v.found is None and v.signed:
        if v.lists:
            notes.append(
                _("Not revoked as of {date} (the revocation list's date).").format(
                    date=format_date(max(v.lists))
                )
            )
        else:
            notes.append(
                _(
                    "The signature is the office's. Whether it was revoked since is not known "
                    "here: ask the office, or give its revocation list (--revoked)."
                )
            )
    return notes


def show_revoked(outcome: RevokeOutcome, *, as_json: bool) -> None:
    """Say which certificate is now revoked, and that its number is never given again."""
    certificate = outcome.certificate
    if as_json:
        print_json({"programme": outcome.programme.settings.name, **record(certificate)})
        return
    assert certificate.revoked is not None
    out = console()
    out.print(
        Text(
            clean(
                _("Revoked certificate {number} of {id} on {date}: {reason}.").format(
                    number=certificate.number,
                    id=certificate.participant,
                    date=format_date(certificate.revoked.date),
                    reason=before_stop(certificate.revoked.reason),
                )
            ),
            style="green",
        ),
        soft_wrap=True,
    )
    out.print(
        Text(
            clean(
                _(
                    "Its number is never given again; `ukm certificate issue` gives "
                    "{id} a new one if they graduated."
                ).format(id=certificate.participant)
            )
        ),
        soft_wrap=True,
    )
