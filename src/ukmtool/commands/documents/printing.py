"""``ukm print``: what the office prints as PDFs besides the reports.

``sheet``: the sign-in sheet (daftar hadir) of a session; ``receipts``: the
receipt list of transport money of a session (SPJ); ``calls``: the list of
people to phone, for the office only.
"""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import day_option, load_clean
from ukmtool.errors import UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.models import Module
    from ukmtool.core.programme import Programme

app = typer.Typer(
    name="print",
    help=_("Print sign-in sheets, receipts of transport money, the people to phone (PDF)."),
    no_args_is_help=True,
    add_completion=False,
)


class SheetOrder(StrEnum):
    """How the rows of a sign-in sheet are ordered (core.documents.sheet.Order)."""

    id = "id"
    district = "district"
    name = "name"


class SheetSplit(StrEnum):
    """What sign-in sheets are split by (core.documents.sheet.Split)."""

    district = "district"
    tag = "tag"


@app.command(
    "sheet",
    help=_(
        "The sign-in sheet of a session as a PDF: every participant expected at it (or "
        "those of some districts or tags), a signature cell each, the trainer's and the "
        "officer's signature blocks."
    ),
)
def sheet(
    ctx: typer.Context,
    module: Annotated[
        str | None,
        typer.Argument(
            metavar="MODULE",
            help=_("The module (its id). Without it: every session of --date."),
            show_default=False,
        ),
    ] = None,
    session: Annotated[
        int | None,
        typer.Option(
            "--session",
            "-s",
            metavar="N",
            min=1,
            help=_("The session's number. Default: the module's session dated today."),
            show_default=False,
        ),
    ] = None,
    all_sessions: Annotated[
        bool,
        typer.Option(
            "--all",
            help=_("Every session of MODULE (or, with --date, every session of that day)."),
        ),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help=_("The sessions dated this day (of MODULE, or of every module)."),
            show_default=False,
        ),
    ] = None,
    districts: Annotated[
        list[str] | None,
        typer.Option(
            "--district",
            metavar="NAME",
            help=_("Only the participants of this district (give it again for more)."),
            show_default=False,
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            metavar="TAG",
            help=_("Only the participants with this tag (give it again for more)."),
            show_default=False,
        ),
    ] = None,
    split: Annotated[
        SheetSplit | None,
        typer.Option(
            "--split",
            case_sensitive=False,
            help=_(
                "One file per district (or per tag) in the --output folder, each sheet "
                "numbered from 1."
            ),
            show_default=False,
        ),
    ] = None,
    order: Annotated[
        SheetOrder,
        typer.Option(
            "--order",
            case_sensitive=False,
            help=_("Order the rows by participant id, by district (then village), or by name."),
        ),
    ] = SheetOrder.id,
    blank: Annotated[
        int,
        typer.Option(
            "--blank",
            metavar="N",
            min=0,
            max=100,
            help=_("Empty rows at the end for walk-ins."),
        ),
    ] = 2,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help=_(
                "Write the PDF to this file (with --split: the files into this folder). "
                "Default: the current folder, files named after the module and session."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the sign-in sheets of one session, of every session of a module, or of a day."""
    from ukmtool.core.clock import today
    from ukmtool.core.documents import sheet as sheets
    from ukmtool.render.pdf import Printer, Section

    day = day_option(on, "--date")
    if session is not None and (all_sessions or day is not None):
        raise UsageError(_("Give --session, or --all / --date, not both."))
    if module is None and day is None:
        raise UsageError(
            _("Say which module (ukm print sheet MODULE --session N), or give --date."),
        )
    with Printer() as printer:  # Typst starts while the folder loads
        programme = load_clean(ctx)
        chosen = _sessions(programme, module, session, all_sessions, day)
        wanted_districts = sheets.chosen_districts(programme, districts or [])
        wanted_tags = sheets.chosen_tags(programme, tags or [])
        groups = sheets.sheet_documents(
            programme,
            chosen,
            order=sheets.Order(order.value),
            districts=wanted_districts,
            tags=wanted_tags,
            split=sheets.Split(split.value) if split is not None else None,
            blank_rows=blank,
            today=today(),
        )
        stem = _default_name(chosen, module, day)
        folder = _split_folder(output) if split is not None else None
        for group, documents in groups:
            if folder is not None and group is not None:
                target = folder / f"{stem}-{group.file_part()}.pdf"
            else:
                target = output if output is not None else Path(f"{stem}.pdf")
            sections = (
                Section("sheet", d.data, d.rows, part_rows=sheets.PART_ROWS) for d in documents()
            )
            printer.write(target, sections, programme.folder, title=_("Attendance list"))


@app.command(
    "receipts",
    help=_(
        "The receipt list of transport money of a session (SPJ) as a PDF: everyone who "
        "attended, the amount, a signature cell each, the total in figures and in words."
    ),
)
def receipts(
    ctx: typer.Context,
    module: Annotated[
        str, typer.Argument(metavar="MODULE", help=_("The module (its id)."), show_default=False)
    ],
    session: Annotated[
        int,
        typer.Option(
            "--session",
            "-s",
            metavar="N",
            min=1,
            help=_("The session's number (a session that was held)."),
            show_default=False,
        ),
    ],
    amount: Annotated[
        str,
        typer.Option(
            "--amount",
            metavar="RP",
            help=_("What each participant receives, in Rupiah (50000, 50.000, Rp50.000, 50 ribu)."),
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_(
                "Write the PDF to FILE. Default: a file in the current folder named after "
                "the module and session."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the receipt list of transport money of one held session."""
    from ukmtool.core.clock import today
    from ukmtool.core.documents.receipts import PART_ROWS, receipts_document
    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.values.money import parse_rupiah
    from ukmtool.render.pdf import Printer, Section

    try:
        each = parse_rupiah(amount)
    except ValueProblem as problem:
        raise UsageError(
            _("{option}: {message}").format(option="--amount", message=problem.message),
            hint=problem.hint,
        ) from None
    if each <= 0:
        raise UsageError(_("--amount: give the sum each participant receives, more than 0."))
    with Printer() as printer:
        programme = load_clean(ctx)
        found = programme.find_module(module, writing=True)
        number = _held_session(found, session)
        document = receipts_document(programme, found, number, each, today())
        stem = _("transport-money")
        target = output if output is not None else Path(f"{stem}-{found.id}-{number}.pdf")
        section = Section("receipts", document.data, document.rows, part_rows=PART_ROWS)
        printer.write(target, [section], programme.folder, title=_("Transport money"))


@app.command(
    "calls",
    help=_(
        "The list of people to phone, for the office only: who is at risk, missed the last "
        "two sessions or failed, with their phone as a WhatsApp link and what they missed."
    ),
)
def calls(
    ctx: typer.Context,
    modules: Annotated[
        list[str] | None,
        typer.Option(
            "--module",
            "-m",
            metavar="MODULE",
            help=_("Only this module (give it again for more). Default: every module."),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_("Write the PDF to FILE. Default: a file in the current folder."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the list of people the office should phone."""
    from ukmtool.core.clock import today
    from ukmtool.core.documents.calls import PART_ROWS, calls_document
    from ukmtool.render.pdf import Printer, Section

    with Printer() as printer:
        programme = load_clean(ctx)
        ids = [programme.find_module(m, writing=True).id for m in modules or []]
        document = calls_document(programme, ids, today())
        target = output if output is not None else Path(_("people-to-phone") + ".pdf")
        section = Section("calls", document.data, document.rows, part_rows=PART_ROWS)
        printer.write(target, [section], programme.folder, title=_("People to phone"))


def _held_session(module: "Module", number: int) -> int:
    """``number`` when ``module`` has such a session, else NotFoundError listing its sessions."""
    from ukmtool.errors import NotFoundError

    if number in module.sessions:
        return number
    raise NotFoundError(
        _("{module} has no session {number}; nothing was written.").format(
            module=module.id, number=number
        ),
        hint=_("Its sessions are: {numbers}.").format(
            numbers=", ".join(str(n) for n in sorted(module.sessions))
        ),
    )


def _split_folder(output: Path | None) -> Path:
    """The folder split sheets go into (made when missing); the current folder by default."""
    from ukmtool.errors import WriteError

    if output is None:
        return Path()
    if output.exists() and not output.is_dir():
        raise UsageError(
            _("--split writes one file per group: --output must be a folder, not {path}.").format(
                path=output
            )
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot make the folder {path}: {reason}.").format(
                path=output, reason=exc.strerror or exc
            )
        ) from None
    return output


def _sessions(
    programme: "Programme",
    module_name: str | None,
    number: int | None,
    all_sessions: bool,
    day: date | None,
) -> "list[tuple[Module, int]]":
    """The (module, session number) pairs the options name, in teaching order."""
    from ukmtool.core.writing.attend import choose_session
    from ukmtool.errors import NotFoundError

    modules = (
        [programme.find_module(module_name, writing=True)]
        if module_name
        else list(programme.modules)
    )
    if day is not None:
        chosen = [(m, n) for m in modules for n in sorted(m.sessions) if m.sessions[n].date == day]
        if not chosen:
            raise NotFoundError(
                _("No session is dated {date}; nothing was written.").format(date=day.isoformat()),
                hint=_("`ukm modules` lists every session and its date."),
            )
        return chosen
    module = modules[0]
    if all_sessions:
        return [(module, n) for n in sorted(module.sessions)]
    numbers = {n for n, sheet in programme.sheets.get(module.id, {}).items() if sheet.held}
    return [(module, choose_session(module, number, numbers, command="ukm print sheet"))]


def _default_name(chosen: "list[tuple[Module, int]]", module: str | None, day: date | None) -> str:
    """The file name without its ending: ``daftar-hadir-keuangan-2`` / ``sign-in-keuangan-2``."""
    stem = _("sign-in")
    if day is not None:
        return f"{stem}-{(chosen[0][0].id + '-') if module else ''}{day.isoformat()}"
    if len(chosen) == 1:
        only, number = chosen[0]
        return f"{stem}-{only.id}-{number}"
    return f"{stem}-{chosen[0][0].id}"
