"""The child process that runs Typst: ``python -m ukmtool.render.typesetting.worker``.

Started by :class:`ukmtool.render.typesetting.child.Child`, one per printing
command.  It reads jobs from stdin and writes answers to stdout, each a frame
(8 bytes of length, little-endian, then a pickle): the parent is ukm itself,
so nothing else ever writes to these pipes.  Jobs:

- ``("compile", root, template, data, want_cut, out, fonts)``: compile
  ``root/template`` with ``data`` (JSON text) as ``sys.inputs.data``, write
  the PDF to ``out``; with ``want_cut``, also ask the document where a part
  ends (the ``<ukm-cut>`` metadata, see ``render/pdf.py``).  Answer
  ``("ok", pages, cut, rss)``.
- ``("join", [(part, pages), ...], out, title)``: the first ``pages`` pages of
  each part, in order, into one PDF at ``out``, written a part at a time
  (``joiner``: memory bounded by a part, not the document).  Answer ``("ok", pages, None, rss)``.
- ``("split", part, [out, ...])``: page i of ``part`` alone into ``out[i]``.
  Answer ``("ok", pages, None, rss)``.

A Typst error answers ``("error", message, diagnostic, hints)``; anything
else that fails, ``("failure", text)``.  The child ignores SIGINT: the parent
decides, and kills it (it is inside Rust and checks for nothing).  With a
memory limit (``argv[1]``, bytes; POSIX), a template that allocates without
end fails here, not in ukm or the machine.  After each compile, eleven tiny
compiles age out Typst's cache (typst-py 0.15 evicts entries older than ten
compiles), so the laid-out part is freed before the next one.

This module imports nothing of ukm but its sibling ``joiner`` (when it
joins): the child starts in about a tenth of a second, and its only heavy
imports are typst and pikepdf.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from pathlib import Path
from typing import IO, Any

TINY = b"#set page(width: 1cm, height: 1cm)\n."
"""A document to compile when the cache should forget the last big one."""
FLUSHES = 11
"""Compiles that push an entry out of typst-py's cache (it evicts after ten)."""
CUT_LABEL = "<ukm-cut>"


def send(stream: IO[bytes], value: Any) -> None:
    """Write one frame."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one frame; EOFError when the other side has gone."""
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError
    (size,) = struct.unpack("<Q", head)
    body = stream.read(size)
    if len(body) < size:
        raise EOFError
    return pickle.loads(body)


def resident_bytes() -> int:
    """This process's resident memory now (0 where the system does not say)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


class Worker:
    """The compilers (one per template: typst-py binds a compiler to its file) and the jobs."""

    def __init__(self) -> None:
        import typst

        self.typst = typst
        self.compilers: dict[tuple[str, str, tuple[str, ...]], Any] = {}
        self.flusher = typst.Compiler(ignore_system_fonts=True)

    def compiler(self, root: str, template: str, fonts: tuple[str, ...]) -> Any:
        """The compiler of ``template`` in ``root`` (made once, kept for the next parts)."""
        key = (root, template, fonts)
        found = self.compilers.get(key)
        if found is None:
            found = self.compilers[key] = self.typst.Compiler(
                str(Path(root) / template),
                root=root,
                font_paths=list(fonts),
                ignore_system_fonts=True,
            )
        return found

    def compile(
        self,
        root: str,
        template: str,
        data: str,
        want_cut: bool,
        out: str,
        fonts: tuple[str, ...],
    ) -> tuple[Any, ...]:
        """Compile one part to ``out``; its pages, and where it asks to be cut."""
        import json

        compiler = self.compiler(root, template, fonts)
        try:
            pdf = compiler.compile(format="pdf", sys_inputs={"data": data}, pdf_tags=False)
            cut: Any = None
            if want_cut:
                cut = json.loads(compiler.query(CUT_LABEL, field="value", format="json"))
        finally:
            for _ in range(FLUSHES):
                self.flusher.compile(TINY, format="pdf")
        with open(out, "wb") as handle:
            handle.write(pdf)
        return ("ok", _page_count(pdf), cut, resident_bytes())

    def join(self, parts: list[tuple[str, int]], out: str, title: str | None) -> tuple[Any, ...]:
        """The first pages of each part, in order, into ``out``, a part at a time (``joiner``)."""
        from ukmtool.render.typesetting.joiner import join_parts

        with open(out, "wb") as handle:  # into the file ukm made: its owner and mode kept
            count = join_parts(parts, handle, title)
        return ("ok", count, None, resident_bytes())

    def split(self, part: str, outs: list[str]) -> tuple[Any, ...]:
        """Each page of ``part`` alone into its file of ``outs``."""
        import pikepdf

        with pikepdf.open(part) as document:
            if len(document.pages) != len(outs):
                return ("failure", f"{len(document.pages)} pages for {len(outs)} files")
            title = document.docinfo.get("/Title")
            for page, out in zip(document.pages, outs, strict=True):
                single = pikepdf.new()
                single.pages.append(page)
                if title is not None:
                    single.docinfo["/Title"] = title
                with open(out, "wb") as handle:
                    single.save(handle)
                single.close()
            return ("ok", len(outs), None, resident_bytes())

    def answer(self, job: tuple[Any, ...]) -> tuple[Any, ...]:
        """Do ``job``; its answer, or the error's (never raises)."""
        kind, *args = job
        try:
            if kind == "compile":
                return self.compile(*args)
            if kind == "join":
                return self.join(*args)
            if kind == "split":
                return self.split(*args)
            return ("failure", f"unknown job {kind!r}")
        except self.typst.TypstError as exc:
            hints = [str(h) for h in (getattr(exc, "hints", None) or [])]
            return ("error", str(exc.message), str(getattr(exc, "diagnostic", "") or ""), hints)
        except MemoryError:
            return ("memory",)
        except Exception as exc:
            return ("failure", f"{type(exc).__name__}: {exc}")


def _page_count(pdf: bytes) -> int:
    """The pages of a PDF."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def serve(limit: int | None) -> None:
    """Answer jobs until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass  # Windows, or a limit the system refuses: no cap but the machine's
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames ever goes to the parent's pipe
    worker = Worker()
    send(stdout, ("ready", resident_bytes()))
    while True:
        try:
            job = receive(stdin)
        except EOFError:
            return
        send(stdout, worker.answer(job))


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "0" else None)
