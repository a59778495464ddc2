"""Validated models as plain values for the load cache, and back, fast.

``core/reading/imprints`` stores what an :class:`Encoder` makes of one file's
models with pickle (plain values only) and rebuilds them with a
:class:`Decoder`.  The models are rebuilt the way pydantic's
``model_construct`` does, without validating again (the data was validated
when it was stored), but without its per-field overhead: 100,000
participants come back in a fraction of a second.  Three things make it fast:

- a list of models of one class (the participants) is stored by column; a
  column of text is one string joined with NUL (no value read from a file
  holds NUL) and split back in one call;
- a long list of ids (an attendance list) is stored as an array of indices
  into one table of ids per file, so each id is one string however many
  lists name it (``Decoder`` may map them to the participants' own strings);
- dates are stored as day numbers.

The located values a list file's entries were read as (``yamlio.reader``'s
``LMap``/``LList``, with the line and column of each key and value) are
stored by :func:`encode_located` and rebuilt by :func:`decode_located`.

Only the types a model field holds today are accepted (text, numbers, yes/no,
dates, lists, mappings, nested models); anything else raises
:class:`Unsupported` and the file is simply not cached.
"""

from __future__ import annotations

from array import array
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ukmtool.core.models import (
    Certificate,
    CertificateSettings,
    Indicator,
    Letterhead,
    Module,
    Participant,
    Partner,
    Revocation,
    Score,
    Session,
    Settings,
    Sheet,
    Signatories,
    Signatory,
    Visit,
)
from ukmtool.diagnostics import Diagnostic, Severity

_SEP = "\x00"
_PLAIN = frozenset({str, int, float, bool, type(None), date})
_MODELS: dict[str, type[BaseModel]] = {
    cls.__name__: cls
    for cls in (
        Settings,
        Signatories,
        Signatory,
        Module,
        Session,
        Participant,
        Sheet,
        Visit,
        Indicator,
        Certificate,
        Score,
        Revocation,
        CertificateSettings,
        Letterhead,
        Partner,
    )
}
_FIELDS: dict[type[BaseModel], tuple[tuple[str, ...], frozenset[str]]] = {}


class Unsupported(TypeError):
    """A value the codec does not know how to store: the result is not cached."""


def encode_diagnostics(items: list[Diagnostic], root: Path) -> list[tuple[Any, ...]]:
    """``items`` as plain values, a path in the folder ``root`` relative to it."""
    text = str(root)
    return [
        (d.severity.value, _relative(d.file, text), d.line, d.column, d.message, d.hint)
        for d in items
    ]


def decode_diagnostics(stored: list[tuple[Any, ...]], root: Path) -> list[Diagnostic]:
    """The diagnostics ``encode_diagnostics`` was given, for the folder ``root``."""
    return [
        Diagnostic(Severity(severity), _absolute(file, root), line, column, message, hint)
        for severity, file, line, column, message, hint in stored
    ]


def _fields(cls: type[BaseModel]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The field names of ``cls`` and those whose values may hold models."""
    found = _FIELDS.get(cls)
    if found is None:
        nested = {name for name, info in cls.model_fields.items() if _has_model(info.annotation)}
        found = _FIELDS[cls] = (tuple(cls.model_fields), frozenset(nested))
    return found


def _has_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_has_model(arg) for arg in getattr(annotation, "__args__", ()))


class Encoder:
    """Models -> plain values; ``given`` and ``extra_ids``: the tables a :class:`Decoder` needs."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.extra_ids: list[str] = []
        self.given: dict[tuple[str, ...], int] = {}

    def tables(self) -> tuple[list[tuple[str, ...]], list[str]]:
        """The sets of fields given, and the table of ids, as the decoder takes them."""
        return list(self.given), self.extra_ids

    def _given(self, model: BaseModel) -> int:
        names = tuple(sorted(model.model_fields_set))
        return self.given.setdefault(names, len(self.given))

    def model(self, model: BaseModel) -> tuple[Any, ...]:
        """One model (nested ones too) as plain values."""
        cls = type(model)
        if _MODELS.get(cls.__name__) is not cls:
            raise Unsupported(cls.__name__)
        names, _nested = _fields(cls)
        values = model.__dict__
        row = tuple(self.value(values[name]) for name in names)
        return ("m", cls.__name__, row, self._given(model))

    def models(self, models: list[Any]) -> tuple[Any, ...]:
        """A list of models of one class without nested models, by column."""
        if not models:
            return ("each", [])
        cls = type(models[0])
        names, nested = _fields(cls)
        if (
            nested
            or _MODELS.get(cls.__name__) is not cls
            or any(type(m) is not cls for m in models)
        ):
            return ("each", [self.model(m) for m in models])
        columns = [self.column([m.__dict__[name] for m in models]) for name in names]
        given = array("i", [self._given(m) for m in models]).tobytes()
        return ("columns", cls.__name__, columns, given)

    def column(self, values: list[Any]) -> tuple[str, Any]:
        """One field of a list of models, stored as compactly as its values allow."""
        kinds = set(map(type, values))
        if kinds == {str}:
            joined = _SEP.join(values)
            if joined.count(_SEP) == len(values) - 1:
                return ("text", joined)
        if kinds == {date}:
            return ("dates", array("i", [d.toordinal() for d in values]).tobytes())
        if kinds <= _PLAIN or (
            kinds <= _PLAIN | {list}
            and set(map(type, chain.from_iterable(v for v in values if type(v) is list))) <= _PLAIN
        ):
            return ("plain", values)  # plain values and lists of them: nothing to decode
        encoded = [self.value(v) for v in values]
        if tuple not in set(map(type, encoded)):
            return ("plain", encoded)
        return ("values", encoded)

    def value(self, value: Any) -> Any:
        """One value of a field (text, number, date, list, mapping or model)."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is list:
            kinds = set(map(type, value))
            if len(value) >= 8 and kinds == {str}:
                return ("ids", self.id_list(value))
            if kinds.issubset(_PLAIN):
                return value  # a list of plain values is stored as is
            return ("list", [self.value(v) for v in value])
        if kind is dict:
            if set(map(type, value.values())).issubset(_PLAIN):
                return value
            return ("dict", {k: self.value(v) for k, v in value.items()})
        if isinstance(value, BaseModel):
            return self.model(value)
        raise Unsupported(kind.__name__)

    def id_list(self, ids: list[str]) -> bytes:
        """A list of texts as an array of their places in the table of ids."""
        table = self.ids
        try:  # (an array is built twice as fast from a list as from an iterator)
            return array("i", list(map(table.__getitem__, ids))).tobytes()
        except KeyError:
            pass
        for pid in ids:
            if pid not in table:
                table[pid] = len(table)
                self.extra_ids.append(pid)
        return array("i", list(map(table.__getitem__, ids))).tobytes()


class Decoder:
    """Plain values -> the models an :class:`Encoder` was given (``ids``: its table of ids)."""

    def __init__(self, given: list[tuple[str, ...]], ids: list[str]) -> None:
        self.given = [frozenset(names) for names in given]
        self.ids = ids

    def model(self, stored: tuple[Any, ...]) -> Any:
        """The model ``Encoder.model`` stored."""
        _kind, class_name, row, given = stored
        cls = _MODELS[class_name]
        names, _nested = _fields(cls)
        values = dict(zip(names, map(self.value, row), strict=True))
        return _construct(cls, values, set(self.given[given]))

    def models(self, stored: tuple[Any, ...]) -> list[Any]:
        """The list of models ``Encoder.models`` stored."""
        if stored[0] == "each":
            return [self.model(m) for m in stored[1]]
        _kind, class_name, columns, given_bytes = stored
        cls = _MODELS[class_name]
        names, _nested = _fields(cls)
        given, sets = _ints(given_bytes), self.given
        rows = zip(*map(self.column, columns), strict=True)
        new, setattr_ = cls.__new__, object.__setattr__
        set_given, set_extra, set_private = _SLOTS
        models: list[Any] = []
        append = models.append
        for row, g in zip(rows, given, strict=True):  # _construct, inlined: 100,000 times
            model = new(cls)
            setattr_(model, "__dict__", dict(zip(names, row, strict=True)))
            set_given(model, set(sets[g]))
            set_extra(model, None)
            set_private(model, None)
            append(model)
        return models

    def column(self, stored: tuple[str, Any]) -> list[Any]:
        """The values of one field ``Encoder.column`` stored."""
        kind, data = stored
        if kind == "text":
            return data.split(_SEP)  # type: ignore[no-any-return]
        if kind == "dates":
            return list(map(date.fromordinal, _ints(data)))
        if kind == "plain":
            return data  # type: ignore[no-any-return]
        return [self.value(v) for v in data]

    def value(self, value: Any) -> Any:
        """The value ``Encoder.value`` stored."""
        if type(value) is not tuple:
            return value  # plain, or a list or mapping of plain values
        kind = value[0]
        if kind == "ids":
            ids = self.ids
            return [ids[i] for i in _ints(value[1])]
        if kind == "list":
            return [self.value(v) for v in value[1]]
        if kind == "dict":
            return {k: self.value(v) for k, v in value[1].items()}
        return self.model(value)


_SLOTS = tuple(
    BaseModel.__dict__[name].__set__
    for name in ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
)


def _construct(cls: type[BaseModel], values: dict[str, Any], given: set[str]) -> Any:
    """What ``cls.model_construct`` builds, for values that were validated already.

    (pydantic's own ``model_construct`` spends microseconds a field on
    defaults and aliases that validated values do not need.)
    """
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    set_given, set_extra, set_private = _SLOTS
    set_given(model, given)
    set_extra(model, None)
    set_private(model, None)
    return model


def _ints(data: bytes) -> array[int]:
    numbers = array("i")
    numbers.frombytes(data)
    return numbers


def _relative(path: Path, root: str) -> tuple[bool, str]:
    text = str(path)
    if text.startswith(root + "/") or text.startswith(root + "\\"):
        return True, text[len(root) + 1 :]
    return False, text


def _absolute(stored: tuple[bool, str], root: Path) -> Path:
    relative, text = stored
    return root / text if relative else Path(text)


def encode_located(value: Any) -> Any:
    """A located value (LMap, LList, text, None) as plain values, its positions kept."""
    from ukmtool.core.yamlio.reader import LList, LMap

    if isinstance(value, LMap):
        return (
            "m",
            value.line,
            value.column,
            value.end_line,
            [
                (key, *value.key_pos[key], *value.value_pos[key], encode_located(item))
                for key, item in value.items()
            ],
        )
    if isinstance(value, LList):
        return (
            "l",
            value.line,
            value.column,
            value.end_line,
            [(*pos, encode_located(item)) for pos, item in zip(value.item_pos, value, strict=True)],
        )
    if value is None or isinstance(value, str):
        return value
    raise Unsupported(type(value).__name__)


def decode_located(stored: Any) -> Any:
    """The located value :func:`encode_located` was given."""
    from ukmtool.core.yamlio.reader import LList, LMap

    if not isinstance(stored, tuple):
        return stored
    kind, line, column, end, items = stored
    if kind == "m":
        mapping = LMap(line, column, end)
        keys: dict[str, tuple[int, int]] = {}
        values: dict[str, tuple[int, int, int]] = {}
        for key, key_line, key_column, value_line, value_column, value_end, item in items:
            mapping[key] = decode_located(item)
            keys[key] = (key_line, key_column)
            values[key] = (value_line, value_column, value_end)
        mapping.key_pos, mapping.value_pos = keys, values
        return mapping
    sequence = LList(line, column, end)
    sequence.extend(decode_located(item) for *_pos, item in items)
    sequence.item_pos = [
        (item_line, item_column, item_end) for item_line, item_column, item_end, _item in items
    ]
    return sequence
