"""A new folder made whole or not at all, and regular files copied from another one.

``ukm init --like OLD`` writes a programme folder from OLD's files.  Nothing
half-made may be left when something fails, and nothing already in the new
folder may be overwritten:

- :func:`regular_files` lists the regular files under a folder, refusing by
  name every link (whatever it points at, loops included) and every special
  file (FIFO, socket, device) before anything is written; :func:`read_regular`
  opens each without following a link and without blocking on a FIFO, and
  refuses what is not (or no longer) a regular file.
- :func:`make` writes every file into a temp folder beside the new one and
  moves it in with one rename.  When the new folder already exists, the
  temp folder is built inside it, under its lock, and each file is moved in
  with a link that fails rather than replace a file (the programme's file
  last, so a folder left by a crash is never taken for a programme); a file
  that may be kept (a template prepared there) is left as it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ukmtool.core.files import store
from ukmtool.errors import UkmError, WriteError
from ukmtool.i18n import _

MAX_COPIED_BYTES = 64 * 1024 * 1024
"""A copied file larger than this is refused (no template or logo comes near it)."""
_NEW = ".ukm-new"


@dataclass(frozen=True, slots=True)
class NewFile:
    """One file of the new folder: where, what, its mode; whether one already there is kept."""

    path: PurePosixPath
    data: bytes
    mode: int = 0o666
    keep_theirs: bool = False
    """A file of this name already in the folder stays (else it is a refusal)."""


def regular_files(source: Path, shown: str) -> list[PurePosixPath]:
    """Every regular file under ``source``, relative to it, in order.

    Links and special files are refused by name (``shown`` is how the folder
    is named in the message), all of them in one message; nothing is followed.
    """
    refused: list[str] = []
    found: list[PurePosixPath] = []
    try:
        info = os.lstat(source)
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        refused.append(shown)
    else:
        _walk(source, PurePosixPath(), shown, found, refused)
    if refused:
        raise UkmError(
            _("Only plain files are copied, and {folder} holds others: {names}.").format(
                folder=shown, names=", ".join(refused)
            ),
            hint=_(
                "Replace each link with a copy of the file it points at, and remove "
                "special files (pipes, devices); nothing was written."
            ),
        )
    return found


def _walk(
    folder: Path,
    relative: PurePosixPath,
    shown: str,
    found: list[PurePosixPath],
    refused: list[str],
) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        raise _unreadable(f"{shown}/{relative}" if relative.parts else shown, exc) from None
    for entry in entries:
        inside = relative / entry.name
        name = f"{shown}/{inside}"
        if entry.is_symlink():
            refused.append(_("{name} (a link)").format(name=name))
        elif entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), inside, shown, found, refused)
        elif entry.is_file(follow_symlinks=False):
            found.append(inside)
        else:
            refused.append(_("{name} (not a plain file)").format(name=name))


def read_regular(path: Path, shown: str) -> tuple[bytes, int]:
    """The bytes and mode of the regular file ``path``, opened without following a link.

    A FIFO, device or link found there now (the folder changed since it was
    listed) is refused without blocking on it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_plain(shown) from None
        raise _unreadable(shown, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_plain(shown)
        if info.st_size > MAX_COPIED_BYTES:
            raise UkmError(
                _("{name} is larger than {mb} MB; it is not copied.").format(
                    name=shown, mb=MAX_COPIED_BYTES // (1024 * 1024)
                ),
                hint=_("Remove it from the old folder, or copy it by hand; nothing was written."),
            )
        chunks = []
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > MAX_COPIED_BYTES:
                raise _not_plain(shown)  # it grew while read: not a file to copy
            chunks.append(chunk)
        return b"".join(chunks), stat.S_IMODE(info.st_mode)
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    finally:
        os.close(fd)


def _not_plain(shown: str) -> UkmError:
    return UkmError(
        _("Only plain files are copied, and {folder} holds others: {names}.").format(
            folder=shown, names=_("{name} (not a plain file)").format(name=shown)
        ),
        hint=_("Remove it, or replace it with a plain file; nothing was written."),
    )


def _unreadable(shown: str, exc: OSError) -> UkmError:
    return UkmError(
        _("Cannot read {name}: {reason}.").format(name=shown, reason=exc.strerror or exc),
        hint=_("Check that the file exists and that you may read it; nothing was written."),
    )


def conflicts(directory: Path, files: Sequence[NewFile]) -> tuple[list[str], list[str]]:
    """The files already in ``directory``: (refused, kept) relative names.

    A file that is not to be kept is refused unless it holds exactly what
    would be written (so an interrupted earlier run is no obstacle).
    """
    refused: list[str] = []
    kept: list[str] = []
    for new in files:
        target = directory.joinpath(*new.path.parts)
        if not os.path.lexists(target):
            continue
        if new.keep_theirs:
            kept.append(str(new.path))
            continue
        try:
            same = target.is_file() and not target.is_symlink() and target.read_bytes() == new.data
        except OSError:
            same = False
        if not same:
            refused.append(str(new.path))
    return refused, kept


def make(directory: Path, files: Sequence[NewFile], empty_dirs: Sequence[str] = ()) -> list[str]:
    """Write ``files`` (the last one last) and ``empty_dirs`` as a new folder ``directory``.

    Returns the names of files kept as they were (``keep_theirs``).  Raises
    :class:`UkmError` naming the files already there that would be replaced,
    before anything is written.
    """
    _refuse(directory, files)
    if not os.path.lexists(directory):
        parent = directory.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot_create(directory, exc) from None
        built = _build(parent, f".{directory.name}.", files, empty_dirs)
        try:
            os.rename(built, directory)
        except OSError as exc:
            shutil.rmtree(built, ignore_errors=True)
            if not directory.is_dir():
                raise _cannot_create(directory, exc) from None
        else:
            store.fsync_dir(parent)
            return []
    with store.locked(directory):
        return _move_in(directory, files, empty_dirs)


def _refuse(directory: Path, files: Sequence[NewFile]) -> list[str]:
    if os.path.lexists(directory) and not directory.is_dir():
        raise UkmError(
            _("{folder} exists and is not a folder; nothing was written.").format(folder=directory),
            hint=_("Choose another name for the new folder."),
        )
    if not directory.is_dir():
        return []
    refused, kept = conflicts(directory, files)
    if refused:
        raise UkmError(
            _("{folder} already holds {files}; nothing was written.").format(
                folder=directory, files=", ".join(refused)
            ),
            hint=_("Choose another folder, or edit the files that are there."),
        )
    return kept


def _build(where: Path, prefix: str, files: Sequence[NewFile], empty_dirs: Sequence[str]) -> Path:
    """A temp folder in ``where`` holding every file, each on disk; removed on failure."""
    try:
        built = Path(tempfile.mkdtemp(prefix=prefix, suffix=_NEW, dir=where))
    except OSError as exc:
        raise _cannot_create(where, exc) from None
    try:
        os.chmod(built, 0o777 & ~_umask())
        for name in empty_dirs:
            (built / name).mkdir(parents=True, exist_ok=True)
        for new in files:
            target = built.joinpath(*new.path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         new.mode)  # fmt: skip
            try:
                view = memoryview(new.data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        for folder, _dirs, _files in os.walk(built):
            store.fsync_dir(Path(folder))
    except OSError as exc:
        shutil.rmtree(built, ignore_errors=True)
        raise _cannot_create(where, exc) from None
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return built


def _move_in(directory: Path, files: Sequence[NewFile], empty_dirs: Sequence[str]) -> list[str]:
    """Under the lock: build inside ``directory`` and link each file into place."""
    kept = _refuse(directory, files)  # again, now that no other ukm writes here
    built = _build(directory, ".", files, empty_dirs)
    placed: list[Path] = []
    made: list[Path] = []
    try:
        for name in empty_dirs:
            _mkdirs(directory, PurePosixPath(name), made)
        for new in files:
            target = directory.joinpath(*new.path.parts)
            if str(new.path) in kept or _identical(target, new.data):
                continue
            _mkdirs(directory, new.path.parent, made)
            _place(built.joinpath(*new.path.parts), target)
            placed.append(target)
    except BaseException:
        for path in reversed(placed):
            with contextlib.suppress(OSError):
                path.unlink()
        for path in reversed(made):
            with contextlib.suppress(OSError):
                path.rmdir()
        raise
    finally:
        shutil.rmtree(built, ignore_errors=True)
    store.fsync_dir(directory)
    return kept


def _identical(target: Path, data: bytes) -> bool:
    try:
        return target.is_file() and not target.is_symlink() and target.read_bytes() == data
    except OSError:
        return False


def _mkdirs(directory: Path, relative: PurePosixPath, made: list[Path]) -> None:
    path = directory
    for part in relative.parts:
        path = path / part
        try:
            path.mkdir()
            made.append(path)
        except FileExistsError:
            if path.is_symlink() or not path.is_dir():
                raise UkmError(
                    _("{name} is in the way in {folder}; nothing was written.").format(
                        name=path.name, folder=directory
                    ),
                    hint=_("Move it away and run the command again."),
                ) from None
        except OSError as exc:
            raise _cannot_create(path, exc) from None


def _place(source: Path, target: Path) -> None:
    """Link ``source`` at ``target``, never replacing a file; copy where links are not had."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise UkmError(
            _("{name} appeared while the folder was being made; nothing was written.").format(
                name=target
            ),
            hint=_("Run the command again."),
        ) from None
    except OSError:
        pass  # a file system without hard links (FAT, some shares): copy, never replacing
    try:
        with open(source, "rb") as data, open(target, "xb") as out:
            shutil.copyfileobj(data, out)
            out.flush()
            os.fsync(out.fileno())
    except FileExistsError:
        raise UkmError(
            _("{name} appeared while the folder was being made; nothing was written.").format(
                name=target
            ),
            hint=_("Run the command again."),
        ) from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        raise _cannot_create(target, exc) from None


def _cannot_create(path: Path, exc: OSError) -> WriteError:
    return WriteError(
        _("Cannot create {folder}: {reason}.").format(folder=path, reason=exc.strerror or exc),
        hint=_("Check that the place exists and that you may write there; nothing was written."),
    )


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
