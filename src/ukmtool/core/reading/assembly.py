"""What the files of a folder gave -> the ``LoadResult``: the programme, the problems in one order.

Both ways of loading end here: a load from scratch (``loader._load``) and a
load through the cache (``cache``) hand over the settings, the models of
each file and every diagnostic; the programme is assembled the same way
and the diagnostics put in one order, so the two answers can be compared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ukmtool.core import fields
from ukmtool.core.folder import Folder
from ukmtool.core.models import (
    Certificate,
    Indicator,
    Module,
    Participant,
    Score,
    Settings,
    Sheet,
    Visit,
)
from ukmtool.core.programme import LoadResult, Programme
from ukmtool.core.values import places
from ukmtool.diagnostics import Diagnostic

MODELS: dict[str, type[BaseModel]] = {
    "participants": Participant,
    "visits": Visit,
    "indicators": Indicator,
    "certificates": Certificate,
    "scores": Score,
}
"""The model of each list file of ``Snapshot.lists``, by the name of what it holds."""


def assemble(
    folder: Folder,
    settings: Settings | None,
    modules: list[Module],
    sheets: dict[str, dict[int, Sheet]],
    lists: dict[str, list[Any]],
    diagnostics: list[Diagnostic],
) -> LoadResult:
    """The :class:`LoadResult` of what the files gave: the programme (None without settings)."""
    found = sorted_diagnostics(diagnostics)
    if settings is None:  # program.yaml is broken: the checks ran, but there is no programme
        return LoadResult(folder, None, found)
    participants = as_listed(lists["participants"], settings)
    others = {name: models for name, models in lists.items() if name != "participants"}
    programme = Programme(folder, settings, modules, participants, sheets, **others)
    return LoadResult(folder, programme, found)


def sorted_diagnostics(items: list[Diagnostic]) -> list[Diagnostic]:
    """``items`` in one order whatever order they were found in: by file, line, column, text.

    A load from scratch and a load from the cache find the same problems in
    another order; sorted, the two lists are equal.
    """
    return sorted(
        items,
        key=lambda d: (*d.sort_key(), d.severity.value, d.hint or ""),
    )


def as_listed(participants: list[Participant], settings: Settings) -> list[Participant]:
    """``participants`` with district and sector as the programme spells them.

    A file may say ``Kec. Cepu`` or ``cepu`` (``check`` reads them as Cepu,
    as ``register`` does); reports group by the programme's spelling.  Each
    written name is read once, and only the entries that differ are copied.
    """
    spelled: dict[str, dict[str, str]] = {"district": {}, "sector": {}}
    readers: dict[str, Callable[[str], str]] = {
        "district": lambda value: places.district(value, settings.districts),
        "sector": lambda value: places.sector(value, settings.sectors, settings.sector_names),
    }
    for name, read in readers.items():
        for written in {getattr(p, name) for p in participants}:
            try:
                found = read(written)
            except fields.ValueProblem:
                continue  # check_lists reported it
            if found != written:
                spelled[name][written] = found
    districts, sectors = spelled["district"], spelled["sector"]
    if not districts and not sectors:
        return participants
    return [
        p.model_copy(
            update={
                "district": districts.get(p.district, p.district),
                "sector": sectors.get(p.sector, p.sector),
            }
        )
        if p.district in districts or p.sector in sectors
        else p
        for p in participants
    ]
