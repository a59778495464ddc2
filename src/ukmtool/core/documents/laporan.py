"""The office's own text of the laporan kegiatan (``laporan.md``), as blocks for the template.

The office writes the background, legal basis, aims, what was done, results,
conclusions and advice in Markdown; ``ukm report --format pdf`` prints it
between the report's first page and its figures.  The text is parsed here
(markdown-it-py, CommonMark with tables) into plain JSON-able blocks, which
``templates/report.typ`` draws: a person's text is never pasted into Typst
source, so ``#set page(...)`` in it prints as written.

A block is one of::

    {"kind": "heading", "level": 1-6, "text": RUNS}
    {"kind": "paragraph", "text": RUNS}
    {"kind": "list", "ordered": bool, "start": int, "items": [[BLOCK, ...], ...]}
    {"kind": "table", "align": ["left"|"center"|"right"|None, ...],
     "header": [RUNS, ...], "rows": [[RUNS, ...], ...]}
    {"kind": "quote", "blocks": [BLOCK, ...]}
    {"kind": "code", "text": str}
    {"kind": "rule"}

and RUNS a list of ``{"text": str, "strong": bool, "em": bool, "code": bool}``
(``{"break": true}`` a line break).  A link prints its text and, when it
differs, its address in brackets; a picture its description; HTML comments
(the guidance ``ukm init`` writes) and tags are left out.  A heading whose
section holds nothing (nothing before the next heading of its level or
above) is left out too, so the sections ``ukm init`` writes print only once
they are filled in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

Block = dict[str, Any]
Run = dict[str, Any]

_TAG = re.compile(r"<[^>]*>")
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def laporan_blocks(text: str) -> list[Block]:
    """The blocks of a ``laporan.md`` text (see the module); empty sections left out."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    tree = SyntaxTreeNode(parser.parse(text))
    return _without_empty_sections(_blocks(tree.children))


def _blocks(nodes: list[SyntaxTreeNode]) -> list[Block]:
    found: list[Block] = []
    for node in nodes:
        block = _block(node)
        if block is not None:
            found.append(block)
    return found


def _block(node: SyntaxTreeNode) -> Block | None:
    kind = node.type
    if kind == "heading":
        return {"kind": "heading", "level": int(node.tag[1:]), "text": _inline(node)}
    if kind == "paragraph":
        runs = _inline(node)
        return {"kind": "paragraph", "text": runs} if _has_text(runs) else None
    if kind in ("bullet_list", "ordered_list"):
        start = node.attrs.get("start", 1)
        return {
            "kind": "list",
            "ordered": kind == "ordered_list",
            "start": int(start) if isinstance(start, int | str) and str(start).isdigit() else 1,
            "items": [_blocks(item.children) for item in node.children],
        }
    if kind == "table":
        return _table(node)
    if kind == "blockquote":
        return {"kind": "quote", "blocks": _blocks(node.children)}
    if kind in ("fence", "code_block"):
        return {"kind": "code", "text": node.content.rstrip("\n")}
    if kind == "hr":
        return {"kind": "rule"}
    if kind == "html_block":
        words = _TAG.sub(" ", _without_comments(node.content)).strip()
        return {"kind": "paragraph", "text": [_run(" ".join(words.split()))]} if words else None
    return None


def _without_comments(text: str) -> str:
    return re.sub(r"<!--.*?(-->|$)", " ", text, flags=re.DOTALL)


def _table(node: SyntaxTreeNode) -> Block:
    header: list[list[Run]] = []
    align: list[str | None] = []
    rows: list[list[list[Run]]] = []
    for part in node.children:  # thead, tbody
        for row in part.children:
            cells = [_inline(cell) for cell in row.children]
            if part.type == "thead":
                header = cells
                align = [_align(cell.attrs.get("style")) for cell in row.children]
            else:
                rows.append(cells)
    return {"kind": "table", "align": align, "header": header, "rows": rows}


def _align(style: Any) -> str | None:
    found = _ALIGN.search(str(style or ""))
    return found.group(1) if found else None


def _run(text: str, **marks: bool) -> Run:
    return {
        "text": text,
        "strong": marks.get("strong", False),
        "em": marks.get("em", False),
        "code": marks.get("code", False),
    }


def _inline(node: SyntaxTreeNode) -> list[Run]:
    """The runs of text of a block whose one child is its inline content."""
    runs: list[Run] = []
    for child in node.children:
        if child.type == "inline":
            _runs(child.children, runs, strong=False, em=False)
    return runs


def _runs(nodes: list[SyntaxTreeNode], out: list[Run], *, strong: bool, em: bool) -> None:
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(_run(node.content, strong=strong, em=em))
        elif kind == "softbreak":
            out.append(_run(" ", strong=strong, em=em))
        elif kind == "hardbreak":
            out.append({"break": True})
        elif kind == "code_inline":
            out.append(_run(node.content, strong=strong, em=em, code=True))
        elif kind == "strong":
            _runs(node.children, out, strong=True, em=em)
        elif kind in ("em", "s"):
            _runs(node.children, out, strong=strong, em=em or kind == "em")
        elif kind == "link":
            before = len(out)
            _runs(node.children, out, strong=strong, em=em)
            shown = "".join(r.get("text", "") for r in out[before:])
            href = str(node.attrs.get("href", ""))
            if href and href not in (shown, "mailto:" + shown):
                out.append(_run(f" ({href})", strong=strong, em=em))
        elif kind == "image":
            described = "".join(c.content for c in node.children if c.type == "text")
            if described:
                out.append(_run(f"[{described}]", strong=strong, em=em))
        # html_inline: a tag (<b>, <br>) left out; the words between tags are text nodes


def _has_text(runs: list[Run]) -> bool:
    return any(str(r.get("text", "")).strip() for r in runs)


def _without_empty_sections(blocks: list[Block]) -> list[Block]:
    """Leave out each heading whose section (up to a heading of its level or above) is empty."""
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        if block["kind"] == "heading" and not _section_has_text(blocks[i + 1 :], block["level"]):
            continue
        kept.append(block)
    return kept


def _section_has_text(following: list[Block], level: int) -> bool:
    for block in following:
        if block["kind"] != "heading":
            return True
        if block["level"] <= level:
            return False
    return False
