"""Size class (kelas usaha) by the law in force on a day, and "naik kelas".

Before 2021-02-02 the class is set by UU 20/2008, from then by PP 7/2021
(the regulation that carries out UU 11/2020, Cipta Kerja).  Each law gives
upper bounds for annual sales (omzet setahun) and for net assets (kekayaan
bersih, without land and buildings), whose ``capital`` stands for it here;
"paling banyak" is ``<=``: a business exactly on a bound is in the lower
class.  Annual sales are 12 x the monthly sales when those are known, else
the class comes from capital; above the last bound a business is ``besar``.

A business **naik kelas** (moves up) when its latest class is above its
baseline's, both judged under the law in force on the latest measurement's
date, so that a change of law is never counted as growth, and both judged on
the same figure (:func:`common_figure`): annual sales when both sides have
sales, else capital when both have capital.  When no figure is on both sides
the business is not comparable: counted neither up nor down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CLASSES: tuple[str, ...] = ("mikro", "kecil", "menengah", "besar")
"""The size classes from smallest to largest, as the laws name them (also in JSON)."""

MILLION = 10**6
BILLION = 10**9  # miliar


@dataclass(frozen=True, slots=True)
class Law:
    """A law that sets the size classes: its name and its upper bounds in Rupiah."""

    name: str
    """As written in reports and JSON: ``UU 20/2008``, ``PP 7/2021``."""
    in_force_from: date | None
    annual_sales: tuple[int, int, int]
    """Upper bounds (paling banyak) of mikro, kecil and menengah: annual sales."""
    capital: tuple[int, int, int]
    """Upper bounds of mikro, kecil and menengah: net assets (capital)."""


UU_20_2008 = Law(
    "UU 20/2008",
    None,
    annual_sales=(300 * MILLION, 2_500 * MILLION, 50 * BILLION),
    capital=(50 * MILLION, 500 * MILLION, 10 * BILLION),
)
PP_7_2021 = Law(
    "PP 7/2021",
    date(2021, 2, 2),
    annual_sales=(2 * BILLION, 15 * BILLION, 50 * BILLION),
    capital=(1 * BILLION, 5 * BILLION, 10 * BILLION),
)
LAWS: tuple[Law, ...] = (UU_20_2008, PP_7_2021)
"""Every law, oldest first."""


def law_on(day: date) -> Law:
    """The law in force on ``day``."""
    found = LAWS[0]
    for law in LAWS[1:]:
        if law.in_force_from is not None and day >= law.in_force_from:
            found = law
    return found


def size_class(monthly_sales: int | None, capital: int | None, law: Law) -> str | None:
    """The class under ``law``: from 12 x ``monthly_sales`` when known, else ``capital``.

    None when neither is known.
    """
    if monthly_sales is not None:
        value, bounds = 12 * monthly_sales, law.annual_sales
    elif capital is not None:
        value, bounds = capital, law.capital
    else:
        return None
    for name, bound in zip(CLASSES, bounds, strict=False):
        if value <= bound:
            return name
    return CLASSES[-1]


SALES = "sales"
CAPITAL = "capital"
FIGURES: tuple[str, ...] = (SALES, CAPITAL)
"""What a class is judged on (the words of JSON): annual sales, else capital."""


def class_by(figure: str, monthly_sales: int | None, capital: int | None, law: Law) -> str | None:
    """The class under ``law`` judged on ``figure`` alone (None when that figure is unknown)."""
    if figure == SALES:
        return size_class(monthly_sales, None, law)
    return size_class(None, capital, law)


def common_figure(
    before: tuple[int | None, int | None], after: tuple[int | None, int | None]
) -> str | None:
    """The figure two sides (each ``(monthly_sales, capital)``) are compared on.

    ``sales`` when both have sales, else ``capital`` when both have capital,
    else None: the two are not comparable.
    """
    if before[0] is not None and after[0] is not None:
        return SALES
    if before[1] is not None and after[1] is not None:
        return CAPITAL
    return None


def basis(monthly_sales: int | None, capital: int | None) -> str | None:
    """What the class is set from: ``sales``, ``capital`` or None."""
    if monthly_sales is not None:
        return SALES
    return CAPITAL if capital is not None else None


def moved_up(baseline: str | None, latest: str | None) -> bool:
    """Whether ``latest`` is a class above ``baseline`` (False when either is unknown)."""
    if baseline is None or latest is None:
        return False
    return CLASSES.index(latest) > CLASSES.index(baseline)
