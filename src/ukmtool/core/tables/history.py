"""``ukm history``, ``ukm compare --returning`` as tables: a row per programme of a business."""

from __future__ import annotations

from typing import Any

from ukmtool.core.across.history import Appearance, History, Returning
from ukmtool.core.tables.tableset import Column, ColumnKind, Table, TableSet
from ukmtool.i18n import _
from ukmtool.localefmt import status_label


def _columns(numbered: bool) -> list[Column]:
    first = [Column("business_no", _("no."), ColumnKind.INT)] if numbered else []
    return [
        *first,
        Column("folder", _("folder"), ColumnKind.TEXT),
        Column("year", _("year"), ColumnKind.YEAR),
        Column("programme", _("programme"), ColumnKind.TEXT),
        Column("id", _("id"), ColumnKind.CODE),
        Column("business", _("business"), ColumnKind.TEXT),
        Column("owner", _("owner"), ColumnKind.TEXT),
        Column("district", _("district"), ColumnKind.TEXT),
        Column("matched_by", _("matched\nby"), ColumnKind.STATUS),
        Column("modules_completed", _("modules\ncom-\npleted"), ColumnKind.SLASHED),
        Column("graduated", _("grad-\nuated"), ColumnKind.FLAG),
        Column("certificate", _("certificate"), ColumnKind.CODE),
        Column("class_before", _("class\nbefore"), ColumnKind.TEXT),
        Column("class_after", _("class\nafter"), ColumnKind.TEXT),
    ]


def matched_word(key: str | None) -> str:
    """What tied an entry to the others, in words (empty for one that stands alone)."""
    return status_label(key) if key else ""


def _row(appearance: Appearance) -> tuple[Any, ...]:
    a = appearance
    return (
        a.folder,
        a.year,
        a.programme,
        a.id,
        a.business,
        a.owner,
        a.district,
        a.matched_by,
        (a.completed, a.modules),
        a.graduated,
        a.certificate or "",
        a.class_before or "",
        a.class_after or "",
    )


def history_tables(history: History) -> TableSet:
    """Every programme each business found took part in."""
    numbered = len(history.businesses) > 1
    rows = [
        ((n, *_row(a)) if numbered else _row(a))
        for n, found in enumerate(history.businesses, start=1)
        for a in found
    ]
    note = _(
        "matched by = what ties the entry to the others: the NIK, else the NIB, else the phone "
        "with a similar owner's name; modules completed = completed of the programme's modules; "
        "class = size class at registration (baseline) and at the latest measurement."
    )
    table = Table("history", _("Programmes taken part in"), _columns(numbered), rows, notes=[note])
    return TableSet(_("History of {query}").format(query=history.query), [table], "history")


def returning_tables(returning: Returning) -> TableSet:
    """The businesses in more than one programme, each with its entries."""
    rows = [(n, *_row(a)) for n, found in enumerate(returning.businesses, start=1) for a in found]
    note = _(
        "{count} businesses took part in more than one of the {programmes} programmes."
    ).format(count=len(returning.businesses), programmes=returning.programmes)
    table = Table(
        "returning",
        _("Businesses in more than one programme"),
        _columns(True),
        rows,
        notes=[note],
        limitable=True,
    )
    return TableSet(_("Returning businesses"), [table], "returning")
