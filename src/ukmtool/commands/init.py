"""``ukm init DIR``: start a programme folder."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ukmtool.i18n import _


def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help=_("The folder to create (it may exist, if empty)."),
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help=_("The programme's name."), show_default=False),
    ] = None,
    starts: Annotated[
        str | None,
        typer.Option(
            "--starts",
            metavar="YYYY-MM-DD",
            help=_("The first day. Default: today."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a new programme folder with the six Score Plus modules."""
    from ukmtool.core.fields import LATEST_DATE, ValueProblem, iso_date
    from ukmtool.core.writing.init import create
    from ukmtool.core.writing.init_template import SPAN
    from ukmtool.errors import UsageError
    from ukmtool.render.messages import done

    try:
        first_day = iso_date(starts) if starts is not None else date.today()
    except ValueProblem as problem:
        raise UsageError(problem.message, hint=problem.hint) from None
    if first_day + SPAN > LATEST_DATE:  # its sessions and end would be refused by check
        raise UsageError(
            _("{value} is too far in the future.").format(value=first_day.isoformat()),
            hint=_("ukm takes dates up to {latest}; check the year.").format(
                latest=(LATEST_DATE - SPAN).isoformat()
            ),
        )
    folder = create(directory, name or _("UKM training programme (change me)"), first_day)
    done(
        _("Created a programme folder in {folder}.").format(folder=folder),
        _("Fill in program.yaml and modules.yaml, then run `ukm --data {folder} check`.").format(
            folder=directory
        ),
    )
