"""The files ``ukm init`` writes: a working programme to fill in."""

from __future__ import annotations

from datetime import date, timedelta

from ukmtool.core.yamlio.emit import quoted
from ukmtool.i18n import _

# The six modules of the Blora "Score Plus" workshop, in teaching order.
MODULES: tuple[tuple[str, str, tuple[str, str]], ...] = (
    ("manajemen", "Pengelolaan Usaha", ("Mengenal usaha sendiri", "Rencana usaha sederhana")),
    ("keuangan", "Tertib Keuangan", ("Memisahkan uang usaha dan uang pribadi", "Buku kas harian")),
    ("disiplin", "Tertib Kerja", ("Jam kerja dan pembagian tugas", "Tempat kerja yang rapi")),
    ("teknologi", "Pemanfaatan Teknologi", ("Alat kerja yang tepat", "Ponsel untuk usaha")),
    ("pemasaran", "Pemasaran", ("Mengenal pelanggan", "Berjualan secara daring")),
    ("k3", "Keselamatan dan Kesehatan Kerja (K3)", ("Bahaya di tempat kerja", "P3K di usaha")),
)


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
        "language: id                 # " + _("id or en: the language of what ukm prints") + "\n"
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
    """``modules.yaml``: the six Score Plus modules, two sessions each, a week apart."""
    lines = [
        "# " + _("The modules, in teaching order. Sessions are numbered; attendance sheets"),
        "# "
        + _("refer to these numbers. date is required; topic, trainer, place, hours optional."),
    ]
    day = starts
    for module_id, title, topics in MODULES:
        lines.append(f"- id: {module_id}")
        lines.append(f"  title: {quoted(title)}")
        lines.append("  sessions:")
        for number, topic in enumerate(topics, start=1):
            lines.append(f"    {number}: {{date: {day.isoformat()}, topic: {quoted(topic)}}}")
            day += timedelta(weeks=1)
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
