"""Writing files safely: one writer at a time, all or nothing, nothing lost.

Every write goes through :func:`atomic_write`: the new text goes to a temp
file in the same folder, is flushed to disk, takes the old file's mode, and
replaces the old file in one rename.  A crash leaves either the old file or
the new one, never half of either.  :func:`locked` serializes writers across
processes with a lock file in the programme folder (the operating system
releases it when a process dies, so a killed ``ukm`` never blocks the next).
Before replacing a file, the writer can say what it expects the file to hold:
if a person (or another program) changed it in the meantime, nothing is
overwritten; the file is compared once more at the last moment, after the
new text is on disk and just before the rename.  The replaced file keeps its
mode, group, ACLs and extended attributes.  Files ``ukm`` creates (new
sheets, the lock, exports) are never more readable than the files they are
modelled on.

Tests only: ``UKM_TEST_PAUSE_AT=<point>`` makes the process stop itself
(SIGSTOP) at that step of a write, so that a test can kill it exactly there;
the points are ``locked``, ``temp-created``, ``before-replace`` and
``replaced``.  Unset, as it always is outside the tests, it does nothing.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ukmtool.core.folder import ATTENDANCE_DIR, LAPORAN_NAME, PARTICIPANTS_FILE
from ukmtool.errors import ConcurrentEditError, LockTimeoutError, UsageError, WriteError
from ukmtool.i18n import _

LOCK_NAME = ".ukm.lock"
TEMP_SUFFIX = ".ukm-tmp"
LOCK_TIMEOUT_VAR = "UKM_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0
PAUSE_VAR = "UKM_TEST_PAUSE_AT"
DATA_FILE = PARTICIPANTS_FILE  # the file whose mode the lock takes (it holds personal data)
WINDOWS = os.name == "nt"
"""Windows: a folder's read-only attribute means nothing for its files, and another
program holding a file open (Excel, an antivirus, OneDrive) blocks replacing it."""
REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.2)
"""Seconds to wait between tries to replace a file another program holds (~2.75 s in all)."""
_IN_USE = {5: "denied", 32: "sharing", 33: "lock"}
"""Windows errors of a file another program holds open: access denied, sharing and lock
violations (the first is also what a real lack of permission gives)."""
COMPLETED: list[Path] = []
"""Every file this process has replaced (so a failure to print afterwards is not an error)."""


def lock_timeout() -> float:
    """Seconds to wait for the folder's lock: ``$UKM_LOCK_TIMEOUT``, else 30."""
    raw = os.environ.get(LOCK_TIMEOUT_VAR, "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise UsageError(
            _("{var} must be a number of seconds, not '{value}'.").format(
                var=LOCK_TIMEOUT_VAR, value=raw
            ),
            hint=_("Set it to 30, for example, or unset it."),
        )
    return seconds


def pause_point(name: str) -> None:
    """Tests only: stop here when ``$UKM_TEST_PAUSE_AT`` names this point (see the module)."""
    if os.environ.get(PAUSE_VAR) == name and hasattr(signal, "SIGSTOP"):
        os.kill(os.getpid(), signal.SIGSTOP)


@contextlib.contextmanager
def locked(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the programme folder's write lock; wait at most ``timeout`` seconds for it.

    The lock file takes the mode of the folder's ``participants.yaml`` when there is one.
    """
    from filelock import FileLock, Timeout

    wait = lock_timeout() if timeout is None else timeout
    _refuse_read_only_folder(folder)
    mode = new_file_mode([folder / DATA_FILE])
    lock = FileLock(str(folder / LOCK_NAME), timeout=wait, mode=mode & 0o666)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            _("Another ukm command has been writing to {folder} for {seconds:.0f} s.").format(
                folder=folder, seconds=lock.timeout
            ),
            hint=_("Wait until it has finished and run the command again."),
        ) from None
    except OSError as exc:
        raise WriteError(
            _("Cannot lock {folder} for writing: {reason}.").format(
                folder=folder, reason=exc.strerror or exc
            ),
            hint=_("Check that the folder exists and that you may write to it."),
        ) from None
    keep_owner(folder / LOCK_NAME, [folder / DATA_FILE, folder])
    try:
        pause_point("locked")
        sweep_temp_files(folder)
        yield
    finally:
        lock.release()


def sweep_temp_files(folder: Path) -> None:
    """Remove temp files a killed ``ukm`` left behind beside the data files.

    Only ours, by name: ``.NAME.yaml.XXXX.ukm-tmp`` (and ``.laporan.md.XXXX.ukm-tmp``:
    ``ukm init`` writes ``laporan.md`` under the lock too).  Temp files of reports
    written with ``--output`` (never .yaml nor laporan.md, and written without
    the lock) are left alone, so a report being written at this moment is not
    disturbed.
    """
    for directory in (folder, folder / ATTENDANCE_DIR):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            ours = ".yaml." in name or name.startswith(f".{LAPORAN_NAME}.")
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and ours:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


Fill = Callable[[Path], None]
"""Writes a file's whole content into the (empty, new) file at the path it is given."""


def atomic_write(
    path: Path,
    data: bytes | Fill,
    *,
    expected: bytes | None = None,
    check_expected: bool = False,
    mode_like: Path | Sequence[Path] | None = None,
) -> None:
    """Replace ``path`` with ``data`` all at once.

    With ``check_expected``, the file must still hold ``expected`` (None: must
    not exist) or :class:`ConcurrentEditError` is raised and nothing written.
    A symlink is followed: the file it points to is replaced, the link kept.
    An existing file keeps its mode; a new one takes the mode of ``mode_like``
    (of several files: only what all of them allow, so never more readable).
    ``data`` may be a :data:`Fill` instead of bytes: it is handed the temp
    file's path and writes the content there (a PDF joined by another
    process); the file is then flushed to disk and replaces ``path`` as bytes would.
    """
    target = Path(os.path.realpath(path))
    _refuse_read_only(path, target)
    if check_expected:
        _refuse_changed(path, target, expected)  # early: no temp file for a lost cause
    models = [mode_like] if isinstance(mode_like, Path) else list(mode_like or [])
    mode = _mode_for(target, models)
    directory = target.parent
    fd = -1
    temp = ""
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        pause_point("temp-created")
        keep_owner(fd, [target, *models])
        if callable(data):
            os.close(fd)
            fd = -1
            data(Path(temp))
            fd = os.open(temp, os.O_RDWR)
            os.fsync(fd)
            os.close(fd)
            fd = -1
        else:
            with os.fdopen(fd, "wb") as handle:
                fd = -1
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
        copy_extended_attributes(target, temp)
        pause_point("before-replace")

        def last_check() -> None:  # again at the last moment: a save made while we wrote is kept
            if check_expected:
                _refuse_changed(path, target, expected)

        _replace(temp, target, last_check)
        temp = ""
        COMPLETED.append(path)
        pause_point("replaced")
        _fsync_dir(directory)
    except OSError as exc:
        raise WriteError(_write_failure(path, exc), hint=_write_hint(exc, path)) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _replace(temp: str, target: Path, before: Callable[[], None]) -> None:
    """``os.replace``, tried again for a moment while another program holds ``target`` open.

    ``before`` runs before every try (the check that nobody changed the file meanwhile).
    """
    for delay in (*REPLACE_DELAYS, None):
        before()
        try:
            os.replace(temp, target)
            return
        except PermissionError as exc:
            if delay is None or _in_use(exc) is None:
                raise
        time.sleep(delay)


def _in_use(exc: OSError) -> str | None:
    """Which Windows "in use" error ``exc`` is, if it is one."""
    return _IN_USE.get(getattr(exc, "winerror", None) or 0)


def _refuse_changed(path: Path, target: Path, expected: bytes | None) -> None:
    if read_bytes(target) != expected:
        raise ConcurrentEditError(
            _(
                "{name} was changed by someone else while ukm was working; nothing was written."
            ).format(name=path.name),
            hint=_("Run the command again: it will start from the file as it is now."),
        )


def copy_extended_attributes(source: Path, temp: str) -> None:
    """Give the new file the old one's extended attributes, POSIX ACLs included.

    ACLs are the ``system.posix_acl_access`` attribute (a colleague's access to
    participants.yaml); Samba keeps Windows ACLs in ``security.NTACL``.  A
    file system without extended attributes, or an attribute this user may
    not set, is passed over: the write goes on without it.
    """
    if sys.platform != "linux" or not hasattr(os, "listxattr"):
        return  # Python has extended attributes on Linux only
    try:
        names = os.listxattr(source)
    except OSError:
        return  # no such file yet, or no extended attributes on this file system
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(temp, name, os.getxattr(source, name))


def _refuse_read_only_folder(folder: Path) -> None:
    """A folder marked read-only gets no lock file either (root could create one).

    Not on Windows, where the read-only attribute of a folder (Explorer sets it on
    Documents and the Desktop) does not stop anyone writing the files in it.
    """
    if WINDOWS:
        return
    try:
        mode = stat.S_IMODE(os.stat(folder).st_mode)
    except OSError:
        return  # the lock's own error says what is wrong
    if not mode & 0o222:
        raise WriteError(
            _("The folder {folder} is marked read-only: nothing was changed.").format(
                folder=folder
            ),
            hint=_folder_hint(),
        )


def _refuse_read_only(path: Path, target: Path) -> None:
    """Respect a file or folder marked read-only, even for a user (root) who could override it."""
    try:
        file_mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        file_mode = None
    except OSError as exc:
        raise WriteError(_write_failure(path, exc), hint=_write_hint(exc)) from None
    if file_mode is not None and not file_mode & 0o222:
        raise WriteError(
            _("{path} is marked read-only: it was not changed.").format(path=path),
            hint=_file_hint(),
        )
    if WINDOWS:
        return  # a folder's read-only attribute stops nobody there: writing will tell
    try:
        dir_mode = stat.S_IMODE(os.stat(target.parent).st_mode)
    except OSError as exc:
        raise WriteError(_write_failure(path, exc), hint=_write_hint(exc)) from None
    if not dir_mode & 0o222:
        raise WriteError(
            _("The folder {folder} is marked read-only: {name} was not changed.").format(
                folder=target.parent, name=path.name
            ),
            hint=_folder_hint(),
        )


def _file_hint() -> str:
    if WINDOWS:
        return _(
            "Untick Read-only in the file's Properties (right-click it in Explorer) "
            "if it should be changed, then run again."
        )
    return _("Make it writable (chmod u+w) if it should be changed, then run again.")


def _folder_hint() -> str:
    return _("Make the folder writable (chmod u+w) if it should be changed, then run again.")


def _mode_for(target: Path, models: Sequence[Path]) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return new_file_mode(models)


def keep_owner(file: int | Path, models: Sequence[Path]) -> None:
    """Give ``file`` the group of the first model that exists (and its owner, as root).

    A shared folder stays readable to the group that shares it, and a file
    that root wrote stays its owner's to change.
    """
    if sys.platform == "win32" or not hasattr(os, "fchown"):
        return  # no POSIX owners and groups (a Windows file takes its folder's access list)
    for model in models:
        try:
            found = os.stat(model)
        except OSError:
            continue
        uid = found.st_uid if os.geteuid() == 0 else -1
        with contextlib.suppress(OSError):
            if isinstance(file, int):
                os.fchown(file, uid, found.st_gid)
            else:
                os.chown(file, uid, found.st_gid)
        return


def new_file_mode(models: Sequence[Path]) -> int:
    """The mode for a new file: what every existing model allows, else the umask's.

    The owner may always read and write what ``ukm`` made.
    """
    modes = []
    for model in models:
        with contextlib.suppress(OSError):
            modes.append(stat.S_IMODE(os.stat(model).st_mode))
    if modes:
        allowed = 0o7777
        for mode in modes:
            allowed &= mode
        return (allowed & 0o666) | 0o600
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entries to disk (where the system allows it)."""
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_failure(path: Path, exc: OSError) -> str:
    in_use = _in_use(exc)
    if in_use == "denied":
        return _(
            "Windows did not let ukm replace {path}: another program may have it open. "
            "It was not changed."
        ).format(path=path)
    if in_use is not None:
        return _("{path} is open in another program: it was not changed.").format(path=path)
    if exc.errno == errno.ENOSPC:
        return _("The disk is full: {name} was not changed.").format(name=path.name)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("No permission to write {path}: it was not changed.").format(path=path)
    return _("Could not write {path} ({reason}): it was not changed.").format(
        path=path, reason=exc.strerror or exc
    )


def _write_hint(exc: OSError, path: Path | None = None) -> str | None:
    if _in_use(exc) is not None:
        return _in_use_hint(path)
    if exc.errno == errno.ENOSPC:
        return _("Free some space and run the command again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("Check the permissions of the file and of its folder.")
    return None


def _in_use_hint(path: Path | None) -> str:
    """What to close, by the kind of file: Excel for a table, an editor for YAML."""
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in (".xlsx", ".csv"):
        return _("Close it in Excel (or the program that has it open) and run the command again.")
    if suffix in (".yaml", ".yml"):
        return _(
            "Save and close it in the editor that has it open. If none has, an antivirus "
            "scan or OneDrive or Google Drive syncing holds it: wait a moment and run the "
            "command again."
        )
    return _(
        "Close the program that has it open (Excel, an editor, a PDF viewer); an antivirus "
        "scan or OneDrive syncing also holds files for a moment. Then run the command again."
    )
