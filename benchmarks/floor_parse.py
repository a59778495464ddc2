"""The parse floor: read the same YAML files a programme folder holds, nothing else.

    python benchmarks/floor_parse.py DIR [--imports]

Each file is parsed with ``yaml.load(f, Loader=yaml.CSafeLoader)`` (libyaml),
the garbage collector left on as in any Python program, and every result is
kept (a program must hold what it read). With ``--imports``, typer, rich and
pydantic (``BaseModel`` and ``TypeAdapter``: a bare ``import pydantic`` loads
almost nothing) are imported first: the floor of a command that parses ``data/``.
"""

from __future__ import annotations

import os
import sys

import yaml


def files(root: str) -> list[str]:
    """The YAML files of a programme folder, in the order ukm reads them."""
    names = [os.path.join(root, n) for n in ("program.yaml", "modules.yaml", "participants.yaml")]
    if os.path.exists(os.path.join(root, "visits.yaml")):
        names.append(os.path.join(root, "visits.yaml"))
    attendance = os.path.join(root, "attendance")
    if os.path.isdir(attendance):
        names += [
            os.path.join(attendance, n)
            for n in sorted(os.listdir(attendance))
            if n.endswith(".yaml")
        ]
    return names


def main() -> int:
    args = sys.argv[1:]
    if "--imports" in args:
        args.remove("--imports")
        import rich.console  # noqa: F401
        import typer  # noqa: F401
        from pydantic import BaseModel, TypeAdapter  # noqa: F401  (pydantic imports lazily)
    kept = []
    for path in files(args[0]):
        with open(path, "rb") as f:
            kept.append(yaml.load(f, Loader=yaml.CSafeLoader))
    print(len(kept))
    return 0


if __name__ == "__main__":
    sys.exit(main())
