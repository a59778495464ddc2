"""Build report test folders from Python values, and compute the expected figures.

``expected`` applies PRODUCT.md's rules on its own, written from the text of
the rules and not from ``ukmtool.core.rules``, so the reports are checked
against an independent computation.  ``sample_as_specs`` reads the shipped
sample the same way, with plain PyYAML.
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


@dataclass
class Mod:
    id: str
    dates: dict[int, date]
    sheets: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    min_attendance: int | None = None
    title: str = ""


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
    files: dict[str, str | bytes] = {
        "program.yaml": program,
        "modules.yaml": "\n".join(mod_lines) + "\n",
        "participants.yaml": "\n".join(people_lines) + "\n" if people else "[]\n",
    }
    for m in modules:
        if not m.sheets:
            continue
        lines = []
        for number, sheet in m.sheets.items():
            lines.append(f"{number}:")
            lines += [f"  {status}: [{', '.join(ids)}]" for status, ids in sheet.items()]
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


def expected(
    m: Mod, p: Person, programme_minimum: int = 75, as_of: date | None = None
) -> dict[str, Any]:
    """One participant's figures in one module, by PRODUCT.md's rules (version 2)."""
    minimum = m.min_attendance if m.min_attendance is not None else programme_minimum
    counting = sorted((d, n) for n, d in m.dates.items() if d >= p.registered)
    n_sessions = len(counting)
    counts = dict.fromkeys(STATUSES, 0)
    came: list[bool] = []
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
        counts[status] += 1
        came.append(status in ("present", "late"))
        if status not in ("present", "late"):
            missed.append((number, status if listed else "unmarked"))
        del day
    held = len(came)
    attended = counts["present"] + counts["late"]
    required = math.ceil(Fraction(n_sessions * minimum, 100))
    if minimum > 0:
        required = max(required, 1)
    reachable = attended + n_sessions - held
    if attended >= required:
        status = "completed"
    elif reachable < required:
        status = "failed"
    else:
        status = "in_progress"
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
    }


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
        Person(p["id"], registered=date.fromisoformat(p["registered"]), district=p["district"])
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
                {int(n): {k: v or [] for k, v in sheet.items()} for n, sheet in sheets.items()},
                min_attendance=int(m["min_attendance"]) if "min_attendance" in m else None,
            )
        )
    return modules, people, int(program["min_attendance"])
