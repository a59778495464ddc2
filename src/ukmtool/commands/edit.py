"""``ukm edit``: correct a participant's entry, or record an exemption, without editing YAML."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ukmtool.commands.common import (
    NoInputOption,
    TextFormat,
    TextFormatOption,
    ask_until_valid,
    ask_yes_no,
    can_ask,
    state,
    why_not_asked,
)
from ukmtool.errors import InputUsageError, UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.folder import Folder
    from ukmtool.core.writing.edit import Outcome, Pending, Request

FLAGS: dict[str, str] = {
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
    "nib": "--nib",
    "registered": "--registered",
    "tags": "--tag",
    "notes": "--notes",
    "reason": "--reason",
}
"""The option that gives each field (as ``register``'s)."""

CLEAR_NAMES: dict[str, str] = {
    **{flag.removeprefix("--"): name for name, flag in FLAGS.items() if name != "reason"},
    **{name: name for name in FLAGS if name != "reason"},
    "tags": "tags",
}
"""What ``--clear`` takes: an option's name without ``--`` (``sales``) or the field's."""


def _option(flag: str, help_text: str, metavar: str | None = None) -> Any:
    """An option of one value (Typer's OptionInfo), shown without a default."""
    return typer.Option(flag, help=help_text, metavar=metavar, show_default=False)


def edit(
    ctx: typer.Context,
    participant: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=_("The participant to change: its id (UKM-007) or number (7)."),
            show_default=False,
        ),
    ],
    business: Annotated[str | None, _option("--business", _("The business's name."))] = None,
    owner: Annotated[str | None, _option("--owner", _("The owner's name."))] = None,
    gender: Annotated[
        str | None, _option("--gender", _("The owner's gender: F or M (P, L also taken)."), "F|M")
    ] = None,
    sector: Annotated[str | None, _option("--sector", _("One of program.yaml's sectors."))] = None,
    district: Annotated[
        str | None, _option("--district", _("One of program.yaml's districts."))
    ] = None,
    village: Annotated[str | None, _option("--village", _("The village (desa)."))] = None,
    address: Annotated[str | None, _option("--address", _("The street address (alamat)."))] = None,
    phone: Annotated[
        str | None, _option("--phone", _("0812-3456-7890 or +62 812 3456 7890; '' clears it."))
    ] = None,
    employees: Annotated[
        str | None, _option("--employees", _("How many people work there."), "N")
    ] = None,
    sales: Annotated[
        str | None,
        _option("--sales", _("Sales a month when registered (the baseline)."), "RUPIAH"),
    ] = None,
    capital: Annotated[
        str | None,
        _option("--capital", _("Capital without land and buildings, when registered."), "RUPIAH"),
    ] = None,
    nik: Annotated[str | None, _option("--nik", _("The owner's 16-digit NIK."))] = None,
    nib: Annotated[str | None, _option("--nib", _("The business's 13-digit NIB (OSS)."))] = None,
    registered: Annotated[
        str | None, _option("--registered", _("The day of registration."), "YYYY-MM-DD")
    ] = None,
    tag: Annotated[
        list[str] | None,
        _option("--tag", _("The entry's tags become these; repeat for more (see ukm tag).")),
    ] = None,
    notes: Annotated[str | None, _option("--notes", _("Notes (keterangan)."))] = None,
    clear: Annotated[
        list[str] | None,
        _option("--clear", _("Take an optional field out: phone, sales, nik...; repeat."), "FIELD"),
    ] = None,
    exempt: Annotated[
        list[str] | None,
        _option(
            "--exempt",
            _("Exempt the participant from this module (with --reason); repeat for more."),
            "MODULE",
        ),
    ] = None,
    reason: Annotated[
        str | None, _option("--reason", _("Why the participant is exempt."), "TEXT")
    ] = None,
    no_exempt: Annotated[
        list[str] | None,
        _option("--no-exempt", _("Take back the exemption from this module; repeat."), "MODULE"),
    ] = None,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help=_("Keep a phone, NIK or NIB (or names) another participant has too."),
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Show what would change; write nothing."))
    ] = False,
    no_input: NoInputOption = False,
    output_format: TextFormatOption = TextFormat.text,
    show_nik: Annotated[
        bool, typer.Option("--show-nik", help=_("Show NIKs in full instead of masked."))
    ] = False,
) -> None:
    """Change a participant's entry; only its changed lines are written."""
    from ukmtool.core.writing import edit as editing
    from ukmtool.render.commands import edit as view

    given = {
        "business": business,
        "owner": owner,
        "gender": gender,
        "sector": sector,
        "district": district,
        "village": village,
        "address": address,
        "phone": phone,
        "employees": employees,
        "monthly_sales": sales,
        "capital": capital,
        "nik": nik,
        "nib": nib,
        "registered": registered,
        "notes": notes,
    }
    values = {name: value for name, value in given.items() if value is not None}
    tags = tuple(tag) if tag is not None else None
    for word in clear or ():
        name = CLEAR_NAMES.get(word.strip().removeprefix("--").casefold())
        if name is None or (name != "tags" and name not in editing.CLEARABLE):
            raise UsageError(
                _("--clear {field}: not a field that can be cleared.").format(field=word),
                hint=_("Fields that can: {fields}.").format(
                    fields=", ".join(FLAGS[n].removeprefix("--") for n in editing.CLEARABLE)
                ),
            )
        if (name == "tags" and tags) or values.get(name):
            raise UsageError(
                _("--clear {field} and {flag} cannot be combined.").format(
                    field=word, flag=FLAGS[name]
                )
            )
        if name == "tags":
            tags = ()
        else:
            values[name] = ""
    both = set(exempt or ()) & set(no_exempt or ())
    if both:
        raise UsageError(
            _("--exempt and --no-exempt both name {module}.").format(module=sorted(both)[0])
        )
    if reason is not None and not exempt:
        raise UsageError(_("--reason goes with --exempt MODULE."))
    ask = can_ask() and not no_input
    if exempt and reason is None and not ask:
        raise InputUsageError(
            _("Nothing was changed: an exemption needs its reason."),
            [_("missing: --reason")],
            hint=why_not_asked(no_input) + " " + _("Give --reason TEXT with --exempt."),
        )
    request = editing.Request(
        values=values,
        tags=tags,
        exempt=dict.fromkeys(exempt or (), reason or ""),
        unexempt=tuple(no_exempt or ()),
        labels=FLAGS,
    )
    folder = state(ctx).folder()
    as_json = output_format is TextFormat.json
    if request.empty and not ask:
        raise UsageError(
            _(
                "Say what to change: ukm edit {id} --phone ... (or on a terminal, ukm edit {id})."
            ).format(id=participant),
            hint=_("`ukm edit --help` lists every field that can be changed."),
        )
    outcome = _edit(folder, participant, request, ask, allow_duplicate, dry_run, as_json)
    view.show(outcome, dry_run=dry_run, as_json=as_json, show_nik=show_nik)


def _edit(
    folder: "Folder",
    who: str,
    request: "Request",
    ask: bool,
    allow_duplicate: bool,
    dry_run: bool,
    as_json: bool,
) -> "Outcome":
    """The edit, asking first on a terminal when nothing was given or something is wrong."""
    from ukmtool.core.writing import edit as editing
    from ukmtool.render.progress import loading

    def settle(pending: "Pending") -> bool:
        return not ask or not (request.empty or _wrong(request, pending) or _reasons(request))

    with loading(enabled=not as_json) as progress:
        outcome = editing.edit(
            folder,
            who,
            request,
            allow_duplicate=allow_duplicate,
            dry_run=dry_run,
            settle=settle,
            progress=progress,
        )
    if isinstance(outcome, editing.Pending):  # ask without the lock, then edit for good
        at_desk = request.empty
        request = _ask(request, outcome)
        if at_desk and not dry_run:
            preview = editing.edit(
                folder, who, request, allow_duplicate=allow_duplicate, dry_run=True
            )
            assert isinstance(preview, editing.Outcome)
            if not preview.changes:
                return preview
            from ukmtool.render.commands import edit as view

            view.changes(preview, show_nik=False)
            if not ask_yes_no(_("Save these changes?"), default=True):
                from ukmtool.render.messages import done

                done(_("Nothing was changed."))
                raise typer.Exit(0)
        outcome = editing.edit(
            folder, who, request, allow_duplicate=allow_duplicate, dry_run=dry_run
        )
    assert isinstance(outcome, editing.Outcome)
    return outcome


def _wrong(request: "Request", pending: "Pending") -> dict[str, object]:
    """The values given that their reader refuses (field -> the problem)."""
    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.writing.edit import CLEARABLE
    from ukmtool.core.writing.participant import check_value

    wrong: dict[str, object] = {}
    for name, raw in request.values.items():
        try:
            if not raw.strip() and name not in CLEARABLE:
                raise ValueProblem(_("This must not be empty."))
            check_value(name, raw, pending.settings)
        except ValueProblem as problem:
            wrong[name] = problem
    return wrong


def _reasons(request: "Request") -> list[str]:
    """The modules to exempt whose reason is still to be asked."""
    return [module for module, reason in request.exempt.items() if not reason.strip()]


def _prompts() -> dict[str, str]:
    return {
        "business": _("Business name"),
        "owner": _("Owner's name"),
        "gender": _("Owner's gender (F/M; P/L also taken)"),
        "sector": _("Sector"),
        "district": _("District (kecamatan)"),
        "village": _("Village"),
        "address": _("Address"),
        "phone": _("Phone"),
        "employees": _("Employees"),
        "monthly_sales": _("Sales a month when registered, Rupiah"),
        "capital": _("Capital without land and buildings, Rupiah"),
        "nik": _("NIK"),
        "nib": _("NIB"),
        "registered": _("Registered on"),
        "tags": _("Tags (separated by commas)"),
        "notes": _("Notes"),
    }


CLEAR = "-"
"""The answer that takes an optional field out at the desk (Enter keeps it)."""


def _ask(request: "Request", pending: "Pending") -> "Request":
    """The request with every question answered: each field at the desk, or what was wrong.

    At the desk (nothing given) every field is asked with its value now as
    the default: Enter keeps it, ``-`` takes an optional one out.  Otherwise
    only the wrong values, and the reason of each exemption, are asked.
    """
    from dataclasses import replace

    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.writing.edit import CLEARABLE, EDITABLE
    from ukmtool.core.writing.participant import check_value
    from ukmtool.render import prompts as view
    from ukmtool.render.commands.edit import current_text

    settings = pending.settings
    values = dict(request.values)
    tags = request.tags
    if request.empty:
        view.who(pending.participant)
        view.say(_("Enter keeps a value; {word} takes an optional one out.").format(word=CLEAR))
        for name in EDITABLE:
            current = current_text(pending.participant, name)
            options = {"district": settings.districts, "sector": settings.sectors}.get(name)
            if options:
                view.choices(_prompts()[name], options)

            def check(answer: str, name: str = name, current: str = current) -> object:
                if answer.strip() == current or (answer.strip() == CLEAR and name in CLEARABLE):
                    return None
                if answer.strip() == CLEAR:
                    raise ValueProblem(_("This one cannot be taken out: every entry has one."))
                return check_value(name, answer, settings)

            answer = ask_until_valid(_prompts()[name], check, default=current or "").strip()
            if answer == CLEAR:
                values[name] = ""
            elif answer != current:
                values[name] = answer
        now = ", ".join(pending.participant.tags)
        answer = ask_until_valid(_prompts()["tags"], lambda raw: raw, default=now or "").strip()
        if answer == CLEAR:
            tags = ()
        elif answer != now:
            tags = tuple(t.strip() for t in answer.replace(";", ",").split(",") if t.strip())
        return replace(request, values=values, tags=tags)
    for name, problem in _wrong(request, pending).items():
        assert isinstance(problem, ValueProblem)

        def again(raw: str, name: str = name) -> object:
            return check_value(name, raw, settings)

        values[name] = ask_until_valid(_prompts()[name], again, problem=problem)
    exempt = dict(request.exempt)
    for module in _reasons(request):
        exempt[module] = ask_until_valid(
            _("Why is {id} exempt from {module}?").format(id=pending.participant.id, module=module),
            _reason,
        )
    return replace(request, values=values, exempt=exempt)


def _reason(raw: str) -> str:
    """An exemption's reason: any text but none."""
    from ukmtool.core.fields import text

    return text(raw)
