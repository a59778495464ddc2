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


def test_the_shipped_sample_is_what_its_generator_writes(tmp_path: Path) -> None:
    """data/ can be made again from tools/make_sample_data.py, byte for byte."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "sample"
    subprocess.run(
        [sys.executable, str(root / "tools" / "make_sample_data.py"), str(out)],
        check=True,
        capture_output=True,
    )
    made = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    kinds = {p.suffix for p in made}  # what ukm writes there (a PDF printed in data/) aside
    shipped = sorted(
        p.relative_to(root / "data")
        for p in (root / "data").rglob("*")
        if p.is_file() and p.suffix in kinds
    )
    assert made == shipped
    for name in made:
        assert (out / name).read_bytes() == (root / "data" / name).read_bytes(), name
