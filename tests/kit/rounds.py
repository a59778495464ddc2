"""Programme folders of several rounds, for the commands over many programmes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.kit.helpers import build_tree
from tests.kit.reports import Mod, Person, write

CERTIFICATES = """\
- number: 001/SERT/2018
  participant: UKM-001
  issued: 2018-03-20
- number: 002/SERT/2018
  participant: UKM-002
  issued: 2018-03-20
  revoked: {date: 2018-04-02, reason: salah nama}
- number: 003/SERT/2018
  participant: UKM-003
  issued: 2018-03-20
"""


def small_round(root: Path) -> Path:
    """A second round: five businesses, two modules, one graduate, one at risk."""
    people = [
        Person("UKM-001", owner="Rina Lestari", gender="F", district="Cepu", phone="081234567801"),
        Person("UKM-002", owner="Joko Susanto", gender="M", district="Japah"),
        Person("UKM-003", owner="Siti Aminah", gender="F", district="Jepon"),
        Person("UKM-004", owner="Budi Santoso", gender="M", district="Cepu"),
        Person("UKM-005", owner="Dewi Sartika", gender="F", district="Japah"),
    ]
    every = ["UKM-001", "UKM-002", "UKM-003", "UKM-004", "UKM-005"]
    modules = [
        Mod(
            "keuangan",
            {1: date(2019, 1, 7), 2: date(2019, 1, 14), 3: date(2019, 1, 21), 4: date(2019, 1, 28)},
            {
                1: {"present": every},
                2: {"present": ["UKM-001", "UKM-002", "UKM-003"], "absent": ["UKM-004"]},
                3: {"present": ["UKM-001", "UKM-002"], "sick": ["UKM-005"]},
            },
        ),
        Mod(
            "pemasaran",
            {1: date(2019, 2, 4), 2: date(2019, 2, 11)},
            {1: {"present": ["UKM-001", "UKM-003"]}, 2: {"present": ["UKM-001"]}},
        ),
    ]
    write(root, modules, people)
    program = root / "program.yaml"
    text = program.read_text(encoding="utf-8").replace("2018-", "2019-")
    program.write_text(text.replace("name: ", "name: Ronde Dua ", 1), encoding="utf-8")
    build_tree(
        root,
        {
            "participants.yaml": (root / "participants.yaml")
            .read_text(encoding="utf-8")
            .replace("2018-01-01", "2019-01-01"),
            "indicators.yaml": """\
                - {participant: UKM-001, date: 2019-06-01, monthly_sales: 30000000, employees: 5}
            """,
        },
    )
    return root
