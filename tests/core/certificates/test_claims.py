"""``ukm check`` measures every participant's certificate without building it: the same answer.

``claims.Sizes`` says what ``Claims.problems`` says (each field over its
limit, the QR text's exact bytes) from the programme's fixed part measured
once; compared here with the payload built and measured whole, for any text
(quotes, backslashes, control characters, any script, emoji).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ukmtool.core.certificates import claims

texts = st.text(max_size=120) | st.sampled_from(
    ["", "Sri Wahyuni", 'Warung "Bu Sri"', "C:\\toko", "Tab\there", "\x7f", "Café Ayu", "王小明"]
)


@given(
    name=texts,
    business=texts,
    number=st.sampled_from(["001/SERT-SP/2018", "N" * 41]),
    programme=st.sampled_from(["Lokakarya Score Plus", "P" * 121, 'Program "é"']),
    office=st.sampled_from(["Dindagkop UKM Kabupaten Blora", "O" * 101]),
    url=st.none() | st.sampled_from(["https://ukm.example.go.id/v", "https://é.id/" + "x" * 400]),
)
def test_sizes_say_what_the_claims_built_whole_say(
    name: str, business: str, number: str, programme: str, office: str, url: str | None
) -> None:
    issued = date(2018, 12, 31)
    whole = claims.Claims(number, name, business, programme, issued, office).problems(url)
    sizes = claims.Sizes(number, programme, issued, office, url)
    assert sizes.problems(name, business) == whole


def test_a_long_name_fills_the_qr_code_exactly_where_the_whole_payload_does() -> None:
    issued = date(2018, 12, 31)
    sizes = claims.Sizes("001/SERT-SP/2018", "Lokakarya", issued, "Dinas", "https://e.id/v")
    for length in range(0, 700, 7):
        name = "é" * length  # two bytes a character: the QR limit falls mid-way
        whole = claims.Claims("001/SERT-SP/2018", name, "", "Lokakarya", issued, "Dinas")
        assert sizes.problems(name, "") == whole.problems("https://e.id/v")


@given(
    name=texts | st.text(min_size=60, max_size=90),
    business=texts | st.text(min_size=60, max_size=90),
    url=st.none() | st.sampled_from(["https://ukm.example.go.id/v", "https://é.id/" + "x" * 300]),
)
def test_a_holder_said_quiet_unmeasured_has_nothing_to_say(
    name: str, business: str, url: str | None
) -> None:
    issued = date(2018, 12, 31)
    sizes = claims.Sizes("001/SERT-SP/2018", "Lokakarya", issued, "Dinas", url)
    if sizes.quiet(name, business):
        said = claims.Claims(
            "001/SERT-SP/2018",
            claims.printable(name),
            claims.printable(business),
            "Lokakarya",
            issued,
            "Dinas",
        )
        assert said.problems(url) == []


def test_quiet_leaves_the_measuring_to_problems_near_the_limits() -> None:
    issued = date(2018, 12, 31)
    sizes = claims.Sizes("001/SERT-SP/2018", "Lokakarya", issued, "Dinas", None)
    assert sizes.quiet("Sri Wahyuni", "Batik Sekar Jati")
    assert not sizes.quiet("S" * 81, "Batik")  # over the name's limit: measured
    assert not sizes.quiet("é" * 80, "ü" * 80)  # could fill the QR code: measured
    long_number = claims.Sizes("N" * 41, "Lokakarya", issued, "Dinas", None)
    assert not long_number.quiet("Sri", "Batik")  # every holder is told of the number
