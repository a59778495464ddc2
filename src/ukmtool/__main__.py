"""Entry point of the ``ukm`` command and of ``python -m ukmtool``.

The language is chosen before the command line is built, so that help texts
are translated too; only then is the (light) CLI module imported.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _data_from_argv(argv: list[str]) -> Path | None:
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--data" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--data="):
            return Path(arg.partition("=")[2])
    return None


def main() -> None:
    """Run ``ukm`` with ``sys.argv``."""
    from ukmtool import i18n, streams
    from ukmtool.core.folder import guess

    streams.setup()

    argv = sys.argv[1:]
    i18n.choose(i18n.language_from_argv(argv), guess(_data_from_argv(argv)))
    if sys.stdout is None:  # started with stdout closed (`ukm ... >&-`): nowhere to report
        from ukmtool.i18n import _

        if sys.stderr is not None:
            sys.stderr.write(
                _("Error") + ": " + _("The standard output is closed: ukm did nothing.") + "\n"
            )
        raise SystemExit(1)
    from ukmtool.cli import app

    app(prog_name="ukm")


if __name__ == "__main__":
    main()
