"""``ukm export``: a bundle read back with DuckDB says what ``ukm compare`` prints."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.kit.helpers import REPO, Run
from tests.kit.rounds import CERTIFICATES, small_round
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

duckdb = pytest.importorskip("duckdb")

TABLES = (
    "programmes",
    "participants",
    "modules",
    "sessions",
    "marks",
    "standings",
    "graduates",
    "visits",
    "measurements",
    "certificates",
    "scores",
)
KEY = "kunci-rahasia-provinsi-jateng-2026"


@pytest.fixture
def regency(tmp_path: Path) -> Path:
    """The sample (with certificates and district codes) and a small second round."""
    root = tmp_path / "regency"
    shutil.copytree(SAMPLE, root / "blora-2017")
    (root / "blora-2017" / "certificates.yaml").write_text(CERTIFICATES, encoding="utf-8")
    with (root / "blora-2017" / "program.yaml").open("a", encoding="utf-8") as f:
        f.write('district_codes: {Cepu: "33.16.01", Jepon: "33.16.05"}\n')
    small_round(root / "blora-2019")
    return root


def sql(query: str, *params: Any) -> list[tuple[Any, ...]]:
    return duckdb.execute(query, list(params)).fetchall()  # type: ignore[no-any-return]


def table(bundle: Path, name: str) -> str:
    return f"read_parquet('{bundle}/{name}/*/*.parquet', hive_partitioning = true)"


def export(ukm: Run, *args: str, code: int = 0, env: dict[str, str] | None = None) -> Any:
    result = ukm("--lang", "en", "export", *args, env=env)
    assert result.exit_code == code, result.output
    return result


def test_the_bundle_read_back_with_duckdb_gives_the_figures_compare_prints(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    export(ukm, str(regency), "--output", str(bundle))
    compared = json.loads(ukm("--lang", "en", "compare", str(regency), "--format", "json").stdout)
    keys = dict(sql(f"SELECT name, programme FROM {table(bundle, 'programmes')}"))
    assert set(keys) == {row["name"] for row in compared["programmes"]}
    for row in compared["programmes"]:
        key = keys[row["name"]]

        def one(query: str, key: str = key) -> Any:
            return sql(query, key)[0][0]

        assert (
            one(f"SELECT count(*) FROM {table(bundle, 'participants')} WHERE programme = ?")
            == (row["registered"])
        )
        assert (
            one(f"SELECT count(*) FROM {table(bundle, 'graduates')} WHERE programme = ?")
            == (row["graduates"])
        )
        assert (
            one(
                f"SELECT count(DISTINCT participant) FROM {table(bundle, 'standings')} "
                "WHERE programme = ? AND at_risk"
            )
            == row["at_risk"]
        )
        assert (
            one(
                f"SELECT count(*) FROM {table(bundle, 'certificates')} WHERE programme = ? "
                "AND NOT revoked"
            )
            == row["certificates"]
        )
        assert (
            one(
                f"SELECT count(*) FROM {table(bundle, 'participants')} WHERE programme = ? "
                "AND naik_kelas"
            )
            == row["naik_kelas"]
        )
        assert (
            one(
                f"SELECT coalesce(sum(jobs_added), 0) FROM {table(bundle, 'participants')} "
                "WHERE programme = ?"
            )
            == row["jobs_added"]
        )
        completed = dict(
            sql(
                f"SELECT module, count(*) FILTER (WHERE status = 'completed') "
                f"FROM {table(bundle, 'standings')} WHERE programme = ? GROUP BY module",
                key,
            )
        )
        assert completed == {m["id"]: m["completed"] for m in row["modules"]}


def test_the_layout_the_manifest_and_the_readme(ukm: Run, regency: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    export(ukm, str(regency / "blora-2017"), "--output", str(bundle))
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    from ukmtool import __version__

    assert manifest["ukm_version"] == __version__ and manifest["format_version"] == "1.2"
    [programme] = manifest["programmes"]
    for name in TABLES:
        files = list((bundle / name).glob("programme=*/part-0.parquet"))
        assert [f.parent.name for f in files] == [f"programme={programme['key']}"], name
        columns = [r[0] for r in sql(f"DESCRIBE SELECT * FROM {table(bundle, name)}")]
        assert "programme" in columns, name
        count = sql(f"SELECT count(*) FROM {table(bundle, name)}")[0][0]
        assert manifest["rows"][name] == count, name
        assert f"### `{name}` ({count} rows)" in readme
        for column in columns:
            assert f"| `{column}` |" in readme, (name, column)
    for record in manifest["files"]:
        data = (bundle / record["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"]
    participants = [r[0] for r in sql(f"DESCRIBE SELECT * FROM {table(bundle, 'participants')}")]
    assert {"id", "nik_hash", "district_code"} <= set(participants)
    assert "nik" not in participants and "phone" not in participants and "owner" not in participants
    statuses = {r[0] for r in sql(f"SELECT DISTINCT status FROM {table(bundle, 'standings')}")}
    assert "exempt" in statuses  # the sample has an exemption (rules 2.1)
    assert statuses <= {"completed", "in_progress", "failed", "exempt", "missed"}
    codes = dict(sql(f"SELECT DISTINCT district, district_code FROM {table(bundle, 'standings')}"))
    assert codes["Cepu"] == "33.16.01" and codes["Jepon"] == "33.16.05" and codes["Blora"] is None


def _niks(folder: Path) -> list[str]:
    return re.findall(r'nik: "([0-9]{16})"', (folder / "participants.yaml").read_text("utf-8"))


def test_niks_leave_only_as_a_keyed_hash_unless_asked(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    sample = regency / "blora-2017"
    niks = _niks(sample)
    plain = tmp_path / "plain"
    export(ukm, str(sample), "--output", str(plain))
    hashes = sql(f"SELECT DISTINCT nik_hash FROM {table(plain, 'participants')}")
    assert hashes == [(None,)]  # no key: nothing of the NIK leaves
    everything = " ".join(
        str(value)
        for name in TABLES
        for row in sql(f"SELECT * FROM {table(plain, name)}")
        for value in row
    )
    assert not any(nik in everything for nik in niks)
    keyed = tmp_path / "keyed"
    export(ukm, str(sample), "--output", str(keyed), env={"UKM_NIK_KEY": KEY})
    got = dict(sql(f"SELECT id, nik_hash FROM {table(keyed, 'participants')}"))
    ids = re.findall(r"- id: (UKM-[0-9]+)", (sample / "participants.yaml").read_text("utf-8"))
    entries = (sample / "participants.yaml").read_text("utf-8").split("- id: ")[1:]
    expected = {
        pid: hmac.new(KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()
        for pid, text in zip(ids, entries, strict=True)
        for nik in re.findall(r'nik: "([0-9]{16})"', text)
    }
    assert {pid: h for pid, h in got.items() if h is not None} == expected
    key_file = tmp_path / "kunci.txt"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    from_file = tmp_path / "from-file"
    export(ukm, str(sample), "--output", str(from_file), "--nik-key-file", str(key_file))
    assert dict(sql(f"SELECT id, nik_hash FROM {table(from_file, 'participants')}")) == got
    with_nik = tmp_path / "with-nik"
    export(ukm, str(sample), "--output", str(with_nik), "--with-nik")
    assert {r[0] for r in sql(f"SELECT nik FROM {table(with_nik, 'participants')}")} - {
        None
    } == set(niks)
    short = ukm("export", str(sample), "-o", str(tmp_path / "x"), env={"UKM_NIK_KEY": "pendek"})
    assert short.exit_code == 2 and "shorter than 16" in short.stderr


def test_a_bundle_gathers_programmes_and_takes_none_twice(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "province"
    export(ukm, str(regency / "blora-2017"), "-o", str(bundle))
    export(ukm, str(regency / "blora-2019"), "-o", str(bundle))
    assert sql(f"SELECT count(*) FROM {table(bundle, 'programmes')}") == [(2,)]
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    again = export(ukm, str(regency / "blora-2019"), "-o", str(bundle), code=1)
    assert "already holds" in again.stderr and "--force" in again.stderr
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before
    forced = export(ukm, str(regency / "blora-2019"), "-o", str(bundle), "--force")
    assert "2 programmes in all" in forced.stdout
    assert sql(f"SELECT count(*) FROM {table(bundle, 'participants')}") == [(105,)]
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["participants"] == 105 and len(manifest["programmes"]) == 2
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x", encoding="utf-8")
    refused = ukm("export", str(regency / "blora-2019"), "-o", str(other))
    assert refused.exit_code == 2 and "not a ukm bundle" in refused.stderr


def test_a_failure_midway_leaves_the_bundle_as_it_was(
    ukm: Run, regency: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle"
    export(ukm, str(regency / "blora-2017"), "-o", str(bundle))
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    from ukmtool.core.export import tables

    real = tables.batches

    def failing(spec: tables.Spec, ctx: tables.Context) -> Any:
        if spec.name == "visits":
            raise OSError(28, "No space left on device")
        return real(spec, ctx)

    monkeypatch.setattr("ukmtool.core.export.bundle.batches", failing)
    result = ukm("export", str(regency / "blora-2019"), "-o", str(bundle))
    assert result.exit_code == 1 and "it is as it was" in result.stderr
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before
    assert not list(bundle.glob(".ukm-staging-*"))


def test_without_pyarrow_export_says_how_to_install_it(
    ukm: Run, regency: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = ukm("export", str(regency / "blora-2017"), "-o", str(tmp_path / "b"))
    assert result.exit_code == 1
    assert "pip install 'ukm[export]'" in result.stderr
    assert not (tmp_path / "b").exists()


def test_a_bundle_name_the_system_cannot_hold_is_a_clear_error(
    ukm: Run, regency: Path, tmp_path: Path
) -> None:
    result = export(ukm, str(regency / "blora-2017"), "-o", str(tmp_path / ("A" * 300)), code=1)
    assert "Cannot create" in result.stderr and "Traceback" not in result.output
    assert not any(len(p.name) > 255 for p in tmp_path.iterdir())


def test_a_bundle_is_never_written_inside_a_programme_folder(ukm: Run, regency: Path) -> None:
    result = ukm("export", str(regency), "-o", str(regency / "blora-2017" / "bundle"))
    assert result.exit_code == 2 and "inside the programme folder" in result.stderr


def _sql_blocks(page: Path) -> list[tuple[str, str]]:
    """The ``sql`` blocks of a page, with the mark above each (``<!-- sql: NAME -->``)."""
    text = page.read_text(encoding="utf-8")
    return re.findall(r"<!-- sql: ([^>]*?) -->\n```(?:sql|sh|python)\n(.*?)```", text, re.S)


def test_every_query_of_the_analysis_page_runs_on_bundles(
    ukm: Run, regency: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "province"
    export(ukm, str(regency / "blora-2017"), "-o", str(work / "bundles" / "blora"),
           env={"UKM_NIK_KEY": KEY})  # fmt: skip
    export(ukm, str(regency / "blora-2019"), "-o", str(work / "bundles" / "grobogan"),
           env={"UKM_NIK_KEY": KEY})  # fmt: skip
    monkeypatch.chdir(work)
    blocks = _sql_blocks(REPO / "docs" / "analysis.md")
    run = [(name, body) for name, body in blocks if not name.startswith("not run")]
    assert run[0][0] == "setup" and len(run) >= 7
    connection = duckdb.connect()
    results = {}
    for name, body in run:
        for statement in filter(str.strip, body.split(";")):
            results[name] = connection.execute(statement).fetchall()
    compared = json.loads(ukm("--lang", "en", "compare", str(regency), "--format", "json").stdout)
    assert sorted((r[0], r[2], r[3]) for r in results["per programme"]) == sorted(
        (row["name"], row["registered"], row["graduates"]) for row in compared["programmes"]
    )
    total_modules = {
        m["id"]: (m["participants"], m["completed"]) for m in compared["total"]["modules"]
    }
    assert {r[0]: (r[1], r[2]) for r in results["per module"]} == total_modules
    coded = {(r[0], r[1]) for r in results["per district"]}
    assert ("33.16.01", "Cepu") in coded and (None, "Cepu") in coded  # the small round has no codes
    assert sum(r[4] for r in results["per district"]) == compared["total"]["naik_kelas"]
    assert results["returning"] == []  # the small round holds no NIK of the sample


def test_scores_leave_as_scores_yaml_holds_them(ukm: Run, regency: Path, tmp_path: Path) -> None:
    sample = regency / "blora-2017"
    exempt = ukm("--data", str(sample), "edit", "UKM-004", "--exempt", "keuangan", "--reason", "x")
    assert exempt.exit_code == 0, exempt.output
    bundle = tmp_path / "bundle"
    export(ukm, str(sample), "--output", str(bundle))
    rows = sql(
        f"SELECT participant, module, pre, post, gain, exempt FROM {table(bundle, 'scores')} "
        "ORDER BY participant"
    )
    written = load(Folder(sample), cache=False).programme
    assert written is not None
    assert len(rows) == len(written.scores)
    assert rows[0] == ("UKM-001", "keuangan", 45.0, 80.0, 35.0, False)
    assert ("UKM-004", "keuangan", 40.0, 55.0, 15.0, True) in rows
    assert ("UKM-011", "keuangan", 60.0, None, None, False) in rows
