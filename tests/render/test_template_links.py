"""A programme's own templates/ never brings a file from outside the folder into a document.

The Typst compiler reads every file of its staging folder, and the folder's
templates/ is copied there: a link in templates/ to ``~/.ssh/id_rsa`` or /etc
would let a template print the file. Such a link (or a templates/ or fonts/
that is itself one) is refused by name, exit 1, no PDF, no staging folder
left, and ``ukm check`` says so ahead; a link to a file inside the programme
folder still works.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.pdf import pdf_pages

SECRET = "SECRET-FROM-OUTSIDE-7f3a"
# The shipped sheet with one more line: the text of secret.txt, printed.
READS_SECRET = '\n#text(read("secret.txt"))\n'


def _sheet_template() -> str:
    from ukmtool.render.pdf import shipped_templates

    return (shipped_templates() / "sheet.typ").read_text(encoding="utf-8") + READS_SECRET


def _print(ukm: Run, folder: Path, out: Path) -> object:
    return ukm("--data", str(folder), "print", "sheet", "keuangan", "-s", "1", "--output", str(out))


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    return outside


@pytest.mark.posix_only
def test_a_template_link_to_a_file_outside_the_folder_is_refused_by_name(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    outside = _outside(tmp_path)
    folder = programme(tmp_path / "prog")
    (folder / "templates").mkdir()
    (folder / "templates" / "sheet.typ").write_text(_sheet_template(), encoding="utf-8")
    (folder / "templates" / "secret.txt").symlink_to(outside / "secret.txt")
    out = tmp_path / "sheet.pdf"
    result = _print(ukm, folder, out)
    assert result.exit_code == 1, result.output
    assert "templates/secret.txt is a link to a file outside the programme folder" in result.output
    assert SECRET not in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert list(isolated.iterdir()) == []
    checked = ukm("--data", str(folder), "check")  # says so ahead, as an error
    assert checked.exit_code == 1
    assert "templates/secret.txt: This is a link to a file outside the programme folder" in (
        checked.stdout
    )


@pytest.mark.posix_only
@pytest.mark.parametrize("linked", ["templates", "templates/fonts"])
def test_a_templates_or_fonts_folder_linked_from_outside_is_refused_by_name(
    ukm: Run, tmp_path: Path, isolated: Path, linked: str
) -> None:
    outside = _outside(tmp_path)
    (outside / "sheet.typ").write_text(_sheet_template(), encoding="utf-8")
    folder = programme(tmp_path / "prog")
    if linked == "templates/fonts":
        (folder / "templates").mkdir()
    (folder / linked).symlink_to(outside, target_is_directory=True)
    out = tmp_path / "sheet.pdf"
    result = _print(ukm, folder, out)
    assert result.exit_code == 1, result.output
    assert "is a link to a file outside the programme folder" in result.output
    assert linked in result.output
    assert not out.exists()
    assert list(isolated.iterdir()) == []


@pytest.mark.posix_only
def test_a_template_link_to_a_file_inside_the_folder_still_prints(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "prog")
    (folder / "templates").mkdir()
    (folder / "shared").mkdir()
    (folder / "shared" / "secret.txt").write_text("Kata dari folder sendiri", encoding="utf-8")
    (folder / "templates" / "sheet.typ").write_text(_sheet_template(), encoding="utf-8")
    (folder / "templates" / "secret.txt").symlink_to(Path("..") / "shared" / "secret.txt")
    out = tmp_path / "sheet.pdf"
    result = _print(ukm, folder, out)
    assert result.exit_code == 0, result.output
    assert "Kata dari folder sendiri" in "\n".join(pdf_pages(out))
    assert ukm("--data", str(folder), "check").exit_code == 0


@pytest.mark.posix_only
@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("templates/fonts/Extra.ttf", "secret.txt"),
        ("templates/fonts/more", "."),
        ("templates/fonts/deeper/Extra.ttf", "secret.txt"),
    ],
)
def test_a_link_inside_the_fonts_folder_leading_out_is_refused_by_name(
    ukm: Run, tmp_path: Path, isolated: Path, link: str, target: str
) -> None:
    outside = _outside(tmp_path)
    folder = programme(tmp_path / "prog")
    (folder / link).parent.mkdir(parents=True)
    (folder / "templates" / "fonts" / "Own.ttf").write_bytes(b"not a font, but inside")
    (folder / link).symlink_to(outside / target, target_is_directory=target == ".")
    out = tmp_path / "sheet.pdf"
    result = _print(ukm, folder, out)
    assert result.exit_code == 1, result.output
    assert f"{link} is a link to a file outside the programme folder" in result.output
    assert not out.exists()
    assert list(isolated.iterdir()) == []
    checked = ukm("--data", str(folder), "check")  # says so ahead, as an error
    assert checked.exit_code == 1
    assert f"{link}: This is a link to a file outside the programme folder" in checked.stdout
    assert "Own.ttf" not in checked.stdout
