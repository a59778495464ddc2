"""The NIB (format 1.2) wherever a participant is shown: as it is, unlike the NIK."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.kit.helpers import Run


@pytest.mark.usefixtures("cached_cli")
def test_show_prints_the_nib_as_it_is_and_the_nik_masked(ukm: Run, sample: Path) -> None:
    text = ukm("--data", str(sample), "show", "UKM-003")
    assert text.exit_code == 0, text.output
    assert "9120301731284" in text.stdout
    assert "3316166003790126" not in text.stdout and "3316********0126" in text.stdout
    data = json.loads(ukm("--data", str(sample), "show", "UKM-003", "--format", "json").stdout)
    assert data["participant"]["nib"] == "9120301731284"
    assert data["participant"]["nik"] == "3316********0126"


@pytest.mark.usefixtures("cached_cli")
def test_every_export_of_the_participants_holds_the_nib(ukm: Run, sample: Path) -> None:
    listed = ukm("--data", str(sample), "participants", "--format", "csv", "--csv-sep", ",")
    assert listed.exit_code == 0, listed.output
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(listed.stdout.lstrip("\ufeff")))}
    assert rows["UKM-003"]["nib"] == "'9120301731284"  # the ' keeps it text in Excel
    assert rows["UKM-001"]["nib"] == ""
    data = json.loads(ukm("--data", str(sample), "participants", "--format", "json").stdout)
    nibs = {p["id"]: p["nib"] for p in data["participants"] if p["nib"]}
    assert nibs == {
        "UKM-003": "9120301731284",
        "UKM-008": "9120008172356",
        "UKM-011": "1211000475639",
        "UKM-024": "9120206541178",
    }


@pytest.mark.usefixtures("cached_cli", "during_the_programme")
def test_a_list_with_a_nib_column_is_imported(ukm: Run, sample: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.csv"
    source.write_text(
        "Nama Usaha,Nama Pemilik,L/P,Jenis Usaha,Kecamatan,Nomor Induk Berusaha\n"
        "Batik Baru,Sri Rahayu,P,batik,Kec. Cepu,912 0001 234 567\n",
        encoding="utf-8",
    )
    result = ukm("--data", str(sample), "register", "--from", str(source), "--format", "json")
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)["added"][0]
    assert (added["nib"], added["district"]) == ("9120001234567", "Cepu")


@pytest.mark.usefixtures("cached_cli", "during_the_programme")
def test_one_nib_for_two_businesses_is_a_likely_duplicate(ukm: Run, sample: Path) -> None:
    args = ["--business", "Batik Lain", "--owner", "Orang Lain", "--gender", "F"]
    args += ["--sector", "batik", "--district", "Cepu", "--nib", "9120301731284"]
    result = ukm("--data", str(sample), "register", *args)
    assert result.exit_code == 1
    assert "has the same NIB" in result.stderr
