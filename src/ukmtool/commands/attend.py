"""``ukm attend MODULE``: take the roll at a session."""

from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import TextFormat, day_option, state
from ukmtool.errors import ExitStatus, UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.folder import Folder


def attend(
    ctx: typer.Context,
    module: Annotated[
        str,
        typer.Argument(
            metavar="MODULE", help=_("The module's id, e.g. keuangan."), show_default=False
        ),
    ],
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="IDS",
            help=_("Participants: UKM-007, 7, 007, or ranges UKM-001..UKM-020, 1-20, 1..20."),
            show_default=False,
        ),
    ] = None,
    session: Annotated[
        int | None,
        typer.Option(
            "--session",
            "-s",
            metavar="N",
            help=_("The session's number. Default: the module's one session dated today."),
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="S",
            help=_(
                "present, late, excused, sick, absent; hadir, terlambat, izin, sakit, alpa; "
                "or H, T, I, S, A; makeup (susulan): came to a make-up session. "
                "Default: present."
            ),
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="YYYY-MM-DD",
            help=_("With --status makeup: the day of the make-up session. Default: today."),
            show_default=False,
        ),
    ] = None,
    fill_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=_("Give the status to every registered participant with no mark yet."),
        ),
    ] = False,
    roll_call: Annotated[
        bool,
        typer.Option(
            "--roll-call",
            help=_("Walk through everyone with no mark yet, one key each (needs a terminal)."),
        ),
    ] = False,
    output_format: Annotated[
        TextFormat,
        typer.Option("--format", help=_("text, or json: the sheet after the change.")),
    ] = TextFormat.text,
) -> None:
    """Mark attendance at a session of a module."""
    from ukmtool.core.models import MAKEUP
    from ukmtool.core.writing import attend as attendance
    from ukmtool.render.commands import attend as view
    from ukmtool.render.progress import loading

    as_json = output_format is TextFormat.json
    if roll_call and (ids or fill_all or status or on):
        raise UsageError(
            _("--roll-call asks for each mark itself: give no ids, --all or --status with it.")
        )
    if status is not None and not ids and not fill_all:
        raise UsageError(
            _("--status needs the participants to mark: ids, or --all."),
            hint=_("For example: ukm attend {module} --status absent 13 77").format(module=module),
        )
    word = attendance.parse_status(status) if status is not None else "present"
    made_up_on = day_option(on, "--on")
    if word == MAKEUP and fill_all:
        raise UsageError(
            _("--status makeup needs the ids of those who made the session up, not --all.")
        )
    if on is not None and word != MAKEUP:
        raise UsageError(
            _("--on is the day of a make-up: it goes with --status makeup."),
            hint=_(
                "For example: ukm attend {module} -s 1 --status makeup 76 --on 2018-01-17"
            ).format(module=module),
        )
    folder = state(ctx).folder()
    if roll_call:
        _roll_call(folder, module, session, as_json=as_json)
        return
    request = attendance.Request(
        module, session, tuple(ids or ()), word, fill_all, made_up_on=made_up_on
    )
    if not ids and not fill_all:
        with loading(enabled=not as_json) as progress:
            programme = attendance.load_for(folder, module, progress)
        view.show(attendance.plan(programme, request), as_json=as_json, asked=False)
        return
    with loading(enabled=not as_json) as progress:
        outcome = attendance.record(folder, request, progress=progress)
    view.show(outcome, as_json=as_json)


def _roll_call(folder: "Folder", module: str, session: int | None, *, as_json: bool) -> None:
    from ukmtool.core.rollcall import RollCall
    from ukmtool.core.writing import attend as attendance
    from ukmtool.render.commands import attend as view
    from ukmtool.render.commands import rollcall
    from ukmtool.render.progress import loading

    if not rollcall.reads_keys():
        raise UsageError(
            _("--roll-call needs a terminal: it reads one key per participant."),
            hint=_("Without one, mark by id (ukm attend {module} -s N 13 77) or use --all.").format(
                module=module
            ),
        )
    with loading(enabled=not as_json) as progress:
        programme = attendance.load_for(folder, module, progress)
    before = attendance.plan(programme, attendance.Request(module, session))
    sheet = before.sheet
    waiting = set(sheet.unmarked)
    call = RollCall([p for p in programme.participants if p.id in waiting])
    if not call.queue:
        view.show(before, as_json=as_json, asked=False)  # everyone has a mark already
        return
    with rollcall.keys(fallback=typer.getchar) as read_key:
        finished = rollcall.walk(call, sheet, read_key, stderr=as_json)
    if not finished:
        raise typer.Exit(int(ExitStatus.INTERRUPTED))
    if not call.marks:
        view.show(before, as_json=as_json, asked=True)
        return
    request = attendance.Request(
        sheet.module.id, sheet.session, marks=dict(call.marks), only_unmarked=True
    )
    with loading(enabled=not as_json) as progress:
        outcome = attendance.record(folder, request, progress=progress)
    view.show(outcome, as_json=as_json)
