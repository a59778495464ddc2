"""Where a report goes: a terminal, a pipe or a file, in the format asked for."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from ukmtool.errors import UsageError
from ukmtool.i18n import _
from ukmtool.render import console as consoles
from ukmtool.render.console import clean, console
from ukmtool.render.formats.base import Fill, Report

WINDOWS = os.name == "nt"
"""Windows: a binary report is refused on stdout (PowerShell 5.1 re-encodes what it redirects)."""
CSV_SEPARATORS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}


@dataclass(frozen=True, slots=True)
class OutputChoice:
    """The output options of a reporting command, as given."""

    format: str | None = None
    output: Path | None = None
    csv_sep: str = ";"
    limit: int | None = None
    all_rows: bool = False
    sign: Callable[[bytes], bytes] | None = None
    """Signs the finished PDF (``--sign``), or None."""


def resolve_format(choice: OutputChoice) -> str:
    """The format: ``--format``, else the output file's ending, else table."""
    from ukmtool.render.formats import FORMATS, for_suffix

    if choice.format is not None:
        return choice.format
    if choice.output is None:
        return "table"
    found = for_suffix(choice.output.suffix)
    if found is None:
        endings = ", ".join(s for cls in FORMATS.values() for s in cls.suffixes)
        raise UsageError(
            _("Cannot tell the format from the file name {name}.").format(
                name=clean(choice.output.name)
            ),
            hint=_("End it with one of {endings}, or give --format.").format(endings=endings),
        )
    return found


def csv_separator(value: str) -> str:
    """The separator ``--csv-sep`` names."""
    sep = CSV_SEPARATORS.get(value.strip().lower() if value.strip() else value)
    if sep is None:
        raise UsageError(
            _("--csv-sep must be ; or , (or tab), not '{value}'.").format(value=clean(value)),
        )
    return sep


def check(choice: OutputChoice) -> None:
    """Raise the usage errors of ``choice`` before any work is done."""
    if choice.limit is not None and choice.all_rows:
        raise UsageError(_("Give --limit or --all, not both."))
    resolve_format(choice)
    csv_separator(choice.csv_sep)
    if choice.output is not None:
        _check_target(choice.output)


def deliver(report: Report, choice: OutputChoice, *, mode_like: Path | None = None) -> None:
    """Write the report where and how ``choice`` says.

    A new ``--output`` file is no more readable than ``mode_like`` (the
    programme's participants.yaml: a report names people); a file that is
    replaced keeps its own mode, as every file ``ukm`` writes does.  No file
    of ``mode_like``'s folder (the programme folder) is ever written over,
    whatever name or link leads to it (``core/files/report_file``).
    """
    from ukmtool.render.formats import FORMATS, RenderOptions
    from ukmtool.render.formats.table import DEFAULT_LIMIT, show_terminal

    check(choice)
    name = resolve_format(choice)
    sep = csv_separator(choice.csv_sep)
    if choice.output is not None:
        formatter, options = FORMATS[name](), RenderOptions(csv_sep=sep)
        if choice.sign is not None:  # a PDF, signed as a whole
            data: bytes | Fill = _signed(formatter.render(report, options), choice)
        else:
            data = formatter.fill(report, options)  # a workbook streams into the file
        from ukmtool.core.files.report_file import write_report

        folder = mode_like.parent if mode_like is not None else None
        write_report(choice.output, data, folder=folder, mode_like=mode_like)
        console(stderr=True).print(
            Text(_("Wrote {path}.").format(path=clean(str(choice.output)))), soft_wrap=True
        )
        return
    terminal = consoles.is_terminal()
    if name == "table":
        if choice.all_rows:
            limit = None
        elif choice.limit is not None:
            limit = choice.limit
        else:
            limit = DEFAULT_LIMIT if terminal else None
        if terminal:
            show_terminal(report.tableset, limit)
        else:
            _write(FORMATS[name]().render(report, RenderOptions(sep, limit)))
        return
    if FORMATS[name].binary and terminal:
        raise UsageError(
            _("{format} is not text and cannot be shown here.").format(format=name),
            hint=_("Write it to a file with --output FILE.{suffix}").format(suffix=name),
        )
    if FORMATS[name].binary and WINDOWS:
        raise UsageError(
            _(
                "On Windows, {format} cannot go through '>' or '|': PowerShell would "
                "change its bytes and the file would not open."
            ).format(format=name),
            hint=_("Write it to a file with --output FILE.{suffix}").format(suffix=name),
        )
    _write(_signed(FORMATS[name]().render(report, RenderOptions(csv_sep=sep)), choice))


def _signed(data: bytes, choice: OutputChoice) -> bytes:
    """``data`` signed when ``--sign`` asks (a PDF: ``output_choice`` refuses any other)."""
    return choice.sign(data) if choice.sign is not None else data


def _check_target(path: Path) -> None:
    from ukmtool.core.files.report_file import refuse_target

    refuse_target(path)


def _write(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
