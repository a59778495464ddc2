"""The rows of a printed list, each made when the typesetter asks for it.

``render/pdf.py`` compiles a long list in parts and takes one slice of rows a part,
so a list of 100,000 participants never holds every row's dictionary at once.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any, overload


class RowsOnDemand(Sequence[dict[str, Any]]):
    """A sequence of template rows: a subclass says how many and how to make row ``i``."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def _row(self, index: int) -> dict[str, Any]:
        """Row ``index`` (0 to len - 1) as the template reads it."""

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._row(index if index >= 0 else len(self) + index)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._row(i) for i in range(len(self)))
