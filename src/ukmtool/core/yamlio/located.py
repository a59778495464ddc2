"""Plain values that remember where in the file they were written.

Mappings are :class:`LMap` and sequences :class:`LList`; both carry the
1-based line and column of themselves and of each of their keys or items, so
any problem found later can name ``file:line``.  Built by ``reader`` (the
careful way) and ``fastwalk`` (the fast way), which agree on every value.
"""

from __future__ import annotations

from array import array
from typing import Any

MAX_DEPTH = 64
"""Nesting deeper than any ukm file needs: refused."""
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""The plain scalars YAML reads as null (ukm reads them as None: an empty value)."""


class LMap(dict[str, Any]):
    """A mapping that remembers the position of itself and of each key and value.

    ``key_pos`` maps a key to its (line, column) and ``value_pos`` to the
    (line, column, end line) of its value.  The fast reader stores them packed
    in one array of ints (five a key, in the order the keys were added) and
    they are unpacked into the dictionaries on first use: a clean file of a
    hundred thousand entries never needs them.
    """

    __slots__ = ("_key_pos", "_packed", "_packed_keys", "_value_pos", "column", "end_line", "line")

    def __init__(self, line: int, column: int, end_line: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.end_line = end_line
        self._key_pos: dict[str, tuple[int, int]] = {}
        self._value_pos: dict[str, tuple[int, int, int]] = {}
        self._packed: array[int] | None = None
        self._packed_keys: tuple[str, ...] = ()

    def seal(self, end_line: int, positions: array[int], keys: tuple[str, ...]) -> None:
        """Set the end line and the packed positions (five ints a key of ``keys``).

        Per key: key line, key column, value line, value column, value end line.
        Used by the fast reader once the mapping is complete.
        """
        self.end_line = end_line
        self._packed = positions
        self._packed_keys = keys

    def _unpack(self) -> None:
        packed, keys = self._packed, self._packed_keys
        assert packed is not None
        self._packed, self._packed_keys = None, ()
        for i, key in enumerate(keys):
            at = 5 * i
            self._key_pos[key] = (packed[at], packed[at + 1])
            self._value_pos[key] = (packed[at + 2], packed[at + 3], packed[at + 4])

    @property
    def key_pos(self) -> dict[str, tuple[int, int]]:
        """Key -> (line, column) of the key."""
        if self._packed is not None:
            self._unpack()
        return self._key_pos

    @key_pos.setter
    def key_pos(self, value: dict[str, tuple[int, int]]) -> None:
        if self._packed is not None:
            self._unpack()
        self._key_pos = value

    @property
    def value_pos(self) -> dict[str, tuple[int, int, int]]:
        """Key -> (line, column, end line) of the value."""
        if self._packed is not None:
            self._unpack()
        return self._value_pos

    @value_pos.setter
    def value_pos(self, value: dict[str, tuple[int, int, int]]) -> None:
        if self._packed is not None:
            self._unpack()
        self._value_pos = value

    def key_line(self, key: str) -> int:
        """Line of ``key`` (the mapping's own line when the key is absent)."""
        return self.key_pos.get(key, (self.line, self.column))[0]

    def value_line(self, key: str) -> int:
        """Line where the value of ``key`` starts."""
        pos = self.value_pos.get(key)
        return pos[0] if pos else self.key_line(key)

    def key_column(self, key: str) -> int:
        """Column of ``key`` (the mapping's own column when the key is absent)."""
        return self.key_pos.get(key, (self.line, self.column))[1]

    def value_column(self, key: str) -> int:
        """Column where the value of ``key`` starts."""
        pos = self.value_pos.get(key)
        return pos[1] if pos else self.key_column(key)


class LList(list[Any]):
    """A sequence that remembers the position of itself and of each item.

    ``item_pos`` holds (line, column, end line) per item; the fast reader
    stores them packed in an array of ints, unpacked on first use of
    ``item_pos`` (``item_line`` reads the array directly).
    """

    __slots__ = ("_item_pos", "_packed", "column", "end_line", "line")

    def __init__(self, line: int, column: int, end_line: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.end_line = end_line
        self._item_pos: list[tuple[int, int, int]] = []
        self._packed: array[int] | None = None

    def seal(self, end_line: int, positions: array[int]) -> None:
        """Set the end line and the packed positions (three ints an item: line, column, end).

        Used by the fast reader once the sequence is complete.
        """
        self.end_line = end_line
        self._packed = positions

    @property
    def item_pos(self) -> list[tuple[int, int, int]]:
        """(line, column, end line) of each item."""
        packed = self._packed
        if packed is not None:
            self._packed = None
            self._item_pos = [
                (packed[i], packed[i + 1], packed[i + 2]) for i in range(0, len(packed), 3)
            ]
        return self._item_pos

    @item_pos.setter
    def item_pos(self, value: list[tuple[int, int, int]]) -> None:
        self._packed = None
        self._item_pos = value

    def item_line(self, index: int) -> int:
        """Line where item ``index`` starts."""
        packed = self._packed
        if packed is not None:
            return packed[3 * index] if 0 <= index < len(packed) // 3 else self.line
        positions = self._item_pos
        return positions[index][0] if 0 <= index < len(positions) else self.line

    def item_column(self, index: int) -> int:
        """Column where item ``index`` starts."""
        packed = self._packed
        if packed is not None:
            return packed[3 * index + 1] if 0 <= index < len(packed) // 3 else self.column
        positions = self._item_pos
        return positions[index][1] if 0 <= index < len(positions) else self.column
