"""``ukm tag add|remove TAG ID...``: mark a group of participants, or take the mark off."""

from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    DistrictOption,
    SectorOption,
    TextFormat,
    TextFormatOption,
    state,
    statuses_option,
)
from ukmtool.errors import UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.reports.selection import Selection

app = typer.Typer(
    help=_("Add a tag to participants, or take it off: only their tags change."),
    no_args_is_help=True,
)

TagArgument = Annotated[
    str, typer.Argument(metavar="TAG", help=_("The tag, such as unggulan."), show_default=False)
]
IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="IDS",
        help=_("Participants as attend takes them: UKM-007, 7, 1-20, UKM-001..UKM-020."),
        show_default=False,
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=_(
            "Only participants who stand so in the programme: graduated, not-graduated, "
            "failed, missed, at-risk, in-progress; repeat for several."
        ),
        show_default=False,
    ),
]
TaggedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tagged",
        metavar="TAG",
        help=_("Only participants with this tag already; repeat for several."),
        show_default=False,
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help=_("Show what would change; write nothing."))
]


@app.command("add", help=_("Add TAG to the participants named or chosen."))
def add(
    ctx: typer.Context,
    tag: TagArgument,
    ids: IdsArgument = None,
    status: StatusOption = None,
    district: DistrictOption = None,
    sector: SectorOption = None,
    tagged: TaggedOption = None,
    dry_run: DryRunOption = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Add TAG to the participants named or chosen."""
    _run(ctx, tag, ids, status, district, sector, tagged, dry_run, output_format, remove=False)


@app.command("remove", help=_("Take TAG off the participants named or chosen."))
def remove(
    ctx: typer.Context,
    tag: TagArgument,
    ids: IdsArgument = None,
    status: StatusOption = None,
    district: DistrictOption = None,
    sector: SectorOption = None,
    tagged: TaggedOption = None,
    dry_run: DryRunOption = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Take TAG off the participants named or chosen."""
    _run(ctx, tag, ids, status, district, sector, tagged, dry_run, output_format, remove=True)


def selection_of(
    status: list[str] | None,
    district: list[str] | None,
    sector: list[str] | None,
    tagged: list[str] | None,
) -> "Selection":
    """The options that choose participants, each status read (a usage error when unknown)."""
    from ukmtool.core.reports.selection import Selection

    return Selection(
        statuses_option(status), tuple(district or ()), tuple(sector or ()), tuple(tagged or ())
    )


def _run(
    ctx: typer.Context,
    tag: str,
    ids: list[str] | None,
    status: list[str] | None,
    district: list[str] | None,
    sector: list[str] | None,
    tagged: list[str] | None,
    dry_run: bool,
    output_format: TextFormat,
    *,
    remove: bool,
) -> None:
    from ukmtool.core.reports.selection import choose
    from ukmtool.core.writing import tag as tagging
    from ukmtool.render.commands import tag as view
    from ukmtool.render.progress import loading

    selection = selection_of(status, district, sector, tagged)
    if not ids and not selection.active:
        raise UsageError(
            _("Say whom to tag: ids (UKM-001..UKM-020, 1-20, 7) or --status, --district, ..."),
            hint=_("`ukm tag add --help` lists the options that choose participants."),
        )
    as_json = output_format is TextFormat.json
    chooser = (lambda programme: choose(programme, selection)) if selection.active else None
    with loading(enabled=not as_json) as progress:
        outcome = tagging.tag(
            state(ctx).folder(),
            tag,
            list(ids or ()),
            chooser,
            remove=remove,
            dry_run=dry_run,
            progress=progress,
        )
    view.show(outcome, dry_run=dry_run, as_json=as_json)
