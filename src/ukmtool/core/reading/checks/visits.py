"""Checks of mentoring: practice ids across modules, and the days and hours of visits.

Each visit names a registered participant, known modules and known
practices, and is not dated before the participant registered; a practice
id is taught by one module only (a visit names a practice by its id alone);
and a visit's day and hours make sense.  A practice observed at a visit need not belong to the
modules the visit lists: progress is checked at every visit, whatever the
visit worked on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ukmtool.core import fields
from ukmtool.core.reading.checks.given import Given
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.values import dates, quantities
from ukmtool.core.yamlio.reader import LList, LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _

MAX_HOURS = 24
"""A visit longer than a day is a typing error (15 for 1.5)."""


def written_names(root: LList | None) -> tuple[set[str], set[str]]:
    """The module ids and practice ids modules.yaml writes, whether or not their entry is valid."""
    modules: set[str] = set()
    practices: set[str] = set()
    for item in root or []:
        if not isinstance(item, LMap):
            continue
        if isinstance(item.get("id"), str):
            modules.add(item["id"].strip())
        taught = item.get("practices")
        if isinstance(taught, LMap):
            practices.update(key.strip() for key in taught)
    return modules, practices


def check_practice_ids(given: Given, out: Collector) -> None:
    """A practice id may be listed by one module only."""
    root = given.sources.modules
    first: dict[str, tuple[str, int]] = {}
    for item in root or []:
        practices = item.get("practices") if isinstance(item, LMap) else None
        module = item.get("id") if isinstance(item, LMap) else None
        if not isinstance(practices, LMap) or not isinstance(module, str):
            continue
        for key in practices:
            practice, line = key.strip(), practices.key_line(key)
            if practice in first:
                other, other_line = first[practice]
                out.error(
                    given.folder.modules,
                    line,
                    _(
                        "Practice '{practice}' is also listed by module '{module}' (line {line})."
                    ).format(practice=practice, module=other, line=other_line),
                    hint=_("Visits name a practice by its id alone: give each its own id."),
                )
            else:
                first[practice] = (module.strip(), line)


def check_visit_names(given: Given, out: Collector) -> None:
    """Each visit names a registered participant, known modules and known practices.

    And it is not dated before the participant registered.
    """
    root, module_root = given.sources.visits, given.sources.modules
    if root is None:
        return
    path = given.folder.visits
    registered = given.participants_by_id
    # names as written too: a module entry with errors of its own brings no follow-on errors
    written_modules, written_practices = written_names(module_root)
    modules = set(given.modules_by_id) | written_modules
    practices = {p for m in given.modules for p in m.practices} | written_practices
    for item in root:
        if not isinstance(item, LMap):
            continue
        raw = item.get("participant")
        pid = raw.strip() if isinstance(raw, str) else None
        participant = registered.get(pid) if pid is not None else None
        if pid is not None and given.unregistered(pid):
            where = (item.value_line("participant"), item.value_column("participant"))
            given.report_unregistered(out, path, where, pid)
        elif participant is not None:
            visited = day_of(item.get("date"))
            if visited is not None and visited < participant.registered:
                out.error(
                    path,
                    item.value_line("date"),
                    _("The visit ({date}) is before {id} registered ({registered}).").format(
                        date=visited.isoformat(),
                        id=pid,
                        registered=participant.registered.isoformat(),
                    ),
                    column=item.value_column("date"),
                )
        listed = item.get("modules")
        if isinstance(listed, LList):
            for i, module_id in enumerate(listed):
                if isinstance(module_id, str) and module_id.strip() not in modules:
                    out.error(
                        path,
                        listed.item_line(i),
                        _("Unknown module '{module}'.").format(module=module_id),
                        column=listed.item_column(i),
                        hint=did_you_mean(module_id, modules),
                    )
        observed = item.get("practices")
        if isinstance(observed, LMap):
            for key in observed:
                if key.strip() not in practices:
                    out.error(
                        path,
                        observed.key_line(key),
                        _("Unknown practice '{practice}'.").format(practice=key),
                        column=observed.key_column(key),
                        hint=did_you_mean(key, practices)
                        or _("Practices are listed under a module's 'practices' in modules.yaml."),
                    )


def check_days(given: Given, out: Collector) -> None:
    """Visits outside the programme's dates, two visits on one day, a visit over a day long."""
    root = given.sources.visits
    if root is None:
        return
    path = given.folder.visits
    settings = given.settings
    first: dict[tuple[str, date], int] = {}
    for item in root:
        if not isinstance(item, LMap):
            continue
        day = day_of(item.get("date"))
        raw = item.get("participant")
        if day is not None and isinstance(raw, str):
            key = (raw.strip(), day)
            if key in first:
                out.warning(
                    path,
                    item.value_line("date"),
                    _("{id} has two visits on {date} (the first at line {line}).").format(
                        id=key[0], date=day.isoformat(), line=first[key]
                    ),
                    hint=_("If they are one visit, merge them into one entry."),
                )
            else:
                first[key] = item.value_line("date")
        if (
            day is not None
            and settings is not None
            and settings.starts <= settings.ends
            and not settings.starts <= day <= settings.ends
        ):
            out.warning(
                path,
                item.value_line("date"),
                _("The visit is dated {date}, outside the programme ({starts} to {ends}).").format(
                    date=day.isoformat(),
                    starts=settings.starts.isoformat(),
                    ends=settings.ends.isoformat(),
                ),
            )
        if _hours(item.get("hours")) > MAX_HOURS:
            out.error(
                path,
                item.value_line("hours"),
                _("hours: {value} is longer than a day.").format(value=item["hours"].strip()),
                hint=_("Write the hours of this one visit, for example 1.5."),
            )


def day_of(value: Any) -> date | None:
    """The date as written, or None when it is not one (the model reports that)."""
    try:
        return dates.day(value)
    except fields.ValueProblem:
        return None


def _hours(value: Any) -> float:
    """The hours as written, or 0 when they are not a positive number (the model reports it)."""
    try:
        return quantities.hours(value)
    except fields.ValueProblem:
        return 0.0
