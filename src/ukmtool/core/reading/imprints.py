"""What one file's bytes gave, kept on disk under the hash of those bytes: imprints.

An imprint holds what the per-file stage (``stages``) made of one file: its
models, its own problems (with their lines) and what the checks across files
ask of it (the session keys of an attendance file, the ids a list writes).
It is named by a hash of ukm's code and libraries, the language, the file's
path in the folder and a hash of its bytes (:func:`name`), so an imprint can
only ever be found again for exactly those bytes.

A writer that has just read back its own new text (``seeding``) stores the
imprint of the new bytes as a *delta* over the imprint of the old ones: "that
imprint, with these entries appended" (a list file), "with these entries
changed" or "with this sheet written" (an attendance file).  Reading an
imprint follows its bases; a chain longer than :data:`MAX_CHAIN` is stored
whole again (compacted) by whoever reads it.

On disk: one file per imprint in ``files/`` of the cache folder, written to
a temporary name and renamed into place, beginning with a magic line and a
JSON header (its name and a checksum of the rest), then the pickled plain
values, unpickled with no class allowed but ``datetime.date``.  A file that
is damaged, cut short, renamed or foreign is ignored (and rebuilt).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, cast

from ukmtool.core.models import Sheet
from ukmtool.core.reading import cachecodec as codec
from ukmtool.diagnostics import Diagnostic

FORMAT = 1
"""Raised whenever what an imprint means changes."""
MAX_CHAIN = 16
"""Deltas followed before an imprint is stored whole again."""
MAX_GROWN = 64
"""Earlier people tokens an imprint of participants.yaml keeps (see :attr:`Imprint.grown`)."""
FOLDER = "files"
SUFFIX = ".imprint"
_MAGIC = b"ukm cache imprint\n"

PROGRAM, MODULES, LIST, SHEETS = "program", "modules", "list", "sheets"
"""The kinds of imprint: ``program.yaml``, ``modules.yaml``, a list file, an attendance file."""


def digest(data: bytes) -> str:
    """The hash of a file's bytes that names its imprint (SHA-256: fast on today's CPUs)."""
    return hashlib.sha256(data).hexdigest()


def name(environment: str, rel: str, content: str) -> str:
    """The imprint of the file at ``rel`` (its path in the folder) of bytes of hash ``content``.

    ``environment`` is the hash of what shapes an imprint besides the bytes:
    ukm's code and libraries, the cache's format and the language of messages.
    """
    key = f"{environment}\0{rel}\0{content}".encode("utf-8", "surrogateescape")
    return hashlib.blake2b(key, digest_size=20).hexdigest()


@dataclass(frozen=True, slots=True)
class SheetKey:
    """One session key of an attendance file, in the file's order.

    ``model``: a hash of the sheet as validated ("": it did not validate);
    ``text``: a hash of its text, from its key's line to the next key's line.
    """

    key: str
    number: int
    line: int
    model: str
    text: str


@dataclass(frozen=True, slots=True)
class Appended:
    """One append delta: its base, the number of entries before it, the new entries' sources."""

    base: str
    start: int
    located: list[Any] | None


@dataclass
class Imprint:
    """What one file's bytes gave (see the module), read back or just built.

    ``value``: the settings (or None), the list's models, or the sheets by
    session number.  ``listed``: the ids the file writes that are not the id
    of a model (entries with errors of their own; None: the file could not
    be read as a list).  ``token`` names who is registered and since when, as
    far as the checks that ask only that are concerned: two imprints of
    participants.yaml with one token register the same ids on the same days;
    ``grown`` holds earlier tokens whose registrations this imprint keeps, only
    adding more (participants appended).  ``chain``: this imprint's name and
    those of the imprints it is a delta over.
    """

    name: str
    kind: str
    value: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    listed: list[str] | None = field(default_factory=list)
    keys: list[SheetKey] = field(default_factory=list)
    token: str = ""
    grown: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()
    appended: tuple[Appended, ...] = ()
    """The appends of this imprint's deltas since its last whole one, oldest first."""

    def since(self, earlier: str) -> tuple[int, list[Any]] | None:
        """Entries appended since the imprint ``earlier``: where they start, and their sources.

        None unless this imprint is ``earlier`` with entries appended, each append
        with its located source (``delta``); the sources hold the lines of the
        file as it is now (an append moves no earlier line).
        """
        found: list[Any] = []
        start = None
        for step in self.appended:
            if step.base == earlier:
                start = step.start
                found = []
            if start is not None:
                if step.located is None:
                    return None
                found.extend(step.located)
        if start is None:
            return None
        return start, found

    @property
    def clean(self) -> bool:
        """The file has no problem of its own."""
        return not self.diagnostics

    @property
    def depth(self) -> int:
        """How many deltas were followed to read it."""
        return len(self.chain) - 1


# ---------------------------------------------------------------- encoding


def encode(imprint: Imprint, root: Path) -> dict[str, Any]:
    """The whole ``imprint`` as plain values (a full imprint, no base)."""
    out = codec.Encoder()
    if imprint.value is None:  # program.yaml unusable, an attendance file not read as sheets
        value: Any = None
    elif imprint.kind == PROGRAM:
        value = out.model(imprint.value)
    elif imprint.kind == SHEETS:
        value = [(number, out.model(sheet)) for number, sheet in imprint.value.items()]
    else:
        value = out.models(imprint.value)
    given, ids = out.tables()
    return {
        "format": FORMAT,
        "kind": imprint.kind,
        "op": "full",
        "base": None,
        "value": value,
        "given": given,
        "ids": ids,
        "diagnostics": codec.encode_diagnostics(imprint.diagnostics, root),
        "listed": imprint.listed,
        "keys": [_key_tuple(k) for k in imprint.keys],
        "token": imprint.token,
        "grown": list(imprint.grown),
    }


def _key_tuple(key: SheetKey) -> tuple[str, int, int, str, str]:
    return (key.key, key.number, key.line, key.model, key.text)


def delta(kind: str, base: str, op: str, **parts: Any) -> dict[str, Any]:
    """A delta over the imprint ``base`` (see :func:`apply` for each ``op`` and its parts)."""
    return {"format": FORMAT, "kind": kind, "op": op, "base": base, **parts}


def encode_models(models: list[Any]) -> dict[str, Any]:
    """Models of a delta (a list), with their tables."""
    out = codec.Encoder()
    value = out.models(models)
    given, ids = out.tables()
    return {"value": value, "given": given, "ids": ids}


def encode_model(model: Any) -> dict[str, Any]:
    """One model of a delta, with its tables."""
    out = codec.Encoder()
    value = out.model(model)
    given, ids = out.tables()
    return {"value": value, "given": given, "ids": ids}


def sheet_digest(sheet: Sheet | None) -> str:
    """A hash of a sheet as validated: its lists (and any other field), in order."""
    if sheet is None:
        return ""
    found = hashlib.blake2b(digest_size=16)
    for field_name, value in sheet.__dict__.items():
        found.update(field_name.encode() + b"\1")
        if isinstance(value, list):
            found.update("\0".join(value).encode("utf-8", "surrogateescape"))
        elif isinstance(value, dict):
            found.update(
                "\0".join(f"{k}\1{v}" for k, v in value.items()).encode("utf-8", "surrogateescape")
            )
        else:
            found.update(repr(value).encode("utf-8", "surrogateescape"))
        found.update(b"\2")
    return found.hexdigest()


def text_digest(text: str) -> str:
    """A hash of a piece of text (a sheet's lines)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


# ---------------------------------------------------------------- decoding, following deltas


@dataclass(frozen=True, slots=True)
class People:
    """The participants of a load: the name of their imprint, and their ids, one string each.

    ``canonical``: id -> the participants' own string; ``ids``: those strings,
    in the order of the file (an id written twice, once).
    """

    name: str
    ids: list[str]
    canonical: dict[str, str]

    @classmethod
    def of(cls, name: str, participants: list[Any]) -> People:
        """The people of the imprint ``name`` holding ``participants``."""
        canonical = {p.id: p.id for p in participants}
        return cls(name, list(canonical.values()), canonical)


def by_place(
    payload: dict[str, Any], people: People, index: dict[str, int]
) -> dict[str, Any] | None:
    """An attendance file's ``payload`` with its ids as places in ``people.ids`` (``index``).

    Read back for the same participants, its ids are the participants' own
    strings at once, with no look-up (:meth:`Reader.decoder`); an id nobody
    has is kept as text after them.  Other payloads are returned as they are;
    None: a payload by place for other participants.
    """
    if payload.get("kind") != SHEETS:
        return payload
    ids = payload.get("ids")
    if ids is None:
        return payload if payload["places"][0] == people.name else None
    if not ids:
        return payload
    found = list(map(index.get, ids))
    strays: list[str] = []
    if None in found:
        for at, pid in enumerate(ids):
            if found[at] is None:
                found[at] = len(people.ids) + len(strays)
                strays.append(pid)
    places = array("i", cast(list[int], found)).tobytes()  # (no None left)
    return {**payload, "ids": None, "places": (people.name, places, strays)}


@dataclass(frozen=True, slots=True)
class Pickled:
    """A payload as pickled (``data``), its kind, and whose places its ids are (``by_place``)."""

    kind: str
    placed: str | None
    data: bytes


class Reader:
    """Reads the imprints of one cache folder for one programme folder: follows deltas.

    ``kept``: payloads at hand already, pickled (``lastload``: those the
    folder's last load used), taken before a file of ``files/``.
    """

    def __init__(self, where: Path, root: Path, kept: dict[str, bytes] | None = None):
        self.where = where
        self.root = root
        self.kept = kept if kept is not None else {}
        self.people: People | None = None
        """The participants of this load: an attendance file's ids are mapped onto theirs."""
        self.used: dict[str, Pickled] = {}
        """Every payload this reader used or was given (:meth:`made`), by imprint name."""
        self.read: list[str] = []
        """The imprints read from their own file in ``files/`` (for tests and profiles)."""

    def payload(self, wanted: str) -> dict[str, Any] | None:
        """The payload of the imprint ``wanted``: at hand, else from its file, else None."""
        data = self.kept.get(wanted)
        found = None if data is None else payload_of(data)
        if found is not None and not self._for_these_people(found):
            found = None  # by place for other participants: its own file has it whole
        if found is None:
            data = read_pickled(self.where, wanted)
            found = None if data is None else payload_of(data)
            if data is None or found is None:
                return None
            self.read.append(wanted)
        placed = found["places"][0] if found.get("ids", ()) is None else None
        self.used[wanted] = Pickled(found.get("kind", ""), placed, data)  # type: ignore[arg-type]
        return found

    def _for_these_people(self, payload: dict[str, Any]) -> bool:
        """Whether ``payload`` has its ids as text, or by place in this load's participants."""
        if payload.get("ids", ()) is not None:
            return True
        return self.people is not None and payload["places"][0] == self.people.name

    def made(self, wanted: str, payload: dict[str, Any], data: bytes) -> None:
        """Note the payload just stored as the imprint ``wanted`` (``data``: as pickled)."""
        self.used[wanted] = Pickled(payload["kind"], None, data)

    def imprint(self, wanted: str, depth: int = 0) -> Imprint | None:
        """The imprint named ``wanted`` (following its bases), or None when it is not usable."""
        payload = self.payload(wanted)
        if payload is None or depth > 2 * MAX_CHAIN or payload.get("format") != FORMAT:
            return None
        try:
            base_name = payload["base"]
            if base_name is None:
                return self._full(wanted, payload)
            base = self.imprint(base_name, depth + 1)
            if base is None or base.kind != payload["kind"] or not base.clean:
                return None
            return apply(base, wanted, payload, self)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None  # a payload not of this version's making: not used

    def _full(self, wanted: str, payload: dict[str, Any]) -> Imprint:
        kind = payload["kind"]
        read_ = self.decoder(payload, kind)
        stored = payload["value"]
        if stored is None:
            value: Any = None
        elif kind == PROGRAM:
            value = read_.model(stored)
        elif kind == SHEETS:
            value = {number: read_.model(sheet) for number, sheet in stored}
        else:
            value = read_.models(stored)
        return Imprint(
            wanted,
            kind,
            value,
            codec.decode_diagnostics(payload["diagnostics"], self.root),
            payload["listed"],
            [SheetKey(*k) for k in payload["keys"]],
            payload["token"] or wanted,
            tuple(payload["grown"]),
            (wanted,),
        )

    def decoder(self, payload: dict[str, Any], kind: str) -> codec.Decoder:
        """The decoder of a payload's models; an attendance file's ids are the participants'."""
        ids = payload["ids"]
        people = self.people
        if ids is None and people is not None:  # by place, for these participants (payload())
            _name, stored, strays = payload["places"]
            places = array("i")
            places.frombytes(stored)
            table = people.ids + strays
            ids = list(map(table.__getitem__, places))
        elif kind == SHEETS and people is not None and ids:
            ids = list(map(people.canonical.get, ids, ids))
        return codec.Decoder(payload["given"], ids)


def apply(base: Imprint, wanted: str, payload: dict[str, Any], reader: Reader) -> Imprint:
    """The imprint ``wanted``: ``base`` with the delta ``payload`` applied.

    - ``append`` (a list file): ``value`` holds entries added after the last one;
    - ``replace`` (a list file): ``value`` holds ``(index, entry)`` pairs, entries
      changed in place; ``people`` says whether who is registered and since
      when stayed the same;
    - ``sheet`` (an attendance file): ``key`` is the session key written (the
      sheet replaced in place, or added at the end), ``value`` its sheet, and
      ``moved`` ``(line, lines)``: the keys below ``line`` moved by ``lines``.
    """
    op = payload["op"]
    read_ = reader.decoder(payload, base.kind)
    chain = (wanted, *base.chain)
    if op == "append":
        models = base.value + read_.models(payload["value"])
        grown = (*base.grown, base.token)[-MAX_GROWN:]
        located = payload.get("located")
        step = Appended(
            base.name,
            len(base.value),
            None if located is None else [codec.decode_located(item) for item in located],
        )
        return replace(
            base,
            name=wanted,
            value=models,
            token=wanted,
            grown=grown,
            chain=chain,
            appended=(*base.appended, step),
        )
    if op == "replace":
        models = list(base.value)
        for index, stored in payload["value"]:
            models[index] = read_.model(stored)
        if payload["people"]:
            return replace(base, name=wanted, value=models, chain=chain, appended=())
        return replace(
            base, name=wanted, value=models, token=wanted, grown=(), chain=chain, appended=()
        )
    if op == "sheet":
        key = SheetKey(*payload["key"])
        sheet = read_.model(payload["value"])
        sheets = dict(base.value)
        sheets[key.number] = sheet
        after, lines = payload["moved"]
        keys: list[SheetKey] = []
        found = False
        for old in base.keys:
            if old.key == key.key:
                keys.append(key)
                found = True
            elif old.line > after and lines:
                keys.append(replace(old, line=old.line + lines))
            else:
                keys.append(old)
        if not found:
            keys.append(key)
        return replace(base, name=wanted, value=sheets, keys=keys, chain=chain)
    raise ValueError(op)


# ---------------------------------------------------------------- on disk


def path_of(where: Path, imprint_name: str) -> Path:
    """Where the imprint ``imprint_name`` is kept."""
    return where / FOLDER / f"{imprint_name}{SUFFIX}"


def read(where: Path, imprint_name: str) -> dict[str, Any] | None:
    """The payload of the imprint ``imprint_name``, or None (missing, damaged, foreign)."""
    data = read_pickled(where, imprint_name)
    return None if data is None else payload_of(data)


def read_pickled(where: Path, imprint_name: str) -> bytes | None:
    """The payload of the imprint ``imprint_name`` as pickled, its checksum checked, or None."""
    try:
        with open(path_of(where, imprint_name), "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                return None
            header = json.loads(handle.readline())
            if not isinstance(header, dict) or header.get("name") != imprint_name:
                return None
            data = handle.read()
        if hashlib.blake2b(data, digest_size=32).hexdigest() != header.get("checksum"):
            return None
        return data
    except Exception:  # anything wrong with an imprint means: not there
        return None


def payload_of(data: bytes) -> dict[str, Any] | None:
    """The payload pickled in ``data``, or None (not a payload: damaged, foreign)."""
    try:
        found = unpickle(data)
    except Exception:  # anything wrong with a payload means: not there
        return None
    return found if isinstance(found, dict) else None


def unpickle(data: bytes) -> Any:
    """The plain values pickled in ``data`` (no class allowed but ``datetime.date``)."""
    return _Unpickler(io.BytesIO(data)).load()


def write(where: Path, imprint_name: str, payload: dict[str, Any]) -> bytes | None:
    """Store ``payload`` as the imprint ``imprint_name``: it as pickled, or None (not stored)."""
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except (codec.Unsupported, pickle.PicklingError, TypeError, RecursionError):
        return None
    header = {"name": imprint_name, "checksum": hashlib.blake2b(data, digest_size=32).hexdigest()}
    try:
        head = _MAGIC + json.dumps(header).encode() + b"\n"
        put(where, f"{imprint_name}{SUFFIX}", head + data, FOLDER)
    except OSError:
        return None
    return data


def put(where: Path, file_name: str, data: bytes, folder: str = "") -> None:
    """Write ``data`` to ``file_name`` in the cache ``where`` (its ``folder``), atomically.

    The cache folder and its folders are made readable by their owner only, so is the file.
    """
    put_with(where, file_name, lambda handle: handle.write(data), folder)


def put_with(
    where: Path, file_name: str, write: Callable[[BinaryIO], object], folder: str = ""
) -> None:
    """:func:`put` of what ``write`` writes to the file it is given (a large file, streamed)."""
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory = where / folder if folder else where
    directory.mkdir(mode=0o700, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(temp, directory / file_name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class _Unpickler(pickle.Unpickler):
    """Plain values only: no class may be loaded but ``datetime.date``."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return date
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a ukm cache")
