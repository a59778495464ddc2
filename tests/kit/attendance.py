"""A programme folder for the ``ukm attend`` tests, and reading its sheets back."""

from __future__ import annotations

from pathlib import Path

from tests.kit.helpers import programme

STATUSES = ("present", "late", "excused", "sick", "absent")

# Sessions: 1 on 2018-01-08, 2 on 2018-01-15, 3 on 2018-01-22, 4 on 2018-01-29.
MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2018-01-08, topic: Kas harian}
    2: {date: 2018-01-15}
    3: {date: 2018-01-22}
    4: {date: 2018-01-29}
- id: pemasaran
  title: Pemasaran
  sessions:
    1: {date: 2018-01-22}
    2: {date: 2018-01-22}
"""

COUNT = 25
LATE_JOINER = "UKM-025"  # registered 2018-01-20: after sessions 1 and 2 of keuangan


def participants_text(count: int = COUNT) -> str:
    """``count`` participants UKM-001..; the last registers on 2018-01-20."""
    entries = []
    for n in range(1, count + 1):
        registered = "2018-01-20" if n == count else "2018-01-01"
        entries.append(
            f"- id: UKM-{n:03d}\n"
            f"  business: Usaha Nomor {n}\n"
            f"  owner: Pemilik Nomor {n}\n"
            f"  gender: {'F' if n % 2 else 'M'}\n"
            f"  sector: batik\n"
            f"  district: {('Cepu', 'Japah', 'Jepon')[n % 3]}\n"
            f"  registered: {registered}\n"
        )
    return "".join(entries)


def ids(*numbers: int) -> list[str]:
    """UKM-ids for numbers."""
    return [f"UKM-{n:03d}" for n in numbers]


def folder(root: Path, attendance: str | bytes | None = None) -> Path:
    """The test programme, with ``attendance/keuangan.yaml`` holding ``attendance`` if given."""
    files: dict[str, str | bytes | None] = {
        "modules": MODULES,
        "participants": participants_text(),
    }
    if attendance is not None:
        files["attendance__keuangan"] = attendance
    return programme(root, **files)


def sheet(root: Path, session: int, module: str = "keuangan") -> dict[str, list[str]]:
    """The lists of one sheet as the loader reads the folder back (which must load clean)."""
    from ukmtool.core.folder import Folder
    from ukmtool.core.reading.loader import load

    result = load(Folder(root))
    assert result.ok, [d.message for d in result.errors]
    assert result.programme is not None
    found = result.programme.sheets[module][session]
    return {status: list(getattr(found, status)) for status in STATUSES}


def expect(**lists: list[str]) -> dict[str, list[str]]:
    """A full sheet: the lists given, the others empty."""
    return {status: lists.get(status, []) for status in STATUSES}
