"""Build mentoring test folders from Python values, and compute the expected figures.

``expect`` applies the README's definitions on its own (first and latest
observation, shares of the businesses observed, gained and lost, days since
the last visit), written from the text and not from ``ukmtool.core``, so the
reports are checked against an independent computation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from tests.kit.helpers import build_tree

PRACTICES = {
    "keuangan": {"kas-harian": "Mencatat kas harian", "pisah-uang": "Memisahkan uang usaha"},
    "pemasaran": {"foto-produk": "Memotret produk", "merek": "Memakai merek"},
}


@dataclass
class V:
    """One visit."""

    participant: str
    date: date
    trainer: str = "Ratna Dewi"
    hours: float = 1.5
    modules: tuple[str, ...] = ()
    practices: dict[str, bool] = field(default_factory=dict)
    notes: str | None = None


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def folder(
    root: Path,
    visits: list[V],
    *,
    people: tuple[str, ...] = ("UKM-001", "UKM-002", "UKM-003", "UKM-004"),
    registered: date = date(2018, 1, 1),
    ends: date = date(2018, 3, 31),
    practices: dict[str, dict[str, str]] | None = None,
    tags: dict[str, tuple[str, ...]] | None = None,
) -> Path:
    """A programme folder with ``people``, two modules with practices, and ``visits``."""
    program = (
        "name: Pendampingan Uji\n"
        "starts: 2018-01-01\n"
        f"ends: {ends.isoformat()}\n"
        "language: en\n"
        "districts: [Cepu, Jepon]\n"
        "sectors: [batik, kuliner]\n"
    )
    modules = []
    for number, (module, taught) in enumerate((practices or PRACTICES).items()):
        modules += [
            f"- id: {module}",
            f"  title: {module.title()}",
            "  sessions:",
            # the first module's trainer is known to `ukm visit` (as the sample's is)
            f"    1: {{date: 2018-01-{8 + number:02d}"
            + (", trainer: Ratna Dewi}" if number == 0 else "}"),
        ]
        if taught:
            modules.append("  practices:")
            modules += [f"    {p}: {q(text)}" for p, text in taught.items()]
    participants = []
    for pid in people:
        participants += [
            f"- id: {pid}",
            f"  business: Usaha {pid}",
            "  owner: Sri Lestari",
            "  gender: F",
            "  sector: batik",
            "  district: Cepu",
            f"  registered: {registered.isoformat()}",
        ]
        if tags and pid in tags:
            participants.append(f"  tags: [{', '.join(tags[pid])}]")
    files: dict[str, str | bytes] = {
        "program.yaml": program,
        "modules.yaml": "\n".join(modules) + "\n",
        "participants.yaml": "\n".join(participants) + "\n",
    }
    if visits:
        files["visits.yaml"] = visits_text(visits)
    root.mkdir(parents=True, exist_ok=True)
    (root / "attendance").mkdir(exist_ok=True)
    return build_tree(root, files)


def visits_text(visits: list[V]) -> str:
    lines = ["# visits written by the test", ""]
    for v in visits:
        lines += [
            f"- participant: {v.participant}",
            f"  date: {v.date.isoformat()}",
            f"  trainer: {q(v.trainer)}",
            f"  hours: {v.hours}",
            f"  modules: [{', '.join(v.modules)}]",
            "  practices: {"
            + ", ".join(f"{p}: {'yes' if seen else 'no'}" for p, seen in v.practices.items())
            + "}",
        ]
        if v.notes:
            lines.append(f"  notes: {q(v.notes)}")
    return "\n".join(lines) + "\n"


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def whole_percent(part: int, whole: int) -> int | None:
    """Rounded half up."""
    if whole == 0:
        return None
    value = Fraction(100 * part, whole) + Fraction(1, 2)
    return value.numerator // value.denominator


def expect(
    visits: list[V],
    as_of: date,
    stale_days: int,
    practices: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The figures of ``ukm report --visits`` by the README's definitions."""
    catalogue = [p for taught in (practices or PRACTICES).values() for p in taught]
    counted = [v for v in visits if v.date <= as_of]
    per_business: dict[str, list[V]] = {}
    for v in counted:  # the file's order...
        per_business.setdefault(v.participant, []).append(v)
    businesses = {}
    for pid, own in per_business.items():
        own = sorted(own, key=lambda v: v.date)  # ...kept within a day (sorted is stable)
        record = {}
        for p in catalogue:
            seen = [v.practices[p] for v in own if p in v.practices]
            if seen:
                record[p] = (seen[0], seen[-1], len(seen))
        days = (as_of - own[-1].date).days
        businesses[pid] = {
            "trainer": own[-1].trainer,
            "visits": len(own),
            "hours": sum(v.hours for v in own),
            "first_visit": own[0].date.isoformat(),
            "last_visit": own[-1].date.isoformat(),
            "days_since": days,
            "stale": days > stale_days,
            "observed": len(record),
            "yes_first": sum(1 for f, _l, _n in record.values() if f),
            "yes_latest": sum(1 for _f, last, _n in record.values() if last),
            "gained": [p for p, (f, last, _n) in record.items() if not f and last],
            "lost": [p for p, (f, last, _n) in record.items() if f and not last],
            "record": record,
        }
    lines = {}
    for p in catalogue:
        seen = [b["record"][p] for b in businesses.values() if p in b["record"]]
        yes_first = sum(1 for f, _l, _n in seen if f)
        yes_latest = sum(1 for _f, last, _n in seen if last)
        lines[p] = {
            "observed": len(seen),
            "yes_first": yes_first,
            "yes_latest": yes_latest,
            "first": share(yes_first, len(seen)),
            "latest": share(yes_latest, len(seen)),
            "gained": sum(1 for f, last, _n in seen if not f and last),
            "lost": sum(1 for f, last, _n in seen if f and not last),
        }
    pairs = sum(b["observed"] for b in businesses.values())
    first = sum(b["yes_first"] for b in businesses.values())
    latest = sum(b["yes_latest"] for b in businesses.values())
    trainers: dict[str, dict[str, Any]] = {}
    for v in counted:
        t = trainers.setdefault(v.trainer, {"businesses": set(), "visits": 0, "hours": 0.0})
        t["businesses"].add(v.participant)
        t["visits"] += 1
        t["hours"] += v.hours
        t["last_visit"] = max(t.get("last_visit", v.date), v.date)
    for t in trainers.values():
        t["stale"] = []
    for pid in sorted(businesses):
        b = businesses[pid]
        if b["stale"]:
            trainers[b["trainer"]]["stale"].append(pid)
    return {
        "businesses": businesses,
        "practices": lines,
        "mentored": len(businesses),
        "pairs": pairs,
        "uptake_first": share(first, pairs),
        "uptake_latest": share(latest, pairs),
        "trainers": trainers,
    }
