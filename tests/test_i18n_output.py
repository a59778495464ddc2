"""What people read follows the language; what scripts read does not (issue 6).

In ``id`` the tables on a terminal and piped, Markdown, ``ukm show``,
``ukm modules``, ``ukm participants``, ``ukm attend``, ``ukm register`` and
``ukm check`` write dates as ``13 Desember 2017``, numbers as ``1.234`` and
``2,5``, percentages as ``75%``, statuses as hadir/terlambat/izin/sakit/alpa
and selesai/berjalan/tidak lulus/berisiko, and yes/no as ya/tidak.  JSON,
CSV and Excel files are the same in both languages.

Expected texts are built here from the JSON payload with this file's own
month names and rounding, not with ``ukmtool.localefmt``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import Run, programme
from ukmtool import i18n

MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}
STATUS_ID = {
    "present": "hadir",
    "late": "terlambat",
    "excused": "izin",
    "sick": "sakit",
    "absent": "alpa",
    "unmarked": "tidak tercatat",
    "completed": "selesai",
    "in_progress": "berjalan",
    "failed": "tidak lulus",
}
ENGLISH_STATUSES = re.compile(r"\b(completed|in progress|in_progress|failed|at risk|absent)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def long_date(iso: str, language: str = "id") -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[language].split()[day.month - 1]} {day.year}"


def whole_percent(part: int, whole: int) -> str:
    """Half up, as PRODUCT.md's percentages are shown."""
    return f"{(200 * part + whole) // (2 * whole)}%"


def run(ukm: Run, folder: Path, language: str, *args: str) -> str:
    result = ukm("--lang", language, "--data", str(folder), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def payload(ukm: Run, folder: Path, *args: str) -> Any:
    return json.loads(run(ukm, folder, "en", *args, "--format", "json"))


def line_of(text: str, start: str) -> str:
    """The first line of ``text`` starting with ``start`` (a row of a plain or Markdown table)."""
    return next(line for line in text.splitlines() if line.startswith(start))


def by_status(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The first participant of each kind: completed, in_progress (not at risk), failed, at_risk."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = "at_risk" if row["at_risk"] else row["status"]
        found.setdefault(key, row)
    return found


# -- the module report ------------------------------------------------------------------------


def test_module_report_piped_is_indonesian(ukm: Run, sample: Path) -> None:
    data = payload(ukm, sample, "report", "--module", "keuangan")
    text = run(ukm, sample, "id", "report", "--module", "keuangan")
    first = data["sessions"][0]
    assert first["date"] == "2017-12-13"
    assert "13 Desember 2017" in line_of(text, "   1  ")
    header = line_of(text, "id ").split()
    for word in ("hadir", "terlambat", "izin", "sakit", "alpa", "berisiko", "status"):
        assert word in header
    kinds = by_status(data["participants"])
    assert {"completed", "failed", "at_risk"} <= set(kinds)  # at risk: in progress
    for key, row in kinds.items():
        line = line_of(text, row["id"] + " ")
        assert STATUS_ID[row["status"]] in line
        assert whole_percent(row["attended"], row["held"]) in line
        for miss in row["missed"]:
            assert f"{long_date(miss['date'])} {STATUS_ID[miss['status']]}" in line, key
    assert " ya " in line_of(text, kinds["at_risk"]["id"] + " ")
    assert not ISO_DATE.search(text)
    assert not ENGLISH_STATUSES.search(text)


def test_module_report_markdown_is_indonesian(ukm: Run, sample: Path) -> None:
    data = payload(ukm, sample, "report", "--module", "keuangan")
    text = run(ukm, sample, "id", "report", "--module", "keuangan", "--format", "md")
    assert "| 1 | 13 Desember 2017 |" in text
    header = [c.strip() for c in line_of(text, "| id |").split("|")[1:-1]]
    risk = header.index("berisiko")
    missed_at = header.index("terlewat")
    kinds = by_status(data["participants"])
    for row in kinds.values():
        cells = [c.strip() for c in line_of(text, f"| {row['id']} |").split("|")[1:-1]]
        assert STATUS_ID[row["status"]] in cells
        assert whole_percent(row["attended"], row["held"]) in cells
        assert cells[risk] == ("ya" if row["at_risk"] else "tidak")
        assert "yes" not in cells and "no" not in cells
        missed = ", ".join(
            f"{long_date(m['date'])} {STATUS_ID[m['status']]}" for m in row["missed"]
        )
        assert cells[missed_at] == missed
    assert "## Peserta" in text and "## Ringkasan" in text
    assert not ISO_DATE.search(text)
    assert not ENGLISH_STATUSES.search(text)


def test_module_report_in_english_uses_english_words(ukm: Run, sample: Path) -> None:
    text = run(ukm, sample, "en", "report", "--module", "keuangan", "--format", "md")
    assert "| 1 | 13 December 2017 |" in text
    assert "| completed |" in text and "| in progress |" in text and "| yes |" in text


def test_the_terminal_view_is_indonesian(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.core.folder import locate
    from ukmtool.core.reading.loader import load
    from ukmtool.core.reports.filters import Filters
    from ukmtool.core.reports.module import module_report
    from ukmtool.core.tables.module import module_tables
    from ukmtool.render.formats.table import show_terminal

    data = payload(ukm, sample, "report", "--module", "keuangan")
    i18n.set_language("id")
    programme_ = load(locate(sample)).programme
    assert programme_ is not None
    document = module_tables(module_report(programme_, "keuangan", Filters(), None))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    show_terminal(document, 200)
    text = out.getvalue()
    assert "13 Desember 2017" in text
    assert "H T I S A" in text
    for row in by_status(data["participants"]).values():
        line = line_of(text, row["id"] + " ")
        assert STATUS_ID[row["status"]] in line
        assert whole_percent(row["attended"], row["held"]) in line
    assert not ENGLISH_STATUSES.search(text)


def test_programme_report_is_indonesian(ukm: Run, sample: Path) -> None:
    data = payload(ukm, sample, "report")
    text = run(ukm, sample, "id", "report")
    assert "Lulus (semua modul selesai): " in text
    risky = data["at_risk"][0]
    line = line_of(text, risky["id"] + " ")
    for miss in risky["missed"]:
        assert long_date(miss["date"]) in line
    assert not ISO_DATE.search(text)


# -- show, participants, modules -------------------------------------------------------------


def test_show_is_indonesian(ukm: Run, sample: Path) -> None:
    data = payload(ukm, sample, "show", "UKM-004")
    person = data["participant"]
    text = run(ukm, sample, "id", "show", "UKM-004")
    assert f"terdaftar: {long_date(person['registered'])}" in text
    done = sum(1 for m in data["modules"] if m["status"] == "completed")
    assert f"lulus: belum: {done} dari {len(data['modules'])} modul selesai" in text
    for module in data["modules"]:
        line = line_of(text, module["id"] + " ")
        assert STATUS_ID[module["status"]] in line
        for miss in module["missed"]:
            assert f"{long_date(miss['date'])} {STATUS_ID[miss['status']]}" in line
    markdown = run(ukm, sample, "id", "show", "UKM-004", "--format", "md")
    assert "| uraian | nilai |" in markdown
    assert f"| terdaftar | {long_date(person['registered'])} |" in markdown
    assert f"| lulus | {'ya' if data['graduated'] else 'tidak'} |" in markdown
    assert not ISO_DATE.search(text + markdown)


def test_numbers_have_indonesian_separators(ukm: Run, tmp_path: Path) -> None:
    folder = programme(
        tmp_path / "p",
        participants="""\
        - id: UKM-001
          business: Mebel Jati Raya
          owner: Rina Lestari
          gender: F
          sector: batik
          district: Jepon
          employees: 1250
          registered: 2018-01-01
        """,
        modules="""\
        - id: keuangan
          title: Tertib Keuangan
          sessions:
            1: {date: 2018-01-08, hours: 2.5}
            2: {date: 2018-01-15, hours: 1234.75}
        """,
    )
    listing = run(ukm, folder, "id", "participants")
    assert "1.250" in line_of(listing, "UKM-001 ")
    assert "1,250" in line_of(run(ukm, folder, "en", "participants"), "UKM-001 ")
    assert "karyawan: 1.250" in run(ukm, folder, "id", "show", "UKM-001")
    sessions = session_lines(run(ukm, folder, "id", "modules"))
    assert "8 Januari 2018" in sessions[1] and "  2,5  " in sessions[1]
    assert "15 Januari 2018" in sessions[2] and "  1.234,75  " in sessions[2]
    english = session_lines(run(ukm, folder, "en", "modules"))
    assert "8 January 2018" in english[1] and "  2.5  " in english[1]
    assert "  1,234.75  " in english[2]


def session_lines(text: str) -> dict[int, str]:
    """The rows of the sessions table of ``ukm modules`` (plain text), by session number."""
    rows = text.rsplit("\n\n", maxsplit=1)[-1].splitlines()
    return {int(line.split()[1]): line for line in rows if line.startswith("keuangan ")}


def test_participants_and_modules_are_indonesian(ukm: Run, sample: Path) -> None:
    people = payload(ukm, sample, "participants")["participants"]
    text = run(ukm, sample, "id", "participants")
    assert line_of(text, "id ").split()[:3] == ["id", "usaha", "pemilik"]
    for person in people[:5]:
        assert long_date(person["registered"]) in line_of(text, person["id"] + " ")
    assert f"{len(people)} peserta." in text
    modules = run(ukm, sample, "id", "modules", "--format", "md")
    assert "| keuangan | 1 | 13 Desember 2017 |" in modules
    assert "| ya |" in modules and "| tidak |" in modules
    assert not ISO_DATE.search(text + modules)


@pytest.mark.parametrize(
    ("language", "female", "male"), [("id", "perempuan", "laki-laki"), ("en", "female", "male")]
)
def test_gender_is_a_word_for_people_and_f_or_m_in_files(
    ukm: Run, sample: Path, language: str, female: str, male: str
) -> None:
    people = payload(ukm, sample, "participants")["participants"]
    word = {"F": female, "M": male}
    text = run(ukm, sample, language, "participants", "--all")
    for person in people[:6]:
        assert f" {word[person['gender']]} " in line_of(text, person["id"] + " ")
    groups = run(ukm, sample, language, "report", "--by", "gender")
    counts = {g: sum(p["gender"] == g for p in people) for g in "FM"}
    for code, count in counts.items():
        assert re.search(rf"^{word[code]}\s+{count}\s", groups, re.MULTILINE), groups
    shown = run(ukm, sample, language, "show", people[0]["id"])
    assert f": {word[people[0]['gender']]}" in shown
    markdown = run(ukm, sample, language, "show", people[0]["id"], "--format", "md")
    assert f" | {word[people[0]['gender']]} |" in markdown
    exported = run(ukm, sample, language, "report", "--by", "gender", "--format", "csv")
    assert [line.split(";")[0] for line in exported.splitlines()[1:]] == ["F", "M", "total"]


# -- attend, register, check -------------------------------------------------------------------


def test_attend_summary_is_indonesian(ukm: Run, tmp_path: Path) -> None:
    from tests.kit.attendance import folder

    root = folder(tmp_path / "p")
    result = ukm("--lang", "id", "--data", str(root), "attend", "keuangan", "-s", "2", "3", "4")
    assert result.exit_code == 0, result.output
    assert "Tercatat 2 hadir." in result.stdout
    assert "keuangan, sesi 2 (15 Januari 2018): 2 hadir, 0 terlambat, 0 izin, 0 sakit, 0 alpa;" in (
        result.stdout
    )
    moved = ukm(
        "--lang", "id", "--data", str(root), "attend", "keuangan", "-s", "2", "--status", "S", "3"
    )
    assert moved.exit_code == 0, moved.output
    assert "UKM-003: hadir -> sakit" in moved.stdout
    early = ukm("--lang", "id", "--data", str(root), "attend", "keuangan", "-s", "1", "25")
    assert "UKM-025 terdaftar pada 20 Januari 2018, sesudah sesi 1 (8 Januari 2018)" in (
        early.stderr
    )


def test_roll_call_is_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukmtool.core.models import Module, Participant
    from ukmtool.core.rollcall import RollCall
    from ukmtool.core.writing.attend import SessionSheet
    from ukmtool.render.commands import rollcall as view

    i18n.set_language("id")
    module = Module.model_validate(
        {"id": "keuangan", "title": "Tertib Keuangan", "sessions": {1: {"date": "2018-01-08"}}}
    )
    people = [
        Participant.model_validate(
            {
                "id": f"UKM-00{n}",
                "business": f"Usaha {n}",
                "owner": f"Pemilik {n}",
                "gender": "F",
                "sector": "batik",
                "district": "Cepu",
                "registered": "2018-01-01",
            }
        )
        for n in (1, 2)
    ]
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    keys = iter(["h", "i", "u", "t", "\r"])
    call = RollCall(people)
    assert view.walk(call, SessionSheet(module, 1, date(2018, 1, 8), {}, []), keys.__next__)
    text = out.getvalue()
    assert "Presensi: keuangan, sesi 1 (8 Januari 2018), 2 belum tercatat." in text
    assert "Tombol: H hadir (atau Enter), T terlambat, I izin, S sakit, A alpa" in text
    assert "UKM-001  Usaha 1  Pemilik 1  Cepu > hadir" in text
    assert "batal: UKM-002 (izin)" in text
    assert "UKM-002  Usaha 2  Pemilik 2  Cepu > terlambat" in text


def test_register_dry_run_table_is_indonesian(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    args = ("register", "--business", "Batik Baru", "--owner", "Siti Aminah", "--gender", "P")
    args += ("--sector", "batik", "--district", "Cepu", "--employees", "1200")
    args += ("--sales", "12,5 jt", "--registered", "2018-01-05", "--dry-run", "--no-input")
    text = run(ukm, folder, "id", *args)
    header, row = text.splitlines()[:2]
    assert header.split("\t") == [
        "id",
        "usaha",
        "pemilik",
        "jenis kelamin",
        "jenis usaha",
        "kecamatan",
        "desa",
        "nomor HP",
        "karyawan",
        "NIK",
        "terdaftar",
        "label",
        "alamat",
        "omzet per bulan",
        "modal",
        "keterangan",
        "NIB",
    ]
    assert row.split("\t")[8:11] == ["1.200", "", "5 Januari 2018"]
    assert row.split("\t")[13:15] == ["Rp12.500.000", ""]
    assert row.split("\t")[3] == "perempuan"
    assert "Uji coba: 1 peserta akan ditambahkan ke " in text
    assert "participants.yaml; tidak ada yang ditulis." in text


def test_check_summary_is_indonesian(ukm: Run, sample: Path) -> None:
    data = payload(ukm, sample, "check")["summary"]
    text = run(ukm, sample, "id", "check")
    assert (
        f"Valid: {data['participants']} peserta, {data['modules']} modul, "
        f"{data['sessions_held']} dari {data['sessions_planned']} sesi sudah terlaksana"
    ) in text


# -- files for scripts are the same in both languages ----------------------------------------

MACHINE = [
    ("report",),
    ("report", "--module", "keuangan"),
    ("report", "--by", "district"),
    ("report", "--module", "keuangan", "--by", "tag"),
    ("report", "--status", "at_risk"),
    ("show", "UKM-004"),
    ("participants",),
    ("modules",),
]


@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_json_and_csv_do_not_depend_on_the_language(
    ukm: Run, sample: Path, args: tuple[str, ...], output_format: str
) -> None:
    english = run(ukm, sample, "en", *args, "--format", output_format)
    indonesian = run(ukm, sample, "id", *args, "--format", output_format)
    assert english.encode() == indonesian.encode()
    assert not re.search(r"Desember|selesai|berjalan|berisiko|\bhadir\b", indonesian)


def test_check_attend_and_register_json_do_not_depend_on_the_language(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    assert run(ukm, sample, "id", "check", "--format", "json") == run(
        ukm, sample, "en", "check", "--format", "json"
    )
    outputs = []
    for language in ("en", "id"):
        copy = tmp_path / "copy"  # the same path, so that the files named in JSON are the same
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(sample, copy)
        outputs.append(
            run(ukm, copy, language, "attend", "pemasaran", "-s", "2", "3", "4", "--format", "json")
            + run(
                ukm,
                copy,
                language,
                "register",
                *("--business", "Batik Baru", "--owner", "Siti Aminah", "--gender", "F"),
                *("--sector", "batik", "--district", "Cepu", "--registered", "2018-01-05"),
                *("--no-input", "--format", "json"),
            )
        )
    assert outputs[0] == outputs[1]


def test_xlsx_is_the_same_in_both_languages_except_its_words(
    ukm: Run, sample: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    def cells(language: str, *args: str) -> list[Any]:
        target = tmp_path / f"{language}-{len(args)}.xlsx"
        run(ukm, sample, language, *args, "--output", str(target))
        book = load_workbook(target, read_only=True)
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]

    def figures(sheets: list[Any]) -> list[Any]:
        """Every number and date, where it stands: the same in either language."""
        return [
            (title, r, c, v)
            for title, rows in sheets
            for r, row in enumerate(rows)
            for c, v in enumerate(row)
            if not isinstance(v, str)
        ]

    for args in (("report", "--module", "keuangan"), ("show", "UKM-004"), ("modules",)):
        english, indonesian = cells("en", *args), cells("id", *args)
        assert [t for t, _ in english] == [t for t, _ in indonesian]
        assert [len(rows) for _, rows in english] == [len(rows) for _, rows in indonesian]
        assert figures(english) == figures(indonesian)
        flat_en = [v for _title, rows in english for row in rows for v in row]
        flat_id = [v for _title, rows in indonesian for row in rows for v in row]
        assert not any(isinstance(v, str) and "Desember" in v for v in flat_en)
        assert any(isinstance(v, str) and "Desember" in v for v in flat_id)  # the title block
        if args[0] == "report":
            assert "in progress" in flat_en and "berjalan" in flat_id
            assert "in_progress" not in flat_en + flat_id
