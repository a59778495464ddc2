"""What the rules make of the participants, said by ``ukm check`` after the load (rules 2.1).

The rules (``core/rules``) find who missed a module (registered after its
last session and made none up: they cannot graduate) and who is exempt from
a module they completed all the same; ``ukm check`` hands those findings
here, as plain values, to become warnings at the participant's line of
``participants.yaml``, each saying what to do.  (The loader's checks do not
apply the rules: they run before there is a programme to apply them to.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ukmtool.core.programme import Programme, missed_hint
from ukmtool.core.yamlio.reader import FileTooLargeError, LList, LMap, parse_bytes
from ukmtool.diagnostics import Collector, Diagnostic
from ukmtool.i18n import _, ngettext

Missed = tuple[str, str, date]
"""A participant id, the module they missed, and the module's last session date."""
Completed = tuple[str, str, int, int]
"""A participant id, the module they are exempt from, sessions attended and required."""


def check_standing(
    programme: Programme, missed: Sequence[Missed], completed: Sequence[Completed]
) -> list[Diagnostic]:
    """A warning for each module missed, and each exemption of a module completed anyway."""
    if not missed and not completed:
        return []
    out = Collector()
    path = programme.folder.participants
    entries = _entries(path)
    registered = programme.participants_by_id
    for pid, module, last in missed:
        item = entries.get(pid)
        out.warning(
            path,
            item.value_line("registered") if item is not None else None,
            _(
                "{id} registered on {date}, after every session of '{module}' (the last on "
                "{last}), and made none up: the module is missed, so {id} cannot graduate."
            ).format(
                id=pid,
                date=registered[pid].registered.isoformat(),
                module=module,
                last=last.isoformat(),
            ),
            column=item.value_column("registered") if item is not None else None,
            hint=missed_hint(module, pid),
        )
    for pid, module, attended, required in completed:
        item = entries.get(pid)
        exempt = item.get("exempt") if item is not None else None
        found = isinstance(exempt, LMap) and module in exempt
        out.warning(
            path,
            exempt.key_line(module) if found and isinstance(exempt, LMap) else None,
            ngettext(
                "{id} is exempt from '{module}' but completed it anyway ({attended} session "
                "attended, {required} required): its figures count {id} as exempt, not completed.",
                "{id} is exempt from '{module}' but completed it anyway ({attended} sessions "
                "attended, {required} required): its figures count {id} as exempt, not completed.",
                attended,
            ).format(id=pid, module=module, attended=attended, required=required),
            column=exempt.key_column(module) if found and isinstance(exempt, LMap) else None,
            hint=_(
                "If the exemption is not needed, take it back "
                "(`ukm edit {id} --no-exempt {module}`)."
            ).format(id=pid, module=module),
        )
    return out.items


def _entries(path: Path) -> dict[str, LMap]:
    """participants.yaml's entries by id, as written (empty when it cannot be read again)."""
    try:
        root = parse_bytes(path.read_bytes()).value
    except (OSError, FileTooLargeError):
        return {}
    found: dict[str, LMap] = {}
    for item in root if isinstance(root, LList) else ():
        if isinstance(item, LMap) and isinstance(item.get("id"), str):
            found.setdefault(item["id"].strip(), item)
    return found
