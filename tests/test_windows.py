"""Windows, the officers' laptops, simulated where Linux can.

Code pages of redirected output, a Documents folder reported read-only, a
report held open by Excel, the cache folder, device names, names that differ
only in capitals, copies made by OneDrive or Google Drive, and ukm without
the POSIX-only modules.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import REPO, Run, programme, ukm_executable
from ukmtool.core.files import store
from ukmtool.errors import WriteError

NAME = "Warung 😀 ꦧꦠꦶꦏ꧀"  # an emoji and Javanese script: in no Windows code page
OWNER = "Sri ꦱꦿꦶ"
LATIN = "Kafé Ani"  # é: cp1252 would write 0xE9, not UTF-8's C3 A9


def _ukm_bytes(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [ukm_executable(), *args],
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def _register(folder: Path, business: str, env: dict[str, str]) -> Any:
    return _ukm_bytes(
        "--data", str(folder), "register", "--business", business, "--owner", OWNER,
        "--gender", "F", "--sector", "kuliner", "--district", "Cepu",
        "--registered", "2018-01-02", "--no-input",
        env=env,
    )  # fmt: skip


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "ascii"])
def test_redirected_output_is_utf8_in_any_code_page_and_the_entry_is_written_once(
    tmp_path: Path, encoding: str
) -> None:
    folder = programme(tmp_path / "p")
    env = {"PYTHONIOENCODING": encoding}
    done = _register(folder, NAME, env)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert NAME in done.stdout.decode("utf-8")
    assert (folder / "participants.yaml").read_text(encoding="utf-8").count(NAME) == 1

    latin = _register(folder, LATIN, env)
    assert latin.returncode == 0
    assert "Kafé Ani".encode() in latin.stdout

    listed = _ukm_bytes("--data", str(folder), "participants", "--format", "json", env=env)
    assert listed.returncode == 0
    shown = json.loads(listed.stdout.decode("utf-8"))
    assert NAME in json.dumps(shown, ensure_ascii=False)
    table = _ukm_bytes("--data", str(folder), "participants", env=env)
    assert NAME in table.stdout.decode("utf-8")
    assert b"\r\n" not in table.stdout  # the same bytes on every system

    trainer = "Ratna ꦫꦠ꧀ꦤ 🌱"
    visit = _ukm_bytes(
        "--data", str(folder), "visit", "UKM-003", "--date", "2018-01-20", "--trainer", trainer,
        "--new-trainer", "--hours", "1", "--note", "Kas harian ✓", "--no-input",
        env=env,
    )  # fmt: skip
    assert visit.returncode == 0, visit.stderr.decode("utf-8", "replace")
    assert NAME in visit.stdout.decode("utf-8")
    assert (folder / "visits.yaml").read_text(encoding="utf-8").count(trainer) == 1
    attend = _ukm_bytes("--data", str(folder), "attend", "keuangan", "-s", "1", "UKM-003", env=env)
    assert attend.returncode == 0, attend.stderr.decode("utf-8", "replace")
    attend.stdout.decode("utf-8")  # UTF-8, whatever it holds


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_errors_on_a_redirected_stderr_are_utf8_too(tmp_path: Path, encoding: str) -> None:
    folder = programme(tmp_path / "p")
    text = (folder / "participants.yaml").read_text(encoding="utf-8")
    (folder / "participants.yaml").write_text(
        text.replace("district: Cepu", "district: Cepú 😀"), encoding="utf-8", newline="\n"
    )
    done = _ukm_bytes("--data", str(folder), "check", env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 1
    assert "Cepú 😀" in (done.stdout + done.stderr).decode("utf-8")


@pytest.mark.posix_only
def test_a_terminal_that_cannot_show_a_character_gets_an_escape_not_a_crash(
    tmp_path: Path,
) -> None:
    from tests.kit.terminal import run_on_terminal

    folder = programme(tmp_path / "p")
    assert _register(folder, NAME, {}).returncode == 0
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "200", "NO_COLOR": "1"}
    shown = run_on_terminal([ukm_executable(), "--data", str(folder), "participants"], env)
    assert "Traceback" not in shown
    assert "\\U0001f600" in shown  # the emoji, written as an escape
    assert "UKM-003" in shown


@pytest.mark.usefixtures("during_the_programme")
def test_a_failure_to_print_after_the_write_is_not_an_error(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.render.commands import register as view

    def no_room(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(view, "show", no_room)
    folder = programme(tmp_path / "p")
    result = ukm(
        "--data", str(folder), "register", "--business", NAME, "--owner", OWNER,
        "--gender", "F", "--sector", "kuliner", "--district", "Cepu", "--no-input",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "participants.yaml" in result.stderr
    assert "No space left on device" in result.stderr
    assert (folder / "participants.yaml").read_text(encoding="utf-8").count(NAME) == 1


@pytest.mark.posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_real_stdout_that_is_full_after_the_write_exits_0(tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [ukm_executable(), "--data", str(folder), "register", "--business", NAME,
             "--owner", OWNER, "--gender", "F", "--sector", "kuliner", "--district", "Cepu",
             "--registered", "2018-01-01", "--no-input"],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONIOENCODING": "cp1252"},
            timeout=60,
            check=False,
        )  # fmt: skip
    message = done.stderr.decode("utf-8")
    assert done.returncode == 0, message
    assert "Saved" in message
    assert "Traceback" not in message
    assert (folder / "participants.yaml").read_text(encoding="utf-8").count(NAME) == 1


def _failing_report(monkeypatch: pytest.MonkeyPatch, exc: OSError) -> None:
    from ukmtool.render import output

    def fail(_data: bytes) -> None:
        raise exc

    monkeypatch.setattr(output, "_write", fail)


def test_a_closed_pipe_on_windows_einval_ends_quietly(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_report(monkeypatch, OSError(errno.EINVAL, "Invalid argument"))
    result = ukm("--data", str(sample), "report", "--module", "keuangan", "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")


def test_einval_about_a_file_is_not_taken_for_a_closed_pipe(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_report(monkeypatch, OSError(errno.EINVAL, "Invalid argument", "C:\\x:y.csv"))
    result = ukm("--data", str(sample), "report", "--module", "keuangan", "--format", "csv")
    assert result.exit_code == 70
    assert "OSError" in result.stderr


# --- a folder with Windows' read-only attribute -------------------------------------------


def _reported_read_only(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """Make os.stat report ``paths`` without any write bit, as Windows does for the attribute."""
    real_stat = os.stat
    chosen = {os.path.realpath(p) for p in paths}

    def fake_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        found = real_stat(path, *args, **kwargs)
        if isinstance(path, str | Path) and os.path.realpath(path) in chosen:
            values = list(found)
            values[0] = stat.S_IFMT(found.st_mode) | (stat.S_IMODE(found.st_mode) & ~0o222)
            return os.stat_result(values)
        return found

    monkeypatch.setattr(os, "stat", fake_stat)


def _register_in_process(ukm: Run, folder: Path) -> Any:
    return ukm(
        "--data", str(folder), "register", "--business", "Batik Tulis Ayu", "--owner", "Ayu",
        "--gender", "F", "--sector", "batik", "--district", "Japah", "--no-input",
    )  # fmt: skip


@pytest.mark.usefixtures("during_the_programme")
def test_on_windows_a_folder_reported_0o555_takes_writes(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme(tmp_path / "p")
    monkeypatch.setattr(store, "WINDOWS", True)
    _reported_read_only(monkeypatch, folder, folder / "attendance")
    assert stat.S_IMODE(os.stat(folder).st_mode) & 0o222 == 0
    result = _register_in_process(ukm, folder)
    assert result.exit_code == 0, result.output
    assert "Batik Tulis Ayu" in (folder / "participants.yaml").read_text(encoding="utf-8")
    attend = ukm("--data", str(folder), "attend", "keuangan", "-s", "1", "UKM-001")
    assert attend.exit_code == 0, attend.output


def test_elsewhere_a_folder_marked_read_only_is_still_refused(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme(tmp_path / "p")
    before = (folder / "participants.yaml").read_bytes()
    monkeypatch.setattr(store, "WINDOWS", False)
    _reported_read_only(monkeypatch, folder)
    result = _register_in_process(ukm, folder)
    assert result.exit_code == 1
    assert "chmod u+w" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.usefixtures("during_the_programme")
def test_on_windows_a_read_only_file_gets_windows_advice(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme(tmp_path / "p")
    before = (folder / "participants.yaml").read_bytes()
    monkeypatch.setattr(store, "WINDOWS", True)
    _reported_read_only(monkeypatch, folder / "participants.yaml")
    result = _register_in_process(ukm, folder)
    assert result.exit_code == 1
    assert "is marked read-only" in result.stderr
    assert "Properties" in result.stderr
    assert "chmod" not in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


# --- a file another program holds open (WinError 32) ---------------------------------------


def _held_open(winerror: int = 32) -> PermissionError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = winerror  # type: ignore[attr-defined] # what Windows sets
    return exc


def _replace_failing(
    monkeypatch: pytest.MonkeyPatch, times: int, make: Callable[[], OSError] = _held_open
) -> tuple[list[float], list[str]]:
    """os.replace fails ``times`` times, then works; the sleeps taken and the calls made."""
    real_replace = os.replace
    slept: list[float] = []
    calls: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        if len(calls) <= times:
            raise make()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(store.time, "sleep", slept.append)
    return slept, calls


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(store.TEMP_SUFFIX)]


def test_a_file_held_for_a_moment_is_replaced_after_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "participants.yaml"
    path.write_bytes(b"old\n")
    slept, calls = _replace_failing(monkeypatch, 2)
    store.atomic_write(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert len(calls) == 3
    assert slept == list(store.REPLACE_DELAYS[:2])
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "program"), [("cepu.xlsx", "Excel"), ("participants.yaml", "antivirus")]
)
def test_a_file_held_open_says_so_and_leaves_nothing_half_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, program: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"old\n")
    slept, _calls = _replace_failing(monkeypatch, 1000)
    with pytest.raises(WriteError) as raised:
        store.atomic_write(path, b"new\n")
    assert str(path) in raised.value.message
    assert "open in another program" in raised.value.message
    assert program in (raised.value.hint or "")
    assert slept == list(store.REPLACE_DELAYS)
    assert 1 < sum(slept) < 5  # brief: a person is waiting
    assert path.read_bytes() == b"old\n"
    assert _leftovers(tmp_path) == []


def test_access_denied_from_windows_is_retried_and_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"old\n")
    _replace_failing(monkeypatch, 1000, lambda: _held_open(5))
    with pytest.raises(WriteError) as raised:
        store.atomic_write(path, b"new\n")
    assert "another program may have it open" in raised.value.message
    assert "Excel" in (raised.value.hint or "")


def test_a_plain_permission_error_is_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "participants.yaml"
    path.write_bytes(b"old\n")
    slept, calls = _replace_failing(
        monkeypatch, 1000, lambda: PermissionError(errno.EACCES, "Permission denied")
    )
    with pytest.raises(WriteError, match="No permission"):
        store.atomic_write(path, b"new\n")
    assert (len(calls), slept) == (1, [])
    assert _leftovers(tmp_path) == []


def test_a_report_open_in_excel_names_the_file_and_excel(
    ukm: Run, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cepu.xlsx"
    target.write_bytes(b"the old report")
    _replace_failing(monkeypatch, 1000)
    result = ukm("--data", str(sample), "report", "--output", str(target))
    assert result.exit_code == 1
    assert "cepu.xlsx is open in another program" in result.stderr
    assert "Excel" in result.stderr
    assert target.read_bytes() == b"the old report"
    assert _leftovers(tmp_path) == []


# --- reports through '>' ----------------------------------------------------------------


def test_on_windows_xlsx_is_refused_on_stdout_with_a_pointer_to_output(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.render import output

    monkeypatch.setattr(output, "WINDOWS", True)
    result = ukm("--data", str(sample), "report", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr
    assert result.stdout == ""
    csv = ukm("--data", str(sample), "report", "--format", "csv")
    assert csv.exit_code == 0  # text goes through (cmd's '>' keeps it; README: --output)


# --- the load cache ------------------------------------------------------------------------


def test_on_windows_the_cache_is_in_local_appdata_not_roaming(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs
    import platformdirs.windows

    from ukmtool.core.reading import cache

    folders = {
        "CSIDL_LOCAL_APPDATA": r"C:\Users\sri\AppData\Local",
        "CSIDL_APPDATA": r"C:\Users\sri\AppData\Roaming",
    }
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    for var in ("UKM_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    found = str(cache.directory())
    assert found.startswith(folders["CSIDL_LOCAL_APPDATA"])
    assert "Roaming" not in found
    assert "ukm" in found


# --- names Windows keeps or folds ----------------------------------------------------------


MODULE = "- id: {id}\n  title: Modul\n  sessions:\n    1: {{date: 2018-01-08}}\n"


@pytest.mark.parametrize("device", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_a_module_named_like_a_windows_device_is_refused_with_its_line(
    ukm: Run, tmp_path: Path, device: str
) -> None:
    folder = programme(
        tmp_path / "p", modules=MODULE.format(id="keuangan") + MODULE.format(id=device)
    )
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    place = os.path.relpath(folder / "modules.yaml") + ":5:"
    lines = [line for line in result.stdout.splitlines() if line.startswith(place)]
    assert lines, result.stdout
    assert f"'{device}' cannot be a module id" in lines[0]


@pytest.mark.parametrize("fine", ["com10", "console", "lpt", "auxiliary"])
def test_names_that_only_look_like_devices_are_fine(ukm: Run, tmp_path: Path, fine: str) -> None:
    folder = programme(tmp_path / "p", modules=MODULE.format(id=fine))
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 0, result.output


SHEET = "1:\n  present: [UKM-001]\n"


def test_an_attendance_file_in_capitals_is_an_error_on_every_system(
    ukm: Run, tmp_path: Path
) -> None:
    folder = programme(tmp_path / "p", attendance__Keuangan=SHEET)
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert "Rename Keuangan.yaml to keuangan.yaml" in result.stdout
    refused = ukm("--data", str(folder), "attend", "keuangan", "-s", "2", "UKM-001")
    assert refused.exit_code == 1
    assert sorted(p.name for p in (folder / "attendance").iterdir()) == ["Keuangan.yaml"]


def _case_sensitive(folder: Path) -> bool:
    probe = folder / "case-probe"
    probe.write_bytes(b"")
    try:
        return not (folder / "CASE-PROBE").exists()
    finally:
        probe.unlink()


def test_two_sheets_differing_only_in_capitals_are_an_error(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", attendance__keuangan=SHEET)
    if not _case_sensitive(folder):
        pytest.skip("this disk cannot hold two names differing only in capitals")
    (folder / "attendance" / "Keuangan.yaml").write_text(SHEET, encoding="utf-8", newline="\n")
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert "Keuangan.yaml and keuangan.yaml differ only in capitals" in result.stdout


# --- copies made by sync programs -----------------------------------------------------------


@pytest.mark.parametrize(
    "copy",
    [
        "participants-DESKTOP-AB12.yaml",  # OneDrive
        "participants-LAPTOP-7K2-2.yaml",
        "participants (1).yaml",  # Google Drive, Explorer
        "participants (Sri's conflicted copy 2018-01-10).yaml",  # Dropbox
        "modules (conflicted copy 2018-01-10 101010).yaml",  # Nextcloud
        "program.sync-conflict-20180110-101010-ABCDEFG.yaml",  # Syncthing
        "indicators (2).yaml",
    ],
)
def test_check_names_a_conflict_copy_of_a_programme_file(
    ukm: Run, tmp_path: Path, copy: str
) -> None:
    folder = programme(tmp_path / "p")
    (folder / copy).write_bytes(b"- id: UKM-009\n")
    original = re.split(r"[- .]", copy, maxsplit=1)[0] + ".yaml"
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 0  # a warning: ukm reads only the original
    assert f"{copy}: warning: {copy} looks like a copy" in result.stdout
    assert f"ukm reads only {original}" in result.stdout
    assert ukm("--data", str(folder), "check", "--strict").exit_code == 1


@pytest.mark.parametrize("other", ["participants-backup.yaml", "notes.yaml", "participants.csv"])
def test_other_files_beside_the_programme_are_not_taken_for_copies(
    ukm: Run, tmp_path: Path, other: str
) -> None:
    folder = programme(tmp_path / "p")
    (folder / other).write_bytes(b"x\n")
    result = ukm("--data", str(folder), "check")
    assert (result.exit_code, "warning" in result.stdout) == (0, False), result.stdout


def test_a_conflict_copy_of_a_sheet_is_an_error_that_says_what_it_is(
    ukm: Run, tmp_path: Path
) -> None:
    folder = programme(tmp_path / "p", attendance__keuangan=SHEET)
    (folder / "attendance" / "keuangan (1).yaml").write_text(SHEET, encoding="utf-8")
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert "keuangan (1).yaml looks like a copy" in result.stdout
    assert "ukm reads only keuangan.yaml" in result.stdout


# --- ukm without the POSIX-only modules ---------------------------------------------------


BLOCKED = ("fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "syslog")
WITHOUT_POSIX = f"""
import importlib, importlib.abc, os, pkgutil, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in {BLOCKED!r}:
            raise ImportError(f"No module named {{name!r}} (as on Windows)")
        return None

for name in {BLOCKED!r}:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, Refuse())
for name in ("geteuid", "getuid", "getgid", "fchown", "chown", "getpgid", "killpg"):
    if hasattr(os, name):
        delattr(os, name)

import ukmtool
names = [m.name for m in pkgutil.walk_packages(ukmtool.__path__, "ukmtool.")]
for name in names:
    importlib.import_module(name)
print(len(names), "modules")
for name in {BLOCKED!r}:
    assert name not in sys.modules, name
from ukmtool.__main__ import main
sys.argv = ["ukm", *sys.argv[1:]]
main()
"""


def test_every_module_imports_and_a_write_works_without_posix_only_modules(
    tmp_path: Path,
) -> None:
    folder = programme(tmp_path / "p")
    script = tmp_path / "without_posix.py"
    script.write_text(WITHOUT_POSIX, encoding="utf-8", newline="\n")
    done = subprocess.run(
        [sys.executable, str(script), "--data", str(folder), "attend", "keuangan", "-s", "1",
         "UKM-001", "UKM-002"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "UKM_LANG": "en"},
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "modules" in done.stdout
    assert "UKM-001" in (folder / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
