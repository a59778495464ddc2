"""Output of ``ukm measure``: what was recorded, each figure beside the business's baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text

from ukmtool.core.importing.measure_rows import Survey
from ukmtool.core.models import Indicator, Participant
from ukmtool.core.sizeclass import law_on, size_class
from ukmtool.core.writing.measure import Outcome
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date, format_number, format_rupiah
from ukmtool.render.commands.table_read import read_payload, show_read
from ukmtool.render.console import clean, console
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import where_written


def record(indicator: Indicator) -> dict[str, Any]:
    """A measurement as plain data (JSON)."""
    law = law_on(indicator.date)
    return {
        "participant": indicator.participant,
        "date": indicator.date.isoformat(),
        "monthly_sales": indicator.monthly_sales,
        "capital": indicator.capital,
        "employees": indicator.employees,
        "source": indicator.source,
        "law": law.name,
        "class": size_class(indicator.monthly_sales, indicator.capital, law),
    }


def show(
    outcome: Outcome,
    *,
    dry_run: bool,
    as_json: bool,
    survey: Survey | None = None,
    source: Path | None = None,
) -> None:
    """Say what was recorded (or would be, on a dry run), or print it as JSON.

    ``survey``: what was read from the file ``source``: the hidden sheets not
    read, the rows and columns left out (said on stderr first, and in the JSON).
    """
    if survey is not None and source is not None and not as_json:
        show_read(survey, source)
    if as_json:
        print_json(
            {
                "programme": outcome.programme,
                "dry_run": dry_run,
                "file": display_path(outcome.path),
                "created": outcome.created,
                "added": [record(i) for i in outcome.added],
                **(read_payload(survey) if survey is not None else {}),
            }
        )
        return
    out = console()
    if not outcome.added:
        out.print(Text(clean(_("Nothing to record: the file has no rows."))), soft_wrap=True)
        return
    if outcome.created:
        out.print(
            Text(clean(_("Created {file}.").format(file=display_path(outcome.path)))),
            soft_wrap=True,
        )
    shown = outcome.added if len(outcome.added) <= 20 or not dry_run else outcome.added[:20]
    for indicator in shown:
        participant = outcome.participants[indicator.participant]
        out.print(Text(clean(line(indicator, participant))), soft_wrap=True)
    if len(shown) < len(outcome.added):
        out.print(
            Text(
                _("... and {count} more; --format json lists them all.").format(
                    count=format_number(len(outcome.added) - len(shown))
                ),
                style="dim",
            )
        )
    count = len(outcome.added)
    if dry_run:
        message = ngettext(
            "Dry run: {count} measurement would be added; nothing was written.",
            "Dry run: {count} measurements would be added; nothing was written.",
            count,
        )
        out.print(Text(clean(message.format(count=format_number(count))), style="yellow"))
        where_written(outcome.programme, outcome.path, dry_run=True)
        return
    message = ngettext(
        "Recorded {count} measurement.", "Recorded {count} measurements.", count
    ).format(count=format_number(count))
    out.print(Text(clean(message), style="green"), soft_wrap=True)
    where_written(outcome.programme, outcome.path)


def line(indicator: Indicator, participant: Participant) -> str:
    """``UKM-001 Batik Sekar Jati on 10 March 2018: sales Rp22.500.000 a month (baseline ...)``."""
    parts = []
    if indicator.monthly_sales is not None:
        parts.append(
            _("sales {amount} a month").format(amount=format_rupiah(indicator.monthly_sales))
            + _baseline(participant.monthly_sales, format_rupiah)
        )
    if indicator.capital is not None:
        parts.append(
            _("capital {amount}").format(amount=format_rupiah(indicator.capital))
            + _baseline(participant.capital, format_rupiah)
        )
    if indicator.employees is not None:
        parts.append(
            ngettext("{count} employee", "{count} employees", indicator.employees).format(
                count=format_number(indicator.employees)
            )
            + _baseline(participant.employees, format_number)
        )
    law = law_on(indicator.date)
    kind = size_class(indicator.monthly_sales, indicator.capital, law)
    if kind is not None:
        parts.append(_("{kind} by {law}").format(kind=kind, law=law.name))
    return _("{id} {business} on {date}: {figures}.").format(
        id=participant.id,
        business=participant.business,
        date=format_date(indicator.date),
        figures="; ".join(parts),
    )


def _baseline(value: int | None, shown: Any) -> str:
    if value is None:
        return ""
    return " " + _("(baseline {value})").format(value=shown(value))
