"""``ukm compare``'s completion per module leaves the exempt out, as the programme's own report.

Rules 2.1: an exempt participant is left out of a module's completed share.
The report's chart said 3 of 5 (60 %) where compare said 3 of 6 (50 %).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.kit.helpers import Run

PROGRAM = """\
name: Pelatihan Uji {year}
organizer: Dinas Koperasi dan UKM Kabupaten Uji
venue: Aula Dinas
starts: {year}-01-06
ends: {year}-03-31
language: en
min_attendance: 75
"""

MODULES = "- id: keuangan\n  title: Tertib Keuangan\n  sessions:\n    1: {{date: {year}-01-06}}\n"


def folder(root: Path, year: int, exempt: int) -> Path:
    """Six participants; the first ``exempt`` are exempt; UKM-004..006 came: 3 completed."""
    (root / "attendance").mkdir(parents=True)
    (root / "program.yaml").write_text(PROGRAM.format(year=year), encoding="utf-8")
    (root / "modules.yaml").write_text(MODULES.format(year=year), encoding="utf-8")
    people = "".join(
        f"- {{id: UKM-00{n}, business: Usaha {n}, owner: Pemilik {n}, gender: F, sector: batik,"
        f" district: Cepu, registered: {year}-01-06"
        + (", exempt: {keuangan: sudah ikut}" if n <= exempt else "")
        + "}\n"
        for n in range(1, 7)
    )
    (root / "participants.yaml").write_text(people, encoding="utf-8")
    (root / "attendance" / "keuangan.yaml").write_text(
        "1: {present: [UKM-004, UKM-005, UKM-006]}\n", encoding="utf-8"
    )
    return root


def test_compare_leaves_those_exempt_out_of_a_module_s_completed_share(
    ukm: Run, tmp_path: Path
) -> None:
    one = folder(tmp_path / "uji-2024", 2024, exempt=1)  # 3 of 5 completed: 60 %
    two = folder(tmp_path / "uji-2025", 2025, exempt=3)  # 3 of 3: 100 %
    report = ukm("--data", str(one), "report", "--module", "keuangan", "--by", "district",
                 "--format", "json")  # fmt: skip
    assert json.loads(report.stdout)["groups"]["total"]["completed_share"] == 0.6
    result = ukm("compare", str(one), str(two), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    shares = {
        row["folder"].rsplit("/", 1)[-1].rsplit("\\", 1)[-1]: {
            m["id"]: (m["completed"], m["exempt"], m["completed_share"]) for m in row["modules"]
        }
        for row in data["programmes"]
    }
    assert shares == {"uji-2024": {"keuangan": (3, 1, 0.6)}, "uji-2025": {"keuangan": (3, 3, 1.0)}}
    total = {
        m["id"]: (m["completed"], m["exempt"], m["completed_share"])
        for m in data["total"]["modules"]
    }
    assert total == {"keuangan": (6, 4, 0.75)}  # 6 of 12 - 4
