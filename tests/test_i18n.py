"""Catalogues, language choice and locale formatting (issue 6)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po, write_po
from hypothesis import given
from hypothesis import strategies as st

from tests.kit.helpers import PROGRAM, REPO, Run, programme, run_process
from ukmtool import i18n
from ukmtool.localefmt import format_date, format_number, format_percent, status_label


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ukm_i18n_tool", REPO / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


# -- the shipped catalogues --------------------------------------------------------------


def test_every_message_in_the_code_is_translated_and_compiled() -> None:
    problems = tool.check(tool.Project.load())
    assert problems == [], "\n".join(problems)


def test_catalogue_settings_match_the_runtime() -> None:
    project = tool.Project.load()
    assert set(project.languages) == set(i18n.LANGUAGES)
    assert project.source_language == i18n.DEFAULT_LANGUAGE
    assert project.domain == i18n.DOMAIN
    # the same place inside the package, whether it runs from src/ or from site-packages
    package = Path(i18n.__file__).resolve().parent
    assert i18n.LOCALE_DIR.resolve().relative_to(
        package
    ) == project.locale_dir.resolve().relative_to(project.root / "src" / "ukmtool")


def test_typer_texts_that_ukm_translates_still_exist_in_typer() -> None:
    from typer import rich_utils

    from ukmtool import clitext

    missing = [name for name in clitext._TYPER_TEXTS if not hasattr(rich_utils, name)]
    assert missing == []


# -- the checker, on a small project of its own -------------------------------------------

CODE = """\
from ukmtool.i18n import _, ngettext

def hello(name, n):
    return _("Hello {name}.").format(name=name) + ngettext("{n} file", "{n} files", n)
"""
ID = {"Hello {name}.": "Halo {name}.", "{n} file": ("{n} berkas",)}


def small_project(root: Path) -> tuple[Any, Path]:
    code = root / "pkg" / "app.py"
    code.parent.mkdir(parents=True)
    code.write_text(CODE, encoding="utf-8", newline="\n")
    words = ["_", "ngettext:1,2", "N_"]
    project = tool.Project(
        root=root,
        sources=("pkg",),
        template=root / "pkg" / "locale" / "ukm.pot",
        keywords=parse_keywords(words),
        functions=frozenset({"_", "ngettext", "N_"}),
    )
    tool.extract(project)
    edit_po(project, "id", lambda catalog: translate(catalog, ID))
    tool.compile_all(project)
    return project, code


def edit_po(project: Any, language: str, change: Callable[..., None]) -> None:
    path = project.po(language)
    with path.open("rb") as f:
        catalog = read_po(f, locale=language)
    change(catalog)
    with path.open("wb") as f:
        write_po(f, catalog)


def translate(catalog: Any, strings: dict[str, object]) -> None:
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in strings:
            message.string = strings[key]


def add_message(project: Any, code: Path) -> None:
    code.write_text(CODE + '\nBYE = _("Goodbye.")\n', encoding="utf-8", newline="\n")


def untranslated(project: Any, code: Path) -> None:
    add_message(project, code)
    tool.extract(project)
    tool.compile_all(project)


def not_extracted(project: Any, code: Path) -> None:
    add_message(project, code)


def fuzzy(project: Any, code: Path) -> None:
    edit_po(project, "id", lambda c: c["Hello {name}."].flags.add("fuzzy"))
    tool.compile_all(project)


def no_longer_used(project: Any, code: Path) -> None:
    code.write_text(
        CODE.replace('_("Hello {name}.").format(name=name) + ', ""), encoding="utf-8", newline="\n"
    )


def obsolete_entry(project: Any, code: Path) -> None:
    path = project.po("id")
    with path.open("a", encoding="utf-8") as f:
        f.write('\n#~ msgid "Old message."\n#~ msgstr "Pesan lama."\n')


def stale_mo(project: Any, code: Path) -> None:
    edit_po(project, "id", lambda c: translate(c, {"Hello {name}.": "Selamat datang, {name}."}))


def missing_mo(project: Any, code: Path) -> None:
    project.mo("id").unlink()


def wrong_placeholder(project: Any, code: Path) -> None:
    edit_po(project, "id", lambda c: translate(c, {"Hello {name}.": "Halo {nama}."}))
    tool.compile_all(project)


def broken_braces(project: Any, code: Path) -> None:
    edit_po(project, "id", lambda c: translate(c, {"Hello {name}.": "Halo {name."}))
    tool.compile_all(project)


def english_translated(project: Any, code: Path) -> None:
    edit_po(project, "en", lambda c: translate(c, {"Hello {name}.": "Hi {name}."}))
    tool.compile_all(project)


def fstring_in_call(project: Any, code: Path) -> None:
    code.write_text(
        CODE + '\ndef bye(name):\n    return _(f"Bye {name}.")\n', encoding="utf-8", newline="\n"
    )


def stale_template(project: Any, code: Path) -> None:
    project.template.write_text("", encoding="utf-8", newline="\n")


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (untranslated, "'Goodbye.' is not translated"),
        (not_extracted, "'Goodbye.' is in the code but not here: run extract"),
        (fuzzy, "'Hello {name}.' is fuzzy"),
        (no_longer_used, "'Hello {name}.' is no longer in the code: run extract"),
        (obsolete_entry, "'Old message.' is obsolete"),
        (stale_mo, "id/LC_MESSAGES/ukm.mo is older than"),
        (missing_mo, "id/LC_MESSAGES/ukm.mo is missing: run compile"),
        (wrong_placeholder, "has the placeholders {nama}, the English {name}"),
        (broken_braces, "the translation of 'Hello {name}.'"),
        (english_translated, "English is the source"),
        (fstring_in_call, "pkg/app.py:7: _() needs a plain string"),
        (stale_template, "ukm.pot does not match the code: run extract"),
    ],
)
def test_the_check_names_each_fault(
    tmp_path: Path, fault: Callable[[Any, Path], None], says: str
) -> None:
    project, code = small_project(tmp_path)
    assert tool.check(project) == []
    fault(project, code)
    problems = tool.check(project)
    assert any(says in problem for problem in problems), problems


def test_extract_keeps_translations_and_rewrites_nothing_when_nothing_changed(
    tmp_path: Path,
) -> None:
    project, code = small_project(tmp_path)
    assert tool.extract(project) == []
    add_message(project, code)
    changed = tool.extract(project)
    assert project.po("id") in changed
    with project.po("id").open("rb") as f:
        catalog = read_po(f, locale="id")
    assert catalog["Hello {name}."].string == "Halo {name}."
    assert catalog["Goodbye."].string == ""
    assert tool.extract(project) == []


def test_the_command_line_tool_exits_1_on_a_problem(tmp_path: Path, monkeypatch) -> None:
    project, code = small_project(tmp_path)
    monkeypatch.setattr(tool.Project, "load", classmethod(lambda cls: project))
    assert tool.main(["check"]) == 0
    not_extracted(project, code)
    assert tool.main(["check"]) == 1
    assert tool.main(["extract"]) == 0
    assert tool.main(["check"]) == 1  # 'Goodbye.' still needs its translation


# -- choosing the language ------------------------------------------------------------------


def with_language(root: Path, language: str) -> Path:
    return programme(root, program=PROGRAM.replace("language: en", f"language: {language}"))


def test_help_is_indonesian_with_lang_id() -> None:
    result = run_process("--lang", "id", "--help")
    assert result.exit_code == 0, result.output
    for words in ("Folder program", "Opsi", "Perintah", "Tampilkan bantuan ini lalu keluar"):
        assert words in result.stdout
    assert "Show this message" not in result.stdout
    sub = run_process("--lang", "id", "check", "-h")
    assert "Memeriksa semua berkas" in sub.stdout
    assert "[bawaan: text]" in sub.stdout


def test_programme_language_applies_without_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UKM_LANG")
    folder = with_language(tmp_path / "p", "id")
    result = run_process("--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    assert "Valid: 2 peserta, 1 modul, 0 dari 4 sesi sudah terlaksana" in result.stdout
    help_text = run_process("--data", str(folder), "--help")
    assert "Folder program" in help_text.stdout


@pytest.mark.parametrize(
    ("args", "env", "programme_language", "expected"),
    [
        ((), None, "id", "id"),
        ((), None, "en", "en"),
        ((), "id", "en", "id"),
        ((), "EN", "id", "en"),
        ((), "id_ID.UTF-8", "en", "id"),
        ((), "fr", "id", "id"),  # a value naming no language is passed over
        (("--lang", "en"), "id", "id", "en"),
        (("--lang", "ID"), "en", "en", "id"),
    ],
)
def test_lang_beats_ukm_lang_beats_the_programme(
    ukm: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    env: str | None,
    programme_language: str,
    expected: str,
) -> None:
    if env is None:
        monkeypatch.delenv("UKM_LANG")
    else:
        monkeypatch.setenv("UKM_LANG", env)
    folder = with_language(tmp_path / "p", programme_language)
    result = ukm(*args, "--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    word = {"id": "2 peserta", "en": "2 participants"}[expected]
    assert word in result.stdout


def test_no_programme_and_no_choice_is_english(ukm: Run, monkeypatch) -> None:
    monkeypatch.delenv("UKM_LANG")
    result = ukm("check")
    assert result.exit_code == 1
    assert "No programme folder found" in result.stderr


def test_a_wrong_lang_is_a_usage_error(ukm: Run) -> None:
    result = ukm("--lang", "fr", "check")
    assert result.exit_code == 2
    assert "Choose id or en, not 'fr'." in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("chek",), "Tidak ada perintah 'chek'. Mungkin maksud Anda 'check'?"),
        (("init",), "Argumen 'DIR' belum diisi."),
        (("check", "--bogus"), "Tidak ada opsi --bogus"),
        (("check", "extra"), "Ada argumen berlebih (extra)"),
        (("check", "--format", "xml"), "'xml' bukan salah satu dari 'text', 'json'."),
        (("check", "--strict=yes"), "Opsi '--strict' tidak memakai nilai."),
        (("--data",), "Opsi '--data' harus diberi nilai."),
    ],
)
def test_usage_errors_are_indonesian(ukm: Run, args: tuple[str, ...], says: str) -> None:
    i18n.set_language("id")  # as ukmtool.__main__ does before Typer parses anything
    result = ukm("--lang", "id", *args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Kesalahan" in result.stderr
    if "Usage:" in result.stderr:  # click leaves the usage out for errors in an option
        assert "Ketik 'ukm" in result.stderr


def test_problems_in_the_files_are_reported_in_indonesian(ukm: Run, tmp_path: Path) -> None:
    folder = programme(
        tmp_path / "p",
        participants="""\
        - id: UKM-001
          business: Batik Sekar
          owner: Rina Lestari
          gender: X
          sector: batik
          district: Jepun
          registered: 2018-01-01
        """,
    )
    result = ukm("--lang", "id", "--data", str(folder), "check")
    assert result.exit_code == 1
    assert "Kecamatan 'Jepun' tidak dikenal." in result.stdout
    assert "Mungkin maksud Anda 'Jepon'?" in result.stdout
    assert "Tulis F (perempuan, P) atau M (laki-laki, L)." in result.stdout
    assert "Tidak valid: 2 kesalahan, 0 peringatan" in result.stdout


def test_init_writes_its_comments_in_the_chosen_language(ukm: Run, tmp_path: Path) -> None:
    target = tmp_path / "baru"
    result = ukm("--lang", "id", "init", str(target))
    assert result.exit_code == 0, result.output
    assert "Folder program sudah dibuat" in result.stdout
    assert "# id atau en: bahasa tampilan ukm" in (target / "program.yaml").read_text("utf-8")
    i18n.reset()
    checked = ukm("--data", str(target), "check")
    assert checked.exit_code == 0, checked.output


def test_help_and_version_import_neither_babel_nor_rich_help(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from ukmtool.__main__ import main\n"
        "sys.argv = ['ukm', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MODULES', 'babel' in sys.modules, 'typer.rich_utils' in sys.modules)\n"
    )
    script = tmp_path / "probe.py"
    script.write_text(code, encoding="utf-8", newline="\n")
    folder = programme(tmp_path / "p")
    import subprocess

    def probe(*args: str) -> str:
        out = subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, check=False
        ).stdout
        return out.rsplit("MODULES", 1)[1].strip()

    assert probe("--version") == "False False"
    assert probe("--lang", "id", "--data", str(folder), "check") == "False False"
    assert probe("--lang", "id", "--help") == "False True"


# -- locale formatting -----------------------------------------------------------------------

MONTHS_ID = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "13 Desember 2017"), ("en", "13 December 2017")]
)
def test_format_date(language: str, expected: str) -> None:
    i18n.set_language(language)
    assert format_date(date(2017, 12, 13)) == expected


def test_every_indonesian_month() -> None:
    i18n.set_language("id")
    shown = [format_date(date(2018, month, 1)).split()[1] for month in range(1, 13)]
    assert shown == MONTHS_ID.split()
    assert format_date(date(2018, 3, 5)) == "5 Maret 2018"


@pytest.mark.parametrize(
    ("value", "digits", "id_text", "en_text"),
    [
        (1234, 0, "1.234", "1,234"),
        (0, 0, "0", "0"),
        (999, 0, "999", "999"),
        (1234567, 0, "1.234.567", "1,234,567"),
        (-1234, 0, "-1.234", "-1,234"),
        (1234.56, 1, "1.234,6", "1,234.6"),
        (2.5, 0, "3", "3"),
        (1.5, 2, "1,50", "1.50"),
        (-0.4, 0, "0", "0"),
    ],
)
def test_format_number(value: float, digits: int, id_text: str, en_text: str) -> None:
    i18n.set_language("id")
    assert format_number(value, digits) == id_text
    i18n.set_language("en")
    assert format_number(value, digits) == en_text


@pytest.mark.parametrize(
    ("fraction", "digits", "id_text", "en_text"),
    [
        (0.755, 1, "75,5%", "75.5%"),
        (1, 1, "100,0%", "100.0%"),
        (2 / 3, 1, "66,7%", "66.7%"),
        (0.5, 0, "50%", "50%"),
        (0, 1, "0,0%", "0.0%"),
        (12.345, 1, "1.234,5%", "1,234.5%"),
    ],
)
def test_format_percent(fraction: float, digits: int, id_text: str, en_text: str) -> None:
    i18n.set_language("id")
    assert format_percent(fraction, digits) == id_text
    i18n.set_language("en")
    assert format_percent(fraction, digits) == en_text


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_read_back_in_both_languages(n: int) -> None:
    i18n.set_language("en")
    english = format_number(n)
    i18n.set_language("id")
    indonesian = format_number(n)
    assert int(english.replace(",", "")) == n
    assert int(indonesian.replace(".", "")) == n
    assert indonesian == english.replace(",", ".")
    i18n.reset()


INDONESIAN_LABELS = {
    "present": "hadir",
    "late": "terlambat",
    "excused": "izin",
    "sick": "sakit",
    "absent": "alpa",
    "completed": "selesai",
    "in_progress": "berjalan",
    "failed": "tidak lulus",
    "at_risk": "berisiko",
    "graduated": "lulus",
}


@pytest.mark.parametrize(("code", "indonesian"), INDONESIAN_LABELS.items())
def test_status_labels(code: str, indonesian: str) -> None:
    i18n.set_language("id")
    assert status_label(code) == indonesian
    i18n.set_language("en")
    assert status_label(code) == code.replace("_", " ")


def test_every_attendance_status_of_the_files_has_a_label() -> None:
    from ukmtool.core.models import STATUSES
    from ukmtool.core.rules import Status
    from ukmtool.localefmt import ATTENDANCE_STATUSES, COMPLETION_STATES

    assert set(STATUSES) == set(ATTENDANCE_STATUSES)
    assert {s.value for s in Status} <= set(COMPLETION_STATES)
    with pytest.raises(KeyError):
        status_label("unknown")
