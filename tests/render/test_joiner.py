"""``render/typesetting/joiner``: a long document's parts joined into one PDF, a part at a time.

What a person notices: the joined file opens in other readers (pypdf read
strictly, pdfium) with every kept page in order, its text, its fonts, its
web links and its title; a page a part drops (the cut page, laid out again
in the next part) is nowhere in the file, even where a link pointed at it;
a part whose pages take their size and fonts from its page tree still
prints the same once joined.  (Its memory, bounded by a part, is measured
in ``benchmarks/bench_join.py``, not here.)
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ukmtool.render.typesetting.joiner import join_parts

PART = """\
#set page(width: 10cm, height: 6cm)
#set text(font: "Libertinus Serif")
#let n = int(sys.inputs.n)
#for i in range(n) [
  Part #sys.inputs.name, page #(i + 1) of #n, Ünïcödé rupiah Rp 1.500.000

  #link("https://example.org/" + sys.inputs.name + "/" + str(i + 1))[the part's site]
  #if i < n - 1 { pagebreak() }
]
"""


def compile_part(folder: Path, name: str, pages: int) -> Path:
    """A part of ``pages`` pages, as Typst writes it for ukm (no tags)."""
    import typst

    source = folder / "part.typ"
    source.write_text(PART, encoding="utf-8")
    pdf = typst.compile(
        str(source), format="pdf", sys_inputs={"n": str(pages), "name": name}, pdf_tags=False
    )
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def join(parts: list[tuple[Path, int]], out: Path, title: str | None = "Daftar Hadir") -> int:
    with open(out, "wb") as handle:
        return join_parts([(str(path), keep) for path, keep in parts], handle, title)


def texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()), strict=True)
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdfium_texts(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    found = []
    for page in document:
        page.render(scale=0.5)  # it draws
        found.append(" ".join(page.get_textpage().get_text_range().split()))
    return found


@pytest.fixture
def parts(tmp_path: Path) -> list[tuple[Path, int]]:
    """Three parts of 3, 4 and 2 pages, of which the document keeps 2, 4 and 1."""
    return [
        (compile_part(tmp_path, "A", 3), 2),
        (compile_part(tmp_path, "B", 4), 4),
        (compile_part(tmp_path, "C", 2), 1),
    ]


KEPT = [("A", 1, 3), ("A", 2, 3), ("B", 1, 4), ("B", 2, 4), ("B", 3, 4), ("B", 4, 4), ("C", 1, 2)]


def test_every_kept_page_is_there_in_order_in_pypdf_and_pdfium(
    parts: list[tuple[Path, int]], tmp_path: Path
) -> None:
    out = tmp_path / "joined.pdf"
    assert join(parts, out) == len(KEPT)
    expected = [f"Part {name}, page {page} of {of}" for name, page, of in KEPT]
    for reader in (texts, pdfium_texts):
        found = reader(out)
        assert len(found) == len(KEPT), reader.__name__
        for text, start in zip(found, expected, strict=True):
            assert text.startswith(start), (reader.__name__, text)
            assert "Ünïcödé rupiah Rp 1.500.000" in text


def test_title_fonts_and_web_links_are_kept(parts: list[tuple[Path, int]], tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "joined.pdf"
    join(parts, out, title="Sertifikat — Ünïcode")
    reader = PdfReader(out, strict=True)
    assert reader.metadata is not None and reader.metadata.title == "Sertifikat — Ünïcode"
    uris = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
        for annot in page.get("/Annots") or []:
            uris.append(str(annot.get_object()["/A"]["/URI"]))
    assert uris == [f"https://example.org/{name}/{page}" for name, page, _of in KEPT]


def test_a_page_a_part_drops_is_not_in_the_file_even_where_a_link_points_at_it(
    tmp_path: Path,
) -> None:
    import pikepdf

    made = compile_part(tmp_path, "A", 3)
    linked = tmp_path / "linked.pdf"
    with pikepdf.open(made) as part:  # page 1 links to page 2 (kept) and page 3 (dropped)
        first, second, third = part.pages
        first.obj.Annots = part.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[0, 0, 10, 10],
                        Dest=[target.obj, pikepdf.Name.Fit],
                    )
                    for target in (second, third)
                ]
            )
        )
        part.save(linked)
    out = tmp_path / "joined.pdf"
    assert join([(compile_part(tmp_path, "B", 1), 1), (linked, 2)], out) == 3
    with pikepdf.open(out) as joined:
        page_objects = [o for o in joined.objects if isinstance(o, pikepdf.Dictionary)]
        assert sum(1 for o in page_objects if o.get("/Type") == pikepdf.Name.Page) == 3
        to_kept, to_dropped = joined.pages[1].Annots
        assert to_kept.Dest[0].objgen == joined.pages[2].obj.objgen
        assert to_dropped.Dest[0] is None
    assert [text.split(",")[0] for text in texts(out)] == ["Part B", "Part A", "Part A"]


def test_a_part_whose_pages_inherit_their_size_and_fonts_prints_the_same(tmp_path: Path) -> None:
    import pikepdf

    made = compile_part(tmp_path, "A", 2)
    inherited = tmp_path / "inherited.pdf"
    with pikepdf.open(made) as part:
        tree = part.Root.Pages
        tree.MediaBox = part.pages[0].obj.MediaBox
        tree.Resources = part.pages[0].obj.Resources
        for page in part.pages:
            del page.obj["/MediaBox"]
            del page.obj["/Resources"]
        part.save(inherited)
    out = tmp_path / "joined.pdf"
    join([(inherited, 2)], out)
    assert [t.split(" Ünïcödé")[0] for t in pdfium_texts(out)] == [
        "Part A, page 1 of 2,",
        "Part A, page 2 of 2,",
    ]
    with pikepdf.open(out) as joined:
        for page in joined.pages:
            assert "/MediaBox" in page.obj and "/Resources" in page.obj


def test_no_parts_make_an_empty_document_and_a_many_part_one_keeps_its_order(
    tmp_path: Path,
) -> None:
    from pypdf import PdfReader

    empty = tmp_path / "empty.pdf"
    assert join([], empty, title=None) == 0
    assert len(PdfReader(empty, strict=True).pages) == 0
    one = compile_part(tmp_path, "X", 1)
    many = tmp_path / "many.pdf"
    assert join([(one, 1)] * 250, many) == 250  # more pages than a leaf of the page tree
    assert len(pdfium_texts(many)) == 250
