"""Each file of a folder through the load cache: its imprint for its bytes, or its stage run.

A load hashes every file's bytes; :meth:`Files.file` reads the imprint of
those bytes (``imprints``) or, when there is none, runs the file's per-file
stage (``stages``: parsing and validating it) and stores its imprint.  When the
checks across files need a file's lines that this load did not parse,
:meth:`Files.located` parses it then, and :meth:`Files.located_sheet` only
the lines of one session of an attendance file, when that gives exactly
what parsing the whole file would.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ukmtool.core.reading import assembly, imprints, stages
from ukmtool.core.reading.imprints import LIST, MODULES, PROGRAM, Imprint, SheetKey
from ukmtool.core.reading.snapshot import Snapshot
from ukmtool.core.yamlio.reader import LList, LMap, decode, parse_text
from ukmtool.diagnostics import Collector

UNREADABLE = "-"
"""The content hash of a file that could not be read (its own diagnostics say why)."""


@dataclass
class Loaded:
    """One file of the folder as this load has it: its imprint (read back or just made)."""

    path: Path
    rel: str
    kind: str
    content: str
    imprint: Imprint
    root: Any = None
    """The located root, when this load parsed the file."""
    model: str = ""
    """A list file's kind of entries (``assembly.MODELS``)."""

    @property
    def value(self) -> Any:
        """The settings, the list's models, or the sheets by number (None: not read)."""
        return self.imprint.value

    @property
    def clean(self) -> bool:
        """The file has no problem of its own."""
        return self.imprint.clean

    @property
    def readable(self) -> bool:
        """The file's bytes could be read (else its own diagnostics say why not)."""
        return self.content != UNREADABLE


class Files:
    """The files of one load (see the module); ``stats`` says what was parsed or compacted."""

    def __init__(
        self,
        snap: Snapshot,
        where: Path,
        environment: str,
        progress: stages.Progress | None,
        stats: dict[str, list[str]],
        kept: dict[str, bytes] | None = None,
    ) -> None:
        self.snap = snap
        self.where = where
        self.root = snap.folder.root
        self.environment = environment
        self.reader = imprints.Reader(where, self.root, kept)
        self.stats = stats
        self.wrote = False
        self.contents = {path: _content(data) for path, data in snap.files.items()}
        self.source = stages.Source({}, self._to_parse() if progress else 0, progress)

    def _to_parse(self) -> int:
        """Bytes of the files without an imprint, for the progress bar."""
        total = 0
        for path, content in self.contents.items():
            data = self.snap.files[path]
            if isinstance(data, bytes):
                name = imprints.name(self.environment, self.rel(path), content)
                if name not in self.reader.kept and not imprints.path_of(self.where, name).exists():
                    total += len(data)
        return total

    def rel(self, path: Path) -> str:
        """``path`` relative to the folder, with ``/``."""
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def file(self, path: Path, kind: str, model: str = "") -> Loaded:
        """One file: its imprint for these bytes, else its stage run (and its imprint stored)."""
        rel = self.rel(path)
        content = self.contents.get(path, UNREADABLE)
        if content != UNREADABLE:
            name = imprints.name(self.environment, rel, content)
            found = self.reader.imprint(name)
            if found is not None and found.kind == kind:
                if found.depth > imprints.MAX_CHAIN:
                    self._compact(found)
                return Loaded(path, rel, kind, content, found, model=model)
        self.stats["parsed"].append(rel)
        made, root = stage(path, kind, model, self.snap.files.get(path), self.source)
        if content != UNREADABLE:
            made.name = made.token = imprints.name(self.environment, rel, content)
            made.chain = (made.name,)
            payload = imprints.encode(made, self.root)
            data = imprints.write(self.where, made.name, payload)
            if data is not None:
                self.reader.made(made.name, payload, data)
                self.wrote = True
        return Loaded(path, rel, kind, content, made, root, model)

    def _compact(self, found: Imprint) -> None:
        """Store a long chain of deltas whole again, under the same name (same meaning)."""
        full = replace(found, chain=(found.name,))
        payload = imprints.encode(full, self.root)
        data = imprints.write(self.where, found.name, payload)
        if data is not None:
            self.reader.made(found.name, payload, data)
            self.stats["compacted"].append(found.name)
            found.chain = (found.name,)
            self.wrote = True

    def located(self, loaded: Loaded) -> Any:
        """The located root of a file (parsing it when this load has not)."""
        if loaded.root is None and loaded.readable:
            self.stats["parsed"].append(loaded.rel)
            _made, loaded.root = stage(
                loaded.path,
                loaded.kind,
                loaded.model,
                self.snap.files.get(loaded.path),
                stages.Source({}, 0, None),
            )
        return loaded.root

    def located_sheet(self, loaded: Loaded, key: SheetKey) -> LMap:
        """An attendance file's root holding only the sheet of ``key``, with its positions.

        When the file was not parsed in this load, only that session's lines
        are: from its key's line to the next key's line.  That gives what the
        whole file gives (the same lines, at the same places) unless the
        lines do not stand on their own (an alias, a directive, a flow
        mapping of sessions); the session must then read back as one key, at
        its line, holding the very sheet the imprint holds, or the whole file
        is parsed after all.
        """
        if loaded.root is None:
            found = self._region(loaded, key)
            if found is not None:
                self.stats["regions"].append(f"{loaded.rel}#{key.key}")
                return found
        return one_sheet(self.located(loaded), key.key)

    def _region(self, loaded: Loaded, key: SheetKey) -> LMap | None:
        data = self.snap.files.get(loaded.path)
        if not isinstance(data, bytes):
            return None
        text, _problem = decode(data)
        if text is None:
            return None
        lines = sorted({k.line for k in loaded.imprint.keys})
        starts = line_starts(text, lines)
        start = starts.get(key.line)
        if start is None or len(set(starts.values())) != len(lines):
            return None
        end = min((at for at in starts.values() if at > start), default=len(text))
        parsed = parse_text(text[start:end])
        root = parsed.value
        if parsed.problems or not isinstance(root, LMap) or list(root) != [key.key]:
            return None
        shift(root, key.line - 1)
        value = root[key.key]
        out = Collector()
        sheet = stages.one_sheet(value if value is not None else LMap(key.line, 1, key.line),
                                 loaded.path, out)  # fmt: skip
        if root.key_line(key.key) != key.line or out.items or sheet is None:
            return None
        if imprints.sheet_digest(sheet) != key.model:
            return None
        return root


def one_sheet(root: LMap, key: str) -> LMap:
    """An attendance file's ``root`` holding only the sheet of ``key`` (with its positions)."""
    one = LMap(root.line, root.column, root.end_line)
    one[key] = root[key]
    one.key_pos = {key: root.key_pos[key]}
    one.value_pos = {key: root.value_pos[key]}
    return one


def shift(value: Any, lines: int) -> None:
    """Move every line number held in ``value`` (LMap/LList, nested) down by ``lines``."""
    if not lines:
        return
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, LMap):
            node.line, node.end_line = node.line + lines, node.end_line + lines
            node.key_pos = {k: (line + lines, col) for k, (line, col) in node.key_pos.items()}
            node.value_pos = {
                k: (line + lines, col, end + lines)
                for k, (line, col, end) in node.value_pos.items()
            }
            stack.extend(node.values())
        elif isinstance(node, LList):
            node.line, node.end_line = node.line + lines, node.end_line + lines
            node.item_pos = [(line + lines, col, end + lines) for line, col, end in node.item_pos]
            stack.extend(node)


def _content(data: bytes | OSError) -> str:
    return UNREADABLE if isinstance(data, OSError) else imprints.digest(data)


def stage(
    path: Path, kind: str, model: str, data: bytes | OSError | None, source: stages.Source
) -> tuple[Imprint, Any]:
    """The per-file stage of one file (``stages``) as an imprint not yet named, and its root."""
    out = Collector()
    if data is not None:
        source.files[path] = data
    listed: list[str] | None = []
    keys: list[SheetKey] = []
    value: Any
    root: Any
    if kind == PROGRAM:
        value, root = stages.program(path, out, source)
    elif kind == MODULES:
        value, root = stages.modules(path, out, source)
        listed = _written(root, value, path, out)
    elif kind == LIST:
        value, root = stages.entries(path, assembly.MODELS[model], out, source)
        listed = _written(root, value, path, out)
    else:
        found = stages.sheet_file(path, out, source)
        value, root = (found.sheets, found.root) if found is not None else (None, None)
        if found is not None:
            keys = _sheet_keys(found)
    source.files.pop(path, None)
    return Imprint("", kind, value, out.items, listed, keys), root


def _written(root: Any, models: list[Any], path: Path, out: Collector) -> list[str] | None:
    """The ids ``root`` writes that no model has (``Given.listed_*``; None: unreadable)."""
    if not isinstance(root, LList):
        return None if out.has_errors(path) else []
    if models and "id" not in type(models[0]).model_fields:
        return []
    written = {
        item["id"].strip()
        for item in root
        if isinstance(item, LMap) and isinstance(item.get("id"), str)
    }
    return sorted(written - {m.id for m in models})


def _sheet_keys(found: stages.SheetFile) -> list[SheetKey]:
    """Each session key of an attendance file with the hashes of its sheet and its lines."""
    text = found.text
    starts = line_starts(text, sorted({line for _key, _number, line in found.keys}))
    ordered = sorted(set(starts.values()))
    keys = []
    for key, number, line in found.keys:
        start = starts[line]
        end = min((at for at in ordered if at > start), default=len(text))
        keys.append(
            SheetKey(
                key,
                number,
                line,
                imprints.sheet_digest(found.sheets.get(number)),
                imprints.text_digest(text[start:end]),
            )
        )
    return keys


def line_starts(text: str, lines: list[int]) -> dict[int, int]:
    """Where each of ``lines`` (1-based, sorted, as the reader counts them) starts in ``text``."""
    starts: dict[int, int] = {}
    at, line = 0, 1
    for wanted in lines:
        while line < wanted:
            found = text.find("\n", at)
            if found < 0:
                return starts
            at, line = found + 1, line + 1
        starts[wanted] = at
    return starts
