"""Two ``ukm register`` at once, as real processes: both land, with different ids."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.kit.helpers import Result, programme, run_process
from tests.kit.register import participants


@pytest.mark.slow
def test_two_registrations_at_once_both_land(tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    before = (folder / "participants.yaml").read_bytes()
    people = [("Batik Sekar Jati", "Sri Wahyuni", "F"), ("Soto Pak Man", "Sulaiman", "M")]
    source = tmp_path / "daftar.csv"
    source.write_text(
        "nama usaha,nama pemilik,jenis kelamin,sektor,kecamatan\n"
        + "".join(f"Kerupuk {n},Pemilik {n},P,kuliner,Japah\n" for n in range(20)),
        encoding="utf-8",
        newline="\n",
    )

    def one(index: int) -> Result:
        if index == 2:
            imported = ("--from", str(source), "--registered", "2018-01-05")
            return run_process("--data", str(folder), "register", *imported)
        business, owner, gender = people[index]
        return run_process(
            "--data", str(folder), "register", "--business", business, "--owner", owner,
            "--gender", gender, "--sector", "kuliner", "--district", "Cepu",
            "--registered", "2018-01-05",
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(one, range(3)))
    for result in results:
        assert result.exit_code == 0, result.output
    registered = participants(folder)
    ids = [p.id for p in registered]
    assert len(ids) == 2 + 2 + 20
    assert len(set(ids)) == len(ids)
    assert ids[2:] == [f"UKM-{n:03d}" for n in range(3, 3 + 22)]
    assert "last_id: UKM-024" in (folder / "ids.yaml").read_text(encoding="utf-8")
    names = {p.business for p in registered}
    assert {"Batik Sekar Jati", "Soto Pak Man", "Kerupuk 0", "Kerupuk 19"} <= names
    assert (folder / "participants.yaml").read_bytes().startswith(before)
    assert not list(folder.glob(".*ukm-tmp"))
