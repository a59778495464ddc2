"""Each reader of ``core/values`` on its own: the forms it takes, the ones it refuses, and
what ukm prints read back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukmtool import i18n
from ukmtool.core.fields import ValueProblem
from ukmtool.core.values import dates, people, places, quantities
from ukmtool.localefmt import format_date, format_decimal, format_number


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2017-12-13", date(2017, 12, 13)),
        ("13/12/2017", date(2017, 12, 13)),
        ("13-12-2017", date(2017, 12, 13)),
        ("13.12.2017", date(2017, 12, 13)),
        ("3/1/2018", date(2018, 1, 3)),
        ("2017/12/13", date(2017, 12, 13)),
        ("13 Desember 2017", date(2017, 12, 13)),
        ("13 Des 2017", date(2017, 12, 13)),
        ("13-Des-2017", date(2017, 12, 13)),
        ("13 december 2017", date(2017, 12, 13)),
        ("1 Mei 2018", date(2018, 5, 1)),
        ("17 Agustus 2018", date(2018, 8, 17)),
        ("2017-12-13 00:00:00", date(2017, 12, 13)),
        (date(2017, 12, 13), date(2017, 12, 13)),
    ],
)
def test_a_date_in_every_form(written: object, read: date) -> None:
    assert dates.day(written) == read


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("13/12/17", "'13/12/17' has a two-digit year."),
        ("12/13/2017", "'12/13/2017' has no month 13: ukm reads a date day first."),
        ("2017-02-30", "2017-02-30 is not a date that exists."),
        ("31/02/2017", "31/02/2017 is not a date that exists."),
        ("13 Smarch 2017", "'13 Smarch 2017' is not a date ukm can read."),
        ("kemarin", "'kemarin' is not a date ukm can read."),
        ("", "A date is needed here."),
        ("9999-01-01", "9999-01-01 is too far in the future."),
    ],
)
def test_a_date_ukm_cannot_be_sure_of_is_refused(written: str, message: str) -> None:
    with pytest.raises(ValueProblem) as refused:
        dates.day(written)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1.5", 1.5),
        ("1,5", 1.5),
        ("2", 2.0),
        (".5", 0.5),
        ("1,5 jam", 1.5),
        ("2 jam", 2.0),
        ("2 Jam.", 2.0),
        ("1.5 hours", 1.5),
        ("90 menit", 1.5),
        ("45 mnt", 0.75),
        ("1 jam 30 menit", 1.5),
        ("1:30", 1.5),
        (2, 2.0),
        (1.5, 1.5),
    ],
)
def test_hours_in_every_form(written: object, read: float) -> None:
    assert quantities.hours(written) == read


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1.500", "'1.500' is unclear: thousands grouped with '.', or three decimals."),
        ("1,500", "'1,500' is unclear: thousands grouped with ',', or three decimals."),
        ("0", "This must be more than 0, not 0."),
        ("-1", "This must be more than 0, not -1."),
        ("1 jam 75 menit", "'1 jam 75 menit': an hour has 60 minutes."),
        ("satu", "'satu' is not a number of hours."),
    ],
)
def test_unclear_hours_are_refused(written: str, message: str) -> None:
    with pytest.raises(ValueProblem) as refused:
        quantities.hours(written)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("3", 3),
        ("0", 0),
        ("3 orang", 3),
        ("3 org.", 3),
        ("±5", 5),
        ("± 5 orang", 5),
        ("+/- 5", 5),
        ("kurang lebih 5", 5),
        ("sekitar 12 karyawan", 12),
        ("3 (suami istri)", 3),
        ("1.000", 1000),
        ("1,000", 1000),
        (4, 4),
        (4.0, 4),
    ],
)
def test_people_in_every_form(written: object, read: int) -> None:
    assert quantities.people(written) == read


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1,5", "'1,5' is not a whole number of people."),
        ("1.5 orang", "'1.5 orang' is not a whole number of people."),
        ("3-5", "'3-5' is a range; ukm needs one number."),
        ("3 s/d 5", "'3 s/d 5' is a range; ukm needs one number."),
        ("-2", "'-2' is below 0: a count of people."),
        ("banyak", "'banyak' is not a number of people."),
        ("5%", "'5%' is not a number."),
    ],
)
def test_an_unclear_count_is_refused(written: str, message: str) -> None:
    with pytest.raises(ValueProblem) as refused:
        quantities.people(written)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("F", "F"),
        ("m", "M"),
        ("P", "F"),
        ("L", "M"),
        ("Pr", "F"),
        ("Pr.", "F"),
        ("Lk", "M"),
        ("LK.", "M"),
        ("Perempuan", "F"),
        ("laki-laki", "M"),
        ("Laki laki", "M"),
        ("wanita", "F"),
        ("pria", "M"),
        ("female", "F"),
        ("Male", "M"),
    ],
)
def test_a_gender_in_every_form(written: str, read: str) -> None:
    assert people.gender(written) == read


def test_another_gender_word_is_refused() -> None:
    with pytest.raises(ValueProblem, match="Gender must be F or M, not 'X'"):
        people.gender("X")


@pytest.mark.parametrize(
    "written", ["9120001234567", "912 0001 234 567", "912.0001.234.567", "912-0001-234567"]
)
def test_an_nib_with_or_without_separators(written: str) -> None:
    assert people.nib(written) == "9120001234567"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("912000123456", "An NIB has 13 digits; this one has 12."),
        ("9120001234567890", "An NIB has 13 digits; this one has 16."),
        ("NIB-912000123", "An NIB (Nomor Induk Berusaha) is 13 digits, nothing else."),
    ],
)
def test_a_wrong_nib_is_refused(written: str, message: str) -> None:
    with pytest.raises(ValueProblem) as refused:
        people.nib(written)
    assert refused.value.message == message


def test_a_masked_nik_is_refused_as_masked() -> None:
    with pytest.raises(ValueProblem, match="masked"):
        people.nik("3316********0001")
    assert people.nik("3316-0155-0780-0001") == "3316015507800001"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Cepu", "Cepu"),
        ("cepu", "Cepu"),
        ("Kec. Cepu", "Cepu"),
        ("Kec.Cepu", "Cepu"),
        ("Kec Cepu", "Cepu"),
        ("KECAMATAN CEPU", "Cepu"),
        ("  kecamatan   cepu ", "Cepu"),
        ("Randu Blatung", "Randublatung"),
        ("Kecil", "Kecil"),  # a district whose name starts with Kec
    ],
)
def test_a_district_as_the_programme_spells_it(written: str, read: str) -> None:
    assert places.district(written, ["Cepu", "Randublatung", "Kecil"]) == read


def test_a_district_without_a_list_loses_only_its_prefix() -> None:
    assert places.district("Kec. Ngawen", []) == "Ngawen"
    assert places.district("Ngawen", []) == "Ngawen"


def test_an_unknown_district_gets_the_closest() -> None:
    with pytest.raises(ValueProblem) as refused:
        places.district("Kec. Cepuu", ["Cepu", "Jepon"])
    assert refused.value.message == "Unknown district 'Kec. Cepuu'."
    assert refused.value.hint == "Did you mean 'Cepu'?"


def test_a_sector_by_any_of_its_names() -> None:
    names = {"batik": ["batik tulis", "batik cap"], "kuliner": []}
    assert places.sector("Batik Tulis", ["batik", "kuliner"], names) == "batik"
    assert places.sector("KULINER", ["batik", "kuliner"], names) == "kuliner"
    with pytest.raises(ValueProblem, match="Unknown sector 'sablon'"):
        places.sector("sablon", ["batik", "kuliner"], names)


@pytest.mark.parametrize("language", ["id", "en"])
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_a_date_as_ukm_prints_it_reads_back(language: str, day: date) -> None:
    i18n.set_language(language)
    try:
        assert dates.day(format_date(day)) == day
    finally:
        i18n.reset()


@pytest.mark.parametrize("language", ["id", "en"])
@given(tenths=st.integers(min_value=1, max_value=240))
def test_hours_as_ukm_prints_them_read_back(language: str, tenths: int) -> None:
    i18n.set_language(language)
    try:
        assert quantities.hours(format_decimal(tenths / 10)) == tenths / 10
    finally:
        i18n.reset()


@pytest.mark.parametrize("language", ["id", "en"])
@given(count=st.integers(min_value=0, max_value=10**9))
def test_a_count_as_ukm_prints_it_reads_back(language: str, count: int) -> None:
    i18n.set_language(language)
    try:
        assert quantities.people(format_number(count)) == count
    finally:
        i18n.reset()
