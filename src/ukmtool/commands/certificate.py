"""``ukm certificate``: issue numbered certificates to graduates, print, verify and revoke them."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    TextFormat,
    TextFormatOption,
    day_option,
    load_clean,
    state,
)
from ukmtool.errors import UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.certificates.issued import Found
    from ukmtool.core.programme import Programme

DEFAULT_FOLDER = Path("sertifikat")
"""Where the PDFs go without --output: ``sertifikat/`` in the current folder."""
ONE_FILE = "sertifikat.pdf"
"""The name of the PDF that holds them all (--one-file), in that folder."""

app = typer.Typer(
    name="certificate",
    help=_("Give graduates a numbered certificate; print, verify or revoke one."),
    no_args_is_help=True,
    add_completion=False,
)

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help=_(
            "The folder the PDFs go into (made when missing). Default: sertifikat/ in the "
            "current folder."
        ),
        show_default=False,
    ),
]
OneFileOption = Annotated[
    bool,
    typer.Option(
        "--one-file",
        help=_("All the certificates in one PDF (sertifikat.pdf), to print at once."),
    ),
]


@app.command(
    "issue",
    help=_(
        "Number every graduate who holds no valid certificate, record them in "
        "certificates.yaml, and write their PDFs."
    ),
)
def issue(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help=_("The issue date. Default: program.yaml's certificates.issued, else today."),
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Show who would get which number; write nothing.")),
    ] = False,
    output: OutputOption = None,
    one_file: OneFileOption = False,
    no_pdf: Annotated[
        bool,
        typer.Option("--no-pdf", help=_("Record the numbers only; print later.")),
    ] = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Issue certificates to the graduates who have none."""
    from ukmtool.core.certificates import issue as writing
    from ukmtool.render.commands import certificate as view
    from ukmtool.render.progress import loading

    as_json = output_format is TextFormat.json
    day = day_option(on, "--date")
    folder = state(ctx).folder()
    with loading(enabled=not as_json) as progress:
        outcome = writing.issue(folder, on=day, dry_run=dry_run, progress=progress)
    view.show_issued(outcome, dry_run=dry_run, as_json=as_json)
    if outcome.written and not no_pdf:
        from ukmtool.core.certificates.issued import found

        programme = outcome.programme
        chosen = [found(programme, i.certificate) for i in outcome.issued]
        write_pdfs(programme, chosen, output, one_file=one_file, mark_reprint=False)


@app.command(
    "print",
    help=_(
        "Print certificates again, exactly as issued: the numbers (or participant ids) "
        "given, else every valid one."
    ),
)
def print_again(
    ctx: typer.Context,
    asked: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NUMBER|ID]...",
            help=_("Certificate numbers (or what the QR code holds) or participant ids."),
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    one_file: OneFileOption = False,
    mark_reprint: Annotated[
        bool,
        typer.Option("--mark-reprint", help=_("Print 'reprint' beside the title.")),
    ] = False,
) -> None:
    """Print issued certificates again."""
    from ukmtool.core.certificates.issued import chosen, found
    from ukmtool.errors import DataError, NotFoundError

    programme = load_clean(ctx)
    certificates = chosen(programme, asked or [])
    revoked = [c for c in certificates if not c.valid]
    if revoked:
        first = revoked[0]
        assert first.revoked is not None
        raise DataError(
            _("Certificate {number} was revoked on {date} ({reason}); it is not printed.").format(
                number=first.number,
                date=first.revoked.date.isoformat(),
                reason=first.revoked.reason,
            ),
            hint=_("`ukm certificate issue` gives the graduate a new number."),
        )
    if not certificates:
        raise NotFoundError(
            _("No valid certificate is in certificates.yaml; nothing was printed."),
            hint=_("`ukm certificate issue` gives every graduate without one a certificate."),
        )
    write_pdfs(
        programme,
        [found(programme, c) for c in certificates],
        output,
        one_file=one_file,
        mark_reprint=mark_reprint,
    )


@app.command(
    "verify",
    help=_(
        "Check a certificate number (or what its QR code holds): valid or revoked, "
        "whose, which programme and modules, issued when."
    ),
)
def verify(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(
            metavar="NUMBER",
            help=_("The number, as printed or as the QR code holds it."),
            show_default=False,
        ),
    ],
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Say whether a certificate was issued, and what it certifies."""
    from ukmtool.core.certificates.issued import find, found
    from ukmtool.render.commands import certificate as view

    as_json = output_format is TextFormat.json
    programme = load_clean(ctx, quiet=as_json)
    view.show_verified(programme, found(programme, find(programme, number)), as_json=as_json)


@app.command(
    "revoke",
    help=_(
        "Revoke a certificate (a wrong name, issued in error): its number is never given "
        "again, and `issue` can give the person a new one."
    ),
)
def revoke(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(metavar="NUMBER", help=_("The certificate's number."), show_default=False),
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason", metavar="TEXT", help=_("Why, such as 'salah nama'."), show_default=False
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help=_("The day it is revoked. Default: today."),
            show_default=False,
        ),
    ] = None,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Revoke one certificate."""
    from ukmtool.core.certificates import issue as writing
    from ukmtool.core.clock import today
    from ukmtool.render.commands import certificate as view

    text = reason.strip()
    if not text or "\n" in text or "\r" in text:
        raise UsageError(_("--reason: give the reason on one line."))
    day = day_option(on, "--date") or today()
    outcome = writing.revoke(state(ctx).folder(), number, text, day)
    view.show_revoked(outcome, as_json=output_format is TextFormat.json)


def write_pdfs(
    programme: "Programme",
    chosen: "list[Found]",
    output: Path | None,
    *,
    one_file: bool,
    mark_reprint: bool,
) -> None:
    """Write one PDF a certificate (or one for all) into ``output`` (default ``sertifikat/``)."""
    from ukmtool.core.clock import today
    from ukmtool.core.documents.certificate import certificates_payload, file_name
    from ukmtool.errors import WriteError
    from ukmtool.render.pdf import Printer, Section

    target = output if output is not None else DEFAULT_FOLDER
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot make the folder {path}: {reason}.").format(
                path=target, reason=exc.strerror or exc
            )
        ) from None
    day = today()
    batches = [chosen] if one_file else [[one] for one in chosen]
    with Printer() as printer:  # one Typst process for them all
        for batch in batches:
            name = ONE_FILE if one_file else file_name(batch[0].certificate.number)
            payload = certificates_payload(programme, batch, day, mark_reprint=mark_reprint)
            printer.write(target / name, [Section("certificate", payload)], programme.folder)
