"""``ukm compare`` and ``ukm history`` as PDFs: several programmes, printed.

Framed as every printed report is (``core/documents/report``): the first
programme's letterhead and signature (the office that compares its own
rounds), dated ``--date``, the title, the programmes it covers, and the
command's own tables (as in every format, the folders left out for their
errors among them).  The comparison adds a chart of the graduates of each.
A business's history (and ``compare --returning``) names no query: it may be
a phone number or a NIK, which no printed report carries.
"""

from __future__ import annotations

from collections.abc import Sequence

from ukmtool.core.across.history import History, Returning
from ukmtool.core.clock import today
from ukmtool.core.documents.charts import percent
from ukmtool.core.documents.report import Frame, Paper, Printed, framed
from ukmtool.core.programme import Loaded, Programme
from ukmtool.core.reports.compare import Comparison
from ukmtool.core.reports.figures import Ratio
from ukmtool.i18n import _, ngettext
from ukmtool.localefmt import format_date


def compare_printed(first: Programme, comparison: Comparison, paper: Paper) -> Printed:
    """The comparison as a printed document, on the first programme's letterhead.

    Dated and signed on ``paper.day`` (``--date``); its figures are the folders as
    they stand today, when they were read.
    """
    count = len(comparison.rows)
    about = [
        (
            _("Programmes"),
            "; ".join(
                _("{name}, {starts} to {ends}").format(
                    name=row.name,
                    starts=format_date(loaded.programme.settings.starts),
                    ends=format_date(loaded.programme.settings.ends),
                )
                for row, loaded in zip(comparison.rows, comparison.loaded, strict=True)
            ),
        ),
        (
            _("Figures as of"),
            _("the folders as they stood on {date}").format(date=format_date(today())),
        ),
    ]
    labels = programme_names(comparison.loaded)
    payload = framed(first, paper, Frame(_("Programmes compared"), None, about))
    payload["letterhead"] = {
        **payload["letterhead"],
        "programme": ngettext("{count} programme", "{count} programmes", count).format(count=count),
    }
    payload["charts"] = [
        {
            "title": _("Graduates of each programme (completed every module)"),
            "legend": [{"label": _("graduates"), "fill": "good"}],
            "rows": [
                {
                    "label": f"{labels.get(row.folder, row.name)} ({row.figures.registered})",
                    "values": [row.figures.graduates],
                    "total": row.figures.registered,
                    "note": _note(row.figures.graduates, row.figures.registered),
                }
                for row in comparison.rows
            ],
            "empty": None,
        }
    ]
    return Printed("report", payload, first.folder, programmes=labels)


def history_printed(
    first: Programme, loaded: list[Loaded], found: History | Returning, paper: Paper
) -> Printed:
    """A business's programmes (``history``), or the returning ones (``compare --returning``)."""
    title = (
        _("History of a business")
        if isinstance(found, History)
        else _("Businesses in more than one programme")
    )
    about = [
        (_("Programmes"), "; ".join(entry.programme.settings.name for entry in loaded)),
        (
            _("Figures as of"),
            _("the folders as they stood on {date}").format(date=format_date(today())),
        ),
    ]
    payload = framed(first, paper, Frame(title, None, about))
    payload["letterhead"] = {
        **payload["letterhead"],
        "programme": ngettext("{count} programme", "{count} programmes", len(loaded)).format(
            count=len(loaded)
        ),
    }
    return Printed("report", payload, first.folder, programmes=programme_names(loaded))


def programme_names(loaded: Sequence[Loaded]) -> dict[str, str]:
    """Each folder (as the tables show it) -> its programme's name, printed in its place.

    Two programmes of one name are told apart by their year, then by their place in the
    command line (``Lokakarya Score Plus (2018, 2)``).
    """
    names = [one.programme.settings.name for one in loaded]
    with_year = [
        f"{name} ({one.programme.settings.starts.year})" if names.count(name) > 1 else name
        for name, one in zip(names, loaded, strict=True)
    ]
    out: dict[str, str] = {}
    for position, (label, one) in enumerate(zip(with_year, loaded, strict=True), start=1):
        if with_year.count(label) == 1:
            out[one.shown] = label
        elif label.endswith(")"):
            out[one.shown] = f"{label[:-1]}, {position})"
        else:
            out[one.shown] = f"{label} ({position})"
    return out


def _note(graduates: int, registered: int) -> str:
    """The share graduated; in words when nobody has yet (a 0 % bar reads as a failure)."""
    if graduates == 0 and registered > 0:
        return _("nobody graduated yet")
    return percent(Ratio(graduates, registered))
