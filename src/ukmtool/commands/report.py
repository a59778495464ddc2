"""``ukm report``: the programme at a glance, or one module (``--module``) in full."""

from __future__ import annotations

from typing import Annotated

import typer

from ukmtool.commands.common import (
    AllOption,
    CsvSepOption,
    DistrictOption,
    FormatOption,
    GroupBy,
    LimitOption,
    OutputOption,
    SectorOption,
    StatusChoice,
    TagOption,
    load_clean,
    output_choice,
)
from ukmtool.i18n import _


def report(
    ctx: typer.Context,
    module: Annotated[
        str | None,
        typer.Option(
            "--module",
            "-m",
            metavar="ID",
            help=_("Report one module in full: every participant, its sessions, who is at risk."),
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        GroupBy | None,
        typer.Option(
            "--by",
            case_sensitive=False,
            help=_("Add a table of completion per district, sector, gender or tag."),
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        list[StatusChoice] | None,
        typer.Option(
            "--status",
            metavar="completed|in_progress|failed|at_risk",
            case_sensitive=False,
            help=_(
                "Only participants with this status (repeat for several). Without --module: "
                "completed = every module, failed = at least one, at_risk = in at least one."
            ),
            show_default=False,
        ),
    ] = None,
    district: DistrictOption = None,
    sector: SectorOption = None,
    tag: TagOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    csv_sep: CsvSepOption = ";",
    limit: LimitOption = None,
    all_rows: AllOption = False,
) -> None:
    """Who completed, who is in progress, who failed and who is at risk."""
    from ukmtool.core.reports.filters import Filters, resolve
    from ukmtool.render.output import check, deliver

    choice = output_choice(output_format, output, csv_sep, limit, all_rows)
    check(choice)
    programme = load_clean(ctx)
    filters = resolve(
        programme,
        Filters(
            districts=tuple(district or ()),
            sectors=tuple(sector or ()),
            tags=tuple(tag or ()),
            statuses=tuple(s.value for s in status or ()),
        ),
    )
    group = by.value if by is not None else None
    if module is not None:
        from ukmtool.core.reports.documents import module_document
        from ukmtool.core.reports.module import module_report

        one = module_report(programme, module, filters, group)
        deliver(
            module_document(one), one.payload(), choice, mode_like=programme.folder.participants
        )
    else:
        from ukmtool.core.reports.documents import programme_document
        from ukmtool.core.reports.programme import programme_report

        whole = programme_report(programme, filters, group)
        deliver(
            programme_document(whole),
            whole.payload(),
            choice,
            mode_like=programme.folder.participants,
        )
