"""The tables of an export bundle: their columns (with what each means) and their rows.

Each table is a :class:`Spec`: a name, what a row is, and its columns, each
with a type and a sentence (``BUNDLE/README.md`` is written from them).
:func:`batches` gives a programme's rows of one table as columns of plain
values, a batch at a time (a module's marks, a module's standings), so that
a programme of 100,000 participants never holds all its rows at once.

Every figure is what ukm's own functions compute: the standings are the rules'
(``core/rules``), the size classes the law's (``core/sizeclass``), the
graduates those of ``ukm report --graduates``.  Rows about a participant carry
its ``district`` and the district's Kemendagri code (``district_codes`` of
program.yaml).  The NIK leaves only as an HMAC-SHA256 of it under the key
given (``nik_hash``), or as itself when asked (``nik``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ukmtool import __version__
from ukmtool.core import sizeclass
from ukmtool.core.programme import Programme
from ukmtool.core.reports.impact import (
    baseline_of,
    change_of,
    figures_of,
    measurements_by_participant,
    summarise,
)
from ukmtool.core.reports.scores import gain_tenths
from ukmtool.core.rules import ModuleRoll, Roster, completed_on, graduates
from ukmtool.core.thresholds import required_sessions

FORMAT_VERSION = "1.2"
"""The version of the programme folder format this ukm reads (docs/folder.md)."""
BUNDLE_VERSION = 1
"""The version of the bundle's own layout (tables, columns, manifest)."""
PARTITION = "programme"
"""The column every table is partitioned by (hive-style folders ``programme=KEY``)."""

Columns = dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class Col:
    """One column: its name, its type, and what it holds."""

    name: str
    type: str
    """string, int64, float64, bool, date, timestamp or list<string>."""
    about: str


@dataclass(frozen=True, slots=True)
class Spec:
    """One table of the bundle."""

    name: str
    about: str
    columns: tuple[Col, ...]


@dataclass(frozen=True, slots=True)
class NikPolicy:
    """How NIKs leave: hashed under ``key`` (None: not at all), and in full when ``plain``."""

    key: bytes | None = None
    plain: bool = False

    def hashed(self, nik: str | None) -> str | None:
        """HMAC-SHA256 of the NIK under the key, as hex (None without a NIK or a key)."""
        if not nik or self.key is None:
            return None
        return hmac.new(self.key, nik.encode("ascii"), hashlib.sha256).hexdigest()

    @property
    def kind(self) -> str:
        """``hmac-sha256``, ``none``; ``+plain`` when the NIK itself is there."""
        base = "hmac-sha256" if self.key is not None else "none"
        return base + ("+plain" if self.plain else "")


_WHERE = (
    Col("district", "string", "the participant's district (kecamatan), as in participants.yaml"),
    Col("district_code", "string", "the district's Kemendagri code (program.yaml district_codes)"),
)
_WHO = Col("participant", "string", "the participant's id in its programme (participants.id)")

PROGRAMMES = Spec(
    "programmes",
    "one row per programme exported",
    (
        Col("name", "string", "the programme's name"),
        Col("organizer", "string", "who runs it"),
        Col("venue", "string", "where it is held"),
        Col("starts", "date", "its first day"),
        Col("ends", "date", "its last day"),
        Col("year", "int64", "the year it starts"),
        Col("language", "string", "id or en"),
        Col("min_attendance", "int64", "percent of a module's sessions needed to complete it"),
        Col("participants", "int64", "participants registered"),
        Col("modules", "int64", "modules"),
        Col("sessions", "int64", "sessions planned, over every module"),
        Col("folder", "string", "the programme folder's name (not its path)"),
        Col("exported", "timestamp", "when this programme was exported (UTC)"),
        Col("ukm_version", "string", "the ukm that exported it"),
        Col("format_version", "string", "the programme folder format it was read as"),
    ),
)
PARTICIPANTS = Spec(
    "participants",
    "one row per registered participant (no owner's name, phone, address or notes)",
    (
        Col("id", "string", "the participant's id in its programme (UKM-001)"),
        Col("business", "string", "the business's name"),
        Col("gender", "string", "the owner's gender: F or M"),
        Col("sector", "string", "the business sector"),
        *_WHERE,
        Col("village", "string", "the village (desa/kelurahan), when given"),
        Col("registered", "date", "the day it registered"),
        Col("employees", "int64", "employees when registered (baseline)"),
        Col("monthly_sales", "int64", "sales a month when registered, whole Rupiah (baseline)"),
        Col("capital", "int64", "capital without land and buildings, whole Rupiah (baseline)"),
        Col("tags", "list<string>", "the participant's tags"),
        Col("nib", "string", "the business's NIB (Nomor Induk Berusaha), when given"),
        Col(
            "nik_hash",
            "string",
            "HMAC-SHA256 of the owner's NIK under the export's key, hex; empty without a key",
        ),
        Col(
            "naik_kelas",
            "bool",
            "its size class went up from the baseline to the latest measurement, as ukm report "
            "--impact counts it; empty when not measured or not comparable",
        ),
        Col(
            "jobs_added",
            "int64",
            "employees at the latest measurement minus at baseline; empty when either is unknown",
        ),
    ),
)
NIK_COLUMN = Col("nik", "string", "the owner's NIK itself (only in a bundle made with --with-nik)")
MODULES = Spec(
    "modules",
    "one row per module, in teaching order",
    (
        Col("module", "string", "the module's id"),
        Col("title", "string", "its title"),
        Col("position", "int64", "its place in teaching order, from 1"),
        Col(
            "min_attendance",
            "int64",
            "percent of its sessions needed (its own, else the programme's)",
        ),
        Col("sessions", "int64", "sessions planned"),
        Col("required", "int64", "sessions needed by someone registered before the first"),
        Col("hours", "float64", "hours of its sessions that give them; empty when none does"),
    ),
)
SESSIONS = Spec(
    "sessions",
    "one row per planned session",
    (
        Col("module", "string", "the module's id"),
        Col("session", "int64", "the session's number"),
        Col("date", "date", "its date"),
        Col("topic", "string", "its topic"),
        Col("trainer", "string", "its trainer"),
        Col("place", "string", "where"),
        Col("hours", "float64", "its hours"),
        Col("held", "bool", "its sheet marks someone present or late"),
    ),
)
MARKS = Spec(
    "marks",
    "one row per mark written on an attendance sheet (a participant on no list of a held "
    "session has no row: the standings count it as absent)",
    (
        Col("module", "string", "the module's id"),
        Col("session", "int64", "the session's number"),
        _WHO,
        Col("mark", "string", "present, late, excused, sick, absent or makeup"),
        *_WHERE,
    ),
)
STANDINGS = Spec(
    "standings",
    "one row per participant and module, as ukm's rules computed them (ukm report)",
    (
        _WHO,
        Col("module", "string", "the module's id"),
        Col(
            "status",
            "string",
            "completed, in_progress, failed, exempt or missed: the words of --format json",
        ),
        Col("at_risk", "bool", "in progress with no absence left to spare, having missed one"),
        Col(
            "attended", "int64", "sessions attended (present, late or made up) of those that count"
        ),
        Col("held", "int64", "sessions held of those that count"),
        Col("sessions", "int64", "sessions that count (on or after registration, or made up)"),
        Col("required", "int64", "sessions needed to complete"),
        Col("completed_on", "date", "the day the required attendance was reached"),
        *_WHERE,
    ),
)
GRADUATES = Spec(
    "graduates",
    "one row per participant who completed every module (ukm report --graduates)",
    (
        _WHO,
        Col("completed_on", "date", "the day the last module was completed"),
        Col("certificate", "string", "the number of its valid certificate, when issued"),
        *_WHERE,
    ),
)
VISITS = Spec(
    "visits",
    "one row per mentoring visit",
    (
        _WHO,
        Col("date", "date", "the visit's day"),
        Col("trainer", "string", "who visited"),
        Col("hours", "float64", "how long"),
        Col("modules", "list<string>", "the modules it followed up"),
        Col("practices_in_place", "list<string>", "practices observed in place"),
        Col("practices_not_in_place", "list<string>", "practices observed not in place"),
        *_WHERE,
    ),
)
MEASUREMENTS = Spec(
    "measurements",
    "one row per participant's baseline and per later measurement, with its size class",
    (
        _WHO,
        Col("date", "date", "the day (the registration day for the baseline)"),
        Col("kind", "string", "baseline or measurement"),
        Col("monthly_sales", "int64", "sales a month, whole Rupiah"),
        Col("capital", "int64", "capital without land and buildings, whole Rupiah"),
        Col("employees", "int64", "employees"),
        Col("source", "string", "the survey it comes from"),
        Col("law", "string", "the law in force on the day (UU 20/2008, PP 7/2021)"),
        Col("size_class", "string", "mikro, kecil, menengah or besar under that law"),
        *_WHERE,
    ),
)
CERTIFICATES = Spec(
    "certificates",
    "one row per certificate number ever given",
    (
        Col("number", "string", "the certificate's number"),
        _WHO,
        Col("issued", "date", "the day it was issued"),
        Col("revoked", "bool", "revoked"),
        Col("revoked_on", "date", "the day it was revoked"),
        Col("revocation_reason", "string", "why"),
        *_WHERE,
    ),
)
SCORES = Spec(
    "scores",
    "one row per participant and module with a pre- or post-test score (scores.yaml)",
    (
        _WHO,
        Col("module", "string", "the module's id"),
        Col("pre", "float64", "the pre-test score out of 100; empty when not taken"),
        Col("post", "float64", "the post-test score out of 100; empty when not taken"),
        Col("gain", "float64", "post minus pre, one decimal; empty unless both were taken"),
        Col(
            "exempt",
            "bool",
            "the participant is exempt from the module: ukm report leaves the scores out of "
            "its averages",
        ),
        *_WHERE,
    ),
)
TABLES: tuple[Spec, ...] = (
    PROGRAMMES,
    PARTICIPANTS,
    MODULES,
    SESSIONS,
    MARKS,
    STANDINGS,
    GRADUATES,
    VISITS,
    MEASUREMENTS,
    CERTIFICATES,
    SCORES,
)


def columns_of(spec: Spec, nik: NikPolicy) -> tuple[Col, ...]:
    """The columns a table has in this export (``nik`` only when asked for)."""
    return (*spec.columns, NIK_COLUMN) if spec is PARTICIPANTS and nik.plain else spec.columns


_SLUG = re.compile(r"[^a-z0-9]+")


def programme_key(programme: Programme) -> str:
    """The programme's key, the value of ``programme`` in every table: stable, unique, a path.

    Its name as a slug, and 8 hex digits of a hash of its name, organizer and
    first day (two regencies' ``Score Plus 2019`` differ by their organizer).
    """
    settings = programme.settings
    slug = _SLUG.sub("-", settings.name.casefold()).strip("-")[:60].strip("-") or "programme"
    identity = "\x00".join((settings.name, settings.organizer or "", settings.starts.isoformat()))
    return f"{slug}-{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:8]}"


BATCH = 200_000
"""Rows a batch holds at most (a module's marks or standings may be split)."""


class Context:
    """One programme being exported: its rows' district codes and the NIK policy."""

    def __init__(self, programme: Programme, nik: NikPolicy, exported: Any) -> None:
        self.programme = programme
        self.nik = nik
        self.exported = exported
        self.codes = programme.settings.district_codes
        self.folded = {name.casefold(): code for name, code in self.codes.items()}
        self.districts: dict[str, tuple[str | None, str | None]] = {
            p.id: (p.district, self.code(p.district)) for p in programme.participants
        }
        """Participant id -> (district, its code): what rows about a participant carry."""

    def code(self, district: str) -> str | None:
        """The Kemendagri code of a district (its name in any case), or None."""
        return self.codes.get(district) or self.folded.get(district.casefold())

    def where(self, columns: Columns, ids: list[str]) -> None:
        """Add the district and its code of each participant of ``ids`` to ``columns``."""
        nowhere = (None, None)
        found = [self.districts.get(pid, nowhere) for pid in ids]
        columns["district"].extend([d for d, _c in found])
        columns["district_code"].extend([c for _d, c in found])


def batches(spec: Spec, ctx: Context) -> Iterator[Columns]:
    """The rows of ``spec`` for one programme, as column batches."""
    yield from _BUILDERS[spec.name](ctx)


def _empty(spec: Spec, ctx: Context) -> Columns:
    return {col.name: [] for col in columns_of(spec, ctx.nik)}


def _programmes(ctx: Context) -> Iterator[Columns]:
    p = ctx.programme
    s = p.settings
    yield {
        "name": [s.name],
        "organizer": [s.organizer],
        "venue": [s.venue],
        "starts": [s.starts],
        "ends": [s.ends],
        "year": [s.starts.year],
        "language": [s.language],
        "min_attendance": [s.min_attendance],
        "participants": [len(p.participants)],
        "modules": [len(p.modules)],
        "sessions": [sum(len(m.sessions) for m in p.modules)],
        "folder": [p.folder.root.name],
        "exported": [ctx.exported],
        "ukm_version": [__version__],
        "format_version": [FORMAT_VERSION],
    }


def _participants(ctx: Context) -> Iterator[Columns]:
    out = _empty(PARTICIPANTS, ctx)
    measured = measurements_by_participant(ctx.programme.indicators)
    for p in ctx.programme.participants:
        mine = measured.get(p.id)
        growth = summarise([change_of(p, mine[-1])]) if mine else None
        out["id"].append(p.id)
        out["business"].append(p.business)
        out["gender"].append(p.gender)
        out["sector"].append(p.sector)
        ctx.where(out, [p.id])
        out["village"].append(p.village)
        out["registered"].append(p.registered)
        out["employees"].append(p.employees)
        out["monthly_sales"].append(p.monthly_sales)
        out["capital"].append(p.capital)
        out["tags"].append(list(p.tags))
        out["nib"].append(p.nib)
        out["nik_hash"].append(ctx.nik.hashed(p.nik))
        out["naik_kelas"].append(
            bool(growth.moved_up) if growth is not None and growth.classified else None
        )
        out["jobs_added"].append(
            growth.jobs_added if growth is not None and growth.jobs_businesses else None
        )
        if ctx.nik.plain:
            out["nik"].append(p.nik)
        if len(out["id"]) >= BATCH:
            yield out
            out = _empty(PARTICIPANTS, ctx)
    yield out


def _modules(ctx: Context) -> Iterator[Columns]:
    out = _empty(MODULES, ctx)
    for position, m in enumerate(ctx.programme.modules, start=1):
        minimum = ctx.programme.min_attendance(m)
        hours = [s.hours for s in m.sessions.values() if s.hours is not None]
        out["module"].append(m.id)
        out["title"].append(m.title)
        out["position"].append(position)
        out["min_attendance"].append(minimum)
        out["sessions"].append(len(m.sessions))
        out["required"].append(required_sessions(len(m.sessions), minimum))
        out["hours"].append(float(sum(hours)) if hours else None)
    yield out


def _sessions(ctx: Context) -> Iterator[Columns]:
    out = _empty(SESSIONS, ctx)
    for m in ctx.programme.modules:
        sheets = ctx.programme.sheets.get(m.id, {})
        for number, session in sorted(m.sessions.items()):
            sheet = sheets.get(number)
            out["module"].append(m.id)
            out["session"].append(number)
            out["date"].append(session.date)
            out["topic"].append(session.topic)
            out["trainer"].append(session.trainer)
            out["place"].append(session.place)
            out["hours"].append(session.hours)
            out["held"].append(bool(sheet is not None and sheet.held))
    yield out


def _marks(ctx: Context) -> Iterator[Columns]:
    for m in ctx.programme.modules:
        out = _empty(MARKS, ctx)
        for number, sheet in sorted(ctx.programme.sheets.get(m.id, {}).items()):
            marked = sheet.status_of()
            ids = list(marked)
            out["module"].extend([m.id] * len(ids))
            out["session"].extend([number] * len(ids))
            out["participant"].extend(ids)
            out["mark"].extend(marked.values())
            ctx.where(out, ids)
            if len(out["module"]) >= BATCH:
                yield out
                out = _empty(MARKS, ctx)
        yield out


def _standings(ctx: Context) -> Iterator[Columns]:
    programme = ctx.programme
    roster = Roster(programme.participants)
    for m in programme.modules:
        roll = ModuleRoll(m, programme.sheets.get(m.id, {}))
        standings = roll.standings(roster, programme.min_attendance(m))
        made_up = roll.made_up()
        days: dict[tuple[Any, ...], Any] = {}
        for p, s in zip(programme.participants, standings, strict=True):
            key = (id(s), p.registered)
            if p.id in made_up:  # make-up days are the participant's own
                days[(*key, p.id)] = completed_on(s, m, p.registered, made_up[p.id])
            elif key not in days:
                days[key] = completed_on(s, m, p.registered)
        for start in range(0, max(len(standings), 1), BATCH):
            people = programme.participants[start : start + BATCH]
            chosen = standings[start : start + BATCH]
            out = _empty(STANDINGS, ctx)
            ids = [p.id for p in people]
            out["participant"] = ids
            out["module"] = [m.id] * len(ids)
            out["status"] = [s.status.value for s in chosen]
            out["at_risk"] = [s.at_risk for s in chosen]
            out["attended"] = [s.attended for s in chosen]
            out["held"] = [s.held for s in chosen]
            out["sessions"] = [s.sessions for s in chosen]
            out["required"] = [s.required for s in chosen]
            out["completed_on"] = [
                days[(id(s), p.registered, p.id) if p.id in made_up else (id(s), p.registered)]
                for p, s in zip(people, chosen, strict=True)
            ]
            ctx.where(out, ids)
            yield out


def _graduates(ctx: Context) -> Iterator[Columns]:
    out = _empty(GRADUATES, ctx)
    held = {c.participant: c.number for c in ctx.programme.certificates if c.valid}
    for graduate in graduates(ctx.programme):
        p = graduate.participant
        out["participant"].append(p.id)
        out["completed_on"].append(graduate.completed)
        out["certificate"].append(held.get(p.id))
        ctx.where(out, [p.id])
    yield out


def _visits(ctx: Context) -> Iterator[Columns]:
    out = _empty(VISITS, ctx)
    for v in ctx.programme.visits:
        out["participant"].append(v.participant)
        out["date"].append(v.date)
        out["trainer"].append(v.trainer)
        out["hours"].append(v.hours)
        out["modules"].append(list(v.modules))
        out["practices_in_place"].append([k for k, seen in v.practices.items() if seen])
        out["practices_not_in_place"].append([k for k, seen in v.practices.items() if not seen])
        ctx.where(out, [v.participant])
    yield out


def _measurements(ctx: Context) -> Iterator[Columns]:
    out = _empty(MEASUREMENTS, ctx)
    measured = measurements_by_participant(ctx.programme.indicators)
    for p in ctx.programme.participants:
        points: list[tuple[Any, str, str | None]] = [(baseline_of(p), "baseline", None)]
        points += [(figures_of(i), "measurement", i.source) for i in measured.get(p.id, ())]
        for figures, kind, source in points:
            law = sizeclass.law_on(figures.date)
            out["participant"].append(p.id)
            out["date"].append(figures.date)
            out["kind"].append(kind)
            out["monthly_sales"].append(figures.monthly_sales)
            out["capital"].append(figures.capital)
            out["employees"].append(figures.employees)
            out["source"].append(source)
            out["law"].append(law.name)
            out["size_class"].append(
                sizeclass.size_class(figures.monthly_sales, figures.capital, law)
            )
            ctx.where(out, [p.id])
        if len(out["participant"]) >= BATCH:
            yield out
            out = _empty(MEASUREMENTS, ctx)
    yield out


def _certificates(ctx: Context) -> Iterator[Columns]:
    out = _empty(CERTIFICATES, ctx)
    for c in ctx.programme.certificates:
        out["number"].append(c.number)
        out["participant"].append(c.participant)
        out["issued"].append(c.issued)
        out["revoked"].append(c.revoked is not None)
        out["revoked_on"].append(c.revoked.date if c.revoked is not None else None)
        out["revocation_reason"].append(c.revoked.reason if c.revoked is not None else None)
        ctx.where(out, [c.participant])
    yield out


def _scores(ctx: Context) -> Iterator[Columns]:
    out = _empty(SCORES, ctx)
    exempt = {p.id: p.exempt for p in ctx.programme.participants}
    for entry in ctx.programme.scores:
        gain = gain_tenths(entry)
        out["participant"].append(entry.participant)
        out["module"].append(entry.module)
        out["pre"].append(None if entry.pre is None else float(entry.pre))
        out["post"].append(None if entry.post is None else float(entry.post))
        out["gain"].append(None if gain is None else gain / 10)
        out["exempt"].append(entry.module in exempt.get(entry.participant, {}))
        ctx.where(out, [entry.participant])
    yield out


_BUILDERS = {
    "programmes": _programmes,
    "participants": _participants,
    "modules": _modules,
    "sessions": _sessions,
    "marks": _marks,
    "standings": _standings,
    "graduates": _graduates,
    "visits": _visits,
    "measurements": _measurements,
    "certificates": _certificates,
    "scores": _scores,
}
