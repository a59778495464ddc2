"""Printed documents: a Typst template and a JSON payload compiled to PDF bytes.

The templates ship in ``ukmtool/templates/``; a programme folder's own
``templates/`` replaces any of them file by file (``letterhead.typ`` alone, or
``sheet.typ``, ...).  Both are copied into one temporary folder that is the
compiler's whole world (Typst reads nothing outside its root), with the
logo ``program.yaml`` names.  The data goes in as JSON through
``sys.inputs.data`` and the templates read it with ``json(bytes(...))``: no
text from the folder is ever pasted into template source, so a business
called ``#set page(...)`` prints as written.

The compiler (the ``typst`` package) is imported only here, only when a
document is asked for.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ukmtool.core.folder import Folder
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _

TEMPLATES_DIR = "templates"
"""The folder of a programme's own templates."""
LOGO_NAME = "logo"
"""The name (without its ending) the logo gets inside the compiler's folder."""
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")

_WHERE = re.compile(r"┌─ (?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+)")


def shipped_templates() -> Path:
    """The folder of the templates ukm ships."""
    return Path(str(resources.files("ukmtool") / "templates"))


def render_pdf(template: str, payload: Mapping[str, Any], folder: Folder) -> bytes:
    """The PDF of ``template`` (``sheet``, ``report-module``, ...) filled with ``payload``.

    ``payload`` must be JSON-able; its ``letterhead.logo``, when set, is a path
    relative to the folder (``core.documents.letterhead`` makes it).  Raises
    :class:`DataError` naming the template file and line when a template does
    not compile, or when the logo cannot be read.
    """
    import orjson

    data = dict(payload)
    with tempfile.TemporaryDirectory(prefix="ukm-typst-") as stage:
        root = Path(stage)
        origins = _stage_templates(root, folder)
        main = f"{template}.typ"
        if main not in origins:
            raise DataError(
                _("There is no template {name}.").format(name=main),
                hint=_("ukm ships it; was it deleted from the installation?"),
            )
        head = data.get("letterhead")
        if isinstance(head, Mapping):
            data["letterhead"] = _stage_logos(root, folder, head)
        text = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
        return _compile(root, main, text, origins)


def write_pdf(target: Path, pdf: bytes, folder: Folder) -> None:
    """Write a finished PDF all at once (no partial file, ever) and say where.

    A new file is no more readable than the folder's participants.yaml: a
    printed document names people; no file of the programme folder is ever
    written over, whatever name or link leads to it.
    """
    from rich.text import Text

    from ukmtool.core.files.report_file import write_report
    from ukmtool.render.console import clean, console

    write_report(target, pdf, folder=folder.root, mode_like=folder.participants)
    console(stderr=True).print(
        Text(_("Wrote {path}.").format(path=clean(str(target)))), soft_wrap=True
    )


def _stage_templates(root: Path, folder: Folder) -> dict[str, Path]:
    """Copy the shipped templates, then the folder's own over them; name -> where it came from."""
    origins: dict[str, Path] = {}
    for source in (shipped_templates(), folder.root / TEMPLATES_DIR):
        try:
            files = sorted(p for p in source.iterdir() if p.is_file())
        except OSError:  # no templates/ in the folder: the shipped ones alone
            continue
        for path in files:
            try:
                shutil.copyfile(path, root / path.name)
            except OSError as exc:
                raise DataError(
                    _("The template {path} cannot be read: {reason}.").format(
                        path=path, reason=exc.strerror or exc
                    )
                ) from None
            origins[path.name] = path
    return origins


def _stage_logos(root: Path, folder: Folder, head: Mapping[str, Any]) -> dict[str, Any]:
    """The letterhead with its logo and the partners' logos copied in; their names there."""
    staged = dict(head)
    if head.get("logo"):
        staged["logo"] = _stage_logo(root, folder, str(head["logo"]))
    staged["partners"] = [
        {**partner, "logo": _stage_logo(root, folder, str(partner["logo"]), f"partner-{number}")}
        if partner.get("logo")
        else partner
        for number, partner in enumerate(head.get("partners") or (), start=1)
    ]
    return staged


def _stage_logo(root: Path, folder: Folder, logo: str, name: str = LOGO_NAME) -> str:
    """Copy the logo ``program.yaml`` names into the compiler's folder; its name there."""
    path = folder.root / logo
    suffix = path.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise _logo_error(
            folder,
            _("logo: {name} is not an image ukm can print.").format(name=logo),
            _("Give a PNG, JPG or SVG file, for example templates/logo.png."),
        )
    inside = folder.root.resolve()
    if not path.resolve().is_relative_to(inside):  # a full path, a .. step, a link out
        raise _logo_error(
            folder,
            _("logo: {name} is outside the programme folder.").format(name=logo),
            _("Copy the picture into the folder (e.g. templates/) and name it from there."),
        )
    name += suffix
    try:
        shutil.copyfile(path, root / name)
    except OSError as exc:
        raise _logo_error(
            folder,
            _("logo: {name} cannot be read: {reason}.").format(
                name=logo, reason=exc.strerror or exc
            ),
            _("The path is relative to the programme folder, for example templates/logo.png."),
        ) from None
    return name


def _logo_error(folder: Folder, message: str, hint: str) -> DataError:
    diagnostic = Diagnostic(Severity.ERROR, folder.program, None, None, message, hint)
    return DataError(message, [diagnostic], hint=hint)


def _compile(root: Path, main: str, data: str, origins: Mapping[str, Path]) -> bytes:
    import typst

    try:
        pdf = typst.compile(
            str(root / main),
            root=str(root),
            format="pdf",
            sys_inputs={"data": data},
            ignore_system_fonts=True,
        )
    except typst.TypstError as exc:
        raise _template_error(exc, main, origins) from None
    if not isinstance(pdf, bytes):  # one document, one PDF: a list only comes for images
        raise TypeError(f"typst returned {type(pdf).__name__}, not PDF bytes")
    return pdf


def _template_error(exc: Any, main: str, origins: Mapping[str, Path]) -> DataError:
    """A Typst error as a diagnostic at the template file and line it names."""
    diagnostic_text = str(getattr(exc, "diagnostic", "") or "")
    found = _WHERE.search(diagnostic_text)
    name, line, column = main, None, None
    if found:
        name = Path(found["file"].strip()).name
        line, column = int(found["line"]), int(found["column"])
    path = origins.get(name, origins.get(main, Path(name)))
    message = str(getattr(exc, "message", "") or exc).strip()
    hints = [str(h) for h in getattr(exc, "hints", None) or []]
    text = _("The template {name} has an error: {message}").format(name=path.name, message=message)
    hint = " ".join(hints) or _(
        "Fix the template, or delete it from the folder's templates/ to use ukm's own."
    )
    return DataError(
        _("The document could not be made."),
        [Diagnostic(Severity.ERROR, path, line, column, text, hint)],
    )
