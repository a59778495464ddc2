"""New entries are written in the style of the file, after every byte already in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.kit.helpers import Run, programme
from tests.kit.register import BATIK, participants
from ukmtool.core.yamlio import emit as yamltext
from ukmtool.core.yamlio.reader import parse_text

# today pinned: the programmes of these tests ended long ago
pytestmark = pytest.mark.usefixtures("during_the_programme")

TODAY = "2017-12-13"  # today, pinned (during_the_programme)

ONE = (
    "  business: Batik Sekar\n  owner: Rina Lestari\n  gender: F\n  sector: batik\n"
    "  district: Jepon\n  registered: 2018-01-01\n"
)

# What follows each file once ukm registers a business; "{today}" is the day the
# test runs (filled in by the test: a suite may cross midnight), braces doubled.
STYLES = {
    "empty file": ("", "- id: UKM-001\n  business: Batik Sekar Jati\n"),
    "only comments (ukm init)": (
        '# The participating businesses\n#   phone: "081234567890"\n',
        "\n- id: UKM-001\n  business: Batik Sekar Jati\n",
    ),
    "no blank lines": (
        "- id: UKM-001\n" + ONE + "- id: UKM-002\n" + ONE.replace("Rina", "Sri"),
        "- id: UKM-003\n  business: Batik Sekar Jati\n",
    ),
    "blank lines": (
        "- id: UKM-001\n" + ONE + "\n- id: UKM-002\n" + ONE.replace("Rina", "Sri"),
        "\n- id: UKM-003\n  business: Batik Sekar Jati\n",
    ),
    "indented list, wide keys": (
        "  -   id: UKM-001\n"
        + ONE.replace("  ", "      ")
        + "\n  -   id: UKM-002\n"
        + ONE.replace("  ", "      ").replace("Rina", "Sri"),
        "\n  -   id: UKM-003\n      business: Batik Sekar Jati\n",
    ),
    "quoted ids, single quotes": (
        "- id: 'UKM-001'\n" + ONE + "  phone: '081234567801'\n",
        "\n- id: 'UKM-002'\n  business: Batik Sekar Jati\n",
    ),
    "flow entries": (
        "- {id: UKM-001, business: Batik Sekar, owner: Rina Lestari, gender: F, sector: batik, "
        "district: Jepon, registered: 2018-01-01}\n",
        "- {{id: UKM-002, business: Batik Sekar Jati, owner: Sri Wahyuni, gender: F, "
        "sector: batik, district: Jepon, registered: {today}}}\n",
    ),
    "keys in another order": (
        "- id: UKM-001\n  registered: 2018-01-01\n  owner: Rina Lestari\n  business: Batik Sekar\n"
        "  gender: F\n  sector: batik\n  district: Jepon\n",
        "\n- id: UKM-002\n  registered: {today}\n  owner: Sri Wahyuni\n"
        "  business: Batik Sekar Jati\n",
    ),
    "no final newline": (
        "- id: UKM-001\n" + ONE + "# the end",
        "\n\n- id: UKM-002\n  business: Batik Sekar Jati\n",
    ),
}


@pytest.mark.parametrize("name", list(STYLES))
def test_new_entry_follows_the_files_style(ukm: Run, tmp_path: Path, name: str) -> None:
    old, expected_start = STYLES[name]
    folder = programme(tmp_path / "p", participants=None)
    (folder / "participants.yaml").write_bytes(old.encode())
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 0, result.output
    new = (folder / "participants.yaml").read_bytes()
    assert new.startswith(old.encode())
    assert new[len(old) :].decode().startswith(expected_start.format(today=TODAY))
    assert participants(folder)[-1].business == "Batik Sekar Jati"


def test_crlf_file_gets_crlf_lines(ukm: Run, tmp_path: Path) -> None:
    old = ("- id: UKM-001\n" + ONE).replace("\n", "\r\n").encode()
    folder = programme(tmp_path / "p", participants=old)
    assert ukm("--data", str(folder), "register", *BATIK).exit_code == 0
    new = (folder / "participants.yaml").read_bytes()
    assert new.startswith(old)
    added = new[len(old) :]
    assert added.count(b"\r\n") == added.count(b"\n") > 5


def test_bom_is_kept(ukm: Run, tmp_path: Path) -> None:
    old = b"\xef\xbb\xbf- id: UKM-001\n" + ONE.encode()
    folder = programme(tmp_path / "p", participants=old)
    assert ukm("--data", str(folder), "register", *BATIK).exit_code == 0
    assert (folder / "participants.yaml").read_bytes().startswith(old)
    assert len(participants(folder)) == 2


@pytest.mark.parametrize(
    "business",
    [
        "Yes",
        "No",
        "null",
        "~",
        "On",
        "12:30",
        "2018-01-01",
        "1e3",
        "0x1F",
        "3 Saudara",
        "- Dash",
        "Kopi: Enak",
        "Toko #1",
        "'Kutip'",
        '"Dobel"',
        "Back\\slash",
        "[Kurung]",
        "{Kurawal}",
        "& Co",
        "*Bintang",
        "!Seru",
        "%Persen",
        "@Toko",
        "`Tick`",
        "Kafé Ñoño 食堂",
        "Emoji 🍜",
        "Nel\x85",
    ],
)
def test_any_name_is_written_so_it_reads_back_the_same(
    ukm: Run, tmp_path: Path, business: str
) -> None:
    folder = programme(tmp_path / "p")
    args = ["--business", business, *BATIK[2:]]
    result = ukm("--data", str(folder), "register", *args)
    assert result.exit_code == 0, result.output
    assert participants(folder)[-1].business == business.strip()


@pytest.mark.parametrize(
    "business", ["Tab\there", "Satu\nDua", "Line\u2028Sep", "Bom\ufeff", "Esc\x1b[31m"]
)
def test_a_name_holding_a_control_character_is_refused(
    ukm: Run, tmp_path: Path, business: str
) -> None:
    """Issue 29: a name prints on one line and as written; the YAML writer's own handling of
    such text is held by ``test_any_text_round_trips``."""
    folder = programme(tmp_path / "p")
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "register", "--business", business, *BATIK[2:])
    assert result.exit_code in (1, 2), result.output
    assert "This text holds" in result.output
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.parametrize("style", ["block", "flow", "single"])
@settings(max_examples=150, deadline=None)
@given(value=st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s))
def test_any_text_round_trips(style: str, value: str) -> None:
    old = "- id: UKM-001\n  business: A\n"
    if style == "flow":
        old = "- {id: UKM-001, business: A}\n"
    if style == "single":
        old = "- id: UKM-001\n  phone: '0812'\n"
    parsed = parse_text(old)
    detected = yamltext.detect(old, parsed.value, ("id", "business", "tags"))
    entry: dict[str, yamltext.Value] = {"id": "UKM-002", "business": value, "tags": [value]}
    text = old + yamltext.append(old, [entry], detected)
    result = parse_text(text)
    assert not result.problems, text
    assert result.value[-1]["business"] == value
    assert result.value[-1]["tags"] == [value]


def test_a_file_written_as_one_flow_list_is_refused(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p", participants="[]\n")
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 1
    assert "[...]" in result.stderr
    assert (folder / "participants.yaml").read_text(encoding="utf-8") == "[]\n"


def test_a_file_ending_oddly_is_left_alone(ukm: Run, tmp_path: Path) -> None:
    old = "- id: UKM-001\n" + ONE + "...\n# after the end of the document\n"
    folder = programme(tmp_path / "p", participants=old)
    result = ukm("--data", str(folder), "register", *BATIK)
    assert result.exit_code == 1
    assert "cannot add entries to participants.yaml safely" in result.stderr
    assert (folder / "participants.yaml").read_text(encoding="utf-8") == old


def test_text_that_would_read_back_differently_is_never_written(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme(tmp_path / "p")
    before = (folder / "participants.yaml").read_bytes()
    wrong = yamltext.plain_safe
    monkeypatch.setattr(yamltext, "plain_safe", lambda value, flow=False: True)
    yamltext.scalar.cache_clear()
    try:
        result = ukm("--data", str(folder), "register", "--business", "Kopi: Enak", *BATIK[2:])
    finally:
        monkeypatch.setattr(yamltext, "plain_safe", wrong)
        yamltext.scalar.cache_clear()
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "- &a {id: A}\n- *a\n",  # anchors and aliases
        "- id: !x A\n",  # a tag
        "- id: A\n  sessions: {1: {date: x}}\n",  # nesting deeper than any entry
        "- id: A\n  tags: [[x]]\n",  # a list in a list
        "- id: A\n  id: B\n",  # a duplicate key
        "- id: A\n---\n- id: B\n",  # a second document
        "id: A\n",  # not a list
        "- id: [A\n",  # not YAML
    ],
)
def test_reading_back_refuses_what_a_participant_never_holds(text: str) -> None:
    from ukmtool.core.files.list_file import append_entries
    from ukmtool.core.models import Participant
    from ukmtool.errors import UkmError

    new = {"id": "UKM-009", "business": "Kopi"}
    with pytest.raises(UkmError, match="nothing was written"):
        append_entries(text.encode(), [], [new], Path("participants.yaml"), ("id",), Participant)


def test_a_keep_chomped_block_value_before_the_new_entry(ukm: Run, tmp_path: Path) -> None:
    old = "- id: UKM-001\n" + ONE + "  village: |+\n    Soko\n"
    folder = programme(tmp_path / "p", participants=old)
    assert ukm("--data", str(folder), "register", *BATIK).exit_code == 0
    first, added = participants(folder)
    assert (first.village, added.business) == ("Soko", "Batik Sekar Jati")
    assert (folder / "participants.yaml").read_text(encoding="utf-8").startswith(old)
