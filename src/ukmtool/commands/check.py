"""``ukm check``: every problem of every file, in one run."""

from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import TextFormat, TextFormatOption, load_result
from ukmtool.errors import ExitStatus
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.programme import Programme
    from ukmtool.diagnostics import Diagnostic


def check(
    ctx: typer.Context,
    strict: Annotated[
        bool, typer.Option("--strict", help=_("Fail (exit 1) on warnings too."))
    ] = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Check every file of the programme folder and list each problem."""
    from ukmtool.core.certificates.problems import dated_ahead, problems
    from ukmtool.core.clock import today
    from ukmtool.core.programme import LoadResult
    from ukmtool.core.reading.checks import synced
    from ukmtool.diagnostics import Collector
    from ukmtool.render.commands import check as view

    loaded = load_result(ctx, quiet=output_format is TextFormat.json)
    found = Collector()  # what the cached load cannot know: the folder's other files, today
    synced.check_folder(loaded.folder, found)
    if loaded.programme is not None:
        from ukmtool.core.reading.checks.images import check_images
        from ukmtool.core.reading.checks.programmes import check_earlier

        check_images(loaded.folder, loaded.programme.settings, found)
        found.extend(_glyphs(loaded.programme))
        from ukmtool.core.reading.checks.today import check_today

        found.extend(check_today(loaded.programme, today()))
        found.extend(dated_ahead(loaded.programme, today()))
        found.extend(check_earlier(loaded.programme))
        found.extend(_id_record(loaded.programme))
    result = LoadResult(loaded.folder, loaded.programme, [*loaded.diagnostics, *found.items])
    if result.programme is not None and result.ok:
        result.diagnostics.extend(problems(result.programme, today()))
        result.diagnostics.extend(_standing(result.programme))
    view.show(result, as_json=output_format is TextFormat.json, strict=strict)
    failing = bool(result.errors) or (strict and bool(result.warnings))
    raise typer.Exit(int(ExitStatus.DATA_ERROR if failing else ExitStatus.OK))


def _id_record(programme: "Programme") -> "list[Diagnostic]":
    """ids.yaml: readable, and not below an id the folder uses."""
    from ukmtool.core import idrecord

    ids = [p.id for p in programme.participants] + sorted(idrecord.mentioned_ids(programme))
    return idrecord.check(programme.folder.root, idrecord.next_number(ids) - 1)


def _standing(programme: "Programme") -> "list[Diagnostic]":
    """Rules 2.1: modules missed, exemptions of modules completed anyway."""
    from ukmtool.core import rules
    from ukmtool.core.reading.checks.standing import check_standing

    missed = [
        (p.id, m.id, max(s.date for s in m.sessions.values()))
        for p, m in rules.missed_modules(programme)
    ]
    completed = [
        (p.id, m.id, s.attended, s.required) for p, m, s in rules.completed_anyway(programme)
    ]
    return check_standing(programme, missed, completed)


def _glyphs(programme: "Programme") -> "list[Diagnostic]":
    """Names the printed documents' fonts cannot draw (warnings, at each entry's line)."""
    from ukmtool.core.documents.glyphs import undrawable, warnings
    from ukmtool.core.yamlio.reader import FileTooLargeError, LList, parse_bytes

    if all(
        undrawable(p.business + p.owner + (p.village or "")) == "" for p in programme.participants
    ):
        return []
    try:
        root = parse_bytes(programme.folder.participants.read_bytes()).value
    except (OSError, FileTooLargeError):
        root = None
    lines = [root.item_line(i) for i in range(len(root))] if isinstance(root, LList) else []
    return warnings(programme, lines)
