"""Impact: the businesses' figures before and after, size class, "naik kelas", jobs.

A participant's **baseline** is the figures of their entry in
``participants.yaml`` (``monthly_sales``, ``capital``, ``employees``, as on
the day they registered); their **latest** measurement is the last entry of
``indicators.yaml`` for them (by date; with ``--as-of``, the last one dated
on or before it).  A business is **measured** when it has a baseline (any of
the three figures) and a later measurement.

- sales change: latest monthly sales minus the baseline's, in Rupiah and as
  a percent of the baseline (none when the baseline is 0); over the
  businesses whose sales are known both times: total and median;
- jobs added: employees now minus at baseline (null when either is unknown);
  the total over the businesses where both are known, and how many added any;
- size class: both the baseline's and the latest under the law in force on
  the latest measurement's date, and on the same figure: annual sales when
  both have sales, else capital when both have capital (``core/sizeclass``);
  moved up when the latest is the higher class.  A business with no figure
  on both sides is **not comparable**: listed by name, counted neither up
  nor down.

Every figure says what it is computed over.  The split by group (``--by``)
and always by the owner's gender count the same figures per group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from ukmtool.core import sizeclass
from ukmtool.core.models import Indicator, Participant, Settings
from ukmtool.core.programme import Programme
from ukmtool.core.reports.filters import Filters, group_keys, group_order, select


@dataclass(frozen=True, slots=True)
class Figures:
    """A business's figures on one day (None: not known)."""

    date: date
    monthly_sales: int | None
    capital: int | None
    employees: int | None

    @property
    def known(self) -> bool:
        """Whether any figure is known."""
        return any(v is not None for v in (self.monthly_sales, self.capital, self.employees))


def baseline_of(participant: Participant) -> Figures:
    """The participant's figures when registered."""
    return Figures(
        participant.registered,
        participant.monthly_sales,
        participant.capital,
        participant.employees,
    )


def figures_of(indicator: Indicator) -> Figures:
    """One measurement's figures."""
    return Figures(indicator.date, indicator.monthly_sales, indicator.capital, indicator.employees)


def measurements_by_participant(
    indicators: Iterable[Indicator], until: date | None = None
) -> dict[str, list[Indicator]]:
    """Each participant's measurements in date order (on one day, the file's order)."""
    found: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if until is None or indicator.date <= until:
            found.setdefault(indicator.participant, []).append(indicator)
    for items in found.values():
        items.sort(key=lambda i: i.date)
    return found


@dataclass(frozen=True, slots=True)
class Point:
    """One row of a business's figures over time: its baseline or a measurement."""

    figures: Figures
    baseline: bool
    source: str | None
    law: sizeclass.Law
    size: str | None
    """The class under the law in force on this row's own date."""

    @property
    def figure(self) -> str | None:
        """What ``size`` is judged on: ``sales`` when known, else ``capital`` (None: neither)."""
        return sizeclass.basis(self.figures.monthly_sales, self.figures.capital)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        f = self.figures
        return {
            "date": f.date.isoformat(),
            "kind": "baseline" if self.baseline else "measurement",
            "source": self.source,
            "monthly_sales": f.monthly_sales,
            "capital": f.capital,
            "employees": f.employees,
            "law": self.law.name,
            "class": self.size,
            "class_figure": self.figure,
        }


def _point(figures: Figures, baseline: bool, source: str | None) -> Point:
    law = sizeclass.law_on(figures.date)
    return Point(
        figures,
        baseline,
        source,
        law,
        sizeclass.size_class(figures.monthly_sales, figures.capital, law),
    )


def history(participant: Participant, indicators: Iterable[Indicator]) -> list[Point]:
    """The baseline, then every measurement of ``participant`` in date order."""
    mine = measurements_by_participant(
        i for i in indicators if i.participant == participant.id
    ).get(participant.id, [])
    return [_point(baseline_of(participant), True, None)] + [
        _point(figures_of(m), False, m.source) for m in mine
    ]


def latest_change(participant: Participant, indicators: Iterable[Indicator]) -> Change | None:
    """The business from its baseline to its latest measurement (None: none yet)."""
    mine = measurements_by_participant(
        i for i in indicators if i.participant == participant.id
    ).get(participant.id)
    return change_of(participant, mine[-1]) if mine else None


@dataclass(frozen=True, slots=True)
class Change:
    """One business from its baseline to its latest measurement."""

    participant: Participant
    baseline: Figures
    latest: Figures
    source: str | None
    law: sizeclass.Law
    figure: str | None
    """What both classes are judged on: ``sales`` or ``capital``; None: not comparable."""
    baseline_class: str | None
    """The baseline's class on ``figure`` under ``law`` (None when not comparable)."""
    latest_class: str | None

    @property
    def has_baseline(self) -> bool:
        """Whether the entry gives any baseline figure."""
        return self.baseline.known

    @property
    def comparable(self) -> bool:
        """Both sides have a figure in common (sales, or capital) to judge the class on."""
        return self.figure is not None

    @property
    def moved_up(self) -> bool:
        """The latest class is above the baseline's (under one law, on one figure)."""
        return sizeclass.moved_up(self.baseline_class, self.latest_class)

    @property
    def moved_down(self) -> bool:
        """The latest class is below the baseline's (under one law, on one figure)."""
        return sizeclass.moved_up(self.latest_class, self.baseline_class)

    @property
    def sales_change(self) -> int | None:
        """Monthly sales now minus at baseline (Rupiah)."""
        before, after = self.baseline.monthly_sales, self.latest.monthly_sales
        return None if before is None or after is None else after - before

    @property
    def sales_change_pct(self) -> float | None:
        """The sales change as a percent of the baseline's sales (None when 0 or unknown)."""
        change, before = self.sales_change, self.baseline.monthly_sales
        if change is None or not before:
            return None
        return round(100 * change / before, 1)

    @property
    def jobs_added(self) -> int | None:
        """Employees now minus at baseline (None when either is unknown)."""
        before, after = self.baseline.employees, self.latest.employees
        return None if before is None or after is None else after - before

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        p = self.participant
        return {
            "id": p.id,
            "business": p.business,
            "owner": p.owner,
            "gender": p.gender,
            "district": p.district,
            "sector": p.sector,
            "baseline_date": self.baseline.date.isoformat(),
            "latest_date": self.latest.date.isoformat(),
            "source": self.source,
            "law": self.law.name,
            "class_figure": self.figure,
            "comparable": self.comparable,
            "baseline_class": self.baseline_class,
            "latest_class": self.latest_class,
            "moved_up": self.moved_up,
            "moved_down": self.moved_down,
            "baseline_sales": self.baseline.monthly_sales,
            "latest_sales": self.latest.monthly_sales,
            "sales_change": self.sales_change,
            "sales_change_pct": self.sales_change_pct,
            "baseline_capital": self.baseline.capital,
            "latest_capital": self.latest.capital,
            "baseline_employees": self.baseline.employees,
            "latest_employees": self.latest.employees,
            "jobs_added": self.jobs_added,
        }


def change_of(participant: Participant, latest: Indicator) -> Change:
    """The business from its baseline to ``latest``: classes under ``latest``'s law, one figure."""
    law = sizeclass.law_on(latest.date)
    base = baseline_of(participant)
    figure = sizeclass.common_figure(
        (base.monthly_sales, base.capital), (latest.monthly_sales, latest.capital)
    )
    before = after = None
    if figure is not None:
        before = sizeclass.class_by(figure, base.monthly_sales, base.capital, law)
        after = sizeclass.class_by(figure, latest.monthly_sales, latest.capital, law)
    return Change(participant, base, figures_of(latest), latest.source, law, figure, before, after)


def _round(value: float | Decimal) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Summary:
    """The impact figures over a set of changes, each saying what it is computed over."""

    businesses: int
    """Businesses with a later measurement (with or without a baseline)."""
    measured: int
    """Of those, with a baseline: measured twice."""
    sales_businesses: int
    """Measured businesses whose monthly sales are known at baseline and latest."""
    sales_baseline: int
    sales_latest: int
    sales_median_change: int | None
    sales_median_change_pct: float | None
    sales_pct_businesses: int
    """Of ``sales_businesses``, those with baseline sales above 0 (their percent is defined)."""
    jobs_businesses: int
    """Measured businesses whose employees are known at baseline and latest."""
    employees_baseline: int
    employees_latest: int
    businesses_adding_jobs: int
    classified: int
    """Measured businesses whose class is judged on one figure at baseline and latest."""
    moved_up: int
    moved_down: int
    not_comparable: int
    """Measured businesses with no figure (sales, capital) on both sides: no class judged."""

    @property
    def sales_change(self) -> int:
        """Total monthly sales change over ``sales_businesses``."""
        return self.sales_latest - self.sales_baseline

    @property
    def sales_change_pct(self) -> float | None:
        """The total change as a percent of the total baseline sales."""
        if not self.sales_baseline:
            return None
        return round(100 * self.sales_change / self.sales_baseline, 1)

    @property
    def jobs_added(self) -> int:
        """Employees now minus at baseline, over ``jobs_businesses``."""
        return self.employees_latest - self.employees_baseline

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "with_follow_up": self.businesses,
            "measured": self.measured,
            "moved_up": self.moved_up,
            "moved_down": self.moved_down,
            "classified": self.classified,
            "not_comparable": self.not_comparable,
            "jobs_added": self.jobs_added,
            "jobs_businesses": self.jobs_businesses,
            "businesses_adding_jobs": self.businesses_adding_jobs,
            "employees_baseline": self.employees_baseline,
            "employees_latest": self.employees_latest,
            "sales_businesses": self.sales_businesses,
            "sales_baseline": self.sales_baseline,
            "sales_latest": self.sales_latest,
            "sales_change": self.sales_change,
            "sales_change_pct": self.sales_change_pct,
            "sales_median_change": self.sales_median_change,
            "sales_median_change_pct": self.sales_median_change_pct,
            "sales_pct_businesses": self.sales_pct_businesses,
        }


def summarise(changes: Sequence[Change]) -> Summary:
    """The figures over ``changes`` (those without a baseline count only as followed up)."""
    measured = [c for c in changes if c.has_baseline]
    sales = [c for c in measured if c.sales_change is not None]
    pcts = [p for p in (c.sales_change_pct for c in sales) if p is not None]
    jobs = [c for c in measured if c.jobs_added is not None]
    classified = [c for c in measured if c.comparable]
    return Summary(
        businesses=len(changes),
        measured=len(measured),
        sales_businesses=len(sales),
        sales_baseline=sum(c.baseline.monthly_sales or 0 for c in sales),
        sales_latest=sum(c.latest.monthly_sales or 0 for c in sales),
        sales_median_change=(_round(median(c.sales_change or 0 for c in sales)) if sales else None),
        sales_median_change_pct=round(median(pcts), 1) if pcts else None,
        sales_pct_businesses=len(pcts),
        jobs_businesses=len(jobs),
        employees_baseline=sum(c.baseline.employees or 0 for c in jobs),
        employees_latest=sum(c.latest.employees or 0 for c in jobs),
        businesses_adding_jobs=sum(1 for c in jobs if (c.jobs_added or 0) > 0),
        classified=len(classified),
        moved_up=sum(1 for c in classified if c.moved_up),
        moved_down=sum(1 for c in classified if c.moved_down),
        not_comparable=len(measured) - len(classified),
    )


@dataclass(frozen=True, slots=True)
class ClassMove:
    """How many measured businesses went from one class to another, under one law."""

    law: str
    figure: str
    """What both classes are judged on: ``sales`` or ``capital``."""
    baseline_class: str | None
    latest_class: str | None
    businesses: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "law": self.law,
            "class_figure": self.figure,
            "baseline_class": self.baseline_class,
            "latest_class": self.latest_class,
            "businesses": self.businesses,
        }


def class_moves(changes: Sequence[Change]) -> list[ClassMove]:
    """The class table: law, figure, baseline class -> latest class, count.

    Over the measured businesses that are comparable (the others are listed
    apart, see :attr:`ImpactReport.not_comparable`).
    """
    counts: dict[tuple[str, str, str | None, str | None], int] = {}
    for c in changes:
        if c.has_baseline and c.figure is not None:
            key = (c.law.name, c.figure, c.baseline_class, c.latest_class)
            counts[key] = counts.get(key, 0) + 1
    order = {name: i for i, name in enumerate(sizeclass.CLASSES)}
    laws = {law.name: i for i, law in enumerate(sizeclass.LAWS)}
    figures = {name: i for i, name in enumerate(sizeclass.FIGURES)}

    def rank(key: tuple[str, str, str | None, str | None]) -> tuple[int, int, int, int]:
        law, figure, before, after = key
        unknown = len(order)
        return (
            laws.get(law, 0),
            figures.get(figure, 0),
            order.get(before, unknown) if before else unknown,
            order.get(after, unknown) if after else unknown,
        )

    return [ClassMove(*key, counts[key]) for key in sorted(counts, key=rank)]


@dataclass(frozen=True, slots=True)
class GroupImpact:
    """The impact figures of one group (a district, sector, gender or tag)."""

    group: str | None
    participants: int
    summary: Summary

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"group": self.group, "participants": self.participants, **self.summary.to_dict()}


def group_impacts(
    programme: Programme, by: str, chosen: Sequence[Participant], changes: Sequence[Change]
) -> list[GroupImpact]:
    """The figures per group of ``by``; a participant with several tags counts in each."""
    members: dict[str | None, list[Participant]] = {}
    for p in chosen:
        for key in group_keys(p, by):
            members.setdefault(key, []).append(p)
    by_id = {c.participant.id: c for c in changes}
    result = []
    for key in group_order(programme, by, members.keys()):
        people = members[key]
        result.append(
            GroupImpact(
                key,
                len(people),
                summarise([by_id[p.id] for p in people if p.id in by_id]),
            )
        )
    return result


@dataclass
class ImpactReport:
    """``ukm report --impact`` for the participants the filters chose."""

    settings: Settings
    as_of: date | None
    participants: int
    with_baseline: int
    changes: list[Change]
    summary: Summary
    classes: list[ClassMove]
    by: str | None
    groups: list[GroupImpact]
    genders: list[GroupImpact]
    no_follow_up: list[Participant]
    filters: Filters

    @property
    def not_comparable(self) -> list[Change]:
        """The measured businesses with no figure on both sides: no class judged."""
        return [c for c in self.changes if c.has_baseline and not c.comparable]

    @property
    def laws(self) -> list[str]:
        """The laws the classes are judged under (the latest measurements' laws)."""
        used = {c.law.name for c in self.changes if c.has_baseline}
        return [law.name for law in sizeclass.LAWS if law.name in used]

    def payload(self) -> dict[str, Any]:
        """The JSON form: the same figures as the tables."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "laws": self.laws,
            "summary": {
                "participants": self.participants,
                "with_baseline": self.with_baseline,
                **self.summary.to_dict(),
                "no_follow_up": len(self.no_follow_up),
            },
            "classes": [m.to_dict() for m in self.classes],
            "participants": [c.to_dict() for c in self.changes],
            "by": self.by,
            "groups": [g.to_dict() for g in self.groups],
            "gender": [g.to_dict() for g in self.genders],
            "not_comparable": [
                {
                    "id": c.participant.id,
                    "business": c.participant.business,
                    "owner": c.participant.owner,
                    "gender": c.participant.gender,
                    "district": c.participant.district,
                    "sector": c.participant.sector,
                    "latest_date": c.latest.date.isoformat(),
                    "baseline_figures": _figure_names(c.baseline),
                    "latest_figures": _figure_names(c.latest),
                }
                for c in self.not_comparable
            ],
            "no_follow_up": [
                {
                    "id": p.id,
                    "business": p.business,
                    "owner": p.owner,
                    "gender": p.gender,
                    "district": p.district,
                    "sector": p.sector,
                    "has_baseline": baseline_of(p).known,
                }
                for p in self.no_follow_up
            ],
            "filters": self.filters.to_dict(),
        }


def _figure_names(figures: Figures) -> list[str]:
    """Which of the figures a class can be judged on are known (``sales``, ``capital``)."""
    return [
        name
        for name, value in zip(
            sizeclass.FIGURES, (figures.monthly_sales, figures.capital), strict=True
        )
        if value is not None
    ]


def impact_report(
    programme: Programme, filters: Filters, by: str | None = None, as_of: date | None = None
) -> ImpactReport:
    """Baseline against latest measurement for the chosen participants (as on ``as_of``)."""
    chosen = [p for p in select(programme, filters) if as_of is None or p.registered <= as_of]
    measured = measurements_by_participant(programme.indicators, as_of)
    changes: list[Change] = []
    waiting: list[Participant] = []
    for p in chosen:
        found = measured.get(p.id)
        if found:
            changes.append(change_of(p, found[-1]))
        else:
            waiting.append(p)
    return ImpactReport(
        settings=programme.settings,
        as_of=as_of,
        participants=len(chosen),
        with_baseline=sum(1 for p in chosen if baseline_of(p).known),
        changes=changes,
        summary=summarise(changes),
        classes=class_moves(changes),
        by=by,
        groups=group_impacts(programme, by, chosen, changes) if by else [],
        genders=group_impacts(programme, "gender", chosen, changes),
        no_follow_up=waiting,
        filters=filters,
    )
