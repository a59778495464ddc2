"""``ukm export DIR... --output BUNDLE/``: programmes as Parquet tables for analysis engines."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import FoldersArgument
from ukmtool.errors import ExitStatus, UkmError, UsageError
from ukmtool.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ukmtool.core.export.tables import NikPolicy

KEY_VAR = "UKM_NIK_KEY"
MIN_KEY_BYTES = 16


def export(
    folders: FoldersArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="BUNDLE",
            help=_("The bundle folder to write (made when missing, or a bundle to add to)."),
            show_default=False,
        ),
    ],
    nik_key_file: Annotated[
        Path | None,
        typer.Option(
            "--nik-key-file",
            metavar="FILE",
            help=_(
                "A file holding the secret key NIKs are hashed with (HMAC-SHA256); "
                "else UKM_NIK_KEY. Without a key no NIK leaves."
            ),
            show_default=False,
        ),
    ] = None,
    with_nik: Annotated[
        bool,
        typer.Option("--with-nik", help=_("Also write the NIKs themselves (keep such a bundle).")),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=_("Replace the programmes the bundle already holds (others stay).")
        ),
    ] = False,
) -> None:
    """Export programmes as Parquet tables (a bundle) for DuckDB, Spark or BigQuery."""
    from ukmtool.core.reading.many import load_many, places
    from ukmtool.render.commands.many import say_left_out
    from ukmtool.render.messages import done
    from ukmtool.render.progress import loading

    _need_pyarrow()
    nik = _nik_policy(nik_key_file, with_nik)
    found = places(folders)
    _refuse_bundle_in_a_folder(output, found)
    with loading() as progress:
        many = load_many(found, progress)
    say_left_out(many.left_out)
    if not many.loaded:
        raise UkmError(
            _("Every folder has errors; there is nothing to export."),
            hint=_("Run `ukm --data FOLDER check` in each and fix what it lists."),
        )
    from ukmtool.core.export.bundle import export as write_bundle

    with loading() as progress:
        written = write_bundle(many.loaded, output, nik, force=force, progress=progress)
    done(
        ngettext(
            "Exported {programmes} programme to {bundle}: {rows}.",
            "Exported {programmes} programmes to {bundle}: {rows}.",
            len(written.programmes),
        ).format(
            programmes=len(written.programmes),
            bundle=output,
            rows=", ".join(f"{name} {count}" for name, count in written.rows.items()),
        ),
        ngettext(
            "It holds {count} programme in all; read it with DuckDB: see {readme}.",
            "It holds {count} programmes in all; read it with DuckDB: see {readme}.",
            len(written.programmes) + written.kept,
        ).format(count=len(written.programmes) + written.kept, readme=output / "README.md"),
    )
    if many.left_out:
        raise typer.Exit(int(ExitStatus.DATA_ERROR))


def _need_pyarrow() -> None:
    """Pyarrow writes the bundle; without it, say how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UkmError(
            _("ukm export needs pyarrow, which is not installed."),
            hint=_("Install it with: pip install 'ukm[export]' (or: pip install pyarrow)."),
        ) from None


def _nik_policy(key_file: Path | None, with_nik: bool) -> "NikPolicy":
    from ukmtool.core.export.tables import NikPolicy

    key: bytes | None = None
    if key_file is not None:
        try:
            key = key_file.read_bytes().strip()
        except OSError as exc:
            raise UsageError(
                _("Cannot read {path}: {reason}.").format(path=key_file, reason=exc.strerror or exc)
            ) from None
        where = str(key_file)
    elif os.environ.get(KEY_VAR):
        key = os.environ[KEY_VAR].strip().encode("utf-8")
        where = KEY_VAR
    if key is not None and len(key) < MIN_KEY_BYTES:
        raise UsageError(
            _("The NIK key in {where} is shorter than {count} characters.").format(
                where=where, count=MIN_KEY_BYTES
            ),
            hint=_("Use a long random secret, the same for every export that must match."),
        )
    return NikPolicy(key=key, plain=with_nik)


def _refuse_bundle_in_a_folder(output: Path, found: "Sequence[object]") -> None:
    """The bundle is never written inside a programme folder (it would be read as one's files)."""
    from ukmtool.core.reading.many import Place

    target = output.absolute().resolve()
    for place in found:
        assert isinstance(place, Place)
        root = place.path.absolute().resolve()
        if target == root or root in target.parents:
            raise UsageError(
                _("{bundle} is inside the programme folder {folder}.").format(
                    bundle=output, folder=place.shown
                ),
                hint=_("Write the bundle outside the programme folders."),
            )
