"""Output of ``ukm edit``: each change as old -> new, or JSON."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ukmtool.core.models import Participant
from ukmtool.core.writing.edit import Change, Outcome
from ukmtool.diagnostics import display_path
from ukmtool.i18n import _
from ukmtool.localefmt import format_date, format_number, format_rupiah, gender_label
from ukmtool.masking import mask_nik
from ukmtool.render.commands.register import late_payload, record, show_late
from ukmtool.render.console import clean, console
from ukmtool.render.formats.cells import one_line
from ukmtool.render.jsonout import print_json
from ukmtool.render.messages import note, where_written


def field_names() -> dict[str, str]:
    """Each field as a person reads it, in the language of the output."""
    return {
        "business": _("business"),
        "owner": _("owner"),
        "gender": _("gender"),
        "sector": _("sector"),
        "district": _("district"),
        "village": _("village"),
        "address": _("address"),
        "phone": _("phone"),
        "employees": _("employees"),
        "monthly_sales": _("sales a month"),
        "capital": _("capital"),
        "nik": _("NIK"),
        "nib": _("NIB"),
        "registered": _("registered"),
        "tags": _("tags"),
        "notes": _("notes"),
        "exempt": _("exempt"),
    }


def shown(name: str, value: Any, *, show_nik: bool = False) -> str:
    """A field's value as ukm prints it (and reads back): ``Rp15.000.000``, ``13 Desember 2017``."""
    if value is None or value in ("", [], {}):
        return _("(none)")
    if name in ("monthly_sales", "capital"):
        return format_rupiah(int(value))
    if name == "employees":
        return format_number(int(value))
    if name == "registered":
        return format_date(value)
    if name == "gender":
        return f"{value} ({gender_label(str(value))})"
    if name == "nik":
        return str(value) if show_nik else mask_nik(str(value))
    if name == "tags":
        return ", ".join(value)
    if name == "exempt":
        return "; ".join(f"{module}: {why}" for module, why in value.items())
    return str(value)


def current_text(participant: Participant, name: str) -> str:
    """A field's value now, as the desk offers it for Enter to keep ("" when there is none)."""
    value = getattr(participant, name)
    if value is None or value in ("", [], {}):
        return ""
    if name == "gender":
        return str(value)
    return shown(name, value)


def _line(change: Change, *, show_nik: bool) -> str:
    """``notes: old -> new`` on one line (a note of several lines joined, as ``show`` prints it)."""
    return _("{field}: {before} -> {after}").format(
        field=field_names()[change.field],
        before=one_line(shown(change.field, change.before, show_nik=show_nik)),
        after=one_line(shown(change.field, change.after, show_nik=show_nik)),
    )


def changes(outcome: Outcome, *, show_nik: bool) -> None:
    """The changes, a line each, on stderr with the questions (before they are confirmed)."""
    err = console(stderr=True)
    err.print(Text(_("The changes:"), style="bold"))
    for change in outcome.changes:
        err.print(Text("  " + clean(_line(change, show_nik=show_nik))), soft_wrap=True)


def show(outcome: Outcome, *, dry_run: bool, as_json: bool, show_nik: bool) -> None:
    """Say what changed (or would change, on a dry run); notes go to stderr."""
    for line in outcome.notes:
        note(line)
    who = outcome.after
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "programme": outcome.programme,
                "file": display_path(outcome.path),
                "id": who.id,
                "changed": {
                    c.field: {
                        "before": _json(c.field, c.before, show_nik),
                        "after": _json(c.field, c.after, show_nik),
                    }
                    for c in outcome.changes
                },
                "participant": {**record(who, show_nik=show_nik), "exempt": dict(who.exempt)},
                "notes": outcome.notes,
                "late": late_payload(outcome.late),
            }
        )
        return
    out = console()
    name = _("{id} ({business})").format(id=who.id, business=who.business)
    if not outcome.changes:
        out.print(
            Text(clean(_("Nothing to change: {who} already has these values.").format(who=name))),
            soft_wrap=True,
        )
        return
    heading = _("Dry run: would change {who}:") if dry_run else _("Changed {who}:")
    out.print(Text(clean(heading.format(who=name)), style="yellow" if dry_run else "green"))
    for change in outcome.changes:
        out.print(Text("  " + clean(_line(change, show_nik=show_nik))), soft_wrap=True)
    show_late(outcome.late)
    if dry_run:
        out.print(Text(_("Nothing was written."), style="yellow"))
    where_written(outcome.programme, outcome.path, dry_run=dry_run)


def _json(name: str, value: Any, show_nik: bool) -> Any:
    if value is None or value in ("", [], {}):
        return None
    if name == "registered":
        return value.isoformat()
    if name == "nik" and not show_nik:
        return mask_nik(str(value))
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value
