"""The PDFs of certificates: made in batches by the command's Typst process, then put in place.

The certificates go through the Typst machinery every printed document uses
(``render/pdf.Printer``): one child process for the command, compiling
:data:`BATCH` certificates a time (one compile of a hundred pages costs
about what ten single ones do), each batch a section whose rows are made
only when it is compiled (``core/documents/certificate.Pages``), so memory
stays flat however many there are.  For one file each, a batch's PDF is
split into its pages there; for one file in all, the batches are joined
there, straight into the file.

The order keeps the register honest (issue 26): every PDF is made complete
and durable under a temporary name beside its target first (``prepare``);
the caller then records the numbers; only then are the files renamed into
place (:meth:`Prepared.publish`).  A failure or Ctrl-C before the record
removes the temporary files (and the Typst process) and records nothing;
from the end of ``prepare`` to the end of ``publish`` (the record and the
renames: milliseconds) Ctrl-C is held back, so it cannot land between a
number recorded and its file.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from ukmtool.core.certificates.issued import Found
from ukmtool.core.documents.certificate import Pages, file_name
from ukmtool.core.files.report_file import mark_pdf_file, refuse_target
from ukmtool.core.files.store import new_file_mode
from ukmtool.core.programme import Programme
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError, WriteError
from ukmtool.i18n import _
from ukmtool.render.pdf import Printer, Section
from ukmtool.render.typesetting.parts import Part, Progress, remove_parts
from ukmtool.render.typesetting.stage import TEMPLATES_DIR

BATCH = 100
"""Certificates compiled together."""
ONE_FILE = "sertifikat.pdf"
TEMPLATE = "certificate"
TEMPLATE_FILE = TEMPLATE + ".typ"
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
    """PDFs made and durable under temporary names, waiting to be put in place.

    While it waits, Ctrl-C is held back (:meth:`hold`) and given back by
    :meth:`publish` or :meth:`discard`, whichever comes first.
    """

    moves: list[tuple[Path, Path]] = field(default_factory=list)
    _held: Any = None
    _interrupted: bool = False

    def hold(self) -> None:
        """Hold Ctrl-C back until the files are put in place or thrown away."""
        with contextlib.suppress(ValueError):  # not the main thread: nothing to hold
            self._held = signal.signal(signal.SIGINT, self._note)

    def _note(self, _signum: int, _frame: FrameType | None) -> None:
        self._interrupted = True

    def _release(self) -> None:
        if self._held is not None:
            signal.signal(signal.SIGINT, self._held)
            self._held = None
        if self._interrupted:
            self._interrupted = False
            raise KeyboardInterrupt

    def publish(self) -> list[Path]:
        """Rename every file into place; the targets."""
        try:
            for temp, target in self.moves:
                os.replace(temp, target)
            if self.moves:
                _sync_folder(self.moves[0][1].parent)
            done = [target for _temp, target in self.moves]
            self.moves = []
        finally:
            self._release()
        return done

    def discard(self) -> None:
        """Remove the temporary files (a failure before the record)."""
        try:
            for temp, _target in self.moves:
                with contextlib.suppress(OSError):
                    temp.unlink()
            self.moves = []
        finally:
            self._release()


def prepare(
    printer: Printer,
    programme: Programme,
    chosen: Sequence[tuple[Found, str]],
    kid: str,
    target: Path,
    *,
    today: date,
    one_file: bool,
    mark_reprint: bool,
    sign: Signer | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Make the PDFs of ``chosen`` (certificate, QR text) in ``target``, not yet in place."""
    refuse_old_template(programme.folder.root)
    _make_folder(target)
    names = [ONE_FILE] if one_file else [file_name(f.certificate.number) for f, _qr in chosen]
    targets = [target / name for name in names]
    for path in targets:
        refuse_target(path, programme.folder.root)
    pages = Pages(programme, chosen, today, kid, mark_reprint=mark_reprint)
    prepared = Prepared()
    mode = new_file_mode([programme.folder.participants])
    try:
        if one_file:
            _one_file(printer, programme, pages, targets[0], prepared, progress)
        else:
            _each(printer, programme, pages, targets, prepared, progress)
        for temp, _target in prepared.moves:
            _durable(temp, mode, sign)
        prepared.hold()
    except BaseException:
        prepared.discard()
        raise
    return prepared


def _each(
    printer: Printer,
    programme: Programme,
    pages: Pages,
    targets: list[Path],
    prepared: Prepared,
    progress: Progress | None,
) -> None:
    """A file a certificate: each batch compiled, then split into its pages' files."""
    typesetter = printer.typesetter(programme.folder)
    total = len(pages)
    for start in range(0, total, BATCH):
        end = min(start + BATCH, total)
        parts = typesetter.section(_section(pages, start, end))
        try:
            part = _one_part(parts, end - start)
            temps = [_temp(t) for t in targets[start:end]]
            prepared.moves += zip(temps, targets[start:end], strict=True)
            typesetter.split(part, temps)
        finally:
            remove_parts(parts)
        if progress is not None:
            progress(end, total)


def _one_file(
    printer: Printer,
    programme: Programme,
    pages: Pages,
    target: Path,
    prepared: Prepared,
    progress: Progress | None,
) -> None:
    """Every certificate in one file: the batches compiled, then joined into it."""
    typesetter = printer.typesetter(programme.folder)
    total = len(pages)
    found: list[Part] = []
    try:
        for start in range(0, total, BATCH):
            end = min(start + BATCH, total)
            parts = typesetter.section(_section(pages, start, end))
            found += parts
            _one_part(parts, end - start)
            if progress is not None:
                progress(end, total)
        temp = _temp(target)
        prepared.moves.append((temp, target))
        typesetter.join(found, temp, str(pages.base["title"]))
    finally:
        remove_parts(found)


def _section(pages: Pages, start: int, end: int) -> Section:
    """The certificates ``start`` to ``end`` as one compile (their pages made now)."""
    return Section(TEMPLATE, {**pages.base, "rows": pages[start:end]}, cut=False)


def _one_part(parts: list[Part], count: int) -> Part:
    """A batch's one part, of one page a certificate, or the template is at fault."""
    pages = sum(part.pages for part in parts)
    if len(parts) != 1 or pages != count:
        raise WriteError(
            _(
                "The certificate template made {pages} pages for {count} certificates; "
                "it must make one page each."
            ).format(pages=pages, count=count),
            hint=_("Shorten what a certificate holds, or fix the folder's own template."),
        )
    return parts[0]


def _temp(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.ukm-tmp")


def refuse_old_template(root: Path) -> None:
    """Refuse the folder's own ``certificate.typ`` when it was written for an older ukm.

    Before certificates were signed, the template drew the QR code square by
    square from ``qr`` (rows of 1 and 0), found the certificates in
    ``data.certificates`` and the signer in ``data.head``; it now gets the
    signed code as one SVG image (``qr_svg``, ``qr_mm``), the certificates a
    batch at a time in ``data.rows`` and the signature in each certificate's
    ``signing``.  An old copy would stop in Typst with a word about a missing
    key; this names the file, what it reads, and what to do.
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


def _durable(path: Path, mode: int, sign: Signer | None) -> None:
    """``path`` marked as ukm's, signed when asked, in the mode of the folder's new files, on disk.

    The mark (``report_file.mark_pdf``) lets printing again in the folder replace it.
    """
    try:
        mark_pdf_file(path)
        if sign is not None:
            signed = sign(path.read_bytes())
            with open(path, "wb") as handle:
                handle.write(signed)
        os.chmod(path, mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteError(
            _("Cannot write {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
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
