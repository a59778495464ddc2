"""JSON on stdout: the machine-readable form every reporting command offers."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

# json.dumps(ensure_ascii=False) escapes only U+0000-U+001F; these too could move a
# terminal's cursor or reorder text (C1 controls, bidi overrides), so they are written
# as \uXXXX escapes: the data stays exact, the text stays harmless.
_UNSAFE = re.compile("[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def dumps(data: Any) -> str:
    """``data`` as indented JSON (dates as ISO text), with terminal-unsafe characters escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON with a final newline (dates as ISO text)."""
    sys.stdout.write(dumps(data))
    sys.stdout.write("\n")
    sys.stdout.flush()


def _default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    raise TypeError(type(value).__name__)
