"""The one interface every output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ukmtool.core.tables.tableset import Table, TableSet

if TYPE_CHECKING:
    from ukmtool.core.documents.report import Printed


Fill = Callable[[Path], None]
"""Writes the whole output into the (new, empty) file at the path it is given."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What the command line says about the output beyond its format."""

    csv_sep: str = ";"
    limit: int | None = None
    """At most this many rows of a long table (the table format only; None: all)."""


class Report:
    """What a command reports: its tables (``tableset``) and its JSON (``payload``).

    Each is made when a format first asks for it: JSON needs only the payload,
    every other format only the tableset, and at 100,000 participants either
    takes a while.
    """

    def __init__(
        self,
        tableset: Callable[[], TableSet],
        payload: Callable[[], Any],
        printed: Callable[[], Printed] | None = None,
        *,
        heading: tuple[str, ...] = (),
        workbook: Callable[[], list[Table]] | None = None,
    ) -> None:
        self._tableset = tableset
        self._payload = payload
        self._printed = printed
        self.heading = heading
        """Lines a workbook's title block puts around the report's title (programme, date)."""
        self._workbook = workbook

    @cached_property
    def tableset(self) -> TableSet:
        """The report as tables."""
        return self._tableset()

    @cached_property
    def payload(self) -> Any:
        """The report as JSON values."""
        return self._payload()

    @cached_property
    def printed(self) -> Printed | None:
        """What the printed report says beyond its tables (None: no printed form)."""
        return self._printed() if self._printed is not None else None

    @cached_property
    def workbook_tables(self) -> list[Table]:
        """Tables only a workbook adds after the table set's (one row per participant)."""
        return self._workbook() if self._workbook is not None else []


class Formatter(ABC):
    """Turns a report (its tableset and its JSON payload) into the bytes of one format."""

    name: ClassVar[str]
    """The value of ``--format``."""
    suffixes: ClassVar[tuple[str, ...]]
    """File name endings that choose this format for ``--output``."""
    binary: ClassVar[bool] = False
    """Not text: never written to a terminal."""

    @abstractmethod
    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The whole output as bytes (UTF-8 for text formats)."""

    def fill(self, report: Report, options: RenderOptions) -> bytes | Fill:
        """What ``--output`` gets: the bytes, or a :data:`Fill` that writes them into a file.

        A format that streams to disk (the workbook) writes straight into the
        output's temporary file instead of holding the whole file in memory.
        """
        return self.render(report, options)
