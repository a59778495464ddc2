"""Registering in tests: a business's options, lists to import, the participants read back."""

from __future__ import annotations

from pathlib import Path

from tests.kit.helpers import Run
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant
from ukmtool.core.reading.loader import load

BATIK = [
    "--business",
    "Batik Sekar Jati",
    "--owner",
    "Sri Wahyuni",
    "--gender",
    "F",
    "--sector",
    "batik",
    "--district",
    "Jepon",
]


def participants(folder: Path) -> list[Participant]:
    """Load the folder as `ukm check` does; it must have no errors."""
    result = load(Folder(folder))
    assert result.ok, [d.message for d in result.errors]
    assert result.programme is not None
    return result.programme.participants


HAND_WRITTEN = """\
# Peserta pelatihan: ditulis tangan.
# Jangan hapus komentar ini.

- id: UKM-001   # yang pertama
  business: 'Batik Sekar'
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  phone: '081234567801'
  registered: 2018-01-01

# baris kosong dan komentar di antara entri

- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
# komentar penutup"""


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    def cell(value: str) -> str:
        needs = sep in value or '"' in value or "\n" in value
        return '"' + value.replace('"', '""') + '"' if needs else value

    return "".join(sep.join(cell(v) for v in row) + "\r\n" for row in rows)


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(ukm: Run, folder: Path, source: Path, *args: str):
    return ukm("--data", str(folder), "register", "--from", str(source), *args)


def import_rows(count: int) -> list[list[str]]:
    """A header and ``count`` rows of businesses, as a district's list has them."""
    header = ["business", "owner", "gender", "sector", "district"]
    return [header] + [
        [f"Usaha Uji {n}", f"Pemilik {n}", "F", "batik", "Jepon"] for n in range(count)
    ]
