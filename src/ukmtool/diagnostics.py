"""Problems found in files, kept as values with file, line and column.

Like beancount's validation errors: the loader collects them, ``ukm check``
prints them all as ``file:line: message`` and exits 1 when any is an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ukmtool.masking import mask_nik_runs


class Severity(StrEnum):
    """How bad a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    """Worth knowing, never a failure (not even with ``ukm check --strict``)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place in one file.

    ``line`` and ``column`` are 1-based; ``None`` when the problem concerns the
    file as a whole.  ``message`` and ``hint`` are already translated.
    """

    severity: Severity
    file: Path
    line: int | None
    column: int | None
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        """A message quotes values as written: never a whole NIK (``ukmtool.masking``)."""
        object.__setattr__(self, "message", mask_nik_runs(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", mask_nik_runs(self.hint))

    @property
    def is_error(self) -> bool:
        """Whether this diagnostic makes the folder invalid."""
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, then line and column."""
        return (str(self.file), self.line or 0, self.column or 0, self.message)

    def location(self, relative_to: Path | None = None) -> str:
        """``file:line`` (or ``file``) with the path relative to a folder when it can be."""
        return f"{display_path(self.file, relative_to)}" + (
            f":{self.line}" if self.line is not None else ""
        )

    def to_dict(self, relative_to: Path | None = None) -> dict[str, object]:
        """Plain data for ``--format json``."""
        return {
            "file": display_path(self.file, relative_to),
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """Show ``path`` relative to ``relative_to`` (default: the current folder) when possible."""
    base = relative_to if relative_to is not None else Path.cwd()
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith(".." + os.sep + "..") else str(path)


class Collector:
    """Collects diagnostics for one run; the loader passes one around."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(
        self,
        file: Path,
        line: int | None,
        message: str,
        *,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        """Record an error."""
        self.items.append(Diagnostic(Severity.ERROR, file, line, column, message, hint))

    def warning(
        self,
        file: Path,
        line: int | None,
        message: str,
        *,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        """Record a warning."""
        self.items.append(Diagnostic(Severity.WARNING, file, line, column, message, hint))

    def note(
        self,
        file: Path,
        line: int | None,
        message: str,
        *,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        """Record a note: worth knowing, never a failure."""
        self.items.append(Diagnostic(Severity.NOTE, file, line, column, message, hint))

    def extend(self, items: list[Diagnostic]) -> None:
        """Add diagnostics found elsewhere."""
        self.items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors, sorted by place."""
        return sorted((d for d in self.items if d.is_error), key=Diagnostic.sort_key)

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings, sorted by place."""
        return sorted(
            (d for d in self.items if d.severity is Severity.WARNING), key=Diagnostic.sort_key
        )

    def has_errors(self, file: Path | None = None) -> bool:
        """Whether any error was recorded (for ``file`` only, when given)."""
        return any(d.is_error and (file is None or d.file == file) for d in self.items)
