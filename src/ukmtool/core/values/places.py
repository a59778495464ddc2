"""Districts and sectors as offices write them, read as the programme spells them.

A district: ``Cepu``, ``cepu``, ``Kec. Cepu``, ``Kecamatan Cepu``, ``KEC CEPU``
are all Cepu when ``program.yaml`` lists Cepu; without a list, the name
without ``Kec.``/``Kecamatan``.  A sector: its name or one of its other names
(format 1.1: ``sectors: {batik: [batik tulis, batik cap]}``), case, spaces
and punctuation ignored.  A name the lists do not hold is refused with the
closest one or the list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ukmtool.core.fields import ValueProblem, norm, plain_text
from ukmtool.core.suggest import did_you_mean
from ukmtool.i18n import _
from ukmtool.masking import shown

_DISTRICT_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")
_DISTRICT_PREFIX = re.compile(r"(?:kecamatan|kec\s*\.|kec)\s*(?=\S)", re.IGNORECASE)


def without_prefix(text: str) -> str:
    """``Kec. Cepu`` / ``Kecamatan Cepu`` -> ``Cepu``; other text as it is (spaces tidied)."""
    text = " ".join(text.split())
    match = _DISTRICT_PREFIX.match(text)
    if match is None or (match.group(0).strip().casefold() == "kec" and match.end() == 3):
        return text  # "Kecil": a name that starts with kec, not a prefix
    return text[match.end() :]


def district(value: Any, districts: Sequence[str]) -> str:
    """The district ``value`` names, as ``districts`` (program.yaml's list) spells it."""
    raw = _required(value)
    if not districts:
        return without_prefix(raw)
    found = _find(raw, districts) or _find(without_prefix(raw), districts)
    if found is not None:
        return found
    bare = without_prefix(raw)
    hint = did_you_mean(bare, districts) or _(
        "It must be one of program.yaml's {field}s: {choices}."
    ).format(field="district", choices=", ".join(districts))
    raise ValueProblem(_("Unknown district '{value}'.").format(value=shown(raw)), hint)


def sector_named(
    written: str, sectors: Sequence[str], other_names: Mapping[str, Sequence[str]]
) -> str | None:
    """The sector ``written`` names, by its name or one of its other names, or None.

    Case, spaces and punctuation are ignored.
    """
    key = norm(written)
    for sector in sectors:
        if norm(sector) == key:
            return sector
    for sector, others in other_names.items():
        if any(norm(other) == key for other in others):
            return sector
    return None


def sector(value: Any, sectors: Sequence[str], other_names: Mapping[str, Sequence[str]]) -> str:
    """The sector ``value`` names, as ``sectors`` spells it (any name when there is no list)."""
    raw = _required(value)
    if not sectors:
        return " ".join(raw.split())
    found = sector_named(raw, sectors, other_names)
    if found is not None:
        return found
    hint = did_you_mean(raw, sectors) or _(
        "It must be one of program.yaml's {field}s: {choices}."
    ).format(field="sector", choices=", ".join(sectors))
    hint += " " + _(
        "Or, in program.yaml, give it as another name of the sector it belongs to: "
        "sectors: {{SECTOR: [{value}], ...}}."
    ).format(value=shown(raw.casefold(), 40))
    raise ValueProblem(_("Unknown sector '{value}'.").format(value=shown(raw)), hint)


def _required(value: Any) -> str:
    raw = plain_text(value)
    if not raw:
        raise ValueProblem(_("This must not be empty."))
    return raw


def _find(text: str, choices: Sequence[str]) -> str | None:
    """The choice ``text`` is, exactly, else ignoring case, else ignoring spaces and punctuation."""
    if text in choices:
        return text
    folded = text.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    key = norm(text)
    matches = [choice for choice in choices if norm(choice) == key]
    return matches[0] if len(matches) == 1 else None


def district_code(value: Any) -> str:
    """A district's Kemendagri region code (format 1.2 ``district_codes``): ``33.16.01``."""
    raw = plain_text(value)
    if not _DISTRICT_CODE.fullmatch(raw):
        raise ValueProblem(
            _("'{value}' is not a district code.").format(value=raw),
            _(
                "Write the Kemendagri code of the district (kecamatan) in quotes, "
                'for example "33.16.01".'
            ),
        )
    return raw
