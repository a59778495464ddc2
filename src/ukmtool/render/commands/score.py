"""Output of ``ukm score``: each score recorded (or already there), and where it was written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ukmtool.core.writing.score import Change, Outcome
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_decimal, format_number
from ukmtool.render.commands.table_read import read_payload, show_read
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import where_written

if TYPE_CHECKING:
    from ukmtool.core.importing.score_rows import Results

SHOWN = 20
"""Scores listed one a line on a dry run of a long list (--format json lists them all)."""


def change_dict(change: Change) -> dict[str, Any]:
    """One score as plain data (JSON)."""
    return {
        "participant": change.participant.id,
        "test": change.kind,
        "score": change.score,
        "before": change.before,
    }


def show(
    outcome: Outcome,
    *,
    dry_run: bool,
    as_json: bool,
    results: Results | None = None,
    source: Path | None = None,
) -> None:
    """Say what was recorded (or would be, on a dry run), or print it as JSON.

    ``results``: what a list of results gave, its columns and rows left out
    (said on stderr before anything else).
    """
    if results is not None and source is not None and not as_json:
        show_read(results, source)
    if as_json:
        print_json(
            {
                "programme": outcome.programme,
                "dry_run": dry_run,
                "file": display_path(outcome.path),
                "created": outcome.created,
                "module": outcome.module.id,
                "recorded": [change_dict(c) for c in outcome.recorded],
                "unchanged": [change_dict(c) for c in outcome.changes if c.unchanged],
                **(read_payload(results) if results is not None else {}),
            }
        )
        return
    out = console()
    if not outcome.changes:
        out.print(Text(clean(_("Nothing to record: the file has no rows."))), soft_wrap=True)
        return
    if outcome.created:
        out.print(
            Text(clean(_("Created {file}.").format(file=display_path(outcome.path)))),
            soft_wrap=True,
        )
    shown = outcome.changes if len(outcome.changes) <= SHOWN or not dry_run else None
    for change in shown or outcome.changes[:SHOWN]:
        out.print(Text(clean(line(change, outcome.module.id))), soft_wrap=True)
    if shown is None:
        out.print(
            Text(
                _("... and {count} more; --format json lists them all.").format(
                    count=format_number(len(outcome.changes) - SHOWN)
                ),
                style="dim",
            )
        )
    count = len(outcome.recorded)
    if dry_run:
        message = ngettext(
            "Dry run: {count} score would be recorded; nothing was written.",
            "Dry run: {count} scores would be recorded; nothing was written.",
            count,
        )
        out.print(Text(clean(message.format(count=format_number(count))), style="yellow"))
        where_written(outcome.programme, outcome.path, dry_run=True)
        return
    if not count:
        out.print(Text(clean(_("Nothing to record: every score was already recorded."))))
        return
    message = ngettext("Recorded {count} score.", "Recorded {count} scores.", count).format(
        count=format_number(count)
    )
    out.print(Text(clean(message), style="green"), soft_wrap=True)
    where_written(outcome.programme, outcome.path)


def name_of_test(kind: str) -> str:
    """pre-test or post-test, in the output's language."""
    return _("pre-test") if kind == "pre" else _("post-test")


def line(change: Change, module: str) -> str:
    """One score as a line: ``UKM-001 Batik Sekar Jati: keuangan pre-test 45 (was 40).``."""
    person = change.participant
    score = format_decimal(change.score)
    if change.unchanged:
        text = _("{id} {business}: {module} {test} {score}, already recorded.")
    elif change.before is not None:
        text = _("{id} {business}: {module} {test} {score} (was {before}).")
    else:
        text = _("{id} {business}: {module} {test} {score}.")
    return text.format(
        id=person.id,
        business=person.business,
        module=module,
        test=name_of_test(change.kind),
        score=score,
        before=format_decimal(change.before) if change.before is not None else "",
    )
