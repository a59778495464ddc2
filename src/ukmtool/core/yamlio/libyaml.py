"""The one place ukm imports libyaml, and what it uses when PyYAML was built without it.

Every reader of YAML events (``reader``, ``fastwalk``, ``ends``,
``scan``) takes :data:`Parser` from here: libyaml's ``CParser``
when PyYAML has it, else the same parser in pure Python (slower, same events
and nodes), so every reader behaves the same either way.  ``tests/test_architecture.py``
checks that no other module names libyaml.
"""

from __future__ import annotations

from typing import Any

from yaml.composer import Composer
from yaml.parser import Parser as _PyParser
from yaml.reader import Reader
from yaml.scanner import Scanner

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"


class PurePythonParser(Reader, Scanner, _PyParser, Composer):
    """PyYAML's own parser and composer: libyaml's events and nodes, in Python."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        _PyParser.__init__(self)
        Composer.__init__(self)


Parser: Any
"""``Parser(text)``: ``get_event()``, ``get_single_node()``, ``dispose()``."""
try:
    from yaml.cyaml import CParser as Parser  # type: ignore[attr-defined]

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    Parser = PurePythonParser
    HAVE_LIBYAML = False
