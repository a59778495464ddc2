"""Short confirmations and notes printed after a command did its work."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from ukmtool.render.console import clean, console
from ukmtool.render.formats.cells import one_line


def done(message: str, hint: str | None = None) -> None:
    """Say what was done (stdout), with an optional next step."""
    out = console()
    out.print(Text(clean(message), style="green"), soft_wrap=True)
    if hint:
        out.print(Text(clean(hint), style="dim"), soft_wrap=True)


def note(message: str, *, stderr: bool = True) -> None:
    """A side note, a warning, on stderr by default."""
    console(stderr=stderr).print(Text(clean(message), style="yellow"), soft_wrap=True)


def where_written(programme: str, path: Path, *, dry_run: bool = False) -> None:
    """Name the programme and the file a write changed (or would change), on stdout.

    The file is shown from the current folder, so a folder other than the
    current one is named with it (``data/attendance/keuangan.yaml``).
    """
    from ukmtool.diagnostics import display_path
    from ukmtool.i18n import _

    text = (
        _("Programme: {name}; would write {path}.")
        if dry_run
        else _("Programme: {name}; written to {path}.")
    ).format(name=one_line(programme) or "-", path=display_path(path))
    console().print(Text(clean(text), style="dim"), soft_wrap=True)
