"""``ukm init DIR``: start a programme folder."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ukmtool.i18n import _, ngettext


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
    like: Annotated[
        Path | None,
        typer.Option(
            "--like",
            metavar="OLD",
            help=_(
                "Start like the programme in folder OLD: its settings, templates and modules, "
                "every date moved by the difference between --starts and OLD's start; OLD is "
                "added to earlier. Files already in DIR are never replaced."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a new programme folder with the six Score Plus modules (or like an old one)."""
    from ukmtool.core.clock import today
    from ukmtool.core.fields import ValueProblem, control_problem, not_far_ahead
    from ukmtool.core.values.dates import LATEST_DATE, day
    from ukmtool.core.writing.init import SPAN, create
    from ukmtool.errors import UsageError
    from ukmtool.render.messages import done

    try:
        first_day = day(starts) if starts is not None else today()
        if starts is not None:
            not_far_ahead(first_day, today())
    except ValueProblem as problem:
        raise UsageError(problem.message, hint=problem.hint) from None
    refused = control_problem(name) if name else None
    if refused is not None:  # the name heads every printed document
        raise UsageError(f"--name: {refused.message}", hint=refused.hint)
    if first_day + SPAN > LATEST_DATE:  # its sessions and end would be refused by check
        raise UsageError(
            _("{value} is too far in the future.").format(value=first_day.isoformat()),
            hint=_("ukm takes dates up to {latest}; check the year.").format(
                latest=(LATEST_DATE - SPAN).isoformat()
            ),
        )
    if like is not None:
        _start_like(directory, like, first_day, name)
        return
    folder = create(directory, name or _("UKM training programme (change me)"), first_day)
    done(
        _("Created a programme folder in {folder}.").format(folder=folder),
        _("Fill in program.yaml and modules.yaml, then run `ukm --data {folder} check`.").format(
            folder=directory
        ),
    )


def _start_like(directory: Path, like: Path, first_day: date, name: str | None) -> None:
    from ukmtool.core.writing import carry
    from ukmtool.core.writing import like as carried
    from ukmtool.render.messages import done

    old = carry.old_programme(like)
    started = carried.start_like(directory, old, first_day, name)
    what = _(
        "Created a programme folder in {folder} like {old}: its settings and {modules} modules "
        "({sessions} sessions), every date moved by {days} days."
    ).format(
        folder=started.folder,
        old=like,
        modules=started.modules,
        sessions=started.sessions,
        days=started.shift.days,
    )
    if started.templates:
        what += " " + ngettext(
            "{count} file of its templates/ folder was copied.",
            "{count} files of its templates/ folder were copied.",
            started.templates,
        ).format(count=started.templates)
    if started.kept:
        what += " " + _("Kept as they were in the new folder: {files}.").format(
            files=", ".join(started.kept)
        )
    done(
        what,
        _(
            "Check the dates in modules.yaml, then bring back returning businesses with "
            "`ukm --data {folder} register --from {old}`."
        ).format(folder=directory, old=like),
    )
