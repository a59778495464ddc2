"""``laporan.md``: the office's own text of the laporan kegiatan, read as it is.

Optional: without the file, the printed report has no text of the office's.
It is read like the folder's other files (a regular file, or a link to one;
at most ``UKM_MAX_FILE_MB``; UTF-8, a byte-order mark allowed), and a file
that is none of these is an error naming it, never a silent blank.
"""

from __future__ import annotations

from ukmtool.core.folder import Folder
from ukmtool.core.yamlio.reader import FileTooLargeError, check_size, decode
from ukmtool.diagnostics import Diagnostic, Severity
from ukmtool.errors import DataError
from ukmtool.i18n import _


def read_laporan(folder: Folder) -> str | None:
    """The text of the folder's ``laporan.md``; None when there is none.

    Raises :class:`DataError` (``laporan.md:LINE: ...``) when it cannot be read.
    """
    path = folder.laporan
    try:
        check_size(path)
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except FileTooLargeError as exc:
        large = exc.problem()
        raise _error(folder, None, large.message, large.hint) from None
    except OSError as exc:
        raise _error(
            folder,
            None,
            _("It cannot be read: {reason}.").format(reason=exc.strerror or exc),
            _("Make it a text file the office can open, or remove it."),
        ) from None
    text, bad = decode(data)
    if text is None:
        assert bad is not None
        raise _error(folder, bad.line, bad.message, bad.hint)
    return text


def _error(folder: Folder, line: int | None, message: str, hint: str | None) -> DataError:
    diagnostic = Diagnostic(Severity.ERROR, folder.laporan, line, None, message, hint)
    return DataError(_("The report's text cannot be read."), [diagnostic])
