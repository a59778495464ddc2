"""A document as sections, each compiled in parts of a few hundred rows, then joined.

Typst holds a whole document's layout in memory (about 3 MB a page), so a
long list is never compiled in one go.  A :class:`Section` is one template,
its data, and its long list (``rows``).  Its rows go ``part_rows`` at a time
into the template with ``data.part`` saying which part this is; a part that
is not the section's last tells where its last page begins (``<ukm-cut>``,
the first row on it, see ``render/pdf.py``), that page is dropped, and the
next part starts at that row, so every page of the joined document is full
and nobody can see where parts meet.  The parts go to files in the stage's
``parts/``; the child joins them into one PDF at the end.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _
from ukmtool.render.typesetting.child import Child, ChildDied, ChildFailed, ChildTimeout
from ukmtool.render.typesetting.stage import Stage

PART_ROWS = 400
"""Rows a part holds by default: about twenty pages of a list, about 150 MB for Typst."""

_WHERE = re.compile(r"┌─ (?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+)")

Progress = Callable[[int, int], None]
"""``progress(done, total)``: rows typeset so far, of all the document's rows."""


@dataclass(frozen=True)
class Section:
    """One run of pages from one template: a sign-in sheet, a report, a batch of certificates.

    ``data`` is the payload (JSON-able); ``rows`` the long list the template
    draws, handed to it a part at a time as ``data.rows`` with ``data.part``.
    ``cut=False`` says every row fills whole pages of its own (a certificate
    a page): parts are then joined as they are, nothing laid out twice.
    """

    template: str
    data: Mapping[str, Any]
    rows: Sequence[Any] = ()
    part_rows: int = PART_ROWS
    cut: bool = True


@dataclass(frozen=True)
class Limits:
    """How long one compile may run (seconds, None: no limit) and the memory it may use."""

    seconds: float | None
    memory_mb: int | None


@dataclass(frozen=True)
class Part:
    """A compiled part: its file and how many of its pages the document keeps."""

    path: Path
    pages: int


class Typesetter:
    """Sections in, PDF parts out, then one joined file (see the module)."""

    def __init__(self, child: Child, stage: Stage, limits: Limits) -> None:
        self.child = child
        self.stage = stage
        self.limits = limits
        self.count = 0

    def section(self, section: Section, progress: Progress | None = None) -> list[Part]:
        """The parts of one section, pages numbered from 1."""
        main = self.stage.require(section.template)
        rows = section.rows
        total = len(rows)
        head = self._head(section.data, keep_rows=total == 0)
        parts: list[Part] = []
        start, page, size = 0, 1, max(1, section.part_rows)
        while True:
            end = min(start + size, total)
            last = end >= total
            want_cut = section.cut and not last
            info = {"first": page == 1, "last": last, "page": page, "start": start, "total": total}
            text = _splice(head, info, rows[start:end] if total else None)
            path = self.stage.parts / f"{self.count:06d}.pdf"
            self.count += 1
            pages, cut = self._compile(main, text, want_cut, path)
            if not want_cut:
                parts.append(Part(path, pages))
                page += pages
                start = end
            else:
                row, cut_page = self._cut(main, cut, end - start, pages)
                if row == 0:  # all of this part's rows are on its last page: take more
                    path.unlink(missing_ok=True)
                    size *= 2
                    continue
                parts.append(Part(path, cut_page - 1))
                page += cut_page - 1
                start += row
                size = max(1, section.part_rows)
            if progress is not None:
                progress(start, total)
            if last:
                return parts

    def join(self, parts: Sequence[Part], out: Path, title: str | None) -> int:
        """The kept pages of ``parts``, in order, into ``out``; the number of pages."""
        job = ("join", [(str(p.path), p.pages) for p in parts], str(out), title)
        try:
            _ok, pages, _cut = self.child.ask(job, None)
        except ChildDied as exc:
            raise self._died(exc, None) from None
        except ChildFailed as exc:
            raise DataError(
                _("The document's parts could not be joined: {reason}.").format(reason=exc.message)
            ) from None
        return int(pages)

    def split(self, part: Part, outs: Sequence[Path]) -> None:
        """Page i of ``part`` alone into ``outs[i]`` (a certificate a file)."""
        try:
            self.child.ask(("split", str(part.path), [str(o) for o in outs]), None)
        except ChildTimeout:  # no limit is given: cannot happen
            raise AssertionError("split timed out") from None
        except ChildDied as exc:
            raise self._died(exc, None) from None
        except ChildFailed as exc:
            raise DataError(
                _("The document could not be split into files: {reason}.").format(
                    reason=exc.message
                )
            ) from None

    def _head(self, data: Mapping[str, Any], *, keep_rows: bool) -> bytes:
        """The section's data as JSON, its logo staged (its own ``rows`` kept when asked)."""
        import orjson

        payload = dict(data)
        head = payload.get("letterhead")
        if isinstance(head, Mapping):
            payload["letterhead"] = self.stage.logos_of(head)
        if not keep_rows:
            payload.pop("rows", None)
        payload.pop("part", None)
        return orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS)

    def _compile(self, main: str, text: str, want_cut: bool, path: Path) -> tuple[int, Any]:
        job = ("compile", str(self.stage.root), main, text, want_cut, str(path), self.stage.fonts)
        try:
            _ok, pages, cut = self.child.ask(job, self.limits.seconds)
        except ChildTimeout:
            raise self._stopped(
                main,
                _("The template {name} ran for more than {seconds} s and was stopped.").format(
                    name=main, seconds=_seconds(self.limits.seconds)
                ),
                _(
                    "A template that loops never ends: fix it, or delete it from the folder's "
                    "templates/ to use ukm's own. To allow more time, set UKM_TEMPLATE_TIMEOUT "
                    "(seconds; 0: no limit)."
                ),
            ) from None
        except ChildDied as exc:
            raise self._died(exc, main) from None
        except ChildFailed as exc:
            raise template_error(exc, main, self.stage.origins) from None
        return int(pages), cut

    def _cut(self, main: str, cut: Any, rows: int, pages: int) -> tuple[int, int]:
        """The first row on the part's last page, and that page (checked)."""
        found = cut[-1] if isinstance(cut, list) and cut else None
        if not isinstance(found, dict) or not isinstance(found.get("row"), int):
            raise self._stopped(
                main,
                _(
                    "The template {name} does not say where the rows of a long document are cut "
                    "into parts."
                ).format(name=main),
                _(
                    "Mark each row with #row-mark(i) and end the rows with #part-cut(), as ukm's "
                    "own templates do (see 'Long documents' in the printing guide), or delete the "
                    "template from the folder's templates/ to use ukm's own."
                ),
            )
        row, page, before = found["row"], found.get("page"), found.get("before")
        if (
            not (0 <= row < rows)
            or row != before
            or not isinstance(page, int)
            or not (1 <= page <= pages)
        ):
            raise self._stopped(
                main,
                _(
                    "The template {name} marks its rows out of order: row {row} on page {page} "
                    "of a part of {rows} rows and {pages} pages."
                ).format(name=main, row=row, page=page, rows=rows, pages=pages),
                _("Number the marks as the rows of data.rows: #row-mark(i) for the i-th row."),
            )
        return row, page

    def _stopped(self, main: str, message: str, hint: str) -> DataError:
        path = self.stage.origin(main)
        own = self.stage.own()
        if own and main not in own:
            message += " " + _("(It uses the folder's own {names}.)").format(names=", ".join(own))
        return DataError(
            _("The document could not be made."),
            [Diagnostic(Severity.ERROR, path, None, None, message, hint)],
        )

    def _died(self, exc: ChildDied, main: str | None) -> DataError:
        if exc.memory and main is not None:
            return self._stopped(
                main,
                _(
                    "The template {name} needed more memory than ukm gives it ({mb} MB) "
                    "and was stopped."
                ).format(name=main, mb=self.limits.memory_mb or "?"),
                _(
                    "A template that builds data without end must be fixed. For a document "
                    "that really needs more, set UKM_TEMPLATE_MEMORY (MB; 0: no limit)."
                ),
            )
        if exc.memory:
            return DataError(
                _("The computer ran out of memory while joining the document's parts."),
                hint=_("Close other programs, or print fewer pages at once."),
            )
        detail = f" ({exc.said})" if exc.said else ""
        return DataError(
            _("The PDF maker (Typst) stopped unexpectedly{detail}.").format(detail=detail),
            hint=_("Run the command again; if it happens again, report it with the command."),
        )


def template_error(exc: ChildFailed, main: str, origins: Mapping[str, Path]) -> DataError:
    """A Typst error as a diagnostic at the template file and line it names."""
    found = _WHERE.search(exc.diagnostic)
    name, line, column = main, None, None
    if found:
        name = Path(found["file"].strip()).name
        line, column = int(found["line"]), int(found["column"])
    path = origins.get(name, origins.get(main, Path(name)))
    message = exc.message.strip()
    text = _("The template {name} has an error: {message}").format(name=path.name, message=message)
    hint = " ".join(exc.hints) or _(
        "Fix the template, or delete it from the folder's templates/ to use ukm's own."
    )
    return DataError(
        _("The document could not be made."),
        [Diagnostic(Severity.ERROR, path, line, column, text, hint)],
    )


def _splice(head: bytes, part: Mapping[str, Any], rows: Sequence[Any] | None) -> str:
    """``{...head, "part": part, "rows": rows}`` as JSON text, the head serialised once.

    Without rows (None), the data keeps what it has (a template of its own shape).
    """
    import orjson

    option = orjson.OPT_NON_STR_KEYS
    tail = b'"part":' + orjson.dumps(part)
    if rows is not None:
        tail += b',"rows":' + orjson.dumps(list(rows), option=option)
    inner = head[1:-1]
    return (b"{" + inner + (b"," if inner else b"") + tail + b"}").decode("utf-8")


def _seconds(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def remove_parts(parts: Iterable[Part]) -> None:
    """Delete parts already joined (their disk space back before the next section)."""
    for part in parts:
        with contextlib.suppress(OSError):
            part.path.unlink()
