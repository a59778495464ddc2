"""The values figures are made of, shared by the reports and the tables that show them.

A :class:`Ratio` knows what it divides by (PRODUCT.md: percentages always
say so); a :class:`Miss` is one session a participant missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Ratio:
    """A fraction that knows what it divides by."""

    part: int
    whole: int

    def percent(self) -> int | None:
        """The whole percent, rounded half up; None when dividing by zero."""
        if self.whole <= 0:
            return None
        return (200 * self.part + self.whole) // (2 * self.whole)

    def fraction(self, digits: int = 4) -> float | None:
        """The ratio as a number (for JSON), None when dividing by zero."""
        return round(self.part / self.whole, digits) if self.whole > 0 else None


@dataclass(frozen=True, slots=True)
class Miss:
    """One session a participant missed: its number, date and why (absent, sick, ...)."""

    session: int
    date: date
    status: str
    """excused, sick, absent or unmarked (not on any list of the sheet)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"session": self.session, "date": self.date.isoformat(), "status": self.status}
