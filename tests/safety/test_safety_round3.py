"""Issue 29: the third outside attack's faults (besides imports, certificates and documents).

Each test is named after the fault it holds, failed on the code before its fix,
and has its row in docs/reliability.md ("Third round").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme

DESK = ["register", "--no-input", "--business", "Usaha Baru", "--owner", "Siti", "--gender",
        "F", "--sector", "batik", "--district", "Cepu", "--registered", "2018-01-01"]  # fmt: skip


def test_an_18_digit_last_id_never_makes_register_write_a_record_it_refuses(
    ukm: Run, tmp_path: Path
) -> None:
    root = programme(tmp_path / "p")
    written = "last_id: UKM-999999999999999999\n"
    (root / "ids.yaml").write_text(written, encoding="utf-8")
    before = (root / "participants.yaml").read_bytes()
    refused = ukm("--data", str(root), *DESK)
    assert refused.exit_code == 1, refused.output
    assert "No id is left to give" in refused.stderr
    assert "ids.yaml" in refused.stderr
    assert (root / "ids.yaml").read_text(encoding="utf-8") == written
    assert (root / "participants.yaml").read_bytes() == before
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 1 and "No id is left to give" in checked.stdout, checked.output
    # one below the last number still registers, and what it writes is read back
    (root / "ids.yaml").write_text("last_id: UKM-999999999999999998\n", encoding="utf-8")
    landed = ukm("--data", str(root), *DESK)
    assert landed.exit_code == 0, landed.output
    assert "last_id: UKM-999999999999999999" in (root / "ids.yaml").read_text(encoding="utf-8")
    again = ukm("--data", str(root), *DESK, "--allow-duplicate")
    assert again.exit_code == 1 and "No id is left to give" in again.stderr, again.output


BAD = "salah\udcffnama"  # the byte 0xff on a UTF-8 command line, as Python hands it over


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["certificate", "revoke", "001/SERT-SP/2018", "--reason", BAD], "--reason"),
        (
            ["visit", "UKM-001", "--trainer", BAD, "--hours", "1", "--date", "2018-01-10"],
            "--trainer",
        ),
        ([*DESK[:3], BAD, *DESK[4:]], "--business"),
        (["attend", "keuangan", "-s", "1", "UKM-001", "--status", BAD], "--status"),
        (["report", "--module", BAD], "--module"),
        (["show", BAD], "ID"),
    ],
)
def test_bad_bytes_in_a_text_option_are_named_as_bytes(
    ukm: Run, tmp_path: Path, args: list[str], option: str
) -> None:
    root = programme(
        tmp_path / "p",
        certificates="- number: 001/SERT-SP/2018\n  participant: UKM-001\n  issued: 2018-03-20\n",
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = ukm("--data", str(root), *args)
    assert result.exit_code == 2, result.output
    assert f"{option} holds bytes that are not UTF-8" in result.stderr
    assert "\udcff" not in result.output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def _certified(folder: Path) -> None:
    from tests.kit.certificates import finish_programme

    finish_programme(folder)


def test_own_outputs_in_the_programme_folder_are_replaced_not_refused(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _certified(sample)
    monkeypatch.chdir(sample)  # the default place: ukm finds the folder it runs in
    first = ukm("print", "sheet", "keuangan", "-s", "1")
    assert first.exit_code == 0, first.output
    printed = sample / "sign-in-keuangan-1.pdf"
    old = printed.read_bytes()
    again = ukm("print", "sheet", "keuangan", "-s", "1", "--order", "name")
    assert again.exit_code == 0, again.output
    assert printed.read_bytes() != old  # replaced by the new print (another order)
    issued = ukm("certificate", "issue")
    assert issued.exit_code == 0, issued.output
    pdfs = sorted((sample / "sertifikat").glob("*.pdf"))
    assert pdfs
    reprinted = ukm("certificate", "print")
    assert reprinted.exit_code == 0, reprinted.output
    for args in (["report", "-o", "laporan.xlsx"], ["report", "-o", "laporan.xlsx"]):
        result = ukm(*args)
        assert result.exit_code == 0, result.output


def test_own_outputs_are_judged_by_their_bytes_never_by_their_name(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample)
    assert ukm("print", "sheet", "keuangan", "-s", "1").exit_code == 0
    ours = sample / "sign-in-keuangan-1.pdf"
    # a person's PDF, a PDF of ukm's that an editor saved again (a revision appended),
    # a CSV report (no mark a CSV can carry), a workbook saved again by Excel
    person = sample / "surat.pdf"
    person.write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    edited = sample / "edited.pdf"
    edited.write_bytes(
        ours.read_bytes() + b"\n1 0 obj\n<<>>\nendobj\ntrailer\n<</Prev 9>>\n%%EOF\n"
    )
    assert ukm("report", "-o", "laporan.csv").exit_code == 0
    assert ukm("report", "-o", "laporan.xlsx").exit_code == 0
    import re
    import zipfile

    for saved, by_excel in ((sample / "saved.xlsx", False), (sample / "resaved.xlsx", True)):
        with (
            zipfile.ZipFile(sample / "laporan.xlsx") as book,
            zipfile.ZipFile(saved, "w") as out,
        ):
            for item in book.infolist():
                data = book.read(item)
                if item.filename == "docProps/core.xml" and by_excel:  # who saved it, replaced
                    data = re.sub(rb">ukm</cp:lastModifiedBy>", b">Sri</cp:lastModifiedBy>", data)
                elif item.filename == "docProps/core.xml":  # who saved it, added
                    end = b"</cp:coreProperties>"
                    data = data.replace(end, b"<cp:lastModifiedBy>Sri</cp:lastModifiedBy>" + end)
                out.writestr(item, data)
    (sample / "link.pdf").symlink_to("participants.yaml")
    for name in (
        "surat.pdf",
        "edited.pdf",
        "laporan.csv",
        "saved.xlsx",
        "resaved.xlsx",
        "link.pdf",
    ):
        target = sample / name
        before = target.read_bytes()
        result = ukm("report", "--format", "pdf" if name.endswith(".pdf") else "csv", "-o", name)
        assert result.exit_code == 2, (name, result.output)
        assert "does not write" in result.stderr
        assert target.read_bytes() == before, name


def _logo_cases(root: Path, outside: Path) -> dict[str, str]:
    """Each hostile ``logo:`` value, with what it needs made on disk."""
    import os

    outside.mkdir()
    (outside / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # in gambar/, not templates/: a link out of the folder there is refused by name
    # before any logo is read (tests/render/test_template_links.py)
    (root / "gambar").mkdir()
    (root / "gambar" / "keluar.png").symlink_to(outside / "foto.png")
    (root / "gambar" / "nol.png").symlink_to("/dev/zero")
    os.mkfifo(root / "gambar" / "pipa.png")
    return {
        "a full path": str(outside / "foto.png"),
        "a .. step": "../outside/foto.png",
        "a link out of the folder": "gambar/keluar.png",
        "a device": "gambar/nol.png",
        "a device by its full path": "/dev/zero",
        "a named pipe": "gambar/pipa.png",
    }


@pytest.mark.posix_only
def test_a_logo_outside_the_folder_is_refused_by_check_and_never_read(
    ukm: Run, tmp_path: Path
) -> None:
    from tests.kit.helpers import PROGRAM, run_process

    root = programme(tmp_path / "p")
    cases = _logo_cases(root, tmp_path / "outside")
    for why, logo in cases.items():
        (root / "program.yaml").write_text(PROGRAM + f"logo: {logo}\n", encoding="utf-8")
        checked = ukm("--data", str(root), "check")
        assert checked.exit_code == 1, (why, checked.output)
        assert "program.yaml:9: logo:" in checked.stdout, (why, checked.stdout)
        args = ("--data", str(root), "print", "sheet", "keuangan", "-s", "1")
        if "device" in why or "pipe" in why:  # a real process: the old code read without end
            printed = run_process(*args, cwd=tmp_path, timeout=30)
        else:
            printed = ukm(*args)
        assert printed.exit_code == 1, (why, printed.output)
        assert "logo:" in printed.stderr
        assert not list(tmp_path.rglob("*.pdf")), why
    (root / "templates").mkdir()
    (root / "templates" / "logo.png").write_bytes((tmp_path / "outside" / "foto.png").read_bytes())
    (root / "program.yaml").write_text(PROGRAM + "logo: templates/logo.png\n", encoding="utf-8")
    assert ukm("--data", str(root), "check").exit_code == 0


CONTROLS = {
    "a line break": "Batik\nSekar",
    "U+202E": "Batik \u202eakeS",
    "U+2066": "Batik \u2066Sekar\u2069",
    "a zero-width space": "Batik\u200bSekar",
    "ESC": "Batik \x1b[31mSekar",
    "U+2028": "Batik\u2028Sekar",
}


@pytest.mark.parametrize("why", CONTROLS)
@pytest.mark.usefixtures("during_the_programme")
def test_control_and_bidi_characters_in_names_are_refused_at_every_entry_point(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    import json

    from openpyxl import Workbook

    bad = CONTROLS[why]
    root = programme(tmp_path / "p")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    # options
    desk = [*DESK[:3], bad, *DESK[4:]]
    assert "This text holds" in ukm("--data", str(root), *desk).output
    trainer = ["visit", "UKM-001", "--trainer", bad, "--hours", "1", "--date", "2018-01-10"]
    assert "This text holds" in ukm("--data", str(root), *trainer, "--new-trainer").output
    source = ["measure", "UKM-001", "--sales", "1000000", "--date", "2018-03-01"]
    assert "This text holds" in ukm("--data", str(root), *source, "--source", bad).output
    # a spreadsheet cell, and a CSV's
    if "\x1b" not in bad:  # no workbook can hold ESC (openpyxl refuses to write it)
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Nama Usaha", "Nama Pemilik", "L/P", "Jenis Usaha", "Kecamatan"])
        sheet.append(["Batik Baru", bad, "P", "batik", "Cepu"])
        book.save(tmp_path / "daftar.xlsx")
        imported = ukm("--data", str(root), "register", "--from", str(tmp_path / "daftar.xlsx"))
        assert imported.exit_code == 1, imported.output
        assert "daftar.xlsx:2: Nama Pemilik: This text holds" in imported.stderr
    (tmp_path / "daftar.csv").write_text(
        "Nama Usaha;Nama Pemilik;L/P;Jenis Usaha;Kecamatan\n" + f'"{bad}";Sri;P;batik;Cepu\n',
        encoding="utf-8",
    )
    imported = ukm("--data", str(root), "register", "--from", str(tmp_path / "daftar.csv"))
    assert imported.exit_code == 1 and "This text holds" in imported.stderr, imported.output
    # the desk's questions: asked again
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    answers = [bad.replace("\n", " ").replace("\u2028", " ") if why in ("a line break", "U+2028")
               else bad, "Batik Sekar", "Sri", "P", "batik", "Cepu", *[""] * 7, "n"]  # fmt: skip
    asked = ukm("--data", str(root), "register", input="\n".join(answers) + "\n")
    if why not in ("a line break", "U+2028"):  # a typed line ends the answer
        assert "This text holds" in asked.output, asked.output
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != ".ukm.lock"}
    assert after == before  # nothing written (the folder's lock file aside)
    # a file written by hand: check
    written = "owner: " + json.dumps(bad)
    (root / "participants.yaml").write_text(
        before[root / "participants.yaml"].decode().replace("owner: Rina Lestari", written),
        encoding="utf-8",
    )
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 1, checked.output
    assert "participants.yaml:3: owner: This text holds" in checked.stdout
    assert "\x1b" not in checked.output and "\u202e" not in checked.output


def test_names_in_any_script_with_their_joiners_are_accepted(ukm: Run, tmp_path: Path) -> None:
    root = programme(tmp_path / "p")
    for name in ("ꦱꦿꦶ ꦮꦲꦾꦸꦤꦶ", "王小明", "Toko 👩\u200d🍳 Bu Sri", "क्\u200dष"):
        result = ukm("--data", str(root), *DESK[:3], f"Usaha {name}", *DESK[4:])
        assert result.exit_code == 0, (name, result.output)
    assert ukm("--data", str(root), "check").exit_code == 0


def test_every_control_and_format_character_is_refused_but_joiners() -> None:
    import sys
    import unicodedata

    from ukmtool.core import fields

    allowed = {"\u200c", "\u200d", *map(chr, range(0xE0020, 0xE0080))}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in allowed:
            assert fields.control_problem(f"a{char}b") is not None, f"U+{code:04X}"
    for char in allowed:
        assert fields.control_problem(f"a{char}b") is None
    assert fields.control_problem("baris satu\nbaris dua\tdan", lines=True) is None
    assert fields.control_problem("baris\u202e", lines=True) is not None


def test_a_partners_logo_outside_the_folder_is_refused_by_check(ukm: Run, tmp_path: Path) -> None:
    from tests.kit.helpers import PROGRAM

    root = programme(tmp_path / "p")
    (tmp_path / "luar.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    partners = (
        "partners:\n  - Dekranasda\n"
        f"  - {{name: PT Contoh, role: sponsor, logo: {tmp_path / 'luar.png'}}}\n"
    )
    (root / "program.yaml").write_text(PROGRAM + partners, encoding="utf-8")
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 1, checked.output
    assert "program.yaml:11: logo:" in checked.stdout and "outside the programme folder" in (
        checked.stdout
    )


@pytest.mark.parametrize(
    "args",
    [
        [*DESK[:-1], "2999-01-01"],
        ["visit", "UKM-001", "--trainer", "Ratna", "--hours", "1", "--date", "2999-01-10"],
        ["measure", "UKM-001", "--sales", "1000000", "--date", "2999-03-01"],
        ["init", "baru", "--starts", "2999-01-01"],
    ],
    ids=["register --registered", "visit --date", "measure --date", "init --starts"],
)
def test_far_future_dates_are_refused_where_they_are_entered(
    ukm: Run, tmp_path: Path, args: list[str]
) -> None:
    root = programme(tmp_path / "p")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = ukm("--data", str(root), *args)
    assert result.exit_code in (1, 2), result.output
    assert "2999-" in result.output and "after today" in result.output
    assert not (tmp_path / "work" / "baru").exists()
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != ".ukm.lock"}
    assert after == before


def test_names_the_fonts_cannot_draw_are_warned_about(ukm: Run, tmp_path: Path) -> None:
    root = programme(tmp_path / "p")
    for business, owner in (("Toko 王小明", "Wang"), ("Batik Sri", "ꦱꦿꦶ"), ("Kopi 😀", "Budi")):
        result = ukm("--data", str(root), *DESK[:3], business, "--owner", owner, *DESK[6:])
        assert result.exit_code == 0, result.output
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 0, checked.output  # a warning: the name is what it is
    warned = [line for line in checked.stdout.splitlines() if "cannot draw" in line]
    assert len(warned) == 3, checked.stdout
    assert "business: the fonts of the printed documents cannot draw '王' (U+738B)" in warned[0]
    assert "owner:" in warned[1] and "U+A9B1" in warned[1]
    assert "U+1F600" in warned[2]
    assert all(line.split(":")[1].isdigit() for line in warned)  # at the entry's line
    assert "strict" not in checked.stdout
    assert ukm("--data", str(root), "check", "--strict").exit_code == 1


def test_the_font_table_covers_what_the_fonts_draw() -> None:
    from ukmtool.core.documents.glyphs import undrawable

    assert undrawable("Sri Wahyuni, Kafé Ñoño – “Rp1.500.000” … Ä ő ş ğ ₹ €") == ""
    assert undrawable("王小明 ꦱꦿꦶ 😀") == "王小明ꦱꦿꦶ😀"
