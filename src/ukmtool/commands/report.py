"""``ukm report``: the programme at a glance, one module (``--module``) in full, or mentoring."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated

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
    TagOption,
    as_of_day,
    collector_paused,
    deliver_report,
    load_clean,
    output_choice,
    refuse_combined,
)
from ukmtool.errors import UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.documents.report import Printed
    from ukmtool.core.tables.tableset import Table


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
        list[GroupBy] | None,
        typer.Option(
            "--by",
            case_sensitive=False,
            help=_(
                "Add a table of completion per district, sector, gender or tag; give two "
                "(--by district --by gender) for a cross-table."
            ),
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=_(
                "Only participants with this status (repeat for several): completed, "
                "in_progress, failed, at_risk, or as the report prints them (selesai or lulus, "
                "berjalan, tidak lulus, berisiko). Without --module: completed = every module, "
                "failed = at least one, at_risk = in at least one."
            ),
            show_default=False,
        ),
    ] = None,
    visits: Annotated[
        bool,
        typer.Option(
            "--visits",
            help=_("Report the mentoring instead: trainers, good practices taken up, businesses."),
        ),
    ] = False,
    impact: Annotated[
        bool,
        typer.Option(
            "--impact",
            help=_(
                "Report the businesses' growth instead: sales, jobs and size class (naik kelas) "
                "from the baseline to the latest measurement."
            ),
        ),
    ] = False,
    graduates: Annotated[
        bool,
        typer.Option(
            "--graduates",
            help=_(
                "List the graduates instead: everyone who completed every module, with the day "
                "they completed the last one."
            ),
        ),
    ] = False,
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale",
            metavar="DAYS",
            min=1,
            help=_("With --visits: not visited for more than DAYS days is stale. Default: 21."),
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help=_(
                "Report as of this day: sessions dated after it are not held and participants "
                "registered after it are left out (later visits or measurements with --visits "
                "or --impact). Default: as the folder stands; today with --visits (not after "
                "the programme's end), every measurement with --impact."
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
    from ukmtool.core.clock import today
    from ukmtool.core.reports.filters import Filters, resolve

    choice = output_choice(output_format, output, csv_sep, limit, all_rows)
    if graduates:
        day = _graduates_options(visits, impact, stale, as_of, module, by, status)
    elif impact:
        day = _impact_options(visits, stale, as_of, module, status)
    else:
        day = _visit_options(visits, stale, as_of, module, by, status)
    programme = load_clean(ctx)
    if day is not None and not (impact or visits):  # --graduates too: as the programme stood
        from ukmtool.core.rules import as_of as programme_as_of

        programme = programme_as_of(programme, day)
    with collector_paused():  # see docs/performance.md
        filters = resolve(
            programme,
            Filters(
                districts=tuple(district or ()),
                sectors=tuple(sector or ()),
                tags=tuple(tag or ()),
                statuses=_statuses(status or ()),
            ),
        )
        groups = _groupings(by, impact)
        group = groups[0] if groups else None
        if graduates:
            from ukmtool.core.reports.graduates import graduate_list
            from ukmtool.core.tables.graduates import graduates_tables

            listing = graduate_list(programme, filters, day)
            deliver_report(listing, graduates_tables, choice, programme)
        elif impact:
            from ukmtool.core.reports.impact import impact_report
            from ukmtool.core.tables.impact import impact_tables

            growth = impact_report(programme, filters, group, day)

            def printed_impact() -> "Printed":
                from ukmtool.core.documents.impact import impact_printed

                return impact_printed(programme, growth, filters, today())

            deliver_report(growth, impact_tables, choice, programme, printed_impact)
        elif visits:
            from ukmtool.core.reports.visits import DEFAULT_STALE_DAYS, visits_report
            from ukmtool.core.tables.visits import visits_tables

            mentoring = visits_report(
                programme, filters, stale if stale is not None else DEFAULT_STALE_DAYS, day
            )

            def printed_visits() -> "Printed":
                from ukmtool.core.documents.report import visits_printed

                return visits_printed(programme, mentoring, filters, today())

            deliver_report(mentoring, visits_tables, choice, programme, printed_visits)
        elif module is not None:
            from ukmtool.core.reports.module import module_report
            from ukmtool.core.tables.module import module_tables

            one = module_report(programme, module, filters, groups)
            one.as_of = day

            def printed_module() -> "Printed":
                from ukmtool.core.documents.report import module_printed

                return module_printed(programme, one, filters, today())

            deliver_report(one, module_tables, choice, programme, printed_module)
        else:
            from ukmtool.core.reports.programme import programme_report
            from ukmtool.core.tables.programme import programme_tables

            whole = programme_report(programme, filters, groups)
            whole.as_of = day

            def printed_programme() -> "Printed":
                from ukmtool.core.documents.report import programme_printed

                return programme_printed(programme, whole, filters, today())

            def standing() -> "list[Table]":
                from ukmtool.core.documents.report import standings_table

                return [standings_table(programme, whole, filters)]

            deliver_report(whole, programme_tables, choice, programme, printed_programme, standing)


def _graduates_options(
    visits: bool,
    impact: bool,
    stale: int | None,
    as_of: str | None,
    module: str | None,
    by: list[GroupBy] | None,
    status: list[str] | None,
) -> date | None:
    """Refuse options that do not go with --graduates; the --as-of day."""
    given = (
        ("--visits", visits),
        ("--impact", impact),
        ("--module", module),
        ("--by", by),
        ("--status", status),
        ("--stale", stale),
    )
    refuse_combined(
        [flag for flag, value in given if value],
        _("--graduates cannot be combined with {flags}."),
        _("--district, --sector, --tag and --as-of choose the graduates listed."),
    )
    return as_of_day(as_of)


def _impact_options(
    visits: bool,
    stale: int | None,
    as_of: str | None,
    module: str | None,
    status: list[str] | None,
) -> date | None:
    """Refuse options that do not go with --impact; the --as-of day."""
    given = (("--visits", visits), ("--module", module), ("--status", status), ("--stale", stale))
    refuse_combined(
        [flag for flag, value in given if value],
        _("--impact cannot be combined with {flags}."),
        _("--district, --sector, --tag and --by choose and split the businesses."),
    )
    return as_of_day(as_of)


def _visit_options(
    visits: bool,
    stale: int | None,
    as_of: str | None,
    module: str | None,
    by: list[GroupBy] | None,
    status: list[str] | None,
) -> date | None:
    """Refuse options that do not go with (or without) --visits; the --as-of day."""
    if not visits:
        if stale is not None:
            raise UsageError(
                _("{flags} only go with --visits.").format(flags="--stale"),
                hint=_("Add --visits (mentoring) or --impact (growth)."),
            )
        return as_of_day(as_of)
    refuse_combined(
        [
            flag
            for flag, value in (("--module", module), ("--by", by), ("--status", status))
            if value
        ],
        _("--visits cannot be combined with {flags}."),
        _("--district, --sector and --tag choose the businesses of the visits report."),
    )
    return as_of_day(as_of)


def _statuses(words: Iterable[str]) -> tuple[str, ...]:
    """The statuses ``--status`` names, in English or as the report prints them."""
    from ukmtool.core.reports.filters import STATUS_CHOICES, status_word

    found: list[str] = []
    for word in words:
        code = status_word(word)
        if code is None:
            raise UsageError(
                _("--status {value}: not a status.").format(value=word),
                hint=_("Give one of {choices}, or the word the report prints.").format(
                    choices=", ".join(STATUS_CHOICES)
                ),
            )
        if code not in found:
            found.append(code)
    return tuple(found)


def _groupings(by: list[GroupBy] | None, impact: bool) -> tuple[str, ...]:
    """The groupings of --by: none, one, or two different ones (a cross-table)."""
    given = [b.value for b in by or ()]
    names = tuple(dict.fromkeys(given))
    twice = [name for name in names if given.count(name) > 1]
    if twice:
        raise UsageError(
            _("--by {name} is given twice.").format(name=twice[0]),
            hint=_("Give two different groupings for a cross-table: --by district --by gender."),
        )
    if len(names) > 2:
        raise UsageError(
            _("--by can be given at most twice (a cross-table of two groupings)."),
            hint=_("For example: --by district --by gender."),
        )
    if impact and len(names) > 1:
        raise UsageError(_("--impact takes one --by."))
    return names
