"""``--format json``: the report's payload, exactly as the README documents it."""

from __future__ import annotations

from typing import Any

from ukmtool.core.reports.tabular import Document
from ukmtool.render.formats.base import Formatter, RenderOptions
from ukmtool.render.jsonout import dumps


class JsonFormat(Formatter):
    """Indented UTF-8 JSON of the payload (not of the tables: the payload has every figure)."""

    name = "json"
    suffixes = (".json",)

    def render(self, document: Document, payload: Any, options: RenderOptions) -> bytes:
        """The payload as JSON with a final newline."""
        return (dumps(payload) + "\n").encode("utf-8")
