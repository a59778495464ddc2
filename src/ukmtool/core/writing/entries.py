"""What the writes that take entries from a person or a file share (register, measure).

Where an entry came from (:class:`Origin`, the row a spreadsheet shows), a
value of it read otherwise than written (:class:`Reinterpreted`, ``Kec. Cepu`` read
as Cepu) and what is wrong with one (:class:`Problem`), whatever the entry holds: a
participant for ``ukm register``, a measurement for ``ukm measure``; and how
an entry names its participant (:func:`participant_of`, ``ukm visit`` too); the
participants as the load read them, for a change of some (:func:`loaded_participants`:
``ukm edit`` and ``ukm tag``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ukmtool.core import fields
from ukmtool.core import ids as idspec
from ukmtool.core.files import list_file, store
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, InputUsageError, NotFoundError
from ukmtool.i18n import _, ngettext
from ukmtool.masking import redact


@dataclass(frozen=True, slots=True)
class Reinterpreted:
    """A value read otherwise than it was written: in ``row``, the column ``label`` (``field``)."""

    row: int
    label: str
    written: str
    read: str
    field: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry came from in an imported file: the row a spreadsheet shows."""

    file: Path
    row: int


@dataclass(frozen=True)
class Given:
    """One row of values as the text a person gave (``ukm measure``, ``ukm score``).

    ``values`` by field; ``labels`` name each field as the person knows it
    (``--sales``, ``UKM-001=``, or a column's header).
    """

    values: Mapping[str, str | None]
    labels: Mapping[str, str] = field(default_factory=dict)
    origin: Origin | None = None
    stray: bool = False
    """The row has a value in a column without a header (an imported file)."""

    def label(self, name: str) -> str:
        """How the person named field ``name``."""
        return self.labels.get(name, name)


class _Given(Protocol):
    @property
    def origin(self) -> Origin | None: ...


E = TypeVar("E", bound=_Given)


@dataclass(frozen=True)  # no slots: typing sets __orig_class__ on Problem[X](...)
class Problem(Generic[E]):
    """Something wrong with one entry; ``label`` is the field as the person named it."""

    entry: E
    label: str | None
    message: str
    hint: str | None = None
    conflict: bool = False
    """A clash with what is recorded (a taken id, a likely duplicate), not a bad value."""

    def diagnostic(self, *, redacted: bool = False) -> Diagnostic:
        """The problem at the row of the imported file its entry came from.

        ``redacted``: NIKs masked and long quoted values shortened (the values of
        a list of businesses may be personal data).
        """
        origin = self.entry.origin
        assert origin is not None
        message = self.labelled()
        hint = self.hint
        if redacted:
            message = redact(message)
            hint = redact(hint) if hint else None
        return Diagnostic(Severity.ERROR, origin.file, origin.row, None, message, hint)

    def labelled(self) -> str:
        """The message after the field's label, when it has one."""
        return f"{self.label}: {self.message}" if self.label else self.message

    def line(self) -> str:
        """The problem as one line of a usage error: label, message and hint."""
        return f"{self.labelled()} {self.hint}" if self.hint else self.labelled()


def refuse_rows(
    problems: Sequence[Problem[E]],
    total: int,
    message: Callable[[int], str],
    *,
    redacted: bool = False,
) -> None:
    """Refuse an imported file when any of its rows has a problem: each at its row.

    ``message(rows)`` (an ``ngettext`` of the count of rows with problems) says
    what was not done, with ``{rows}`` (rows with problems),
    ``{total}`` (rows read) and ``{name}`` (the file); ``redacted`` as in
    :meth:`Problem.diagnostic`.
    """
    imported = [p for p in problems if p.entry.origin is not None]
    if not imported:
        return
    first = imported[0].entry.origin
    assert first is not None
    diagnostics = sorted(
        (p.diagnostic(redacted=redacted) for p in imported), key=Diagnostic.sort_key
    )
    rows = len({p.entry.origin for p in imported})
    raise DataError(
        message(rows).format(rows=rows, total=total, name=first.file.name),
        diagnostics,
        hint=_("Correct those rows and import the file again; every row is checked first."),
    )


def refuse(
    problems: Sequence[Problem[E]],
    total: int,
    *,
    rows: Callable[[int], str],
    heading: str,
    after_conflicts: str = "",
    redacted: bool = False,
) -> None:
    """Refuse a write when any entry has a problem (nothing is written); else return.

    Imported rows: every problem at its row (:func:`refuse_rows`, ``rows`` as
    its ``message``).  Otherwise a value typed wrong is a usage error (exit 2)
    listing each problem under ``heading``; a clash with what is recorded (a
    taken id, a likely duplicate) is a data error (exit 1): the clashes'
    messages, then ``after_conflicts``.
    """
    if not problems:
        return
    refuse_rows(problems, total, rows, redacted=redacted)
    wrong = [p for p in problems if not p.conflict]
    if wrong:
        raise InputUsageError(
            heading,
            [p.line() for p in wrong],
            hint=_("Correct the values and run the command again."),
        )
    raise DataError(" ".join(p.message for p in problems) + after_conflicts, hint=problems[0].hint)


def refuse_unknown_ids(problems: Sequence[idspec.IdProblem]) -> None:
    """Refuse ids (or numbers, ranges) that name no registered participant: each one said."""
    if len(problems) == 1:
        raise NotFoundError(
            problems[0].message + " " + _("Nothing was written."), hint=problems[0].hint
        )
    raise NotFoundError(
        ngettext(
            "{count} of the ids given names no registered participant; nothing was written.",
            "{count} of the ids given name no registered participant; nothing was written.",
            len(problems),
        ).format(count=len(problems)),
        [p.message + (" " + p.hint if p.hint else "") for p in problems],
    )


class UnknownName(fields.ValueProblem):
    """A participant, module or practice the programme does not have (a data error, exit 1)."""


def participant_of(
    raw: str | None,
    programme: Programme,
    *,
    several: str,
    by_name: Callable[[str], Participant | None] | None = None,
) -> Participant:
    """The registered participant ``raw`` names: ``UKM-007``, ``7`` (any case).

    ``several`` words a text naming more than one id (``{text}``, ``{count}``);
    ``by_name`` is asked first when the text names no single id.
    """
    text = fields.typed_text(raw, _("Type it again in UTF-8."))
    if not text:
        raise fields.ValueProblem(_("This must not be empty."))
    ids, problems = idspec.resolve([text], [p.id for p in programme.participants])
    if (problems or len(ids) != 1) and by_name is not None:
        found = by_name(text)
        if found is not None:
            return found
    if problems:
        raise UnknownName(problems[0].message, problems[0].hint)
    if len(ids) != 1:
        raise fields.ValueProblem(
            several.format(text=text, count=len(ids)), _("Give one id, for example UKM-001.")
        )
    return programme.participants_by_id[ids[0]]


def loaded_participants(path: Path, old: bytes, programme: Programme) -> list_file.Loaded | None:
    """The participants as loaded from ``old`` (participants.yaml, read before loading).

    None unless the file still holds those very bytes after the load: the
    loader then read exactly them (the folder's lock keeps ukm's writers out),
    and a change needs to read only the entries it changes
    (``list_file.change_entries``).
    """
    if store.read_bytes(path) != old:
        return None
    return list_file.Loaded(programme.participants, _participant_id)


def _participant_id(participant: Participant) -> str:
    return participant.id
