"""Writes that keep what others did (issue 21, items 2, 3, 5): a hand edit saved while ukm
writes, a colleague's mark during a roll call, ACLs and extended attributes."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import struct
import subprocess
from pathlib import Path

import pytest

from tests.kit.attendance import expect, folder, ids, sheet
from tests.kit.helpers import Run, ukm_executable
from ukmtool.core.files import store

SHEET = b"# daftar hadir\n1:\n  present: [UKM-001, UKM-002]\n"
VISITS = b"- participant: UKM-001\n  date: 2018-01-10\n  trainer: Ratna Dewi\n  hours: 1\n"
WRITERS: dict[str, tuple[list[str], str]] = {
    "register": (
        [
            "register", "--no-input", "--business", "Keripik Tempe Bu Sum", "--owner",
            "Sumarni", "--gender", "F", "--sector", "batik", "--district", "Cepu",
            "--registered", "2018-01-01",
        ],
        "participants.yaml",
    ),
    "attend": (["attend", "keuangan", "-s", "1", "UKM-009"], "attendance/keuangan.yaml"),
    "visit": (
        [
            "visit", "UKM-003", "--date", "2018-01-20", "--trainer", "Ratna Dewi", "--hours",
            "1.5", "--no-input",
        ],
        "visits.yaml",
    ),
}  # fmt: skip


@pytest.fixture
def root(tmp_path: Path) -> Path:
    made = folder(tmp_path / "p", SHEET)
    (made / "visits.yaml").write_bytes(VISITS)
    return made


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_save_made_while_ukm_writes_its_temp_file_is_kept(root: Path, writer: str) -> None:
    args, name = WRITERS[writer]
    target = root / name
    proc = subprocess.Popen(
        [ukm_executable(), "--data", str(root), *args],
        env={**os.environ, store.PAUSE_VAR: "temp-created"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _pid, status = os.waitpid(proc.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), "ukm ended before writing"
        saved = target.read_bytes() + b"# saved by hand meanwhile\n"
        target.write_bytes(saved)
        os.kill(proc.pid, signal.SIGCONT)
        _out, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert proc.returncode == 1, err
    assert "was changed by someone else" in err
    assert target.read_bytes() == saved
    assert not list(target.parent.glob(f".*{store.TEMP_SUFFIX}"))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukmtool.render.commands import rollcall

    monkeypatch.setattr(rollcall, "reads_keys", lambda: True)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("as_json", [False, True])
def test_the_roll_call_keeps_a_mark_a_colleague_made_meanwhile(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    from ukmtool.core.folder import Folder
    from ukmtool.core.writing import attend
    from ukmtool.core.writing.attend import Request
    from ukmtool.render.commands import rollcall

    root = folder(tmp_path / "p", SHEET)
    walk = rollcall.walk

    def walk_while_a_colleague_marks(*args: object, **kwargs: object) -> bool:
        finished = walk(*args, **kwargs)  # type: ignore[arg-type]
        # a colleague at the next table marks UKM-005 izin while the roll call runs
        attend.record(Folder(root), Request("keuangan", 1, ("UKM-005",), status="excused"))
        return finished

    monkeypatch.setattr(rollcall, "walk", walk_while_a_colleague_marks)
    # UKM-003 .. UKM-007 get: present, present, absent, late, sick; then q
    extra = ["--format", "json"] if as_json else []
    result = ukm(
        "--data", str(root), "attend", "keuangan", "-s", "1", "--roll-call", *extra,
        input="hhatsq",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sheet(root, 1) == expect(
        present=ids(1, 2, 3, 4), late=ids(6), excused=ids(5), sick=ids(7)
    )
    assert "UKM-005 was marked excused by someone else during the roll call" in result.stderr
    if as_json:
        assert '"kept": [\n    {\n      "id": "UKM-005"' in result.stdout


def _posix_acl(uid: int) -> bytes:
    """A system.posix_acl_access value: owner rw, user ``uid`` rw, group r, mask rw, other -."""
    undefined = 0xFFFFFFFF
    entries = [(0x01, 6, undefined), (0x02, 6, uid), (0x04, 4, undefined), (0x10, 6, undefined),
               (0x20, 0, undefined)]  # fmt: skip
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes here")
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_replaced_file_keeps_its_acl_and_extended_attributes(
    ukm: Run, root: Path, writer: str
) -> None:
    args, name = WRITERS[writer]
    target = root / name
    target.chmod(0o640)
    try:
        os.setxattr(target, "user.office", b"shared with the district office")
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            pytest.skip("this file system keeps no extended attributes")
        raise
    acl = _posix_acl(4242)
    has_acl = True
    try:
        os.setxattr(target, "system.posix_acl_access", acl)
    except OSError:
        has_acl = False  # a file system without ACLs: the user attribute is still tested
    before = os.stat(target)
    result = ukm("--data", str(root), *args)
    assert result.exit_code == 0, result.output
    after = os.stat(target)
    assert after.st_ino != before.st_ino  # it was replaced, not written in place
    assert os.getxattr(target, "user.office") == b"shared with the district office"
    if has_acl:
        assert os.getxattr(target, "system.posix_acl_access") == acl
    assert after.st_mode == before.st_mode


def test_a_file_system_without_extended_attributes_is_no_obstacle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(*_args: object) -> list[str]:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(os, "listxattr", unsupported)
    path = tmp_path / "f.yaml"
    path.write_bytes(b"old\n")
    store.atomic_write(path, b"new\n")
    assert path.read_bytes() == b"new\n"
