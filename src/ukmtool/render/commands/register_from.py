"""What ``ukm register --from`` read, left out and reinterpreted, for the person and as JSON.

On a dry run every part is shown before the table of what would be added:
the sheet and header row, the title, each column and the field it gives (or
why it is left out), each row left out and why, each value read otherwise
than written (alike ones together), the duplicates left out.  On a real
import the same, except that the values read otherwise are only counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from ukmtool.core.importing.plan import Imported
from ukmtool.core.writing.carry import Returning
from ukmtool.core.writing.entries import Reinterpreted
from ukmtool.core.writing.register import Outcome
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date, format_number
from ukmtool.render.commands.table_read import left_out_lines
from ukmtool.render.console import clean, console


def grouped(reinterpreted: Sequence[Reinterpreted]) -> list[tuple[str, str, str, list[int]]]:
    """(column, written, read, rows) for each distinct reinterpretation, in the order first seen."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for value in reinterpreted:
        groups.setdefault((value.label, value.written, value.read), []).append(value.row)
    return [(label, written, read, rows) for (label, written, read), rows in groups.items()]


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:8])
    if len(rows) > 8:
        shown += ", " + _("... ({count} rows)").format(count=format_number(len(rows)))
    return ngettext("row {rows}", "rows {rows}", len(rows)).format(rows=shown)


def lines(imported: Imported, outcome: Outcome, *, dry_run: bool) -> list[tuple[str, str | None]]:
    """The report as (line, style) pairs."""
    out: list[tuple[str, str | None]] = []
    if imported.header_rows > 1:
        where = (
            _("{name}, sheet '{sheet}': the header is rows {row} and {next}.").format(
                name=imported.path.name,
                sheet=imported.worksheet,
                row=imported.header_row,
                next=imported.header_row + 1,
            )
            if imported.worksheet is not None
            else _("{name}: the header is rows {row} and {next}.").format(
                name=imported.path.name, row=imported.header_row, next=imported.header_row + 1
            )
        )
    else:
        where = (
            _("{name}, sheet '{sheet}': the header is row {row}.").format(
                name=imported.path.name, sheet=imported.worksheet, row=imported.header_row
            )
            if imported.worksheet is not None
            else _("{name}: the header is row {row}.").format(
                name=imported.path.name, row=imported.header_row
            )
        )
    out.append((where, "bold"))
    if imported.other_worksheets:
        out.append(
            (
                "  "
                + _("Other sheets, not read: {sheets} (--sheet NAME reads another).").format(
                    sheets=", ".join(imported.other_worksheets)
                ),
                None,
            )
        )
    out.extend((f"  {note}", None) for note in imported.notes)
    if imported.title:
        out.append(
            (
                "  " + _("Title above the table: {title}").format(title=" / ".join(imported.title)),
                None,
            )
        )
    out.append(("  " + _("Columns:"), None))
    for column in imported.columns:
        if column.field is not None:
            what = "-> " + column.field
        else:
            what = _("left out: {reason}").format(reason=column.reason)
        out.append(
            (f"    {column.letter:>3}  {column.header}  {what}", None if column.field else "yellow")
        )
    if imported.hidden_worksheets:
        out.append(
            (
                "  "
                + _("Hidden sheets, not read: {sheets} (--sheet NAME reads one).").format(
                    sheets=", ".join(imported.hidden_worksheets)
                ),
                "yellow",
            )
        )
    out.extend(left_out_lines(imported.left_out, imported.left_out_blocks))
    for message in outcome.skipped:
        out.append(
            (
                "  " + _("Left out as a likely duplicate: {message}").format(message=message),
                "yellow",
            )
        )
    reinterpreted = grouped(outcome.reinterpreted)
    if reinterpreted and dry_run:
        out.append(("  " + _("Values read otherwise than written:"), None))
        for label, written, read, rows in reinterpreted:
            template = (
                "    " + _("{column}: '{written}' read as '{read}' ({rows})")
                if read
                else "    " + _("{column}: '{written}' read as empty ({rows})")
            )
            out.append(
                (
                    template.format(column=label, written=written, read=read, rows=_rows(rows)),
                    None,
                )
            )
    elif reinterpreted:
        count = len(outcome.reinterpreted)
        out.append(
            (
                "  "
                + ngettext(
                    "{count} value was read otherwise than written (--dry-run lists them).",
                    "{count} values were read otherwise than written (--dry-run lists them).",
                    count,
                ).format(count=format_number(count)),
                None,
            )
        )
    return out


def show(imported: Imported, outcome: Outcome, *, dry_run: bool) -> None:
    """The report: on stdout for a dry run (what was asked for), on stderr otherwise."""
    out = console(stderr=not dry_run)
    for line, style in lines(imported, outcome, dry_run=dry_run):
        out.print(Text(clean(line), style=style or ""), soft_wrap=True)


def payload(imported: Imported, outcome: Outcome) -> dict[str, Any]:
    """The same as plain data for ``--format json``."""
    return {
        "sheet": imported.worksheet,
        "other_sheets": imported.other_worksheets,
        "header_row": imported.header_row,
        "title": imported.title,
        "notes": imported.notes,
        "columns": [
            {"column": c.letter, "header": c.header, "field": c.field, "left_out": c.reason}
            for c in imported.columns
        ],
        "hidden_sheets": imported.hidden_worksheets,
        "header_rows": imported.header_rows,
        "rows_left_out": [
            {"row": left.row, "text": left.text, "reason": left.reason}
            for left in imported.left_out
        ],
        "rows_left_out_count": sum(b.count for b in imported.left_out_blocks),
        "left_out_blocks": [
            {"first": b.first, "last": b.last, "count": b.count, "reason": b.reason}
            for b in imported.left_out_blocks
        ],
        "duplicates_left_out": outcome.skipped,
        "read_otherwise": [
            {"row": r.row, "column": r.label, "written": r.written, "read": r.read}
            for r in outcome.reinterpreted
        ],
    }


def returning_lines(returning: Returning) -> list[str]:
    """Whom ``--from OLD`` brings back, and the baselines it carries (said before the table)."""
    chosen = len(returning.entries)
    where = display_path(returning.folder)
    if returning.chosen_by:
        text = ngettext(
            "From {old}: {count} of {total} business ({chosen}).",
            "From {old}: {count} of {total} businesses ({chosen}).",
            returning.total,
        ).format(
            old=where,
            count=format_number(chosen),
            total=format_number(returning.total),
            chosen="; ".join(returning.chosen_by),
        )
    else:
        text = ngettext(
            "From {old}: every business ({count}).", "From {old}: every business ({count}).", chosen
        ).format(old=where, count=format_number(chosen))
    out = [text]
    if returning.baselines is not None:
        days = sorted({*returning.baselines.values(), *returning.first.values()})
        span = (
            ""
            if not days
            else format_date(days[0])
            if len(days) == 1
            else _("{first} to {last}").format(
                first=format_date(days[0]), last=format_date(days[-1])
            )
        )
        out.append(
            "  "
            + _(
                "Baseline: the latest figures measured in {old} ({span}) for {count} of {total}."
            ).format(
                old=where,
                span=span,
                count=format_number(len(returning.baselines)),
                total=format_number(chosen),
            )
        )
        if returning.without:
            out.append(
                "  "
                + _("Never measured there, so no baseline (their ids in {old}): {ids}.").format(
                    old=where, ids=", ".join(returning.without)
                )
            )
    return out


def show_returning(returning: Returning) -> None:
    """The lines of :func:`returning_lines`, on stdout."""
    out = console()
    for line in returning_lines(returning):
        out.print(Text(clean(line)), soft_wrap=True)


def returning_payload(returning: Returning) -> dict[str, Any]:
    """What ``--from OLD`` brought back, as JSON."""
    return {
        "from": display_path(returning.folder),
        "total": returning.total,
        "chosen": len(returning.entries),
        "chosen_by": list(returning.chosen_by),
        "baseline": None
        if returning.baselines is None
        else {pid: day.isoformat() for pid, day in returning.baselines.items()},
        "never_measured": list(returning.without),
    }
