"""Writing files safely: one writer at a time, all or nothing, nothing lost.

Every write goes through :func:`atomic_write`: the new text goes to a temp
file in the same folder, is flushed to disk, takes the old file's mode, and
replaces the old file in one rename.  A crash leaves either the old file or
the new one, never half of either.  :func:`locked` serializes writers across
processes with a lock file in the programme folder (the operating system
releases it when a process dies, so a killed ``ukm`` never blocks the next).
Before replacing a file, the writer can say what it expects the file to hold:
if a person (or another program) changed it in the meantime, nothing is
overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ukmtool.errors import ConcurrentEditError, LockTimeoutError, WriteError
from ukmtool.i18n import _

LOCK_NAME = ".ukm.lock"
TEMP_SUFFIX = ".ukm-tmp"
LOCK_TIMEOUT = float(os.environ.get("UKM_LOCK_TIMEOUT", "30"))


@contextlib.contextmanager
def locked(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the programme folder's write lock; wait at most ``timeout`` seconds for it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT if timeout is None else timeout)
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
    try:
        sweep_temp_files(folder)
        yield
    finally:
        lock.release()


def sweep_temp_files(folder: Path) -> None:
    """Remove temp files a killed ``ukm`` left behind (only ours, by their suffix)."""
    for directory in (folder, folder / "attendance"):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def atomic_write(
    path: Path,
    data: bytes,
    *,
    expected: bytes | None = None,
    check_expected: bool = False,
    mode_like: Path | None = None,
) -> None:
    """Replace ``path`` with ``data`` all at once.

    With ``check_expected``, the file must still hold ``expected`` (None: must
    not exist) or :class:`ConcurrentEditError` is raised and nothing written.
    A symlink is followed: the file it points to is replaced, the link kept.
    A new file takes the mode of ``mode_like`` when given.
    """
    target = Path(os.path.realpath(path))
    _refuse_read_only(path, target)
    if check_expected and read_bytes(target) != expected:
        raise ConcurrentEditError(
            _(
                "{name} was changed by someone else while ukm was working; nothing was written."
            ).format(name=path.name),
            hint=_("Run the command again: it will start from the file as it is now."),
        )
    mode = _mode_for(target, mode_like)
    directory = target.parent
    fd = -1
    temp = ""
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        temp = ""
        _fsync_dir(directory)
    except OSError as exc:
        raise WriteError(_write_failure(path, exc), hint=_write_hint(exc)) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)


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
            hint=_("Make it writable (chmod u+w) if it should be changed, then run again."),
        )
    try:
        dir_mode = stat.S_IMODE(os.stat(target.parent).st_mode)
    except OSError as exc:
        raise WriteError(_write_failure(path, exc), hint=_write_hint(exc)) from None
    if not dir_mode & 0o222:
        raise WriteError(
            _("The folder {folder} is marked read-only: {name} was not changed.").format(
                folder=target.parent, name=path.name
            ),
            hint=_("Make the folder writable (chmod u+w) if it should be changed, then run again."),
        )


def _mode_for(target: Path, like: Path | None) -> int:
    for candidate in (target, like):
        if candidate is None:
            continue
        try:
            return stat.S_IMODE(os.stat(candidate).st_mode)
        except OSError:
            continue
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return _("The disk is full: {name} was not changed.").format(name=path.name)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("No permission to write {path}: it was not changed.").format(path=path)
    return _("Could not write {path} ({reason}): it was not changed.").format(
        path=path, reason=exc.strerror or exc
    )


def _write_hint(exc: OSError) -> str | None:
    if exc.errno == errno.ENOSPC:
        return _("Free some space and run the command again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("Check the permissions of the file and of its folder.")
    return None
