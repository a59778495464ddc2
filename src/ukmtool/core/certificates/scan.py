"""Reading a certificate's QR code from a photo, a scan or the PDF (``verify FILE``).

zxing-cpp reads the code; Pillow opens the picture (JPEG, PNG, ...) and
pypdfium2 draws a PDF's pages at 300 dpi.  All three are imported only here,
only when a file is given.  A whole-page phone photo often has squares two
or three pixels wide and blurred: when nothing is read, the picture is tried
again enlarged twice (Lanczos), which reads most of them.  Pictures larger
than 8,000 pixels are shrunk first, so time and memory stay bounded.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukmtool.errors import DataError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from PIL.Image import Image

PDF_DPI = 300
MAX_SIDE = 8000
ENLARGE_BELOW = 3000
MAX_PIXELS = 200_000_000
"""Pictures with more pixels than this are refused (a decompression bomb)."""
MAX_PAGES = 50


def looks_like_file(text: str) -> bool:
    """Whether ``text`` names a file (a picture or a PDF) rather than a number or a QR text."""
    path = Path(text)
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def qr_texts(path: Path) -> list[str]:
    """The texts of the QR codes in the file at ``path``, each once, in reading order."""
    found: list[str] = []
    for image in _images(path):
        for text in _read(image):
            if text not in found:
                found.append(text)
    return found


def changed_after_signing(path: Path) -> bool:
    """Whether the PDF at ``path`` carries a signature (PAdES) that no longer covers it as it is.

    A PDF editor saves a change as an update appended after the signed part: the
    signature still holds for what was signed, but the page shown is another.
    Only a change found is True: no signature, pyHanko not installed (``ukm[sign]``)
    or a file it cannot read give False (the QR code's own signature still decides).
    """
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if not data.startswith(b"%PDF-") or b"/ByteRange" not in data:
        return False
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # it logs the changes it finds as errors, with tracebacks
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its own imports' deprecations are not the user's
            from pyhanko.pdf_utils.reader import PdfFileReader
            from pyhanko.sign.diff_analysis import ModificationLevel
            from pyhanko.sign.validation import validate_pdf_signature
    except ImportError:
        quiet.setLevel(level)
        return False
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        for signature in reader.embedded_signatures:
            status = validate_pdf_signature(signature)
            # a time stamp, or a second signature (an approver countersigning), change nothing shown
            kept = (
                None,
                ModificationLevel.NONE,
                ModificationLevel.LTA_UPDATES,
                ModificationLevel.FORM_FILLING,
            )
            if not status.intact or status.modification_level not in kept:
                return True
    except Exception:  # a PDF pyHanko cannot read: the QR code decides
        return False
    finally:
        quiet.setLevel(level)
    return False


def _read(image: Image) -> list[str]:
    import zxingcpp
    from PIL import Image as PILImage

    grey = image.convert("L")
    if max(grey.size) > MAX_SIDE:
        grey.thumbnail((MAX_SIDE, MAX_SIDE), PILImage.Resampling.LANCZOS)
    attempts: list[Any] = [grey]
    if max(grey.size) < ENLARGE_BELOW:
        attempts.append(grey.resize((grey.width * 2, grey.height * 2), PILImage.Resampling.LANCZOS))
    for attempt in attempts:
        codes = zxingcpp.read_barcodes(
            attempt, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
        texts = [code.text for code in codes if code.valid and code.text]
        if texts:
            return texts
    return []


def _images(path: Path) -> Iterator[Image]:
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    if head == b"%PDF-":
        yield from _pages(path)
        return
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as image:
                image.load()
                yield ImageOps.exif_transpose(image)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _unreadable(path, _("the picture is too large")) from None
    except UnidentifiedImageError:
        raise DataError(
            _("{path} is not a picture or PDF ukm can read.").format(path=path),
            hint=_(
                "Give a JPG or PNG photo or scan of the certificate, or its PDF "
                "(an iPhone's HEIC photo: save it as JPG first)."
            ),
        ) from None
    except OSError as exc:
        raise _unreadable(path, str(exc)) from None


def _pages(path: Path) -> Iterator[Image]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise _unreadable(path, str(exc)) from None
    try:
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            yield page.render(scale=PDF_DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()


def _unreadable(path: Path, reason: str) -> DataError:
    return DataError(
        _("{path} cannot be read: {reason}.").format(path=path, reason=reason),
    )
