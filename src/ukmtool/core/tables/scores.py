"""Pre- and post-test scores as columns, facts and a table of modules.

Each average stands beside what it divides by: ``took pre`` beside the
average pre-test score, ``took post`` beside the post-test's, ``took both``
beside the gain.  Shown only where ``scores.yaml`` holds scores (of the
module, for a module report); JSON always carries them.
"""

from __future__ import annotations

from typing import Any

from ukmtool.core.models import Score
from ukmtool.core.reports.programme import ProgrammeReport
from ukmtool.core.reports.scores import ScoreTally, from_tenths, gain_tenths
from ukmtool.core.tables.tableset import Column, ColumnKind, Fact, Table, TotalLabel
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_decimal
from ukmtool.localefmt import format_number as num


def score_columns() -> list[Column]:
    """One participant's scores in one module: pre, post and the gain."""
    return [
        Column("pre", _("pre-test"), ColumnKind.SCORE),
        Column("post", _("post-test"), ColumnKind.SCORE),
        Column("gain", _("gain"), ColumnKind.SCORE_CHANGE),
    ]


def score_values(entry: Score | None) -> tuple[Any, ...]:
    """Values for :func:`score_columns` (empty where a test was not taken)."""
    if entry is None:
        return (None, None, None)
    gain = gain_tenths(entry)
    return (entry.pre, entry.post, None if gain is None else from_tenths(gain))


def score_legend() -> str:
    """What the test columns hold."""
    return _(
        "pre-test, post-test = test scores out of 100; gain = post-test minus "
        "pre-test, for those who took both."
    )


def _signed(value: int | float | None) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "") + format_decimal(value)


def average_text(value: int | float | None, took: int) -> str:
    """``62,5 on average (40 took it)``, or that nobody took it."""
    if value is None or not took:
        return _("nobody took it")
    return ngettext(
        "{average} on average ({n} took it)", "{average} on average ({n} took it)", took
    ).format(average=format_decimal(value), n=num(took))


def gain_text(tests: ScoreTally) -> str:
    """``+25,5 on average, over the 37 who took both``, or that nobody took both."""
    gain = tests.gain
    if not gain.of:
        return _("nobody took both tests")
    return ngettext(
        "{gain} on average, over the {n} who took both",
        "{gain} on average, over the {n} who took both",
        gain.of,
    ).format(gain=_signed(gain.value), n=num(gain.of))


def score_facts(tests: ScoreTally, *, pairs: bool = False) -> list[Fact]:
    """The averages of pre, post and gain, each with what it divides by.

    ``pairs``: over several modules (a participant counts once a module).
    """
    facts = [
        Fact(
            "pre_average",
            _("Pre-test"),
            tests.pre.value,
            average_text(tests.pre.value, tests.pre.of),
        ),
        Fact("took_pre", _("took the pre-test"), tests.pre.of),
        Fact(
            "post_average",
            _("Post-test"),
            tests.post.value,
            average_text(tests.post.value, tests.post.of),
        ),
        Fact("took_post", _("took the post-test"), tests.post.of),
        Fact(
            "gain_average",
            _("Gain (post-test minus pre-test)"),
            tests.gain.value,
            gain_text(tests)
            + (" " + _("(a participant counts once in each module)") if pairs else ""),
        ),
        Fact("took_both", _("took both tests"), tests.gain.of),
        Fact(
            "exempt_left_out",
            _("Scores left out"),
            tests.exempt,
            ngettext(
                "{n} participant exempt from the module has scores; they are left out.",
                "{n} participants exempt from the module have scores; they are left out.",
                tests.exempt,
            ).format(n=num(tests.exempt))
            if tests.exempt
            else None,
        ),
    ]
    return facts


def tests_table(report: ProgrammeReport) -> Table:
    """Each module's average pre, post and gain, and every module's together."""
    columns = [
        Column("module", _("module"), ColumnKind.CODE),
        Column("title", _("title"), ColumnKind.TEXT),
        Column("pre", _("pre-test"), ColumnKind.SCORE),
        Column("took_pre", _("took\npre"), ColumnKind.INT),
        Column("post", _("post-test"), ColumnKind.SCORE),
        Column("took_post", _("took\npost"), ColumnKind.INT),
        Column("gain", _("gain"), ColumnKind.SCORE_CHANGE),
        Column("took_both", _("took\nboth"), ColumnKind.INT),
    ]

    def figures(tests: ScoreTally) -> tuple[Any, ...]:
        return (
            tests.pre.value,
            tests.pre.of,
            tests.post.value,
            tests.post.of,
            tests.gain.value,
            tests.gain.of,
        )

    rows: list[tuple[Any, ...]] = [
        (line.module.id, line.module.title, *figures(line.tests)) for line in report.modules
    ]
    rows.append((TotalLabel("total"), "", *figures(report.tests)))
    notes = [
        _(
            "Averages of scores out of 100: pre-test over those who took it (took pre), "
            "post-test over those who took it (took post), gain (post-test minus pre-test) "
            "over those who took both (took both). The total row takes every module's tests "
            "together."
        )
    ]
    if report.tests.exempt:
        notes.append(
            ngettext(
                "{n} score of a participant exempt from its module is left out.",
                "{n} scores of participants exempt from their module are left out.",
                report.tests.exempt,
            ).format(n=num(report.tests.exempt))
        )
    return Table("tests", _("Pre- and post-tests"), columns, rows, notes=notes)
