""" "Did you mean" at 100,000 ids (issue 21, item 14): each unknown id is compared with a
bounded set of registered ids, not with every one, and still finds the near miss."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from ukmtool.core import suggest

IDS = [f"UKM-{n:06d}" for n in range(1, 100_001)]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("UKM-054321x", "UKM-054321"),  # a key too many at the end
        ("UKN-054321", "UKM-054321"),  # a typo at the start
        ("ukm-054321 ", "UKM-054321"),  # lower case, a space after
        ("UKM054321", "UKM-054321"),  # the dash left out
    ],
)
def test_a_suggestion_compares_few_ids_and_finds_the_near_miss(
    monkeypatch: pytest.MonkeyPatch, typed: str, meant: str
) -> None:
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: object, **kwargs: object) -> object:
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    assert suggest.closest(typed, IDS) == meant
    assert compared and max(compared) <= 4 * suggest.NEIGHBOURS


def test_a_short_list_is_compared_whole() -> None:
    assert suggest.closest("Japa", ["Cepu", "Japah", "Jepon"]) == "Japah"
    assert suggest.closest("Jepon", ["Cepu", "JEPON"]) == "JEPON"


def test_check_still_suggests_for_unknown_ids_on_a_sheet(ukm: Run, tmp_path: Path) -> None:
    people = "".join(
        f"- id: UKM-{n:04d}\n  business: Usaha {n}\n  owner: Pemilik {n}\n  gender: F\n"
        f"  sector: batik\n  district: Cepu\n  registered: 2018-01-01\n"
        for n in range(1, 400)
    )
    root = programme(
        tmp_path / "p", participants=people, attendance__keuangan="1:\n  present: [UKM-0O12]\n"
    )
    result = ukm("--data", str(root), "check")
    assert result.exit_code == 1
    assert "Did you mean 'UKM-0" in result.stdout
