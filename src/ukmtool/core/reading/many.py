"""Many programme folders at once, for ``ukm compare``, ``ukm history`` and ``ukm export``.

Each place given is a programme folder (it holds ``program.yaml``) or a
folder of programme folders (its subfolders that hold one, in name order).
Every folder is loaded as ``ukm report`` loads it; a folder with errors is
left out and named with its first error, never dropped silently.  A folder
reached twice (given itself and through its parent) counts once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ukmtool.core.folder import Folder, holds_program
from ukmtool.core.programme import LeftOut, Loaded, Many
from ukmtool.core.reading.loader import load
from ukmtool.errors import UsageError
from ukmtool.i18n import _, ngettext

__all__ = ["LeftOut", "Loaded", "Many", "Place", "load_many", "places"]


@dataclass(frozen=True, slots=True)
class Place:
    """A programme folder found, and how to show it (as given, or given/subfolder)."""

    shown: str
    path: Path


def places(given: Sequence[Path]) -> list[Place]:
    """The programme folders ``given`` names, each once, in order.

    A place that is neither a programme folder nor holds one is a usage error.
    """
    found: list[Place] = []
    seen: set[str] = set()
    nothing: list[str] = []
    for place in given:
        inside = [Place(str(place), place)] if holds_program(place) else _inside(place)
        if not inside:
            nothing.append(str(place))
        for one in inside:
            key = _key(one.path)
            if key not in seen:
                seen.add(key)
                found.append(one)
    if nothing:
        raise UsageError(
            ngettext(
                "{places} is not a programme folder and holds none.",
                "{places} are not programme folders and hold none.",
                len(nothing),
            ).format(places=", ".join(nothing)),
            hint=_("Give programme folders (each with a program.yaml), or folders of them."),
        )
    return found


def _inside(place: Path) -> list[Place]:
    try:
        names = sorted(entry.name for entry in os.scandir(place) if entry.is_dir())
    except OSError:
        return []
    return [
        Place(str(place / name), place / name)
        for name in names
        if not name.startswith(".") and holds_program(place / name)
    ]


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def load_many(found: Sequence[Place], progress: Callable[[int, int], None] | None = None) -> Many:
    """Load every folder; those with errors go to ``left_out`` with their first error."""
    result = Many()
    for done, place in enumerate(found):
        loaded = load(Folder(place.path.absolute()))
        errors = loaded.errors
        if loaded.programme is None or errors:
            first = (
                f"{errors[0].location(place.path.absolute())}: {errors[0].message}"
                if errors
                else _("it cannot be read")
            )
            result.left_out.append(LeftOut(place.shown, place.path, len(errors), first))
        else:
            result.loaded.append(Loaded(place.shown, loaded.programme))
        if progress is not None:
            progress(done + 1, len(found))
    return result
