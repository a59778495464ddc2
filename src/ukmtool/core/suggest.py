"""Closest-match suggestions for names a person mistyped."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable

from ukmtool.i18n import _

MANY = 200
"""More choices than this are narrowed to their neighbours before they are compared."""
NEIGHBOURS = 40
"""How many choices on each side of ``word``, in the order of the text and of the text
read backwards: a typo near the end or near the start keeps the rest in place."""


class _Index:
    """The choices folded, and sorted forwards and backwards (built once per list)."""

    def __init__(self, options: list[str]) -> None:
        self.folded = {c.casefold(): c for c in options}
        self.forwards = sorted(self.folded)
        self.backwards = sorted(key[::-1] for key in self.folded)

    def candidates(self, key: str) -> list[str]:
        near: dict[str, None] = {}
        for ordered, probe, flip in (
            (self.forwards, key, False),
            (self.backwards, key[::-1], True),
        ):
            at = bisect.bisect_left(ordered, probe)
            for found in ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]:
                near[found[::-1] if flip else found] = None
        return list(near)


_LAST: list[tuple[object, int, _Index]] = []  # the last list indexed, its length, its index


def _index(choices: list[str] | tuple[str, ...]) -> _Index:
    """The index of ``choices``; the last one is kept (the checks ask for one list often)."""
    if _LAST and _LAST[0][0] is choices and _LAST[0][1] == len(choices):
        return _LAST[0][2]
    index = _Index(list(choices))
    _LAST[:] = [(choices, len(choices), index)]
    return index


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word`` (case-insensitive), or None.

    A long list (a programme's ids) is not compared whole: only the choices
    next to ``word`` in sorted order, forwards and backwards, are, so that a
    suggestion costs about the same at 100,000 ids as at 100.
    """
    options = choices if isinstance(choices, list | tuple) else list(choices)
    key = word.casefold()
    if len(options) <= MANY:
        folded = {c.casefold(): c for c in options}
        if key in folded:
            return folded[key]
        match = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
        return folded[match[0]] if match else None
    index = _index(options)
    if key in index.folded:
        return index.folded[key]
    match = difflib.get_close_matches(key, index.candidates(key), n=1, cutoff=cutoff)
    return index.folded[match[0]] if match else None


def match_case_insensitive(word: str, choices: Iterable[str]) -> str | None:
    """The choice equal to ``word`` ignoring case and surrounding spaces, or None."""
    key = word.strip().casefold()
    for choice in choices:
        if choice.casefold() == key:
            return choice
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A translated "Did you mean X?" or None."""
    best = closest(word, choices)
    return _("Did you mean '{choice}'?").format(choice=best) if best else None
