"""Choosing participants (``--district``, ``--sector``, ``--tag``, ``--status``, ``--search``).

The same values group them (``--by``).

Each option may be given more than once: values of one option are
alternatives (``--district Cepu --district Jepon``), different options must
all hold.  Values are matched ignoring case; a value that names nothing the
programme knows is a usage error listing every such value with a suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ukmtool.core.fields import ValueProblem
from ukmtool.core.models import Participant
from ukmtool.core.programme import Programme
from ukmtool.core.rules import Standing, Status
from ukmtool.core.suggest import did_you_mean, match_case_insensitive
from ukmtool.core.values import places
from ukmtool.errors import NotFoundError
from ukmtool.i18n import _

STATUS_CHOICES: tuple[str, ...] = (
    "completed",
    "in_progress",
    "failed",
    "at_risk",
    "missed",
    "exempt",
)
STATUS_WORDS: dict[str, str] = {
    "completed": "completed",
    "in progress": "in_progress",
    "failed": "failed",
    "at risk": "at_risk",
    "missed": "missed",
    "exempt": "exempt",
    # the words the Indonesian report prints (and ``lulus``, as offices say it)
    "selesai": "completed",
    "lulus": "completed",
    "berjalan": "in_progress",
    "tidak lulus": "failed",
    "berisiko": "at_risk",
    "terlewat": "missed",
    "dibebaskan": "exempt",
}
"""What ``--status`` takes, written as :func:`status_word` folds it, -> the status."""
_STATES: tuple[Status, ...] = tuple(Status)

Verdict = tuple[str, bool, bool]
"""A participant's standing (completed, in_progress, failed, missed or exempt; in the
programme: completed, in_progress, failed or missed), whether at risk, whether exempt."""
GROUP_CHOICES: tuple[str, ...] = ("district", "sector", "gender", "tag")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which participants a report or list holds."""

    districts: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    search: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.districts or self.sectors or self.tags or self.statuses or self.search)

    def to_dict(self) -> dict[str, object]:
        """The filters as given, for JSON output."""
        return {
            "district": list(self.districts),
            "sector": list(self.sectors),
            "tag": list(self.tags),
            "status": list(self.statuses),
            "search": self.search,
        }


def status_word(word: str) -> str | None:
    """The status ``word`` names, in English or Indonesian; None when it names none.

    Case, ``_`` and ``-`` do not matter: ``tidak lulus`` -> ``failed``,
    ``In-Progress`` -> ``in_progress``.
    """
    from ukmtool.localefmt import status_label

    folded = " ".join(word.replace("_", " ").replace("-", " ").casefold().split())
    found = STATUS_WORDS.get(folded)
    if found is None:  # the word the report prints in the language in use
        found = next((c for c in STATUS_CHOICES if status_label(c).casefold() == folded), None)
    return found


def resolve(programme: Programme, filters: Filters, tag_option: str = "--tag") -> Filters:
    """``filters`` with each value spelled as in the programme; every unknown one is an error.

    ``tag_option`` is the option the tags were given with, as a message names
    it (``--tagged`` where ``--tag`` means another thing: ``tag``, ``register``).
    """
    participants = programme.participants
    known = {  # what each option can name (made only for an option given: 100,000 participants)
        "--district": lambda: _ordered(
            programme.settings.districts, (p.district for p in participants)
        ),
        "--sector": lambda: _ordered(programme.settings.sectors, (p.sector for p in participants)),
        "--tag": lambda: _ordered((), (t for p in participants for t in p.tags)),
        "--status": lambda: list(STATUS_CHOICES),
    }
    given = {
        "--district": filters.districts,
        "--sector": filters.sectors,
        "--tag": filters.tags,
        "--status": filters.statuses,
    }
    problems: list[str] = []
    fixed: dict[str, tuple[str, ...]] = {}
    for option, values in given.items():
        out: list[str] = []
        names = known[option]() if values else []
        for value in values:
            match = _named(option, value, names, programme)
            if match is None:
                hint = did_you_mean(value, names)
                problem = _("{option} {value}: no participant has it.").format(
                    option=tag_option if option == "--tag" else option, value=value
                )
                problems.append(problem + (" " + hint if hint else ""))
            elif match not in out:
                out.append(match)
        fixed[option] = tuple(out)
    if problems:
        raise NotFoundError(
            _("Some filter values match nothing in the programme."),
            problems,
            hint=_("`ukm participants` lists the districts, sectors and tags in use."),
        )
    search = filters.search.strip() if filters.search else None
    return Filters(
        districts=fixed["--district"],
        sectors=fixed["--sector"],
        tags=fixed["--tag"],
        statuses=fixed["--status"],
        search=search or None,
    )


def _named(option: str, value: str, names: list[str], programme: Programme) -> str | None:
    """The one of ``names`` that ``value`` names: a district and a sector as register reads them."""
    if not names:
        return None
    try:
        if option == "--district":
            return places.district(value, names)
        if option == "--sector":
            return places.sector(value, names, programme.settings.sector_names)
    except ValueProblem:
        return None
    return match_case_insensitive(value, names)


def _ordered(first: Iterable[str], then: Iterable[str]) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(first)
    for value in sorted(set(then) - set(seen)):
        seen[value] = None
    return list(seen)


def select(programme: Programme, filters: Filters) -> list[Participant]:
    """The participants the district, sector, tag and search filters let through, in order."""
    districts = set(filters.districts)
    sectors = set(filters.sectors)
    tags = set(filters.tags)
    needle = filters.search.casefold() if filters.search else None
    if not (districts or sectors or tags or needle):
        return list(programme.participants)
    chosen: list[Participant] = []
    for p in programme.participants:
        if districts and p.district not in districts:
            continue
        if sectors and p.sector not in sectors:
            continue
        if tags and not tags.intersection(p.tags):
            continue
        if needle is not None and not (
            needle in p.business.casefold() or needle in p.owner.casefold()
        ):
            continue
        chosen.append(p)
    return chosen


def status_matches(standing: Standing, statuses: Sequence[str]) -> bool:
    """Whether one module's standing has any of ``statuses`` (at_risk is a status here)."""
    if not statuses:
        return True
    return any(
        standing.at_risk if wanted == "at_risk" else standing.status.value == wanted
        for wanted in statuses
    )


def programme_status(statuses: Sequence[Status]) -> str:
    """A participant's standing in the whole programme from their status in every module.

    completed: every module completed or exempt (a graduate); failed: at least
    one module failed; missed: none failed, at least one missed (rules 2.1);
    in_progress otherwise.
    """
    if statuses and all(s.passed for s in statuses):
        return Status.COMPLETED.value
    if any(s is Status.FAILED for s in statuses):
        return Status.FAILED.value
    if any(s is Status.MISSED for s in statuses):
        return Status.MISSED.value
    return Status.IN_PROGRESS.value


def programme_verdicts(columns: Sequence[Sequence[Standing]], count: int) -> list[Verdict]:
    """Per participant: their standing in the programme, whether at risk, whether exempt.

    Whether at risk in any module, and exempt from any module.  ``columns``
    holds one list per module of the ``count`` participants' standings.
    """
    if not columns:
        return [(programme_status(()), False, False)] * count
    keys = []  # per module, per participant: their status and risk as one small number
    for column in columns:
        key_of = {s: _STATES.index(s.status) * 2 + s.at_risk for s in set(column)}
        keys.append(list(map(key_of.__getitem__, column)))
    rows = list(zip(*keys, strict=True))
    exempt = _STATES.index(Status.EXEMPT)
    verdict = {
        row: (
            programme_status([_STATES[key // 2] for key in row]),
            any(key % 2 for key in row),
            any(key // 2 == exempt for key in row),
        )
        for row in set(rows)
    }
    return list(map(verdict.__getitem__, rows))


def verdict_matches(verdict: Verdict, statuses: Sequence[str]) -> bool:
    """Whether a participant's programme standing (risk, exemption) has any of ``statuses``.

    ``exempt`` matches a participant exempt from any module.
    """
    if not statuses:
        return True
    standing, at_risk, exempt = verdict
    return any(
        at_risk if wanted == "at_risk" else exempt if wanted == "exempt" else standing == wanted
        for wanted in statuses
    )


def group_keys(participant: Participant, by: str) -> list[str | None]:
    """The groups a participant falls in (tags: each of them, or None for no tag)."""
    if by == "district":
        return [participant.district]
    if by == "sector":
        return [participant.sector]
    if by == "gender":
        return [participant.gender]
    if by == "tag":
        return list(dict.fromkeys(participant.tags)) or [None]
    raise ValueError(by)


def group_order(programme: Programme, by: str, keys: Iterable[str | None]) -> list[str | None]:
    """``keys`` in the programme's order (its lists first, then by name; no tag last)."""
    present = set(keys)
    named = sorted(k for k in present if k is not None)
    if by == "district":
        first: Sequence[str] = programme.settings.districts
    elif by == "sector":
        first = programme.settings.sectors
    elif by == "gender":
        first = ("F", "M")
    else:
        first = ()
    ordered: list[str | None] = [k for k in first if k in present]
    ordered += [k for k in named if k not in ordered]
    if None in present:
        ordered.append(None)
    return ordered
