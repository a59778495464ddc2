"""Every format a command's ``--help`` offers works; one it cannot make is not offered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.kit.helpers import Run

COMMANDS = {
    "report": ["report"],
    "compare": ["compare", "{data}"],
    "history": ["history", "UKM-001@{name}", "--in", "{data}"],
    "compare --returning": ["compare", "--returning", "{data}", "{data}"],
    "modules": ["modules"],
    "show": ["show", "UKM-001"],
    "participants": ["participants"],
}
_CHOICES = re.compile(r"--format\s+-f\s+<([a-z|]+)")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_pdf_works_where_help_offers_it_and_is_not_offered_elsewhere(
    ukm: Run, sample: Path, tmp_path: Path, command: str
) -> None:
    args = [a.format(data=sample, name=sample.name) for a in COMMANDS[command]]
    shown = ukm("--lang", "en", "--data", str(sample), *args[:1], "--help")
    found = _CHOICES.search(" ".join(shown.stdout.replace("│", " ").split()))
    assert found is not None, shown.stdout
    offered = found.group(1).split("|")
    out = tmp_path / "out.pdf"
    made = ukm("--lang", "en", "--data", str(sample), *args, "--format", "pdf", "-o", str(out))
    if "pdf" in offered:
        assert made.exit_code == 0, made.output
        assert out.read_bytes().startswith(b"%PDF")
    else:
        assert made.exit_code == 2 and not out.exists()
    assert command.split(maxsplit=1)[0] not in ("history", "compare") or "pdf" in offered
