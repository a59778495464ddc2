"""``ukm compare DIR...``: several programmes side by side (years, regencies)."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    CsvSepOption,
    FoldersArgument,
    FormatOption,
    OutputOption,
    PaperDateOption,
    output_choice,
    paper_of,
)
from ukmtool.errors import DataError, ExitStatus
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.documents.report import Paper, Printed
    from ukmtool.core.programme import Many
    from ukmtool.render.output import OutputChoice


class CompareBy(StrEnum):
    """What ``ukm compare --by`` groups participants by, over every programme."""

    district = "district"
    sector = "sector"
    gender = "gender"


def compare(
    folders: FoldersArgument,
    by: Annotated[
        CompareBy | None,
        typer.Option(
            "--by",
            case_sensitive=False,
            help=_("Add the figures per district, sector or gender, over every programme."),
            show_default=False,
        ),
    ] = None,
    returning: Annotated[
        bool,
        typer.Option(
            "--returning",
            help=_("List the businesses that took part in more than one of the programmes."),
        ),
    ] = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    csv_sep: CsvSepOption = ";",
    signed: PaperDateOption = None,
) -> None:
    """Compare programmes: one row each (registered, graduates, completion, growth) and a total."""
    from ukmtool.commands.common import collector_paused
    from ukmtool.core.reading.many import load_many, places
    from ukmtool.render.commands.many import say_left_out
    from ukmtool.render.progress import loading

    choice = output_choice(output_format, output, csv_sep)
    paper = paper_of(choice, signed)
    found = places(folders)
    with loading(enabled=output_format is None or output_format.value != "json") as progress:
        many = load_many(found, progress)
    say_left_out(many.left_out)
    if not many.loaded:
        raise DataError(
            _("Every folder has errors; there is nothing to compare."),
            hint=_("Run `ukm --data FOLDER check` in each and fix what it lists."),
        )
    _refuse_output_in_a_folder(output, many)
    with collector_paused():
        if returning:
            _returning(many, choice, paper)
        else:
            _compare(many, by.value if by is not None else None, choice, paper)
    if many.left_out:
        raise typer.Exit(int(ExitStatus.DATA_ERROR))


def _compare(many: "Many", by: str | None, choice: "OutputChoice", paper: "Paper") -> None:
    from ukmtool.commands.common import deliver_report
    from ukmtool.core.reports.compare import compare as comparison_of
    from ukmtool.core.tables.compare import compare_tables

    first = many.loaded[0].programme
    comparison = comparison_of(many, by)

    def printed() -> "Printed":
        from ukmtool.core.documents.compare import compare_printed

        return compare_printed(first, comparison, paper)

    deliver_report(comparison, compare_tables, choice, first, printed)


def _returning(many: "Many", choice: "OutputChoice", paper: "Paper") -> None:
    from ukmtool.commands.common import deliver_report
    from ukmtool.core.across.history import returning_businesses
    from ukmtool.core.tables.history import returning_tables

    first = many.loaded[0].programme
    returning = returning_businesses(many.loaded)

    def printed() -> "Printed":
        from ukmtool.core.documents.compare import history_printed

        return history_printed(first, many.loaded, returning, paper)

    deliver_report(returning, returning_tables, choice, first, printed)


def _refuse_output_in_a_folder(output: Path | None, many: "Many") -> None:
    """No --output over a file of any of the programme folders (the first is checked later)."""
    if output is None:
        return
    from ukmtool.core.files.report_file import refuse_target

    for loaded in many.loaded[1:]:
        refuse_target(output, loaded.programme.folder.root)
