"""``ukm report --graduates``: who completed every module, and when, by name.

The list an officer writes certificates and letters from: each graduate's
id, business, owner, district, sector, gender, registration date and the day
they completed their last module (``rules.graduates``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters, select
from ukmtool.core.rules import Graduate, graduates


@dataclass
class GraduateList:
    """The graduates among the participants the filters chose."""

    programme_name: str
    graduates: list[Graduate]
    considered: int
    """How many participants the filters chose (the graduates are among them)."""
    modules: int
    filters: Filters
    as_of: date | None = None

    def payload(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "programme": self.programme_name,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "modules": self.modules,
            "participants": self.considered,
            "count": len(self.graduates),
            "filters": self.filters.to_dict(),
            "graduates": [
                {
                    "id": g.participant.id,
                    "business": g.participant.business,
                    "owner": g.participant.owner,
                    "district": g.participant.district,
                    "sector": g.participant.sector,
                    "gender": g.participant.gender,
                    "registered": g.participant.registered.isoformat(),
                    "completed": g.completed.isoformat(),
                }
                for g in self.graduates
            ],
        }


def graduate_list(programme: Programme, filters: Filters, day: date | None) -> GraduateList:
    """The graduates of ``programme`` (already as of ``day`` when one is given)."""
    chosen = {id(p) for p in select(programme, filters)}
    found = [g for g in graduates(programme) if id(g.participant) in chosen]
    return GraduateList(
        programme.settings.name, found, len(chosen), len(programme.modules), filters, day
    )
