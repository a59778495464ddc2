"""The framework floor: a minimal three-command Typer app.

    python benchmarks/floor_typer.py --help
    python benchmarks/floor_typer.py noop

What any Typer command line pays before it does anything: importing Typer
(and, to convert arguments, pydantic), building the commands, parsing the
arguments. `ukm --help` and `ukm --version` are measured against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


@app.command()
def noop(
    name: Annotated[str, typer.Option(help="A name.")] = "x",
    data: Annotated[Path | None, typer.Option(help="A folder.")] = None,
) -> None:
    """Do nothing."""


@app.command()
def second(count: Annotated[int, typer.Option(help="A count.")] = 1) -> None:
    """Do nothing either."""


@app.command()
def third(flag: Annotated[bool, typer.Option(help="A flag.")] = False) -> None:
    """Nor this."""


if __name__ == "__main__":
    app()
