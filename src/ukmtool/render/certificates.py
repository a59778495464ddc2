"""The PDFs of certificates: made in batches, written under temporary names, then put in place.

Certificates are compiled a batch at a time (:data:`BATCH`: one Typst compile
for a hundred pages costs about what ten single ones do) and, for one file
each, split into their pages with pikepdf.  The order keeps the register
honest (issue 26): every PDF is made complete and durable under a temporary
name beside its target first; the caller then records the numbers; only then
are the files renamed into place (:meth:`Prepared.publish`).  A failure or
Ctrl-C before the record removes the temporary files and records nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ukmtool.core.certificates.issued import Found
from ukmtool.core.files.report_file import mark_pdf, refuse_target
from ukmtool.core.files.store import new_file_mode
from ukmtool.core.programme import Programme
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, WriteError
from ukmtool.i18n import _
from ukmtool.render.typesetting.stage import TEMPLATES_DIR

BATCH = 100
"""Certificates compiled together."""
ONE_FILE = "sertifikat.pdf"
TEMPLATE_FILE = "certificate.typ"
_OLD_KEYS = (
    ("qr", re.compile(r"\.qr\b(?![_-])|\.at\(\s*\"qr\"")),
    ("data.certificates", re.compile(r"\bdata\.certificates\b|\.at\(\s*\"certificates\"")),
    ("data.head", re.compile(r"\bdata\.(?:head|officer)\b")),
)
"""What a template written before certificates were signed reads, and the current one does not."""

Signer = Callable[[bytes], bytes]
"""Signs one finished PDF (PAdES), or None."""


@dataclass
class Prepared:
    """PDFs made and durable under temporary names, waiting to be put in place."""

    moves: list[tuple[Path, Path]] = field(default_factory=list)

    def publish(self) -> list[Path]:
        """Rename every file into place; the targets."""
        for temp, target in self.moves:
            os.replace(temp, target)
        if self.moves:
            _sync_folder(self.moves[0][1].parent)
        done = [target for _temp, target in self.moves]
        self.moves = []
        return done

    def discard(self) -> None:
        """Remove the temporary files (a failure before the record)."""
        for temp, _target in self.moves:
            with contextlib.suppress(OSError):
                temp.unlink()
        self.moves = []


def prepare(
    programme: Programme,
    chosen: Sequence[tuple[Found, str]],
    kid: str,
    target: Path,
    *,
    today: date,
    one_file: bool,
    mark_reprint: bool,
    sign: Signer | None = None,
) -> Prepared:
    """Make the PDFs of ``chosen`` (certificate, QR text) in ``target``, not yet in place."""
    from ukmtool.core.documents.certificate import certificates_payload, file_name

    refuse_old_template(programme.folder.root)
    _make_folder(target)
    names = [ONE_FILE] if one_file else [file_name(f.certificate.number) for f, _qr in chosen]
    targets = [target / name for name in names]
    for path in targets:
        refuse_target(path, programme.folder.root)
    prepared = Prepared()
    mode = new_file_mode([programme.folder.participants])
    try:
        batches = [chosen[i : i + BATCH] for i in range(0, len(chosen), BATCH)]
        pdfs: list[bytes] = []
        for batch in batches:
            payload = certificates_payload(programme, batch, today, kid, mark_reprint=mark_reprint)
            pdf = _compile(payload, programme)
            pdfs.append(pdf)
            if not one_file:
                pages = _split(pdf, [f.certificate.number for f, _qr in batch], programme)
                for page, (found, _qr) in zip(pages, batch, strict=True):
                    path = target / file_name(found.certificate.number)
                    own = mark_pdf(page)  # ukm's: printing again here replaces it
                    _durable(prepared, path, sign(own) if sign else own, mode)
        if one_file:
            whole = mark_pdf(pdfs[0] if len(pdfs) == 1 else _join(pdfs, programme))
            _durable(prepared, targets[0], sign(whole) if sign else whole, mode)
    except BaseException:
        prepared.discard()
        raise
    return prepared


def refuse_old_template(root: Path) -> None:
    """Refuse the folder's own ``certificate.typ`` when it was written for an older ukm.

    Before certificates were signed, the template drew the QR code square by
    square from ``qr`` (rows of 1 and 0), found the certificates in
    ``data.certificates`` and the signer in ``data.head``; it now gets the
    signed code as one SVG image (``qr_svg``, ``qr_mm``), the certificates a
    batch at a time in ``data.rows`` and the signature block in each
    certificate's ``signature``.  An old copy would stop in Typst with a word
    about a missing key; this names the file, what it reads, and what to do.
    """
    own = root / TEMPLATES_DIR / TEMPLATE_FILE
    try:
        text = own.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return  # none of its own (or unreadable: the compile says so)
    code = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    found = [name for name, pattern in _OLD_KEYS if pattern.search(code)]
    if not found:
        return
    message = _(
        "The folder's own {name} was written for an older ukm: it reads {keys}, which "
        "certificates no longer carry (the signed QR code is qr_svg, an SVG image, and the "
        "certificates are data.rows)."
    ).format(name=TEMPLATE_FILE, keys=", ".join(found))
    hint = _(
        "Copy ukm's {name} over it and make the office's changes again (the printing guide "
        "says where ukm's templates are), or delete it to print ukm's own."
    ).format(name=TEMPLATE_FILE)
    raise DataError(
        _("The certificates could not be made; nothing was issued or printed."),
        [Diagnostic(Severity.ERROR, own, None, None, message, hint)],
    )


def _compile(payload: dict[str, object], programme: Programme) -> bytes:
    from ukmtool.render.pdf import render_pdf

    return render_pdf("certificate", payload, programme.folder)


def _split(pdf: bytes, numbers: Sequence[str], programme: Programme) -> list[bytes]:
    """Each page of ``pdf`` as a PDF of its own, titled with its certificate's number."""
    import pikepdf

    title = _("Certificate") + " — " + programme.settings.name
    found: list[bytes] = []
    with pikepdf.open(io.BytesIO(pdf)) as whole:
        if len(whole.pages) != len(numbers):
            raise WriteError(
                _(
                    "The certificate template made {pages} pages for {count} certificates; "
                    "it must make one page each."
                ).format(pages=len(whole.pages), count=len(numbers)),
                hint=_("Shorten what a certificate holds, or fix the folder's own template."),
            )
        for page, number in zip(whole.pages, numbers, strict=True):
            single = pikepdf.new()
            single.pages.append(page)
            single.docinfo["/Title"] = f"{title} — {number}"
            buffer = io.BytesIO()
            single.save(buffer)
            found.append(buffer.getvalue())
    return found


def _join(pdfs: Sequence[bytes], programme: Programme) -> bytes:
    import pikepdf

    whole = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    try:
        for part in opened:
            whole.pages.extend(part.pages)
        whole.docinfo["/Title"] = _("Certificate") + " — " + programme.settings.name
        buffer = io.BytesIO()
        whole.save(buffer)
        return buffer.getvalue()
    finally:
        for part in opened:
            part.close()


def _durable(prepared: Prepared, target: Path, data: bytes, mode: int) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.ukm-tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
        prepared.moves.append((temp, target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise WriteError(
            _("Cannot write {path}: {reason}.").format(path=target, reason=exc.strerror or exc)
        ) from None


def _make_folder(target: Path) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot make the folder {path}: {reason}.").format(
                path=target, reason=exc.strerror or exc
            )
        ) from None


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
