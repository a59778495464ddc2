"""The compiler's whole world: one temporary folder of templates, logo and parts.

ukm's shipped templates are copied in first, then the programme folder's
own ``templates/`` over them, file by file; the logos ``program.yaml`` names
(the office's, the partners') are copied in beside them, never from outside
the programme folder.  Typst reads nothing outside this folder.  Fonts
an office puts in ``templates/fonts/`` are given to the compiler as well.
The parts of a long document are written into ``parts/`` and joined from
there.  The folder is removed when the document is done, or stopped.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ukmtool.core.folder import FONTS_DIR, Folder
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _

TEMPLATES_DIR = "templates"
"""The folder of a programme's own templates."""
LOGO_NAME = "logo"
"""The name (without its ending) the logo gets inside the compiler's folder."""
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")


def shipped_templates() -> Path:
    """The folder of the templates ukm ships."""
    return Path(str(resources.files("ukmtool") / "templates"))


class Stage:
    """The temporary folder a document is made in (see the module)."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self.root = Path(tempfile.mkdtemp(prefix="ukm-typst-"))
        self.parts = self.root / "parts"
        self.parts.mkdir()
        self.origins: dict[str, Path] = {}
        self.logos: dict[str, str] = {}
        own_fonts = folder.root / TEMPLATES_DIR / FONTS_DIR
        self.fonts: tuple[str, ...] = (str(own_fonts),) if own_fonts.is_dir() else ()
        self._copy_templates()

    def origin(self, name: str) -> Path:
        """Where the template ``name`` came from (the folder's own, or ukm's)."""
        return self.origins.get(name, shipped_templates() / name)

    def own(self) -> list[str]:
        """The templates the programme folder has of its own (by file name)."""
        shipped = shipped_templates()
        return sorted(name for name, path in self.origins.items() if path.parent != shipped)

    def require(self, template: str) -> str:
        """``template`` (``sheet``) as the file name the compiler opens."""
        main = f"{template}.typ"
        if main not in self.origins:
            raise DataError(
                _("There is no template {name}.").format(name=main),
                hint=_("ukm ships it; was it deleted from the installation?"),
            )
        return main

    def logos_of(self, head: Mapping[str, Any]) -> dict[str, Any]:
        """The letterhead with its logo and the partners' logos copied in; their names there."""
        staged = dict(head)
        if head.get("logo"):
            staged["logo"] = self.logo(str(head["logo"]))
        staged["partners"] = [
            {**partner, "logo": self.logo(str(partner["logo"]), f"partner-{number}")}
            if isinstance(partner, Mapping) and partner.get("logo")
            else partner
            for number, partner in enumerate(head.get("partners") or (), start=1)
        ]
        return staged

    def logo(self, logo: str, name: str = LOGO_NAME) -> str:
        """Copy a logo ``program.yaml`` names into the compiler's folder; its name there.

        Read by ``core.folder.read_image``, as ``ukm check`` judges it: only a picture
        inside the programme folder, never a full path, a ``..`` step, a link out of the
        folder, a pipe or a device, and within a bound.
        """
        from ukmtool.core.fields import ValueProblem
        from ukmtool.core.folder import read_image

        if logo in self.logos:
            return self.logos[logo]
        try:
            data = read_image(self.folder.root, logo)
        except ValueProblem as problem:
            raise self._logo_error(f"logo: {problem.message}", problem.hint or "") from None
        name += Path(logo).suffix.lower()
        (self.root / name).write_bytes(data)
        self.logos[logo] = name
        return name

    def remove(self) -> None:
        """Remove the folder and all it holds."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _copy_templates(self) -> None:
        from ukmtool.core.folder import templates_leading_out

        leading_out = templates_leading_out(self.folder.root)
        if leading_out:  # the compiler could read (and print) them: refused by name
            self.remove()
            raise DataError(
                _("{name} is a link to a file outside the programme folder.").format(
                    name=leading_out[0]
                ),
                hint=_(
                    "Templates are read only from inside the programme folder: copy the file "
                    "itself into templates/ instead of linking to it, or delete the link."
                ),
            )
        for source in (shipped_templates(), self.folder.root / TEMPLATES_DIR):
            try:
                files = sorted(p for p in source.iterdir() if p.is_file())
            except OSError:  # no templates/ in the folder: the shipped ones alone
                continue
            for path in files:
                try:
                    shutil.copyfile(path, self.root / path.name)
                except OSError as exc:
                    self.remove()
                    raise DataError(
                        _("The template {path} cannot be read: {reason}.").format(
                            path=path, reason=exc.strerror or exc
                        )
                    ) from None
                self.origins[path.name] = path

    def _logo_error(self, message: str, hint: str) -> DataError:
        diagnostic = Diagnostic(Severity.ERROR, self.folder.program, None, None, message, hint)
        return DataError(message, [diagnostic], hint=hint)
