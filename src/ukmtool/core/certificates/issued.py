"""The certificates issued, read: who holds one, finding a number, what it certifies.

``certificates.yaml`` (format 1.1) lists every number ever given; a revoked
entry keeps its number.  A number is found however it is asked for: as
written, in another case, or as the text of the certificate's QR code
(``core.certificate_numbers``).  What a certificate certifies (the modules and their
hours) is read from the programme as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ukmtool.core import certificate_numbers
from ukmtool.core.folder import Folder
from ukmtool.core.models import Certificate, Module, Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reading.checks.programmes import earlier_folders
from ukmtool.core.yamlio.reader import check_size, parse_bytes
from ukmtool.errors import NotFoundError
from ukmtool.i18n import _, ngettext


@dataclass(frozen=True, slots=True)
class ModuleHours:
    """A module a certificate lists, and its hours (None: no session gives hours)."""

    module: Module
    hours: float | None
    exempt: str | None = None
    """Why the holder is exempt from the module (rules 2.1): not completed, so its hours
    are not the holder's; None when they completed it."""


@dataclass(frozen=True, slots=True)
class Found:
    """A certificate issued, whose it is, and what it certifies."""

    certificate: Certificate
    participant: Participant | None
    """None when the id is no longer registered (``ukm check`` says so)."""
    modules: list[ModuleHours]

    @property
    def total_hours(self) -> float | None:
        """The hours of every module that gives them (None: none does)."""
        given = [m.hours for m in self.modules if m.hours is not None and m.exempt is None]
        return sum(given) if given else None


def exempt_title(entry: ModuleHours) -> str:
    """The module's title as a certificate lists it: ``Pemasaran (dibebaskan)`` when exempt."""
    if entry.exempt is None:
        return entry.module.title
    return _("{title} (exempt)").format(title=entry.module.title)


def module_hours(module: Module) -> float | None:
    """The sum of the hours of the module's sessions that give them (None: none does)."""
    given = [s.hours for s in module.sessions.values() if s.hours is not None]
    return sum(given) if given else None


def found(programme: Programme, certificate: Certificate) -> Found:
    """``certificate`` with its holder and the modules it certifies (every module).

    A module the holder is exempt from is marked so: it counts for graduating,
    but it was not completed.
    """
    holder = programme.participants_by_id.get(certificate.participant)
    exempt = holder.exempt if holder is not None else {}
    return Found(
        certificate,
        holder,
        [ModuleHours(m, module_hours(m), exempt.get(m.id)) for m in programme.modules],
    )


def holders(certificates: Iterable[Certificate]) -> set[str]:
    """The participants who hold a valid (not revoked) certificate."""
    return {c.participant for c in certificates if c.valid}


def find(programme: Programme, text: str) -> Certificate:
    """The certificate numbered ``text`` (or named by its QR text); else :class:`NotFoundError`.

    The message names the closest numbers, in case of a typo.
    """
    certificate = _by_number(programme, text)
    if certificate is None:
        raise unknown(
            certificate_numbers.asked_number(text), [c.number for c in programme.certificates]
        )
    return certificate


def unknown(number: str, numbers: Sequence[str]) -> NotFoundError:
    """The error for a number ``certificates.yaml`` does not hold."""
    close = certificate_numbers.closest(number, numbers)
    message = _("No certificate numbered {number} is in certificates.yaml.").format(number=number)
    if close:
        hint = _("The closest numbers in the register: {numbers}.").format(numbers=", ".join(close))
    elif numbers:
        hint = ngettext(
            "Check the number; the register holds {count} number.",
            "Check the number; the register holds {count} numbers.",
            len(numbers),
        ).format(count=len(numbers))
    else:
        hint = _("No certificate has been issued yet (`ukm certificate issue`).")
    return NotFoundError(message, hint=hint)


def chosen(programme: Programme, asked: Sequence[str]) -> list[Certificate]:
    """The certificates ``asked`` names (numbers, QR texts, or participant ids).

    A participant id names their valid certificate.  Nothing asked: every
    valid certificate, in the file's order.
    """
    if not asked:
        return [c for c in programme.certificates if c.valid]
    result: list[Certificate] = []
    for text in asked:
        certificate = _by_number(programme, text) or _by_participant(programme, text)
        if certificate is None:
            raise unknown(
                certificate_numbers.asked_number(text), [c.number for c in programme.certificates]
            )
        if certificate not in result:
            result.append(certificate)
    return result


def _by_number(programme: Programme, text: str) -> Certificate | None:
    number = certificate_numbers.asked_number(text)
    for certificate in programme.certificates:
        if certificate_numbers.same_number(certificate.number, number):
            return certificate
    return None


def _by_participant(programme: Programme, text: str) -> Certificate | None:
    from ukmtool.core.ids import resolve_one

    pid = resolve_one(text.strip(), [p.id for p in programme.participants])
    if pid is None:
        return None
    valid = [c for c in programme.certificates if c.participant == pid and c.valid]
    if not valid:
        raise NotFoundError(
            _("{id} holds no valid certificate.").format(id=pid),
            hint=_("`ukm certificate issue` gives every graduate without one a certificate."),
        )
    return valid[-1]


def given_earlier(programme: Programme) -> set[str]:
    """The numbers the registers of ``earlier:`` programmes hold (``certificate_numbers.key``).

    Two rounds of one year made with ``init --like`` share the number pattern:
    ``issue`` skips these so that a number stays unique across programmes.
    Only each earlier folder's ``certificates.yaml`` is read (errors elsewhere
    in that folder do not matter); a register that cannot be read gives none.
    """
    taken: set[str] = set()
    for root in earlier_folders(programme.folder.root, programme.settings.earlier):
        path = Folder(root).certificates
        try:
            check_size(path)
            data = path.read_bytes()
        except OSError:
            continue
        entries = parse_bytes(data).value
        for entry in entries if isinstance(entries, list) else ():
            number = entry.get("number") if isinstance(entry, dict) else None
            if isinstance(number, str) and number.strip():
                taken.add(certificate_numbers.key(number))
    return taken
