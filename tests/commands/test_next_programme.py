"""The next programme: ``ukm init DIR --like OLD`` and ``ukm register --from OLD``."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from tests.kit.helpers import Run
from ukmtool.core.folder import Folder
from ukmtool.core.programme import Programme
from ukmtool.core.reading.loader import load


def loaded(where: Path) -> Programme:
    result = load(Folder(where))
    assert result.ok and result.programme is not None, [d.message for d in result.errors]
    return result.programme


@pytest.fixture
def old(sample: Path) -> Path:
    """Last year's folder, with its own templates/ and a comment in program.yaml."""
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "report.typ").write_text("// kop surat Blora\n", encoding="utf-8")
    return sample


def test_init_like_copies_the_settings_and_moves_the_sessions(
    ukm: Run, old: Path, tmp_path: Path
) -> None:
    new = tmp_path / "2018"
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 0, result.output
    before, after = loaded(old), loaded(new)
    shift = date(2018, 12, 12) - date(2017, 12, 13)
    assert after.settings.name == "Lokakarya Score Plus Kabupaten Blora 2018"
    assert (after.settings.starts, after.settings.ends) == (
        date(2018, 12, 12),
        before.settings.ends + shift,
    )
    for field in ("districts", "sectors", "min_attendance", "partners", "organizer", "language"):
        assert getattr(after.settings, field) == getattr(before.settings, field), field
    assert [(m.id, m.title, m.min_attendance) for m in after.modules] == [
        (m.id, m.title, m.min_attendance) for m in before.modules
    ]
    for was, now in zip(before.modules, after.modules, strict=True):
        for number, session in was.sessions.items():
            moved = now.sessions[number]
            assert moved.date == session.date + shift
            assert moved.date.weekday() == session.date.weekday()  # 364 days: same weekday
            assert (moved.topic, moved.trainer) == (session.topic, session.trainer)
    assert after.participants == [] and after.sheets == {} and after.visits == []
    assert (new / "templates" / "report.typ").read_text(encoding="utf-8") == "// kop surat Blora\n"
    assert "# " in (new / "program.yaml").read_text(encoding="utf-8")  # the comments stay
    assert ukm("--data", str(new), "check").exit_code == 0
    assert "24 sessions" in result.stdout and "364 days" in result.stdout


def test_init_like_takes_a_name_and_refuses_a_folder_that_is_not_a_programme(
    ukm: Run, old: Path, tmp_path: Path
) -> None:
    named = tmp_path / "named"
    args = ["init", str(named), "--like", str(old), "--starts", "2019-01-07", "--name", "Baru"]
    assert ukm(*args).exit_code == 0
    assert loaded(named).settings.name == "Baru"
    refused = ukm("init", str(tmp_path / "x"), "--like", str(tmp_path))
    assert refused.exit_code == 2
    assert "is not a programme folder" in refused.stderr
    assert not (tmp_path / "x" / "program.yaml").exists()


@pytest.mark.parametrize("given", ["folder", "participants.yaml"])
@pytest.mark.usefixtures("during_the_programme")
def test_register_from_an_old_folder_brings_back_full_niks_with_new_ids_and_a_tag(
    ukm: Run, old: Path, tmp_path: Path, given: str
) -> None:
    new = tmp_path / "2018"
    assert ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12").exit_code == 0
    source = old if given == "folder" else old / "participants.yaml"
    result = ukm("--data", str(new), "register", "--from", str(source), "--registered",
                 "2018-12-12")  # fmt: skip
    assert result.exit_code == 0, result.output
    before, after = loaded(old).participants, loaded(new).participants
    assert len(after) == len(before)
    assert [p.id for p in after] == [f"UKM-{n:03d}" for n in range(1, len(before) + 1)]
    for was, now in zip(before, after, strict=True):
        assert (now.business, now.owner, now.nik, now.phone) == (
            was.business,
            was.owner,
            was.nik,
            was.phone,
        )
        assert now.registered == date(2018, 12, 12)
        assert now.tags == [*was.tags, "dari-2017"]
        assert now.monthly_sales is None  # the baseline is measured anew
    again = ukm("--data", str(new), "register", "--from", str(source))
    assert again.exit_code == 1  # every one is now a likely duplicate
    assert len(loaded(new).participants) == len(before)


def test_reimporting_an_exported_list_leaves_masked_niks_out_with_a_note(
    ukm: Run, old: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "peserta.csv"
    assert ukm("--data", str(old), "participants", "-o", str(exported)).exit_code == 0
    assert "********" in exported.read_text(encoding="utf-8-sig")
    new = tmp_path / "new"
    assert ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12").exit_code == 0
    result = ukm("--data", str(new), "register", "--from", str(exported))
    assert result.exit_code == 0, result.output
    assert "is masked, so it is left out" in result.stderr
    assert "ukm register --from OLD" in result.stderr
    after = loaded(new).participants
    assert len(after) == len(loaded(old).participants)
    assert all(p.nik is None for p in after)


def test_the_shift_keeps_sessions_apart_as_they_were(ukm: Run, old: Path, tmp_path: Path) -> None:
    new = tmp_path / "later"
    assert ukm("init", str(new), "--like", str(old), "--starts", "2019-03-01").exit_code == 0
    was = [s.date for s in loaded(old).modules[0].sessions.values()]
    now = [s.date for s in loaded(new).modules[0].sessions.values()]
    shift = date(2019, 3, 1) - date(2017, 12, 13)
    assert now == [day + shift for day in was]
    assert [b - a for a, b in pairwise(now)] == [b - a for a, b in pairwise(was)]


def test_register_from_a_tag_nobody_has_names_the_tagged_option(
    ukm: Run, old: Path, tmp_path: Path
) -> None:
    # `--tag` labels the entries brought back: the message must name `--tagged`, the option given
    new = tmp_path / "2018"
    assert ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12").exit_code == 0
    before = (new / "participants.yaml").read_bytes()
    result = ukm("--data", str(new), "register", "--from", str(old), "--tagged", "unggulam",
                 "--registered", "2018-12-12")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "--tagged unggulam: no participant has it." in result.output
    assert "--tag unggulam" not in result.output
    assert (new / "participants.yaml").read_bytes() == before
