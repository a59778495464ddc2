"""``ukm report --impact --format pdf``: the businesses' growth as a printed document.

The same figures as every other format (``core/reports/impact``): the front
says what the report covers and the measurements it counts, a chart shows
the size classes at the baseline and at the latest measurement (both under
the latest measurement's law, on the same figure), the businesses not
comparable are listed by name, the businesses with no follow-up yet are the
list to phone, and every business measured goes to the appendix.
"""

from __future__ import annotations

from datetime import date

from ukmtool.core import sizeclass
from ukmtool.core.documents.report import Printed, _covers, _front, contact
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters
from ukmtool.core.reports.impact import ImpactReport
from ukmtool.core.tables.impact import laws_text
from ukmtool.i18n import _
from ukmtool.localefmt import format_date


def impact_printed(
    programme: Programme, report: ImpactReport, filters: Filters, today: date
) -> Printed:
    """The impact report as a printed document."""
    latest = max((c.latest.date for c in report.changes), default=None)
    if report.as_of is not None:
        as_of = _("measurements up to {date}").format(date=format_date(report.as_of))
    elif latest is not None:
        as_of = _("measurements up to {date}").format(date=format_date(latest))
    else:
        as_of = _("as printed on {date}; no measurement yet").format(date=format_date(today))
    payload = _front(
        programme,
        _("Impact report: sales, jobs and size class"),
        _covers(programme, filters, report.participants),
        as_of,
        today,
    )
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
                {"label": _("baseline"), "color": "open"},
                {"label": _("latest measurement"), "color": "good"},
            ],
            "paired": True,
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
    payload["attention"] = {
        "title": _("No follow-up yet"),
        "columns": [
            _("No."),
            _("Owner"),
            _("Business"),
            _("District"),
            _("Phone (WhatsApp)"),
        ],
        "numeric": [True, False, False, False, False],
        "rows": [
            [str(i), p.owner, p.business, p.district, contact(p)]
            for i, p in enumerate(report.no_follow_up, start=1)
        ],
    }
    return Printed(
        "report", payload, programme.folder, appendix=("businesses",), left_out=("no_follow_up",)
    )
