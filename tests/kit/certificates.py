"""Certificates in tests: a sample whose programme has ended, and graduation computed here.

``finish_programme`` holds every session of the sample that is not held yet,
marking a fixed, uneven part of the participants present, so that some
graduate and some do not.  ``graduates_by_the_rules`` computes who graduates
from the files alone, from PRODUCT.md's rules (version 2.1: make-ups and
exemptions count), without ukm's core.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import yaml

LISTS = ("present", "late", "excused", "sick", "absent")


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def finish_programme(folder: Path, *, skip: int = 5, seed: int = 0) -> None:
    """Hold every session not held yet; participant n misses it when (7n + s + seed) % skip == 0."""
    modules = _load(folder / "modules.yaml")
    ids = [p["id"] for p in _load(folder / "participants.yaml")]
    for module in modules:
        path = folder / "attendance" / f"{module['id']}.yaml"
        sheets = _load(path) or {}
        for number in sorted(module["sessions"]):
            sheet = sheets.get(number) or {}
            if sheet.get("present") or sheet.get("late"):
                continue
            marked = {pid for name in LISTS for pid in sheet.get(name) or []}
            present = [
                pid
                for n, pid in enumerate(ids, 1)
                if pid not in marked and (7 * n + number + seed) % skip != 0
            ]
            sheet = dict(sheet)
            sheet["present"] = present
            sheets[number] = sheet
        path.parent.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")


def mark_present(folder: Path, module: str, session: int, pid: str) -> None:
    """Move ``pid`` to the present list of a held session."""
    path = folder / "attendance" / f"{module}.yaml"
    sheets = _load(path)
    sheet = sheets[session]
    for name in LISTS:
        if pid in (sheet.get(name) or []):
            sheet[name].remove(pid)
    sheet.setdefault("present", []).append(pid)
    path.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def graduates_by_the_rules(folder: Path) -> list[str]:
    """The ids of the participants who completed every module, by PRODUCT.md's rules."""
    program = _load(folder / "program.yaml")
    modules = _load(folder / "modules.yaml")
    participants = _load(folder / "participants.yaml")
    # Each attendance file read once: per module, the ids present or late at each held session.
    attended: dict[str, dict[Any, set[str]]] = {}
    made_up: dict[str, dict[Any, set[str]]] = {}  # 2.1: the make-ups of each held session
    for module in modules:
        sheets = _load(folder / "attendance" / f"{module['id']}.yaml") or {}
        held = {n: s for n, s in sheets.items() if s and (s.get("present") or s.get("late"))}
        attended[module["id"]] = {
            n: set(sheet.get("present") or []) | set(sheet.get("late") or [])
            for n, sheet in held.items()
        }
        made_up[module["id"]] = {n: set(sheet.get("makeup") or {}) for n, sheet in held.items()}
    result = []
    for p in participants:
        joined = _day(p["registered"])
        completed_all = bool(modules)
        for module in modules:
            if module["id"] in (p.get("exempt") or {}):  # 2.1: counts as completed
                continue
            held = attended[module["id"]]
            extra = made_up[module["id"]]  # 2.1: a make-up counts as present, whatever the date
            threshold = module.get("min_attendance", program.get("min_attendance", 75))
            counting = [
                n
                for n, s in module["sessions"].items()
                if _day(s["date"]) >= joined or p["id"] in extra.get(n, ())
            ]
            came = sum(
                1 for n in counting if p["id"] in held.get(n, ()) or p["id"] in extra.get(n, ())
            )
            required = math.ceil(len(counting) * threshold / 100)
            if threshold > 0:
                required = max(required, 1)
            if not counting or came < required:  # 2.1: nothing counts: missed
                completed_all = False
        if completed_all:
            result.append(p["id"])
    return result
