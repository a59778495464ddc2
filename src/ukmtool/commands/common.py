"""What every command shares: the app's state, the folder, output choice, asking a person."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TypeVar

import typer

from ukmtool.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from ukmtool.core.documents.report import Paper, Printed
    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.folder import Folder
    from ukmtool.core.programme import LoadResult, Programme
    from ukmtool.core.tables.tableset import Table, TableSet
    from ukmtool.render.output import OutputChoice


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
    from ukmtool.core.reading.loader import load
    from ukmtool.render.progress import loading

    folder = state(ctx).folder()
    with loading(enabled=not quiet and not _wants_json(ctx)) as progress:
        return load(folder) if progress is None else load(folder, progress=progress)


def collector_paused() -> AbstractContextManager[None]:
    """The garbage collector off meanwhile, as during a load (``loader.collector_off``)."""
    from ukmtool.core.reading.loader import collector_off

    return collector_off()


class _Reported(Protocol):
    def payload(self) -> Any: ...


R = TypeVar("R", bound=_Reported)


def deliver_report(
    result: R,
    to_tables: Callable[[R], TableSet],
    choice: OutputChoice,
    programme: Programme,
    printed: Callable[[], Printed] | None = None,
    workbook: Callable[[], list[Table]] | None = None,
) -> None:
    """Hand a report to ``render/output``, as every reading command does.

    Its tables come from ``to_tables(result)`` (made only when a format needs
    them), its JSON from ``result.payload``, a PDF from ``printed`` (when the
    report has one), a workbook's extra sheets from ``workbook``; an
    ``--output`` file is made no more readable than the folder's
    participants.yaml.
    """
    from ukmtool.render.formats.base import Report
    from ukmtool.render.output import deliver

    deliver(
        Report(
            lambda: to_tables(result),
            result.payload,
            printed,
            heading=_heading(result, programme),
            workbook=workbook,
        ),
        choice,
        mode_like=programme.folder.participants,
    )


def _heading(result: object, programme: Programme) -> tuple[str, ...]:
    """The programme's name and the day the figures are as of (else printed on)."""
    from ukmtool.core.clock import today
    from ukmtool.localefmt import format_date

    as_of = getattr(result, "as_of", None)
    if as_of is not None:
        day = _("As of {date}").format(date=format_date(as_of))
    else:
        day = _("Printed on {date}").format(date=format_date(today()))
    return (programme.settings.name, day)


def _wants_json(ctx: typer.Context) -> bool:
    """Whether any option of the command says json (``--format json``)."""
    return any(str(value) == "json" for value in ctx.params.values())


def load_clean(ctx: typer.Context, *, quiet: bool = False) -> Programme:
    """Load the programme, refusing (with every error listed) when it has errors."""
    return load_result(ctx, quiet=quiet).usable(
        _("The programme folder has errors; nothing was done."),
        _("Fix them (`ukm check` lists every one) and run the command again."),
    )


class TextFormat(StrEnum):
    """Output of commands that print a text summary."""

    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    """Output formats of the reporting commands (each has a class in render.formats)."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    pdf = "pdf"


class TableFormat(StrEnum):
    """Output formats of the listing commands, which have no printed form (no pdf)."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"


class GroupBy(StrEnum):
    """What ``--by`` groups participants by."""

    district = "district"
    sector = "sector"
    gender = "gender"
    tag = "tag"


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help=_(
            "As the programme stood on this day: sessions dated after it are not held, and "
            "participants registered after it (and later visits and measurements) are left out."
        ),
        show_default=False,
    ),
]


def as_of_day(as_of: str | None) -> date | None:
    """The day ``--as-of`` gives, or None (a usage error when it is not a date)."""
    return day_option(as_of, "--as-of")


def day_option(value: str | None, option: str) -> date | None:
    """The day an option such as ``--date`` gives, or None; a usage error naming ``option``."""
    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.values.dates import day
    from ukmtool.errors import UsageError

    if value is None:
        return None
    try:
        return day(value)
    except ValueProblem as problem:
        raise UsageError(
            _("{option}: {message}").format(option=option, message=problem.message),
            hint=problem.hint,
        ) from None


def paper_of(
    choice: OutputChoice,
    signed: str | None,
    number: str | None = None,
    addressee: str | None = None,
) -> Paper:
    """A printed document's date (``--date``), number and addressee; refused with another format.

    Every command whose report prints as a PDF takes ``--date`` (the day it is dated
    and signed on, today when not given) through here.
    """
    from ukmtool.core.clock import today
    from ukmtool.core.documents.report import Paper
    from ukmtool.errors import UsageError
    from ukmtool.render.output import resolve_format

    given = [
        flag
        for flag, value in (("--date", signed), ("--number", number), ("--to", addressee))
        if value is not None
    ]
    if given and resolve_format(choice) != "pdf":
        raise UsageError(
            _("{flags} can only be used with --format pdf (the printed report).").format(
                flags=", ".join(given)
            ),
            hint=_("Add --format pdf, or an --output file ending in .pdf."),
        )
    return Paper(
        day=day_option(signed, "--date") or today(),
        number=(number or "").strip() or None,
        addressee=(addressee or "").strip() or None,
    )


PaperDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help=_(
            "With --format pdf: the day the report is dated and signed on, printed in words "
            'beside the place ("Blora, 20 Maret 2018"). Default: today.'
        ),
        show_default=False,
    ),
]


def statuses_option(words: Sequence[str] | None) -> tuple[str, ...]:
    """The statuses in the programme ``--status`` names; a usage error if unknown."""
    from ukmtool.core.fields import ValueProblem
    from ukmtool.core.reports.selection import status_named
    from ukmtool.errors import UsageError

    found: list[str] = []
    for word in words or ():
        try:
            found.append(status_named(word))
        except ValueProblem as problem:
            raise UsageError(
                _("--status {word}: {message}").format(word=word, message=problem.message),
                hint=problem.hint,
            ) from None
    return tuple(dict.fromkeys(found))


def refuse_combined(flags: Sequence[str], message: str, hint: str) -> None:
    """A usage error when ``flags`` (options given that do not go together) is not empty.

    ``message`` names them as ``{flags}``; ``hint`` says what to do instead.
    """
    from ukmtool.errors import UsageError

    if flags:
        raise UsageError(message.format(flags=", ".join(flags)), hint=hint)


FormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=_(
            "table (the default: Rich on a terminal, plain text when piped), csv, json, md, "
            "xlsx or pdf (printed, signed). With --output, the file name's ending chooses it "
            "when not given."
        ),
        show_default=False,
    ),
]
TableFormatOption = Annotated[
    TableFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=_(
            "table (the default: Rich on a terminal, plain text when piped), csv, json, md or "
            "xlsx. With --output, the file name's ending chooses it when not given."
        ),
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=_("Write to FILE (all rows, replaced at once) instead of printing."),
        show_default=False,
        dir_okay=True,
    ),
]
SignOption = Annotated[
    Path | None,
    typer.Option(
        "--sign",
        metavar="FILE.p12",
        help=_(
            "Sign the PDF (PAdES) with the office's certificate, a PKCS#12 file; its password "
            "from UKM_P12_PASSWORD, else asked. Needs: pip install 'ukm[sign]'."
        ),
        show_default=False,
    ),
]
CsvSepOption = Annotated[
    str,
    typer.Option(
        "--csv-sep",
        metavar="SEP",
        help=_("CSV separator: ; (Excel with Indonesian settings) or , (or tab)."),
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        metavar="N",
        min=1,
        help=_("Show at most N participant rows in a table (default on a terminal: 200)."),
        show_default=False,
    ),
]
AllOption = Annotated[
    bool,
    typer.Option("--all", help=_("Show every row in a table, however many.")),
]
DistrictOption = Annotated[
    list[str] | None,
    typer.Option(
        "--district",
        metavar="NAME",
        help=_("Only participants from this district (repeat for several)."),
        show_default=False,
    ),
]
SectorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        metavar="NAME",
        help=_("Only participants in this sector (repeat for several)."),
        show_default=False,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help=_("Only participants with this tag (repeat for several)."),
        show_default=False,
    ),
]
ShowNikOption = Annotated[
    bool,
    typer.Option("--show-nik", help=_("Show NIK in full (masked by default).")),
]
TextFormatOption = Annotated[
    TextFormat,
    typer.Option("--format", help=_("text, or json for scripts.")),
]
NoInputOption = Annotated[
    bool,
    typer.Option("--no-input", help=_("Never ask: a missing value is an error.")),
]


def output_choice(
    output_format: ReportFormat | TableFormat | None,
    output: Path | None,
    csv_sep: str,
    limit: int | None = None,
    all_rows: bool = False,
    sign: Path | None = None,
) -> OutputChoice:
    """The output options as one value for ``render.output.deliver``, checked before any work.

    With ``sign`` (``--sign FILE.p12``) the PDF is signed: the format must be
    pdf, and the certificate is opened (its password asked) once the rest is
    known to be right.
    """
    from dataclasses import replace

    from ukmtool.render.output import OutputChoice, check, resolve_format

    choice = OutputChoice(
        format=output_format.value if output_format is not None else None,
        output=output,
        csv_sep=csv_sep,
        limit=limit,
        all_rows=all_rows,
    )
    check(choice)
    if sign is None:
        return choice
    if resolve_format(choice) != "pdf":
        from ukmtool.errors import UsageError

        raise UsageError(
            _("--sign signs a PDF; this output is not one."),
            hint=_("Add --format pdf, or write to a file ending in .pdf with --output."),
        )
    return replace(choice, sign=pdf_signer(sign))


def pdf_signer(path: Path) -> Callable[[bytes], bytes]:
    """The PAdES signer of ``--sign FILE``: the password from the environment, else asked."""
    from ukmtool.errors import UsageError
    from ukmtool.render import pades

    pades.check_available()
    password = pades.password_from_env()
    if password is None:
        if not can_ask():
            raise UsageError(
                _("--sign: the password of {path} is needed.").format(path=path),
                hint=_("Set UKM_P12_PASSWORD, or run the command on a terminal to be asked."),
            )
        password = typer.prompt(
            _("Password of {path}").format(path=path), hide_input=True, err=True
        )
    return pades.load_signer(path, password)


def can_ask() -> bool:
    """Whether a person is there to answer questions: stdin and stdout are terminals."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def why_not_asked(no_input: bool) -> str:
    """Why missing values were not asked for: ``--no-input``, or no terminal."""
    return (
        _("--no-input turns the questions off.")
        if no_input
        else _("There is no terminal to ask on.")
    )


def ask_until_valid(
    label: str,
    check: Callable[[str], object],
    *,
    default: str | None = None,
    problem: ValueProblem | None = None,
) -> str:
    """Ask on stderr until the answer passes ``check`` (the check the file's values get).

    ``default`` None means an answer is required; a default is shown unless it
    is empty.  ``problem``, what was wrong with the value given, is said first.
    Stderr, so that stdout stays for the result (``--format json``).
    """
    from ukmtool.core.fields import ValueProblem
    from ukmtool.render import prompts as view

    if problem is not None:
        view.answer_problem(problem.message, problem.hint)
    while True:
        answer: str = typer.prompt(label, default=default, show_default=bool(default), err=True)
        try:
            check(answer)
        except ValueProblem as bad:
            view.answer_problem(bad.message, bad.hint)
            continue
        return answer


def ask_yes_no(label: str, *, default: bool = False) -> bool:
    """Ask a yes/no question on stderr (y/n, ya/tidak); Enter takes ``default``."""
    from ukmtool.core.fields import ValueProblem, yes_no

    shown = _("{question} (y/n)").format(question=label)
    while True:
        answer: str = typer.prompt(
            shown, default=_("y") if default else _("n"), show_default=True, err=True
        )
        try:
            return yes_no(answer)
        except ValueProblem as bad:
            from ukmtool.render import prompts as view

            view.answer_problem(bad.message, bad.hint)


FoldersArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="DIR",
        help=_("Programme folders, or folders holding programme folders."),
        show_default=False,
    ),
]
"""The programme folders of a command over several (compare, export)."""
