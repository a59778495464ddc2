from pathlib import Path

from tests.kit.helpers import Run, programme, run_process


def test_sample_checks_clean(ukm: Run, sample: Path) -> None:
    result = ukm("--data", str(sample), "check")
    assert result.exit_code == 0, result.output
    assert "100 participants" in result.stdout


def test_installed_ukm_runs_check(tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    result = run_process("--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    assert "2 participants" in result.stdout
