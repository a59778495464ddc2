"""``ukm score``: record pre- or post-test scores of a module (or a list of results)."""

import re
from pathlib import Path
from typing import Annotated

import typer

from ukmtool.commands.common import TextFormat, TextFormatOption, state
from ukmtool.errors import UsageError
from ukmtool.i18n import _

KIND_WORDS: dict[str, str] = {
    "pre": "pre",
    "pretest": "pre",
    "awal": "pre",
    "post": "post",
    "posttest": "post",
    "akhir": "post",
}
"""The words for the test, case, spaces and dashes aside (``pre-test``, ``Post``, ``akhir``)."""

_GIVEN = re.compile(r"\s*([^\s=]+)\s*=\s*([^\s=]+(?:\s*%)?)\s*")


def score(
    ctx: typer.Context,
    module: Annotated[
        str,
        typer.Argument(metavar="MODULE", help=_("The module tested: its id."), show_default=False),
    ],
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="pre|post",
            help=_("Which test: pre (before the module) or post (after it)."),
            show_default=False,
        ),
    ] = None,
    given: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID=SCORE...",
            help=_(
                "Each participant's score out of 100: UKM-001=45, 7=82,5; a range "
                "(UKM-001..UKM-005=80) gives everyone in it that score."
            ),
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help=_(
                "Record every row of a list of results (.csv or .xlsx: ids or names, and "
                "scores) instead; every row is checked before anything is written."
            ),
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help=_(
                "With --from: the sheet of the .xlsx that holds the results. Default: the "
                "visible sheet whose header names the id or name and a score (hidden sheets "
                "are never read unless named)."
            ),
            show_default=False,
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help=_("Correct scores already recorded (else a different one is refused)."),
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Show what would be recorded; write nothing.")),
    ] = False,
    output_format: TextFormatOption = TextFormat.text,
) -> None:
    """Record pre-test or post-test scores (out of 100) of a module."""
    from ukmtool.core.writing import score as scoring
    from ukmtool.render.commands import score as view
    from ukmtool.render.progress import loading

    as_json = output_format is TextFormat.json
    folder = state(ctx).folder()
    test = _kind(kind, given)
    if test is None and kind is not None:
        given = [kind, *(given or [])]  # ``ukm score keuangan --from ...``: no test named
    results = None
    if sheet is not None and from_file is None:
        raise UsageError(_("--sheet names a sheet of the file given with --from."))
    if from_file is not None:
        from ukmtool.core.importing import score_rows

        if given:
            raise UsageError(
                _("--from records every row of the file; it cannot be combined with ID=SCORE."),
                hint=_("Put those scores in the file instead."),
            )
        results = score_rows.read(from_file, test, worksheet=sheet)
        entries = results.entries
    else:
        if test is None:
            raise UsageError(
                _("Say which test the scores are of: ukm score MODULE pre|post ID=SCORE ..."),
                hint=_("pre: the test before the module; post: the test after it."),
            )
        if not given:
            raise UsageError(
                _("Give the scores: ukm score {module} {test} UKM-001=45 UKM-002=60").format(
                    module=module, test=test
                ),
                hint=_("Or record a list of results with --from FILE."),
            )
        entries = [
            scoring.Entry(
                {"participant": who, "score": value},
                {"participant": who, "score": who, test: who},
            )
            for who, value in _pairs(given)
        ]
    with loading(enabled=not as_json) as progress:
        outcome = scoring.record(
            folder,
            module,
            entries,
            kind=test,
            replace=replace,
            dry_run=dry_run,
            progress=progress,
        )
    view.show(outcome, dry_run=dry_run, as_json=as_json, results=results, source=from_file)


def _kind(word: str | None, given: list[str] | None) -> str | None:
    """The test ``word`` names (pre or post); None when it is left out."""
    if word is None:
        return None
    found = KIND_WORDS.get(re.sub(r"[\s_-]+", "", word).casefold())
    if found is not None:
        return found
    if "=" in word or word.startswith("-"):
        return None  # a score or an option where the test belongs: said below
    raise UsageError(
        _("'{word}' is not a test: give pre or post.").format(word=word),
        hint=_("pre: the test before the module; post: the test after it."),
    )


def _pairs(given: list[str]) -> list[tuple[str, str]]:
    """``ID=SCORE`` pairs, written as separate arguments or with spaces around ``=``."""
    text = " ".join(given)
    pairs: list[tuple[str, str]] = []
    at = 0
    for match in _GIVEN.finditer(text):
        if match.start() != at:
            break
        pairs.append((match.group(1), match.group(2)))
        at = match.end()
    if at != len(text) or not pairs:
        rest = text[at:].split()[0] if text[at:].split() else text
        raise UsageError(
            _("'{text}' is not ID=SCORE.").format(text=rest),
            hint=_("Write each participant's score as UKM-001=45 (a number from 0 to 100)."),
        )
    return pairs
