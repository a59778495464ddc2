"""Pre- and post-test averages of a generated programme, against an independent computation.

A folder from the benchmark generator gets random scores (whole and with one
decimal, pre only, post only, both, written in the forms offices use), and
two participants exempt from a module they have scores in.  The figures are
worked out again here from the files read with PyYAML alone, with exact
fractions, and rounded half away from zero to one decimal: every module's
averages and what they divide by, each participant's row, the groups of
``--by``, the programme's modules and totals; and the tables (CSV, Markdown,
xlsx) carry the same figures.
"""

from __future__ import annotations

import csv
import io
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.kit.benchgen import generate
from tests.kit.helpers import Run
from tests.kit.reports import report_json

SIZE = 150
EXEMPT = {"UKM-005": "keuangan", "UKM-006": "pemasaran"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate.generate(SIZE, tmp_path_factory.mktemp("scores") / "p")
    people = (root / "participants.yaml").read_text(encoding="utf-8")
    for pid, module in EXEMPT.items():
        people = people.replace(
            f"- id: {pid}\n", f"- id: {pid}\n  exempt: {{{module}: ikut pelatihan serupa}}\n"
        )
    (root / "participants.yaml").write_text(people, encoding="utf-8", newline="\n")
    rng = random.Random(25)
    lines = ["# scores.yaml (generated for the test)\n"]
    modules = [m["id"] for m in yaml.safe_load((root / "modules.yaml").read_text("utf-8"))]
    for number in range(1, SIZE + 1):
        pid = f"UKM-{number:03d}"
        for module in modules[:4]:
            if rng.random() < 0.3 or EXEMPT.get(pid) == module:
                continue
            fields = [f"participant: {pid}", f"module: {module}"]
            for test in ("pre", "post"):
                if rng.random() < 0.8:
                    fields.append(f"{test}: {_written(rng)}")
            if len(fields) == 2:
                continue
            lines.append("- {" + ", ".join(fields) + "}\n")
    for pid, module in EXEMPT.items():
        lines.append(f"- {{participant: {pid}, module: {module}, pre: 10, post: 20}}\n")
    (root / "scores.yaml").write_text("".join(lines), encoding="utf-8", newline="\n")
    return root


def _written(rng: random.Random) -> str:
    """A score in one of the forms offices write (the test reads it back by itself)."""
    tenths = rng.randrange(0, 1001)
    if rng.random() < 0.6:
        tenths -= tenths % 10
    whole, part = divmod(tenths, 10)
    form = rng.choice(["dot", "comma", "percent"])
    if part == 0:
        return f'"{whole} %"' if form == "percent" else str(whole)
    return f'"{whole},{part}"' if form == "comma" else f"{whole}.{part}"


def _value(text: Any) -> Fraction | None:
    if text is None:
        return None
    cleaned = str(text).replace("%", "").replace(",", ".").strip()
    return Fraction(Decimal(cleaned))


def _rounded(value: Fraction | None) -> float | int | None:
    if value is None:
        return None
    out = Decimal(value.numerator) / Decimal(value.denominator)
    size = abs(out).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    size = size if out >= 0 else -size
    return int(size) if size == size.to_integral_value() else float(size)


def _average(values: list[Fraction]) -> dict[str, Any]:
    return {"average": _rounded(sum(values) / len(values)) if values else None, "of": len(values)}


@pytest.fixture(scope="module")
def truth(folder: Path) -> dict[str, Any]:
    """Everyone's scores and exemptions, read with PyYAML alone."""
    people = yaml.safe_load((folder / "participants.yaml").read_text("utf-8"))
    entries = yaml.safe_load((folder / "scores.yaml").read_text("utf-8"))
    scores = {
        (e["participant"], e["module"]): (_value(e.get("pre")), _value(e.get("post")))
        for e in entries
    }
    return {
        "people": people,
        "scores": scores,
        "exempt": {(p["id"], m) for p in people for m in (p.get("exempt") or {})},
    }


def _expected(truth: dict[str, Any], pids: list[str], modules: list[str]) -> dict[str, Any]:
    pre, post, gain = [], [], []
    left_out = 0
    for module in modules:
        for pid in pids:
            found = truth["scores"].get((pid, module))
            if found is None or found == (None, None):
                continue
            if (pid, module) in truth["exempt"]:
                left_out += 1
                continue
            if found[0] is not None:
                pre.append(found[0])
            if found[1] is not None:
                post.append(found[1])
            if found[0] is not None and found[1] is not None:
                gain.append(found[1] - found[0])
    return {
        "pre": _average(pre),
        "post": _average(post),
        "gain": _average(gain),
        "exempt_left_out": left_out,
    }


def test_check_passes_with_the_exempt_scores_warned(ukm: Run, folder: Path) -> None:
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    assert result.output.count("the module's averages leave this score out") == len(EXEMPT)


@pytest.mark.parametrize("module", ["keuangan", "pemasaran", "k3"])
def test_a_module_against_the_independent_computation(
    ukm: Run, folder: Path, truth: dict[str, Any], module: str
) -> None:
    report = report_json(ukm, folder, "report", "--module", module, "--by", "district")
    pids = [p["id"] for p in truth["people"]]
    assert report["summary"]["scores"] == _expected(truth, pids, [module])
    for row in report["participants"]:
        pre, post = truth["scores"].get((row["id"], module), (None, None))
        assert (row["pre"], row["post"]) == (_rounded(pre), _rounded(post))
        both = pre is not None and post is not None
        assert row["gain"] == (_rounded(post - pre) if both else None)
    for group in report["groups"]["rows"]:
        members = [p["id"] for p in truth["people"] if p["district"] == group["group"]]
        assert group["gain"] == _expected(truth, members, [module])["gain"]
    assert report["groups"]["total"]["gain"] == _expected(truth, pids, [module])["gain"]
    if module == "keuangan":
        assert report["summary"]["scores"]["exempt_left_out"] == 1
        assert report["summary"]["scores"]["gain"]["of"] > 30


def test_filters_choose_whose_scores_count(ukm: Run, folder: Path, truth: dict[str, Any]) -> None:
    sector = truth["people"][0]["sector"]
    report = report_json(ukm, folder, "report", "--module", "keuangan", "--sector", sector)
    pids = [p["id"] for p in truth["people"] if p["sector"] == sector]
    assert report["summary"]["scores"] == _expected(truth, pids, ["keuangan"])


def test_the_programme_against_the_independent_computation(
    ukm: Run, folder: Path, truth: dict[str, Any]
) -> None:
    report = report_json(ukm, folder, "report", "--by", "sector")
    pids = [p["id"] for p in truth["people"]]
    modules = [line["id"] for line in report["modules"]]
    for line in report["modules"]:
        assert line["scores"] == _expected(truth, pids, [line["id"]])
    assert report["summary"]["scores"] == _expected(truth, pids, modules)
    for group in report["groups"]["rows"]:
        members = [p["id"] for p in truth["people"] if p["sector"] == group["group"]]
        assert group["gain"] == _expected(truth, members, modules)["gain"]


def test_the_tables_carry_the_same_figures(ukm: Run, folder: Path, truth: dict[str, Any]) -> None:
    args = ("--data", str(folder), "report")
    table = ukm(*args, "--format", "json")
    expected = {line["id"]: line["scores"] for line in json.loads(table.stdout)["modules"]}
    markdown = ukm(*args, "--format", "md")
    assert markdown.exit_code == 0, markdown.output
    assert "Pre- and post-tests" in markdown.stdout
    per_module = ukm(*args, "--module", "keuangan", "--format", "csv", "--csv-sep", ",")
    rows = list(csv.DictReader(io.StringIO(per_module.stdout.lstrip("\ufeff"))))
    for row in rows:
        pre, post = truth["scores"].get((row["id"], "keuangan"), (None, None))
        assert row["pre"] == ("" if pre is None else str(_rounded(pre)))
        assert row["post"] == ("" if post is None else str(_rounded(post)))
    from openpyxl import load_workbook

    out = folder.parent / "report.xlsx"
    written = ukm(*args, "--output", str(out))
    assert written.exit_code == 0, written.output
    sheet = load_workbook(out, read_only=True)["tests"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r and r[0] == "module")
    for r in values[header + 1 :]:
        if r[0] in expected:
            want = expected[r[0]]
            assert (r[2], r[3], r[6], r[7]) == (
                want["pre"]["average"],
                want["pre"]["of"],
                want["gain"]["average"],
                want["gain"]["of"],
            )
    tests = load_workbook(out)["tests"]
    gains = [row[6] for row in tests.iter_rows(min_row=header + 2) if row[0].value in expected]
    gains = [cell for cell in gains if cell.value is not None]
    assert gains and all(c.number_format == "+General;-General;0" for c in gains), [
        (c.value, c.number_format) for c in gains
    ]  # a gain of 12.5 points shows as +12.5
