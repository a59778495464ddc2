"""``ukm score``: pre- and post-test scores in scores.yaml, checked, changed only where they go."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

MORE = """\
- id: UKM-003
  business: Sablon Sinar
  owner: Sri Wahyuni
  gender: F
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
- id: UKM-004
  business: Batik Tutik
  owner: Sri  wahyuni
  gender: F
  sector: batik
  district: Jepon
  registered: 2018-01-01
  exempt: {keuangan: ikut pelatihan serupa 2017}
"""

SCORES = """\
# nilai dari pelatih, diketik ulang
- {participant: UKM-001, module: keuangan, pre: 45}   # post menyusul

- participant: UKM-002
  module: keuangan
  pre: 50
  post: 70
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p", participants=PARTICIPANTS + MORE)


def score(ukm: Run, folder: Path, *args: str):
    return ukm("--data", str(folder), "score", *args)


def recorded(folder: Path) -> dict[tuple[str, str], tuple[object, object]]:
    result = load(Folder(folder), cache=False)
    assert result.ok, [d.message for d in result.errors]
    assert result.programme is not None
    return {(s.participant, s.module): (s.pre, s.post) for s in result.programme.scores}


def test_the_first_scores_create_the_file_one_entry_a_line(ukm: Run, folder: Path) -> None:
    result = score(ukm, folder, "keuangan", "pre", "UKM-001=45", "2=82,5", "UKM-003 = 70 %")
    assert result.exit_code == 0, result.output
    assert "Recorded 3 scores." in result.stdout
    text = (folder / "scores.yaml").read_text(encoding="utf-8")
    assert "- {participant: UKM-002, module: keuangan, pre: 82.5}\n" in text
    assert recorded(folder) == {
        ("UKM-001", "keuangan"): (45, None),
        ("UKM-002", "keuangan"): (82.5, None),
        ("UKM-003", "keuangan"): (70, None),
    }
    assert ukm("--data", str(folder), "check").exit_code == 0


def test_a_post_test_changes_only_that_entry(ukm: Run, folder: Path) -> None:
    path = folder / "scores.yaml"
    path.write_text(SCORES, encoding="utf-8", newline="\n")
    os.chmod(path, 0o640)
    result = score(ukm, folder, "keuangan", "post", "1=80", "3=60")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text == (
        SCORES.replace("pre: 45}", "pre: 45, post: 80}")
        + "\n- participant: UKM-003\n  module: keuangan\n  post: 60\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_different_score_is_refused_unless_replace(ukm: Run, folder: Path) -> None:
    path = folder / "scores.yaml"
    path.write_text(SCORES, encoding="utf-8", newline="\n")
    refused = score(ukm, folder, "keuangan", "post", "2=75")
    assert refused.exit_code == 1
    assert "UKM-002 already has a post-test score of 70" in refused.output
    assert "--replace" in refused.output
    assert path.read_text(encoding="utf-8") == SCORES
    same = score(ukm, folder, "keuangan", "post", "2=70")
    assert same.exit_code == 0, same.output
    assert "already recorded" in same.stdout
    assert path.read_text(encoding="utf-8") == SCORES
    replaced = score(ukm, folder, "keuangan", "post", "2=75", "--replace", "--format", "json")
    assert replaced.exit_code == 0, replaced.output
    assert json.loads(replaced.stdout)["recorded"] == [
        {"participant": "UKM-002", "test": "post", "score": 75, "before": 70}
    ]
    assert path.read_text(encoding="utf-8") == SCORES.replace("post: 70", "post: 75")


def test_a_range_gives_everyone_in_it_the_score(ukm: Run, folder: Path) -> None:
    result = score(ukm, folder, "keuangan", "pre", "UKM-001..UKM-003=60")
    assert result.exit_code == 0, result.output
    assert {k: v[0] for k, v in recorded(folder).items()} == {
        ("UKM-001", "keuangan"): 60,
        ("UKM-002", "keuangan"): 60,
        ("UKM-003", "keuangan"): 60,
    }


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("keuangan", "pre", "1=101"), 2, "outside 0-100"),
        (("keuangan", "pre", "1=-5"), 2, "outside 0-100"),
        (("keuangan", "pre", "1=83,33"), 2, "write 83.3"),
        (("keuangan", "pre", "1=tinggi"), 2, "is not a score"),
        (("keuangan", "pre", "1"), 2, "is not ID=SCORE"),
        (("keuangan", "UKM-001=45"), 2, "Say which test"),
        (("keuangan", "during", "1=45"), 2, "is not a test"),
        (("keuangan", "pre"), 2, "Give the scores"),
        (("keuangn", "pre", "1=45"), 1, "There is no module 'keuangn'"),
        (("keuangan", "pre", "9=45"), 1, "9 is not a registered participant"),
        (("keuangan", "pre", "4=45"), 1, "UKM-004 is exempt from keuangan"),
        (("keuangan", "pre", "1=45", "UKM-001=50"), 1, "given two pre-test scores"),
    ],
)
def test_refusals_write_nothing(
    ukm: Run, folder: Path, args: tuple[str, ...], code: int, said: str
) -> None:
    result = score(ukm, folder, *args)
    assert result.exit_code == code, result.output
    assert said in result.output
    assert "Traceback" not in result.output
    assert not (folder / "scores.yaml").exists()


def test_a_dry_run_writes_nothing(ukm: Run, folder: Path) -> None:
    result = score(ukm, folder, "keuangan", "pre", "1=45", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: 1 score would be recorded" in result.stdout
    assert not (folder / "scores.yaml").exists()


def test_a_list_of_results_by_id_or_name(ukm: Run, folder: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "nilai.csv"
    sheet.write_text(
        "DAFTAR NILAI\n"
        "No;ID;Nama Peserta;Pre-test;Post-test;Paraf\n"
        "1;UKM-001;Rina Lestari;45;80;\n"
        "2;;Joko Susanto;50,5;-;\n"
        "3;;WARUNG pak joko;;72;\n"
        ";Rata-rata;;47,8;76;\n",
        encoding="utf-8",
    )
    result = score(ukm, folder, "keuangan", "--from", str(sheet))
    assert result.exit_code == 0, result.output
    assert "columns read and left out: No, Paraf" in result.stderr
    assert "row 6 (a row of averages or totals): Rata-rata | 47,8 | 76" in result.stderr
    assert recorded(folder) == {
        ("UKM-001", "keuangan"): (45, 80),
        ("UKM-002", "keuangan"): (50.5, 72),
    }


def test_a_signature_block_under_the_list_is_left_out_and_said(
    ukm: Run, folder: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "nilai.csv"
    sheet.write_text(
        "ID;Nama;Post-test\n"
        "UKM-001;Rina Lestari;80\n"
        "UKM-002;Joko Susanto;72\n"
        "\n"
        ";Blora, 20 Maret 2018;\n"
        ";Pelatih;\n",
        encoding="utf-8",
    )
    result = score(ukm, folder, "keuangan", "post", "--from", str(sheet), "--format", "json")
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert [c["participant"] for c in said["recorded"]] == ["UKM-001", "UKM-002"]
    assert said["rows_left_out_count"] == 2
    assert [r["row"] for r in said["rows_left_out"]] == [5, 6]
    assert "Blora, 20 Maret 2018" in said["rows_left_out"][0]["text"]
    assert recorded(folder) == {
        ("UKM-001", "keuangan"): (None, 80),
        ("UKM-002", "keuangan"): (None, 72),
    }


def test_results_below_a_totals_row_are_refused(ukm: Run, folder: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "nilai.csv"
    sheet.write_text(
        "No;ID;Pre-test\n1;UKM-001;45\nJumlah peserta;1;\n2;UKM-002;50\n",
        encoding="utf-8",
    )
    result = score(ukm, folder, "keuangan", "pre", "--from", str(sheet))
    assert result.exit_code == 1
    assert "nilai.csv:4:" in result.output and "below the totals row" in result.output
    assert not (folder / "scores.yaml").exists()


def test_a_hidden_sheet_is_read_only_when_named(ukm: Run, folder: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Sampul"
    cover.append(["DAFTAR NILAI PELATIHAN"])
    hidden = book.create_sheet("Nilai")
    hidden.append(["ID", "Pre-test"])
    hidden.append(["UKM-001", 45])
    hidden.sheet_state = "hidden"
    path = tmp_path / "nilai.xlsx"
    book.save(path)
    refused = score(ukm, folder, "keuangan", "pre", "--from", str(path))
    assert refused.exit_code == 1
    assert "has no table of test results" in refused.output
    assert "Hidden sheets are not read unless named with --sheet: Nilai" in refused.output
    named = score(ukm, folder, "keuangan", "pre", "--from", str(path), "--sheet", "nilai")
    assert named.exit_code == 0, named.output
    assert recorded(folder) == {("UKM-001", "keuangan"): (45, None)}
    alone = score(ukm, folder, "keuangan", "pre", "1=45", "--sheet", "Nilai")
    assert alone.exit_code == 2
    assert "--sheet names a sheet of the file given with --from" in alone.output


def test_a_list_names_the_test_of_a_nilai_column(ukm: Run, folder: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "post.csv"
    sheet.write_text("ID;Nilai\nUKM-001;80\nUKM-009;70\nUKM-002;abc\n", encoding="utf-8")
    vague = score(ukm, folder, "keuangan", "--from", str(sheet))
    assert vague.exit_code == 1
    assert "does not say which test" in vague.output
    bad = score(ukm, folder, "keuangan", "post", "--from", str(sheet))
    assert bad.exit_code == 1
    assert "post.csv:3:" in bad.output and "UKM-009 is not a registered participant" in bad.output
    assert "post.csv:4:" in bad.output and "'abc' is not a score" in bad.output
    assert not (folder / "scores.yaml").exists()


def test_a_name_that_fits_two_is_refused(ukm: Run, folder: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "nilai.csv"
    sheet.write_text("Nama;Pre-test\nSri Wahyuni;60\n", encoding="utf-8")
    result = score(ukm, folder, "keuangan", "--from", str(sheet))
    assert result.exit_code == 1
    assert "is the name of 2 participants: UKM-003, UKM-004" in result.output


def test_exempting_a_module_with_scores_says_they_are_left_out(ukm: Run, folder: Path) -> None:
    (folder / "scores.yaml").write_text(SCORES, encoding="utf-8")
    before = (folder / "scores.yaml").read_bytes()
    args = ("--data", str(folder), "edit", "UKM-002", "--exempt", "keuangan", "--reason", "x")
    result = ukm(*args)
    assert result.exit_code == 0, result.output
    assert (
        "UKM-002 has scores in keuangan (pre-test 50, post-test 70); an exempt module has no score"
    ) in result.stderr
    assert (folder / "scores.yaml").read_bytes() == before  # nothing lost
    check = ukm("--data", str(folder), "check")
    assert "UKM-002 is exempt from keuangan; the module's averages leave this score out" in (
        check.output
    )
    report = json.loads(
        ukm("--data", str(folder), "report", "--module", "keuangan", "--format", "json").stdout
    )
    scores = report["summary"]["scores"]
    assert scores["pre"] == {"average": 45, "of": 1}  # UKM-001 alone
    assert scores["exempt_left_out"] == 1
    again = ukm(*args, "--format", "json")
    assert json.loads(again.stdout)["notes"] == []  # already exempt: said once, when exempted


def test_show_gives_the_scores_of_each_module(ukm: Run, folder: Path) -> None:
    (folder / "scores.yaml").write_text(SCORES, encoding="utf-8")
    shown = json.loads(ukm("--data", str(folder), "show", "UKM-002", "--format", "json").stdout)
    tests = {m["id"]: (m["pre"], m["post"], m["gain"]) for m in shown["modules"]}
    assert tests["keuangan"] == (50, 70, 20)
    assert {key for key, value in tests.items() if value != (None, None, None)} == {"keuangan"}
    text = ukm("--data", str(folder), "show", "UKM-002", "--format", "md").stdout
    header = [c.strip() for c in text.split("| module |", 1)[1].split("\n", 1)[0].split("|")]
    row = [c.strip() for c in text.split("| keuangan |", 1)[1].split("\n", 1)[0].split("|")]
    assert row[header.index("gain")] == "+20"
    untested = ukm("--data", str(folder), "show", "UKM-003", "--format", "md").stdout
    assert "gain" not in untested.split("| module |", 1)[1].split("\n", 1)[0]
