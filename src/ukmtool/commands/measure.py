"""``ukm measure``: record a business's figures after registering (follow-up, endline survey)."""

from pathlib import Path
from typing import Annotated

import typer

from ukmtool.commands.common import TextFormat, TextFormatOption, refuse_combined, state
from ukmtool.errors import UsageError
from ukmtool.i18n import _

FLAGS: dict[str, str] = {
    "participant": "ID",
    "date": "--date",
    "monthly_sales": "--sales",
    "capital": "--capital",
    "employees": "--employees",
    "source": "--source",
}
"""The argument or option that gives each field."""


def measure(
    ctx: typer.Context,
    participant: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help=_("The business measured: its id (UKM-001) or number (1)."),
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help=_("The day the figures were taken. Default: today."),
            show_default=False,
        ),
    ] = None,
    sales: Annotated[
        str | None,
        typer.Option(
            "--sales",
            metavar="RUPIAH",
            help=_("Sales a month (omzet): 15000000, 15.000.000, Rp15jt, 1,5 juta."),
            show_default=False,
        ),
    ] = None,
    capital: Annotated[
        str | None,
        typer.Option(
            "--capital",
            metavar="RUPIAH",
            help=_("Capital (modal usaha) without land and buildings."),
            show_default=False,
        ),
    ] = None,
    employees: Annotated[
        str | None,
        typer.Option(
            "--employees", metavar="N", help=_("How many people work there."), show_default=False
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="TEXT",
            help=_("Where the figures come from, such as 'survei akhir'."),
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help=_(
                "Record every row of an endline survey (.csv or .xlsx) instead; every row is "
                "checked before anything is written."
            ),
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help=_(
                "With --from: the sheet of the .xlsx that holds the survey. Default: the visible "
                "sheet whose header names the id and a figure (hidden sheets are never read "
                "unless named)."
            ),
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Show what would be recorded; write nothing.")),
    ] = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Record a business's figures: sales a month, capital, employees, on a day."""
    from ukmtool.core.writing import measure as measuring
    from ukmtool.render.commands import measure as view
    from ukmtool.render.progress import loading

    as_json = output_format is TextFormat.json
    folder = state(ctx).folder()
    values = {
        "participant": participant,
        "date": day,
        "monthly_sales": sales,
        "capital": capital,
        "employees": employees,
        "source": source,
    }
    survey = None
    if sheet is not None and from_file is None:
        raise UsageError(_("--sheet names a sheet of the file given with --from."))
    if from_file is not None:
        from ukmtool.core.importing import measure_rows

        refuse_combined(
            [
                FLAGS[name]
                for name, value in values.items()
                if value is not None and name not in ("date", "source")
            ],
            _("--from records every row of the file; it cannot be combined with {flags}."),
            _("Put those values in the file's columns instead."),
        )
        survey = measure_rows.read(from_file, worksheet=sheet)
        defaults = {"date": day, "source": source}
        entries = [
            measuring.Entry(
                {**{k: v for k, v in defaults.items() if v is not None}, **entry.values},
                {**FLAGS, **entry.labels},
                entry.origin,
                entry.stray,
            )
            for entry in survey.entries
        ]
    elif participant is None:
        raise UsageError(
            _("Name the business measured: ukm measure ID --sales ... --capital ..."),
            hint=_("The id (UKM-001) or the number (1) of a registered business."),
        )
    else:
        entries = [measuring.Entry(values, FLAGS)]
    with loading(enabled=not as_json) as progress:
        outcome = measuring.record(folder, entries, dry_run=dry_run, progress=progress)
    view.show(outcome, dry_run=dry_run, as_json=as_json, survey=survey, source=from_file)
