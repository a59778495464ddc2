"""``--format json``: the report's payload, exactly as the README documents it."""

from __future__ import annotations

from ukmtool.render.formats.base import Formatter, RenderOptions, Report
from ukmtool.render.jsonout import dumps_bytes


class JsonFormat(Formatter):
    """Indented UTF-8 JSON of the payload (not of the tables: the payload has every figure)."""

    name = "json"
    suffixes = (".json",)

    def render(self, report: Report, options: RenderOptions) -> bytes:
        """The payload as JSON with a final newline."""
        return dumps_bytes(report.payload, newline=True)
