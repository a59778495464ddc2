"""The graduates as a table (``ukm report --graduates``)."""

from __future__ import annotations

from ukmtool.core.reports.graduates import GraduateList
from ukmtool.core.tables.columns import as_of_title
from ukmtool.core.tables.tableset import Column, ColumnKind, Table, TableSet
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_number as num


def graduates_tables(listing: GraduateList) -> TableSet:
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
    return TableSet(title, [table], "graduates")
