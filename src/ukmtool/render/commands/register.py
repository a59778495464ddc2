"""Output of ``ukm register``: what was added, the dry-run table, JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from ukmtool.core.importing.plan import Imported
from ukmtool.core.models import Participant
from ukmtool.core.tables.tableset import Column
from ukmtool.core.writing.carry import Returning
from ukmtool.core.writing.joining import LeftOut
from ukmtool.core.writing.participant import SHOWN_ORDER
from ukmtool.core.writing.register import Outcome
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date, format_number, format_rupiah, gender_label
from ukmtool.masking import mask_nik
from ukmtool.render.commands import register_from
from ukmtool.render.console import clean, console, is_terminal, write
from ukmtool.render.formats.fit import NAME_ROOM, Measured, bare_table, fit, words_width
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import where_written

TERMINAL_ROWS = 200
"""At most this many rows of the dry-run table on a terminal (every row when piped)."""

PREVIEW_DROP_ORDER = tuple(
    SHOWN_ORDER.index(name)
    for name in (
        "notes",
        "nib",
        "address",
        "tags",
        "capital",
        "monthly_sales",
        "employees",
        "village",
        "nik",
        "registered",
        "sector",
        "gender",
        "phone",
        "district",
        "owner",
    )
)
"""The preview's columns in the order a narrow terminal leaves them out (id and business stay)."""


def record(participant: Participant, *, show_nik: bool) -> dict[str, Any]:
    """A participant as plain data (JSON), the NIK masked unless ``show_nik``."""
    data = participant.model_dump(mode="json")
    if data.get("nik") and not show_nik:
        data["nik"] = mask_nik(data["nik"])
    return {name: data.get(name) for name in SHOWN_ORDER}


def show(
    outcome: Outcome,
    *,
    source: Path | None,
    dry_run: bool,
    as_json: bool,
    show_nik: bool,
    imported: Imported | None = None,
    returning: Returning | None = None,
) -> None:
    """Say what was registered (or would be, on a dry run); notes go to stderr."""
    for note in outcome.notes:
        console(stderr=True).print(Text(clean(note), style="yellow"), soft_wrap=True)
    if as_json:
        data: dict[str, Any] = {
            "dry_run": dry_run,
            "programme": outcome.programme,
            "file": display_path(outcome.path),
            "added": [record(p, show_nik=show_nik) for p in outcome.added],
        }
        if imported is not None:
            for entry, row in zip(data["added"], outcome.rows, strict=False):
                entry["row"] = row
            data["import"] = register_from.payload(imported, outcome)
        if returning is not None:
            data["returning"] = register_from.returning_payload(returning)
        data["late"] = late_payload(outcome.late)
        data["unscheduled"] = list(outcome.unscheduled)
        print_json(data)
        return
    if imported is not None:
        register_from.show(imported, outcome, dry_run=dry_run)
    if returning is not None:
        register_from.show_returning(returning)
    added = outcome.added
    out = console()
    if not added:
        name = source.name if source is not None else outcome.path.name
        out.print(
            Text(clean(_("Nothing to register: {name} has no rows.").format(name=name))),
            soft_wrap=True,
        )
        return
    if dry_run:
        table(added, show_nik=show_nik, rows=outcome.rows)
        show_late(outcome.late)
        show_unscheduled(outcome.unscheduled)
        message = ngettext(
            "Dry run: {count} participant would be added to {file}; nothing was written.",
            "Dry run: {count} participants would be added to {file}; nothing was written.",
            len(added),
        ).format(count=format_number(len(added)), file=display_path(outcome.path))
        out.print(Text(clean(message), style="yellow"), soft_wrap=True)
        where_written(outcome.programme, outcome.path, dry_run=True)
        return
    if len(added) == 1:
        only = added[0]
        message = _("Registered {id}: {business} ({owner}).").format(
            id=only.id, business=only.business, owner=only.owner
        )
        baseline = baseline_text(only)
        if baseline:
            message += " " + baseline
    else:
        message = ngettext(
            "Registered {count} participant from {name}: {first} to {last}.",
            "Registered {count} participants from {name}: {first} to {last}.",
            len(added),
        ).format(
            count=format_number(len(added)),
            name=source.name if source is not None else "-",
            first=added[0].id,
            last=added[-1].id,
        )
    out.print(Text(clean(message), style="green"), soft_wrap=True)
    show_late(outcome.late)
    show_unscheduled(outcome.unscheduled)
    where_written(outcome.programme, outcome.path)


def show_unscheduled(modules: Sequence[str]) -> None:
    """Each module with no session yet: missed by nobody, in progress until written."""
    out = console()
    for module in modules:
        out.print(
            Text(
                _(
                    "'{module}' has no session yet, so nobody has missed it: it is in progress "
                    "for everyone until its sessions are written in modules.yaml "
                    "(`ukm check` lists it)."
                ).format(module=module),
                style="yellow",
            ),
            soft_wrap=True,
        )


def late_payload(days: Sequence[LeftOut]) -> list[dict[str, Any]]:
    """What each registration day leaves out, for ``--format json``."""
    return [
        {
            "registered": late.day.isoformat(),
            "participants": [p.id for p in late.participants],
            "sessions_before": {m.id: numbers for m, numbers in late.sessions},
            "missed": [m.id for m in late.missed],
        }
        for late in days
    ]


def show_late(days: Sequence[LeftOut]) -> None:
    """For each registration day after the first session: what it leaves out, what is missed."""
    out = console()
    for late in days:
        people = late.participants
        who = (
            people[0].id
            if len(people) == 1
            else _("{first} to {last} ({count})").format(
                first=people[0].id, last=people[-1].id, count=format_number(len(people))
            )
        )
        sessions = ", ".join(
            f"{module.id} {_numbers(numbers)}" for module, numbers in late.sessions
        )
        out.print(
            Text(
                ngettext(
                    "Registered on {date}: {count} session before that day does not count "
                    "for {who} ({sessions}).",
                    "Registered on {date}: {count} sessions before that day do not count "
                    "for {who} ({sessions}).",
                    late.count,
                ).format(
                    date=format_date(late.day),
                    count=format_number(late.count),
                    who=clean(who),
                    sessions=sessions,
                )
            ),
            soft_wrap=True,
        )
        for module in late.missed:
            out.print(
                Text(
                    _(
                        "Missed: every session of '{module}' is before {date}, so {who} cannot "
                        "graduate unless they make up a session of it "
                        "(`ukm attend {module} -s N --status makeup {id}`) or are exempt "
                        "(`ukm edit {id} --exempt {module} --reason ...`)."
                    ).format(
                        module=module.id,
                        date=format_date(late.day),
                        who=clean(who),
                        id=people[0].id if len(people) == 1 else "ID",
                    ),
                    style="yellow",
                ),
                soft_wrap=True,
            )


def _numbers(numbers: Sequence[int]) -> str:
    """``1-4`` for 1, 2, 3, 4; ``1, 3`` otherwise."""
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def baseline_text(participant: Participant) -> str:
    """``Baseline: sales Rp15.000.000 a month, capital Rp40.000.000.`` (empty without figures)."""
    parts = []
    if participant.monthly_sales is not None:
        parts.append(
            _("sales {amount} a month").format(amount=format_rupiah(participant.monthly_sales))
        )
    if participant.capital is not None:
        parts.append(_("capital {amount}").format(amount=format_rupiah(participant.capital)))
    if not parts:
        return ""
    return _("Baseline: {figures}.").format(figures=", ".join(parts))


def headers() -> list[str]:
    """The headers of the dry-run table, in the language of the output (``SHOWN_ORDER`` order)."""
    return [
        _("id"),
        _("business"),
        _("owner"),
        _("gender"),
        _("sector"),
        _("district"),
        _("village"),
        _("phone"),
        _("employees"),
        _("NIK"),
        _("registered"),
        _("tags"),
        _("address"),
        _("sales a month"),
        _("capital"),
        _("notes"),
        _("NIB"),
    ]


def table(participants: Sequence[Participant], *, show_nik: bool, rows: Sequence[int] = ()) -> None:
    """The participants as a table on a terminal (at most 200 rows), tab-separated when piped.

    For people, in the language of the output (headers, dates, numbers);
    ``--format json`` is the form for scripts.  On a terminal, columns no
    shown row fills are left out; piped, every column is there, always in
    the same order.  ``rows`` (an import): the row of the file each comes
    from, shown first (the first column left out when the terminal is narrow).
    """
    cells = [_cells(record(p, show_nik=show_nik)) for p in participants]
    names = headers()
    if not is_terminal():
        lines = [names, *cells]
        if rows:
            lines = [[_("row"), *names], *([str(r), *c] for r, c in zip(rows, cells, strict=True))]
        write("\n".join("\t".join(line) for line in lines))
        return
    shown = cells[:TERMINAL_ROWS]
    used = [i for i in range(len(SHOWN_ORDER)) if any(row[i] for row in shown)]  # skip empty ones
    out = console()
    measured = [_measured(i, names[i], [row[i] for row in shown]) for i in used]
    order = [used.index(i) for i in PREVIEW_DROP_ORDER if i in used]
    lead: list[Measured] = []
    numbers = [str(r) for r in rows[:TERMINAL_ROWS]]
    if rows:
        width = max(cell_len(_("row")), *map(cell_len, numbers))
        lead = [Measured(Column("row", _("row")), width, width)]
        order = [0] + [pos + 1 for pos in order]  # the first left out when space runs short
    chosen = fit(lead + measured, out.width, order)
    grid = bare_table()
    kept = [pos - len(lead) for pos in chosen.kept]  # -1: the row column
    for pos in kept:
        if pos < 0:
            grid.add_column(_("row"), no_wrap=True, justify="right")
            continue
        name = SHOWN_ORDER[used[pos]] == "business"
        grid.add_column(
            names[used[pos]],
            no_wrap=not name,
            overflow="fold",
            min_width=measured[pos].least,
        )
    for index, row in enumerate(shown):
        grid.add_row(*(numbers[index] if pos < 0 else row[used[pos]] for pos in kept))
    out.print(grid)
    if chosen.dropped:
        out.print(
            Text(
                _(
                    "Not shown at {width} columns: {columns}. A terminal {needed} columns "
                    "wide shows them; --format json, or the output piped, has every field."
                ).format(
                    width=out.width,
                    columns=", ".join(
                        names[used[pos - len(lead)]] if pos >= len(lead) else _("row")
                        for pos in chosen.dropped
                    ),
                    needed=chosen.needed,
                ),
                style="yellow",
            )
        )
    if len(cells) > TERMINAL_ROWS:
        out.print(
            Text(
                _("... and {count} more rows; --format json lists them all.").format(
                    count=format_number(len(cells) - TERMINAL_ROWS)
                ),
                style="dim",
            )
        )


def _measured(index: int, header: str, texts: list[str]) -> Measured:
    """One preview column's widths: the business wraps at spaces; nothing else narrows."""
    natural = max([cell_len(header), *map(cell_len, texts)])
    if SHOWN_ORDER[index] != "business":
        return Measured(Column(SHOWN_ORDER[index], header), natural, natural)
    longest = max((words_width(t, natural) for t in texts), default=0)
    return Measured(Column("business", header), natural, max(min(natural, NAME_ROOM), longest))


def _cells(data: dict[str, Any]) -> list[str]:
    cells = []
    for name in SHOWN_ORDER:
        value = data.get(name)
        if value is None:
            text = ""
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif name == "registered":
            text = format_date(date.fromisoformat(value))
        elif name == "employees":
            text = format_number(value)
        elif name in ("monthly_sales", "capital"):
            text = format_rupiah(value)
        elif name == "gender":
            text = gender_label(str(value))
        else:
            text = str(value)
        cells.append(clean(text).replace("\t", " ").replace("\n", " "))
    return cells


def entry(values: dict[str, Any]) -> None:
    """The checked values of one new entry, a line each, on stderr with the questions."""
    names = dict(zip(SHOWN_ORDER, headers(), strict=True))
    err = console(stderr=True)
    err.print(Text(_("The new entry:"), style="bold"))
    for name in SHOWN_ORDER:
        value = values.get(name)
        if value is None or name == "id":
            continue
        data = {name: value.isoformat() if isinstance(value, date) else value}
        if name == "nik":
            data[name] = mask_nik(str(value))
        err.print(Text(f"  {names[name]}: " + clean(_cells(data)[SHOWN_ORDER.index(name)])))
