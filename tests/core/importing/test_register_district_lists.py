"""``ukm register --from`` on lists as district offices send them (tests/kit/district_lists.py).

Each list is its own fixture: the dry run shows what is read, left out and
reinterpreted and writes nothing; the import then registers every business
on it, and ``ukm check`` accepts the folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit import district_lists
from tests.kit.district_lists import DistrictList
from tests.kit.helpers import Run, build_tree, programme
from tests.kit.register import participants

# today pinned: the programmes of these tests ended long ago
pytestmark = pytest.mark.usefixtures("during_the_programme")

SOURCE_PARTICIPANTS = """\
- id: UKM-001
  business: Batik Sekar
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  phone: "081234567801"
  nik: "3316015507800001"
  registered: 2018-01-01
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
"""


def district_folder(root: Path) -> Path:
    root.mkdir(parents=True)
    build_tree(
        root,
        {
            "program.yaml": district_lists.PROGRAM,
            "modules.yaml": "- id: keuangan\n  title: Keuangan\n  sessions:\n"
            "    1: {date: 2018-01-08}\n",
            "participants.yaml": district_lists.PARTICIPANTS,
        },
    )
    (root / "attendance").mkdir()
    return root


def exported(ukm: Run, tmp_path: Path) -> DistrictList:
    """A list ukm itself wrote (``ukm participants --format xlsx``) in another programme."""

    def make(path: Path) -> Path:
        other = programme(tmp_path / "other", participants=SOURCE_PARTICIPANTS)
        result = ukm("--data", str(other), "participants", "--format", "xlsx", "-o", str(path))
        assert result.exit_code == 0, result.output
        return path

    made = district_lists.ukm_export(tmp_path, make)
    made.args = ["--skip-column", "id"]
    return made


LISTS = [*district_lists.BUILDERS, "export"]


@pytest.mark.parametrize("builder", LISTS, ids=lambda b: b if isinstance(b, str) else b.__name__)
def test_a_district_list_imports_as_sent(ukm: Run, tmp_path: Path, builder: object) -> None:
    folder = district_folder(tmp_path / "programme")
    made = exported(ukm, tmp_path) if builder == "export" else builder(tmp_path)  # type: ignore[operator]
    base = ["--data", str(folder), "register", "--from", str(made.path)]
    before = (folder / "participants.yaml").read_bytes()
    if made.refused_without_args:
        refused = ukm(*base)
        assert refused.exit_code == 1, refused.output
        assert made.refused_without_args in refused.stderr
        assert (folder / "participants.yaml").read_bytes() == before
    dry = ukm(*base, *made.args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    for text in made.shown:
        assert text in dry.stdout, (text, dry.stdout)
    assert f"Dry run: {made.count} participant" in dry.stdout
    assert (folder / "participants.yaml").read_bytes() == before
    done = ukm(*base, *made.args)
    assert done.exit_code == 0, done.output
    added = participants(folder)[1:]
    assert len(added) == made.count
    assert ukm("--data", str(folder), "check").exit_code == 0
