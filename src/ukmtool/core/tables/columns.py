"""What several tables share: columns, titles and notes.

Columns whose headers say what every percentage divides by, the title of
figures as of a day, the note on a threshold that allows no absence.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ukmtool.core.reports.figures import Ratio
from ukmtool.core.reports.groups import GroupRow, GroupTable
from ukmtool.core.rules import Standing, Status
from ukmtool.core.tables.tableset import Bar, Column, ColumnKind, Table, TotalLabel, Where
from ukmtool.i18n import _, pgettext
from ukmtool.localefmt import format_date


def standing_columns(makeups: bool = False) -> list[Column]:
    """The attendance and standing columns of one participant in one module.

    Files and plain text get every figure in its own column; a terminal gets
    the same figures in fewer, narrower columns so that a row fits a screen
    (the make-ups among them when ``makeups``: someone made a session up).
    """
    export, terminal = Where.EXPORT, Where.TERMINAL
    return [
        Column("present", _("present"), ColumnKind.INT, export, total=True),
        Column("late", _("late"), ColumnKind.INT, export, total=True),
        Column("excused", _("excused"), ColumnKind.INT, export, total=True),
        Column("sick", _("sick"), ColumnKind.INT, export, total=True),
        Column("absent", _("absent"), ColumnKind.INT, export, total=True),
        Column("makeup", _("make-up"), ColumnKind.INT, export, total=True),
        Column(
            "marks", _("P L E S A M") if makeups else _("P L E S A"), ColumnKind.COUNTS, terminal
        ),
        Column("attended", _("att"), ColumnKind.INT, export, total=True),
        Column("held", pgettext("column", "held"), ColumnKind.INT, export, total=True),
        Column("sessions", _("plan"), ColumnKind.INT, export, total=True),
        Column("required", _("req"), ColumnKind.INT, export),
        Column("att_held_plan", _("att/\nheld/\nplan"), ColumnKind.SLASHED, terminal),
        Column("pct_attended_of_held", _("to date\natt/held"), ColumnKind.PERCENT, total=True),
        Column("pct_attended_of_sessions", _("overall\natt/plan"), ColumnKind.PERCENT, total=True),
        Column("pct_best_possible", _("best\npossible"), ColumnKind.PERCENT, total=True),
        Column("status", _("status"), ColumnKind.STATUS),
        Column("at_risk", _("at risk"), ColumnKind.FLAG, export),
        Column("missed_last_two", _("missed last 2"), ColumnKind.FLAG, export),
        Column("flag", _("flag"), ColumnKind.MARK, terminal),
        Column("bar", "", ColumnKind.BAR, terminal),
    ]


def standing_values(p: Standing, makeups: bool = False) -> tuple[Any, ...]:
    """Values for :func:`standing_columns` (given the same ``makeups``)."""
    marks = (p.present, p.late, p.excused, p.sick, p.absent)
    return (
        p.present,
        p.late,
        p.excused,
        p.sick,
        p.absent,
        p.makeup,
        (*marks, p.makeup) if makeups else marks,
        p.attended,
        p.held,
        p.sessions,
        p.required,
        (p.attended, p.held, p.sessions),
        Ratio(p.attended, p.held),
        Ratio(p.attended, p.sessions),
        Ratio(p.attended + p.remaining, p.sessions),
        p.status.value,
        p.at_risk,
        p.missed_last_two,
        flag(p),
        standing_bar(p),
    )


def flag(p: Standing) -> str:
    """``!`` at risk, ``2x`` missed the last two held sessions (see :func:`standing_legend`)."""
    marks = []
    if p.at_risk:
        marks.append("!")
    if p.missed_last_two:
        marks.append("2x")
    return " ".join(marks)


def standing_bar(p: Standing) -> Bar:
    """Attended, then the sessions not held yet, of the sessions that count."""
    if p.status is Status.COMPLETED:
        tone = "good"
    elif p.status is Status.FAILED or p.status is Status.MISSED:
        tone = "bad"
    elif p.at_risk or p.missed_last_two:
        tone = "warn"
    else:
        tone = ""
    return Bar(p.attended, p.remaining, p.sessions, tone)


def standing_legend() -> str:
    """What the short headers of :func:`standing_columns` mean."""
    return _(
        "absent = marked absent (alpa) or on no list of a held sheet. att = present or late, "
        "or made up (make-up, susulan). Only sessions on or after the participant registered, "
        "and those they made up, count: plan = those sessions, held = those held so far, "
        "req = sessions needed to complete. best possible = (att + not yet held) / plan. "
        "missed = no session counts (registered after the module); exempt = counts as "
        "completed to graduate."
    )


def standing_terminal_legend(makeups: bool = False) -> str:
    """What the terminal's own columns of :func:`standing_columns` mean."""
    if makeups:
        marks = _(
            "P L E S A M = present, late, excused (izin), sick (sakit), absent, make-up (susulan)."
        )
    else:
        marks = _("P L E S A = present, late, excused (izin), sick (sakit), absent.")
    return " ".join(
        (
            marks,
            _(
                "flag: ! = at risk (must attend every remaining session), 2x = missed the last "
                "two held sessions. Bar: █ attended, ▒ not held yet, ░ missed."
            ),
        )
    )


def shown_if(*counts: int) -> Where:
    """Every output when any of ``counts`` is not 0, else files and plain text only.

    For the columns of rules 2.1 (missed, exempt, make-up): a terminal shows
    them only in a programme that has any, so that a screen keeps its room.
    """
    return Where.ALL if any(counts) else Where.EXPORT


def group_name(by: str) -> str:
    """The header of a ``--by`` column."""
    names = {
        "district": _("district"),
        "sector": _("sector"),
        "gender": _("gender"),
        "tag": _("tag"),
    }
    return names[by]


def _figures(row: GroupRow) -> tuple[Any, ...]:
    return (
        row.participants,
        row.completed,
        row.in_progress,
        row.failed,
        row.at_risk,
        row.missed,
        row.exempt,
        row.completed_share,
        Bar(row.completed, row.in_progress, row.participants - row.exempt_standing),
    )


def group_column(by: str, key: str | None = None) -> Column:
    """The column naming the groups of ``by`` (the gender as a word for people)."""
    return Column(
        key or by, group_name(by), ColumnKind.GENDER if by == "gender" else ColumnKind.GROUP
    )


def gain_columns() -> list[Column]:
    """The average test gain of a group and what it divides by."""
    return [
        Column("gain", _("gain\n(post-pre)"), ColumnKind.SCORE_CHANGE),
        Column("took_both", _("took\nboth"), ColumnKind.INT),
    ]


def gain_values(row: GroupRow) -> tuple[Any, ...]:
    """Values for :func:`gain_columns`."""
    return (row.gain.value, row.gain.of)


def gain_note(*, programme: bool) -> str:
    """What a group's gain is and what it divides by."""
    if programme:
        return _(
            "gain = the average of post-test minus pre-test score, over every module's "
            "tests its participants took both of (took both: how many such pairs; a "
            "participant exempt from a module is left out of it)."
        )
    return _(
        "gain = the average of post-test minus pre-test score, over the participants who "
        "took both (took both: how many; those exempt from the module are left out)."
    )


def groups_table(groups: GroupTable, *, programme: bool, tests: bool = False) -> Table:
    """Completion per group with a total row; with two ``--by``, a cross-table.

    ``tests``: each group's average test gain too (scores.yaml holds scores).
    """
    if len(groups.by) > 1:
        return cross_table(groups, programme=programme, tests=tests)
    by = groups.by[0]
    done = _("grad-\nuated") if programme else _("com-\npleted")
    share = (
        _("graduated\n(of partici-\npants)") if programme else _("completed\n(of partici-\npants)")
    )
    columns = [
        group_column(by),
        Column("participants", _("partici-\npants"), ColumnKind.INT),
        Column("completed", done, ColumnKind.INT),
        Column("in_progress", _("in\nprogress"), ColumnKind.INT),
        Column(
            "failed",
            _("failed\na module") if programme else pgettext("column", "failed"),
            ColumnKind.INT,
        ),
        Column(
            "at_risk", _("at risk\nin a\nmodule") if programme else _("at\nrisk"), ColumnKind.INT
        ),
        Column(
            "missed",
            _("missed\na module") if programme else pgettext("column", "missed"),
            ColumnKind.INT,
            shown_if(groups.total.missed),
        ),
        Column(
            "exempt",
            _("exempt\nfrom a\nmodule") if programme else _("exempt"),
            ColumnKind.INT,
            shown_if(groups.total.exempt),
        ),
        Column("pct_completed_of_participants", share, ColumnKind.PERCENT),
        Column("bar", "", ColumnKind.BAR, Where.TERMINAL),
        *(gain_columns() if tests else []),
    ]
    rows = [
        (row.group, *_figures(row), *(gain_values(row) if tests else ()))
        for row in [*groups.rows, groups.total]
    ]
    rows[-1] = (TotalLabel("total"), *rows[-1][1:])
    notes = []
    if by == "tag":
        notes.append(
            _("A participant with several tags counts in each; the total counts them once.")
        )
    if programme:
        notes.append(
            _(
                "graduated = completed every module (or exempt from it); failed a module = "
                "failed at least one; at risk in a module = at risk in at least one; missed a "
                "module = registered after all its sessions, and failed none."
            )
        )
    elif groups.total.exempt:
        notes.append(_("completed (of participants): those exempt from the module left out."))
    if tests:
        notes.append(gain_note(programme=programme))
    title = _("By {group}").format(group=group_name(by))
    bar = _("Bar: █ completed, ▒ in progress, ░ failed.")
    return Table("groups", title, columns, rows, notes=notes, terminal_notes=[bar])


def cross_table(groups: GroupTable, *, programme: bool, tests: bool = False) -> Table:
    """Participants and completed for every pair of groups, with totals both ways."""
    first, second = groups.by[0], groups.by[1]
    done = _("graduated") if programme else _("completed")
    columns = [group_column(first)]
    for key in groups.across:
        label = _group_label(second, key)
        code = "none" if key is None else key
        columns += [
            Column(
                f"{second}:{code}:participants", f"{label}\n" + _("partici-\npants"), ColumnKind.INT
            ),
            Column(f"{second}:{code}:completed", f"{label}\n" + done, ColumnKind.INT),
        ]
    columns += [
        Column("participants", _("total\npartici-\npants"), ColumnKind.INT),
        Column("completed", _("total\n") + done, ColumnKind.INT),
        Column("pct_completed_of_participants", _("share\n") + done, ColumnKind.PERCENT),
        *(gain_columns() if tests else []),
    ]
    rows: list[tuple[Any, ...]] = []
    for row, cells in zip(groups.rows, groups.cells, strict=True):
        figures = [n for cell in cells for n in (cell.participants, cell.completed)]
        rows.append((row.group, *figures, row.participants, row.completed, row.completed_share,
                     *(gain_values(row) if tests else ())))  # fmt: skip
    totals = [n for cell in groups.across_totals for n in (cell.participants, cell.completed)]
    total = groups.total
    rows.append((TotalLabel("total"), *totals, total.participants, total.completed,
                 total.completed_share, *(gain_values(total) if tests else ())))  # fmt: skip
    notes = []
    if "tag" in groups.by:
        notes.append(
            _("A participant with several tags counts in each; the totals count them once.")
        )
    if programme:
        notes.append(_("graduated = completed every module."))
    if tests:
        notes.append(gain_note(programme=programme))
    title = _("By {group} and {other}").format(group=group_name(first), other=group_name(second))
    return Table("groups", title, columns, rows, notes=notes)


def _group_label(by: str, key: str | None) -> str:
    """A group's name as a header: the gender as a word, no tag as such."""
    from ukmtool.localefmt import gender_label

    if key is None:
        return _("(no tag)")
    return gender_label(key) if by == "gender" else key


def as_of_title(title: str, day: date | None) -> str:
    """``title``, and the day the figures are as of when one was given."""
    if day is None:
        return title
    return _("{title}, as of {date}").format(title=title, date=format_date(day))


def threshold_note(sessions: int, minimum: int) -> str | None:
    """What a minimum attendance that requires every session means, or None when it does not."""
    from ukmtool.core.thresholds import allows_no_absence, one_absence_threshold

    if not allows_no_absence(sessions, minimum):
        return None
    return _(
        "{minimum}% of {sessions} sessions requires every session: one absence fails the "
        "module. min_attendance: {value} would allow one absence."
    ).format(minimum=minimum, sessions=sessions, value=one_absence_threshold(sessions))
