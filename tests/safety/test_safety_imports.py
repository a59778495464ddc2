"""Issue 29: hostile files given to ``register --from`` and ``measure --from``.

Whatever a file under the size limit unzips to, an import ends within bounded
time and memory with a clear message (exit 1), and nothing is written.  The
bombs are generated here: a few hundred KB of zip holding millions of texts,
parts of gigabytes, tens of thousands of files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme, run_process

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="Peserta" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    b'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    b"</sheetData></worksheet>"
)
HEAD = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
NAMES = b"<si><t>Nama Usaha</t></si><si><t>Nama Pemilik</t></si>"


def _workbook(path: Path, *, strings: int = 0, extra: int = 0, huge: bool = False) -> Path:
    """A workbook whose shared strings hold ``strings`` texts more than its header needs."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", SHEET),
        ):
            book.writestr(name, data)
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(HEAD + NAMES)
            chunk = b"<si><t>a</t></si>" * 10_000
            for _ in range(strings // 10_000):
                part.write(chunk)
            part.write(b"</sst>")
        if huge:  # a part of 300 MB of spaces: a few hundred KB zipped
            with book.open("xl/media/image1.png", "w", force_zip64=True) as part:
                block = b" " * (1 << 20)
                for _ in range(300):
                    part.write(block)
        for n in range(extra):
            book.writestr(f"xl/media/x{n}.bin", b"")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


def _refused_quickly(folder: Path, path: Path, *command: str) -> str:
    """Run a real ukm on ``path``: exit 1 in bounded time and memory; nothing written."""
    import resource
    import subprocess
    import sys

    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    measure = (
        "import resource, subprocess, sys, time\n"
        "start = time.monotonic()\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(run.returncode, time.monotonic() - start, peak)\n"
        "sys.stderr.write(run.stderr)\n"
    )
    from tests.kit.helpers import ukm_executable

    args = [ukm_executable(), "--data", str(folder), *command, "--from", str(path)]
    done = subprocess.run(
        [sys.executable, "-c", measure, *args], capture_output=True, text=True, timeout=180
    )
    code, seconds, peak_kb = done.stdout.split()
    assert int(code) == 1, done.stderr
    assert float(seconds) < 60, seconds
    assert int(peak_kb) < 500 * 1024, peak_kb  # KB on Linux
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    del resource
    return done.stderr


@pytest.mark.posix_only
@pytest.mark.parametrize("command", [("register",), ("measure",)])
def test_an_xlsx_decompression_bomb_is_refused_before_it_is_unzipped(
    folder: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    strings = _workbook(tmp_path / "teks.xlsx", strings=3_500_000)
    assert strings.stat().st_size < 400_000  # a few hundred KB holding millions of texts
    said = _refused_quickly(folder, strings, *command)
    assert "teks.xlsx is larger inside than a list can be" in said
    assert "more than 1,000,000 different texts" in said
    huge = _workbook(tmp_path / "besar.xlsx", huge=True)
    said = _refused_quickly(folder, huge, *command)
    assert "it unzips to 300 MB" in said or "unzips to 300 MB" in said, said
    many = _workbook(tmp_path / "banyak.xlsx", extra=10_001)
    said = _refused_quickly(folder, many, *command)
    assert "holds 10," in said, said


def test_the_cells_read_from_a_file_are_bounded(
    ukm: Run, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukmtool.core.importing import sources

    monkeypatch.setattr(sources, "MAX_CELLS", 5_000)  # the bound, made small to test quickly
    rows = ["Nama Usaha;Nama Pemilik;L/P;Jenis Usaha;Kecamatan"]
    rows += ["catatan"] * 6_000
    path = tmp_path / "panjang.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    refused = ukm("--data", str(folder), "register", "--from", str(path))
    assert refused.exit_code == 1, refused.output
    assert "panjang.csv holds more than 5,000 cells; nothing was read from it." in refused.stderr


@pytest.mark.usefixtures("during_the_programme")
def test_left_out_rows_are_counted_not_kept_and_printed_one_by_one(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    lines = ["No;Nama Usaha;Nama Pemilik;L/P;Jenis Usaha;Kecamatan", "1;Batik Uji;Sri;P;batik;Cepu"]
    lines += ["x"] * 200_000
    path = tmp_path / "panjang.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dry = ukm("--data", str(folder), "register", "--from", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert len(dry.output.splitlines()) < 60, len(dry.output.splitlines())
    assert "row 3 (below the table" in dry.stdout  # the first few, with their text
    assert "... and 199,980 more rows left out, not shown one by one:" in dry.stdout
    assert "rows 3-200002 (below the table" in dry.stdout
    assert ": 200,000 rows" in dry.stdout
    done = ukm("--data", str(folder), "register", "--from", str(path), "--format", "json")
    assert done.exit_code == 0, done.output
    import json

    read = json.loads(done.stdout)["import"]
    assert read["rows_left_out_count"] == 200_000
    assert len(read["rows_left_out"]) == 20


@pytest.mark.posix_only
def test_a_million_short_lines_cost_a_count_not_a_million_rows(
    folder: Path, tmp_path: Path
) -> None:
    lines = ["No,Nama Usaha,Nama Pemilik,L/P,Jenis Usaha,Kecamatan", "1,Batik Uji,Sri,P,batik,Cepu"]
    path = tmp_path / "juta.csv"
    path.write_text("\n".join(lines) + "\n" + "x\n" * 1_000_000, encoding="utf-8")
    result = run_process(
        "--data", str(folder), "register", "--from", str(path), "--dry-run",
        "--registered", "2018-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "1,000,000 rows" in result.stdout
    assert len(result.stdout.splitlines()) < 60
