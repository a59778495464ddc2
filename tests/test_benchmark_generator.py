"""The benchmark generator writes valid, realistic, reproducible programme folders."""

from __future__ import annotations

import json
from pathlib import Path

from tests.kit.benchgen import generate
from tests.kit.helpers import Run


def test_a_generated_folder_checks_clean_and_is_realistic(ukm: Run, tmp_path: Path) -> None:
    folder = generate.generate(30, tmp_path / "p30")

    result = ukm("--data", str(folder), "check", "--format", "json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == [] and report["warnings"] == []
    assert report["summary"]["participants"] == 30
    assert report["summary"]["modules"] == 6
    assert report["summary"]["sessions_planned"] == 48
    assert 24 < report["summary"]["sessions_held"] < 48  # most held, not all
    sheets = "".join(p.read_text(encoding="utf-8") for p in (folder / "attendance").glob("*.yaml"))
    for status in ("present", "late", "excused", "sick", "absent"):
        assert f"{status}: [UKM-" in sheets, status  # every status is used somewhere


def test_the_same_size_and_seed_give_the_same_bytes(tmp_path: Path) -> None:
    one = generate.generate(30, tmp_path / "a")
    two = generate.generate(30, tmp_path / "b")
    other = generate.generate(30, tmp_path / "c", seed=1)

    def contents(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}

    assert contents(one) == contents(two)
    assert contents(one) != contents(other)


def test_a_generated_folder_has_baselines_and_an_endline(ukm: Run, tmp_path: Path) -> None:
    folder = generate.generate(30, tmp_path / "p30")

    result = ukm("--data", str(folder), "report", "--impact", "--format", "json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["participants"] == 30
    assert 15 <= summary["with_follow_up"] < 30 and summary["sales_businesses"] >= 10
    assert (folder / "participants.yaml").read_text().count("monthly_sales:") < 30


def test_a_generated_folder_has_mentoring_visits(ukm: Run, tmp_path: Path) -> None:
    """Version 3: two visits to every fifth business, so `ukm visit` reads a real visits.yaml."""
    folder = generate.generate(30, tmp_path / "p30")

    result = ukm("--data", str(folder), "report", "--visits", "--format", "json")

    assert result.exit_code == 0, result.output
    text = (folder / "visits.yaml").read_text(encoding="utf-8")
    assert text.count("- participant: ") == 2 * 6  # UKM-001, UKM-006, ... UKM-026
    assert "UKM-001" in text and "UKM-002" not in text
