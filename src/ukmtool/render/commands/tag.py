"""Output of ``ukm tag``: who got the tag (or lost it), who already had it (or had not)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ukmtool.core.writing.tag import Outcome
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_number
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import where_written


def runs(chosen: Sequence[str], registered: Sequence[str]) -> str:
    """The ids, three or more in a row of the file's order as one run: ``UKM-001..UKM-020``."""
    place = {pid: i for i, pid in enumerate(registered)}
    ordered = sorted(chosen, key=lambda pid: place.get(pid, len(place)))
    parts: list[str] = []
    start = 0
    for i in range(1, len(ordered) + 1):
        if i < len(ordered) and place.get(ordered[i]) == place.get(ordered[i - 1], -2) + 1:
            continue
        run = ordered[start:i]
        parts += run if len(run) < 3 else [f"{run[0]}..{run[-1]}"]
        start = i
    return ", ".join(parts)


def show(outcome: Outcome, *, dry_run: bool, as_json: bool) -> None:
    """Say what changed (or would change, on a dry run)."""
    changed = [p.id for p in outcome.changed]
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "programme": outcome.programme,
                "file": display_path(outcome.path),
                "tag": outcome.tag,
                "action": "remove" if outcome.removed else "add",
                "changed": changed,
                "unchanged": outcome.unchanged,
            }
        )
        return
    out = console()
    count = format_number(len(changed))
    if changed:
        if outcome.removed:
            message = ngettext(
                "Took the tag {tag} off {count} participant: {ids}.",
                "Took the tag {tag} off {count} participants: {ids}.",
                len(changed),
            )
            if dry_run:
                message = ngettext(
                    "Dry run: would take the tag {tag} off {count} participant: {ids}.",
                    "Dry run: would take the tag {tag} off {count} participants: {ids}.",
                    len(changed),
                )
        else:
            message = ngettext(
                "Tagged {count} participant {tag}: {ids}.",
                "Tagged {count} participants {tag}: {ids}.",
                len(changed),
            )
            if dry_run:
                message = ngettext(
                    "Dry run: would tag {count} participant {tag}: {ids}.",
                    "Dry run: would tag {count} participants {tag}: {ids}.",
                    len(changed),
                )
        text = message.format(tag=outcome.tag, count=count, ids=runs(changed, outcome.registered))
        out.print(Text(clean(text), style="yellow" if dry_run else "green"), soft_wrap=True)
    if outcome.unchanged:
        already = (
            _("Not tagged {tag}, so left as they are: {ids}.")
            if outcome.removed
            else _("Already tagged {tag}: {ids}.")
        )
        out.print(
            Text(
                clean(
                    already.format(tag=outcome.tag, ids=runs(outcome.unchanged, outcome.registered))
                )
            ),
            soft_wrap=True,
        )
    if not changed and not outcome.unchanged:
        out.print(Text(clean(_("No participant was chosen; nothing was changed."))), soft_wrap=True)
        return
    if not changed:
        out.print(Text(_("Nothing was changed.")), soft_wrap=True)
        return
    if dry_run:
        out.print(Text(_("Nothing was written."), style="yellow"))
    where_written(outcome.programme, outcome.path, dry_run=dry_run)
