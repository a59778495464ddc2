"""JSON on stdout: the machine-readable form every reporting command offers.

The text is exactly what ``json.dumps(data, ensure_ascii=False, indent=2)``
writes, terminal-unsafe characters then escaped.  orjson writes it (a
report of 100,000 participants is 60 MB of JSON: the standard library's
encoder takes seconds for it, since ``indent`` forces its pure-Python code);
the standard library writes what orjson would write differently: a number
below 0.0001 (orjson ``0.00001``, Python ``1e-05``), a whole number beyond 64
bits, a key that is not text.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import orjson

# json.dumps(ensure_ascii=False) escapes only U+0000-U+001F; these too could move a
# terminal's cursor or reorder text (C1 controls, bidi overrides), so they are written
# as \uXXXX escapes: the data stays exact, the text stays harmless.
_UNSAFE = re.compile("[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# The same characters in UTF-8 (in valid UTF-8 these bytes only ever match whole characters).
_UNSAFE_UTF8 = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_DIGITS = frozenset(b"0123456789")


def dumps(data: Any) -> str:
    """``data`` as indented JSON (dates as ISO text), with terminal-unsafe characters escaped."""
    fast = _fast(data, 0)
    return _standard(data) if fast is None else fast.decode("utf-8")


def dumps_bytes(data: Any, *, newline: bool = False) -> bytes:
    """:func:`dumps` as UTF-8 (and a final newline when ``newline``)."""
    fast = _fast(data, orjson.OPT_APPEND_NEWLINE if newline else 0)
    if fast is None:
        return (_standard(data) + ("\n" if newline else "")).encode("utf-8")
    return fast


def print_json(data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON with a final newline (dates as ISO text)."""
    sys.stdout.write(dumps(data))
    sys.stdout.write("\n")
    sys.stdout.flush()


def _fast(data: Any, option: int) -> bytes | None:
    """The JSON by orjson, or None where it would differ from the standard library's."""
    try:
        text = orjson.dumps(data, default=_default, option=_OPTIONS | option)
    except orjson.JSONEncodeError:
        return None
    if _tiny_number(text):
        return None
    if b"\x7f" in text or b"\xc2" in text or b"\xe2" in text:  # an unsafe character starts so
        return _UNSAFE_UTF8.sub(_escape_utf8, text)
    return text


def _tiny_number(text: bytes) -> bool:
    """Whether ``text`` may hold a number below 0.0001, which orjson writes unlike Python.

    orjson: ``0.00001``, ``1.5e-7``; Python: ``1e-05``, ``1.5e-07``.  Text that
    merely looks like one only sends the document the slower, same way.
    """
    if b"0.0000" in text:
        return True
    at = text.find(b"e-")
    while at != -1:
        if at > 0 and text[at - 1] in _DIGITS:
            return True
        at = text.find(b"e-", at + 2)
    return False


def _standard(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape_utf8(match: re.Match[bytes]) -> bytes:
    return f"\\u{ord(match.group().decode()):04x}".encode()


def _default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    raise TypeError(type(value).__name__)
