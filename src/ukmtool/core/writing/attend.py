"""Taking the roll: what ``ukm attend`` understands, decides and writes.

Statuses in English, Bahasa Indonesia or the letters of a paper daftar
hadir; ids as typed (see ``idspec``); the session from the date when it is
not given; the new sheet from the old one and the marks, with every move
said; and the write itself, under the programme's lock, changing only the
session's own block of ``attendance/<module>.yaml`` (see ``sheet_file``).

A make-up (``--status makeup``, susulan: rules 2.1) goes in the sheet's
``makeup`` mapping with its day (``--on``, default today): only for a
session that is held, on or after its date and not after today.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ukmtool.core import clock
from ukmtool.core import ids as idspec
from ukmtool.core.files import sheet_file, store
from ukmtool.core.folder import Folder
from ukmtool.core.models import MAKEUP, STATUSES, Module
from ukmtool.core.programme import Programme
from ukmtool.core.reading import seeding
from ukmtool.core.reading.loader import Progress, load
from ukmtool.core.suggest import closest
from ukmtool.errors import InputUsageError, NotFoundError, UsageError, WriteError
from ukmtool.i18n import _, ngettext

# Every spelling of a status ukm accepts (case does not matter); files hold the English word.
STATUS_WORDS: dict[str, str] = {
    "present": "present",
    "hadir": "present",
    "h": "present",
    "late": "late",
    "terlambat": "late",
    "telat": "late",
    "t": "late",
    "excused": "excused",
    "izin": "excused",
    "ijin": "excused",
    "i": "excused",
    "sick": "sick",
    "sakit": "sick",
    "s": "sick",
    "absent": "absent",
    "alpa": "absent",
    "alfa": "absent",
    "a": "absent",
    # format 1.2: came to a make-up session (susulan) of this one, on another day
    "makeup": MAKEUP,
    "make-up": MAKEUP,
    "susulan": MAKEUP,
    "susul": MAKEUP,
}

Day = date
"""A day (the name ``date`` is a field of :class:`SessionSheet`)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def parse_status(word: str) -> str:
    """The English status for any accepted spelling of it (exit 2 for anything else)."""
    found = STATUS_WORDS.get(word.strip().casefold())
    if found is not None:
        return found
    best = closest(word.strip(), [w for w in STATUS_WORDS if len(w) > 1])
    raise UsageError(
        _("'{word}' is not a status.").format(word=word),
        hint=(_("Did you mean '{choice}'?").format(choice=best) + " " if best else "")
        + _(
            "Use present, late, excused, sick, absent; hadir, terlambat, izin, sakit, alpa; "
            "or H, T, I, S, A; makeup (susulan) for a make-up session."
        ),
    )


@dataclass(frozen=True, slots=True)
class Change:
    """One participant's mark before and after (``old`` None: had no mark)."""

    pid: str
    old: str | None
    new: str


@dataclass(frozen=True, slots=True)
class SessionSheet:
    """One session's sheet as it stands, with who is still unmarked."""

    module: Module
    session: int
    date: date
    lists: dict[str, list[str]]
    unmarked: list[str]
    makeup: dict[str, Day] = field(default_factory=dict)
    """Who made the session up (format 1.2), and on which day, in registration order."""

    @property
    def held(self) -> bool:
        """Someone is marked present or late (else any marks wait for the session)."""
        return bool(self.lists.get("present") or self.lists.get("late"))

    @property
    def marked(self) -> int:
        """How many are on a list, or made the session up."""
        return sum(map(len, self.lists.values())) + len(self.makeup)

    def status_of(self) -> dict[str, str]:
        """Participant id -> status (``makeup`` for a make-up)."""
        found = dict.fromkeys(self.makeup, MAKEUP)
        found.update({pid: status for status in STATUSES for pid in self.lists[status]})
        return found


@dataclass(frozen=True, slots=True)
class Request:
    """What to mark: ``ids`` as typed, with ``status``; ``fill_all``; roll-call ``marks``."""

    module: str
    session: int | None
    ids: tuple[str, ...] = ()
    status: str = "present"
    fill_all: bool = False
    marks: Mapping[str, str] = field(default_factory=dict)
    only_unmarked: bool = False  # the roll call: a mark someone made meanwhile is kept
    made_up_on: date | None = None
    """``--status makeup``: the day of the make-up (default today)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``record`` did: the sheet after it, every change, and what to warn about."""

    sheet: SessionSheet
    changes: list[Change]
    unchanged: list[str]
    early: list[tuple[str, date]]
    """Marked at a session dated before they registered (a make-up is not: it counts)."""
    left_out: list[str]
    path: Path
    written: bool
    programme: str = ""
    """The programme's name (every write says where it wrote)."""
    kept: list[Change] = field(default_factory=list)
    """The roll call's marks not written: someone marked these participants meanwhile."""


def session_lines(module: Module, held: Collection[int]) -> list[str]:
    """One line per session of ``module``: number, date, held or not, topic."""
    lines = []
    for number in sorted(module.sessions):
        session = module.sessions[number]
        state = _("held") if number in held else _("not held yet")
        line = _("session {number}, {date}, {state}").format(
            number=number, date=session.date.isoformat(), state=state
        )
        if session.topic:
            line += ": " + session.topic
        lines.append(line)
    return lines


def choose_session(
    module: Module,
    number: int | None,
    held: Collection[int],
    on: date | None = None,
    command: str = "ukm attend",
) -> int:
    """The session given, else the one session of ``module`` dated ``on`` (default today).

    ``command`` is the command line a refusal's example starts with (the one the
    person typed: ``ukm attend``, ``ukm print sheet``).
    """
    if number is not None:
        if number in module.sessions:
            return number
        nearest = min(module.sessions, key=lambda n: (abs(n - number), n), default=None)
        raise NotFoundError(
            _("Module '{module}' has no session {number}; nothing was written.").format(
                module=module.id, number=number
            ),
            session_lines(module, held),
            hint=_("Did you mean session {number}?").format(number=nearest)
            if nearest is not None
            else None,
        )
    day = on if on is not None else clock.today()
    dated = sorted(n for n, s in module.sessions.items() if s.date == day)
    if len(dated) == 1:
        return dated[0]
    message = (
        _("No session of '{module}' is dated today ({date}); say which with --session.")
        if not dated
        else _("{count} sessions of '{module}' are dated today ({date}); say which with --session.")
    )
    raise InputUsageError(
        message.format(module=module.id, date=day.isoformat(), count=len(dated)),
        session_lines(module, held),
        hint=_("For example: {command} {module} --session {number} ...").format(
            command=command,
            module=module.id,
            number=dated[0] if dated else suggested_session(module, held, day),
        ),
    )


def suggested_session(module: Module, held: Collection[int], day: date) -> int:
    """The session to offer when none is given and none is dated ``day``.

    The next one dated after ``day`` that is not held, else the first one not
    held yet, else the last: never a session already held while another waits.
    """
    numbers = sorted(module.sessions, key=lambda n: (module.sessions[n].date, n))
    waiting = [n for n in numbers if n not in held]
    upcoming = [n for n in waiting if module.sessions[n].date > day]
    for choice in (upcoming, waiting, numbers[::-1]):
        if choice:
            return choice[0]
    return 1


def _ranks(programme: Programme) -> dict[str, int]:
    """Participant id -> place in registration order (the last place of a repeated id)."""
    return {p.id: i for i, p in enumerate(programme.participants)}


def _open(
    programme: Programme,
    module_name: str,
    session: int | None,
    on: date | None,
    rank: Mapping[str, int],
) -> tuple[SessionSheet, dict[str, str], dict[str, date]]:
    """The session's sheet, participant id -> status on it, and id -> make-up day."""
    module = programme.find_module(module_name, writing=True)
    sheets = programme.sheets.get(module.id, {})
    held = {n for n, sheet in sheets.items() if sheet.held}
    number = choose_session(module, session, held, on)
    sheet = sheets.get(number)
    status_of = sheet.status_of() if sheet is not None else {}
    made_up = dict(sheet.makeup) if sheet is not None else {}
    return _sheet(programme, module, number, status_of, rank, made_up), status_of, made_up


def _sheet(
    programme: Programme,
    module: Module,
    number: int,
    status_of: Mapping[str, str],
    rank: Mapping[str, int],
    made_up: Mapping[str, date],
) -> SessionSheet:
    on = module.sessions[number].date
    lists: dict[str, list[str]] = {status: [] for status in STATUSES}
    for pid, status in status_of.items():
        if status != MAKEUP:
            lists[status].append(pid)
    for status, ids in lists.items():
        lists[status] = _ordered(ids, rank)
    makeup = {
        pid: made_up[pid]
        for pid in _ordered([p for p, s in status_of.items() if s == MAKEUP], rank)
    }
    unmarked = [
        p.id for p in programme.participants if p.registered <= on and p.id not in status_of
    ]
    return SessionSheet(module, number, on, lists, unmarked, makeup)


def _ordered(ids: list[str], rank: Mapping[str, int]) -> list[str]:
    """``ids`` in registration order, then any id not registered, by its text."""
    known = [pid for pid in ids if pid in rank]
    known.sort(key=rank.__getitem__)
    if len(known) < len(ids):
        known += sorted(pid for pid in ids if pid not in rank)
    return known


def plan(programme: Programme, request: Request, on: date | None = None) -> Outcome:
    """The sheet after ``request``, every change, and what to warn about; writes nothing."""
    rank = _ranks(programme)
    before, old, old_days = _open(programme, request.module, request.session, on, rank)
    days = dict(old_days)
    made_up_on = _made_up_on(before, request) if request.status == MAKEUP else None
    wanted: dict[str, str] = {}
    if request.ids:
        ids, problems = idspec.resolve(request.ids, [p.id for p in programme.participants])
        if problems:
            _raise_unknown(problems)
        wanted.update(dict.fromkeys(ids, request.status))
    for pid, status in request.marks.items():
        if pid not in programme.participants_by_id:
            _raise_unknown([idspec.IdProblem(pid, _("{text} is not registered.").format(text=pid))])
        wanted[pid] = status
    left_out: list[str] = []
    if request.fill_all:
        for participant in programme.participants:
            if participant.id in old or participant.id in wanted:
                continue
            if participant.registered > before.date:
                left_out.append(participant.id)
            else:
                wanted[participant.id] = request.status
    new = dict(old)
    changes: list[Change] = []
    unchanged: list[str] = []
    early: list[tuple[str, date]] = []
    kept: list[Change] = []
    for pid, status in _in_order(wanted, rank):
        if request.only_unmarked and pid in old and pid in request.marks:
            if old[pid] != status:
                kept.append(Change(pid, old[pid], status))
            else:
                unchanged.append(pid)
            continue
        registered = programme.participants_by_id[pid].registered
        if registered > before.date and old.get(pid) != status and status != MAKEUP:
            early.append((pid, registered))
        if old.get(pid) == status and (status != MAKEUP or days.get(pid) == made_up_on):
            unchanged.append(pid)
            continue
        changes.append(Change(pid, old.get(pid), status))
        new[pid] = status
        if made_up_on is not None and status == MAKEUP:
            days[pid] = made_up_on
    after = _sheet(programme, before.module, before.session, new, rank, days)
    if made_up_on is not None and not after.held:
        _refuse_unholding(after, [c.pid for c in changes if c.old in ("present", "late")])
    path = programme.folder.attendance(before.module.id)
    return Outcome(
        after,
        changes,
        unchanged,
        early,
        left_out,
        path,
        written=False,
        programme=programme.settings.name,
        kept=kept,
    )


def _made_up_on(sheet: SessionSheet, request: Request) -> date:
    """The day of the make-up asked for: on or after the session, not after today.

    A make-up counts once the session is held (someone came on its day), so
    one of a session not held is refused: most likely its roll is not written
    yet, or the number is wrong.
    """
    today = clock.today()
    day = request.made_up_on or today
    session = _("session {number} of '{module}' ({date})").format(
        number=sheet.session, module=sheet.module.id, date=sheet.date.isoformat()
    )
    if not sheet.held:
        raise NotFoundError(
            _(
                "Nobody is marked present or late at {session}: it is not held, so a make-up "
                "of it cannot count. Nothing was written."
            ).format(session=session),
            hint=_(
                "Take the session's roll first (`ukm attend {module} -s {number} ...`), or give "
                "the number of the session that was made up."
            ).format(module=sheet.module.id, number=sheet.session),
        )
    if day < sheet.date:
        raise UsageError(
            _("--on {day} is before {session}: a make-up comes after the session.").format(
                day=day.isoformat(), session=session
            ),
            hint=_("Give the day of the make-up with --on YYYY-MM-DD."),
        )
    if day > today:
        raise UsageError(
            _("--on {day} is after today ({today}).").format(
                day=day.isoformat(), today=today.isoformat()
            ),
            hint=_("Record a make-up once it has happened."),
        )
    return day


def _refuse_unholding(sheet: SessionSheet, moved: Sequence[str]) -> None:
    """Refuse make-ups that would leave the session with nobody present or late.

    A session is held only when someone came on its day; moving the last ones
    who did to the make-ups would make it not held, and every mark of it (the
    make-ups too) would stop counting.
    """
    raise NotFoundError(
        _(
            "Marking {ids} as a make-up would leave nobody present or late at session "
            "{number} of '{module}' ({date}): it would no longer be held, and no mark of it, "
            "the make-ups too, would count. Nothing was written."
        ).format(
            ids=", ".join(moved),
            number=sheet.session,
            module=sheet.module.id,
            date=sheet.date.isoformat(),
        ),
        hint=_(
            "Someone marked present at a session came on its day: a make-up is for those "
            "who did not. Check the session's number, or correct the roll first."
        ),
    )


def _in_order(marks: Mapping[str, str], rank: Mapping[str, int]) -> list[tuple[str, str]]:
    return sorted(marks.items(), key=lambda item: rank.get(item[0], len(rank)))


def _raise_unknown(problems: Sequence[idspec.IdProblem]) -> None:
    if len(problems) == 1:
        raise NotFoundError(
            problems[0].message + " " + _("Nothing was written."), hint=problems[0].hint
        )
    raise NotFoundError(
        ngettext(
            "{count} of the ids given names no registered participant; nothing was written.",
            "{count} of the ids given name no registered participant; nothing was written.",
            len(problems),
        ).format(count=len(problems)),
        [p.message + (" " + p.hint if p.hint else "") for p in problems],
    )


def load_for(folder: Folder, module_name: str, progress: Progress | None = None) -> Programme:
    """Load the folder, refusing when the files ``ukm attend`` relies on have errors.

    Those are program.yaml, modules.yaml, participants.yaml and the module's
    attendance file; errors elsewhere are left to ``ukm check``.  ``progress``
    is the loader's (bytes read of the folder's files).
    """
    result = load(folder, progress=progress)
    relied_on = {folder.program, folder.modules, folder.participants}
    if result.programme is not None:
        module = result.programme.module_named(module_name)
        sheet = folder.attendance(module.id if module is not None else module_name)
        relied_on.add(sheet)
        # a sheet named in other capitals (Keuangan.yaml) is this very file on Windows and macOS
        relied_on.update(
            d.file
            for d in result.errors
            if d.file.parent == sheet.parent and d.file.name.casefold() == sheet.name.casefold()
        )
    return result.usable(
        _("The programme folder has errors; nothing was written."),
        _("Fix them (`ukm check` lists every one) and run the command again."),
        relied_on,
    )


def header(module: Module) -> str:
    """The comment lines that start a new attendance file."""
    title = _CONTROL.sub(" ", module.title)
    lines = [
        _("attendance/{module}.yaml: {title}").format(module=module.id, title=title),
        _("One sheet per session held, numbered as in modules.yaml (`ukm attend` writes them)."),
        _("late = terlambat, excused = izin, sick = sakit, absent = alpa;"),
        _("a registered participant on no list of a held session counts as absent."),
    ]
    return "".join(f"# {line}\n" for line in lines)


def record(
    folder: Folder, request: Request, on: date | None = None, progress: Progress | None = None
) -> Outcome:
    """Apply ``request`` to the sheet and write it, all or nothing, under the folder's lock.

    The folder is read again under the lock, so two ``ukm attend`` at once
    both land; the file must still hold what was read when it is replaced.
    """
    with store.locked(folder.root):
        # read the sheet before the folder, so a hand edit in between is caught at the write
        path = folder.attendance(request.module.strip().casefold())
        old_bytes = _read_sheet(path)
        programme = load_for(folder, request.module, progress)
        outcome = plan(programme, request, on)
        module = outcome.sheet.module
        if outcome.path != path:
            path = outcome.path
            old_bytes = _read_sheet(path)
        if not outcome.changes:
            return outcome
        old_text = old_bytes.decode("utf-8") if old_bytes is not None else None
        seen = sheet_file.ReadBack()
        try:
            new_text = sheet_file.rewrite(
                old_text,
                outcome.sheet.session,
                outcome.sheet.lists,
                makeup=outcome.sheet.makeup,
                header=header(module),
                seen=seen,
            )
        except sheet_file.FlowSessionsError as exc:
            raise WriteError(
                _(
                    "ukm cannot change {file}: its sessions are written inside one "
                    "{{...}}. Nothing was written."
                ).format(file=f"{path.parent.name}/{path.name}"),
                hint=_(
                    "Write each session as a block: its number and a colon on one line, "
                    "then present: [...] and the other lists indented below it."
                ),
            ) from exc
        except sheet_file.SheetTextError as exc:
            raise WriteError(
                _(
                    "ukm cannot change {file} safely: laid out as it is, the new text "
                    "did not read back as meant. Nothing was written."
                ).format(file=f"{path.parent.name}/{path.name}"),
                hint=_(
                    "Write the marks of session {session} by hand, as the other sessions "
                    "are written, and please tell the ukm developers."
                ).format(session=outcome.sheet.session),
            ) from exc
        _make_folder(path.parent)
        new_bytes = new_text.encode("utf-8")
        store.atomic_write(
            path,
            new_bytes,
            expected=old_bytes,
            check_expected=True,
            mode_like=_mode_model(folder, path),
        )
        seeding.after_write(folder, path, old_bytes, new_bytes, seeding.sheet_written(seen))
    return Outcome(
        outcome.sheet,
        outcome.changes,
        outcome.unchanged,
        outcome.early,
        outcome.left_out,
        outcome.path,
        written=True,
        programme=outcome.programme,
        kept=outcome.kept,
    )


def _read_sheet(path: Path) -> bytes | None:
    try:
        return store.read_bytes(path)
    except NotADirectoryError:
        return None  # 'attendance' is not a folder: _make_folder says so
    except OSError as exc:
        raise WriteError(
            _("Cannot read {path}: {reason}; nothing was written.").format(
                path=path, reason=exc.strerror or exc
            ),
            hint=_("Check the permissions of the file and of its folder."),
        ) from None


def _make_folder(directory: Path) -> None:
    """Make the attendance folder (when missing) no more open than the programme folder."""
    try:
        if not directory.is_dir():
            mode = (stat.S_IMODE(directory.parent.stat().st_mode) & 0o777) | 0o700
            directory.mkdir(mode=mode, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot make the folder {folder}: {reason}; nothing was written.").format(
                folder=directory, reason=exc.strerror or exc
            ),
            hint=_("Check that {folder} is a folder you may write to.").format(folder=directory),
        ) from None


def _mode_model(folder: Folder, path: Path) -> list[Path]:
    """A new sheet is no more readable than another sheet and participants.yaml."""
    siblings: Iterable[Path] = (
        sorted(folder.attendance_dir.glob("*.yaml")) if folder.attendance_dir.is_dir() else []
    )
    models = [folder.participants]
    for sibling in siblings:
        if sibling != path:
            models.append(sibling)
            break
    return models
