"""Parts joined into one PDF a part at a time: memory bounded by a part, not the document.

pikepdf (qpdf) joins by copying every page into one document held in memory
and writing it at the end: about 16-20 kB a page, 2-3 GB for 100,000
certificates.  qpdf offers no way to write a document while it is being
built (its writer renumbers the whole document first), so the join is
written here, with pikepdf only reading: each part is opened, its kept pages
and every object they reach are written to the output at once, renumbered,
and the part is closed before the next one.  What stays in memory is one
part, an offset of each object written (8 bytes), and the page tree's list
of leaves (a number a hundred pages).

The output: the header (the first part's PDF version, the highest of all in
the catalog's ``/Version`` when a later part's is higher); each part's
objects; the page tree (leaves of at most :data:`LEAF` pages, each written
when full, under one root written last); the document information
(``/Title``); the catalog; a classic cross-reference table and trailer.
Objects are serialised by walking pikepdf's objects (never by editing their
text); a stream's data is copied as it is stored (still compressed).  A
kept page's inherited attributes (resources, boxes, rotation) are written
onto the page itself.  A reference to a page that is not kept (a link to a
page a part drops) becomes ``null``, as does one to a node of a part's page
tree: nothing outside the kept pages is ever copied.  The catalog's other
entries (outlines, names, metadata) are not carried over, as pikepdf's
``pages.extend`` does not either.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import deque
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

LEAF = 100
"""Pages under one node of the joined page tree."""
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
"""A page's attributes that may be given by the page tree above it (PDF 32000-1, 7.7.3.4)."""
_CATALOG, _ROOT = 1, 2
"""The object numbers the catalog and the page tree's root are given before any part."""
_XREF_BLOCK = 4096
"""Cross-reference entries joined into one write."""


class _Output:
    """The file being written: where each object begins, and a digest of it all (the /ID)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.position = 0
        self.offsets = array("Q", [0, 0, 0])  # object 0 (free), the catalog, the root
        self.digest = hashlib.md5(usedforsecurity=False)

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.position += len(data)

    def number(self) -> int:
        """A new object number (its object must be written before the end)."""
        self.offsets.append(0)
        return len(self.offsets) - 1

    def put(self, number: int, body: bytes) -> None:
        """Write object ``number``, whose text (a value, or a stream) is ``body``."""
        self.offsets[number] = self.position
        self.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def finish(self, info: int | None) -> None:
        """The cross-reference table and the trailer (written a block of entries at a time)."""
        missing = [n for n in range(1, len(self.offsets)) if self.offsets[n] == 0]
        if missing:
            raise AssertionError(f"objects numbered but never written: {missing[:5]}")
        start = self.position
        size = len(self.offsets)
        self.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for block in range(1, size, _XREF_BLOCK):
            ends = self.offsets[block : block + _XREF_BLOCK]
            self.write(b"".join(b"%010d 00000 n \n" % offset for offset in ends))
        ident = b"<%s>" % self.digest.hexdigest().encode("ascii")
        info_entry = b" /Info %d 0 R" % info if info is not None else b""
        trailer = b"trailer\n<< /Size %d /Root %d 0 R%s /ID [%s %s] >>\n" % (
            size,
            _CATALOG,
            info_entry,
            ident,
            ident,
        )
        self.write(trailer + b"startxref\n%d\n%%%%EOF\n" % start)


class _PageTree:
    """The joined document's page tree: leaves of :data:`LEAF` pages under one root."""

    def __init__(self, out: _Output) -> None:
        self.out = out
        self.leaves: list[tuple[int, int]] = []  # (number, pages) of each leaf written
        self.leaf = 0
        self.kids: list[int] = []

    def place(self) -> tuple[int, int]:
        """A number for the next page, and the number of the leaf it goes under."""
        if not self.kids:
            self.leaf = self.out.number()
        page = self.out.number()
        self.kids.append(page)
        leaf = self.leaf
        if len(self.kids) == LEAF:
            self._close_leaf()
        return page, leaf

    def pages(self) -> int:
        return sum(count for _number, count in self.leaves) + len(self.kids)

    def finish(self) -> None:
        if self.kids:
            self._close_leaf()
        kids = b" ".join(b"%d 0 R" % number for number, _count in self.leaves)
        count = sum(c for _n, c in self.leaves)
        self.out.put(_ROOT, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count))

    def _close_leaf(self) -> None:
        kids = b" ".join(b"%d 0 R" % number for number in self.kids)
        body = b"<< /Type /Pages /Parent %d 0 R /Kids [%s] /Count %d >>"
        self.out.put(self.leaf, body % (_ROOT, kids, len(self.kids)))
        self.leaves.append((self.leaf, len(self.kids)))
        self.kids = []


class _PartCopy:
    """One part's kept pages and all they reach, written to the output (see the module)."""

    def __init__(self, out: _Output) -> None:
        import pikepdf

        self.pikepdf = pikepdf
        self.out = out
        self.numbers: dict[tuple[int, int], int] = {}  # the part's (object, generation): ours
        self.waiting: deque[tuple[int, Any]] = deque()
        self.names: dict[str, bytes] = {}

    def copy(self, pages: Iterable[Any], tree: _PageTree) -> None:
        """Write ``pages`` (pikepdf pages of the part, in order) under ``tree``."""
        placed = []
        for page in pages:
            number, leaf = tree.place()
            self.numbers[page.obj.objgen] = number
            placed.append((number, leaf, page.obj))
        for number, leaf, page in placed:  # every kept page numbered first: links between them
            self.out.put(number, self._page(page, leaf))
            self._drain()

    def _page(self, page: Any, leaf: int) -> bytes:
        entries = [(key, value) for key, value in page.items() if key != "/Parent"]
        for key in INHERITED:
            if key not in page:
                found = _inherited(page, key)
                if found is not None:
                    entries.append((key, found))
        return self._dictionary(entries, b"/Parent %d 0 R" % leaf)

    def _drain(self) -> None:
        while self.waiting:
            number, obj = self.waiting.popleft()
            if isinstance(obj, self.pikepdf.Stream):
                raw = obj.read_raw_bytes()  # as stored: still compressed, never decoded here
                entries = [(k, v) for k, v in obj.stream_dict.items() if k != "/Length"]
                head = self._dictionary(entries, b"/Length %d" % len(raw))
                self.out.put(number, head + b"\nstream\n" + raw + b"\nendstream")
            else:
                self.out.put(number, self._direct(obj))

    def _value(self, value: Any) -> bytes:
        """``value`` as PDF text; an indirect object as a reference to its new number."""
        pikepdf = self.pikepdf
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            return self._reference(value)
        return self._direct(value)

    def _direct(self, value: Any) -> bytes:
        pikepdf = self.pikepdf
        if value is None:
            return b"null"
        if value is True:
            return b"true"
        if value is False:
            return b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, Decimal):
            return _real(value)
        if isinstance(value, float):
            return _real(Decimal(repr(value)))
        if isinstance(value, pikepdf.Dictionary):
            return self._dictionary(value.items())
        if isinstance(value, pikepdf.Array):
            return b"[" + b" ".join(self._value(item) for item in value) + b"]"
        if isinstance(value, pikepdf.Stream):  # a stream is always indirect in a parsed file
            raise ValueError("a direct stream")
        if isinstance(value, pikepdf.Object):  # a name, a string, an operator
            return bytes(value.unparse())
        raise TypeError(f"unexpected PDF value {type(value).__name__}")

    def _dictionary(self, entries: Iterable[tuple[str, Any]], first: bytes = b"") -> bytes:
        """A dictionary of ``entries``, after the entry already written ``first`` when given."""
        written = [first] if first else []
        written.extend(self._name(key) + b" " + self._value(value) for key, value in entries)
        return b"<< " + b" ".join(written) + b" >>"

    def _reference(self, value: Any) -> bytes:
        key = value.objgen
        number = self.numbers.get(key)
        if number is not None:
            return b"%d 0 R" % number
        if isinstance(value, self.pikepdf.Dictionary) and value.get("/Type") in (
            self.pikepdf.Name.Page,
            self.pikepdf.Name.Pages,
        ):
            return b"null"  # a page the part drops, or its page tree: not copied
        number = self.numbers[key] = self.out.number()
        self.waiting.append((number, value))
        return b"%d 0 R" % number

    def _name(self, key: str) -> bytes:
        found = self.names.get(key)
        if found is None:
            found = self.names[key] = bytes(self.pikepdf.Name(key).unparse())
        return found


def _inherited(page: Any, key: str) -> Any:
    """``key`` as the nearest node above ``page`` in its part's page tree gives it, or None."""
    node = page.get("/Parent")
    seen = 0
    while node is not None and seen < 64:  # a loop in a broken tree ends here
        if key in node:
            return node[key]
        node = node.get("/Parent")
        seen += 1
    return None


def _real(value: Decimal) -> bytes:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")


def join_parts(parts: Iterable[tuple[str, int]], handle: IO[bytes], title: str | None) -> int:
    """The first ``pages`` pages of each ``(path, pages)`` part, in order, into ``handle``.

    ``handle`` is a file open for writing at its start; the number of pages
    written is returned.
    """
    import pikepdf

    out = _Output(handle)
    tree = _PageTree(out)
    header: str | None = None
    highest = ""
    for path, keep in parts:
        with pikepdf.open(path) as part:
            version = str(part.pdf_version)
            if header is None:
                header = version
                out.write(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % version.encode("ascii"))
            highest = max(highest, version, key=_version_key)
            _PartCopy(out).copy(part.pages[:keep], tree)
    if header is None:
        header = highest = "1.7"
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    tree.finish()
    info = None
    if title:
        info = out.number()
        out.put(info, b"<< /Title %s >>" % bytes(pikepdf.String(title).unparse()))
    catalog = b"<< /Type /Catalog /Pages %d 0 R" % _ROOT
    if _version_key(highest) > _version_key(header):
        catalog += b" /Version /" + highest.encode("ascii")
    out.put(_CATALOG, catalog + b" >>")
    out.finish(info)
    return tree.pages()


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(n) for n in version.split("."))
    except ValueError:
        return (0,)
