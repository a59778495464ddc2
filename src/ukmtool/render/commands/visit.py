"""Output of ``ukm visit``: what was recorded and what changed since the first observation."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ukmtool.core.reports.records import visit_dict
from ukmtool.core.writing.visit import Outcome, Seen
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_decimal, yes_no
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import where_written


def show(outcome: Outcome, *, as_json: bool) -> None:
    """Say what was recorded (notes on stderr), or print it as JSON."""
    for note in outcome.notes:
        console(stderr=True).print(Text(clean(note), style="yellow"), soft_wrap=True)
    if as_json:
        print_json(
            {
                "programme": outcome.programme,
                "file": display_path(outcome.path),
                "created": outcome.created,
                "visit": {"participant": outcome.visit.participant, **visit_dict(outcome.visit)},
                "observed": [_seen_dict(s) for s in outcome.seen],
            }
        )
        return
    out = console()
    v, p = outcome.visit, outcome.participant
    if outcome.created:
        out.print(
            Text(clean(_("Created {file}.").format(file=display_path(outcome.path)))),
            soft_wrap=True,
        )
    headline = _("Recorded the visit to {id} {business} on {date}: {trainer}, {hours} h.").format(
        id=p.id,
        business=p.business,
        date=format_date(v.date),
        trainer=v.trainer,
        hours=format_decimal(v.hours),
    )
    out.print(Text(clean(headline), style="green"), soft_wrap=True)
    where_written(outcome.programme, outcome.path)
    if v.modules:
        out.print(
            Text(clean(_("Modules: {modules}").format(modules=", ".join(v.modules)))),
            soft_wrap=True,
        )
    for seen in outcome.seen:
        out.print(Text("  " + clean(_seen_line(seen))), soft_wrap=True)


def _seen_line(seen: Seen) -> str:
    if seen.first is None or seen.first_date is None:
        return _("{practice}: {value} (first observation)").format(
            practice=seen.practice, value=yes_no(seen.value)
        )
    if seen.first and not seen.value:
        change = _("lost")
    elif seen.value and not seen.first:
        change = _("gained")
    else:
        change = _("unchanged")
    return _(
        "{practice}: {value} ({change} since the first observation, {first} on {date})"
    ).format(
        practice=seen.practice,
        value=yes_no(seen.value),
        change=change,
        first=yes_no(seen.first),
        date=format_date(seen.first_date),
    )


def _seen_dict(seen: Seen) -> dict[str, Any]:
    return {
        "practice": seen.practice,
        "value": seen.value,
        "first": seen.first,
        "first_date": seen.first_date.isoformat() if seen.first_date else None,
    }
