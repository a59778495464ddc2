"""Load a whole programme folder, collecting every problem with its file and line.

Nothing here raises for bad data: each file is read, parsed and validated on
its own, problems become :class:`~ukmtool.diagnostics.Diagnostic` values, and
the cross-file checks (``checks.CHECKS``) run on whatever could be loaded.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ukmtool.core import fields
from ukmtool.core.folder import Folder
from ukmtool.core.models import (
    Certificate,
    Indicator,
    Module,
    Participant,
    Score,
    Settings,
    Sheet,
    Visit,
)
from ukmtool.core.programme import LoadResult, Programme
from ukmtool.core.reading import checks, fastpath
from ukmtool.core.reading.snapshot import Snapshot, is_hidden, is_sheet_name
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.values import places
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


def load(folder: Folder, *, progress: Progress | None = None, cache: bool = True) -> LoadResult:
    """Read every file of ``folder`` and check it, within and across files.

    The files are read once (``core/snapshot``); when the load cache
    (``core/cache``) holds the result of loading these very bytes, that result
    is returned instead of reading them again.  ``cache=False`` always loads.
    ``progress`` is called during a load that reads the files (never on a cache hit).
    """
    with collector_off():
        snap = Snapshot.read(folder)
        if not cache:
            return _load(snap, progress)
        from ukmtool.core.reading import cache as load_cache

        return load_cache.load(snap, lambda: _load(snap, progress))


@contextmanager
def collector_off() -> Iterator[None]:
    """The garbage collector off meanwhile; what was made meanwhile is never walked again.

    The one place ukm handles the collector: around a load, a registration and
    a report.  Loading 100,000 participants makes millions of objects and no
    reference cycles: collecting only costs time.  What was loaded lives until
    the command ends, so at the end it is frozen (``gc.freeze``): the collector,
    back on, need not walk those objects again each time the command's own work
    sets it off.  Nested uses are fine: the outermost turns it back on.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


class _Source:
    """Hands the loader each file of the snapshot, parsed, and reports progress."""

    def __init__(self, snap: Snapshot, progress: Progress | None) -> None:
        self.snap = snap
        self.progress = progress
        self.done = 0
        self.memo: dict[str, str] = {}

    def parse(self, path: Path) -> Parsed:
        data = self.snap.take(path)
        report = self.progress
        if report is None:
            return parse_bytes(data, memo=self.memo)
        done, total, size = self.done, max(self.snap.total, 1), len(data)
        parsed = parse_bytes(
            data, memo=self.memo, tick=lambda at: report(done + min(at, size), total)
        )
        self.done += size
        report(self.done, total)
        return parsed


def _load(snap: Snapshot, progress: Progress | None) -> LoadResult:
    folder = snap.folder
    out = Collector()
    source = _Source(snap, progress)
    settings, program_source = _load_program(folder.program, out, source)
    modules, module_source = _load_list(
        folder.modules, Module, out, source, prepare=_prepare_module
    )
    participants, participant_source = _load_list(folder.participants, Participant, out, source)
    sheets, sheet_sources = _load_attendance(snap, out, source)
    visits: list[Visit] = []
    visit_source: LList | None = None
    if snap.visits_exist:
        visits, visit_source = _load_list(folder.visits, Visit, out, source)
    indicators: list[Indicator] = []
    indicator_source: LList | None = None
    if snap.indicators_exist:
        indicators, indicator_source = _load_list(folder.indicators, Indicator, out, source)
    certificates: list[Certificate] = []
    certificate_source: LList | None = None
    if snap.certificates_exist:
        certificates, certificate_source = _load_list(folder.certificates, Certificate, out, source)
    scores: list[Score] = []
    score_source: LList | None = None
    if snap.scores_exist:
        scores, score_source = _load_list(folder.scores, Score, out, source)
    sources = checks.Sources(
        module_source,
        participant_source,
        sheet_sources,
        visit_source,
        program_source,
        indicator_source,
        certificate_source,
        score_source,
    )
    given = checks.Given.of(folder, settings, modules, participants, sources, out)
    checks.run(given, out)
    if settings is None:  # program.yaml is broken: the checks ran, but there is no programme
        return LoadResult(folder, None, out.items)
    participants = as_listed(participants, settings)
    programme = Programme(
        folder, settings, modules, participants, sheets, visits, indicators, certificates, scores
    )
    return LoadResult(folder, programme, out.items)


def as_listed(participants: list[Participant], settings: Settings) -> list[Participant]:
    """``participants`` with district and sector as the programme spells them.

    A file may say ``Kec. Cepu`` or ``cepu`` (``check`` reads them as Cepu,
    as ``register`` does); reports group by the programme's spelling.  Each
    written name is read once, and only the entries that differ are copied.
    """
    spelled: dict[str, dict[str, str]] = {"district": {}, "sector": {}}
    readers: dict[str, Callable[[str], str]] = {
        "district": lambda value: places.district(value, settings.districts),
        "sector": lambda value: places.sector(value, settings.sectors, settings.sector_names),
    }
    for name, read in readers.items():
        for written in {getattr(p, name) for p in participants}:
            try:
                found = read(written)
            except fields.ValueProblem:
                continue  # check_lists reported it
            if found != written:
                spelled[name][written] = found
    districts, sectors = spelled["district"], spelled["sector"]
    if not districts and not sectors:
        return participants
    return [
        p.model_copy(
            update={
                "district": districts.get(p.district, p.district),
                "sector": sectors.get(p.sector, p.sector),
            }
        )
        if p.district in districts or p.sector in sectors
        else p
        for p in participants
    ]


def _read(path: Path, out: Collector, source: _Source, *, required: bool = True) -> Parsed | None:
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


def _load_program(
    path: Path, out: Collector, source: _Source
) -> tuple[Settings | None, LMap | None]:
    parsed = _read(path, out, source)
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
    return _validate(Settings, parsed.value, path, out), parsed.value


def _prepare_module(item: LMap, path: Path, out: Collector) -> LMap | None:
    """Check session numbers (whole, positive, unique) before the model sees them."""
    sessions = item.get("sessions")
    if not isinstance(sessions, LMap):
        return item
    fixed = LMap(sessions.line, sessions.column, sessions.end_line)
    numbered = _session_keys(
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


def _load_list(
    path: Path,
    model: type[M],
    out: Collector,
    source: _Source,
    *,
    prepare: Any = None,
) -> tuple[list[M], LList | None]:
    parsed = _read(path, out, source)
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
        return _adapter(model).validate_python(items), root
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
        validated = _validate(model, item, path, out)
        if validated is not None:
            result.append(validated)
    return result, root


_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _adapter(model: type[M]) -> TypeAdapter[list[M]]:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def _validate(model: type[M], data: LMap, path: Path, out: Collector) -> M | None:
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


def _load_attendance(
    snap: Snapshot, out: Collector, source: _Source
) -> tuple[dict[str, dict[int, Sheet]], dict[str, tuple[Path, LMap]]]:
    sheets: dict[str, dict[int, Sheet]] = {}
    sources: dict[str, tuple[Path, LMap]] = {}
    if not snap.attendance_is_dir:
        return sheets, sources
    for name, path in snap.attendance:
        if not is_sheet_name(name):
            if not is_hidden(name):
                out.warning(
                    path,
                    None,
                    _("{name} is not read: attendance sheets are files named MODULE.yaml.").format(
                        name=name
                    ),
                )
            continue
        module_id = name[: -len(".yaml")]
        parsed = _read(path, out, source)
        if parsed is None or parsed.value is None:
            continue
        root = parsed.value
        if not isinstance(root, LMap):
            out.error(
                path,
                getattr(root, "line", 1),
                _("An attendance file must map session numbers to sheets (1: present: [...])."),
            )
            continue
        module_sheets: dict[int, Sheet] = {}
        numbered = _session_keys(
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
            sheet = fastpath.sheet(sheet_source) or _validate(Sheet, sheet_source, path, out)
            if sheet is not None:
                module_sheets[number] = sheet
        sheets[module_id] = module_sheets
        sources[module_id] = (path, root)
    return sheets, sources


def _session_keys(
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
