"""Reading the PDFs ukm prints: their text (pypdf) and their pages as images (pypdfium2)."""

from __future__ import annotations

import io
from pathlib import Path


def pdf_pages(path: Path) -> list[str]:
    """The text of every page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text() or "" for page in reader.pages]


def pdf_text(path: Path) -> str:
    """The text of the whole document, pages joined, runs of white space as one space."""
    return " ".join(" ".join(pdf_pages(path)).split())


def render_pages(path: Path, scale: float = 0.5) -> list[tuple[int, int]]:
    """Draw every page (as a person would look at it); the size of each in pixels."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    sizes = []
    for page in document:
        bitmap = page.render(scale=scale)
        sizes.append((bitmap.width, bitmap.height))
    return sizes
