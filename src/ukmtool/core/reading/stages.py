"""One file of a programme folder -> its models and its own problems (the per-file stage).

What a file's bytes make, by themselves: the parse (``core/yamlio``), the
models (``core/models``; ``fastpath`` for attendance lists) and every problem
of the file itself, each a ``Diagnostic`` with file and line.  Nothing here
looks at another file: the load cache (``cache``, ``entries``) keeps what a
file's bytes give under the hash of those bytes, and the checks across files
(``checks``) run apart.  ``loader._load`` runs each stage for a whole folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ukmtool.core import fields
from ukmtool.core.models import Module, Settings, Sheet
from ukmtool.core.reading import fastpath
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.yamlio.reader import FileTooLargeError, LList, LMap, Parsed, parse_bytes
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _

M = TypeVar("M", bound=BaseModel)

Progress = Callable[[int, int], None]
"""How long work says how far it got: called now and then with (done, total).

The one meaning of "progress" in ukm: a load counts bytes read of all the
folder's files, an import the rows read or checked (a total of 0 is not
known yet).  The core only calls it; ``render/progress`` hands out callbacks
that draw a bar.
"""


class Source:
    """Hands each stage its file's bytes, parsed, and reports progress over ``total`` bytes.

    ``files`` maps a path to its bytes (or the error reading it gave), each
    handed over once; a path not there is read from the disk.
    """

    def __init__(
        self, files: dict[Path, bytes | OSError], total: int, progress: Progress | None
    ) -> None:
        self.files = files
        self.total = total
        self.progress = progress
        self.done = 0
        self.memo: dict[str, str] = {}

    def take(self, path: Path) -> bytes:
        """The bytes of ``path`` (raising what reading it raised), handed over once."""
        found = self.files.pop(path, None)
        if found is None:
            return path.read_bytes()  # not given: read it now
        if isinstance(found, OSError):
            raise found
        return found

    def parse(self, path: Path) -> Parsed:
        """The bytes of ``path``, parsed (sharing one string object per distinct value)."""
        data = self.take(path)
        report = self.progress
        if report is None:
            return parse_bytes(data, memo=self.memo)
        done, total, size = self.done, max(self.total, 1), len(data)
        parsed = parse_bytes(
            data, memo=self.memo, tick=lambda at: report(done + min(at, size), total)
        )
        self.done += size
        report(self.done, total)
        return parsed


def read(path: Path, out: Collector, source: Source, *, required: bool = True) -> Parsed | None:
    """The file parsed, with its problems recorded in ``out`` (None: nothing to read)."""
    try:
        parsed = source.parse(path)
    except FileNotFoundError:
        if path.is_symlink():
            out.error(
                path,
                None,
                _("{name} is a link to {target}, which does not exist.").format(
                    name=path.name, target=os.readlink(path)
                ),
                hint=_("Point the link at the file, or put the file itself in its place."),
            )
        elif required:
            out.error(
                path,
                None,
                _("The file {name} is missing.").format(name=path.name),
                hint=_("Every programme folder needs it; `ukm init DIR` shows what it holds."),
            )
        return None
    except IsADirectoryError:
        out.error(path, None, _("{name} is a folder, not a file.").format(name=path.name))
        return None
    except FileTooLargeError as exc:
        problem = exc.problem()
        out.error(path, None, problem.message, hint=problem.hint)
        return None
    except OSError as exc:
        out.error(
            path,
            None,
            _("The file cannot be read: {reason}.").format(reason=exc.strerror or exc),
        )
        return None
    for problem in parsed.problems:
        out.error(path, problem.line, problem.message, column=problem.column, hint=problem.hint)
    if parsed.value is None and parsed.problems:
        return None
    return parsed


def program(path: Path, out: Collector, source: Source) -> tuple[Settings | None, LMap | None]:
    """``program.yaml``: the settings (None when unusable) and the file's located root."""
    parsed = read(path, out, source)
    if parsed is None:
        return None, None
    if parsed.empty or parsed.value is None:
        out.error(
            path,
            1,
            _("{name} is empty.").format(name=path.name),
            hint=_("It needs at least name, starts and ends; `ukm init DIR` writes an example."),
        )
        return None, None
    if not isinstance(parsed.value, LMap):
        out.error(
            path,
            1,
            _("{name} must be a mapping of fields (name: ..., starts: ...).").format(
                name=path.name
            ),
        )
        return None, None
    return validate(Settings, parsed.value, path, out), parsed.value


def prepare_module(item: LMap, path: Path, out: Collector) -> LMap | None:
    """Check session numbers (whole, positive, unique) before the model sees them."""
    sessions = item.get("sessions")
    if not isinstance(sessions, LMap):
        return item
    fixed = LMap(sessions.line, sessions.column, sessions.end_line)
    numbered = session_keys(
        sessions,
        path,
        out,
        (
            _("Session number '{key}' is not a whole number from 1 up."),
            _("Number the sessions 1, 2, 3, ..."),
        ),
        (_("Session {number} is given twice (first at line {line})."), None),
    )
    for key, number, _line in numbered:
        value = sessions[key]
        fixed[str(number)] = value
        fixed.key_pos[str(number)] = sessions.key_pos[key]
        fixed.value_pos[str(number)] = sessions.value_pos[key]
    copy = LMap(item.line, item.column, item.end_line)
    copy.update(item)
    copy.key_pos, copy.value_pos = item.key_pos, item.value_pos
    copy["sessions"] = fixed
    return copy


def entries(
    path: Path,
    model: type[M],
    out: Collector,
    source: Source,
    *,
    prepare: Any = None,
) -> tuple[list[M], LList | None]:
    """A list file: the entries that validate as ``model``, and the file's located root."""
    parsed = read(path, out, source)
    if parsed is None or parsed.value is None:
        return [], None
    root = parsed.value
    if not isinstance(root, LList):
        out.error(
            path,
            getattr(root, "line", 1),
            _("{name} must be a list of entries, each starting with '- '.").format(name=path.name),
        )
        return [], None
    items: list[Any] = list(root)
    if prepare is not None:
        items = [prepare(item, path, out) if isinstance(item, LMap) else item for item in items]
    try:
        return adapter(model).validate_python(items), root
    except ValidationError:
        pass
    result: list[M] = []
    for index, item in enumerate(items):
        if item is None:
            continue
        line = root.item_line(index)
        if not isinstance(item, LMap):
            out.error(
                path,
                line,
                _("Each entry must be a mapping of fields (key: value), not a single value."),
                column=root.item_column(index),
            )
            continue
        validated = validate(model, item, path, out)
        if validated is not None:
            result.append(validated)
    return result, root


_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def adapter(model: type[M]) -> TypeAdapter[list[M]]:
    """The (cached) validator of a list of ``model``: the loader's whole-list fast path."""
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def validate(model: type[M], data: LMap, path: Path, out: Collector) -> M | None:
    """``data`` as ``model``, or None with every problem recorded at its line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            report_validation_error(error, data, path, out, model)
        return None


def report_validation_error(
    error: Any, root: Any, path: Path, out: Collector, model: type[BaseModel]
) -> None:
    """Turn one pydantic error into a diagnostic at the right line."""
    # a hidden key ("\x00lines") holds another shape of the value written above it
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("\x00")))
    kind = error["type"]
    line, column = _position_of(root, loc, key=kind == "extra_forbidden")
    field = next((str(p) for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "")
    ctx = error.get("ctx") or {}
    hint: str | None = None
    if kind == "ukm":
        message = ctx.get("message", error["msg"])
        hint = ctx.get("hint")
    elif kind == "missing":
        message = _("The field '{field}' is missing.").format(field=field)
    elif kind == "extra_forbidden":
        known = _known_fields(model, loc)
        message = _("Unknown field '{field}'.").format(field=field)
        hint = did_you_mean(field, known) or _("Known fields: {fields}.").format(
            fields=", ".join(known)
        )
        decimal = _decimal_comma(root, loc, field)
        if decimal is not None:
            message, hint = decimal
        field = ""
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = _("Expected a mapping of fields (key: value) here.")
    elif kind == "list_type":
        message = _("Expected a list here.")
    elif kind in ("string_type", "int_type", "float_type", "bool_type", "date_type"):
        message = _("Expected a single value here, not a list or mapping.")
    else:
        message = _("This value is not valid ({detail}).").format(detail=error["msg"])
    if field and kind not in ("missing",):
        message = f"{field}: {message}"
    out.error(path, line, message, column=column, hint=hint)


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the (nested) model the extra key was found in."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or not hasattr(current, "model_fields"):
            continue
        info = current.model_fields.get(part)
        if info is None:
            break
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        nested = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
        if nested is not None:
            current = nested
    return list(getattr(current, "model_fields", {}))


def _decimal_comma(root: Any, loc: tuple[Any, ...], field: str) -> tuple[str, str] | None:
    """``hours: 2,5`` inside ``{...}``: the comma split the number into a field ``5``."""
    if not field.isdigit():
        return None
    parent: Any = root
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(parent, dict):
        return None
    keys = list(parent)
    place = keys.index(field) if field in keys else 0
    if place == 0:
        return None
    before = keys[place - 1]
    whole = str(parent[before]).strip()
    if not whole.lstrip("+-").isdigit():
        return None
    return (
        _("'{key}: {whole},{part}' is read as {key}: {whole} and a field '{part}'.").format(
            key=before, whole=whole, part=field
        ),
        _("Write {key}: {whole}.{part} (a dot for decimals; a comma separates fields).").format(
            key=before, whole=whole, part=field
        ),
    )


def _position_of(
    root: Any, loc: Iterable[Any], *, key: bool = False
) -> tuple[int | None, int | None]:
    """Line and column of the value (or, with ``key``, the key) that ``loc`` points at."""
    node = root
    line: int | None = getattr(root, "line", None)
    column: int | None = getattr(root, "column", None)
    parts = list(loc)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, LMap):
            name = str(part)
            if part == "[key]":
                break
            if name not in node:
                break
            if key and last:
                line, column = node.key_line(name), node.key_column(name)
            else:
                line, column = node.value_line(name), node.value_column(name)
            node = node[name]
        elif isinstance(node, LList) and isinstance(part, int):
            line, column = node.item_line(part), node.item_column(part)
            node = node[part] if part < len(node) else None
        else:
            break
    return line, column


def modules(path: Path, out: Collector, source: Source) -> tuple[list[Module], LList | None]:
    """``modules.yaml``: the modules that validate, and the file's located root."""
    return entries(path, Module, out, source, prepare=prepare_module)


def not_a_sheet(name: str, path: Path, out: Collector) -> None:
    """The warning for an entry of ``attendance/`` that is not read as a sheet (none if hidden)."""
    from ukmtool.core.reading.snapshot import is_hidden

    if not is_hidden(name):
        out.warning(
            path,
            None,
            _("{name} is not read: attendance sheets are files named MODULE.yaml.").format(
                name=name
            ),
        )


@dataclass
class SheetFile:
    """One attendance file: its sheets by session number, its root, and its session keys.

    ``keys`` holds ``(key as written, number, line)`` of each key that is a
    session number, each number once (the first), in the file's order.
    """

    sheets: dict[int, Sheet] = field(default_factory=dict)
    root: LMap | None = None
    keys: list[tuple[str, int, int]] = field(default_factory=list)
    text: str = ""
    """The file's text as read (without a byte-order mark)."""


def sheet_file(path: Path, out: Collector, source: Source) -> SheetFile | None:
    """``attendance/MODULE.yaml``: its sheets (None when it cannot be read as sheets)."""
    parsed = read(path, out, source)
    if parsed is None or parsed.value is None:
        return None
    root = parsed.value
    if not isinstance(root, LMap):
        out.error(
            path,
            getattr(root, "line", 1),
            _("An attendance file must map session numbers to sheets (1: present: [...])."),
        )
        return None
    found = SheetFile(root=root, text=parsed.text)
    numbered = session_keys(
        root,
        path,
        out,
        (
            _("'{key}' is not a session number."),
            _("Each sheet starts with the session's number, for example '1:'."),
        ),
        (
            _("Session {number} has two sheets (the first at line {line})."),
            _("Merge them into one."),
        ),
    )
    found.keys = numbered
    for key, number, line in numbered:
        value = root[key]
        sheet_source = value if value is not None else LMap(line, 1, line)
        if not isinstance(sheet_source, LMap):
            out.error(
                path,
                line,
                _("The sheet of session {number} must list present, late, ... ids.").format(
                    number=number
                ),
            )
            continue
        sheet = one_sheet(sheet_source, path, out)
        if sheet is not None:
            found.sheets[number] = sheet
    return found


def one_sheet(source: LMap, path: Path, out: Collector) -> Sheet | None:
    """One session's sheet as the model, or None with its problems recorded."""
    return fastpath.sheet(source) or validate(Sheet, source, path, out)


def session_keys(
    mapping: LMap,
    path: Path,
    out: Collector,
    not_a_number: tuple[str, str | None],
    twice: tuple[str, str | None],
) -> list[tuple[str, int, int]]:
    """``(key, number, line)`` of each key that is a session number, each number once.

    The one check of session numbers, for a module's sessions and for an
    attendance file's sheets: a key that is not a whole number from 1 up is
    reported with ``not_a_number`` (message with ``{key}``, hint), a number
    given again with ``twice`` (message with ``{number}`` and ``{line}``, hint).
    """
    found: list[tuple[str, int, int]] = []
    seen: dict[int, int] = {}
    for key in mapping:
        line, column = mapping.key_line(key), mapping.key_column(key)
        number = fields.session_number(key)
        if number is None:
            message, hint = not_a_number
            out.error(path, line, message.format(key=key), column=column, hint=hint)
        elif number in seen:
            message, hint = twice
            out.error(
                path,
                line,
                message.format(number=number, line=seen[number]),
                column=column,
                hint=hint,
            )
        else:
            seen[number] = line
            found.append((key, number, line))
    return found
