"""Which characters the printed documents' fonts can draw: ``core/documents/glyphs.py``'s table.

ukm compiles its documents with the fonts embedded in the ``typst`` wheel
only (``ignore_system_fonts``): Libertinus Serif, New Computer Modern (and its
Math), DejaVu Sans Mono; Typst falls back from the template's font to any of
them for a character the first lacks.  A character none of them has prints
as an empty box.  This tool finds those fonts inside the wheel's compiled
module (each an OpenType file stored whole), reads every font's character
map with fontTools, and writes the union as ranges into
``src/ukmtool/core/documents/glyphs.py``.  Run it after upgrading ``typst``:

    pip install fonttools
    python tools/font_coverage.py          # rewrite the table
    python tools/font_coverage.py --check  # exit 1 when the table is stale
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
import textwrap
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src/ukmtool/core/documents/glyphs_table.py"
_SFNT = (b"\x00\x01\x00\x00", b"OTTO")


def embedded_fonts() -> list[tuple[str, set[int]]]:
    """(family, code points) of every font embedded in the typst module."""
    import typst
    from fontTools.ttLib import TTFont

    module = next(Path(typst.__file__).parent.glob("_typst*"))
    data = module.read_bytes()
    found: list[tuple[str, set[int]]] = []
    for magic in _SFNT:
        start = data.find(magic)
        while start >= 0:
            font = _font_at(data, start)
            if font is not None:
                try:
                    parsed = TTFont(io.BytesIO(font), lazy=True)
                    cmap = parsed.getBestCmap() or {}
                    family = parsed["name"].getDebugName(1) or "?"
                    if cmap:
                        found.append((family, set(cmap)))
                except Exception:  # not a font after all: bytes that look like a header
                    pass
            start = data.find(magic, start + 4)
    return found


def _font_at(data: bytes, start: int) -> bytes | None:
    """The OpenType file starting at ``start``, measured by its table directory."""
    try:
        (tables,) = struct.unpack(">H", data[start + 4 : start + 6])
    except struct.error:
        return None
    if not 4 <= tables <= 64:
        return None
    end = start + 12 + 16 * tables
    for index in range(tables):
        entry = data[start + 12 + 16 * index : start + 28 + 16 * index]
        tag, _checksum, offset, length = struct.unpack(">4sIII", entry)
        if not tag.isascii() or offset > 50_000_000 or length > 50_000_000:
            return None
        end = max(end, start + offset + length)
    if end > len(data):
        return None
    return data[start:end]


def ranges(points: set[int]) -> list[tuple[int, int]]:
    """``points`` as sorted (first, last) ranges."""
    result: list[tuple[int, int]] = []
    for point in sorted(points):
        if result and result[-1][1] == point - 1:
            result[-1] = (result[-1][0], point)
        else:
            result.append((point, point))
    return result


def table_text(fonts: list[tuple[str, set[int]]]) -> str:
    """The module holding the table."""
    import typst

    covered = set().union(*(points for _family, points in fonts))
    families = sorted({family for family, _points in fonts})
    lines = [
        '"""The characters the fonts of printed documents can draw (generated: do not edit).',
        "",
        f"Made by tools/font_coverage.py from typst {typst.__version__}'s embedded fonts:",
        *textwrap.wrap(", ".join(families) + ".", 88),
        '"""',
        "",
        "RANGES: tuple[tuple[int, int], ...] = (",
    ]
    lines += [f"    (0x{first:04X}, 0x{last:04X})," for first, last in ranges(covered)]
    lines += [")", '"""Code points covered, as sorted (first, last) ranges."""', ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the table is stale")
    args = parser.parse_args()
    fonts = embedded_fonts()
    if not fonts:
        print("no font found in the typst module", file=sys.stderr)
        return 1
    text = table_text(fonts)
    if args.check:
        stale = not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text
        print("stale" if stale else "up to date")
        return 1 if stale else 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(fonts)} fonts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
