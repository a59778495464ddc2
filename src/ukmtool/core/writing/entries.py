"""What the writes that take entries from a person or a file share (register, measure).

Where an entry came from (:class:`Origin`, the row a spreadsheet shows) and
what is wrong with one (:class:`Problem`), whatever the entry holds: a
participant for ``ukm register``, a measurement for ``ukm measure``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ukmtool.diagnostics import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry came from in an imported file: the row a spreadsheet shows."""

    file: Path
    row: int


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

    def diagnostic(self) -> Diagnostic:
        """The problem at the row of the imported file its entry came from."""
        origin = self.entry.origin
        assert origin is not None
        message = f"{self.label}: {self.message}" if self.label else self.message
        return Diagnostic(Severity.ERROR, origin.file, origin.row, None, message, self.hint)
