"""``ukm report --impact --format pdf``: the businesses' growth as a printed document.

The same figures as every other format (``core/reports/impact``): the front
says what the report covers and the measurements it counts, a chart shows
the size classes at the baseline and at the latest measurement (both under
the latest measurement's law, on the same figure), the businesses not
comparable are listed by name, every business measured goes to the
appendix, and so are those with no follow-up yet (never with their phones:
the list to call is the office's own document).
"""

from __future__ import annotations

from ukmtool.core import sizeclass
from ukmtool.core.documents.report import Frame, Paper, Printed, filters_text, framed, owners
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters
from ukmtool.core.reports.impact import ImpactReport
from ukmtool.core.tables.impact import laws_text
from ukmtool.i18n import _
from ukmtool.localefmt import format_date


def impact_printed(
    programme: Programme, report: ImpactReport, filters: Filters, paper: Paper
) -> Printed:
    """The impact report as a printed document."""
    latest = max((c.latest.date for c in report.changes), default=None)
    if report.as_of is not None:
        as_of = _("measurements up to {date}").format(date=format_date(report.as_of))
    elif latest is not None:
        as_of = _("measurements up to {date}").format(date=format_date(latest))
    else:
        as_of = _("no measurement yet")
    about = [(_("Programme"), programme.settings.name)]
    covered = filters_text(filters, report.participants)
    if covered:
        about.append((_("Participants"), covered))
    about.append((_("Figures as of"), as_of))
    frame = Frame(_("Impact report"), _("Sales, jobs and size class"), about)
    payload = framed(programme, paper, frame)
    measured = [c for c in report.changes if c.has_baseline]
    before = dict.fromkeys(sizeclass.CLASSES, 0)
    after = dict.fromkeys(sizeclass.CLASSES, 0)
    known = 0
    for change in measured:
        if change.comparable and change.baseline_class and change.latest_class:
            known += 1
            before[change.baseline_class] += 1
            after[change.latest_class] += 1
    payload["charts"] = [
        {
            "title": _(
                "Size class at the baseline and at the latest measurement ({laws}; both on the "
                "same figure)"
            ).format(laws=laws_text(report.laws)),
            "legend": [
                {"label": _("baseline"), "fill": "open"},
                {"label": _("latest measurement"), "fill": "good"},
            ],
            "paired": True,
            "empty": _("No business is measured twice yet."),
            "rows": [
                {
                    "label": name,
                    "values": [before[name], after[name]],
                    "total": known,
                    "note": f"{before[name]} → {after[name]}",
                }
                for name in sizeclass.CLASSES
                if before[name] or after[name]
            ],
        }
    ]
    return Printed(
        "report",
        payload,
        programme.folder,
        appendix=("businesses", "no_follow_up"),
        names=owners(programme),
    )
