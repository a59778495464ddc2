"""``ukm visit``: record a mentoring visit and what the trainer observed."""

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
from ukmtool.errors import InputUsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from ukmtool.core.programme import Programme

FLAGS: dict[str, str] = {
    "participant": "ID",
    "date": "--date",
    "trainer": "--trainer",
    "hours": "--hours",
    "modules": "--module",
    "notes": "--note",
}
"""The argument or option that gives each field."""


def visit(
    ctx: typer.Context,
    participant: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help=_("The business visited: its id (UKM-001) or number (1)."),
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help=_("The day of the visit. Default: today."),
            show_default=False,
        ),
    ] = None,
    trainer: Annotated[
        str | None,
        typer.Option("--trainer", metavar="NAME", help=_("Who visited."), show_default=False),
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option(
            "--hours", metavar="H", help=_("How long the visit took, e.g. 1.5."), show_default=False
        ),
    ] = None,
    module: Annotated[
        list[str] | None,
        typer.Option(
            "--module",
            "-m",
            metavar="ID",
            help=_("A module worked on; repeat for more."),
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        list[str] | None,
        typer.Option(
            "--yes",
            metavar="PRACTICE",
            help=_("A practice the trainer saw in place; repeat for more."),
            show_default=False,
        ),
    ] = None,
    no: Annotated[
        list[str] | None,
        typer.Option(
            "--no",
            metavar="PRACTICE",
            help=_("A practice the trainer checked and did not see; repeat for more."),
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help=_("Free notes."), show_default=False),
    ] = None,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help=_("Record it even if the business already has a visit that day."),
        ),
    ] = False,
    new_trainer: Annotated[
        bool,
        typer.Option(
            "--new-trainer",
            help=_("The trainer is new: take a name that modules.yaml and earlier visits lack."),
        ),
    ] = False,
    no_input: NoInputOption = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Record a mentoring visit: who, when, how long, what was worked on and observed."""
    from ukmtool.core import fields
    from ukmtool.core.writing import visit as visiting
    from ukmtool.render.commands import visit as view
    from ukmtool.render.progress import loading

    folder = state(ctx).folder()
    values: dict[str, str | None] = {
        "participant": participant,
        "date": day,
        "trainer": trainer,
        "hours": hours,
        "notes": note,
    }
    lists: dict[str, list[str]] = {
        "modules": list(module or ()),
        "yes": list(yes or ()),
        "no": list(no or ()),
    }
    ask = can_ask() and not no_input
    as_json = output_format is TextFormat.json
    if ask:
        with loading(enabled=not as_json) as progress:
            programme = visiting.open_folder(folder, progress)
        new_trainer = _complete(values, lists, programme, new_trainer)
    else:
        absent = fields.missing(values, visiting.REQUIRED)
        if absent:
            raise InputUsageError(
                _("No visit was recorded: some values are missing."),
                [_("missing: {flags}").format(flags=", ".join(FLAGS[name] for name in absent))],
                hint=why_not_asked(no_input) + " " + _("Give every required value."),
            )
    entry = visiting.Entry(
        participant=values["participant"] or "",
        trainer=values["trainer"] or "",
        hours=values["hours"] or "",
        date=values["date"],
        modules=tuple(lists["modules"]),
        yes=tuple(lists["yes"]),
        no=tuple(lists["no"]),
        notes=values["notes"],
        labels={**FLAGS, "practices": "--yes/--no"},
        new_trainer=new_trainer,
    )
    with loading(enabled=not as_json) as progress:
        outcome = visiting.record(folder, entry, allow_duplicate=allow_duplicate, progress=progress)
    view.show(outcome, as_json=as_json)


def _complete(
    values: dict[str, str | None],
    lists: dict[str, list[str]],
    programme: "Programme",
    new_trainer: bool,
) -> bool:
    """Ask for what is missing or wrong, each answer checked as the file's values are.

    When a required value is missing, every part not given is asked for (the
    date with today as default, the modules, each of their practices, notes);
    when all were given, only wrong values are asked again.  A trainer nobody
    knows yet is taken only once confirmed; the return says whether it was.
    """
    from ukmtool.core import clock, fields
    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.writing import visit as visiting
    from ukmtool.render import prompts as view

    today = clock.today()
    confirmed = [new_trainer]

    def trainer(raw: str | None) -> str:
        """The trainer's name; one nobody knows yet is taken once the person confirms it."""
        name = visiting.trainer_name(raw, programme)
        unknown = None if confirmed[0] else visiting.unknown_trainer(name, programme, flag=False)
        if unknown is None:
            return name
        view.answer_problem(unknown.message, unknown.hint)
        if ask_yes_no(_("Record '{name}' as a new trainer?").format(name=name)):
            confirmed[0] = True
            return name
        raise ValueProblem(_("Type the trainer's name again."))

    checks: dict[str, Callable[[str | None], Any]] = {
        "participant": lambda raw: view.who(visiting.participant_of(raw, programme)),
        "date": lambda raw: visiting.visit_date(raw, today),
        "trainer": trainer,
        "hours": visiting.visit_hours,
    }
    guided = bool(fields.missing(values, visiting.REQUIRED))
    for name, check in checks.items():
        problem: ValueProblem | None = None
        if values[name] is not None:
            try:
                check(values[name])
                continue
            except ValueProblem as bad:
                problem = bad
        elif not guided:
            continue
        if name == "trainer":
            known = visiting.trainers(programme)
            if known:
                view.choices(_prompts()[name], known)
        default = today.isoformat() if name == "date" else None
        values[name] = _ask(_prompts()[name], check, problem, default)
    try:
        visiting.module_ids(lists["modules"], programme)
    except ValueProblem as unknown:
        view.answer_problem(unknown.message, unknown.hint)
        lists["modules"] = []
        guided = True
    if guided and not lists["modules"]:
        view.choices(_prompts()["modules"], list(programme.modules_by_id))
        answer = _ask(
            _prompts()["modules"], lambda raw: visiting.module_ids([raw or ""], programme), None, ""
        )
        lists["modules"] = visiting.split([answer])
    problems = visiting.observations(lists["yes"], lists["no"], programme)[1]
    for wrong in problems:
        view.answer_problem(wrong.message, wrong.hint)
    if problems:
        lists["yes"], lists["no"] = [], []
        guided = True
    if guided and not lists["yes"] and not lists["no"]:
        chosen = visiting.module_ids(lists["modules"], programme)
        for practice, sentence in visiting.practices_of(chosen, programme):
            label = _("{practice}: {sentence}? (y/n, empty: not checked)").format(
                practice=practice, sentence=sentence
            )
            answer = _ask(label, _observed, None, "")
            if answer.strip():
                lists["yes" if _observed(answer) else "no"].append(practice)
    if guided and values["notes"] is None:
        values["notes"] = _ask(_prompts()["notes"], lambda raw: raw, None, "")
    return confirmed[0]


def _observed(raw: str | None) -> bool | None:
    from ukmtool.core.fields import yes_no

    return yes_no(raw) if (raw or "").strip() else None


def _prompts() -> dict[str, str]:
    return {
        "participant": _("Business visited (id, number, or part of its or the owner's name)"),
        "date": _("Date of the visit (YYYY-MM-DD)"),
        "trainer": _("Trainer"),
        "hours": _("Hours (for example 1.5)"),
        "modules": _("Modules worked on (ids separated by spaces; empty for none)"),
        "notes": _("Notes (empty for none)"),
    }


def _ask(
    label: str, check: "Callable[[str | None], Any]", problem: Any, default: str | None
) -> str:
    """Ask until the answer passes ``check``; ``default`` None means an answer is required."""
    return ask_until_valid(label, check, default=default, problem=problem)
