"""``ukm init DIR --like OLD``: its files edited as YAML, its templates copied safely."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kit.helpers import Run, build_tree
from ukmtool.core.folder import Folder
from ukmtool.core.programme import Programme
from ukmtool.core.reading.loader import load

MODULES = """\
# Modul tahun lalu
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: '2017-12-13', topic: "Kas harian, date: 2017-12-13"}   # komentar sesi
    2:
      date: "2017-12-20"
      topic: Buku kas
    3: {date: 2017-12-27}
"""


def old_folder(root: Path, program: str, modules: str = MODULES) -> Path:
    return build_tree(
        root,
        {
            "program.yaml": program,
            "modules.yaml": modules,
            "participants.yaml": """\
                - id: UKM-001
                  business: Batik Sekar
                  owner: Rina Lestari
                  gender: F
                  sector: batik
                  district: Jepon
                  nik: "3316015507800001"
                  registered: 2017-12-13
            """,
            "certificates.yaml": """\
                - number: 001/SERT/2018
                  participant: UKM-001
                  issued: 2018-03-20
            """,
            "ids.yaml": "last_id: UKM-001\n",
        },
    )


def loaded(where: Path) -> Programme:
    result = load(Folder(where))
    assert result.ok and result.programme is not None, [d.message for d in result.errors]
    return result.programme


PROGRAM_TWO_LINE_NAME = """\
# Program tahun lalu: jangan dihapus
name: Lokakarya Score Plus
  Kabupaten Blora 2017
organizer: Dindagkop UKM   # penyelenggara
starts: "2017-12-13"    # hari pertama
ends: '2018-03-13'
districts: [Jepon, Cepu]
sectors: [batik]
certificates:
  number: "{seq:03}/SERT/{year}"
  issued: 2018-03-20     # tanggal di sertifikat
  # catatan di bawah
"""


def test_a_two_line_name_quoted_dates_and_comments_are_carried_as_yaml(
    ukm: Run, tmp_path: Path
) -> None:
    old = old_folder(tmp_path / "blora-2017", PROGRAM_TWO_LINE_NAME)
    new = tmp_path / "blora-2018"
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 0, result.output
    after = loaded(new)
    shift = date(2018, 12, 12) - date(2017, 12, 13)
    assert after.settings.name == "Lokakarya Score Plus Kabupaten Blora 2018"
    assert after.settings.starts == date(2018, 12, 12)
    assert after.settings.ends == date(2018, 3, 13) + shift
    assert after.settings.certificates is not None
    assert after.settings.certificates.issued is None  # last year's issue date never carries
    assert after.settings.certificates.number == "{seq:03}/SERT/{year}"
    text = (new / "program.yaml").read_text(encoding="utf-8")
    for kept in (
        "# Program tahun lalu: jangan dihapus\n",
        "organizer: Dindagkop UKM   # penyelenggara\n",
        f'starts: "{date(2018, 12, 12).isoformat()}"    # hari pertama\n',
        f"ends: '{(date(2018, 3, 13) + shift).isoformat()}'\n",
        "districts: [Jepon, Cepu]\n",
        "  # catatan di bawah\n",
    ):
        assert kept in text
    assert "2018-03-20" not in text and "tanggal di sertifikat" not in text
    assert [s.date for s in after.modules[0].sessions.values()] == [
        date(2017, 12, 13) + shift,
        date(2017, 12, 20) + shift,
        date(2017, 12, 27) + shift,
    ]
    modules = (new / "modules.yaml").read_text(encoding="utf-8")
    assert "# Modul tahun lalu\n" in modules and "# komentar sesi" in modules
    assert after.modules[0].sessions[1].topic == "Kas harian, date: 2017-12-13"  # text, not a date
    assert f"date: '{date(2018, 12, 12).isoformat()}'" in modules  # its quotes kept
    # what never carries
    assert after.participants == [] and after.certificates == []
    assert not (new / "certificates.yaml").exists() and not (new / "ids.yaml").exists()
    assert ukm("--data", str(new), "check").exit_code == 0


@pytest.mark.parametrize(
    "name",
    [
        "name: >\n  Lokakarya Score Plus\n  Kabupaten Blora 2017\n",
        "name: |-  # judul\n  Lokakarya 2017\n",
        'name: "Lokakarya Score Plus\n  Kabupaten Blora 2017"\n',
        "name: 'Lokakarya 2017'\n",
    ],
    ids=["folded", "literal-with-comment", "double-quoted-two-lines", "single-quoted"],
)
def test_every_way_of_writing_the_name_is_replaced(ukm: Run, tmp_path: Path, name: str) -> None:
    program = name + "starts: 2017-12-13\nends: 2018-03-13\nlanguage: en\n"
    old = old_folder(tmp_path / "old", program)
    new = tmp_path / "new"
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12", "--name", "Baru")
    assert result.exit_code == 0, result.output
    after = loaded(new)
    assert after.settings.name == "Baru"
    assert after.settings.language == "en"
    if "# judul" in name:
        assert "# judul" in (new / "program.yaml").read_text(encoding="utf-8")


def test_the_issue_date_goes_from_a_flow_mapping_too(ukm: Run, tmp_path: Path) -> None:
    program = (
        "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\n"
        'certificates: {issued: 2018-03-20, number: "{seq}/S/{year}"}\n'
    )
    old = old_folder(tmp_path / "old", program)
    new = tmp_path / "new"
    assert ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12").exit_code == 0
    after = loaded(new)
    assert after.settings.certificates is not None
    assert after.settings.certificates.issued is None
    assert after.settings.certificates.number == "{seq}/S/{year}"


def test_the_old_folder_becomes_an_earlier_programme_and_earlier_paths_follow(
    ukm: Run, tmp_path: Path
) -> None:
    older = old_folder(
        tmp_path / "regency" / "2016", "name: P 2016\nstarts: 2016-12-13\nends: 2017-03-13\n"
    )
    program = "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\nearlier:\n  - ../2016\n"
    old = old_folder(tmp_path / "regency" / "2017", program)
    new = tmp_path / "elsewhere" / "2018"
    assert ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12").exit_code == 0
    earlier = loaded(new).settings.earlier
    assert [os.path.normpath(new / path) for path in earlier] == [
        os.path.normpath(older),
        os.path.normpath(old),
    ]
    checked = ukm("--data", str(new), "check")
    assert checked.exit_code == 0 and "earlier" not in checked.output


def test_templates_already_in_the_new_folder_are_kept(ukm: Run, tmp_path: Path) -> None:
    old = old_folder(tmp_path / "old", "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\n")
    build_tree(old, {"templates/report.typ": "// lama\n", "templates/logo/kop.svg": "<svg/>"})
    new = build_tree(tmp_path / "new", {"templates/report.typ": "// baru, disiapkan\n"})
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 0, result.output
    assert (new / "templates" / "report.typ").read_text(encoding="utf-8") == "// baru, disiapkan\n"
    assert (new / "templates" / "logo" / "kop.svg").read_text(encoding="utf-8") == "<svg/>"
    assert "Kept as they were in the new folder: templates/report.typ" in result.stdout
    assert "1 file of its templates/ folder was copied" in result.stdout


def test_a_new_laporan_is_written_and_one_prepared_in_the_new_folder_is_kept(
    ukm: Run, tmp_path: Path
) -> None:
    old = old_folder(
        tmp_path / "old", "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\nlanguage: id\n"
    )
    build_tree(old, {"laporan.md": "# Latar Belakang\n\nTeks tahun lalu.\n"})
    fresh = tmp_path / "fresh"
    assert ukm("init", str(fresh), "--like", str(old), "--starts", "2018-12-12").exit_code == 0
    written = (fresh / "laporan.md").read_text(encoding="utf-8")
    assert "# Latar Belakang" in written and "Teks tahun lalu" not in written

    new = build_tree(tmp_path / "new", {"laporan.md": "# Latar Belakang\n\nSudah ditulis.\n"})
    build_tree(old, {"templates/report.typ": "// lama\n"})
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 0, result.output
    assert (new / "laporan.md").read_text(
        encoding="utf-8"
    ) == "# Latar Belakang\n\nSudah ditulis.\n"
    assert "Kept as they were in the new folder: laporan.md" in result.stdout
    assert "1 file of its templates/ folder was copied" in result.stdout


def test_a_folder_that_holds_a_programme_is_refused_and_left_as_it_was(
    ukm: Run, tmp_path: Path
) -> None:
    old = old_folder(tmp_path / "old", "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\n")
    new = build_tree(tmp_path / "new", {"program.yaml": "name: mine\n", "notes.txt": "x"})
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 1
    assert "program.yaml" in result.stderr and "nothing was written" in result.stderr
    assert sorted(p.name for p in new.iterdir()) == ["notes.txt", "program.yaml"]
    assert (new / "program.yaml").read_text(encoding="utf-8") == "name: mine\n"


@pytest.mark.parametrize(
    "record",
    ["attendance/keuangan.yaml", "ids.yaml", "visits.yaml", "indicators.yaml", "certificates.yaml"],
)
@pytest.mark.parametrize("like", [True, False], ids=["like", "plain"])
def test_records_of_a_programme_left_in_the_new_folder_are_refused_before_writing(
    ukm: Run, tmp_path: Path, record: str, like: bool
) -> None:
    # An attendance sheet, visits or an ids.yaml left in DIR became the new programme's:
    # `--like` wrote the folder, then said it "has errors; fix them by hand" (exit 1);
    # with a valid file (`last_id: UKM-005`) both commands made a programme carrying it.
    old = old_folder(tmp_path / "old", "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\n")
    held = (old / record).read_text(encoding="utf-8") if (old / record).exists() else "[]\n"
    if record.startswith("attendance/"):
        held = "1:\n  date: 2017-12-13\n  present: [UKM-001]\n"
    new = build_tree(tmp_path / "new", {record: held, "notes.txt": "x"})
    before = sorted(str(p.relative_to(new)) for p in new.rglob("*"))
    command = ["init", str(new), "--starts", "2018-12-12"]
    result = ukm(*command, *(["--like", str(old)] if like else []))
    assert result.exit_code == 1, result.output
    assert "already holds the records of a programme" in result.stderr
    assert record in result.stderr and "nothing was written" in result.stderr
    assert sorted(str(p.relative_to(new)) for p in new.rglob("*")) == before
    assert (new / record).read_text(encoding="utf-8") == held


def _special(templates: Path, kind: str, outside: Path) -> str:
    """Put one thing that is not a plain file into templates/; the name ukm must refuse."""
    if kind == "link-to-a-secret":
        secret = outside / "id_rsa"
        secret.write_text("PRIVATE KEY", encoding="utf-8")
        (templates / "kop.typ").symlink_to(secret)
        return "kop.typ"
    if kind == "link-to-etc":
        (templates / "etc").symlink_to("/etc", target_is_directory=True)
        return "etc"
    if kind == "link-loop":
        (templates / "a").symlink_to(templates / "b")
        (templates / "b").symlink_to(templates / "a")
        return "a"
    if kind == "fifo":
        os.mkfifo(templates / "pipe")
        return "pipe"
    if kind == "dev-zero":
        (templates / "zero").symlink_to("/dev/zero")
        return "zero"
    raise AssertionError(kind)


@pytest.mark.posix_only
@pytest.mark.parametrize(
    "kind", ["link-to-a-secret", "link-to-etc", "link-loop", "fifo", "dev-zero"]
)
@pytest.mark.parametrize("new_exists", [False, True], ids=["new", "existing"])
def test_links_and_special_files_in_templates_are_refused_by_name_and_nothing_is_written(
    ukm: Run, tmp_path: Path, kind: str, new_exists: bool
) -> None:
    old = old_folder(tmp_path / "old", "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\n")
    build_tree(old, {"templates/report.typ": "// kop\n"})
    name = _special(old / "templates", kind, tmp_path)
    new = tmp_path / "new"
    if new_exists:
        new.mkdir()
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 1, result.output
    assert name in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.output
    if new_exists:
        assert [p.name for p in new.iterdir()] == []
    else:
        assert not new.exists()
    assert [p.name for p in tmp_path.iterdir() if "ukm-new" in p.name] == []


@pytest.mark.posix_only
def test_a_full_disk_leaves_no_half_made_folder(ukm: Run, tmp_path: Path, tiny_disk: Path) -> None:
    old = old_folder(tmp_path / "old", "name: P 2017\nstarts: 2017-12-13\nends: 2018-03-13\n")
    build_tree(old, {"templates/logo.png": os.urandom(200_000)})
    new = tiny_disk / "new"
    result = ukm("init", str(new), "--like", str(old), "--starts", "2018-12-12")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert list(tiny_disk.iterdir()) == []


NAMES = {
    "plain": "name: Lokakarya 2017\n",
    "single": "name: 'Lokakarya 2017'\n",
    "double": 'name: "Lokakarya 2017"\n',
    "two-lines": "name: Lokakarya\n  2017\n",
    "folded": "name: >-\n  Lokakarya\n  2017\n",
    "literal": "name: |\n  Lokakarya 2017\n",
}
DATES = {"plain": "{d}", "single": "'{d}'", "double": '"{d}"'}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(NAMES)),
    starts=st.sampled_from(sorted(DATES)),
    session=st.sampled_from(sorted(DATES)),
    flow=st.booleans(),
    crlf=st.booleans(),
    issued=st.sampled_from(["none", "block", "flow"]),
    shift=st.integers(min_value=-400, max_value=3000),  # never a year after today (safety)
)
def test_any_way_of_writing_the_old_files_moves_every_date_and_keeps_the_rest(
    ukm: Run, tmp_path: Path, name: str, starts: str, session: str, flow: bool, crlf: bool,
    issued: str, shift: int,
) -> None:  # fmt: skip
    from datetime import timedelta

    program = NAMES[name] + "starts: " + DATES[starts].format(d="2017-12-13") + "  # mulai\n"
    program += "ends: 2018-03-13\nlanguage: en\n"
    program += {
        "none": "",
        "block": "certificates:\n  issued: 2018-03-20\n  number: '{seq}/S/{year}'\n",
        "flow": "certificates: {number: '{seq}/S/{year}', issued: 2018-03-20}\n",
    }[issued]
    day = DATES[session].format(d="2017-12-20")
    sessions = (
        f"    1: {{date: {day}, topic: Kas}}\n"
        if flow
        else f"    1:\n      date: {day}   # hari\n      topic: Kas\n"
    )
    modules = "- id: keuangan\n  title: Tertib Keuangan\n  sessions:\n" + sessions
    if crlf:
        program, modules = program.replace("\n", "\r\n"), modules.replace("\n", "\r\n")
    case = tmp_path / f"case-{len(list(tmp_path.iterdir()))}"
    old = case / "old"
    old.mkdir(parents=True)
    (old / "program.yaml").write_bytes(program.encode())
    (old / "modules.yaml").write_bytes(modules.encode())
    (old / "participants.yaml").write_bytes(b"")
    new_start = date(2017, 12, 13) + timedelta(days=shift)
    new = case / "new"
    result = ukm("init", str(new), "--like", str(old), "--starts", new_start.isoformat())
    assert result.exit_code == 0, result.output
    after = loaded(new)
    assert after.settings.starts == new_start
    assert after.settings.ends == date(2018, 3, 13) + timedelta(days=shift)
    assert after.modules[0].sessions[1].date == date(2017, 12, 20) + timedelta(days=shift)
    assert after.settings.name == "Lokakarya 2017".replace("2017", str(new_start.year))
    assert after.settings.certificates is None or after.settings.certificates.issued is None
    text = (new / "program.yaml").read_bytes().decode()
    assert "# mulai" in text and ("\r\n" in text) == crlf
    if not flow:
        assert "# hari" in (new / "modules.yaml").read_text(encoding="utf-8")
