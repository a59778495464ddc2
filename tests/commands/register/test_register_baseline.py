"""``ukm register`` takes the baseline (sales, capital) as people write money; address, notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.register import BATIK
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

pytestmark = pytest.mark.usefixtures("during_the_programme")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


def test_the_baseline_is_stored_as_whole_rupiah(ukm: Run, folder: Path) -> None:
    result = ukm(
        "--data",
        str(folder),
        "register",
        *BATIK,
        "--sales",
        "Rp15jt",
        "--capital",
        "40.000.000",
        "--address",
        "Jl. Diponegoro No. 12 RT 02/RW 03",
        "--notes",
        "anggota Dekranasda",
    )
    assert result.exit_code == 0, result.output
    assert "Rp15,000,000" in result.stdout and "Rp40,000,000" in result.stdout
    text = (folder / "participants.yaml").read_text(encoding="utf-8")
    assert "monthly_sales: 15000000\n" in text
    assert "capital: 40000000\n" in text
    loaded = load(Folder(folder))
    assert loaded.ok, [d.message for d in loaded.errors]
    assert loaded.programme is not None
    added = loaded.programme.participants[-1]
    assert (added.monthly_sales, added.capital) == (15_000_000, 40_000_000)
    assert added.address == "Jl. Diponegoro No. 12 RT 02/RW 03"
    assert added.notes == "anggota Dekranasda"


def test_the_dry_run_shows_the_value_that_would_be_stored(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "register", *BATIK, "--sales", "1,5 juta", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Rp1,500,000" in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before
    as_json = ukm(
        "--data",
        str(folder),
        "register",
        *BATIK,
        "--sales",
        "1,5 juta",
        "--dry-run",
        "--format",
        "json",
    )
    assert json.loads(as_json.stdout)["added"][0]["monthly_sales"] == 1_500_000


@pytest.mark.parametrize(
    ("flag", "written", "says"),
    [
        ("--sales", "15 jutaan", "--sales: '15 jutaan': 'jutaan' is not a unit"),
        ("--capital", "-5 jt", "--capital: '-5 jt' is negative"),
        ("--sales", "1,5", "--sales: '1,5' is not a whole number of Rupiah"),
    ],
)
def test_money_that_cannot_be_read_is_refused_and_nothing_written(
    ukm: Run, folder: Path, flag: str, written: str, says: str
) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "register", *BATIK, flag, written)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert (folder / "participants.yaml").read_bytes() == before
