"""Checks across entries and files: the programme's dates and lists, ids, attendance sheets.

Each check reads the located source (``LList``/``LMap``) for line numbers and
the validated models for values, and records diagnostics; none raises.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ukmtool.core import fields
from ukmtool.core.models import STATUSES
from ukmtool.core.reading.checks import synced
from ukmtool.core.reading.checks.given import Given
from ukmtool.core.reading.checks.makeups import check_makeups
from ukmtool.core.reading.fastpath import SheetChecker
from ukmtool.core.suggest import did_you_mean, match_case_insensitive
from ukmtool.core.values import places
from ukmtool.core.yamlio.reader import LList, LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _


def check_program(given: Given, out: Collector) -> None:
    """The programme ends after it starts; its districts and sectors are each listed once."""
    source = given.sources.program
    settings = given.settings
    if settings is None:
        return
    path = given.folder.program
    if settings.starts > settings.ends:
        out.error(
            path,
            source.value_line("ends") if source is not None else None,
            _("The programme ends ({ends}) before it starts ({starts}).").format(
                ends=settings.ends.isoformat(), starts=settings.starts.isoformat()
            ),
            column=source.value_column("ends") if source is not None else None,
        )
    for name, values in (("districts", settings.districts), ("sectors", settings.sectors)):
        written = source.get(name) if source is not None else None
        seen: dict[str, str] = {}
        for index, value in enumerate(values):
            line = written.item_line(index) if isinstance(written, LList) else None
            column = written.item_column(index) if isinstance(written, LList) else None
            earlier = seen.get(value.casefold())
            if earlier is None:
                seen[value.casefold()] = value
            elif earlier == value:
                out.warning(
                    path,
                    line,
                    _("'{value}' is listed twice in {field}.").format(value=value, field=name),
                    column=column,
                )
            elif earlier != value:  # participants would be split (or merged) by the spelling
                out.error(
                    path,
                    line,
                    _(
                        "'{value}' and '{earlier}' in {field} differ only in capital letters."
                    ).format(value=value, earlier=earlier, field=name),
                    column=column,
                    hint=_("Keep one spelling, and write it so in participants.yaml too."),
                )
    _check_sector_names(settings, path, source, out)


def _check_sector_names(settings: Any, path: Path, source: LMap | None, out: Collector) -> None:
    """Each other name of a sector (format 1.1) must name that sector only."""
    owner = {fields.norm(sector): sector for sector in settings.sectors}
    written = source.get("sectors") if source is not None else None
    for sector, others in settings.sector_names.items():
        items = written.get(sector) if isinstance(written, LMap) else None
        for index, other in enumerate(others):
            key = fields.norm(other)
            first = owner.setdefault(key, sector)
            if first != sector:
                out.error(
                    path,
                    items.item_line(index) if isinstance(items, LList) else None,
                    _("'{name}' is given as a name of both {first} and {sector}.").format(
                        name=other, first=first, sector=sector
                    ),
                    hint=_("A name may stand for one sector only: keep it under one of them."),
                    column=items.item_column(index) if isinstance(items, LList) else None,
                )


def check_module_ids(given: Given, out: Collector) -> None:
    """Each module id once in modules.yaml."""
    _report_repeats(
        given.sources.modules,
        given.folder.modules,
        out,
        _("Module id '{id}' is used twice (first at line {line})."),
    )


def check_participant_ids(given: Given, out: Collector) -> None:
    """Each participant id once in participants.yaml."""
    _report_repeats(
        given.sources.participants,
        given.folder.participants,
        out,
        _("Participant id '{id}' is used twice (first at line {line})."),
        hint=_("Give each business its own id."),
    )


def _first_entries(root: LList | None) -> tuple[dict[str, LMap], list[tuple[str, LMap]]]:
    """Each id's first entry, and the later entries that repeat an id.

    Ids are compared without regard to case: ``ukm-101`` repeats ``UKM-101``.
    """
    first: dict[str, LMap] = {}
    repeats: list[tuple[str, LMap]] = []
    for item in root or ():
        if not isinstance(item, LMap):
            continue
        raw = item.get("id")
        if not isinstance(raw, str):
            continue
        key = raw.strip().casefold()
        if key in first:
            repeats.append((key, item))
        else:
            first[key] = item
    return first, repeats


def _report_repeats(
    root: LList | None, path: Path, out: Collector, message: str, hint: str | None = None
) -> None:
    first, repeats = _first_entries(root)
    for key, item in repeats:
        earlier = first[key]
        written, before = str(item.get("id")).strip(), str(earlier.get("id")).strip()
        if written == before:
            text = message.format(id=written, line=earlier.value_line("id"))
        else:  # `ukm attend ukm-101` would mark the other one; the next id would ignore it
            text = _(
                "Id '{id}' differs from '{other}' (line {line}) only in capital letters."
            ).format(id=written, other=before, line=earlier.value_line("id"))
        out.error(path, item.value_line("id"), text, column=item.value_column("id"), hint=hint)


def check_module_dates(given: Given, out: Collector) -> None:
    """Every module has sessions, each dated within the given."""
    items, _repeats = _first_entries(given.sources.modules)
    settings = given.settings
    path = given.folder.modules
    for module in given.modules:
        item = items.get(module.id)
        sessions = item.get("sessions") if item is not None else None
        if not module.sessions:
            out.error(
                path,
                item.value_line("sessions") if item is not None else None,
                _("Module '{id}' has no sessions.").format(id=module.id),
                hint=_("List at least one session: 1: {date: 2017-12-13}."),
            )
        for number, session in module.sessions.items():
            if settings is None or settings.starts > settings.ends:
                continue  # no dates to compare with (an inverted range is reported already)
            if settings.starts <= session.date <= settings.ends:
                continue
            key = str(number)
            out.warning(
                path,
                sessions.key_line(key) if isinstance(sessions, LMap) else None,
                _(
                    "Session {number} of '{module}' is dated {date}, outside the programme "
                    "({starts} to {ends})."
                ).format(
                    number=number,
                    module=module.id,
                    date=session.date.isoformat(),
                    starts=settings.starts.isoformat(),
                    ends=settings.ends.isoformat(),
                ),
                column=sessions.key_column(key) if isinstance(sessions, LMap) else None,
            )


def check_thresholds(given: Given, out: Collector) -> None:
    """A note for each module whose ``min_attendance`` leaves no absence to spare.

    Not a failure: some programmes mean it.  But "at risk" then starts at the
    first absence, so the officer should know, and know what would allow one.
    """
    from ukmtool.core.thresholds import allows_no_absence, one_absence_threshold

    settings = given.settings
    if settings is None or out.has_errors(given.folder.modules):
        return  # sessions dropped as errors would make the count, and so the note, wrong
    items, _repeats = _first_entries(given.sources.modules)
    for module in given.modules:
        minimum = (
            settings.min_attendance if module.min_attendance is None else module.min_attendance
        )
        sessions = len(module.sessions)
        if not allows_no_absence(sessions, minimum):
            continue
        item = items.get(module.id)
        path, line = given.folder.modules, None
        if module.min_attendance is not None and item is not None:
            path, line = given.folder.modules, item.value_line("min_attendance")
        elif module.min_attendance is None and given.sources.program is not None:
            path, line = given.folder.program, given.sources.program.value_line("min_attendance")
        elif item is not None:
            line = item.line
        out.note(
            path,
            line,
            _(
                "Module '{module}': {minimum}% of {sessions} sessions requires every session, "
                "so one absence fails it."
            ).format(module=module.id, minimum=minimum, sessions=sessions),
            hint=_("min_attendance: {value} would allow one absence.").format(
                value=one_absence_threshold(sessions)
            ),
        )


def check_lists(given: Given, out: Collector) -> None:
    """District and sector must name one of program.yaml's (when it lists them).

    Read by the readers the commands use (``values/places``): ``Kec. Cepu``
    and ``cepu`` are Cepu, a sector's other names are the sector.  Read from
    the source entries, so that an entry with other errors is still checked
    here; when program.yaml has errors elsewhere, its lists are taken as written.
    """
    root, program_source = given.sources.participants, given.sources.program
    settings = given.settings
    if root is None:
        return
    other_names: dict[str, list[str]] = {}
    if settings is not None:
        districts, sectors = settings.districts, settings.sectors
        other_names = settings.sector_names
    elif program_source is not None:
        districts = _written_list(program_source.get("districts"))
        sectors = _written_list(program_source.get("sectors"))
    else:
        return
    path = given.folder.participants
    readers: tuple[tuple[str, Sequence[str], Callable[[str], str]], ...] = (
        ("district", districts, lambda value: places.district(value, districts)),
        ("sector", sectors, lambda value: places.sector(value, sectors, other_names)),
    )
    for item in root:
        if not isinstance(item, LMap):
            continue
        for field, listed, read in readers:
            raw = item.get(field)
            if not isinstance(raw, str) or not raw.strip() or raw in listed:
                continue  # empty or not text: the model says so
            try:
                read(raw)
            except fields.ValueProblem as problem:
                out.error(
                    path,
                    item.value_line(field),
                    problem.message,
                    column=item.value_column(field),
                    hint=problem.hint,
                )


def check_registered(given: Given, out: Collector) -> None:
    """A warning for each registration dated after the programme's end.

    Most likely the day the list was typed in, not the day the business
    joined: it would count for no session, and miss every module.
    """
    settings = given.settings
    root = given.sources.participants
    if settings is None or root is None or settings.starts > settings.ends:
        return  # (an inverted range is an error of its own)
    ends = settings.ends
    path = given.folder.participants
    late = {p.id: p.registered for p in given.participants if p.registered > ends}
    if not late:
        return
    items, _repeats = _first_entries(root)
    for pid, day in late.items():
        item = items.get(pid.casefold())
        out.warning(
            path,
            item.value_line("registered") if item is not None else None,
            _(
                "{id} registered on {date}, after the programme ended ({ends}): no session "
                "counts for them."
            ).format(id=pid, date=day.isoformat(), ends=ends.isoformat()),
            column=item.value_column("registered") if item is not None else None,
            hint=_(
                "Write the day the business joined (registered: YYYY-MM-DD), not the day "
                "the list was typed in."
            ),
        )


def _written_list(value: Any) -> list[str]:
    """A list of texts as written (empty unless every item is text); a mapping's keys."""
    if isinstance(value, LMap):
        return [k.strip() for k in value if isinstance(k, str) and k.strip()]
    if not isinstance(value, LList) or not all(isinstance(v, str) for v in value):
        return []
    return [v.strip() for v in value if v.strip()]


def _unknown_sheet(
    path: Path,
    module_id: str,
    modules: dict[str, Any],
    sheets: Collection[str],
    out: Collector,
) -> None:
    """An attendance file that names no module: a conflict copy, a name in capitals, a typo."""
    original = synced.copy_of(path.name, [f"{m}.yaml" for m in modules])
    same = match_case_insensitive(module_id, modules)
    if original is not None:
        message, hint = synced.conflict_message(path.name, original)
        out.error(path, None, message, hint=hint)
    elif same is not None and same in sheets:
        out.error(
            path,
            None,
            _(
                "{name} and {sheet} differ only in capitals: on Windows and macOS they "
                "would be one file, on Linux they are two."
            ).format(name=path.name, sheet=f"{same}.yaml"),
            hint=_("Copy its marks into {sheet} and delete {name}.").format(
                name=path.name, sheet=f"{same}.yaml"
            ),
        )
    elif same is not None:
        out.error(
            path,
            None,
            _(
                "The sheets of module '{module}' go in {sheet}, named exactly as the id "
                "(small letters), so that the folder means the same on every computer."
            ).format(module=same, sheet=f"{same}.yaml"),
            hint=_("Rename {name} to {sheet}.").format(name=path.name, sheet=f"{same}.yaml"),
        )
    else:
        out.error(
            path,
            None,
            _("There is no module '{module}' for this attendance file.").format(module=module_id),
            hint=did_you_mean(module_id, modules)
            or _("Name the file after a module id in modules.yaml."),
        )


def check_sheets(given: Given, out: Collector) -> None:
    """Each attendance file names a module, each sheet a session of it and registered ids."""
    sources = given.sources.sheets
    listed_modules = given.listed_modules
    registered = given.participants_by_id
    modules = given.modules_by_id
    quick = SheetChecker(registered)
    for module_id, (path, root) in sources.items():
        module = modules.get(module_id)
        if module is None and (listed_modules is None or module_id in listed_modules):
            pass  # the module's entry has errors of its own: check the lists only
        elif module is None:
            _unknown_sheet(path, module_id, modules, given.sources.modules_with_sheets(), out)
            continue
        for key, value in root.items():
            number = fields.session_number(key)
            if number is None:
                continue
            session = module.sessions.get(number) if module is not None else None
            if isinstance(value, LMap):
                held_on = session.date if session is not None else None
                if not quick.nothing_to_report(value, held_on):
                    _check_sheet(value, (module_id, number, held_on), given, path, out)
            if module is not None and session is None:
                planned = ", ".join(str(n) for n in sorted(module.sessions)) or "-"
                out.error(
                    path,
                    root.key_line(key),
                    _("Module '{module}' has no session {number}.").format(
                        module=module_id, number=number
                    ),
                    column=root.key_column(key),
                    hint=_("Its sessions are: {sessions}.").format(sessions=planned),
                )


def _check_sheet(
    sheet: LMap,
    where: tuple[str, int, date | None],
    given: Given,
    path: Path,
    out: Collector,
) -> None:
    """The lists of one sheet (``where``: module id, session number and date), then make-ups."""
    _module, number, held_on = where
    first_seen: dict[str, tuple[str, int]] = {}
    for status in STATUSES:
        ids = sheet.get(status)
        if not isinstance(ids, LList):
            continue
        for index, raw in enumerate(ids):
            if not isinstance(raw, str):
                continue
            pid = raw.strip()
            line, column = ids.item_line(index), ids.item_column(index)
            if pid in first_seen:
                other, other_line = first_seen[pid]
                message = (
                    _("{id} is listed twice in '{status}' of session {number}.")
                    if other == status
                    else _(
                        "{id} is on two lists of session {number}: '{other}' (line {line}) "
                        "and '{status}'."
                    )
                )
                out.error(
                    path,
                    line,
                    message.format(
                        id=pid, status=status, other=other, number=number, line=other_line
                    ),
                    column=column,
                    hint=_("Keep the one mark that is right."),
                )
                continue
            first_seen[pid] = (status, line)
            participant = given.participants_by_id.get(pid)
            if participant is None:
                if given.unregistered(pid):
                    hint = _("Register it first with `ukm register`.")
                    given.report_unregistered(out, path, (line, column), pid, hint)
            elif held_on is not None and held_on < participant.registered:
                out.warning(
                    path,
                    line,
                    _(
                        "{id} is marked at session {number} ({date}), before registering on "
                        "{registered}; the session does not count for them."
                    ).format(
                        id=pid,
                        number=number,
                        date=held_on.isoformat(),
                        registered=participant.registered.isoformat(),
                    ),
                    column=column,
                )
    check_makeups(sheet, where, first_seen, given, path, out)
