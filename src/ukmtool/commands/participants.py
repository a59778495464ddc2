"""``ukm participants``: list and find participants."""

from typing import Annotated

import typer

from ukmtool.commands.common import (
    AllOption,
    AsOfOption,
    CsvSepOption,
    DistrictOption,
    LimitOption,
    OutputOption,
    SectorOption,
    ShowNikOption,
    TableFormatOption,
    TagOption,
    as_of_day,
    deliver_report,
    load_clean,
    output_choice,
)
from ukmtool.i18n import _


def participants(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            metavar="TEXT",
            help=_("Only businesses whose name or owner contains TEXT (any case)."),
            show_default=False,
        ),
    ] = None,
    district: DistrictOption = None,
    sector: SectorOption = None,
    tag: TagOption = None,
    show_nik: ShowNikOption = False,
    as_of: AsOfOption = None,
    output_format: TableFormatOption = None,
    output: OutputOption = None,
    csv_sep: CsvSepOption = ";",
    limit: LimitOption = None,
    all_rows: AllOption = False,
) -> None:
    """List participants, filtered by district, sector, tag or a search."""
    from ukmtool.core.reports.filters import Filters, resolve
    from ukmtool.core.reports.records import participant_list
    from ukmtool.core.tables.records import participants_tables

    choice = output_choice(output_format, output, csv_sep, limit, all_rows)
    day = as_of_day(as_of)
    programme = load_clean(ctx)
    filters = resolve(
        programme,
        Filters(
            districts=tuple(district or ()),
            sectors=tuple(sector or ()),
            tags=tuple(tag or ()),
            search=search,
        ),
    )
    listing = participant_list(programme, filters, show_nik, day)
    deliver_report(listing, participants_tables, choice, programme)
