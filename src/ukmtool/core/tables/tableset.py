"""The neutral tables every output format draws: a report as a :class:`TableSet`.

A report becomes a :class:`TableSet`: a title and a list of :class:`Table`.
Each table has columns (a stable English ``key`` used as the header of CSV
and Excel files, a translated ``header`` for people, and a ``kind`` that says
how a value is written) and rows of plain values in column order.  Nothing
here knows about Rich, CSV or Excel; ``ukmtool.render.formats`` turns a
table set into each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ColumnKind(StrEnum):
    """How the values of a column are written."""

    TEXT = "text"
    """Text from the files (cleaned of control characters, never markup)."""
    CODE = "code"
    """An id, phone or NIK: always text, even when it is all digits."""
    INT = "int"
    YEAR = "year"
    """A calendar year (an int): a number in files, its four digits as they are for people."""
    PERCENT = "percent"
    """A ``Ratio`` (``reports.figures``): a whole percent, empty when undefined."""
    FLAG = "flag"
    """A bool."""
    STATUS = "status"
    """A stable English word (completed, in_progress, failed, ...), translated for people."""
    DATE = "date"
    MISSED = "missed"
    """A tuple of :class:`~ukmtool.core.reports.figures.Miss`: the sessions a participant missed."""
    BAR = "bar"
    """A :class:`Bar`: drawn on a terminal only."""
    COUNTS = "counts"
    """A tuple of ints shown side by side in aligned columns (``3 0 1 0 0``)."""
    SLASHED = "slashed"
    """A tuple of ints shown as ``3/3/4``."""
    MARK = "mark"
    """A short warning sign (``!``), highlighted on a terminal."""
    GROUP = "group"
    """A group of ``--by``: text, or None for participants without a tag."""
    AUTO = "auto"
    """A number or a text, as the value is."""
    SIGNED = "signed"
    """A whole number shown with its sign for people (+25, -10, 0): a change."""
    GENDER = "gender"
    """F or M as in the files; a word in the output's language for people."""
    MONEY = "money"
    """Whole Rupiah: ``Rp15.000.000`` for people, the number in files."""
    MONEY_CHANGE = "money_change"
    """A change in whole Rupiah, with its sign for people (``+Rp2.500.000``)."""
    PERCENT_CHANGE = "percent_change"
    """A change in percent as a number (``12.5``): ``+12,5%`` for people, the number in files."""
    SCORE = "score"
    """A test score or an average of scores, 0-100, one decimal at most: ``82,5`` for people."""
    SCORE_CHANGE = "score_change"
    """A gain in points (post minus pre), with its sign for people (``+12,5``)."""


class GenderCode(str):
    """F or M in a column of mixed values (a fact): a word for people, the letter in files."""

    __slots__ = ()


class TotalLabel(str):
    """The label of a table's total row: ``total`` in files, the word for people."""

    __slots__ = ()


class Where(StrEnum):
    """Which outputs show a column."""

    ALL = "all"
    TERMINAL = "terminal"
    """Rich on a terminal only: compact columns that fit a screen."""
    EXPORT = "export"
    """Plain text, CSV, Excel and Markdown: every figure in its own column."""


@dataclass(frozen=True, slots=True)
class Bar:
    """A bar of ``total`` parts: ``filled`` done, ``open`` still possible, the rest lost."""

    filled: int
    open: int
    total: int
    tone: str = ""
    """good, warn, bad or empty: the colour a terminal may give it."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: a stable key, a header for people, a kind and where it shows."""

    key: str
    header: str
    kind: ColumnKind = ColumnKind.TEXT
    where: Where = Where.ALL
    total: bool = False
    """The column adds up (a count, Rupiah; a ``Ratio``: its parts over its wholes): a
    workbook writes a total row under the table."""


@dataclass
class Table:
    """Rows of values in column order, with a title and notes for people."""

    name: str
    """A short stable name (the Excel sheet's name)."""
    title: str
    columns: list[Column]
    rows: list[tuple[Any, ...]]
    notes: list[str] = field(default_factory=list)
    terminal_notes: list[str] = field(default_factory=list)
    """Notes about the terminal's own columns (marks, bars): shown there only."""
    advice: list[str] = field(default_factory=list)
    """What to do next, naming ukm's commands: on a screen, in plain text and in
    Markdown after the notes; never in a printed document (no command-line words)."""
    facts: bool = False
    """Facts (see :func:`facts_table`): text output prints them as ``label: text`` lines."""
    attention: list[bool] | None = None
    """Per row, whether it needs attention (shown first when a screen must cut)."""
    limitable: bool = False
    """Long tables of participants: a screen shows at most a limit of rows."""
    noun: str = "rows"
    """What a row is, for "N ... left out": rows or participants."""

    def visible(self, where: Where) -> list[int]:
        """Indexes of the columns shown in ``where`` (TERMINAL or EXPORT)."""
        return [i for i, c in enumerate(self.columns) if c.where in (Where.ALL, where)]


@dataclass
class TableSet:
    """A whole report: a title, tables in reading order, the one a CSV file holds."""

    title: str
    tables: list[Table]
    primary: str
    """The name of the table a CSV file holds (CSV has room for one table)."""

    def table(self, name: str) -> Table:
        """The table called ``name``."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure: a stable key and value for files, a label and a sentence for people.

    ``text`` None leaves the fact out on a screen (another fact's sentence
    already says it).  Where the value stands alone (a workbook's row, a
    Markdown table) it is called ``name``, or ``label`` when the label says
    what the value is; ``kind`` says how it is written (a ``Ratio`` as a
    percentage, Rupiah, a date).
    """

    key: str
    label: str
    value: Any
    text: str | None = None
    kind: ColumnKind = ColumnKind.AUTO
    name: str | None = None


FACT_COLUMNS = ("item", "label", "value", "text", "name", "kind")
"""The values of a facts table's row: :class:`Fact`'s, ``name`` filled in."""


def facts_table(name: str, title: str, facts: list[Fact]) -> Table:
    """A table of facts: ``item``/``value`` rows in files, ``label: text`` lines for people.

    Each row holds :data:`FACT_COLUMNS`: the last two (the value's own name and
    its kind) are for the formats that show a value alone (workbook, Markdown).
    """
    from ukmtool.i18n import _

    return Table(
        name=name,
        title=title,
        columns=[
            Column("item", _("item"), ColumnKind.TEXT, Where.EXPORT),
            Column("label", _("item"), ColumnKind.TEXT, Where.TERMINAL),
            Column("value", _("value"), ColumnKind.AUTO, Where.EXPORT),
            Column("text", _("value"), ColumnKind.TEXT, Where.TERMINAL),
        ],
        rows=[(f.key, f.label, f.value, f.text, f.name or f.label, f.kind) for f in facts],
        facts=True,
    )
