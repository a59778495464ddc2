"""What ``ukm check`` says of certificates beyond one file: the rules, today, the limits.

Run by ``ukm check`` after the load (not in ``reading/checks.CHECKS``): they
need the rules and the whole attendance, or today's date, and they say ahead
what ``ukm certificate issue`` would refuse, so that a person fixes it before
a certificate is due, at the file and line to fix:

- a valid certificate whose holder has not graduated (a warning), or that is
  dated before the day they completed their last module (an error);
- a participant still waiting for a certificate whose name or business is
  longer than a certificate holds, or whose certificate's QR code would hold
  too much, and a programme or organizer name too long for any certificate
  (warnings: ``issue`` refuses them);
- a number pattern without ``{year}``, or without a code of the programme
  (letters): next year's programme, or another of the office's, would give
  the same numbers again (a warning).

A file's lines are read only when there is something to say about it.

:func:`dated_ahead` (a certificate issued, or revoked, after today: an error)
needs neither the rules nor a folder free of errors: ``ukm check`` runs it with
the other checks of today (``reading/checks/today``), whatever else is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from ukmtool.core import certificate_numbers
from ukmtool.core.certificates import claims
from ukmtool.core.models import Certificate
from ukmtool.core.programme import Programme
from ukmtool.core.yamlio.reader import FileTooLargeError, LList, LMap, parse_bytes
from ukmtool.diagnostics import Collector, Diagnostic
from ukmtool.i18n import _

_LETTER = re.compile(r"[^\W\d_]")
"""A letter, in any script: what a programme's code in a number is made of."""


def problems(programme: Programme, today: date) -> list[Diagnostic]:
    """Every problem the module lists."""
    return [
        *register_problems(programme, today),
        *limit_warnings(programme),
        *pattern_warnings(programme),
    ]


class _Located:
    """A list file's entries as written, parsed the first time a line is wanted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._items: list[LMap] | None = None

    def items(self) -> list[LMap]:
        """The entries (mappings) of the file, in order; none when it cannot be read now."""
        if self._items is None:
            try:
                root = parse_bytes(self.path.read_bytes()).value
            except (OSError, FileTooLargeError):
                root = None
            found = root if isinstance(root, LList) else []
            self._items = [i for i in found if isinstance(i, LMap)]
        return self._items

    def by_number(self, number: str) -> LMap | None:
        """The first entry whose ``number`` is ``number`` (in any case or spacing)."""
        key = certificate_numbers.key(number)
        for item in self.items():
            written = item.get("number")
            if isinstance(written, str) and certificate_numbers.key(written) == key:
                return item
        return None

    def by_id(self, pid: str) -> LMap | None:
        """The first entry whose ``id`` is ``pid``."""
        for item in self.items():
            written = item.get("id")
            if isinstance(written, str) and written.strip() == pid:
                return item
        return None


def _at(item: LMap | None, key: str) -> tuple[int | None, int | None]:
    """The line and column of ``key``'s value in ``item`` (None, None when unknown)."""
    if item is None or key not in item:
        return (item.line if item is not None else None), None
    return item.value_line(key), item.value_column(key)


def register_problems(programme: Programme, today: date) -> list[Diagnostic]:
    """``certificates.yaml`` against the rules (see the module)."""
    from ukmtool.core import rules

    if not programme.certificates:
        return []
    completed = {g.participant.id: g.completed for g in rules.graduates(programme)}
    return _located(programme, lambda certificate: _entry_problems(certificate, completed))


def dated_ahead(programme: Programme, today: date) -> list[Diagnostic]:
    """An error for each certificate issued, or revoked, after ``today``."""
    return _located(programme, lambda certificate: _ahead_problems(certificate, today))


_Problem = tuple[str, str, str, str]
"""(error or warning, the key it is at, message, hint) of one entry of the register."""


def _located(
    programme: Programme, problems_of: Callable[[Certificate], Iterable[_Problem]]
) -> list[Diagnostic]:
    """``problems_of`` each certificate, at the line of the key each names."""
    located = _Located(programme.folder.certificates)
    out = Collector()
    for certificate in programme.certificates:
        for problem in problems_of(certificate):
            kind, key, message, hint = problem
            item = located.by_number(certificate.number)
            if key == "revoked.date":
                revoked = item.get("revoked") if item is not None else None
                line, column = _at(revoked if isinstance(revoked, LMap) else item, "date")
            else:
                line, column = _at(item, key)
            record = out.error if kind == "error" else out.warning
            record(located.path, line, message, column=column, hint=hint)
    return out.items


def _ahead_problems(certificate: Certificate, today: date) -> Iterator[_Problem]:
    """A date of one entry of the register after ``today``."""
    number = certificate.number
    if certificate.issued > today:
        yield (
            "error",
            "issued",
            _("Certificate {number} is dated {date}, after today ({today}).").format(
                number=number, date=certificate.issued.isoformat(), today=today.isoformat()
            ),
            _("Write the day it was signed: a certificate is never dated ahead."),
        )
    revoked = certificate.revoked
    if revoked is not None and revoked.date > today:
        yield (
            "error",
            "revoked.date",
            _("Certificate {number} is revoked on {date}, after today ({today}).").format(
                number=number, date=revoked.date.isoformat(), today=today.isoformat()
            ),
            _("Write the day it was revoked, today or earlier."),
        )


def _entry_problems(certificate: Certificate, completed: dict[str, date]) -> Iterator[_Problem]:
    """One entry of the register against the rules."""
    number, who = certificate.number, certificate.participant
    if not certificate.valid:
        return
    done = completed.get(who)
    if done is None:
        yield (
            "warning",
            "number",
            _(
                "Certificate {number} is valid, but {id} has not graduated by the rules "
                "(not every module completed)."
            ).format(number=number, id=who),
            _(
                "Check the attendance sheets; if it was issued in error, "
                "`ukm certificate revoke {number} --reason ...`."
            ).format(number=number),
        )
    elif certificate.issued < done:
        yield (
            "error",
            "issued",
            _(
                "Certificate {number} is dated {date}, before {id} completed their last "
                "module ({completed})."
            ).format(
                number=number,
                date=certificate.issued.isoformat(),
                id=who,
                completed=done.isoformat(),
            ),
            _(
                "A certificate is given once the last module is completed: correct its date "
                "(on or after {completed}), or the attendance if that is wrong."
            ).format(completed=done.isoformat()),
        )


def limit_warnings(programme: Programme) -> list[Diagnostic]:
    """What would not fit a certificate, said before ``issue`` refuses it (see the module)."""
    settings = programme.settings
    out = Collector()
    whole = {
        "prog": ("name", len(claims.printable(settings.name))),
        "iss": ("organizer", len(claims.printable(claims.office_of(settings)))),
    }
    too_long = False
    for field, (key, size) in whole.items():
        limit = claims.LIMITS[field]
        if size > limit:
            too_long = True
            out.warning(
                programme.folder.program,
                _program_line(programme.folder.program, key),
                claims.describe(field, size, limit, settings.name[:40]),
                hint=_("Shorten it: no certificate of this programme can be issued until then."),
            )
    if too_long:
        return out.items  # every participant would be named again for the same reason
    pattern = certificate_numbers.Pattern.parse(
        settings.certificates.number
        if settings.certificates
        else certificate_numbers.DEFAULT_PATTERN
    )
    year = (
        settings.certificates.issued.year
        if settings.certificates and settings.certificates.issued
        else settings.ends.year
    )
    number = pattern.number(len(programme.certificates) + len(programme.participants), year)
    url = settings.certificates.verify_url if settings.certificates else None
    holding = {c.participant for c in programme.certificates if c.valid}
    participants = _Located(programme.folder.participants)
    sizes = claims.Sizes(
        number,
        claims.printable(settings.name),
        date(year, 12, 31),
        claims.printable(claims.office_of(settings)),
        url,
    )
    for who in programme.participants:
        if who.id in holding or sizes.quiet(who.owner, who.business):
            continue  # a holder's certificate prints the names it was issued with
        found = sizes.problems(claims.printable(who.owner), claims.printable(who.business))
        for field, size, limit in found:
            if field in whole:
                continue
            key = {"name": "owner", "bus": "business"}.get(field, "id")
            line, column = _at(participants.by_id(who.id), key)
            out.warning(
                programme.folder.participants,
                line,
                claims.describe(field, size, limit, who.id),
                column=column,
                hint=_(
                    "`ukm certificate issue` refuses it: shorten it (the certificate prints it "
                    "as written) before the programme ends."
                ),
            )
    return out.items


def _program_line(path: Path, *keys: str) -> int | None:
    """The line of the value at ``keys`` in program.yaml (None when it is not written so)."""
    try:
        found: object = parse_bytes(path.read_bytes()).value
    except (OSError, FileTooLargeError):
        return None
    for key in keys[:-1]:
        found = found.get(key) if isinstance(found, LMap) else None
    last = keys[-1]
    return found.value_line(last) if isinstance(found, LMap) and last in found else None


def pattern_warnings(programme: Programme) -> list[Diagnostic]:
    """A number pattern that would give the numbers of another programme (see the module)."""
    settings = programme.settings.certificates
    if settings is None or "number" not in settings.model_fields_set:
        return []  # the default pattern has both
    pattern = settings.number
    fixed = re.sub(r"\{[^{}]*\}", "", pattern)
    missing = []
    if "{year}" not in pattern:
        missing.append(_("no {year}, so next year's certificates get this year's numbers again"))
    if not _LETTER.search(fixed):
        missing.append(
            _("no code of the programme (letters such as SERT-SP), so another programme's get them")
        )
    if not missing:
        return []
    path = programme.folder.program
    out = Collector()
    out.warning(
        path,
        _program_line(path, "certificates", "number"),
        _("The certificate number pattern '{pattern}' has {what}.").format(
            pattern=pattern, what="; ".join(missing)
        ),
        hint=_(
            "Put both in it, for example {seq:03}/SERT-SP/{year}, before the first certificate "
            "is issued: a number must never be given twice."
        ),
    )
    return out.items
