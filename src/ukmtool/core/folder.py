r"""Where the programme folder is, the names of the files in it, and what it may read.

Pictures a programme names for its printed documents (``logo:``) are read
only from inside its folder: :func:`image_problem` refuses an absolute path
(``/etc/...``, ``C:\...``, ``\\server\...``), a ``..`` step, a link that points
out of the folder, and anything that is not a regular file (a folder, a named
pipe, a device such as ``/dev/zero``, which would be read without end on every
print), without reading a byte; :func:`read_image` reads the picture within a
bound, judging the file it opened, not only its name.  Likewise the folder's
own ``templates/``, whose files the compiler may read: :func:`templates_leading_out`
names those that are links out of the folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from ukmtool.core.fields import ValueProblem
from ukmtool.errors import FolderNotFoundError
from ukmtool.i18n import _

PROGRAM_FILE = "program.yaml"
MODULES_FILE = "modules.yaml"
PARTICIPANTS_FILE = "participants.yaml"
VISITS_FILE = "visits.yaml"
INDICATORS_FILE = "indicators.yaml"
CERTIFICATES_FILE = "certificates.yaml"
SCORES_FILE = "scores.yaml"
PUBLIC_KEYS_FILE = "certificates.pub"
LAPORAN_NAME = "laporan.md"
"""The office's own text of the printed report (Markdown), beside the YAML files."""
ATTENDANCE_DIR = "attendance"
TEMPLATES_DIR = "templates"
FONTS_DIR = "fonts"
"""The folder, inside templates/, of the fonts an office adds (given to the compiler)."""
"""The folder of a programme's own templates (and its fonts/), copied for the compiler."""
ENV_VAR = "UKM_DATA"


@dataclass(frozen=True, slots=True)
class Folder:
    """The paths of one programme folder."""

    root: Path

    @property
    def program(self) -> Path:
        """``program.yaml``."""
        return self.root / PROGRAM_FILE

    @property
    def modules(self) -> Path:
        """``modules.yaml``."""
        return self.root / MODULES_FILE

    @property
    def participants(self) -> Path:
        """``participants.yaml``."""
        return self.root / PARTICIPANTS_FILE

    @property
    def visits(self) -> Path:
        """``visits.yaml`` (optional)."""
        return self.root / VISITS_FILE

    @property
    def indicators(self) -> Path:
        """``indicators.yaml`` (optional): the businesses' figures measured later."""
        return self.root / INDICATORS_FILE

    @property
    def certificates(self) -> Path:
        """``certificates.yaml`` (optional): the register of certificates issued."""
        return self.root / CERTIFICATES_FILE

    @property
    def scores(self) -> Path:
        """``scores.yaml`` (optional, format 1.2): pre- and post-test scores per module."""
        return self.root / SCORES_FILE

    @property
    def public_keys(self) -> Path:
        """``certificates.pub`` (optional): the public keys that sign the certificates."""
        return self.root / PUBLIC_KEYS_FILE

    @property
    def laporan(self) -> Path:
        """``laporan.md`` (optional): the office's own text of the laporan kegiatan."""
        return self.root / LAPORAN_NAME

    @property
    def attendance_dir(self) -> Path:
        """The folder of attendance sheets."""
        return self.root / ATTENDANCE_DIR

    def attendance(self, module_id: str) -> Path:
        """The attendance file of one module."""
        return self.attendance_dir / f"{module_id}.yaml"


def candidates(explicit: Path | None, cwd: Path | None = None) -> list[tuple[Path, bool]]:
    """The places looked at, in order, each with whether it is the only one to try."""
    if explicit is not None:
        return [(explicit, True)]
    env = os.environ.get(ENV_VAR)
    if env:
        return [(Path(env), True)]
    here = cwd if cwd is not None else Path.cwd()
    return [(here, False), (here / "data", False)]


def holds_program(place: Path) -> bool:
    """Whether ``place`` holds a ``program.yaml`` (False for a name the system refuses).

    A link named ``program.yaml`` counts even when it points nowhere: the
    loader then says where it points, instead of "no programme folder".
    """
    try:
        path = place / PROGRAM_FILE
        return path.is_file() or path.is_symlink()
    except (OSError, ValueError):  # a name too long, a NUL byte ...: no programme there
        return False


def guess(explicit: Path | None) -> Path | None:
    """The folder ``locate`` would pick, or None, without raising."""
    for place, _only in candidates(explicit):
        if holds_program(place):
            return place
    return None


def locate(explicit: Path | None = None, cwd: Path | None = None) -> Folder:
    """Find the programme folder as PRODUCT.md says.

    ``--data DIR``, else ``$UKM_DATA``, else the current folder when it holds
    ``program.yaml``, else ``./data``.
    """
    places = candidates(explicit, cwd)
    for place, _only in places:
        if holds_program(place):
            return Folder(place.absolute())
    looked = [p for p, _only in places]
    source = _("--data") if explicit is not None else ENV_VAR if os.environ.get(ENV_VAR) else None
    where = ", ".join(str(p) for p in looked)
    if source:
        message = _("No programme folder at {place} (given by {source}): it has no {file}.").format(
            place=where, source=source, file=PROGRAM_FILE
        )
    else:
        message = _("No programme folder found: looked for {file} in {places}.").format(
            file=PROGRAM_FILE, places=where
        )
    return_hint = _("Make one with `ukm init DIR`, or point at one with `--data DIR`.")
    raise FolderNotFoundError(message, looked_in=looked, hint=return_hint)


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")
MAX_IMAGE_BYTES = 20 * 2**20
"""A letterhead picture is a few hundred kilobytes; more is not a logo."""


def image_problem(root: Path, written: str) -> ValueProblem | None:
    """Why ``written`` (a ``logo:`` value) cannot be printed from the folder ``root``, or None."""
    where = _("The path is relative to the programme folder, for example templates/logo.png.")
    windows = PureWindowsPath(written)
    if PurePosixPath(written).is_absolute() or windows.is_absolute() or windows.drive:
        return ValueProblem(
            _("{name} is outside the programme folder (a full path).").format(name=written),
            _("Copy the picture into the folder (e.g. templates/) and name it from there."),
        )
    if ".." in windows.parts:
        return ValueProblem(
            _("{name} leads out of the programme folder (..).").format(name=written),
            _("Copy the picture into the folder (e.g. templates/) and name it from there."),
        )
    if Path(written).suffix.lower() not in IMAGE_SUFFIXES:
        return ValueProblem(
            _("{name} is not an image ukm can print.").format(name=written),
            _("Give a PNG, JPG or SVG file, for example templates/logo.png."),
        )
    path = root / written
    try:
        real = Path(os.path.realpath(path))
        inside = real.is_relative_to(Path(os.path.realpath(root)))
        found = os.stat(path)
    except FileNotFoundError:
        return ValueProblem(_("{name} does not exist.").format(name=written), where)
    except (OSError, ValueError) as exc:
        return ValueProblem(
            _("{name} cannot be read: {reason}.").format(
                name=written, reason=getattr(exc, "strerror", None) or exc
            ),
            where,
        )
    if not inside:
        return ValueProblem(
            _("{name} is a link to a file outside the programme folder.").format(name=written),
            _("Copy the picture itself into the folder instead of linking to it."),
        )
    if not stat.S_ISREG(found.st_mode):
        return ValueProblem(
            _("{name} is not a file (a folder, a pipe or a device).").format(name=written),
            _("Give a PNG, JPG or SVG file, for example templates/logo.png."),
        )
    if found.st_size > MAX_IMAGE_BYTES:
        return _too_large(written, found.st_size)
    return None


def read_image(root: Path, written: str) -> bytes:
    """The bytes of the picture ``written`` names; raises :class:`ValueProblem` as above."""
    problem = image_problem(root, written)
    if problem is not None:
        raise problem
    try:
        # O_NONBLOCK: a pipe swapped in since the look above is not waited on
        fd = os.open(root / written, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ValueProblem(
            _("{name} cannot be read: {reason}.").format(name=written, reason=exc.strerror or exc)
        ) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueProblem(
                _("{name} is not a file (a folder, a pipe or a device).").format(name=written)
            )
        data = handle.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise _too_large(written, len(data))
    return data


def _too_large(written: str, size: int) -> ValueProblem:
    return ValueProblem(
        _("{name} is {size} MB; a logo may be at most {limit} MB.").format(
            name=written, size=size // 2**20, limit=MAX_IMAGE_BYTES // 2**20
        ),
        _("Save a smaller copy of the picture (a few hundred KB is plenty)."),
    )


def templates_leading_out(root: Path) -> list[str]:
    """The files of ``root``'s templates/ (or templates/, templates/fonts/) linked from outside.

    Every regular file of templates/ is copied for the Typst compiler, which may read
    any of them: one whose real path is outside the programme folder (a link to
    ``~/.ssh/id_rsa``, or a templates/ that is itself a link) would be printed. The
    compiler is also given templates/fonts/ and reads every file under it: a file or
    folder there (at any depth) leading out of the programme folder is listed too.
    Names are relative to ``root``, written with ``/``.
    """
    real_root = Path(os.path.realpath(root))

    def outside(path: Path) -> bool:
        return not Path(os.path.realpath(path)).is_relative_to(real_root)

    templates = root / TEMPLATES_DIR
    try:
        if not templates.is_dir():
            return []
        if outside(templates):
            return [TEMPLATES_DIR]
        entries = sorted(templates.iterdir())
    except OSError:
        return []
    found = [
        f"{TEMPLATES_DIR}/{entry.name}"
        for entry in entries
        if (entry.is_file() or (entry.name == FONTS_DIR and entry.is_dir())) and outside(entry)
    ]
    fonts = templates / FONTS_DIR
    if not found and fonts.is_dir():
        found += [path.relative_to(root).as_posix() for path in _leading_out_under(fonts, outside)]
    return found


def _leading_out_under(top: Path, outside: Callable[[Path], bool]) -> list[Path]:
    """The files and folders under ``top`` (at any depth, links followed) that are ``outside``.

    A folder linked from inside the programme folder is looked into once.
    """
    found: list[Path] = []
    seen: set[str] = set()
    waiting = [top]
    while waiting:
        folder = waiting.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if outside(entry):
                found.append(entry)
            elif entry.is_dir():
                waiting.append(entry)
    return sorted(found)
