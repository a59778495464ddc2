"""What a list read with ``--from`` left out: hidden sheets, rows, columns; on stderr and as JSON.

Shared by ``register --from`` (its rows left out) and ``measure --from`` and
``score --from`` (all of it, from a :class:`~ukmtool.core.importing.region.TableRows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.text import Text

from ukmtool.core.importing.region import LeftOut, LeftOutBlock, TableRows
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_number
from ukmtool.render.console import clean, console


def show_read(read: TableRows[Any], source: Path) -> None:
    """Say on stderr what was not read of ``source``: hidden sheets, rows and columns left out."""
    err = console(stderr=True)
    for said, style in read_lines(read, source):
        err.print(Text(clean(said), style=style or ""), soft_wrap=True)


def read_lines(read: TableRows[Any], source: Path) -> list[tuple[str, str | None]]:
    """The lines :func:`show_read` prints, each with its style."""
    out: list[tuple[str, str | None]] = []
    if read.hidden_worksheets:
        out.append(
            (
                _("Hidden sheets, not read: {sheets} (--sheet NAME reads one).").format(
                    sheets=", ".join(read.hidden_worksheets)
                ),
                "yellow",
            )
        )
    out.extend(left_out_lines(read.rows_left_out, read.left_out_blocks))
    if read.left_out:
        out.append(
            (
                _("{name}: columns read and left out: {columns}.").format(
                    name=source.name, columns=", ".join(read.left_out)
                ),
                "dim",
            )
        )
    return out


def read_payload(read: TableRows[Any]) -> dict[str, Any]:
    """What was read from the file and left out, for ``--format json``."""
    return {
        "sheet": read.worksheet,
        "hidden_sheets": read.hidden_worksheets,
        "columns_left_out": list(read.left_out),
        "rows_left_out": [
            {"row": left.row, "text": left.text, "reason": left.reason}
            for left in read.rows_left_out
        ],
        "rows_left_out_count": sum(b.count for b in read.left_out_blocks),
    }


def left_out_lines(
    shown: Sequence[LeftOut], blocks: Sequence[LeftOutBlock]
) -> list[tuple[str, str | None]]:
    """The rows left out: the first few (``shown``) with their text, the others by block."""
    if not blocks and not shown:
        return []
    total = sum(block.count for block in blocks) or len(shown)
    out: list[tuple[str, str | None]] = [("  " + _("Rows left out:"), "yellow")]
    for left in shown:
        out.append(
            (
                "    "
                + _("row {row} ({reason}): {text}").format(
                    row=left.row, reason=left.reason, text=left.text
                ),
                "yellow",
            )
        )
    if total > len(shown):
        out.append(
            (
                "    "
                + ngettext(
                    "... and {count} more row left out, not shown one by one:",
                    "... and {count} more rows left out, not shown one by one:",
                    total - len(shown),
                ).format(count=format_number(total - len(shown))),
                "yellow",
            )
        )
        for block in blocks:
            listed = sum(
                1
                for left in shown
                if block.first <= left.row <= block.last and left.reason == block.reason
            )
            if block.count > listed:
                out.append(
                    (
                        "      "
                        + _("rows {first}-{last} ({reason}): {count} rows").format(
                            first=block.first,
                            last=block.last,
                            reason=block.reason,
                            count=format_number(block.count),
                        ),
                        "yellow",
                    )
                )
    return out
