"""The one interface every output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from ukmtool.core.reports.tabular import Document


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What the command line says about the output beyond its format."""

    csv_sep: str = ";"
    limit: int | None = None
    """At most this many rows of a long table (the table format only; None: all)."""


class Formatter(ABC):
    """Turns a report (its document and its JSON payload) into the bytes of one format."""

    name: ClassVar[str]
    """The value of ``--format``."""
    suffixes: ClassVar[tuple[str, ...]]
    """File name endings that choose this format for ``--output``."""
    binary: ClassVar[bool] = False
    """Not text: never written to a terminal."""

    @abstractmethod
    def render(self, document: Document, payload: Any, options: RenderOptions) -> bytes:
        """The whole output as bytes (UTF-8 for text formats)."""
