"""Where the programme folder is, and the names of the files in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
ATTENDANCE_DIR = "attendance"
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
