"""``ukm history QUERY --in DIR...``: one business in every programme it took part in."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    CsvSepOption,
    FormatOption,
    OutputOption,
    PaperDateOption,
    output_choice,
    paper_of,
    state,
)
from ukmtool.errors import ExitStatus
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.documents.report import Printed
    from ukmtool.core.reading.many import Place


def history(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help=_(
                "The business: ID@FOLDER (UKM-001@blora-2017), a NIK, an NIB, a phone number, "
                "or part of the owner's or the business's name."
            ),
            show_default=False,
        ),
    ],
    within: Annotated[
        list[Path] | None,
        typer.Option(
            "--in",
            metavar="DIR",
            help=_(
                "A programme folder, or a folder of them, to look in (repeat for several). "
                "Default: the programme folder and the folders of its earlier."
            ),
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    csv_sep: CsvSepOption = ";",
    signed: PaperDateOption = None,
) -> None:
    """Show one business in every programme it took part in: its id, modules, certificate."""
    from ukmtool.commands.common import deliver_report
    from ukmtool.core.across.history import history as history_of
    from ukmtool.core.reading.many import load_many, places
    from ukmtool.core.tables.history import history_tables
    from ukmtool.errors import DataError
    from ukmtool.render.commands.many import say_left_out

    choice = output_choice(output_format, output, csv_sep)
    paper = paper_of(choice, signed)
    found = places(within) if within else _with_earlier(ctx)
    many = load_many(found)
    say_left_out(many.left_out)
    if not many.loaded:
        raise DataError(
            _("Every folder has errors; there is nothing to look in."),
            hint=_("Run `ukm --data FOLDER check` in each and fix what it lists."),
        )
    record = history_of(query, many.loaded)
    first = many.loaded[0].programme

    def printed() -> "Printed":
        from ukmtool.core.documents.compare import history_printed

        return history_printed(first, many.loaded, record, paper)

    deliver_report(record, history_tables, choice, first, printed)
    if many.left_out:
        raise typer.Exit(int(ExitStatus.DATA_ERROR))


def _with_earlier(ctx: typer.Context) -> "list[Place]":
    """The programme folder and the folders its program.yaml lists as earlier."""
    from ukmtool.commands.common import load_clean
    from ukmtool.core.folder import holds_program
    from ukmtool.core.reading.checks.programmes import earlier_folders
    from ukmtool.core.reading.many import Place
    from ukmtool.diagnostics import display_path

    folder = state(ctx).folder()
    programme = load_clean(ctx, quiet=True)
    earlier = earlier_folders(folder.root, programme.settings.earlier)
    return [
        Place(display_path(folder.root), folder.root),
        *(Place(display_path(p), p) for p in earlier if holds_program(p)),
    ]
