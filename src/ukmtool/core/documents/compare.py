"""``ukm compare --format pdf``: the programmes side by side, printed.

The comparison's own tables (as in every format) follow a front made here:
the title, the programmes it covers, a chart of the graduates of each; the
folders left out for their errors are one of those tables.  The letterhead and the templates
are the first programme's (the office that compares its own rounds).
"""

from __future__ import annotations

from datetime import date

from ukmtool.core.documents.letterhead import document_base
from ukmtool.core.documents.report import Printed, report_labels
from ukmtool.core.programme import Programme
from ukmtool.core.reports.compare import Comparison
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date, format_percent


def compare_printed(first: Programme, comparison: Comparison, today: date) -> Printed:
    """The comparison as a printed document, on the first programme's letterhead."""
    payload = document_base(first.settings, today)
    head = first.settings.signatories.head if first.settings.signatories else None
    count = len(comparison.rows)
    payload["letterhead"] = {
        **payload["letterhead"],
        "programme": ngettext("{count} programme", "{count} programmes", count).format(count=count),
    }
    labels = report_labels()
    payload.update(
        title=_("Programmes compared"),
        covers=[
            _("{name}, {starts} to {ends}").format(
                name=row.name,
                starts=format_date(loaded.programme.settings.starts),
                ends=format_date(loaded.programme.settings.ends),
            )
            for row, loaded in zip(comparison.rows, comparison.loaded, strict=True)
        ],
        as_of=_("the folders as they stood on {date}").format(date=format_date(today)),
        sign=head is not None,
        labels=labels,
    )
    payload["charts"] = [
        {
            "title": _("Graduates of each programme (completed every module)"),
            "legend": [{"label": _("graduates"), "color": "good"}],
            "rows": [
                {
                    "label": f"{row.name} ({row.figures.registered})",
                    "values": [row.figures.graduates],
                    "total": row.figures.registered,
                    "note": _percent(row.figures.graduate_share.fraction()),
                }
                for row in comparison.rows
            ],
        }
    ]
    # the folders left out are printed as every format shows them: their own table
    return Printed("report", payload, first.folder)


def _percent(fraction: float | None) -> str:
    return "-" if fraction is None else format_percent(fraction, 0)
