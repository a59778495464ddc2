"""Where a report written with ``--output`` lands, judged by the file, not by its name.

A name can lie: ``r.csv`` may be a symlink or a hard link to participants.yaml,
``-o /dev/null`` names a device, ``-o pipe.csv`` a FIFO.  The target is
resolved and looked at (its type, its device and inode) before anything is
written:

- a regular file (or a new one) is replaced atomically (``store.atomic_write``),
  unless it is one of the programme folder's files (same device and inode,
  whatever the name or the links) or its real name ends in ``.yaml``/``.yml``;
  of the folder's files, only what ukm wrote itself and nobody changed since
  may be replaced (:func:`is_own_output`: a PDF carrying ukm's mark, a
  workbook ukm made), so that printing a sheet again in the programme folder
  replaces the old print;
- a FIFO, a terminal or another character device (``/dev/null``,
  ``/dev/stdout``) is written into, never replaced, so that a device node is
  never turned into a regular file holding participants' data;
- a file reached through ``/proc`` (``/dev/stdout`` redirected to a file) is
  appended to, as the shell's own redirection would;
- a block device, a socket or a folder is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from ukmtool.errors import UsageError, WriteError
from ukmtool.i18n import _

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FOLDER_ENTRIES = 20_000  # a programme folder holds tens of files; stop looking after this

PDF_MARK = b"%\xf5\xeb\xed\x80"
"""The binary comment line of a PDF ukm wrote: ``ukm`` with the high bit set (``mark_pdf``)."""
_BINARY_LINE = re.compile(rb"%PDF-[12]\.[0-9]\r?\n(%[\x80-\xff]{4})\r?\n")
_SIGNER_NAME = b"ukm"
"""The application named in the ``/Prop_Build`` of a signature ukm adds (``render/pades``)."""
_SIGNED_WINDOW = 64 * 1024
"""The end of a PDF read for ukm's signature revision (about 18 kB: the signature's room)."""
_UKM_SIGNATURE = re.compile(
    rb"/Prop_Build\s*<<\s*/App\s*<<\s*/Name\s*/" + _SIGNER_NAME + rb"[\s/>]"
)
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*0\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]")
# CMS signed attribute messageDigest (OID 1.2.840.113549.1.9.4), a SET of one 32-byte
# OCTET STRING (SHA-256, the digest ukm signs with), in its only DER encoding
_MESSAGE_DIGEST = re.compile(
    re.escape(bytes.fromhex("06092a864886f70d01090431220420")) + rb"(.{32})", re.DOTALL
)
_XLSX_CREATOR = "ukm"
"""``dc:creator`` of a workbook ukm writes (``render/formats/xlsx``)."""
_MAX_CORE_XML = 64 * 1024


def refuse_target(path: Path, folder: Path | None = None) -> os.stat_result | None:
    """Raise :class:`UsageError` when a report must not be written to ``path``.

    Returns the target's status (links followed), or None when it does not exist yet.
    """
    name = str(path)
    try:
        real = Path(os.path.realpath(path))
        found: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        found = None
    except (OSError, ValueError) as exc:  # a name the system refuses: too long, a NUL ...
        raise UsageError(
            _("Cannot write to {path}: {reason}.").format(
                path=name, reason=getattr(exc, "strerror", None) or exc
            ),
            hint=_("Choose a shorter or simpler file name."),
        ) from None
    if path.suffix.lower() in YAML_SUFFIXES or real.suffix.lower() in YAML_SUFFIXES:
        raise UsageError(
            _("ukm does not write reports over YAML files ({name}).").format(
                name=(real if real.suffix.lower() in YAML_SUFFIXES else path).name
            ),
            hint=_("Choose a file name ending in .csv, .json, .md, .xlsx, .pdf or .txt."),
        )
    if found is None:
        return None
    if stat.S_ISDIR(found.st_mode):
        raise UsageError(
            _("{path} is a folder.").format(path=name),
            hint=_("Give a file name, for example {path}/report.xlsx.").format(path=name),
        )
    if not (
        stat.S_ISREG(found.st_mode) or stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode)
    ):
        raise UsageError(
            _("{path} is neither a file, a pipe nor a terminal: ukm does not write there.").format(
                path=name
            ),
            hint=_("Choose a file name ending in .csv, .json, .md, .xlsx, .pdf or .txt."),
        )
    if (
        folder is not None
        and stat.S_ISREG(found.st_mode)
        and (found.st_dev, found.st_ino) in folder_identities(folder)
        and not is_own_output(path)
    ):
        if _plain_file(path, found):
            raise UsageError(
                _(
                    "{path} is already a file of the programme folder, and not a PDF or workbook "
                    "ukm wrote that nobody changed since: ukm does not write over it."
                ).format(path=name),
                hint=_(
                    "Choose another name; or, if it is an old report of ukm's, delete it first. "
                    "ukm replaces only the PDFs and workbooks it wrote itself."
                ),
            )
        raise UsageError(
            _(
                "{path} is a file of the programme folder (through a link or under another "
                "name): ukm does not write reports over it."
            ).format(path=name),
            hint=_("Choose a new file name outside the programme's own files."),
        )
    return found


def _plain_file(path: Path, found: os.stat_result) -> bool:
    """Whether ``path`` is a file of its own (no link to it, no other name)."""
    try:
        return not os.path.islink(path) and found.st_nlink == 1
    except OSError:
        return False


def mark_pdf(data: bytes) -> bytes:
    """``data`` (a PDF) with ukm's mark as its binary comment line, when it has one to replace.

    The line (``%`` and four bytes of 128 or more, which PDF asks of a file
    holding binary data) keeps its length, so no offset in the file moves.
    """
    found = _BINARY_LINE.match(data)
    if found is None:
        return data
    start, end = found.span(1)
    return data[:start] + PDF_MARK + data[end:]


def mark_pdf_file(path: Path) -> None:
    """Put ukm's mark into the PDF at ``path`` in place (see :func:`mark_pdf`)."""
    with open(path, "r+b") as handle:
        head = handle.read(32)
        found = _BINARY_LINE.match(head)
        if found is not None:
            handle.seek(found.start(1))
            handle.write(PDF_MARK)


def is_own_output(path: Path) -> bool:
    """Whether ``path`` is a document ukm wrote and nothing changed since (read in bounds).

    A PDF with ukm's mark and no later revision appended (an editor's
    incremental save, someone's signature), or with exactly one: the PAdES
    signature ukm itself added (``--sign``, :func:`_signed_by_ukm`); a
    workbook whose creator is ukm, never saved again (no ``lastModifiedBy``
    but ukm, no revision count).  Anything else, and anything that cannot be
    read, is not ukm's.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(32)
            if head.startswith(b"%PDF-"):
                found = _BINARY_LINE.match(head)
                if found is None or found.group(1) != PDF_MARK:
                    return False
                size = os.fstat(handle.fileno()).st_size
                handle.seek(max(size - 2048, 0))
                tail = handle.read()
                if b"/Prev" not in tail and tail.count(b"%%EOF") == 1:
                    return True
                return _signed_by_ukm(handle, size)
            if head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".xlsx":
                return _own_workbook(handle)
    except (OSError, ValueError):
        return False
    return False


def _signed_by_ukm(handle: BinaryIO, size: int) -> bool:
    """Whether the PDF in ``handle`` is ukm's output and then ukm's signature, and nothing else.

    Two revisions and no more: the first with no ``/Prev`` (as ukm wrote it;
    its mark is checked by the caller), the second one revision appended
    whose signature names ukm as the application that made it
    (``/Prop_Build``, inside what the signature covers), covers every byte of
    the file but its own ``/Contents`` (``/ByteRange`` to the end), and whose
    signed SHA-256 digest is the digest of those bytes: so no byte changed
    since ukm signed.  Whose certificate signed is not judged here (``ukm
    certificate verify`` and a PDF reader do that).
    """
    window = min(size, _SIGNED_WINDOW)
    base = size - window
    handle.seek(base)
    tail = handle.read(window)
    ends = [found.start() for found in re.finditer(rb"%%EOF", tail)]
    if len(ends) != 2 or (base > 0 and ends[0] < 2048):
        return False
    first = ends[0]
    if b"/Prev" in tail[max(first - 2048, 0) : first]:  # the first revision: none before it
        return False
    update = tail[first:]
    ranges = _BYTE_RANGE.search(update)
    if update.count(b"/Prev") != 1 or ranges is None or not _UKM_SIGNATURE.search(update):
        return False
    start, after, length = (int(n) for n in ranges.groups())
    if not base + first < start < after <= size or after + length != size:
        return False
    contents = tail[start - base : after - base]
    if not (contents.startswith(b"<") and contents.endswith(b">")):
        return False
    try:
        signature = bytes.fromhex(contents[1:-1].decode("ascii"))
    except ValueError:
        return False
    signed = _MESSAGE_DIGEST.search(signature)
    if signed is None:
        return False
    digest = hashlib.sha256()
    for begin, end in ((0, start), (after, size)):
        handle.seek(begin)
        left = end - begin
        while left > 0:
            chunk = handle.read(min(left, 1 << 20))
            if not chunk:
                return False
            digest.update(chunk)
            left -= len(chunk)
    return hmac.compare_digest(digest.digest(), signed.group(1))


def _own_workbook(handle: BinaryIO) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(handle) as book:
            info = book.getinfo("docProps/core.xml")
            if info.file_size > _MAX_CORE_XML:
                return False
            core = book.read(info).decode("utf-8", "replace")
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, RuntimeError):
        return False
    creator = re.search(r"<dc:creator[^>]*>([^<]*)</dc:creator>", core)
    saved_by = re.findall(r"<cp:lastModifiedBy[^>]*>([^<]*)</cp:lastModifiedBy>", core)
    # Excel and LibreOffice name who saved the file last, and count revisions; ukm
    # names itself (XlsxWriter writes the author in both places) and counts nothing
    return (
        creator is not None
        and creator.group(1) == _XLSX_CREATOR
        and all(name == _XLSX_CREATOR for name in saved_by)
        and core.count("lastModifiedBy") == 2 * len(saved_by)
        and "revision" not in core
    )


def folder_identities(folder: Path) -> set[tuple[int, int]]:
    """(device, inode) of every file in the programme folder, and of what its links point to."""
    seen: set[tuple[int, int]] = set()
    count = 0
    for directory, _dirs, files in os.walk(folder):
        for file in files:
            count += 1
            if count > MAX_FOLDER_ENTRIES:
                return seen
            full = os.path.join(directory, file)
            for look in (os.lstat, os.stat):
                with contextlib.suppress(OSError):
                    found = look(full)
                    seen.add((found.st_dev, found.st_ino))
    return seen


def write_report(
    path: Path,
    data: bytes | Callable[[Path], None],
    *,
    folder: Path | None,
    mode_like: Path | Sequence[Path] | None = None,
) -> None:
    """Write a report to ``path`` as :func:`refuse_target` allows (see the module).

    ``data`` is the bytes, or a function that writes them into the file at the
    path it is given (``store.Fill``: a PDF another process joins); either way
    ``path`` gets all of it or nothing.
    """
    from ukmtool.core.files.store import atomic_write

    found = refuse_target(path, folder)
    if found is None or (stat.S_ISREG(found.st_mode) and not _through_proc(path)):
        atomic_write(path, data, mode_like=mode_like)
        return
    if callable(data):  # a pipe or a device: made whole aside first, then written in
        aside = Path(tempfile.mkdtemp(prefix="ukm-out-"))
        try:
            data(aside / "out")
            data = (aside / "out").read_bytes()
        finally:
            shutil.rmtree(aside, ignore_errors=True)
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISREG(found.st_mode):
        flags |= os.O_APPEND
    try:
        fd = os.open(path, flags)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    except OSError as exc:
        from ukmtool.core.files.store import _write_failure, _write_hint

        raise WriteError(_write_failure(path, exc), hint=_write_hint(exc)) from None


def _through_proc(path: Path) -> bool:
    """Whether ``path`` names an open file of a process (``/dev/stdout``, ``/dev/fd/3``)."""
    return os.path.realpath(path).startswith("/proc/")
