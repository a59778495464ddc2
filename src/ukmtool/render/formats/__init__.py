"""Output formats of the reporting commands: one class per ``--format`` choice.

Each class implements :class:`~ukmtool.render.formats.base.Formatter`; the
table format also draws on a terminal (``table.show_terminal``).
"""

from __future__ import annotations

from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.formats.csvformat import CsvFormat
from ukmtool.render.formats.jsonformat import JsonFormat
from ukmtool.render.formats.markdown import MarkdownFormat
from ukmtool.render.formats.pdf import PdfFormat
from ukmtool.render.formats.table import TableFormat
from ukmtool.render.formats.xlsx import XlsxFormat

FORMATS: dict[str, type[Formatter]] = {
    cls.name: cls
    for cls in (TableFormat, CsvFormat, JsonFormat, MarkdownFormat, XlsxFormat, PdfFormat)
}

__all__ = ["FORMATS", "Formatter", "RenderOptions", "Report", "for_suffix"]


def for_suffix(suffix: str) -> str | None:
    """The format a file name ending chooses (``.csv`` -> ``csv``), or None."""
    wanted = suffix.lower()
    for name, cls in FORMATS.items():
        if wanted in cls.suffixes:
            return name
    return None
