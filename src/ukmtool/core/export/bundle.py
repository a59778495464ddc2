"""Writing an export bundle: a folder per table, a Parquet file per programme, a manifest.

::

    BUNDLE/
      README.md                 every table and column (written from ``tables``)
      manifest.json             ukm and format versions, programmes, per file: rows, sha256
      standings/programme=KEY/part-0.parquet
      ...

The programme is the hive-style partition: it is in the folder's name, not
in the files, so DuckDB, Spark, BigQuery and Trino read it as a column of
every table (``hive_partitioning``), and many bundles read as one dataset.

Writing is safe to repeat and to share:

- A bundle holds any number of programmes.  Exporting into an existing
  bundle adds the programmes that are new to it; a programme it already
  holds is refused unless ``force`` (then its files are replaced).  So a
  province can export each regency into one bundle, one after another, and
  nothing exported before is lost or doubled.
- Every file is written into a staging folder inside the bundle first; only
  when every table of every programme is written are they moved into place,
  each with one rename, and then the manifest (written last, atomically)
  says what the bundle holds.  A failure (a full disk, Ctrl-C) before that
  leaves the bundle as it was.  Two exports into one bundle take turns
  (a lock file in it).

pyarrow writes the files: it is imported here only, and this module only by
``ukm export``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ukmtool import __version__
from ukmtool.core.export.tables import (
    BUNDLE_VERSION,
    FORMAT_VERSION,
    PARTITION,
    TABLES,
    Context,
    NikPolicy,
    Spec,
    batches,
    columns_of,
    programme_key,
)
from ukmtool.core.files import store
from ukmtool.core.programme import Loaded
from ukmtool.errors import UkmError, UsageError, WriteError
from ukmtool.i18n import _

MANIFEST = "manifest.json"
README = "README.md"
PART = "part-0.parquet"
STAGING = ".ukm-staging-"


@dataclass
class Written:
    """What an export wrote: the programmes (key -> folder shown), rows per table."""

    bundle: Path
    programmes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    """Keys of programmes the bundle held before, replaced (``force``)."""
    kept: int = 0
    """Programmes the bundle held before and still holds, untouched."""


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "list<string>": pa.list_(pa.string()),
    }[kind]


def schema(spec: Spec, nik: NikPolicy) -> Any:
    """The Arrow schema of a table's files (the partition column is in the folder's name)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c.type)) for c in columns_of(spec, nik)])


def export(
    loaded: Sequence[Loaded],
    bundle: Path,
    nik: NikPolicy,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Written:
    """Write ``loaded`` into ``bundle`` (made when missing); see the module's docstring."""
    keys = _keys(loaded)
    _prepare(bundle)
    with store.locked(bundle):
        before = _manifest(bundle)
        held = {p["key"] for p in before.get("programmes", [])}
        again = sorted(held & set(keys))
        if again and not force:
            raise UkmError(
                _("{bundle} already holds {programmes}; nothing was written.").format(
                    bundle=bundle, programmes=", ".join(again)
                ),
                hint=_(
                    "Export into a new folder, or add --force to replace those programmes "
                    "(the bundle's other programmes stay as they are)."
                ),
            )
        _sweep(bundle)
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=bundle))
        try:
            written, files = _stage(loaded, keys, staging, nik, progress)
        except OSError as exc:
            raise WriteError(
                _("Cannot write the bundle {bundle}: {reason}; it is as it was.").format(
                    bundle=bundle, reason=exc.strerror or exc
                ),
                hint=_("Free some disk space, or choose another place, and run it again."),
            ) from None
        finally:
            if "files" not in locals():
                shutil.rmtree(staging, ignore_errors=True)
        try:
            _move_in(staging, bundle, files)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        manifest = _merged(before, loaded, keys, files, nik)
        store.atomic_write(
            bundle / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
        )
        store.atomic_write(bundle / README, readme(manifest, nik).encode("utf-8"))
    written.bundle = bundle
    written.replaced = again
    written.kept = len(held - set(keys))
    return written


def _keys(loaded: Sequence[Loaded]) -> list[str]:
    keys = [programme_key(one.programme) for one in loaded]
    seen: dict[str, str] = {}
    for key, one in zip(keys, loaded, strict=True):
        if key in seen:
            raise UsageError(
                _("{one} and {other} hold the same programme ({key}).").format(
                    one=seen[key], other=one.shown, key=key
                ),
                hint=_("Export each programme once."),
            )
        seen[key] = one.shown
    return keys


def _prepare(bundle: Path) -> None:
    """The bundle folder exists, and is empty or a ukm bundle."""
    try:
        _refuse_other_files(bundle)
        bundle.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a name too long, a folder that may not be read
        raise WriteError(
            _("Cannot create {folder}: {reason}.").format(folder=bundle, reason=exc.strerror or exc)
        ) from None


def _refuse_other_files(bundle: Path) -> None:
    if os.path.lexists(bundle) and not bundle.is_dir():
        raise UsageError(
            _("{bundle} exists and is not a folder.").format(bundle=bundle),
            hint=_("Give a new folder, or a bundle ukm exported before."),
        )
    if bundle.is_dir():
        names = {p.name for p in bundle.iterdir()} - {store.LOCK_NAME}
        if names and MANIFEST not in names:
            raise UsageError(
                _("{bundle} holds other files and no {manifest}: it is not a ukm bundle.").format(
                    bundle=bundle, manifest=MANIFEST
                ),
                hint=_("Give a new folder, or a bundle ukm exported before."),
            )


def _manifest(bundle: Path) -> dict[str, Any]:
    path = bundle / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UkmError(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc),
            hint=_("Export into a new folder."),
        ) from None
    if not isinstance(data, dict) or data.get("bundle") != "ukm":
        raise UkmError(
            _("{path} is not the manifest of a ukm bundle.").format(path=path),
            hint=_("Export into a new folder."),
        )
    if data.get("bundle_version") != BUNDLE_VERSION:
        raise UkmError(
            _("{path} is of another bundle version ({version}).").format(
                path=path, version=data.get("bundle_version")
            ),
            hint=_("Export into a new folder."),
        )
    return data


def _sweep(bundle: Path) -> None:
    """Staging folders a killed export left behind (under the lock: none is in use)."""
    for path in bundle.glob(STAGING + "*"):
        shutil.rmtree(path, ignore_errors=True)


def _stage(
    loaded: Sequence[Loaded],
    keys: Sequence[str],
    staging: Path,
    nik: NikPolicy,
    progress: Callable[[int, int], None] | None,
) -> tuple[Written, list[dict[str, Any]]]:
    """Every table of every programme written under ``staging``; the files' records."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    exported = datetime.now(UTC).replace(microsecond=0)
    written = Written(staging)
    files: list[dict[str, Any]] = []
    total = len(loaded) * len(TABLES)
    done = 0
    for key, one in zip(keys, loaded, strict=True):
        ctx = Context(one.programme, nik, exported)
        written.programmes[key] = one.shown
        for spec in TABLES:
            relative = f"{spec.name}/{PARTITION}={key}/{PART}"
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            shape = schema(spec, nik)
            rows = 0
            with pq.ParquetWriter(path, shape) as out:
                for batch in batches(spec, ctx):
                    table = pa.Table.from_pydict(batch, schema=shape)
                    rows += table.num_rows
                    out.write_table(table)
            written.rows[spec.name] = written.rows.get(spec.name, 0) + rows
            files.append(
                {
                    "table": spec.name,
                    "programme": key,
                    "path": relative,
                    "rows": rows,
                    "sha256": _sha256(path),
                    "bytes": path.stat().st_size,
                }
            )
            done += 1
            if progress is not None:
                progress(done, total)
    return written, files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _move_in(staging: Path, bundle: Path, files: Sequence[dict[str, Any]]) -> None:
    """Each staged file into its place, one rename each (a file of the same name replaced)."""
    for record in files:
        source = staging / record["path"]
        target = bundle / record["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        _flush(source)
        os.replace(source, target)
    for folder in {(bundle / r["path"]).parent for r in files}:
        store.fsync_dir(folder)


def _flush(path: Path) -> None:
    """The file's bytes on disk before it is renamed into place."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _merged(
    before: dict[str, Any],
    loaded: Sequence[Loaded],
    keys: Sequence[str],
    files: Sequence[dict[str, Any]],
    nik: NikPolicy,
) -> dict[str, Any]:
    """The manifest after this export: the programmes before (less those replaced) and these."""
    new = set(keys)
    programmes = [p for p in before.get("programmes", []) if p["key"] not in new]
    kept_files = [f for f in before.get("files", []) if f["programme"] not in new]
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    for key, one in zip(keys, loaded, strict=True):
        settings = one.programme.settings
        programmes.append(
            {
                "key": key,
                "name": settings.name,
                "organizer": settings.organizer,
                "starts": settings.starts.isoformat(),
                "folder": one.programme.folder.root.name,
                "exported": now,
                "ukm_version": __version__,
                "nik": nik.kind,
            }
        )
    every = [*kept_files, *files]
    rows = {spec.name: 0 for spec in TABLES}
    for record in every:
        rows[record["table"]] = rows.get(record["table"], 0) + record["rows"]
    return {
        "bundle": "ukm",
        "bundle_version": BUNDLE_VERSION,
        "ukm_version": __version__,
        "format_version": FORMAT_VERSION,
        "updated": now,
        "partitioning": PARTITION,
        "programmes": programmes,
        "rows": rows,
        "files": every,
    }


def readme(manifest: dict[str, Any], nik: NikPolicy) -> str:
    """``BUNDLE/README.md``: what the bundle holds, every table and column, how to read it."""
    lines = [
        "# A ukm export bundle",
        "",
        f"Written by ukm {manifest['ukm_version']} from programme folders of format "
        f"{manifest['format_version']} (bundle layout {manifest['bundle_version']}); "
        f"last updated {manifest['updated']}. `{MANIFEST}` lists every file with its "
        "rows and SHA-256.",
        "",
        "Each table is a folder of Parquet files, one per programme, partitioned hive-style "
        f"by `{PARTITION}` (`TABLE/{PARTITION}=KEY/{PART}`): the `{PARTITION}` column of "
        "every table comes from the folder's name. Read a table, or the same table of many "
        "bundles, with DuckDB:",
        "",
        "```sql",
        "SELECT programme, status, count(*) FROM read_parquet('standings/*/*.parquet', "
        "hive_partitioning = true) GROUP BY ALL;",
        "```",
        "",
        "NIKs: "
        + {
            "none": "none left the office (`nik_hash` is empty: the export had no key).",
            "hmac-sha256": "only as `nik_hash`, an HMAC-SHA256 of the NIK under the "
            "export's secret key; bundles made with the same key share hashes.",
        }[nik.kind.split("+")[0]]
        + (
            " This bundle also holds the NIKs themselves (`nik`): keep it in the office."
            if nik.plain
            else ""
        ),
        "",
        "## Programmes",
        "",
        "| programme | name | organizer | starts | exported | NIK |",
        "|---|---|---|---|---|---|",
    ]
    for p in manifest["programmes"]:
        lines.append(
            f"| `{p['key']}` | {_cell(p['name'])} | {_cell(p['organizer'] or '')} | "
            f"{p['starts']} | {p['exported']} | {p['nik']} |"
        )
    lines += ["", "## Tables", ""]
    for spec in TABLES:
        lines += [
            f"### `{spec.name}` ({manifest['rows'].get(spec.name, 0)} rows)",
            "",
            spec.about[0].upper() + spec.about[1:] + ".",
            "",
            "| column | type | what it holds |",
            "|---|---|---|",
            f"| `{PARTITION}` | string | the programme's key (the partition: the folder's name) |",
        ]
        lines += [f"| `{c.name}` | {c.type} | {c.about} |" for c in columns_of(spec, nik)]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
