"""Edits, tags and a registration at once, as real processes: every one of them lands."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.kit.helpers import Result, programme, run_process
from tests.kit.register import HAND_WRITTEN, participants


@pytest.mark.slow
def test_writes_at_once_all_land(tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", participants=HAND_WRITTEN)
    data = ["--data", str(folder)]
    commands = [
        [*data, "edit", "UKM-001", "--phone", "0813-1111-2222"],
        [*data, "edit", "UKM-002", "--owner", "Joko S.", "--notes", "pindah"],
        [*data, "tag", "add", "pendampingan", "1-2"],
        [*data, "register", "--business", "Soto Pak Man", "--owner", "Sulaiman", "--gender",
         "M", "--sector", "kuliner", "--district", "Cepu", "--registered", "2018-01-01"],
    ]  # fmt: skip

    def one(args: list[str]) -> Result:
        return run_process(*args)

    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        results = list(pool.map(one, commands))
    for result in results:
        assert result.exit_code == 0, result.output
    people = {p.id: p for p in participants(folder)}
    assert people["UKM-001"].phone == "081311112222"
    assert (people["UKM-002"].owner, people["UKM-002"].notes) == ("Joko S.", "pindah")
    assert people["UKM-001"].tags == people["UKM-002"].tags == ["pendampingan"]
    assert people["UKM-003"].business == "Soto Pak Man"
    text = (folder / "participants.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Peserta pelatihan: ditulis tangan.\n# Jangan hapus komentar ini.\n")
    assert "# baris kosong dan komentar di antara entri" in text
    assert not list(folder.glob(".*ukm-tmp"))
