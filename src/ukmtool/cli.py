"""The ``ukm`` command line: thin wiring from arguments to the core and the renderers.

Commands live in ``ukmtool.commands``, one module each; this module builds
the Typer app, holds the options every command shares, and is the one place
that turns an error into an exit status (:class:`UkmGroup`).
"""

import errno
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ukmtool import __version__, i18n, streams
from ukmtool.clitext import (
    asks_help,
    translate_help_option,
    translate_typer_texts,
    translate_usage_error,
)
from ukmtool.commands import attend as attend_cmd
from ukmtool.commands import check as check_cmd
from ukmtool.commands import edit as edit_cmd
from ukmtool.commands import init as init_cmd
from ukmtool.commands import measure as measure_cmd
from ukmtool.commands import modules as modules_cmd
from ukmtool.commands import participants as participants_cmd
from ukmtool.commands import register as register_cmd
from ukmtool.commands import report as report_cmd
from ukmtool.commands import score as score_cmd
from ukmtool.commands import show as show_cmd
from ukmtool.commands import tag as tag_cmd
from ukmtool.commands import visit as visit_cmd
from ukmtool.commands.across import compare as compare_cmd
from ukmtool.commands.across import export as export_cmd
from ukmtool.commands.across import history as history_cmd
from ukmtool.commands.common import State
from ukmtool.commands.documents import certificate as certificate_cmd
from ukmtool.commands.documents import printing as printing_cmd
from ukmtool.errors import ExitStatus, UkmError, UsageError
from ukmtool.i18n import _

# What writing to stdout can fail with: a full disk or quota, a file too big, an I/O
# error, a closed stream.  The core turns its own file errors into WriteError, so an
# OSError that reaches the command's end with one of these is the output's.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def _is_typer_error(exc: BaseException) -> bool:
    """A usage error Typer prints itself (not Exit or Abort, which print nothing)."""
    return type(exc).__module__.startswith(("typer", "click")) and hasattr(exc, "format_message")


class UkmContext(typer.Context):
    """A command's context: refuses text options that hold bytes the terminal did not decode.

    Python hands a command-line argument that is not UTF-8 over as lone
    surrogates; a text option holding one (``--reason``, ``--business``,
    anything typed) is a usage error naming the option, before the command
    runs.  File names (``Path`` options) are not text and keep their bytes.
    """

    def invoke(self, callback: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``callback`` once no text among ``kwargs`` holds undecodable bytes."""
        for name, value in kwargs.items():
            if _undecodable(value):
                raise UsageError(
                    _("{option} holds bytes that are not UTF-8.").format(
                        option=_option_name(self, name)
                    ),
                    hint=_("Type it again with the terminal set to UTF-8."),
                )
        return super().invoke(callback, *args, **kwargs)


def _undecodable(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, list | tuple):
        return any(_undecodable(item) for item in value)
    return False


def _option_name(ctx: typer.Context, name: str) -> str:
    for param in ctx.command.params:
        if param.name == name:
            if param.param_type_name == "option":
                return max(param.opts, key=len)
            return str(param.metavar or (param.name or name).upper())
    return name


def _use_context(command: Any) -> None:
    """Give ``command`` and every command under it the context of :class:`UkmContext`."""
    command.context_class = UkmContext
    for sub in getattr(command, "commands", {}).values():
        _use_context(sub)


class UkmGroup(TyperGroup):
    """A Typer group that maps ukm's errors to exit statuses, in one place.

    It also has Typer write its help and usage errors in ukm's language
    (``ukmtool.clitext``), and gives every command under it a
    :class:`UkmContext`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Build the group; every command and sub-command gets :class:`UkmContext`."""
        super().__init__(*args, **kwargs)
        _use_context(self)

    def make_context(self, info_name: str | None, args: list[str], *a: Any, **kw: Any) -> Any:
        """Parse the options given before the command."""
        if not args or asks_help(args):
            translate_typer_texts()
        try:
            return super().make_context(info_name, args, *a, **kw)
        except Exception as exc:
            if _is_typer_error(exc):
                translate_usage_error(exc)
                translate_typer_texts()
            raise

    def get_help_option(self, ctx: Any) -> Any:
        """``-h``/``--help``, its help text translated."""
        return translate_help_option(super().get_help_option(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, its ``--help`` text translated."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            translate_help_option(command.get_help_option(ctx))
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named first in ``args``; an unknown one gets a translated error."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from ukmtool.core.suggest import did_you_mean

            message = _("There is no command '{name}'.").format(name=name)
            suggestion = did_you_mean(name, self.list_commands(ctx))
            ctx.fail(f"{message} {suggestion}" if suggestion else message)
        if asks_help(args[1:]):
            translate_typer_texts()
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; explain expected errors, report unexpected ones as bugs.

        A failure to print (a closed pipe, a full disk under a redirect) after the
        command's write was done is not an error: the write stands, exit 0.
        """
        before = len(_completed_writes())
        try:
            return super().invoke(ctx)
        except UkmError as exc:
            from ukmtool.render import errors

            errors.show_error(exc)
            raise typer.Exit(int(exc.exit_status)) from None
        except (typer.Exit, KeyboardInterrupt):
            raise
        except typer.Abort:
            translate_typer_texts()  # Typer prints "Aborted."
            raise
        except Exception as exc:
            if streams.is_closed_pipe(exc):
                streams.silence_stdout()
                raise typer.Exit(int(ExitStatus.OK)) from None
            if isinstance(exc, OSError | UnicodeError) and len(_completed_writes()) > before:
                from ukmtool.render import errors

                errors.show_saved_not_shown(_completed_writes()[before:], exc)
                raise typer.Exit(int(ExitStatus.OK)) from None
            if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
                from ukmtool.render import errors

                errors.show_output_failure(exc)
                raise typer.Exit(int(ExitStatus.DATA_ERROR)) from None
            if _is_typer_error(exc):
                # usage errors: Typer prints them and exits 2
                translate_usage_error(exc)
                translate_typer_texts()
                raise
            from ukmtool.render import errors

            errors.show_bug(exc)
            raise typer.Exit(int(ExitStatus.INTERNAL_ERROR)) from None


def _completed_writes() -> list[Path]:
    """The files this process has replaced so far (none when it has not loaded the store)."""
    store = sys.modules.get("ukmtool.core.files.store")
    return getattr(store, "COMPLETED", [])


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
            help=_(
                "Language of what ukm prints. Default: $UKM_LANG, else the programme's "
                "language, else en."
            ),
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
app.command("edit", help=_("Correct a participant's entry, or record an exemption."))(edit_cmd.edit)
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
app.add_typer(tag_cmd.app, name="tag")
app.command("compare", help=_("Compare programmes side by side: one row each and a total."))(
    compare_cmd.compare
)
app.command("history", help=_("Show one business in every programme it took part in."))(
    history_cmd.history
)
app.command("export", help=_("Export programmes as Parquet tables for DuckDB, Spark or BigQuery."))(
    export_cmd.export
)
app.add_typer(printing_cmd.app, name="print")
app.add_typer(certificate_cmd.app, name="certificate")
app.command("visit", help=_("Record a mentoring visit and the good practices the trainer saw."))(
    visit_cmd.visit
)
app.command("measure", help=_("Record a business's figures later on: sales, capital, employees."))(
    measure_cmd.measure
)
app.command("score", help=_("Record pre-test or post-test scores (out of 100) of a module."))(
    score_cmd.score
)
