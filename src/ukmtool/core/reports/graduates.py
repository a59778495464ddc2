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
from ukmtool.core.reports.documents import as_of_title
from ukmtool.core.reports.filters import Filters, select
from ukmtool.core.reports.tabular import Column, ColumnKind, Document, Table
from ukmtool.core.rules import Graduate, graduates
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_number as num


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
        programme.program.name, found, len(chosen), len(programme.modules), filters, day
    )


def graduates_document(listing: GraduateList) -> Document:
    """The graduates as one table, with a note on what they are counted over."""
    columns = [
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("sector", _("sector"), ColumnKind.TEXT),
        Column("gender", _("gender"), ColumnKind.GENDER),
        Column("registered", _("registered"), ColumnKind.DATE),
        Column("completed", _("completed the last module"), ColumnKind.DATE),
    ]
    rows = [
        (
            g.participant.id,
            g.participant.business,
            g.participant.owner,
            g.participant.district,
            g.participant.sector,
            g.participant.gender,
            g.participant.registered,
            g.completed,
        )
        for g in listing.graduates
    ]
    notes = [
        ngettext(
            "{n} of {total} participants completed all {modules} module.",
            "{n} of {total} participants completed all {modules} modules.",
            listing.modules,
        ).format(n=num(len(rows)), total=num(listing.considered), modules=num(listing.modules))
    ]
    table = Table(
        "graduates",
        _("Graduates ({n})").format(n=num(len(rows))),
        columns,
        rows,
        notes=notes,
        limitable=True,
        noun="participants",
    )
    title = as_of_title(_("Graduates: {name}").format(name=listing.programme_name), listing.as_of)
    return Document(title, [table], "graduates")
