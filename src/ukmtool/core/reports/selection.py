"""Choosing participants by where they stand in the programme, and by district, sector, tag.

``ukm tag add unggulan --status graduated`` and ``ukm register --from OLD
--status not-graduated`` choose the same way: a participant's status in
the programme comes from the rules (every module's status), and the
district, sector and tag filters are those of the reports
(``filters.resolve``: values as ``register`` reads them, any case).

The programme statuses, each with the words a person may type for it (English, and
Indonesian as the reports print them):

- ``graduated`` (``lulus``): every module completed (or exempt): ``rules.graduates``;
- ``not-graduated`` (``belum-lulus``): not graduated;
- ``failed`` (``tidak-lulus``, ``gagal``): a module failed;
- ``missed`` (``terlewat``): a module none of whose sessions counts for them;
- ``at-risk`` (``berisiko``): at risk in a module;
- ``in-progress`` (``berjalan``): not graduated, and nothing failed or missed yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ukmtool.core.fields import ValueProblem
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters, resolve, select
from ukmtool.core.rules import ModuleRoll, Roster, Status, graduates
from ukmtool.i18n import _

PROGRAMME_STATUSES: tuple[str, ...] = (
    "graduated",
    "not-graduated",
    "failed",
    "missed",
    "at-risk",
    "in-progress",
)
_WORDS: dict[str, str] = {
    **{word: word for word in PROGRAMME_STATUSES},
    "lulus": "graduated",
    "belum-lulus": "not-graduated",
    "tidak-lulus": "failed",
    "gagal": "failed",
    "terlewat": "missed",
    "berisiko": "at-risk",
    "berjalan": "in-progress",
}


def status_named(word: str) -> str:
    """The status in the programme ``word`` names (any case, ``_`` or `` `` for ``-``)."""
    folded = "-".join(word.replace("_", " ").replace("-", " ").casefold().split())
    found = _WORDS.get(folded)
    if found is None:
        raise ValueProblem(
            _("'{word}' is not a status in the programme.").format(word=word),
            _("Use one of: {words}.").format(words=", ".join(PROGRAMME_STATUSES)),
        )
    return found


@dataclass(frozen=True, slots=True)
class Selection:
    """Whom to choose: any of ``statuses`` (in the programme), then district, sector, tag."""

    statuses: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """Whether anything is chosen by."""
        return bool(self.statuses or self.districts or self.sectors or self.tags)


def choose(programme: Programme, selection: Selection) -> list[Participant]:
    """The participants ``selection`` chooses, in the file's order.

    A district, sector or tag that names nothing is a :class:`NotFoundError`
    (as in the reports), listing every such value.
    """
    filters = resolve(
        programme,
        Filters(districts=selection.districts, sectors=selection.sectors, tags=selection.tags),
        tag_option="--tagged",  # the option of `ukm tag` and `register --from` that chooses by tag
    )
    chosen = select(programme, filters)
    if not selection.statuses:
        return chosen
    wanted = set(selection.statuses)
    words = programme_statuses(programme)
    return [p for p in chosen if wanted & words[p.id]]


def programme_statuses(programme: Programme) -> dict[str, frozenset[str]]:
    """Each participant's statuses in the programme (several: failed and at-risk, say)."""
    count = len(programme.participants)
    failed = [False] * count
    missed = [False] * count
    at_risk = [False] * count
    graduated = {graduate.participant.id for graduate in graduates(programme)}
    passed = [p.id in graduated for p in programme.participants]
    roster = Roster(programme.participants)
    for module in programme.modules:
        roll = ModuleRoll(module, programme.sheets.get(module.id, {}))
        column = roll.standings(roster, programme.min_attendance(module))
        for i, one in enumerate(column):  # an exempt module is neither failed nor missed
            if one.status is Status.MISSED:  # no session counts (rules 2.1): apart from failed
                missed[i] = True
            elif one.status is Status.FAILED:
                failed[i] = True
            if one.at_risk:
                at_risk[i] = True
    result: dict[str, frozenset[str]] = {}
    for i, participant in enumerate(programme.participants):
        words = ["graduated" if passed[i] else "not-graduated"]
        if failed[i]:
            words.append("failed")
        if missed[i]:
            words.append("missed")
        if at_risk[i]:
            words.append("at-risk")
        if not (passed[i] or failed[i] or missed[i]):
            words.append("in-progress")
        result[participant.id] = frozenset(words)
    return result


def described(selection: Selection) -> Sequence[str]:
    """The selection in words, for a person: ``graduated``, ``district Cepu``."""
    parts = [*selection.statuses]
    parts += [_("district {name}").format(name=d) for d in selection.districts]
    parts += [_("sector {name}").format(name=s) for s in selection.sectors]
    parts += [_("tag {name}").format(name=t) for t in selection.tags]
    return parts
