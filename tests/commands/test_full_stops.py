"""A message whose own full stop follows a text that ends a sentence itself prints one, not two."""

from __future__ import annotations

from pathlib import Path

from tests.kit.certificates import finish_programme
from tests.kit.helpers import Run
from tests.kit.rounds import small_round


def test_a_folder_left_out_for_an_error_ending_in_a_full_stop(ukm: Run, tmp_path: Path) -> None:
    good = small_round(tmp_path / "good")
    broken = small_round(tmp_path / "broken")
    participants = broken / "participants.yaml"
    text = participants.read_text(encoding="utf-8")
    participants.write_text(text.replace("district: Cepu", "district: Jl. Raya No.", 1), "utf-8")

    result = ukm("--lang", "en", "compare", str(good), str(broken))

    assert result.exit_code == 1, result.output
    assert "Unknown district 'Jl. Raya No.'. Run `ukm --data" in result.stderr
    assert ".." not in result.stderr.replace("...", "")


def test_a_revocation_reason_ending_in_a_full_stop(ukm: Run, sample: Path) -> None:
    finish_programme(sample)
    data = ("--lang", "en", "--data", str(sample), "certificate")
    assert ukm(*data, "issue", "--no-pdf", "--date", "2018-03-20").exit_code == 0
    revoked = ukm(
        *data, "revoke", "001/SERT-SP/2018", "--reason", "salah nama.", "--date", "2018-04-02"
    )
    assert revoked.exit_code == 0, revoked.output
    assert revoked.stdout.count("salah nama.") == 1 and "salah nama.." not in revoked.stdout
    shown = ukm(*data, "verify", "001/SERT-SP/2018")
    assert "Reason recorded: salah nama.\n" in shown.stdout


def test_history_of_a_name_ending_in_a_full_stop_that_matches_nobody(
    ukm: Run, tmp_path: Path
) -> None:
    folder = small_round(tmp_path / "round")
    result = ukm("--lang", "en", "history", "Toko Jaya Abadi.", "--in", str(folder))
    assert result.exit_code == 1
    assert "No business in these programmes matches Toko Jaya Abadi.\n" in result.stderr
