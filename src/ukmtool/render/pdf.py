"""Printed documents: Typst templates and JSON payloads made into PDFs, at any size.

The templates ship in ``ukmtool/templates/``; a programme folder's own
``templates/`` replaces any of them file by file (``typesetting/stage.py``).
The data goes in as JSON through ``sys.inputs.data`` and the templates read
it with ``json(bytes(...))``: no text from the folder is ever pasted into
template source, so a business called ``#set page(...)`` prints as written.

**How a document is made.**  A :class:`Printer` starts one Typst child
process for the command (``typesetting/child.py``, ``typesetting/worker.py``)
as soon as it is made, so its start-up overlaps the loading of the folder.
Every compile runs there: Ctrl-C kills it at once (ukm exits 130 and leaves
no file, no temporary folder, no process), a compile that runs longer than
``UKM_TEMPLATE_TIMEOUT`` seconds (default 120) is stopped with a message
naming the template, and one that needs more than ``UKM_TEMPLATE_MEMORY`` MB
of address space (default 2048; POSIX) is stopped with a message too, never
a crash.  The finished PDF replaces its target in one rename.

**The part protocol** (for whoever writes a template with a long list).  A
document is a list of :class:`Section` (one template, its data, its long
list of ``rows``).  ukm hands the rows to the template a part at a time
(:data:`~ukmtool.render.typesetting.parts.PART_ROWS`, about twenty pages),
as ``data.rows``, with ``data.part``:

- ``first``: this part begins the section (print the heading);
- ``last``: this part ends it (print what comes after the list: totals,
  blank rows, signatures);
- ``page``: the number of the part's first page (``counter(page).update``);
- ``start``: the index of the part's first row in the whole list;
- ``total``: the number of rows in the whole list.

The template imports ``parts.typ`` and does two things: it marks each row
with ``#row-mark(i)`` (``i`` the row's index in ``data.rows``, inside the
row's first cell, rows unbreakable), and after the rows it calls
``#part-cut()``, which in a part that is not the last records where the last
page begins (metadata ``<ukm-cut>``: the first row on that page, and the
page).  ukm drops that page, starts the next part at that row, and joins the
parts (``typesetting/joiner``, a part at a time), so every page is full and
nothing shows where parts meet.
A part whose rows all land on its last page is compiled again with twice as
many.  A template that breaks the protocol (no cut, or marks out of order)
stops with a message naming it.  ``Section(cut=False)`` is for a template
whose every row fills whole pages of its own (a certificate a page): its
parts are joined as they are.  A document without a long list is one
section with no rows, compiled once, its data as given (``data.part`` is
added, ``data.rows`` is not).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ukmtool.core.files.report_file import mark_pdf, mark_pdf_file
from ukmtool.core.folder import Folder
from ukmtool.errors import UsageError
from ukmtool.i18n import _
from ukmtool.render.typesetting.child import Child
from ukmtool.render.typesetting.parts import (
    PART_ROWS,
    Limits,
    Part,
    Progress,
    Section,
    Typesetter,
    remove_parts,
)
from ukmtool.render.typesetting.stage import Stage, shipped_templates

__all__ = ["PART_ROWS", "Printer", "Section", "render_pdf", "shipped_templates", "write_pdf"]

TIMEOUT_VAR = "UKM_TEMPLATE_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
"""Seconds one compile (one part of a document) may run."""
MEMORY_VAR = "UKM_TEMPLATE_MEMORY"
DEFAULT_MEMORY_MB = 2048
"""Megabytes of address space the Typst process may take (POSIX)."""


def limits() -> Limits:
    """The time and memory limits: ``$UKM_TEMPLATE_TIMEOUT``, ``$UKM_TEMPLATE_MEMORY``."""
    seconds = _setting(TIMEOUT_VAR, DEFAULT_TIMEOUT, _("Set it to 120, for example, or unset it."))
    memory = _setting(MEMORY_VAR, DEFAULT_MEMORY_MB, _("Set it to 2048, for example, or unset it."))
    return Limits(seconds or None, int(memory) or None)


def _setting(name: str, default: float, hint: str) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise UsageError(
            _("{var} must be a number, not '{value}'.").format(var=name, value=raw), hint=hint
        )
    return value


class Printer:
    """The PDFs of one command (see the module): use it as a context manager."""

    def __init__(self) -> None:
        self.limits = limits()
        memory = self.limits.memory_mb
        self.child = Child(memory * 1024 * 1024 if memory else None)
        self.stages: dict[Path, Stage] = {}
        self.first_title: str | None = None
        """The title of the last document's first section (its PDF title, unless given)."""

    def __enter__(self) -> Printer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.child.close()
        else:
            self.child.kill()
        for stage in self.stages.values():
            stage.remove()
        self.stages.clear()

    def typesetter(self, folder: Folder) -> Typesetter:
        """A typesetter for ``folder``'s documents (their stage made once for the command).

        For a caller that compiles sections one at a time and uses each part
        as it comes (certificates: a batch compiled, then split into files).
        """
        stage = self.stages.get(folder.root)
        if stage is None:
            stage = self.stages[folder.root] = Stage(folder)
        return Typesetter(self.child, stage, self.limits)

    def parts(
        self, sections: Iterable[Section], folder: Folder, progress: Progress | None = None
    ) -> tuple[Typesetter, list[Part]]:
        """Every section compiled, in order; the parts to join."""
        typesetter = self.typesetter(folder)
        found: list[Part] = []
        self.first_title = None
        for section in sections:
            if self.first_title is None:
                self.first_title = _title(section.data)
            found.extend(typesetter.section(section, progress))
        return typesetter, found

    def pdf(self, sections: Iterable[Section], folder: Folder, title: str | None = None) -> bytes:
        """The document's bytes (for what goes on through ``render/output``: a report)."""
        typesetter, parts = self.parts(sections, folder)
        title = title or self.first_title
        out = typesetter.stage.root / f"joined-{typesetter.count}.pdf"
        typesetter.count += 1
        try:
            typesetter.join(parts, out, title)
            return mark_pdf(out.read_bytes())  # ukm's: printing again in the folder replaces it
        finally:
            remove_parts(parts)
            out.unlink(missing_ok=True)

    def write(
        self,
        target: Path,
        sections: Iterable[Section],
        folder: Folder,
        *,
        title: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Make the document and write it to ``target`` all at once; say where."""
        from ukmtool.core.files.report_file import refuse_target, write_report

        refuse_target(target, folder.root)  # before the work: a wrong target fails at once
        typesetter, parts = self.parts(sections, folder, progress)
        title = title or self.first_title
        try:
            write_report(
                target,
                lambda path: _join(typesetter, parts, path, title),
                folder=folder.root,
                mode_like=folder.participants,
            )
        finally:
            remove_parts(parts)
        _wrote(target)

    def write_each(self, section: Section, targets: Sequence[Path], folder: Folder) -> None:
        """One file per page of ``section`` (``cut=False``, a row a page): ``targets[i]``.

        Each file is written to a temporary name beside its target and renamed
        when complete; the files are written, then all renamed.
        """
        from ukmtool.core.files.store import new_file_mode

        typesetter = self.typesetter(folder)
        parts = typesetter.section(section)
        temps = [t.with_name(f".{t.name}.{os.getpid()}.ukm-tmp") for t in targets]
        done = 0
        try:
            for part in parts:
                typesetter.split(part, temps[done : done + part.pages])
                done += part.pages
            mode = new_file_mode([folder.participants])
            for temp in temps:
                mark_pdf_file(temp)
                _durable(temp, mode)
            for temp, target in zip(temps, targets, strict=True):
                os.replace(temp, target)
        finally:
            remove_parts(parts)
            for temp in temps:
                temp.unlink(missing_ok=True)


def _durable(path: Path, mode: int) -> None:
    os.chmod(path, mode)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _join(typesetter: Typesetter, parts: Sequence[Part], out: Path, title: str | None) -> None:
    typesetter.join(parts, out, title)
    mark_pdf_file(out)  # ukm's: printing again in the programme folder replaces it


def render_pdf(template: str, payload: Mapping[str, Any], folder: Folder) -> bytes:
    """The PDF of ``template`` (``report``, ``certificate``) filled with ``payload``.

    One section without rows (the payload as it is), compiled once in a Typst
    child of its own.
    ``payload``'s ``letterhead.logo``, when set, is a path relative to the
    folder.  Raises :class:`DataError` naming the template file and line when
    a template does not compile, runs too long or takes too much memory.
    """
    with Printer() as printer:
        return printer.pdf([Section(template, payload)], folder, _title(payload))


def _title(payload: Mapping[str, Any]) -> str | None:
    title = payload.get("title")
    if isinstance(title, str) and title:
        return title
    head = payload.get("letterhead")
    programme = head.get("programme") if isinstance(head, Mapping) else None
    return programme if isinstance(programme, str) else None


def write_pdf(target: Path, pdf: bytes, folder: Folder) -> None:
    """Write a finished PDF all at once (no partial file, ever) and say where.

    A new file is no more readable than the folder's participants.yaml: a
    printed document names people; no file of the programme folder is ever
    written over, whatever name or link leads to it.
    """
    from ukmtool.core.files.report_file import write_report

    # marked as ukm's: printing it again in the programme folder replaces it
    write_report(target, mark_pdf(pdf), folder=folder.root, mode_like=folder.participants)
    _wrote(target)


def _wrote(target: Path) -> None:
    from rich.text import Text

    from ukmtool.render.console import clean, console

    console(stderr=True).print(
        Text(_("Wrote {path}.").format(path=clean(str(target)))), soft_wrap=True
    )
