"""Businesses registered now that took part in an earlier programme (program.yaml's ``earlier``).

``ukm register`` (at the desk and ``--from``) says so once it has registered
them: each new participant is looked up in the folders of ``earlier`` by
NIK, NIB, or phone with a similar owner's name (``identity``).  A folder of
``earlier`` that is missing or has errors is skipped (``ukm check`` warns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ukmtool.core.across.identity import Index, Member, entries
from ukmtool.core.folder import Folder, holds_program
from ukmtool.core.models import Participant
from ukmtool.core.programme import Loaded
from ukmtool.core.reading.checks.programmes import earlier_folders
from ukmtool.core.reading.loader import load
from ukmtool.diagnostics import display_path


@dataclass(frozen=True, slots=True)
class Returned:
    """A participant just registered who took part in an earlier programme."""

    participant: Participant
    earlier: tuple[Member, ...]


def earlier_programmes(root: Path, earlier: Sequence[str]) -> list[Loaded]:
    """The programmes of ``earlier`` (program.yaml's, as written) that load without errors."""
    found: list[Loaded] = []
    for path in earlier_folders(root, earlier):
        if not holds_program(path):
            continue
        result = load(Folder(path.absolute()))
        if result.programme is not None and result.ok:
            found.append(Loaded(display_path(path), result.programme))
    return found


def returned(added: Sequence[Participant], earlier: Sequence[Loaded]) -> list[Returned]:
    """Those of ``added`` found in an earlier programme, with the entries found."""
    if not added or not earlier:
        return []
    index = Index(entries(earlier))
    found = []
    for participant in added:
        members = index.matches(participant)
        if members:
            found.append(Returned(participant, tuple(members)))
    return found
