"""``ukm register`` at the desk: one business, what is missing or wrong asked for.

The options given are checked against the folder as loaded to register;
when a person is there to answer, each missing or wrong value is asked for
(the folder's lock let go meanwhile), with the optional fields a desk asks
too (:data:`DESK`), the entry is shown and, unless a dry run, registered
once the person says yes.  Without a person, every problem is listed at once.
"""

from typing import TYPE_CHECKING

import typer

from ukmtool.commands.common import ask_until_valid, ask_yes_no, why_not_asked
from ukmtool.errors import InputUsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.folder import Folder
    from ukmtool.core.models import Settings
    from ukmtool.core.writing.register import Outcome, Pending


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
        "nib": _("NIB, the business's 13-digit number from OSS (empty to leave out)"),
        "registered": _("Registered on (such as 2017-12-13 or 13/12/2017)"),
    }


def register_one(
    folder: "Folder",
    values: dict[str, str],
    tags: tuple[str, ...],
    flags: "Mapping[str, str]",
    *,
    ask: bool,
    no_input: bool,
    allow_duplicate: bool,
    dry_run: bool,
    as_json: bool,
) -> "Outcome":
    """One business at the desk, its options checked against the folder as loaded.

    ``flags`` names the option that gives each field; ``ask``: a person is
    there to answer.  When one is, what is missing or wrong is asked for, the
    folder's lock let go meanwhile, and the folder is loaded again to register.
    """
    from ukmtool.core.writing import register as registration
    from ukmtool.core.writing.participant import Entry
    from ukmtool.render.progress import loading

    entries = [Entry(values, tags, flags)]

    def settle(settings: "Settings") -> bool:
        """Check the options against the folder as loaded to register (loaded once)."""
        if ask and _unsettled(values, settings):
            return False  # ask first, without holding the folder's lock
        _complete(values, settings, flags, ask=False, no_input=no_input)
        return True

    def register_once(check: "Callable[[Settings], bool] | None") -> "Outcome | Pending":
        with loading(enabled=not as_json) as progress:
            return registration.register(
                folder,
                entries,
                allow_duplicate=allow_duplicate,
                dry_run=dry_run,
                settle=check,
                progress=progress,
            )

    outcome = register_once(settle)
    if isinstance(outcome, registration.Pending):  # ask, then load and register again
        _complete(values, outcome.settings, flags, ask=True, no_input=no_input, confirm=not dry_run)
        outcome = register_once(None)
    assert isinstance(outcome, registration.Outcome)
    return outcome


def _problems(
    values: dict[str, str], settings: "Settings"
) -> "tuple[dict[str, ValueProblem], list[str]]":
    """The given values that are wrong, and the required fields not given.

    No registration date once the programme has ended is wrong too: today
    cannot be the day (no silent "today").
    """
    from ukmtool.core.clock import today
    from ukmtool.core.fields import ValueProblem, missing
    from ukmtool.core.writing.participant import FIELDS, REQUIRED, check_value

    bad: dict[str, ValueProblem] = {}
    for name in FIELDS:
        if name in values:
            try:
                check_value(name, values[name], settings)
            except ValueProblem as problem:
                bad[name] = problem
    day = today()
    if not (values.get("registered") or "").strip() and day > settings.ends:
        bad["registered"] = ValueProblem(
            _(
                "today ({today}) is after the programme ended ({ends}), so it cannot be the "
                "day the business registered."
            ).format(today=day.isoformat(), ends=settings.ends.isoformat()),
            _("Give the day it registered (YYYY-MM-DD)."),
        )
    return bad, missing(values, REQUIRED)


def _unsettled(values: dict[str, str], settings: "Settings") -> bool:
    """Whether a value is missing or wrong."""
    bad, absent = _problems(values, settings)
    return bool(bad or absent)


DESK: tuple[str, ...] = (
    "phone",
    "village",
    "employees",
    "nik",
    "nib",
    "monthly_sales",
    "capital",
)
"""Optional fields a desk registration asks for too (Enter leaves one out)."""


def _complete(
    values: dict[str, str],
    settings: "Settings",
    flags: "Mapping[str, str]",
    *,
    ask: bool,
    no_input: bool,
    confirm: bool = False,
) -> None:
    """Fill in missing required values and replace bad ones by asking, or list them all.

    At a desk (a required value was missing and a person answers), the
    optional :data:`DESK` fields not given are asked too, then the entry is
    shown and, when ``confirm``, registered only once the person says yes.
    """
    from ukmtool.core.writing.participant import FIELDS

    bad, absent = _problems(values, settings)
    if not bad and not absent:
        return
    if not ask:
        problems = [
            _("{flag}: {message}").format(flag=flags[name], message=problem.message)
            + (f" {problem.hint}" if problem.hint else "")
            for name, problem in bad.items()
        ]
        if absent:
            problems.append(
                _("missing: {flags}").format(flags=", ".join(flags[name] for name in absent))
            )
        raise InputUsageError(
            _("Not registered: some values are missing or wrong."),
            problems,
            hint=why_not_asked(no_input) + " " + _("Give every required value as an option."),
        )
    for name in FIELDS:
        if name in bad or name in absent:
            values[name] = _ask(name, settings, bad.get(name))
        elif absent and name in DESK and name not in values:
            answer = _ask(name, settings, None)
            if answer.strip():
                values[name] = answer
    if absent:
        _show_entry(values, settings)
        if confirm and not ask_yes_no(_("Register this business?"), default=True):
            from ukmtool.render.messages import done

            done(_("Not registered; nothing was written."))
            raise typer.Exit(0)


def _show_entry(values: dict[str, str], settings: "Settings") -> None:
    """The entry as it will be written, field by field, before it is confirmed."""
    from ukmtool.core.writing.participant import check_value
    from ukmtool.render.commands import register as view

    view.entry({name: check_value(name, text, settings) for name, text in values.items()})


def _ask(name: str, settings: "Settings", problem: "ValueProblem | None") -> str:
    """Ask for one field until the answer passes the same check as the file's values."""
    from ukmtool.core.writing.participant import REQUIRED, check_value
    from ukmtool.render import prompts as view

    label = _prompts()[name]
    if problem is not None:
        view.answer_problem(problem.message, problem.hint)
    options = {"district": settings.districts, "sector": settings.sectors}.get(name)
    if options:
        view.choices(label, options)
    return ask_until_valid(
        label,
        lambda answer: check_value(name, answer, settings),
        default=None if name in REQUIRED else "",
    )
