"""``ukm certificate issue`` and ``revoke``: writing ``certificates.yaml``, the certificates issued.

Both run under the folder's lock, against the folder as it is then, and
replace the file in one atomic write only if nobody changed it meanwhile.

A number is never given twice.  The file keeps, in a comment line ukm
writes at its top (``# highest number given: N``), the highest running number
ever given; the next number is one above both that line and every running
number in the entries, and any number already in the file, or in the
register of a programme named in ``earlier:``, is skipped.
Removing an entry by hand, revoking one, or even removing that line (while
the entries remain) cannot bring a number back.

``issue`` appends the new entries in the file's own style (``list_file``);
``revoke`` adds one ``revoked:`` line (or ``, revoked: {...}`` in a one-line
flow entry) to that entry and leaves every other byte as it was.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ukmtool.core import certificate_numbers, clock, rules
from ukmtool.core.certificates import claims, keys, signing
from ukmtool.core.certificates.issued import find, given_earlier, holders
from ukmtool.core.certificates.keys import SigningKey
from ukmtool.core.files import list_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import Certificate, Participant, Revocation
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, load
from ukmtool.core.yamlio import emit
from ukmtool.core.yamlio.reader import LList, LMap, decode, parse_text
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _, ngettext

FIELDS: tuple[str, ...] = ("number", "participant", "name", "business", "issued", "revoked")
"""The fields of an entry, in the order PRODUCT.md writes them."""

HIGHEST = re.compile(
    r"^\ufeff?#[ \t]*highest number given[^:\r\n]*:[ \t]*([0-9]+)[ \t]*\r?$", re.MULTILINE
)
"""The line that keeps the highest running number ever given (any line ending, a BOM)."""
MAX_SEQ_DIGITS = 18

HEADER = (
    "# certificates.yaml: the register of certificates issued (`ukm certificate issue`).\n"
    "# A number is never given twice; revoke one with `ukm certificate revoke`.\n"
    "# highest number given (ukm keeps this line): 0\n"
    "\n"
)
"""The start of a ``certificates.yaml`` that ``ukm certificate issue`` creates."""


@dataclass(frozen=True, slots=True)
class Issued:
    """A certificate just given (or, on a dry run, that would be), and to whom."""

    certificate: Certificate
    participant: Participant
    completed: date
    """The day they completed their last module."""
    qr: str
    """What its QR code holds: the signed token (after the programme's URL)."""


Documents = Callable[[Programme, list[Issued]], Callable[[], None]]
"""Makes the PDFs of the certificates (complete, durable, under temporary names) and
returns what puts them in place; called before the register is written."""


@dataclass(frozen=True)
class IssueOutcome:
    """What ``issue`` did: the new certificates, and how many graduates already held one."""

    issued: list[Issued]
    already: int
    graduates: int
    programme: Programme
    written: bool
    key: SigningKey | None = None
    """The key that signed them (and whether it was made or published just now)."""


def open_folder(folder: Folder, refusal: str, progress: Progress | None = None) -> Programme:
    """The folder loaded, refusing when any file has an error (graduation reads them all)."""
    return load(folder, progress=progress).usable(
        refusal, _("Run `ukm check`, fix what it lists, and run the command again.")
    )


def issue(
    folder: Folder,
    *,
    on: date | None = None,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
    documents: Documents | None = None,
) -> IssueOutcome:
    """Number every graduate without a valid certificate and record them (all, or none).

    ``on`` is the issue date (else ``program.yaml``'s ``certificates.issued``,
    else ``today``).  Under the lock unless ``dry_run``.  ``documents``, when
    given, makes their PDFs before anything is recorded: a failure there
    records no number.
    """
    if dry_run:
        return _issue(folder, on, today or clock.today(), progress, None, write=False)
    with store.locked(folder.root):
        return _issue(folder, on, today or clock.today(), progress, documents, write=True)


def _issue(
    folder: Folder,
    on: date | None,
    today: date,
    progress: Progress | None,
    documents: Documents | None,
    *,
    write: bool,
) -> IssueOutcome:
    path = folder.certificates
    old = store.read_bytes(path)  # before loading: the loader reads at least this
    programme = open_folder(folder, _("The programme folder has errors; nothing was issued."))
    settings = programme.settings.certificates
    pattern = certificate_numbers.Pattern.parse(
        settings.number if settings else certificate_numbers.DEFAULT_PATTERN
    )
    day = on or (settings.issued if settings and settings.issued else today)
    graduates = rules.graduates(programme)
    holding = holders(programme.certificates)
    waiting = [g for g in graduates if g.participant.id not in holding]
    _refuse_day(day, today, waiting, given=on is not None)
    taken = {certificate_numbers.key(c.number) for c in programme.certificates}
    taken |= given_earlier(programme)  # unique across programmes too (earlier: in program.yaml)
    seq = highest_given(old, programme.certificates, pattern)
    url = settings.verify_url if settings else None
    office = claims.office_of(programme.settings)
    planned: list[tuple[Certificate, Participant, date]] = []
    for graduate in waiting:
        seq += 1
        while certificate_numbers.key(pattern.number(seq, day.year)) in taken:
            seq += 1
        number = pattern.number(seq, day.year)
        taken.add(certificate_numbers.key(number))
        who = graduate.participant
        certificate = Certificate(
            number=number,
            participant=who.id,
            name=claims.printable(who.owner),
            business=claims.printable(who.business),
            issued=day,
        )
        planned.append((certificate, who, graduate.completed))
    _refuse_limits(programme, [c for c, _who, _day in planned], url)
    if not planned:
        return IssueOutcome([], len(graduates), len(graduates), programme, False)
    key = keys.signing_key(folder, office, today, write=write)
    issued = [
        Issued(c, who, completed, signed_qr(programme, c, key)) for c, who, completed in planned
    ]
    if write:
        publish = documents(programme, issued) if documents is not None else None
        base = old if old is not None else HEADER.encode("utf-8")
        texts: list[dict[str, emit.Value]] = [
            {
                "number": i.certificate.number,
                "participant": i.certificate.participant,
                "name": i.certificate.name or i.participant.owner,
                "business": i.certificate.business or i.participant.business,
                "issued": day.isoformat(),
            }
            for i in issued
        ]
        seen = list_file.ReadBack()
        appended = list_file.append_entries(
            base, programme.certificates, texts, path, FIELDS, Certificate, seen=seen
        )
        data = with_highest(appended, seq)
        store.atomic_write(
            path, data, check_expected=True, expected=old, mode_like=folder.participants
        )
        seeding.after_write(folder, path, old, data, _appended(seen, appended, data))
        programme.certificates = [*programme.certificates, *(i.certificate for i in issued)]
        if publish is not None:
            publish()
    return IssueOutcome(
        issued, len(graduates) - len(waiting), len(graduates), programme, write, key
    )


_HEADER = re.compile(r"\ufeff?(?:[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\r))*")
"""Blank and comment lines only, at the start of a file."""


def _appended(seen: list_file.ReadBack, appended: bytes, data: bytes) -> seeding.Appended | None:
    """The entries read back, when ``with_highest`` changed only the file's header comments.

    (A line of its own before the list is surely a comment; it may have moved
    the lines below by one.)
    """
    if seen.items is None:
        return None
    text = appended.decode("utf-8")
    found = HIGHEST.search(text)
    header = _HEADER.match(text)
    if found is not None and (header is None or found.end() > header.end()):
        return None
    change = seeding.appended(seen)
    if change is None:
        return None
    moved = data.count(b"\n") - appended.count(b"\n")
    return seeding.Appended(change.items, change.first_line + moved)


def signed_qr(programme: Programme, certificate: Certificate, key: SigningKey) -> str:
    """What the QR code of ``certificate`` holds: its claims as printed, signed by ``key``."""
    settings = programme.settings.certificates
    url = settings.verify_url if settings else None
    payload = claims.of_certificate(programme, certificate).payload()
    return claims.qr_text(signing.sign(payload, key.private, key.kid), url)


def _refuse_day(day: date, today: date, waiting: list[rules.Graduate], *, given: bool) -> None:
    """An issue date after today, or before a holder completed, is refused."""
    where = "--date" if given else _("program.yaml's certificates.issued")
    if day > today:
        raise DataError(
            _(
                "The issue date {date} ({where}) is after today ({today}); nothing was issued."
            ).format(date=day.isoformat(), where=where, today=today.isoformat()),
            hint=_("Give the day the certificates are signed, today or earlier."),
        )
    early = [g for g in waiting if g.completed > day]
    if early:
        latest = max(g.completed for g in early)
        raise DataError(
            ngettext(
                "The issue date {date} ({where}) is before {count} graduate completed "
                "their last module, {id} on {completed}; nothing was issued.",
                "The issue date {date} ({where}) is before {count} graduates completed "
                "their last module, such as {id} on {completed}; nothing was issued.",
                len(early),
            ).format(
                date=day.isoformat(),
                where=where,
                count=len(early),
                id=early[0].participant.id,
                completed=early[0].completed.isoformat(),
            ),
            hint=_("Give a date on or after {latest}, or leave --date out (today).").format(
                latest=latest.isoformat()
            ),
        )


def _refuse_limits(programme: Programme, planned: list[Certificate], url: str | None) -> None:
    """Refuse, before anything is recorded, certificates whose fields or QR would not fit."""
    problems: list[str] = []
    for certificate in planned:
        found = claims.of_certificate(programme, certificate).problems(url)
        problems += [
            claims.describe(field, size, limit, certificate.participant)
            for field, size, limit in found
        ]
    if problems:
        raise DataError(
            _("Some certificates would not fit their page or QR code; nothing was issued."),
            [
                Diagnostic(Severity.ERROR, programme.folder.participants, None, None, p)
                for p in problems[:20]
            ],
            hint=_("Shorten what is named (`ukm check` lists every one) and issue again."),
        )


def highest_given(
    old: bytes | None, certificates: list[Certificate], pattern: certificate_numbers.Pattern
) -> int:
    """The highest running number ever given: the file's comment line, or its entries."""
    highest = 0
    if old is not None:
        text = old.decode("utf-8", "replace")
        for found in HIGHEST.finditer(text):
            digits = found.group(1).lstrip("0") or "0"
            if len(digits) > MAX_SEQ_DIGITS:
                raise DataError(
                    _(
                        "certificates.yaml's line 'highest number given' holds a number of "
                        "{count} digits; ukm gives numbers of at most {limit}."
                    ).format(count=len(digits), limit=MAX_SEQ_DIGITS),
                    hint=_("Write the highest running number ever given on that line."),
                )
            highest = max(highest, int(digits))
    for certificate in certificates:
        seq = pattern.sequence(certificate.number)
        if seq is not None:
            highest = max(highest, seq)
    return highest


def with_highest(data: bytes, seq: int) -> bytes:
    """``data`` with its ``highest number given`` line saying ``seq`` (added at the top if none)."""
    text = data.decode("utf-8")
    found = HIGHEST.search(text)
    if found is not None:
        start, end = found.span(1)
        return (text[:start] + str(seq) + text[end:]).encode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    line = f"# highest number given (ukm keeps this line): {seq}{newline}"
    body = text[1:] if text.startswith("\ufeff") else text
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return (bom + line + body).encode("utf-8")


@dataclass(frozen=True)
class RevokeOutcome:
    """The certificate as it is now revoked, and the programme it is of."""

    certificate: Certificate
    programme: Programme


def revoke(
    folder: Folder, asked: str, reason: str, day: date, today: date | None = None
) -> RevokeOutcome:
    """Write ``revoked: {date, reason}`` into the entry numbered ``asked``, and nothing else."""
    now = today or clock.today()
    if day > now:
        raise DataError(
            _("The day {date} is after today ({today}); nothing was revoked.").format(
                date=day.isoformat(), today=now.isoformat()
            ),
            hint=_("Give the day it was revoked with --date YYYY-MM-DD, today or earlier."),
        )
    with store.locked(folder.root):
        path = folder.certificates
        old = store.read_bytes(path)
        programme = open_folder(folder, _("The programme folder has errors; nothing was revoked."))
        certificate = find(programme, asked)
        if certificate.revoked is not None:
            raise DataError(
                _("Certificate {number} was already revoked on {date} ({reason}).").format(
                    number=certificate.number,
                    date=certificate.revoked.date.isoformat(),
                    reason=certificate.revoked.reason,
                ),
                hint=_("Nothing was changed."),
            )
        if day < certificate.issued:
            raise DataError(
                _("{date} is before certificate {number} was issued ({issued}).").format(
                    date=day.isoformat(),
                    number=certificate.number,
                    issued=certificate.issued.isoformat(),
                ),
                hint=_("Give the day it was revoked with --date YYYY-MM-DD."),
            )
        assert old is not None  # the loader read the entry from it
        index = programme.certificates.index(certificate)
        data = _revoked_text(old, index, day, reason)
        revoked = certificate.model_copy(update={"revoked": Revocation(date=day, reason=reason)})
        back = _check_revoked(data, programme.certificates, index, revoked)
        store.atomic_write(
            path, data, check_expected=True, expected=old, mode_like=folder.participants
        )
        seeding.after_write(folder, path, old, data, seeding.Changed({index: back}, people=True))
        return RevokeOutcome(revoked, programme)


def _revoked_text(old: bytes, index: int, day: date, reason: str) -> bytes:
    text, _problem = decode(old)
    assert text is not None  # the loader read it
    root = parse_text(text).value
    assert isinstance(root, LList)
    entry = [item for item in root if isinstance(item, LMap)][index]
    newline = "\r\n" if "\r\n" in text else "\n"
    quote = "'" if "'" in text and '"' not in text else '"'
    value = "{date: " + day.isoformat() + ", reason: " + emit.scalar(reason, quote, flow=True) + "}"
    lines = text.splitlines(keepends=True)
    last = max(entry.value_pos[k][2] for k in entry) if entry else entry.line
    first_key = next(iter(entry))
    key_line, key_column = entry.key_line(first_key), entry.key_column(first_key)
    line_text = lines[key_line - 1]
    opener = line_text[: key_column - 1].rstrip()
    if opener.endswith("{"):  # a flow entry: - {number: ..., issued: ...}
        if last != key_line:
            raise _cannot_revoke()
        close = _closing_brace(line_text)
        if close is None:
            raise _cannot_revoke()
        lines[key_line - 1] = line_text[:close] + ", revoked: " + value + line_text[close:]
    else:
        # the last line of the entry's values, without a comment that follows them
        insert = " " * (key_column - 1) + "revoked: " + value + newline
        end = lines[last - 1]
        if not end.endswith(("\n", "\r")):
            lines[last - 1] = end + newline
        lines.insert(last, insert)
    bom = codecs.BOM_UTF8 if old.startswith(codecs.BOM_UTF8) else b""  # decode() took it off
    return bom + "".join(lines).encode("utf-8")


def _closing_brace(line: str) -> int | None:
    depth, quote = 0, ""
    for at, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return at
        elif ch == "#" and at > 0 and line[at - 1] in " \t":
            return None
    return None


def _cannot_revoke() -> DataError:
    return DataError(
        _("The entry in certificates.yaml is written in a way ukm cannot add to."),
        hint=_("Write it as lines (number:, participant:, issued:) and revoke it again."),
    )


def _check_revoked(
    data: bytes, before: list[Certificate], index: int, revoked: Certificate
) -> LMap:
    """The new text must read back as the old entries with only ``index`` revoked.

    Returns the entry revoked, as read back.
    """
    from pydantic import ValidationError

    text, _problem = decode(data)
    parsed = parse_text(text or "")
    root = parsed.value
    try:
        after = (
            [Certificate.model_validate(dict(item)) for item in root]
            if isinstance(root, LList) and not parsed.problems
            else None
        )
    except ValidationError:
        after = None
    expected = [*before[:index], revoked, *before[index + 1 :]]
    if after != expected or not isinstance(root, LList):
        raise _cannot_revoke()
    return [item for item in root if isinstance(item, LMap)][index]
