"""Short confirmations and notes printed after a command did its work."""

from __future__ import annotations

from rich.text import Text

from ukmtool.render.console import clean, console


def done(message: str, hint: str | None = None) -> None:
    """Say what was done (stdout), with an optional next step."""
    out = console()
    out.print(Text(clean(message), style="green"), soft_wrap=True)
    if hint:
        out.print(Text(clean(hint), style="dim"), soft_wrap=True)


def note(message: str, *, stderr: bool = True) -> None:
    """A side note, a warning, on stderr by default."""
    console(stderr=stderr).print(Text(clean(message), style="yellow"), soft_wrap=True)
