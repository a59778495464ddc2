"""``ukm show ID``: one business, its details and its progress in every module."""

from typing import Annotated

import typer

from ukmtool.commands.common import (
    AsOfOption,
    CsvSepOption,
    OutputOption,
    ShowNikOption,
    TableFormatOption,
    as_of_day,
    deliver_report,
    load_clean,
    output_choice,
)
from ukmtool.i18n import _


def show(
    ctx: typer.Context,
    participant: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=_("The participant's id, for example UKM-001, or its number alone: 1, 001."),
        ),
    ],
    show_nik: ShowNikOption = False,
    as_of: AsOfOption = None,
    output_format: TableFormatOption = None,
    output: OutputOption = None,
    csv_sep: CsvSepOption = ";",
) -> None:
    """One business: details, and per module attended/held/planned and what it missed."""
    from ukmtool.core.reports.records import show_record
    from ukmtool.core.tables.records import show_tables

    choice = output_choice(output_format, output, csv_sep)
    day = as_of_day(as_of)
    programme = load_clean(ctx)
    record = show_record(programme, participant, show_nik, day)
    deliver_report(record, show_tables, choice, programme)
