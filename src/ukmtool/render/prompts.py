"""What every command that asks a person shows around its questions (on stderr, with them)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ukmtool.core.models import Participant
from ukmtool.i18n import _
from ukmtool.render.console import clean, console


def choices(label: str, options: Sequence[str]) -> None:
    """List the allowed answers before a prompt (on stderr, with the prompts)."""
    console(stderr=True).print(
        Text(clean(_("{label}: one of {options}").format(label=label, options=", ".join(options)))),
        soft_wrap=True,
        style="dim",
    )


def say(message: str) -> None:
    """A line that helps with the questions (on stderr, with them)."""
    console(stderr=True).print(Text(clean(message), style="dim"), soft_wrap=True)


def answer_problem(message: str, hint: str | None) -> None:
    """Say why an answer was not taken (the question is asked again)."""
    err = console(stderr=True)
    err.print(Text(clean(message), style="red"), soft_wrap=True)
    if hint:
        err.print(Text(clean(hint), style="dim"), soft_wrap=True)


def who(participant: Participant) -> Participant:
    """Say at once whom an answer named (``-> UKM-076 Sablon Sinar Grafika (Budi), Cepu``)."""
    console(stderr=True).print(
        Text(
            clean(
                _("-> {id} {business} ({owner}), {district}").format(
                    id=participant.id,
                    business=participant.business,
                    owner=participant.owner,
                    district=participant.district,
                )
            ),
            style="bold",
        ),
        soft_wrap=True,
    )
    return participant
