"""One exception tree for ukm, and the exit status each kind of failure maps to.

The core raises these; only ``ukmtool.cli`` turns them into exit codes and
hands them to the renderer.  Constructors never print.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

from ukmtool.masking import mask_nik_runs

if TYPE_CHECKING:
    from pathlib import Path

    from ukmtool.diagnostics import Diagnostic


class ExitStatus(IntEnum):
    """Exit statuses of the ``ukm`` command."""

    OK = 0
    DATA_ERROR = 1
    USAGE_ERROR = 2
    INTERNAL_ERROR = 70
    INTERRUPTED = 130


class UkmError(Exception):
    """Base of every error ukm expects and explains to a person."""

    exit_status: ExitStatus = ExitStatus.DATA_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        message = mask_nik_runs(message)  # a message quotes values: never a whole NIK
        super().__init__(message)
        self.message = message
        self.hint = mask_nik_runs(hint) if hint is not None else None


class UsageError(UkmError):
    """The command line itself is wrong (exit 2)."""

    exit_status = ExitStatus.USAGE_ERROR


class FolderNotFoundError(UkmError):
    """No programme folder where ukm looked."""

    def __init__(self, message: str, *, looked_in: Sequence[Path], hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.looked_in = list(looked_in)


class DataError(UkmError):
    """The programme's files (or an input file) hold errors; carries every one of them."""

    def __init__(
        self,
        message: str,
        diagnostics: Sequence[Diagnostic] = (),
        *,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.diagnostics = list(diagnostics)


class InputUsageError(UsageError):
    """Command-line input that cannot be used, listing every problem (exit 2)."""

    def __init__(self, message: str, problems: Sequence[str] = (), *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.problems = [mask_nik_runs(problem) for problem in problems]


class NotFoundError(DataError):
    """A module, session or participant named on the command line that the programme lacks.

    Exit 1 (the names are data); ``problems`` holds one line per name, each
    with the closest match when there is one.
    """

    def __init__(self, message: str, problems: Sequence[str] = (), *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.problems = [mask_nik_runs(problem) for problem in problems]


class WriteError(UkmError):
    """A file could not be written; nothing was changed."""


class LockTimeoutError(UkmError):
    """Another ukm process held the programme's lock for too long."""


class ConcurrentEditError(UkmError):
    """A file changed on disk between ukm reading it and writing it."""
