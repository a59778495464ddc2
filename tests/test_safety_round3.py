"""Issue 29: the third outside attack's faults (besides imports, certificates and documents).

Each test is named after the fault it holds, failed on the code before its fix,
and has its row in docs/reliability.md ("Third round").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Run, programme

DESK = ["register", "--no-input", "--business", "Usaha Baru", "--owner", "Siti", "--gender",
        "F", "--sector", "batik", "--district", "Cepu", "--registered", "2018-01-01"]  # fmt: skip


def test_an_18_digit_last_id_never_makes_register_write_a_record_it_refuses(
    ukm: Run, tmp_path: Path
) -> None:
    root = programme(tmp_path / "p")
    written = "last_id: UKM-999999999999999999\n"
    (root / "ids.yaml").write_text(written, encoding="utf-8")
    before = (root / "participants.yaml").read_bytes()
    refused = ukm("--data", str(root), *DESK)
    assert refused.exit_code == 1, refused.output
    assert "No id is left to give" in refused.stderr
    assert "ids.yaml" in refused.stderr
    assert (root / "ids.yaml").read_text(encoding="utf-8") == written
    assert (root / "participants.yaml").read_bytes() == before
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 1 and "No id is left to give" in checked.stdout, checked.output
    # one below the last number still registers, and what it writes is read back
    (root / "ids.yaml").write_text("last_id: UKM-999999999999999998\n", encoding="utf-8")
    landed = ukm("--data", str(root), *DESK)
    assert landed.exit_code == 0, landed.output
    assert "last_id: UKM-999999999999999999" in (root / "ids.yaml").read_text(encoding="utf-8")
    again = ukm("--data", str(root), *DESK, "--allow-duplicate")
    assert again.exit_code == 1 and "No id is left to give" in again.stderr, again.output


BAD = "salah\udcffnama"  # the byte 0xff on a UTF-8 command line, as Python hands it over


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["certificate", "revoke", "001/SERT-SP/2018", "--reason", BAD], "--reason"),
        (
            ["visit", "UKM-001", "--trainer", BAD, "--hours", "1", "--date", "2018-01-10"],
            "--trainer",
        ),
        ([*DESK[:3], BAD, *DESK[4:]], "--business"),
        (["attend", "keuangan", "-s", "1", "UKM-001", "--status", BAD], "--status"),
        (["report", "--module", BAD], "--module"),
        (["show", BAD], "ID"),
    ],
)
def test_bad_bytes_in_a_text_option_are_named_as_bytes(
    ukm: Run, tmp_path: Path, args: list[str], option: str
) -> None:
    root = programme(
        tmp_path / "p",
        certificates="- number: 001/SERT-SP/2018\n  participant: UKM-001\n  issued: 2018-03-20\n",
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = ukm("--data", str(root), *args)
    assert result.exit_code == 2, result.output
    assert f"{option} holds bytes that are not UTF-8" in result.stderr
    assert "\udcff" not in result.output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
