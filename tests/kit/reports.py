"""Build report test folders from Python values, and compute the expected figures.

``expected`` applies PRODUCT.md's rules (version 2.1: make-ups, exemptions,
missed modules) on its own, written from the text of the rules and not from
``ukmtool.core.rules``, so the reports are checked against an independent
computation.  ``sample_as_specs`` reads the shipped sample the same way, with
plain PyYAML.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from tests.kit.helpers import Run, build_tree

STATUSES = ("present", "late", "excused", "sick", "absent")


@dataclass
class Person:
    id: str
    registered: date = date(2018, 1, 1)
    business: str = ""
    owner: str = "Sri Lestari"
    gender: str = "F"
    sector: str = "batik"
    district: str = "Cepu"
    tags: tuple[str, ...] = ()
    phone: str | None = None
    nik: str | None = None
    exempt: dict[str, str] = field(default_factory=dict)
    """Module id -> reason (format 1.2)."""


@dataclass
class Mod:
    id: str
    dates: dict[int, date]
    sheets: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    min_attendance: int | None = None
    title: str = ""
    makeups: dict[int, dict[str, date]] = field(default_factory=dict)
    """Session number -> participant id -> the day they made it up (format 1.2)."""


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write(
    root: Path,
    modules: list[Mod],
    people: list[Person],
    *,
    min_attendance: int = 75,
    districts: tuple[str, ...] = ("Cepu", "Japah", "Jepon"),
    sectors: tuple[str, ...] = ("batik", "kuliner"),
) -> Path:
    """Write a programme folder holding exactly ``modules`` and ``people``."""
    program = (
        "name: Pelatihan Uji\n"
        "starts: 2018-01-01\n"
        "ends: 2018-12-31\n"
        "language: en\n"
        f"min_attendance: {min_attendance}\n"
        f"districts: [{', '.join(districts)}]\n"
        f"sectors: [{', '.join(sectors)}]\n"
    )
    mod_lines: list[str] = []
    for m in modules:
        mod_lines += [f"- id: {m.id}", f"  title: {q(m.title or m.id.title())}"]
        if m.min_attendance is not None:
            mod_lines.append(f"  min_attendance: {m.min_attendance}")
        mod_lines.append("  sessions:")
        mod_lines += [f"    {n}: {{date: {d.isoformat()}}}" for n, d in m.dates.items()]
    people_lines: list[str] = []
    for p in people:
        people_lines += [
            f"- id: {p.id}",
            f"  business: {q(p.business or 'Usaha ' + p.id)}",
            f"  owner: {q(p.owner)}",
            f"  gender: {p.gender}",
            f"  sector: {p.sector}",
            f"  district: {p.district}",
            f"  registered: {p.registered.isoformat()}",
        ]
        if p.tags:
            people_lines.append(f"  tags: [{', '.join(q(t) for t in p.tags)}]")
        if p.phone:
            people_lines.append(f"  phone: {q(p.phone)}")
        if p.nik:
            people_lines.append(f"  nik: {q(p.nik)}")
        if p.exempt:
            people_lines.append("  exempt:")
            people_lines += [f"    {module}: {q(why)}" for module, why in p.exempt.items()]
    files: dict[str, str | bytes] = {
        "program.yaml": program,
        "modules.yaml": "\n".join(mod_lines) + "\n",
        "participants.yaml": "\n".join(people_lines) + "\n" if people else "[]\n",
    }
    for m in modules:
        if not m.sheets and not m.makeups:
            continue
        lines = []
        for number in sorted(set(m.sheets) | set(m.makeups)):
            lines.append(f"{number}:")
            sheet = m.sheets.get(number, {})
            lines += [f"  {status}: [{', '.join(ids)}]" for status, ids in sheet.items()]
            made_up = m.makeups.get(number)
            if made_up:
                pairs = ", ".join(f"{pid}: {day.isoformat()}" for pid, day in made_up.items())
                lines.append(f"  makeup: {{{pairs}}}")
        files[f"attendance/{m.id}.yaml"] = "\n".join(lines) + "\n"
    root.mkdir(parents=True, exist_ok=True)
    (root / "attendance").mkdir(exist_ok=True)
    return build_tree(root, files)


def is_held(m: Mod, number: int, as_of: date | None = None) -> bool:
    """Version 2: a sheet with someone present or late, dated on or before ``as_of``."""
    sheet = m.sheets.get(number)
    if sheet is None or (as_of is not None and m.dates[number] > as_of):
        return False
    return bool(sheet.get("present") or sheet.get("late"))


def made_up(m: Mod, p: Person, as_of: date | None = None) -> dict[int, date]:
    """The held sessions of ``m`` that ``p`` made up by ``as_of``: number -> the make-up's day.

    Version 2.1: a make-up counts once its session is held and from its own day on.
    """
    return {
        number: marks[p.id]
        for number, marks in m.makeups.items()
        if p.id in marks and is_held(m, number, as_of) and (as_of is None or marks[p.id] <= as_of)
    }


def expected(
    m: Mod, p: Person, programme_minimum: int = 75, as_of: date | None = None
) -> dict[str, Any]:
    """One participant's figures in one module, by PRODUCT.md's rules (version 2.1)."""
    minimum = m.min_attendance if m.min_attendance is not None else programme_minimum
    if m.id in p.exempt:  # counts as completed to graduate; left out of the module's counts
        return {
            **dict.fromkeys(STATUSES, 0),
            "makeup": 0,
            "attended": 0,
            "sessions": 0,
            "held": 0,
            "required": 0,
            "status": "exempt",
            "at_risk": False,
            "missed_last_two": False,
            "missed": [],
            "to_date": None,
            "overall": None,
            "best_possible": None,
            "completed_on": p.registered,
        }
    extra = made_up(m, p, as_of)
    counting = sorted((d, n) for n, d in m.dates.items() if d >= p.registered or n in extra)
    n_sessions = len(counting)
    counts = dict.fromkeys((*STATUSES, "makeup"), 0)
    came: list[bool] = []
    came_on: list[date] = []
    missed: list[tuple[int, str]] = []
    for day, number in counting:
        if not is_held(m, number, as_of):
            continue
        sheet = m.sheets[number]
        status = "absent"
        listed = False
        for name, ids in sheet.items():
            if p.id in ids:
                status, listed = name, True
        if not listed and number in extra:
            status, listed = "makeup", True
        counts[status] += 1
        came.append(status in ("present", "late", "makeup"))
        if came[-1]:
            came_on.append(extra[number] if status == "makeup" else day)
        else:
            missed.append((number, status if listed else "unmarked"))
    held = len(came)
    attended = counts["present"] + counts["late"] + counts["makeup"]
    required = math.ceil(Fraction(n_sessions * minimum, 100))
    if minimum > 0:
        required = max(required, 1)
    reachable = attended + n_sessions - held
    if n_sessions == 0:
        status = "missed"
    elif attended >= required:
        status = "completed"
    elif reachable < required:
        status = "failed"
    else:
        status = "in_progress"
    completed_on = None
    if status == "completed":
        completed_on = p.registered if required == 0 else sorted(came_on)[required - 1]
    return {
        **counts,
        "attended": attended,
        "sessions": n_sessions,
        "held": held,
        "required": required,
        "status": status,
        "at_risk": status == "in_progress" and reachable == required and attended < held,
        "missed_last_two": held >= 2 and not came[-1] and not came[-2],
        "missed": missed,
        "to_date": None if held == 0 else attended / held,
        "overall": None if n_sessions == 0 else attended / n_sessions,
        "best_possible": None if n_sessions == 0 else reachable / n_sessions,
        "completed_on": completed_on,
    }


def programme_standing(wants: list[dict[str, Any]]) -> str:
    """One participant's standing in the programme from their expected figures per module."""
    statuses = [w["status"] for w in wants]
    if statuses and all(s in ("completed", "exempt") for s in statuses):
        return "completed"
    if "failed" in statuses:
        return "failed"
    if "missed" in statuses:
        return "missed"
    return "in_progress"


def pct(part: int, whole: int) -> int | None:
    """part / whole as a whole percent, rounded half up (None when whole is 0)."""
    if whole == 0:
        return None
    return math.floor(Fraction(100 * part, whole) + Fraction(1, 2))


def report_json(ukm: Run, folder: Path, *args: str) -> Any:
    """``ukm --data folder ARGS --format json``, parsed (the run must succeed)."""
    result = ukm("--data", str(folder), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sample_as_specs(folder: Path) -> tuple[list[Mod], list[Person], int]:
    """The shipped sample read with plain PyYAML, for an independent computation."""

    def load(name: str) -> Any:
        return yaml.load((folder / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    program = load("program.yaml")
    people = [
        Person(
            p["id"],
            registered=date.fromisoformat(p["registered"]),
            district=p["district"],
            exempt=dict(p.get("exempt") or {}),
        )
        for p in load("participants.yaml")
    ]
    modules = []
    for m in load("modules.yaml"):
        sheets_path = folder / "attendance" / f"{m['id']}.yaml"
        sheets = load(f"attendance/{m['id']}.yaml") if sheets_path.exists() else {}
        modules.append(
            Mod(
                m["id"],
                {int(n): date.fromisoformat(s["date"]) for n, s in m["sessions"].items()},
                {
                    int(n): {k: v or [] for k, v in sheet.items() if k != "makeup"}
                    for n, sheet in sheets.items()
                },
                min_attendance=int(m["min_attendance"]) if "min_attendance" in m else None,
                makeups={
                    int(n): {pid: date.fromisoformat(day) for pid, day in sheet["makeup"].items()}
                    for n, sheet in sheets.items()
                    if sheet.get("makeup")
                },
            )
        )
    return modules, people, int(program["min_attendance"])
