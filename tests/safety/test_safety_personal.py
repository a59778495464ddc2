"""Personal data stays in the folder: NIK masked everywhere unless asked, no data in bug
reports, and files ukm creates no more readable than the folder's own.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run
from tests.kit.reports import Mod, Person, write
from ukmtool.core.files import store

NIKS = {  # invented: region 3316 (Blora), birth dates in 1975-1990, serials 0001-0004
    "UKM-001": "3316015507800001",
    "UKM-002": "3316022803750002",
    "UKM-003": "3316031011900003",
}
NEW_NIK = "3316040101850004"
OWNER = "Sri Wahyuni Lestari"
pytestmark = pytest.mark.usefixtures("cached_cli")


def masked(nik: str) -> str:
    return nik[:4] + "********" + nik[-4:]


def no_nik_in(text: str, *, except_: tuple[str, ...] = ()) -> None:
    for nik in (*NIKS.values(), NEW_NIK):
        if nik not in except_:
            assert nik not in text
            assert nik[4:12] not in text  # not even the hidden middle, split some other way


@pytest.fixture
def people(tmp_path: Path) -> Path:
    persons = [
        Person(pid, business=f"Usaha {pid}", owner=OWNER if pid == "UKM-001" else "Budi", nik=nik)
        for pid, nik in NIKS.items()
    ]
    module = Mod(
        "keuangan",
        {1: date(2018, 1, 8), 2: date(2018, 1, 15), 3: date(2018, 1, 22)},
        {1: {"present": ["UKM-001", "UKM-002"]}},
    )
    root = write(tmp_path / "p", [module], persons)
    for path in [root / "participants.yaml", *(root / "attendance").glob("*.yaml")]:
        path.chmod(0o600)
    return root


REPORTING = [
    ("report",),
    ("report", "--module", "keuangan"),
    ("report", "--by", "district"),
    ("show", "UKM-001"),
    ("participants",),
    ("participants", "--search", "Usaha"),
    ("modules",),
    ("report", "--visits"),
]


def export_text(path: Path) -> str:
    if path.suffix != ".xlsx":
        return path.read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    book = load_workbook(path)
    return "\n".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )


@pytest.mark.posix_only
@pytest.mark.parametrize("fmt", ["csv", "json", "md", "xlsx", "txt"])
@pytest.mark.parametrize("args", REPORTING, ids=" ".join)
def test_no_export_holds_a_nik_unless_asked(
    ukm: Run, people: Path, tmp_path: Path, args: tuple[str, ...], fmt: str
) -> None:
    target = tmp_path / f"export.{fmt}"
    result = ukm("--data", str(people), *args, "--output", str(target))
    assert result.exit_code == 0, result.output
    no_nik_in(export_text(target) + result.output)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # as private as participants.yaml
    if args[0] == "participants" or (args[0] == "show" and fmt != "csv"):  # show's CSV: modules
        target.unlink()
        asked = ukm("--data", str(people), *args, "--show-nik", "--output", str(target))
        assert asked.exit_code == 0, asked.output
        assert NIKS["UKM-001"] in export_text(target)


@pytest.mark.posix_only
def test_a_replaced_export_keeps_its_own_mode(ukm: Run, people: Path, tmp_path: Path) -> None:
    target = tmp_path / "peserta.csv"
    target.write_text("old\n", encoding="utf-8", newline="\n")
    target.chmod(0o640)  # a person chose to share it with the group
    assert ukm("--data", str(people), "participants", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md"])
@pytest.mark.parametrize("args", REPORTING, ids=" ".join)
def test_no_report_on_screen_shows_a_nik(
    ukm: Run, people: Path, args: tuple[str, ...], fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for terminal in (False, True):
        if terminal and fmt != "table":
            continue
        if terminal:
            from ukmtool.render import console

            monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
        result = ukm("--data", str(people), *args, "--format", fmt)
        assert result.exit_code == 0, result.output
        no_nik_in(result.output)


REGISTER = [
    "register", "--no-input", "--business", "Keripik Tempe", "--owner", "Sumarni",
    "--gender", "F", "--sector", "batik", "--district", "Cepu", "--nik", NEW_NIK,
]  # fmt: skip


@pytest.mark.parametrize(
    "extra",
    [(), ("--format", "json"), ("--dry-run",), ("--dry-run", "--format", "json")],
    ids=["text", "json", "dry-run", "dry-run-json"],
)
@pytest.mark.usefixtures("during_the_programme")
def test_register_never_prints_the_nik_it_was_given(
    ukm: Run, people: Path, extra: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = ukm("--data", str(people), *REGISTER, *extra)
    assert result.exit_code == 0, result.output
    no_nik_in(result.output)
    if "json" in " ".join(extra):
        assert json.loads(result.stdout)["added"][0]["nik"] == masked(NEW_NIK)
    if "--dry-run" in extra and "json" not in " ".join(extra):
        from ukmtool.render import console

        monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
        on_screen = ukm("--data", str(people), *REGISTER, *extra)
        no_nik_in(on_screen.output)
        assert masked(NEW_NIK) in on_screen.stdout


@pytest.mark.usefixtures("during_the_programme")
def test_register_shows_the_nik_only_when_asked(ukm: Run, people: Path) -> None:
    result = ukm("--data", str(people), *REGISTER, "--format", "json", "--show-nik")
    assert json.loads(result.stdout)["added"][0]["nik"] == NEW_NIK


@pytest.mark.usefixtures("during_the_programme")
def test_a_duplicate_nik_is_named_not_printed(ukm: Run, people: Path, tmp_path: Path) -> None:
    args = [a if a != NEW_NIK else NIKS["UKM-002"] for a in REGISTER]
    result = ukm("--data", str(people), *args)
    assert result.exit_code == 1
    assert "UKM-002" in result.stderr and "same NIK" in result.stderr
    no_nik_in(result.output)
    source = tmp_path / "daftar.csv"
    source.write_text(
        "nama usaha,nama pemilik,jenis kelamin,sektor,kecamatan,nik\n"
        f"Kerupuk A,Bu A,P,batik,Cepu,{NIKS['UKM-003']}\n"
        f"Kerupuk B,Bu B,P,batik,Cepu,{NEW_NIK}\n"
        f"Kerupuk C,Bu C,P,batik,Cepu,{NEW_NIK}\n",
        encoding="utf-8",
        newline="\n",
    )
    imported = ukm("--data", str(people), "register", "--from", str(source))
    assert imported.exit_code == 1
    no_nik_in(imported.output)
    allowed = ukm("--data", str(people), "register", "--from", str(source), "--allow-duplicate")
    assert allowed.exit_code == 0, allowed.output
    no_nik_in(allowed.output)


def test_check_names_a_shared_nik_without_printing_it(ukm: Run, people: Path) -> None:
    path = people / "participants.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(NIKS["UKM-003"], NIKS["UKM-001"]), encoding="utf-8", newline="\n")
    for fmt in ("text", "json"):
        result = ukm("--data", str(people), "check", "--format", fmt)
        no_nik_in(result.output)


@pytest.mark.parametrize("extra", [(), ("--format", "json")], ids=["text", "json"])
def test_attend_never_prints_a_nik(ukm: Run, people: Path, extra: tuple[str, ...]) -> None:
    result = ukm("--data", str(people), "attend", "keuangan", "-s", "2", "--all", *extra)
    assert result.exit_code == 0, result.output
    no_nik_in(result.output)


BUG_MESSAGE = f"NIK {NIKS['UKM-001']} of {OWNER} at Usaha UKM-001"


@pytest.mark.parametrize(
    ("args", "module", "function"),
    [
        (("show", "UKM-001"), "ukmtool.core.reports.records", "show_record"),
        (("participants",), "ukmtool.core.reports.records", "participant_list"),
        (
            ("attend", "keuangan", "-s", "2", "UKM-003"),
            "ukmtool.core.files.sheet_file",
            "rewrite",
        ),
        (tuple(REGISTER), "ukmtool.core.files.list_file", "append_participants"),
        (("check",), "ukmtool.core.reading.checks", "run"),
    ],
    ids=["show", "participants", "attend", "register", "check"],
)
@pytest.mark.usefixtures("during_the_programme")
def test_a_bug_report_carries_no_participant_data(
    ukm: Run,
    people: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    module: str,
    function: str,
) -> None:
    import importlib

    def broken(*_args: object, **_kwargs: object) -> None:
        try:
            raise KeyError(NIKS["UKM-002"])
        except KeyError as inner:
            raise RuntimeError(BUG_MESSAGE) from inner

    monkeypatch.setattr(importlib.import_module(module), function, broken)
    before = {p: p.read_bytes() for p in people.rglob("*.yaml")}
    result = ukm("--data", str(people), *args)
    assert result.exit_code == 70
    assert "stopped because of a bug in ukm itself (RuntimeError)" in result.stderr
    assert "Traceback" not in result.output
    no_nik_in(result.output)
    assert OWNER not in result.output and "Usaha UKM-001" not in result.output
    assert {p: p.read_bytes() for p in people.rglob("*.yaml")} == before


@pytest.mark.posix_only
def test_a_new_sheet_is_no_more_readable_than_the_folders_files(ukm: Run, people: Path) -> None:
    (people / "attendance" / "keuangan.yaml").chmod(0o644)  # an older, more open sheet
    for path in (people / "attendance").iterdir():
        path.rename(people / path.name)  # park it: the module gets a new sheet
    result = ukm("--data", str(people), "attend", "keuangan", "-s", "1", "UKM-001")
    assert result.exit_code == 0, result.output
    sheet = people / "attendance" / "keuangan.yaml"
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600  # participants.yaml is 0600


@pytest.mark.posix_only
def test_a_new_sheet_beside_an_open_one_is_as_private_as_participants(
    ukm: Run, tmp_path: Path
) -> None:
    module = Mod("a", {1: date(2018, 1, 8)}, {1: {"present": ["UKM-001"]}})
    other = Mod("b", {1: date(2018, 1, 8)})
    root = write(tmp_path / "q", [module, other], [Person("UKM-001", nik=NIKS["UKM-001"])])
    (root / "participants.yaml").chmod(0o640)
    (root / "attendance" / "a.yaml").chmod(0o604)
    result = ukm("--data", str(root), "attend", "b", "-s", "1", "UKM-001")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((root / "attendance" / "b.yaml").stat().st_mode) == 0o600


@pytest.mark.posix_only
def test_the_attendance_folder_and_lock_are_no_more_open_than_the_folder(
    ukm: Run, people: Path
) -> None:
    for path in (people / "attendance").iterdir():
        path.unlink()
    (people / "attendance").rmdir()
    people.chmod(0o700)
    umask = os.umask(0o022)
    try:
        result = ukm("--data", str(people), "attend", "keuangan", "-s", "1", "UKM-001")
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((people / "attendance").stat().st_mode) == 0o700
    assert stat.S_IMODE((people / store.LOCK_NAME).stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
@pytest.mark.usefixtures("during_the_programme")
def test_files_keep_their_owner_and_group_when_root_writes(ukm: Run, people: Path) -> None:
    owner = 4321
    for path in [people, *people.rglob("*")]:
        os.chown(path, owner, owner)
    register = ukm("--data", str(people), *REGISTER)
    assert register.exit_code == 0, register.output
    (people / "attendance" / "keuangan.yaml").unlink()
    attend = ukm("--data", str(people), "attend", "keuangan", "-s", "1", "UKM-001")
    assert attend.exit_code == 0, attend.output
    for name in ("participants.yaml", "attendance/keuangan.yaml", store.LOCK_NAME):
        found = (people / name).stat()
        assert (found.st_uid, found.st_gid) == (owner, owner), name


@pytest.mark.posix_only
def test_the_load_cache_is_private(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [
        Person(f"UKM-{n:04d}", business=f"Usaha Nomor {n}", nik=f"3316{n:012d}")
        for n in range(1, 2000)
    ]
    root = write(tmp_path / "big", [], many)
    where = tmp_path / "cache"
    monkeypatch.setenv("UKM_CACHE_DIR", str(where))
    umask = os.umask(0o022)
    try:
        for _ in range(2):  # the first run fills the cache, the second reads it
            result = ukm("--data", str(root), "participants", "--format", "csv")
            assert result.exit_code == 0, result.output
            assert "331600000000" not in result.stdout  # masked, from the cache too
    finally:
        os.umask(umask)
    stored = [p for p in where.rglob("*") if p.is_file()]
    assert stored  # the cache holds the participants, NIKs included: only for its owner
    assert stat.S_IMODE(where.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in stored)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in where.rglob("*") if p.is_dir())


@pytest.mark.posix_only
def test_visit_prints_no_nik_and_its_new_file_is_private(ukm: Run, people: Path) -> None:
    for day, extra in (("2018-01-10", ()), ("2018-01-11", ("--format", "json"))):
        result = ukm(
            "--data", str(people), "visit", "UKM-001", "--date", day, "--trainer", "Ratna Dewi",
            "--hours", "1", "--no-input", *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        no_nik_in(result.output)
    assert stat.S_IMODE((people / "visits.yaml").stat().st_mode) == 0o600
    for fmt in ("table", "csv", "json", "md"):
        report = ukm("--data", str(people), "report", "--visits", "--format", fmt)
        assert report.exit_code == 0, report.output
        no_nik_in(report.output)
