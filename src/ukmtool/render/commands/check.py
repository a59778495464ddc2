"""Output of ``ukm check``."""

from __future__ import annotations

from rich.text import Text

from ukmtool.core.programme import LoadResult
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_number as num
from ukmtool.render.console import console
from ukmtool.render.errors import show_diagnostics
from ukmtool.render.jsonout import print_json


def show(result: LoadResult, *, as_json: bool, strict: bool) -> None:
    """Print every error and warning, then a verdict and a short summary."""
    errors, warnings = result.errors, result.warnings
    if as_json:
        payload: dict[str, object] = {
            "errors": [d.to_dict() for d in errors],
            "warnings": [d.to_dict() for d in warnings],
            "notes": [d.to_dict() for d in result.notes],
        }
        programme = result.programme
        if programme is not None:
            payload["summary"] = {
                "participants": len(programme.participants),
                "modules": len(programme.modules),
                "sessions_planned": programme.sessions_planned,
                "sessions_held": programme.sessions_held,
            }
        print_json(payload)
        return
    everything = sorted(result.diagnostics, key=lambda d: d.sort_key())
    show_diagnostics(everything, stderr=False, limit=None)
    out = console()
    failing = bool(errors) or (strict and bool(warnings))
    counts = _("{errors}, {warnings}").format(
        errors=ngettext("{n} error", "{n} errors", len(errors)).format(n=num(len(errors))),
        warnings=ngettext("{n} warning", "{n} warnings", len(warnings)).format(
            n=num(len(warnings))
        ),
    )
    if failing:
        verdict = Text(_("Not OK") + ": ", style="bold red")
        verdict.append(counts, style="")
        out.print(verdict, soft_wrap=True)
        return
    programme = result.programme
    assert programme is not None
    verdict = Text(_("OK") + ": ", style="bold green")
    people, modules = len(programme.participants), len(programme.modules)
    held, planned = programme.sessions_held, programme.sessions_planned
    verdict.append(
        _("{participants}, {modules}, {sessions}").format(
            participants=ngettext("{n} participant", "{n} participants", people).format(
                n=num(people)
            ),
            modules=ngettext("{n} module", "{n} modules", modules).format(n=num(modules)),
            sessions=ngettext(
                "{held} of {planned} session held", "{held} of {planned} sessions held", planned
            ).format(held=num(held), planned=num(planned)),
        )
    )
    if warnings:
        verdict.append(" (" + counts + ")")
    out.print(verdict, soft_wrap=True)
