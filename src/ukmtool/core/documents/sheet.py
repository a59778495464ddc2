"""The sign-in sheet (daftar hadir) of a session: who is expected, in which order, in which group.

One row per participant registered by the session's date (of the districts
or tags chosen), numbered, with id, owner, business, L/P and village /
district; the template draws the signature column in the zig-zag of
Indonesian forms (odd numbers sign on the left, even on the right), blank
rows for walk-ins, and the trainer's and the officer's signature blocks.
With a split, each district (or tag) gets a sheet of its own, numbered
from 1.  The rows are built a part at a time (:class:`SheetRows`): a sheet of
100,000 rows never exists as one list of dicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from ukmtool.core.documents.letterhead import document_base, place_date, signatory
from ukmtool.core.documents.rows import RowsOnDemand
from ukmtool.core.models import Module, Participant
from ukmtool.core.programme import Programme
from ukmtool.core.suggest import did_you_mean
from ukmtool.errors import NotFoundError
from ukmtool.i18n import _, pgettext
from ukmtool.localefmt import format_date, format_decimal, format_time, weekday

DEFAULT_BLANK_ROWS = 2
"""Rows left empty at the end of a sheet for walk-ins."""
PART_ROWS = 320
"""Rows a part of a sheet holds when it is compiled (about twenty pages)."""

_DIGITS = re.compile(r"([0-9]{1,18})")  # 0-9 only, and few enough for int()
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
"""What a file name may not hold on Windows (or anywhere)."""


class Order(StrEnum):
    """How the rows of a sign-in sheet are ordered."""

    ID = "id"
    DISTRICT = "district"
    NAME = "name"


class Split(StrEnum):
    """What a set of sign-in sheets is split by: one file per group."""

    DISTRICT = "district"
    TAG = "tag"


@dataclass(frozen=True)
class Group:
    """A part of the participants with a sheet (and a file) of its own."""

    kind: Split
    name: str
    """As the files write it (``Cepu``, ``unggulan``); empty for the untagged."""

    def label(self) -> str:
        """What the sheet's heading says of the group."""
        return self.name or _("no tag")

    def file_part(self) -> str:
        """The group's part of a file name: the name as written, safe on any system."""
        text = _UNSAFE.sub("-", self.label()).strip(" .-")
        return "-".join(text.split()) or "-"


def natural_key(text: str) -> tuple[Any, ...]:
    """``UKM-2`` before ``UKM-10``; letters without regard to case."""
    parts = _DIGITS.split(text)  # text, digits, text, digits, ..., text
    return tuple(int(part) if i % 2 else part.casefold() for i, part in enumerate(parts))


def ordered(participants: Sequence[Participant], order: Order) -> list[Participant]:
    """``participants`` in the order the officer chose."""
    if order is Order.DISTRICT:
        return sorted(
            participants,
            key=lambda p: (
                p.district.casefold(),
                (p.village or "").casefold(),
                p.owner.casefold(),
                natural_key(p.id),
            ),
        )
    if order is Order.NAME:
        return sorted(participants, key=lambda p: (p.owner.casefold(), natural_key(p.id)))
    return sorted(participants, key=lambda p: natural_key(p.id))


def expected(programme: Programme, on: date) -> list[Participant]:
    """The participants a session dated ``on`` expects: registered by that day."""
    return [p for p in programme.participants if p.registered <= on]


def chosen_districts(programme: Programme, names: Sequence[str]) -> set[str]:
    """The districts ``--district`` names, as casefolded keys; NotFoundError for unknown ones."""
    known = list(programme.settings.districts) or sorted(
        {p.district for p in programme.participants}, key=str.casefold
    )
    by_key = {d.casefold(): d for d in known}
    return _chosen(names, by_key, _("district"), _("The districts are: {names}."))


def chosen_tags(programme: Programme, names: Sequence[str]) -> set[str]:
    """The tags ``--tag`` names, as casefolded keys; NotFoundError for tags nobody has."""
    known = sorted({t for p in programme.participants for t in p.tags}, key=str.casefold)
    by_key = {t.casefold(): t for t in known}
    return _chosen(names, by_key, _("tag"), _("The tags are: {names}."))


def _chosen(names: Sequence[str], by_key: Mapping[str, str], kind: str, every: str) -> set[str]:
    wanted: set[str] = set()
    problems: list[str] = []
    for name in names:
        key = " ".join(name.split()).casefold()
        if key in by_key:
            wanted.add(key)
            continue
        line = _("No {kind} is called '{name}'.").format(kind=kind, name=name)
        suggestion = did_you_mean(name, by_key.values())
        problems.append(f"{line} {suggestion}" if suggestion else line)
    if problems:
        raise NotFoundError(
            _("Nothing was written."),
            problems,
            hint=every.format(names=", ".join(by_key.values()) or "-"),
        )
    return wanted


def select(
    participants: Sequence[Participant], districts: set[str], tags: set[str]
) -> list[Participant]:
    """Those of ``participants`` in one of ``districts`` and with one of ``tags`` (empty: any)."""
    return [
        p
        for p in participants
        if (not districts or p.district.casefold() in districts)
        and (not tags or any(t.casefold() in tags for t in p.tags))
    ]


def grouped(
    participants: Sequence[Participant], split: Split | None, tags: set[str]
) -> list[tuple[Group | None, list[Participant]]]:
    """The participants by group (one group, None, without a split), groups by name.

    By tag, a participant with two tags is in both groups (of the tags chosen,
    when ``--tag`` chose some); the untagged come last, in a group of their own.
    """
    if split is None:
        return [(None, list(participants))]
    groups: dict[str, tuple[Group, list[Participant]]] = {}
    for p in participants:
        if split is Split.DISTRICT:
            names = [p.district]
        else:
            names = [t for t in p.tags if not tags or t.casefold() in tags] or [""]
        for name in names:
            key = name.casefold()
            if key not in groups:
                groups[key] = (Group(split, name), [])
            groups[key][1].append(p)
    found = sorted(groups.items(), key=lambda item: (item[0] == "", natural_key(item[0])))
    return [group for _key, group in found]


def gender_letter(code: str) -> str:
    """The owner's gender in the sheet's one-letter column: L/P in Indonesian, M/F in English."""
    return {"M": pgettext("gender letter", "M"), "F": pgettext("gender letter", "F")}.get(
        code, code
    )


class SheetRows(RowsOnDemand):
    """A sheet's rows, each made when a part asks for it."""

    def __init__(self, participants: Sequence[Participant]) -> None:
        self.participants = participants
        self.letters = {code: gender_letter(code) for code in ("F", "M")}

    def __len__(self) -> int:
        return len(self.participants)

    def _row(self, index: int) -> dict[str, Any]:
        p = self.participants[index]
        return {
            "no": index + 1,
            "id": p.id,
            "owner": p.owner,
            "business": p.business,
            "gender": self.letters.get(p.gender, p.gender),
            "village": p.village,
            "district": p.district,
        }


@dataclass(frozen=True)
class SheetDocument:
    """One sheet to print: its heading's data and its rows."""

    data: dict[str, Any]
    rows: SheetRows


def sheet_document(
    programme: Programme,
    module: Module,
    number: int,
    people: Sequence[Participant],
    group: Group | None,
    blank_rows: int,
    today: date,
) -> SheetDocument:
    """One session's sheet for ``people`` (already chosen and ordered)."""
    session = module.sessions[number]
    settings = programme.settings
    data = document_base(settings, today)
    officer = settings.signatories.officer if settings.signatories else None
    session_words = _("Session {number}").format(number=number)
    footer = [_("Attendance list"), module.title, session_words]
    if group is not None:
        footer.append(group.label())
    data.update(
        {
            "title": _("ATTENDANCE LIST"),
            "module": {"id": module.id, "title": module.title},
            "session": {
                "number": number,
                "day": f"{weekday(session.date)}, {format_date(session.date)}",
                "time": format_time(session.time) if session.time else None,
                "topic": session.topic,
                "trainer": session.trainer,
                "place": session.place or settings.venue,
                "hours": format_decimal(session.hours) if session.hours is not None else None,
            },
            "group": (
                None
                if group is None
                else {
                    "label": _("District") if group.kind is Split.DISTRICT else _("Group (tag)"),
                    "name": group.label(),
                }
            ),
            "officer": signatory(officer),
            "place_date": place_date(settings, session.date),
            "blank_rows": blank_rows,
            "footer": " · ".join(footer),
            "labels": sheet_labels(),
        }
    )
    return SheetDocument(data, SheetRows(people))


def sheet_documents(
    programme: Programme,
    sessions: Sequence[tuple[Module, int]],
    *,
    order: Order,
    districts: set[str],
    tags: set[str],
    split: Split | None,
    blank_rows: int,
    today: date,
) -> list[tuple[Group | None, Callable[[], Iterator[SheetDocument]]]]:
    """Per group (one, None, without a split): its sheets, one per session, made when asked for."""
    chosen = select(programme.participants, districts, tags)
    result: list[tuple[Group | None, Callable[[], Iterator[SheetDocument]]]] = []
    for group, people in grouped(chosen, split, tags):

        def documents(
            people: list[Participant] = people, group: Group | None = group
        ) -> Iterator[SheetDocument]:
            for module, number in sessions:
                day = module.sessions[number].date
                here = ordered([p for p in people if p.registered <= day], order)
                yield sheet_document(programme, module, number, here, group, blank_rows, today)

        result.append((group, documents))
    return result


def sheet_labels() -> dict[str, str]:
    """The words of the sheet, in the document's language."""
    return {
        "programme": _("Programme"),
        "module": _("Module"),
        "session": _("Session"),
        "day": _("Day, date"),
        "time": _("Time"),
        "topic": _("Topic"),
        "trainer": _("Trainer"),
        "place": _("Venue"),
        "hours": _("Hours"),
        "no": _("No."),
        "id": _("ID"),
        "owner": _("Name"),
        "business": _("Business"),
        "gender": pgettext("gender letter", "M/F"),
        "village_district": _("Village / district"),
        "signature": _("Signature"),
        "participants": _("Participants"),
        "expected": _("participants expected"),
        "walk_in": _("Not on the list: write the name, business and district."),
        "trainer_sign": _("Trainer"),
        "officer_sign": _("Programme officer"),
        "nip": _("NIP"),
        "page": _("Page"),
        "of": _("of"),
    }
