"""``ukm certificate``: issue numbered certificates to graduates, print, verify and revoke them."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    SignOption,
    TextFormat,
    TextFormatOption,
    day_option,
    load_clean,
    pdf_signer,
    state,
)
from ukmtool.errors import UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.certificates.issue import Issued
    from ukmtool.core.models import Certificate
    from ukmtool.core.programme import Programme
    from ukmtool.render.certificates import Prepared

DEFAULT_FOLDER = Path("sertifikat")
"""Where the PDFs go without --output: ``sertifikat/`` in the current folder."""

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
        "Number every graduate who holds no valid certificate, write their signed PDFs, "
        "and record them in certificates.yaml."
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
    sign: SignOption = None,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Issue certificates to the graduates who have none."""
    from contextlib import ExitStack

    from ukmtool.core.certificates import issue as writing
    from ukmtool.core.clock import today
    from ukmtool.render.commands import certificate as view
    from ukmtool.render.pdf import Printer
    from ukmtool.render.progress import stages

    as_json = output_format is TextFormat.json
    day = day_option(on, "--date")
    if sign is not None and no_pdf:
        raise UsageError(_("--sign signs the PDFs; --no-pdf writes none. Give one of them."))
    signer = pdf_signer(sign) if sign is not None and not dry_run else None
    folder = state(ctx).folder()
    printing = not (no_pdf or dry_run)
    if printing:
        from ukmtool.render.certificates import refuse_old_template

        refuse_old_template(folder.root)  # before a key or a number is made
    made: list[Prepared] = []
    written: list[Path] = []

    with ExitStack() as stack:
        # Typst starts now, while the folder loads; Ctrl-C stops it at once
        printer = stack.enter_context(Printer()) if printing else None
        bars = stack.enter_context(stages(enabled=not as_json))

        def documents(programme: "Programme", issued: "list[Issued]") -> Callable[[], None]:
            from ukmtool.core.certificates.issued import found
            from ukmtool.render.certificates import prepare

            assert printer is not None
            chosen = [(found(programme, i.certificate), i.qr) for i in issued]
            prepared = prepare(
                printer,
                programme,
                chosen,
                _kid_of(issued[0].qr),
                output if output is not None else DEFAULT_FOLDER,
                today=today(),
                one_file=one_file,
                mark_reprint=False,
                sign=signer,
                progress=bars.rows(_("Making the certificates")) if bars else None,
            )
            made.append(prepared)
            return lambda: written.extend(prepared.publish())

        try:
            outcome = writing.issue(
                folder,
                on=day,
                dry_run=dry_run,
                progress=bars.loading() if bars else None,
                documents=documents if printing else None,
            )
        finally:
            for prepared in made:
                prepared.discard()  # nothing left once published; else the record failed
    view.show_issued(outcome, dry_run=dry_run, as_json=as_json)
    view.show_written(written)
    if outcome.key is not None:
        view.show_key(outcome.key, folder.public_keys)


def _kid_of(qr: str) -> str:
    from ukmtool.core.certificates import claims, signing

    token = claims.token_in(qr)
    assert token is not None  # ukm made it
    return str(signing.unverified_header(token)["kid"])


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
    sign: SignOption = None,
) -> None:
    """Print issued certificates again."""
    from ukmtool.core.certificates import keys
    from ukmtool.core.certificates.claims import office_of
    from ukmtool.core.certificates.issue import signed_qr
    from ukmtool.core.certificates.issued import found
    from ukmtool.core.clock import today
    from ukmtool.core.files import store
    from ukmtool.render.certificates import prepare, refuse_old_template
    from ukmtool.render.commands import certificate as view
    from ukmtool.render.pdf import Printer
    from ukmtool.render.progress import stages

    signer = pdf_signer(sign) if sign is not None else None
    with Printer() as printer, stages() as bars:  # Typst starts while the folder loads
        programme = load_clean(ctx)
        refuse_old_template(programme.folder.root)
        certificates = _printable(programme, asked or [])
        folder = programme.folder
        with store.locked(folder.root):
            key = keys.signing_key(folder, office_of(programme.settings), today())
        pairs = [(found(programme, c), signed_qr(programme, c, key)) for c in certificates]
        prepared = prepare(
            printer,
            programme,
            pairs,
            key.kid,
            output if output is not None else DEFAULT_FOLDER,
            today=today(),
            one_file=one_file,
            mark_reprint=mark_reprint,
            sign=signer,
            progress=bars.rows(_("Making the certificates")) if bars else None,
        )
        try:
            view.show_written(prepared.publish())
        finally:
            prepared.discard()
    view.show_key(key, folder.public_keys)


def _printable(programme: "Programme", asked: list[str]) -> "list[Certificate]":
    """The certificates ``asked`` names (every valid one when none); a revoked one refused."""
    from ukmtool.core.certificates.issued import chosen
    from ukmtool.errors import DataError, NotFoundError

    certificates = chosen(programme, asked)
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
    return certificates


@app.command(
    "verify",
    help=_(
        "Check a certificate: a photo or scan of it, its PDF, what its QR code holds, or "
        "its number. Valid (exit 0), or revoked, tampered, signed by another key (exit 1)."
    ),
)
def verify(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(
            metavar="FILE|QR-TEXT|NUMBER",
            help=_(
                "A picture (JPG, PNG) or PDF of the certificate, the text its QR code holds, "
                "or its number (in the programme folder)."
            ),
            show_default=False,
        ),
    ],
    key: Annotated[
        list[Path] | None,
        typer.Option(
            "--key",
            metavar="FILE",
            help=_(
                "The office's public keys (certificates.pub, as published): check the "
                "signature with these, with or without the programme folder. Repeatable."
            ),
            show_default=False,
        ),
    ] = None,
    revoked: Annotated[
        list[Path] | None,
        typer.Option(
            "--revoked",
            metavar="FILE",
            help=_(
                "A revocation list the office published (`ukm certificate revoked`). Repeatable."
            ),
            show_default=False,
        ),
    ] = None,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Say whether a certificate is genuine and valid, and what it certifies."""
    from ukmtool.core.certificates import verifying
    from ukmtool.render.commands import certificate as view

    as_json = output_format is TextFormat.json
    verdicts = verifying.verify_asked(
        what,
        key_files=key or [],
        list_files=revoked or [],
        programme=_programme_for_verify(ctx, bool(key), quiet=as_json),
    )
    valid = all(v.valid for v in verdicts)
    try:
        view.show_verdicts(verdicts, as_json=as_json)
    except OSError as exc:  # the reader has gone (`| head -1`): the verdict still decides
        from ukmtool import streams

        if not streams.is_closed_pipe(exc):
            raise
        streams.silence_stdout()
        raise typer.Exit(0 if valid else 1) from None
    if not valid:
        raise typer.Exit(1)


def _programme_for_verify(ctx: typer.Context, has_key: bool, *, quiet: bool) -> "Programme | None":
    """The folder's programme when there is one; errors in files verify does not read ignored."""
    from ukmtool.commands.common import load_result
    from ukmtool.errors import FolderNotFoundError

    try:
        folder = state(ctx).folder()
    except FolderNotFoundError:
        if has_key:
            return None
        raise
    result = load_result(ctx, quiet=quiet)
    return result.usable(
        _("The programme folder's register cannot be read; nothing was verified."),
        _("Fix what is listed (`ukm check`), or verify with --key alone, outside the folder."),
        relied_on=[folder.program, folder.certificates],
    )


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


@app.command(
    "revoked",
    help=_(
        "Write the programme's signed revocation list, for `verify --revoked` anywhere "
        "(publish it beside certificates.pub)."
    ),
)
def revoked_list(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_("The file to write, such as revoked.json."),
            show_default=False,
        ),
    ],
) -> None:
    """Write the signed list of revoked certificates."""
    from ukmtool.core.certificates import keys, revocation
    from ukmtool.core.certificates.claims import office_of
    from ukmtool.core.clock import today
    from ukmtool.core.files import store
    from ukmtool.core.files.report_file import write_report
    from ukmtool.render.commands import certificate as view

    programme = load_clean(ctx)
    folder = programme.folder
    office = office_of(programme.settings)
    with store.locked(folder.root):
        key = keys.signing_key(folder, office, today())
    gone = [(c.number, c.revoked.date) for c in programme.certificates if c.revoked is not None]
    data = revocation.make(
        key.private,
        key.kid,
        office=office,
        programme=programme.settings.name,
        revoked=gone,
        today=today(),
    )
    write_report(output, data, folder=folder.root, mode_like=folder.program)
    view.show_revocation_list(len(gone), output)


key_app = typer.Typer(
    name="key",
    help=_("The office's key that signs certificates."),
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(key_app)


@key_app.command(
    "new",
    help=_(
        "Make a new key pair: the private key in your own config folder, the public key "
        "first in certificates.pub (older keys kept, so old certificates still verify)."
    ),
)
def key_new(ctx: typer.Context) -> None:
    """Make the office's key (or replace a lost one)."""
    from ukmtool.core.certificates import keys
    from ukmtool.core.certificates.claims import office_of
    from ukmtool.core.clock import today
    from ukmtool.core.files import store
    from ukmtool.render.commands import certificate as view

    programme = load_clean(ctx)
    folder = programme.folder
    with store.locked(folder.root):
        fp, path, published = keys.new_key(folder, office_of(programme.settings), today())
    view.show_new_key(fp, path, folder.public_keys, len(published) - 1)
