"""``ukm init``: a new programme folder, and the files it writes (a programme to fill in)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from ukmtool.core.files import store
from ukmtool.core.folder import (
    ATTENDANCE_DIR,
    CERTIFICATES_FILE,
    INDICATORS_FILE,
    LAPORAN_NAME,
    MODULES_FILE,
    PARTICIPANTS_FILE,
    PROGRAM_FILE,
    VISITS_FILE,
)
from ukmtool.core.idrecord import IDS_FILE
from ukmtool.core.writing.laporan import laporan_md
from ukmtool.core.yamlio.emit import quoted
from ukmtool.errors import UkmError, WriteError
from ukmtool.i18n import _


def create(directory: Path, name: str, starts: date) -> Path:
    """Write a working programme folder into ``directory``; refuse if one is there.

    Under the folder's lock; program.yaml comes last, so a folder whose
    ``ukm init`` was interrupted is not taken for a programme, and running
    the same ``ukm init`` again completes it (files it already wrote, byte for
    byte, are accepted; any other file there is a refusal).
    """
    files = (
        (PARTICIPANTS_FILE, participants_yaml().encode("utf-8")),
        (MODULES_FILE, modules_yaml(starts).encode("utf-8")),
        (PROGRAM_FILE, program_yaml(name, starts).encode("utf-8")),
    )
    return write_folder(directory, files, language=PROGRAM_LANGUAGE)


PROGRAM_LANGUAGE = "id"
"""The language a new program.yaml names (and its laporan.md is written in)."""


def write_folder(
    directory: Path,
    files: tuple[tuple[str, bytes], ...],
    first: Callable[[], None] | None = None,
    *,
    language: str,
) -> Path:
    """Write ``files`` (program.yaml last) and an empty attendance folder into ``directory``.

    ``first`` runs under the lock before the files are written (copying a
    ``templates/`` folder); a programme already there is refused.  A
    ``laporan.md`` in ``language`` (the programme's) is written unless the
    folder has one already (an office's own text is never replaced).
    """
    refuse_a_programme(directory, files)  # before creating anything, not even the lock
    try:
        (directory / ATTENDANCE_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            _("Cannot create {folder}: {reason}.").format(
                folder=directory, reason=exc.strerror or exc
            )
        ) from None
    with store.locked(directory):
        present = refuse_a_programme(directory, files)  # again, now that no one else writes
        if first is not None:
            first()
        laporan = directory / LAPORAN_NAME
        if not laporan.exists() and not laporan.is_symlink():
            store.atomic_write(laporan, laporan_md(language).encode("utf-8"), check_expected=True)
        for filename, data in files:
            if present[filename] != data:
                store.atomic_write(
                    directory / filename, data, check_expected=True, expected=present[filename]
                )
    return directory.absolute()


def refuse_a_programme(
    directory: Path, files: tuple[tuple[str, bytes], ...]
) -> dict[str, bytes | None]:
    """What is there of each file; raise when the folder holds a programme already.

    Files an interrupted ``ukm init`` wrote (byte for byte what it would write,
    and no program.yaml yet) are accepted, so running it again completes them.
    """
    refuse_records(directory)
    present = {filename: _held(directory / filename) for filename, _data in files}
    existing = [
        filename
        for filename, data in files
        if present[filename] is not None
        and (present[filename] != data or present[PROGRAM_FILE] is not None)
    ]
    if existing:
        raise UkmError(
            _("{folder} already holds a programme ({files}); nothing was written.").format(
                folder=directory, files=", ".join(sorted(existing))
            ),
            hint=_("Choose another folder, or edit the files that are there."),
        )
    return present


RECORD_FILES = (VISITS_FILE, INDICATORS_FILE, CERTIFICATES_FILE, IDS_FILE)
"""Files a running programme writes that ``ukm init`` never does."""


def refuse_records(directory: Path) -> None:
    """Raise when ``directory`` holds what a running programme records (nothing written).

    Attendance sheets, visits, measurements, certificates or the record of ids
    left in the folder would become the new programme's (a stale ``last_id``,
    sheets of businesses it never registered): the folder is refused instead.
    """
    found = [name for name in RECORD_FILES if os.path.lexists(directory / name)]
    # no attendance folder (or not a folder: refused when it is made)
    with contextlib.suppress(OSError), os.scandir(directory / ATTENDANCE_DIR) as entries:
        found.extend(f"{ATTENDANCE_DIR}/{entry.name}" for entry in entries)
    if found:
        raise UkmError(
            _(
                "{folder} already holds the records of a programme ({files}); nothing was written."
            ).format(folder=directory, files=", ".join(sorted(found))),
            hint=_("Choose another folder, or move those files away first."),
        )


def _held(path: Path) -> bytes | None:
    """What a file ``ukm init`` writes holds now; None when nothing of that name is there."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None  # (a file where the folder should be: making the folder says so)
    except OSError:
        return b""  # a folder or an unreadable file of that name: never what init writes


# The six modules of the Blora "Score Plus" workshop, in teaching order.
MODULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "manajemen",
        "Pengelolaan Usaha",
        (
            "Mengenal usaha sendiri",
            "Rencana usaha sederhana",
            "Membagi tugas dan mengatur karyawan",
            "Mengelola persediaan",
        ),
    ),
    (
        "keuangan",
        "Tertib Keuangan",
        (
            "Memisahkan uang usaha dan uang pribadi",
            "Buku kas harian",
            "Harga pokok dan harga jual",
            "Laporan laba rugi sederhana",
        ),
    ),
    (
        "disiplin",
        "Tertib Kerja",
        (
            "Jam kerja dan pembagian tugas",
            "Tempat kerja yang rapi",
            "Standar mutu",
            "Evaluasi tempat kerja",
        ),
    ),
    (
        "teknologi",
        "Pemanfaatan Teknologi",
        (
            "Alat kerja yang tepat",
            "Ponsel untuk usaha",
            "Aplikasi kasir",
            "Berjualan di lokapasar",
        ),
    ),
    (
        "pemasaran",
        "Pemasaran",
        (
            "Mengenal pelanggan",
            "Merek dan kemasan",
            "Harga dan promosi",
            "Berjualan secara daring",
        ),
    ),
    (
        "k3",
        "Keselamatan dan Kesehatan Kerja (K3)",
        (
            "Bahaya di tempat kerja",
            "Alat pelindung diri",
            "Mencegah kebakaran",
            "P3K di usaha",
        ),
    ),
)
"""The six Score Plus modules of a new folder: four sessions each, so that the
programme's 75 % leaves one absence to spare (75 % of two or three sessions
would require every one)."""
SESSION_DAYS: tuple[int, ...] = (0, 3, 7, 10)
"""Days from a module's first day to each of its sessions: two a week, a module every
two weeks, the six modules in the programme's twelve weeks."""


SPAN = timedelta(weeks=12)
"""From the first session to the programme's end (six modules, two sessions a week apart)."""


SPAN = timedelta(weeks=12)
"""From the first session to the programme's end (six modules, two sessions a week apart)."""


def program_yaml(name: str, starts: date) -> str:
    """``program.yaml`` with placeholders to fill in."""
    ends = starts + SPAN
    return (
        "# " + _("The programme: edit the values, keep the keys.") + "\n"
        f"name: {quoted(name)}\n"
        "organizer: " + quoted(_("Dinas Koperasi dan UKM (change me)")) + "\n"
        "partners: []                 # " + _("organisations that support the programme") + "\n"
        "venue: " + quoted(_("Meeting room (change me)")) + "\n"
        f"starts: {starts.isoformat()}\n"
        f"ends: {ends.isoformat()}\n"
        f"language: {PROGRAM_LANGUAGE}                 # "
        + _("id or en: the language of what ukm prints")
        + "\n"
        "min_attendance: 75           # "
        + _("percent of a module's sessions, present or late")
        + "\n"
        "districts: []                # "
        + _("the districts (kecamatan); when listed, participants must use one")
        + "\n"
        "sectors: []                  # "
        + _("the business sectors; when listed, participants must use one")
        + "\n"
    )


def modules_yaml(starts: date) -> str:
    """``modules.yaml``: the six Score Plus modules, four sessions each, two a week."""
    lines = [
        "# " + _("The modules, in teaching order. Sessions are numbered; attendance sheets"),
        "# "
        + _("refer to these numbers. date is required; topic, trainer, place, hours optional."),
    ]
    first = starts
    for module_id, title, topics in MODULES:
        lines.append(f"- id: {module_id}")
        lines.append(f"  title: {quoted(title)}")
        lines.append("  sessions:")
        for number, (topic, days) in enumerate(zip(topics, SESSION_DAYS, strict=True), start=1):
            day = first + timedelta(days=days)
            lines.append(f"    {number}: {{date: {day.isoformat()}, topic: {quoted(topic)}}}")
        first += timedelta(weeks=2)
    return "\n".join(lines) + "\n"


def participants_yaml() -> str:
    """An empty ``participants.yaml`` that says what goes in it."""
    return (
        "# "
        + _("The participating businesses, one entry each. Add them with `ukm register`,")
        + "\n# "
        + _("or by hand in this form:")
        + "\n#\n"
        "# - id: UKM-001\n"
        "#   business: Batik Sekar Jati\n"
        "#   owner: Nama Pemilik\n"
        "#   gender: F                  # F / M\n"
        "#   sector: batik\n"
        "#   district: Jepon\n"
        '#   phone: "081234567890"      # ' + _("optional") + "\n"
        "#   employees: 3               # " + _("optional") + "\n"
        "#   registered: 2017-12-13\n"
    )
