"""``ukm register``: one business at the desk, or the whole list a district office sent."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    NoInputOption,
    TextFormat,
    TextFormatOption,
    ask_until_valid,
    on_terminal,
    state,
    why_not_asked,
)
from ukmtool.errors import InputUsageError, UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.models import Program
    from ukmtool.core.writing.register import Outcome

FLAGS: dict[str, str] = {
    "id": "--id",
    "business": "--business",
    "owner": "--owner",
    "gender": "--gender",
    "sector": "--sector",
    "district": "--district",
    "village": "--village",
    "address": "--address",
    "phone": "--phone",
    "employees": "--employees",
    "monthly_sales": "--sales",
    "capital": "--capital",
    "nik": "--nik",
    "registered": "--registered",
    "tags": "--tag",
    "notes": "--notes",
}
"""The option that gives each field."""


def interactive() -> bool:
    """Whether a person is there to answer questions: stdin and stdout are terminals."""
    return on_terminal()


def _prompts() -> dict[str, str]:
    return {
        "id": _("Id"),
        "business": _("Business name"),
        "owner": _("Owner's name"),
        "gender": _("Owner's gender (F/M; P/L also taken)"),
        "sector": _("Sector"),
        "district": _("District (kecamatan)"),
        "village": _("Village (empty to leave out)"),
        "address": _("Address (empty to leave out)"),
        "phone": _("Phone (empty to leave out)"),
        "employees": _("Employees (empty to leave out)"),
        "monthly_sales": _("Sales a month, Rupiah, such as 15 jt (empty to leave out)"),
        "capital": _("Capital without land and buildings, Rupiah (empty to leave out)"),
        "notes": _("Notes (empty to leave out)"),
        "nik": _("NIK (empty to leave out)"),
        "registered": _("Registered on (YYYY-MM-DD)"),
    }


def register(
    ctx: typer.Context,
    business: Annotated[
        str | None, typer.Option("--business", help=_("The business's name."), show_default=False)
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help=_("The owner's name."), show_default=False)
    ] = None,
    gender: Annotated[
        str | None,
        typer.Option(
            "--gender",
            metavar="F|M",
            help=_("The owner's gender: F or M (P or L also taken)."),
            show_default=False,
        ),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option("--sector", help=_("One of program.yaml's sectors."), show_default=False),
    ] = None,
    district: Annotated[
        str | None,
        typer.Option("--district", help=_("One of program.yaml's districts."), show_default=False),
    ] = None,
    village: Annotated[
        str | None, typer.Option("--village", help=_("The village (desa)."), show_default=False)
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option(
            "--phone",
            help=_("0812-3456-7890, +62 812 3456 7890 or 62812...; stored as 0812..."),
            show_default=False,
        ),
    ] = None,
    employees: Annotated[
        str | None,
        typer.Option(
            "--employees", metavar="N", help=_("How many people work there."), show_default=False
        ),
    ] = None,
    nik: Annotated[
        str | None,
        typer.Option("--nik", help=_("The owner's 16-digit NIK."), show_default=False),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option("--address", help=_("The street address (alamat)."), show_default=False),
    ] = None,
    sales: Annotated[
        str | None,
        typer.Option(
            "--sales",
            metavar="RUPIAH",
            help=_(
                "Sales a month (omzet) when registering, the baseline: 15000000, "
                "15.000.000, Rp15jt, 1,5 juta."
            ),
            show_default=False,
        ),
    ] = None,
    capital: Annotated[
        str | None,
        typer.Option(
            "--capital",
            metavar="RUPIAH",
            help=_("Capital (modal usaha) without land and buildings, when registering."),
            show_default=False,
        ),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option("--notes", help=_("Notes (keterangan)."), show_default=False),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", help=_("A tag, such as unggulan; repeat for more."), show_default=False
        ),
    ] = None,
    registered: Annotated[
        str | None,
        typer.Option(
            "--registered",
            metavar="YYYY-MM-DD",
            help=_("The day of registration. Default: today (with --from: for rows without one)."),
            show_default=False,
        ),
    ] = None,
    pid: Annotated[
        str | None,
        typer.Option(
            "--id", help=_("The id to give. Default: the next free UKM-NNN."), show_default=False
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help=_("Import every row of a .csv or .xlsx file instead."),
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help=_(
                "With --from: the sheet of the .xlsx that holds the list. Default: the one "
                "whose headers fit."
            ),
            show_default=False,
        ),
    ] = None,
    skip_column: Annotated[
        list[str] | None,
        typer.Option(
            "--skip-column",
            metavar="HEADER",
            help=_("With --from: leave out the column with this header; repeat for more."),
            show_default=False,
        ),
    ] = None,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help=_("Register likely duplicates (same phone, NIK, or business and owner) too."),
        ),
    ] = False,
    skip_duplicates: Annotated[
        bool,
        typer.Option(
            "--skip-duplicates",
            help=_(
                "With --from: leave out the likely duplicates (each one named) and register "
                "the rest."
            ),
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Show what would be added; write nothing.")),
    ] = False,
    no_input: NoInputOption = False,
    output_format: TextFormatOption = TextFormat.text,
    show_nik: Annotated[
        bool, typer.Option("--show-nik", help=_("Show NIKs in full instead of masked."))
    ] = False,
) -> None:
    """Register a participant, or import a list of them from a spreadsheet."""
    from ukmtool.core.writing import register as registration
    from ukmtool.render import register as view
    from ukmtool.render.progress import loading, stages

    as_json = output_format is TextFormat.json
    folder = state(ctx).folder()
    given = {
        "id": pid,
        "business": business,
        "owner": owner,
        "gender": gender,
        "sector": sector,
        "district": district,
        "village": village,
        "phone": phone,
        "employees": employees,
        "monthly_sales": sales,
        "capital": capital,
        "nik": nik,
        "address": address,
        "notes": notes,
    }
    if allow_duplicate and skip_duplicates:
        raise UsageError(_("--allow-duplicate and --skip-duplicates cannot be combined."))
    if source is None:
        without = [
            flag
            for flag, value in (
                ("--sheet", sheet),
                ("--skip-column", skip_column),
                ("--skip-duplicates", skip_duplicates),
            )
            if value
        ]
        if without:
            raise UsageError(
                _("{flags} only apply to an import (--from FILE).").format(flags=", ".join(without))
            )
    imported = None
    if source is not None:
        from ukmtool.core.importing import plan as importing

        clash = [FLAGS[name] for name, value in given.items() if value is not None]
        if clash:
            raise UsageError(
                _(
                    "--from imports every row of the file; it cannot be combined with {flags}."
                ).format(flags=", ".join(clash)),
                hint=_("Put those values in the file's columns instead."),
            )
        _check_defaults(registered, tag or [])
        with stages(enabled=not as_json) as bars:
            imported = importing.read(
                source,
                sheet=sheet,
                skip_columns=skip_column or (),
                progress=bars.rows(_("Reading {name}").format(name=source.name)) if bars else None,
            )
            entries = registration.with_defaults(
                imported.entries, tags=tag or (), registered=registered
            )
            outcome = registration.register(
                folder,
                entries,
                allow_duplicate=allow_duplicate,
                skip_duplicates=skip_duplicates,
                dry_run=dry_run,
                progress=bars.loading() if bars else None,
                checking=bars.rows(_("Checking the rows")) if bars else None,
            )
    else:
        values = {name: value for name, value in given.items() if value is not None}
        if registered is not None:
            values["registered"] = registered
        entries = [registration.Entry(values, tuple(tag or ()), FLAGS)]
        ask = interactive() and not no_input

        def settle(program: "Program") -> None:
            """Check the options against the folder as loaded to register (loaded once)."""
            if ask and _unsettled(values, program):
                raise _Questions(program)  # asked without holding the folder's lock
            _complete(values, program, ask=False, no_input=no_input)

        def register_once(check: "Callable[[Program], None] | None") -> "Outcome":
            with loading(enabled=not as_json) as progress:
                return registration.register(
                    folder,
                    entries,
                    allow_duplicate=allow_duplicate,
                    dry_run=dry_run,
                    settle=check,
                    progress=progress,
                )

        try:
            outcome = register_once(settle)
        except _Questions as questions:  # ask (the lock let go), then load and register again
            _complete(values, questions.program, ask=True, no_input=no_input)
            outcome = register_once(None)
    view.show(
        outcome,
        source=source,
        imported=imported,
        dry_run=dry_run,
        as_json=as_json,
        show_nik=show_nik,
    )


def _check_defaults(registered: str | None, tags: list[str]) -> None:
    """--registered and --tag apply to every imported row: refuse them once if wrong."""
    from ukmtool.core.fields import ValueProblem, iso_date, text

    problems = []
    for flag, value, check in [("--registered", registered, iso_date)] + [
        ("--tag", t, text) for t in tags
    ]:
        if value is None:
            continue
        try:
            check(value)
        except ValueProblem as problem:
            hint = f" {problem.hint}" if problem.hint else ""
            problems.append(
                _("{flag}: {message}").format(flag=flag, message=problem.message) + hint
            )
    if problems:
        raise InputUsageError(_("Nothing was registered:"), problems)


class _Questions(Exception):
    """Some values are missing or wrong and a person is there to answer: ask, then register."""

    def __init__(self, program: "Program") -> None:
        super().__init__()
        self.program = program


def _problems(
    values: dict[str, str], program: "Program"
) -> "tuple[dict[str, ValueProblem], list[str]]":
    """The given values that are wrong, and the required fields not given."""
    from ukmtool.core.fields import ValueProblem, missing
    from ukmtool.core.writing.register import FIELDS, REQUIRED, check_value

    bad: dict[str, ValueProblem] = {}
    for name in FIELDS:
        if name in values:
            try:
                check_value(name, values[name], program)
            except ValueProblem as problem:
                bad[name] = problem
    return bad, missing(values, REQUIRED)


def _unsettled(values: dict[str, str], program: "Program") -> bool:
    """Whether a value is missing or wrong."""
    bad, absent = _problems(values, program)
    return bool(bad or absent)


def _complete(values: dict[str, str], program: "Program", *, ask: bool, no_input: bool) -> None:
    """Fill in missing required values and replace bad ones by asking, or list them all."""
    from ukmtool.core.writing.register import FIELDS

    bad, absent = _problems(values, program)
    if not bad and not absent:
        return
    if not ask:
        problems = [
            _("{flag}: {message}").format(flag=FLAGS[name], message=problem.message)
            + (f" {problem.hint}" if problem.hint else "")
            for name, problem in bad.items()
        ]
        if absent:
            problems.append(
                _("missing: {flags}").format(flags=", ".join(FLAGS[name] for name in absent))
            )
        raise InputUsageError(
            _("Not registered: some values are missing or wrong."),
            problems,
            hint=why_not_asked(no_input) + " " + _("Give every required value as an option."),
        )
    for name in FIELDS:
        if name in bad or name in absent:
            values[name] = _ask(name, program, bad.get(name))


def _ask(name: str, program: "Program", problem: "ValueProblem | None") -> str:
    """Ask for one field until the answer passes the same check as the file's values."""
    from ukmtool.core.writing.register import REQUIRED, check_value
    from ukmtool.render import register as view

    label = _prompts()[name]
    if problem is not None:
        view.answer_problem(problem.message, problem.hint)
    options = {"district": program.districts, "sector": program.sectors}.get(name)
    if options:
        view.choices(label, options)
    return ask_until_valid(
        label,
        lambda answer: check_value(name, answer, program),
        default=None if name in REQUIRED else "",
    )
