"""One bad row of an imported list is said in the singular: "1 of 2 rows ... has problems"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme

pytestmark = pytest.mark.usefixtures("during_the_programme")

LIST = """\
Nama Usaha,Nama Pemilik,L/P,Sektor,Kecamatan,NIB
Batik Baru,Gina,Pr,batik,Kec. Cepu,9120 0012 3456 9
Batik Dua,Hana,Pr,batik,Kec. Cepu,123
"""


def test_one_row_with_problems_is_said_in_the_singular(ukm: Run, tmp_path: Path) -> None:
    # it said "1 of 2 rows in daftar.csv have problems"
    folder = programme(tmp_path / "p")
    listed = tmp_path / "daftar.csv"
    listed.write_text(LIST, encoding="utf-8")
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "register", "--from", str(listed))
    assert result.exit_code == 1, result.output
    assert "Nothing was registered: 1 of 2 rows in daftar.csv has problems." in result.output
    assert (folder / "participants.yaml").read_bytes() == before
