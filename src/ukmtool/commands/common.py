"""What every command shares: the app's state, finding and loading the folder, output choice."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.folder import Folder
    from ukmtool.core.programme import LoadResult, Programme


@dataclass
class State:
    """Options given before the command (``ukm --data DIR ...``)."""

    data: Path | None = None

    def folder(self) -> Folder:
        """The programme folder, found as PRODUCT.md says (raises when there is none)."""
        from ukmtool.core.folder import locate

        return locate(self.data)


def state(ctx: typer.Context) -> State:
    """The state the app's callback stored (a fresh one under direct invocation)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def load_result(ctx: typer.Context, *, quiet: bool = False) -> LoadResult:
    """Load the programme folder with every diagnostic, whatever it holds.

    Every command loads through here: the load cache makes a repeated load
    of an unchanged large folder quick, and on a terminal a load that takes
    more than a second shows a progress bar on stderr, unless ``quiet`` or
    the command was asked for ``--format json``.
    """
    from ukmtool.core.loader import load
    from ukmtool.render.progress import loading

    folder = state(ctx).folder()
    with loading(enabled=not quiet and not _wants_json(ctx)) as progress:
        return load(folder) if progress is None else load(folder, progress=progress)


def _wants_json(ctx: typer.Context) -> bool:
    """Whether any option of the command says json (``--format json``)."""
    return any(str(value) == "json" for value in ctx.params.values())


def load_clean(ctx: typer.Context, *, quiet: bool = False) -> Programme:
    """Load the programme, refusing (with every error listed) when it has errors."""
    from ukmtool.errors import DataError

    result = load_result(ctx, quiet=quiet)
    if not result.ok or result.programme is None:
        raise DataError(
            _("The programme folder has errors; nothing was done."),
            result.errors,
            hint=_("Fix them (`ukm check` lists every one) and run the command again."),
        )
    return result.programme


class TextFormat(StrEnum):
    """Output of commands that print a text summary."""

    text = "text"
    json = "json"
