"""Checks of what ties a programme to others (format 1.2): ``earlier`` and ``district_codes``.

``earlier`` lists earlier programmes' folders: one that does not exist, or is
not a programme folder, is a warning of ``ukm check`` (registration cannot
look there).
``district_codes`` gives each district its Kemendagri code: a district that is
not one of ``districts`` (when they are listed) and a code given to two
districts are errors; codes of more than one regency are a warning.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ukmtool.core.folder import holds_program
from ukmtool.core.programme import Programme
from ukmtool.core.reading.checks.given import Given
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.yamlio.reader import FileTooLargeError, LList, LMap, parse_bytes
from ukmtool.diagnostics import Collector, Diagnostic
from ukmtool.i18n import _


def earlier_folder(root: Path, written: str) -> Path:
    """The folder an ``earlier`` entry names: relative to the programme folder ``root``."""
    path = Path(written).expanduser()
    return path if path.is_absolute() else root / path


def earlier_folders(root: Path, earlier: Sequence[str]) -> list[Path]:
    """The folders ``earlier`` names, each once, in order, without ``root`` itself.

    Written twice (``../blora-2017`` and its full path), or naming the programme's
    own folder (``.``; ``check`` warns), a folder would be looked in twice: a business
    found in it as itself, or shown twice in its history.
    """
    seen = {_key(root)}
    found: list[Path] = []
    for written in earlier:
        path = Path(os.path.normpath(earlier_folder(root, written)))
        key = _key(path)
        if key not in seen:
            seen.add(key)
            found.append(path)
    return found


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def check_earlier(programme: Programme) -> list[Diagnostic]:
    """Each folder of ``earlier`` exists and holds a programme, and is not this one.

    Run by ``ukm check`` after the load, not in ``CHECKS``: the load cache keeps
    what the files say, and other folders come and go without this one changing.
    """
    out = Collector()
    settings = programme.settings
    if not settings.earlier:
        return []
    path = programme.folder.program
    written = _written(path).get("earlier")
    root = programme.folder.root
    for index, entry in enumerate(settings.earlier):
        line = written.item_line(index) if isinstance(written, LList) else None
        column = written.item_column(index) if isinstance(written, LList) else None
        folder = earlier_folder(root, entry)
        if _same(folder, root):
            out.warning(
                path,
                line,
                _("{folder} in earlier is this programme's own folder.").format(folder=entry),
                column=column,
                hint=_("List the folders of earlier programmes only."),
            )
        elif not holds_program(folder):
            message = (
                _("{folder} in earlier is not a programme folder (it has no program.yaml).")
                if folder.is_dir()
                else _("{folder} in earlier does not exist.")
            )
            out.warning(
                path,
                line,
                message.format(folder=entry),
                column=column,
                hint=_(
                    "Write the path of an earlier programme's folder, relative to this "
                    "folder (for example ../blora-2017), or remove it."
                ),
            )
    return out.items


def _written(path: Path) -> LMap:
    """program.yaml as written (empty when it cannot be read now: the warning has no line)."""
    try:
        root = parse_bytes(path.read_bytes()).value
    except (OSError, FileTooLargeError):
        return LMap(0, 0, 0)
    return root if isinstance(root, LMap) else LMap(0, 0, 0)


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):
        return False


def check_district_codes(given: Given, out: Collector) -> None:
    """Each coded district is listed; no code given twice; one regency's codes."""
    settings = given.settings
    if settings is None or not settings.district_codes:
        return
    path = given.folder.program
    source = given.sources.program
    written = source.get("district_codes") if source is not None else None
    where = written if isinstance(written, LMap) else None
    known = {name.casefold(): name for name in settings.districts}
    first: dict[str, str] = {}
    for district, code in settings.district_codes.items():
        line = where.key_line(district) if where is not None and district in where else None
        if known and district.casefold() not in known:
            out.error(
                path,
                line,
                _("district_codes names '{district}', which is not one of districts.").format(
                    district=district
                ),
                hint=did_you_mean(district, settings.districts)
                or _("Give codes to the districts listed in districts only."),
            )
        if code in first:
            out.error(
                path,
                line,
                _("The code {code} is given to both {first} and {district}.").format(
                    code=code, first=first[code], district=district
                ),
                hint=_("Each district has its own code; check them against Kemendagri's list."),
            )
        first.setdefault(code, district)
    regencies = sorted({code[:5] for code in settings.district_codes.values()})
    if len(regencies) > 1:
        out.warning(
            path,
            where.line if where is not None else None,
            _("district_codes holds codes of more than one regency ({regencies}).").format(
                regencies=", ".join(regencies)
            ),
            hint=_("A programme's districts are usually in one regency; check the codes."),
        )
