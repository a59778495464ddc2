"""``ukm report``: five reports behind one command, as a table of modes (``MODES``).

The programme at a glance, one module in full (``--module``), the mentoring
(``--visits``), the businesses' growth (``--impact``) and the graduates
(``--graduates``): each mode is one small function, and the options each
refuses are read from its row of ``MODES``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
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
    PaperDateOption,
    SectorOption,
    SignOption,
    TagOption,
    as_of_day,
    collector_paused,
    deliver_report,
    load_clean,
    output_choice,
    paper_of,
    refuse_combined,
)
from ukmtool.errors import UsageError
from ukmtool.i18n import N_, _

if TYPE_CHECKING:
    from ukmtool.core.documents.report import Paper, Printed
    from ukmtool.core.programme import Programme
    from ukmtool.core.reports.filters import Filters
    from ukmtool.core.tables.tableset import Table
    from ukmtool.render.output import OutputChoice


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
    signed: PaperDateOption = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            metavar="TEXT",
            help=_(
                "With --format pdf: the report's number (nomor), as the office's register gives "
                "it. Default: a dotted line to write it on."
            ),
            show_default=False,
        ),
    ] = None,
    addressee: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="TEXT",
            help=_(
                'With --format pdf: to whom the report goes, after "Kepada Yth." ("Bupati '
                "Blora\"). Default: program.yaml's addressee."
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
    sign: SignOption = None,
) -> None:
    """Who completed, who is in progress, who failed and who is at risk."""
    from ukmtool.core.reports.filters import Filters, resolve

    choice = output_choice(output_format, output, csv_sep, limit, all_rows, sign)
    name = (
        "graduates"
        if graduates
        else "impact"
        if impact
        else "visits"
        if visits
        else "module"
        if module is not None
        else "programme"
    )
    mode = MODES[name]
    given = {
        "--visits": visits,
        "--impact": impact,
        "--module": module,
        "--by": by,
        "--status": status,
        "--stale": stale,
    }
    refuse_combined([flag for flag in mode.refuses if given[flag]], _(mode.refusal), _(mode.hint))
    day = as_of_day(as_of)
    paper = paper_of(choice, signed, number, addressee)
    programme = load_clean(ctx)
    if day is not None and mode.as_it_stood:
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
        mode.make(_Asked(programme, filters, groups, day, module, stale, choice, paper))


@dataclass(frozen=True, slots=True)
class _Asked:
    """What a mode of ``ukm report`` is asked for, once the options are checked."""

    programme: "Programme"
    filters: "Filters"
    groups: tuple[str, ...]
    """The groupings of ``--by``: none, one, or two for a cross-table."""
    day: date | None
    """``--as-of``; the programme is already as it stood then when the mode says so."""
    module: str | None
    stale: int | None
    choice: "OutputChoice"
    paper: "Paper"
    """What the printed report says beyond its figures: its date, number, addressee."""


def _programme(asked: _Asked) -> None:
    """The programme at a glance (a workbook adds every participant's standing)."""
    from ukmtool.core.reports.programme import programme_report
    from ukmtool.core.tables.programme import programme_tables

    programme, filters = asked.programme, asked.filters
    whole = programme_report(programme, filters, asked.groups)
    whole.as_of = asked.day

    def printed() -> "Printed":
        from ukmtool.core.documents.report import programme_printed
        from ukmtool.core.reading.laporan import read_laporan

        paper = replace(asked.paper, text=read_laporan(programme.folder))
        return programme_printed(programme, whole, filters, paper)

    def standing() -> "list[Table]":
        from ukmtool.core.documents.report import standings_table

        return [standings_table(whole)]

    deliver_report(whole, programme_tables, asked.choice, programme, printed, standing)


def _module(asked: _Asked) -> None:
    """One module in full (``--module``)."""
    from ukmtool.core.reports.module import module_report
    from ukmtool.core.tables.module import module_tables

    assert asked.module is not None
    programme, filters = asked.programme, asked.filters
    one = module_report(programme, asked.module, filters, asked.groups)
    one.as_of = asked.day

    def printed() -> "Printed":
        from ukmtool.core.documents.report import module_printed

        return module_printed(programme, one, filters, asked.paper)

    deliver_report(one, module_tables, asked.choice, programme, printed)


def _visits(asked: _Asked) -> None:
    """The mentoring (``--visits``)."""
    from ukmtool.core.reports.visits import DEFAULT_STALE_DAYS, visits_report
    from ukmtool.core.tables.visits import visits_tables

    programme, filters = asked.programme, asked.filters
    stale = asked.stale if asked.stale is not None else DEFAULT_STALE_DAYS
    mentoring = visits_report(programme, filters, stale, asked.day)

    def printed() -> "Printed":
        from ukmtool.core.documents.report import visits_printed

        return visits_printed(programme, mentoring, filters, asked.paper)

    deliver_report(mentoring, visits_tables, asked.choice, programme, printed)


def _impact(asked: _Asked) -> None:
    """The businesses' growth (``--impact``)."""
    from ukmtool.core.reports.impact import impact_report
    from ukmtool.core.tables.impact import impact_tables

    programme, filters = asked.programme, asked.filters
    group = asked.groups[0] if asked.groups else None
    growth = impact_report(programme, filters, group, asked.day)

    def printed() -> "Printed":
        from ukmtool.core.documents.impact import impact_printed

        return impact_printed(programme, growth, filters, asked.paper)

    deliver_report(growth, impact_tables, asked.choice, programme, printed)


def _graduates(asked: _Asked) -> None:
    """The graduates (``--graduates``)."""
    from ukmtool.core.reports.graduates import graduate_list
    from ukmtool.core.tables.graduates import graduates_tables

    listing = graduate_list(asked.programme, asked.filters, asked.day)

    def printed() -> "Printed":
        from ukmtool.core.documents.report import graduates_printed

        return graduates_printed(asked.programme, listing, asked.paper)

    deliver_report(listing, graduates_tables, asked.choice, asked.programme, printed)


@dataclass(frozen=True, slots=True)
class _Mode:
    """One report ``ukm report`` makes, the options it refuses, and the function that makes it."""

    refuses: tuple[str, ...]
    """Options that do not go with it, in the order a refusal names them."""
    refusal: str
    """The message of a refusal (``{flags}``: the options given), marked with ``N_``."""
    hint: str
    """What to do instead, marked with ``N_``."""
    as_it_stood: bool
    """``--as-of`` takes the programme as it stood that day (else the mode is given the day)."""
    make: Callable[[_Asked], None]


_NOT_WITHOUT_VISITS = _Mode(
    ("--stale",),
    N_("{flags} can only be used with --visits."),
    N_("Add --visits (mentoring) or --impact (growth)."),
    True,
    _programme,
)

MODES: dict[str, _Mode] = {
    "programme": _NOT_WITHOUT_VISITS,
    "module": replace(_NOT_WITHOUT_VISITS, make=_module),
    "visits": _Mode(
        ("--module", "--by", "--status"),
        N_("--visits cannot be combined with {flags}."),
        N_("--district, --sector and --tag choose the businesses of the visits report."),
        False,
        _visits,
    ),
    "impact": _Mode(
        ("--visits", "--module", "--status", "--stale"),
        N_("--impact cannot be combined with {flags}."),
        N_("--district, --sector, --tag and --by choose and split the businesses."),
        False,
        _impact,
    ),
    "graduates": _Mode(
        ("--visits", "--impact", "--module", "--by", "--status", "--stale"),
        N_("--graduates cannot be combined with {flags}."),
        N_("--district, --sector, --tag and --as-of choose the graduates listed."),
        True,
        _graduates,
    ),
}
"""The modes of ``ukm report``: the programme (no mode option), ``--module``, ``--visits``,
``--impact`` and ``--graduates``; the first of the last three given chooses (graduates,
then impact, then visits)."""


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
