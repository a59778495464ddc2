"""The ``ukm`` command line: thin wiring from arguments to the core and the renderers.

Commands live in ``ukmtool.commands``, one module each; this module builds
the Typer app, holds the options every command shares, and is the one place
that turns an error into an exit status (:class:`UkmGroup`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ukmtool import __version__, i18n
from ukmtool.commands import attend as attend_cmd
from ukmtool.commands import check as check_cmd
from ukmtool.commands import init as init_cmd
from ukmtool.commands import modules as modules_cmd
from ukmtool.commands import participants as participants_cmd
from ukmtool.commands import register as register_cmd
from ukmtool.commands import report as report_cmd
from ukmtool.commands import show as show_cmd
from ukmtool.commands.common import State
from ukmtool.errors import ExitStatus, UkmError
from ukmtool.i18n import _


class UkmGroup(TyperGroup):
    """A Typer group that maps ukm's errors to exit statuses, in one place."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; explain expected errors, report unexpected ones as bugs."""
        try:
            return super().invoke(ctx)
        except UkmError as exc:
            from ukmtool.render import errors

            errors.show_error(exc)
            raise typer.Exit(int(exc.exit_status)) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            raise typer.Exit(int(ExitStatus.OK)) from None
        except Exception as exc:
            if type(exc).__module__.startswith(("typer", "click")):
                raise  # usage errors: Typer prints them and exits 2
            from ukmtool.render import errors

            errors.show_bug(exc)
            raise typer.Exit(int(ExitStatus.INTERNAL_ERROR)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ukm {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=UkmGroup,
    name="ukm",
    help=_(
        "Keep an SME (UKM) training programme in plain YAML files, and report who completed what."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="DIR",
            help=_(
                "The programme folder. Default: $UKM_DATA, else the current folder if it "
                "holds program.yaml, else ./data."
            ),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="id|en",
            help=_("Language of what ukm prints. Default: $UKM_LANG, else the programme's."),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=_("Show the version and exit."),
        ),
    ] = False,
) -> None:
    if lang is not None and lang.lower() not in i18n.LANGUAGES:
        from ukmtool.render.console import clean

        raise typer.BadParameter(
            _("Choose id or en, not '{value}'.").format(value=clean(lang)), param_hint="--lang"
        )
    from ukmtool.core.folder import guess

    i18n.choose(lang.lower() if lang else None, guess(data))
    ctx.obj = State(data=data)


app.command("init", help=_("Start a new programme folder with the six Score Plus modules."))(
    init_cmd.init
)
app.command("check", help=_("Check every file of the programme folder and list each problem."))(
    check_cmd.check
)
app.command("register", help=_("Register a business, or import the list a district office sent."))(
    register_cmd.register
)
app.command(
    "attend", help=_("Mark attendance at a session: by id, --all, or a key-by-key roll call.")
)(attend_cmd.attend)
app.command("report", help=_("Report who completed, is in progress, failed or is at risk."))(
    report_cmd.report
)
app.command("show", help=_("Show one business: details and progress in every module."))(
    show_cmd.show
)
app.command("participants", help=_("List and find participants."))(participants_cmd.participants)
app.command("modules", help=_("List the modules, their sessions and which were held."))(
    modules_cmd.modules
)
