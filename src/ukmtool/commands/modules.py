"""``ukm modules``: the modules, their sessions and dates, and which were held."""

from typing import Annotated

import typer

from ukmtool.commands.common import (
    CsvSepOption,
    OutputOption,
    TableFormatOption,
    deliver_report,
    load_clean,
    output_choice,
)
from ukmtool.i18n import _


def modules(
    ctx: typer.Context,
    module: Annotated[
        str | None,
        typer.Option(
            "--module",
            "-m",
            metavar="ID",
            help=_("Only this module."),
            show_default=False,
        ),
    ] = None,
    output_format: TableFormatOption = None,
    output: OutputOption = None,
    csv_sep: CsvSepOption = ";",
) -> None:
    """List the modules with their sessions, dates and which were held."""
    from ukmtool.core.reports.records import module_list
    from ukmtool.core.tables.records import modules_tables

    choice = output_choice(output_format, output, csv_sep)
    programme = load_clean(ctx)
    listing = module_list(programme, module)
    deliver_report(listing, modules_tables, choice, programme)
