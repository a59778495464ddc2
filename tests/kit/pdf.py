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


Box = tuple[float, float, float, float]
"""left, bottom, right, top, in points."""
_INVISIBLE = {"\u200b", "\ufffe", "\ufeff", "\u00ad"}


def page_words(path: Path) -> list[list[tuple[str, Box]]]:
    """Every page's words with their boxes (pypdfium2's character boxes, joined).

    A word ends at white space, at a character that is not drawn, where the
    next character starts a new line (lower, or back to the left), and where
    the next character is not where the word's last one ends (drawn over it,
    or apart from it: two cells' texts with nothing between them in the file).
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    pages = []
    for page in document:
        text = page.get_textpage()
        words: list[tuple[str, Box]] = []
        word, box = "", None
        end, glyph = 0.0, (0.0, 0.0)
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            start, stop = text.get_charbox(i, loose=True)[::2]  # the advance, not the ink
            drawn = right > left and top > bottom
            if char.isspace() or char in _INVISIBLE or not drawn:
                if word and box is not None:
                    words.append((word, box))
                word, box = "", None
                continue
            size = top - bottom
            ligature = (start, stop) == glyph  # one glyph for two characters (ft, fi)
            if (
                box is not None
                and not ligature
                and (
                    bottom > box[3]
                    or top < box[1]
                    or left < box[0] - 1
                    or start < end - 0.2 * size  # drawn over the character before
                    or start > end + 0.6 * size  # a gap: the next cell's text
                )
            ):
                words.append((word, box))
                word, box = "", None
            end, glyph = stop, (start, stop)
            if box is None:
                word, box = char, (left, bottom, right, top)
            else:
                word += char
                box = (min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top))
        if word and box is not None:
            words.append((word, box))
        pages.append(words)
    return pages


def overlapping_words(path: Path, slack: float = 0.6) -> list[str]:
    """Pairs of words whose boxes overlap (by more than ``slack`` points each way), by page.

    Text that runs out of its cell into the next one, or over other text,
    shows here; an empty list means every word stands clear of the others.
    """
    found = []
    for number, words in enumerate(page_words(path), start=1):
        ordered = sorted(words, key=lambda w: w[1][0])
        for i, (text, (left, bottom, right, top)) in enumerate(ordered):
            for other, (l2, b2, r2, t2) in ordered[i + 1 :]:
                if l2 >= right - slack:
                    break
                if (
                    min(top, t2) - max(bottom, b2) > slack
                    and min(right, r2) - max(left, l2) > slack
                ):
                    found.append(f"page {number}: {text!r} overlaps {other!r}")
    return found
