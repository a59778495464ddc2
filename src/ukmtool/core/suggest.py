"""Closest-match suggestions for names a person mistyped."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ukmtool.i18n import _


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word`` (case-insensitive), or None."""
    options = list(choices)
    folded = {c.casefold(): c for c in options}
    key = word.casefold()
    if key in folded:
        return folded[key]
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


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
