"""The corpus of broken programme folders: every fault gets the right file, line and message.

Each folder under ``tests/corpus/`` is named after the fault it carries and
holds only the files that differ from the small valid programme of
``tests.kit.helpers.programme``, plus ``expect.toml``:

    exit = 1                   # exit status of `ukm check`
    strict_exit = 1            # of `ukm check --strict` (default: 1 when a warning is expected)
    remove = ["program.yaml"]  # files of the base programme to delete (optional)
    stderr = "regex"           # optional: ukm stops before checking, with this on stderr

    [[report]]                 # every diagnostic `ukm check` prints, in order
    file = "participants.yaml" # relative to the programme folder
    line = 14                  # left out when the problem concerns the whole file
    column = 13                # optional: checked in --format json
    message = "regex"          # searched for in the message
    hint = "regex"             # optional: searched for in the hint below it
    warning = true             # optional
    note = true                # optional: a note (never a failure)

    [[value]]                  # optional: what the loader made of a value
    of = "participants_by_id.UKM-003.phone"
    equals = "0274123456"

The expected reports are the complete list: a fault that makes ukm print
unrelated follow-on errors fails here too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import REPO, Run, programme

CORPUS = REPO / "tests" / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
FOLDER = "prog"  # the case's folder, relative to the current folder

_LINE = re.compile(
    r"^(?P<file>[^:\s][^:]*?)(?::(?P<line>[0-9]+))?: "
    r"(?:(?P<warning>warning: )|(?P<note>note: ))?(?P<msg>.*)$"
)


@dataclass
class Report:
    """One diagnostic as `ukm check` printed it."""

    file: str
    line: int | None
    warning: bool
    message: str
    hint: str | None = None
    note: bool = False


def parse_text(stdout: str) -> list[Report]:
    """The diagnostics of `ukm check` text output (the verdict line left out)."""
    reports: list[Report] = []
    for raw in stdout.splitlines():
        if raw.startswith("    ") and reports:
            reports[-1].hint = raw.strip()
            continue
        match = _LINE.match(raw)
        file = match["file"].replace(os.sep, "/") if match else ""  # `case\...` on Windows
        if match and file.startswith(FOLDER + "/"):
            reports.append(
                Report(
                    file=file[len(FOLDER) + 1 :],
                    line=int(match["line"]) if match["line"] else None,
                    warning=bool(match["warning"]),
                    message=match["msg"],
                    note=bool(match["note"]),
                )
            )
    return reports


def build_case(name: str, root: Path) -> tuple[Path, dict[str, Any]]:
    """The base programme with the case's files laid over it."""
    source = CORPUS / name
    spec = tomllib.loads((source / "expect.toml").read_text(encoding="utf-8"))
    folder = programme(root)
    for rel in spec.get("remove", []):
        (folder / rel).unlink()
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expect.toml":
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return folder, spec


def walk(value: Any, dotted: str) -> Any:
    """Follow ``a.b.1.c`` through attributes and mappings (keys as text, then as numbers)."""
    for part in dotted.split("."):
        if isinstance(value, dict):
            value = value[part] if part in value else value[int(part)]
        else:
            value = getattr(value, part)
    return value


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 35


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(name: str, ukm: Run, isolated: Path) -> None:
    folder, spec = build_case(name, isolated / FOLDER)
    expected = spec.get("report", [])

    result = ukm("--data", FOLDER, "check")
    assert result.exit_code == spec["exit"], result.output
    if "stderr" in spec:
        assert result.stdout == ""
        assert re.search(spec["stderr"], result.stderr), result.stderr
        as_json = ukm("--data", FOLDER, "check", "--format", "json")
        assert (as_json.exit_code, as_json.stdout) == (spec["exit"], "")
        return
    assert result.stderr == "", "no traceback, nothing on stderr"
    reports = parse_text(result.stdout)
    assert len(reports) == len(expected), result.stdout
    for got, want in zip(reports, expected, strict=True):
        assert got.file == want["file"], result.stdout
        assert got.line == want.get("line"), result.stdout
        assert got.warning == want.get("warning", False), result.stdout
        assert got.note == want.get("note", False), result.stdout
        assert re.search(want["message"], got.message), result.stdout
        if "hint" in want:
            assert got.hint is not None and re.search(want["hint"], got.hint), result.stdout
    verdict = result.stdout.splitlines()[-1]
    assert verdict.startswith("OK: " if spec["exit"] == 0 else "Not OK: "), result.stdout

    has_warning = any(r.get("warning") for r in expected)
    strict = ukm("--data", FOLDER, "check", "--strict")
    assert strict.exit_code == spec.get("strict_exit", 1 if has_warning else spec["exit"])

    as_json = ukm("--data", FOLDER, "check", "--format", "json")
    assert as_json.exit_code == spec["exit"]
    payload = json.loads(as_json.stdout)
    items = sorted(
        [*payload["errors"], *payload["warnings"], *payload["notes"]],
        key=lambda d: (d["file"], d["line"] or 0, d["column"] or 0),
    )
    assert [(d["file"], d["line"], d["message"]) for d in items] == [
        (f"{FOLDER}/{r.file}", r.line, r.message) for r in reports
    ]
    assert len(payload["warnings"]) == sum(r.warning for r in reports)
    assert len(payload["notes"]) == sum(r.note for r in reports)
    for got_item, want in zip(items, expected, strict=True):
        if "column" in want:
            assert got_item["column"] == want["column"], got_item

    if "value" in spec:
        from ukmtool.core.folder import Folder
        from ukmtool.core.reading.loader import load

        loaded = load(Folder(folder))
        assert loaded.programme is not None
        for check in spec["value"]:
            assert walk(loaded.programme, check["of"]) == check["equals"]
