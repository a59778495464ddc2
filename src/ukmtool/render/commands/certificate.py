"""Output of ``ukm certificate``: who got which number, what a number certifies, a revocation."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ukmtool.core.certificates.issue import IssueOutcome, RevokeOutcome
from ukmtool.core.certificates.issued import Found
from ukmtool.core.models import Certificate
from ukmtool.core.programme import Programme
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date, format_decimal, format_number
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json


def record(certificate: Certificate) -> dict[str, Any]:
    """An entry of ``certificates.yaml`` as plain data (JSON)."""
    revoked = certificate.revoked
    return {
        "number": certificate.number,
        "participant": certificate.participant,
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


def verdict(programme: Programme, found: Found) -> dict[str, Any]:
    """What ``verify`` says, as plain data (JSON)."""
    who = found.participant
    return {
        **record(found.certificate),
        "programme": programme.settings.name,
        "organizer": programme.settings.organizer,
        "owner": who.owner if who else None,
        "business": who.business if who else None,
        "district": who.district if who else None,
        "registered": who is not None,
        "modules": [
            {"id": m.module.id, "title": m.module.title, "hours": m.hours} for m in found.modules
        ],
        "total_hours": found.total_hours,
    }


def show_verified(programme: Programme, found: Found, *, as_json: bool) -> None:
    """Valid or revoked, whose, which programme and modules, issued when."""
    if as_json:
        print_json(verdict(programme, found))
        return
    certificate, who = found.certificate, found.participant
    out = console()
    if certificate.revoked is None:
        head = Text(
            clean(_("Certificate {number} is VALID.").format(number=certificate.number)),
            style="bold green",
        )
    else:
        head = Text(
            clean(
                _("Certificate {number} was REVOKED on {date}: {reason}.").format(
                    number=certificate.number,
                    date=format_date(certificate.revoked.date),
                    reason=certificate.revoked.reason,
                )
            ),
            style="bold red",
        )
    out.print(head, soft_wrap=True)
    if who is not None:
        holder = _("{owner}, {business} ({id}), {district}").format(
            owner=who.owner, business=who.business, id=who.id, district=who.district
        )
    else:
        holder = _("{id} (no longer registered)").format(id=certificate.participant)
    modules = "; ".join(
        m.module.title
        + (
            " " + _("({hours} h)").format(hours=format_decimal(m.hours))
            if m.hours is not None
            else ""
        )
        for m in found.modules
    )
    lines = [
        (_("Holder"), holder),
        (_("Programme"), programme.settings.name),
        (_("Modules"), modules),
        (_("Issued"), format_date(certificate.issued)),
    ]
    for label, value in lines:
        out.print(Text(clean(f"{label}: {value}")), soft_wrap=True)


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
                    reason=certificate.revoked.reason,
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
