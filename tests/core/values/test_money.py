"""Money as people write it: every way an office writes a sum reads as the same whole Rupiah."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukmtool import i18n
from ukmtool.core.fields import ValueProblem
from ukmtool.core.values.money import MAX_RUPIAH, parse_rupiah
from ukmtool.localefmt import format_rupiah

AMOUNTS = st.integers(min_value=0, max_value=MAX_RUPIAH)


def grouped(amount: int, sep: str) -> str:
    """``amount`` with ``sep`` between groups of three digits, built by hand."""
    digits = str(amount)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sep.join(groups)


@pytest.mark.parametrize(
    ("written", "rupiah"),
    [
        ("15000000", 15_000_000),
        ("15.000.000", 15_000_000),
        ("Rp 15.000.000", 15_000_000),
        ("Rp15jt", 15_000_000),
        ("15 jt", 15_000_000),
        ("15 juta", 15_000_000),
        ("1,5 juta", 1_500_000),
        ("1,2 M", 1_200_000_000),
        ("1,2 miliar", 1_200_000_000),
        ("Rp 15.000.000,-", 15_000_000),
        ("Rp. 2.500.000,00", 2_500_000),
        ("15,000,000", 15_000_000),
        ("15,000,000.00", 15_000_000),
        ("1.500 jt", 1_500_000_000),
        ("1.5 jt", 1_500_000),
        ("500 rb", 500_000),
        ("750ribu", 750_000),
        ("2,25 Juta", 2_250_000),
        ("IDR 40 JT", 40_000_000),
        ("0", 0),
        ("  Rp 1.000  ", 1_000),
        (15_000_000, 15_000_000),
        (15_000_000.0, 15_000_000),
    ],
)
def test_the_ways_offices_write_money(written: str | int | float, rupiah: int) -> None:
    assert parse_rupiah(written) == rupiah


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("", "needed"),
        ("   ", "needed"),
        ("-5000", "negative"),
        ("Rp -5 jt", "negative"),
        ("1,5", "not a whole number of Rupiah"),
        ("1500,50", "not a whole number of Rupiah"),
        ("1,2345678901 jt", "not a whole number of Rupiah"),
        ("1,2 m", "lowercase m"),
        ("15 jutaan", "not a unit"),
        ("abc", "not a sum of money"),
        ("Rp", "not a sum of money"),
        ("1.000.00", "not a sum of money"),
        ("15.00.000", "not a sum of money"),
        ("9" * 25, "far too large"),
        ("2000000 M", "far too large"),
        (15.5, "not a whole number of Rupiah"),
        (-1, "negative"),
        (True, "not a sum of money"),
        (["1"], "single value"),
    ],
)
def test_what_is_not_money_is_refused_with_the_reason(written: object, says: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_rupiah(written)
    assert says in caught.value.message


@given(AMOUNTS)
def test_whole_rupiah_in_every_grouping_reads_back(amount: int) -> None:
    for text in (
        str(amount),
        grouped(amount, "."),
        grouped(amount, ","),
        "Rp" + grouped(amount, "."),
        "Rp " + grouped(amount, ".") + ",-",
        "Rp. " + grouped(amount, ".") + ",00",
        grouped(amount, ",") + ".00",
    ):
        assert parse_rupiah(text) == amount, text


@given(
    st.integers(min_value=0, max_value=999_999),
    st.integers(min_value=0, max_value=999),
    st.sampled_from([("rb", 10**3), ("jt", 10**6), ("juta", 10**6), ("M", 10**9)]),
    st.sampled_from([",", "."]),
    st.sampled_from(["", " "]),
)
def test_a_number_and_a_unit_read_as_the_sum_they_mean(
    whole: int, thousandths: int, unit: tuple[str, int], mark: str, space: str
) -> None:
    word, factor = unit
    fraction = f"{thousandths:03d}".rstrip("0")
    if mark == "." and len(fraction) == 3:
        fraction = fraction[:2]  # three digits after a dot group thousands: 1.500 jt
    written = f"{whole}{mark}{fraction}" if fraction else str(whole)
    expected = Decimal(f"{whole}.{fraction or 0}") * factor
    text = f"{written}{space}{word}"
    if expected != expected.to_integral_value() or expected > MAX_RUPIAH:
        with pytest.raises(ValueProblem):
            parse_rupiah(text)
    else:
        assert parse_rupiah(text) == int(expected), text


@given(st.text(max_size=30))
def test_any_text_is_read_or_refused_with_a_message(text: str) -> None:
    try:
        amount = parse_rupiah(text)
    except ValueProblem as problem:
        assert problem.message
    else:
        assert 0 <= amount <= MAX_RUPIAH


@given(AMOUNTS)
def test_what_is_shown_reads_back_as_what_is_stored(amount: int) -> None:
    for language in ("id", "en"):
        i18n.set_language(language)
        try:
            assert parse_rupiah(format_rupiah(amount)) == amount
        finally:
            i18n.reset()


def test_shown_as_rupiah_in_each_language() -> None:
    i18n.set_language("id")
    try:
        assert format_rupiah(15_000_000) == "Rp15.000.000"
        assert format_rupiah(-2_500_000) == "-Rp2.500.000"
        assert format_rupiah(2_500_000, signed=True) == "+Rp2.500.000"
    finally:
        i18n.reset()
    i18n.set_language("en")
    try:
        assert format_rupiah(15_000_000) == "Rp15,000,000"
        assert format_rupiah(0, signed=True) == "Rp0"
    finally:
        i18n.reset()


def test_files_read_money_as_the_desk_does() -> None:
    """One reader: what `register --sales` takes, participants.yaml may hold (ukm writes digits)."""
    from pydantic import ValidationError

    from ukmtool.core.models import Indicator

    for written in ("15000000", "15.000.000", "Rp15jt", "Rp 15.000.000,-", "15 juta"):
        entry = Indicator.model_validate(
            {"participant": "UKM-001", "date": "2018-03-01", "monthly_sales": written}
        )
        assert entry.monthly_sales == 15_000_000
    with pytest.raises(ValidationError, match="negative"):
        Indicator.model_validate({"participant": "UKM-001", "date": "2018-03-01", "capital": "-5"})
