"""``ukm visit``: flags, prompts, refusals, and the visit appended in the file's own style."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run, run_process
from tests.kit.visits import V, folder, visits_text
from ukmtool.core.folder import Folder
from ukmtool.core.models import Visit
from ukmtool.core.reading.loader import load

FULL = [
    "UKM-001",
    "--date",
    "2018-01-10",
    "--trainer",
    "Ratna Dewi",
    "--hours",
    "1.5",
    "--module",
    "keuangan",
    "--yes",
    "kas-harian",
    "--no",
    "pisah-uang",
    "--note",
    "Sudah mencatat penjualan, pengeluaran belum.",
]
ENTRY = """\
- participant: UKM-001
  date: 2018-01-10
  trainer: Ratna Dewi
  hours: 1.5
  modules: [keuangan]
  practices: {kas-harian: yes, pisah-uang: no}
  notes: Sudah mencatat penjualan, pengeluaran belum.
"""


def visits(where: Path) -> list[Visit]:
    """Load the folder as `ukm check` does; it must have no errors."""
    result = load(Folder(where))
    assert result.ok, [d.message for d in result.errors]
    assert result.programme is not None
    return result.programme.visits


def visit(ukm: Run, where: Path, *args: str, input: str | None = None):
    return ukm("--lang", "en", "--data", str(where), "visit", *args, input=input)


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A folder without visits.yaml."""
    return folder(tmp_path / "p", [])


@pytest.fixture
def kept(tmp_path: Path) -> Path:
    """A folder whose visits.yaml holds a person's comments and spacing."""
    where = folder(tmp_path / "p", [])
    (where / "visits.yaml").write_text(
        "# Kunjungan pendampingan -- ditulis tangan\n\n"
        "- participant: UKM-002   # pindah ke Jepon\n"
        "  date: 2018-01-05\n"
        "  trainer: Hendro Wicaksono\n"
        "  hours: 2\n"
        "  practices: {kas-harian: no}\n"
        "# akhir daftar\n",
        encoding="utf-8",
        newline="\n",
    )
    return where


@pytest.mark.posix_only
def test_flags_record_a_visit_and_create_the_file(ukm: Run, empty: Path) -> None:
    os.chmod(empty / "participants.yaml", 0o640)
    result = visit(ukm, empty, *FULL)
    assert result.exit_code == 0, result.output
    assert "Recorded the visit to UKM-001" in result.stdout
    assert "Created" in result.stdout
    text = (empty / "visits.yaml").read_text(encoding="utf-8")
    assert text.startswith("# visits.yaml:")
    assert text.endswith("\n\n" + ENTRY)
    assert stat.S_IMODE(os.stat(empty / "visits.yaml").st_mode) == 0o640
    (only,) = visits(empty)
    assert only.model_dump() == {
        "participant": "UKM-001",
        "date": date(2018, 1, 10),
        "trainer": "Ratna Dewi",
        "hours": 1.5,
        "modules": ["keuangan"],
        "practices": {"kas-harian": True, "pisah-uang": False},
        "notes": "Sudah mencatat penjualan, pengeluaran belum.",
    }


def test_what_a_person_wrote_stays_byte_for_byte(ukm: Run, kept: Path) -> None:
    before = (kept / "visits.yaml").read_bytes()
    assert visit(ukm, kept, *FULL).exit_code == 0
    after = (kept / "visits.yaml").read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == "\n" + ENTRY
    assert [v.participant for v in visits(kept)] == ["UKM-002", "UKM-001"]


def test_the_file_style_is_kept(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [])
    old = (
        "-   participant: UKM-002\r\n"
        "    date: 2018-01-05\r\n"
        "    trainer: 'Hendro Wicaksono'\r\n"
        "    hours: 2\r\n"
        "    practices: {kas-harian: tidak, pisah-uang: ya}\r\n"
    )
    (where / "visits.yaml").write_bytes(old.encode())
    args = ["1", "--date", "2018-01-12", "--trainer", "Ratna Dewi", "--hours", "1"]
    assert visit(ukm, where, *args, "--yes", "kas-harian").exit_code == 0
    added = (where / "visits.yaml").read_bytes()[len(old) :].decode()
    assert added == (
        "\r\n-   participant: UKM-001\r\n"
        "    date: 2018-01-12\r\n"
        "    trainer: Ratna Dewi\r\n"
        "    hours: 1\r\n"
        "    practices: {kas-harian: ya}\r\n"
    )
    assert visits(where)[-1].practices == {"kas-harian": True}


def test_ids_names_and_spellings_are_taken_as_the_programme_writes_them(
    ukm: Run, kept: Path
) -> None:
    args = ["ukm-3", "--date", "2018-01-12", "--trainer", "hendro  wicaksono", "--hours", "2"]
    result = visit(ukm, kept, *args, "--module", "KEUANGAN,pemasaran", "--yes", "Merek,kas-harian")
    assert result.exit_code == 0, result.output
    added = visits(kept)[-1]
    assert (added.participant, added.trainer) == ("UKM-003", "Hendro Wicaksono")
    assert added.modules == ["keuangan", "pemasaran"]
    assert list(added.practices) == ["kas-harian", "merek"]  # in teaching order


def test_a_practice_of_a_module_not_worked_on_is_recorded(ukm: Run, empty: Path) -> None:
    args = ["1", "--date", "2018-01-12", "--trainer", "Ratna Dewi", "--hours", "1"]
    result = visit(ukm, empty, *args, "--module", "pemasaran", "--no", "kas-harian")
    assert result.exit_code == 0, result.output
    assert visits(empty)[-1].practices == {"kas-harian": False}
    assert ukm("--data", str(empty), "check").exit_code == 0


def test_the_date_is_today_when_not_given(ukm: Run, empty: Path) -> None:
    args = ["1", "--trainer", "Ratna Dewi", "--hours", "1"]
    assert visit(ukm, empty, *args).exit_code == 0
    assert visits(empty)[-1].date == date.today()


def test_a_trainer_close_to_a_known_one_is_refused_with_the_known_name(
    ukm: Run, kept: Path
) -> None:
    before = (kept / "visits.yaml").read_bytes()
    args = ["1", "--date", "2018-01-12", "--trainer", "Hendro Wicaksana", "--hours", "1"]
    result = visit(ukm, kept, *args)
    assert result.exit_code == 1
    assert "'Hendro Wicaksana' is not a known trainer" in result.stderr
    assert "Did you mean 'Hendro Wicaksono'?" in result.stderr
    assert "--new-trainer" in result.stderr
    assert (kept / "visits.yaml").read_bytes() == before


def test_a_trainer_known_from_modules_yaml_only_is_taken(ukm: Run, kept: Path) -> None:
    args = ["1", "--date", "2018-01-12", "--trainer", "ratna  dewi", "--hours", "1"]
    assert visit(ukm, kept, *args).exit_code == 0
    assert visits(kept)[-1].trainer == "Ratna Dewi"


def test_a_new_trainer_is_taken_with_new_trainer(ukm: Run, kept: Path) -> None:
    args = ["1", "--date", "2018-01-12", "--trainer", "Dimas Saputra", "--hours", "1"]
    refused = visit(ukm, kept, *args)
    assert refused.exit_code == 1
    assert "Known trainers: Ratna Dewi, Hendro Wicaksono." in refused.stderr
    result = visit(ukm, kept, *args, "--new-trainer")
    assert result.exit_code == 0, result.output
    assert "'Dimas Saputra' is recorded as a new trainer." in result.stderr
    assert visits(kept)[-1].trainer == "Dimas Saputra"


def test_a_new_trainer_typed_at_the_prompt_is_confirmed_or_typed_again(
    ukm: Run, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
    args = ["1", "--date", "2018-01-12", "--hours", "1", "--note", "-"]
    # not a new trainer ("n"), then the name typed again
    result = visit(ukm, kept, *args, "--trainer", "Ratna Dewie", input="n\nRatna Dewi\n")
    assert result.exit_code == 0, result.output
    assert "'Ratna Dewie' is not a known trainer" in result.stderr
    assert "Did you mean 'Ratna Dewi'?" in result.stderr
    assert "Record 'Ratna Dewie' as a new trainer? (y/n)" in result.stderr
    assert visits(kept)[-1].trainer == "Ratna Dewi"
    again = ["1", "--date", "2018-01-13", "--hours", "1", "--note", "-", "--trainer", "Joko"]
    assert visit(ukm, kept, *again, input="y\n").exit_code == 0
    assert visits(kept)[-1].trainer == "Joko"


def test_the_change_since_the_first_observation_is_shown(ukm: Run, kept: Path) -> None:
    args = ["UKM-002", "--date", "2018-01-19", "--trainer", "Hendro Wicaksono", "--hours", "1"]
    result = visit(ukm, kept, *args, "--yes", "kas-harian", "--no", "merek")
    assert result.exit_code == 0, result.output
    assert "kas-harian: yes (gained since the first observation, no on 5 January 2018)" in (
        result.stdout
    )
    assert "merek: no (first observation)" in result.stdout


def test_json_output(ukm: Run, empty: Path) -> None:
    result = visit(ukm, empty, *FULL, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["created"] is True
    assert data["visit"] == {
        "participant": "UKM-001",
        "date": "2018-01-10",
        "trainer": "Ratna Dewi",
        "hours": 1.5,
        "modules": ["keuangan"],
        "practices": {"kas-harian": True, "pisah-uang": False},
        "notes": "Sudah mencatat penjualan, pengeluaran belum.",
    }
    assert data["observed"][0] == {
        "practice": "kas-harian",
        "value": True,
        "first": None,
        "first_date": None,
    }


def with_flag(flag: str, value: str) -> list[str]:
    args = list(FULL)
    args[args.index(flag) + 1] = value
    return args


def hours_unclear() -> list[str]:
    return with_flag("--hours", "1.500")


def hours_zero() -> list[str]:
    return with_flag("--hours", "0")


def hours_longer_than_a_day() -> list[str]:
    return with_flag("--hours", "30")


def date_with_a_two_digit_year() -> list[str]:
    return with_flag("--date", "10/01/18")


def date_in_the_future() -> list[str]:
    return with_flag("--date", "2099-01-10")


def practice_both_yes_and_no() -> list[str]:
    return [*FULL, "--no", "kas-harian"]


def trainer_empty() -> list[str]:
    return with_flag("--trainer", "  ")


def a_range_of_businesses() -> list[str]:
    return ["1-2", *FULL[1:]]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (hours_unclear, "--hours: '1.500' is unclear: thousands grouped with '.', or three"),
        (hours_zero, "--hours: This must be more than 0, not 0."),
        (hours_longer_than_a_day, "--hours: 30 hours is longer than a day."),
        (date_with_a_two_digit_year, "--date: '10/01/18' has a two-digit year."),
        (date_in_the_future, "--date: 2099-01-10 is after today"),
        (practice_both_yes_and_no, "kas-harian is given both as --yes and as --no."),
        (trainer_empty, "missing: --trainer"),
        (a_range_of_businesses, "ID: A visit is to one business; '1-2' names 2."),
    ],
)
def test_a_bad_value_is_refused_and_nothing_written(
    ukm: Run, kept: Path, fault, expected: str
) -> None:
    before = (kept / "visits.yaml").read_bytes()
    result = visit(ukm, kept, *fault())
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert (kept / "visits.yaml").read_bytes() == before


def unknown_participant() -> list[str]:
    return ["UKM-009", *FULL[1:]]


def unknown_module() -> list[str]:
    return with_flag("--module", "keuangn")


def unknown_practice() -> list[str]:
    return with_flag("--yes", "kas-hrian")


@pytest.mark.parametrize(
    ("fault", "expected", "hint"),
    [
        (
            unknown_participant,
            "UKM-009 is not a registered participant.",
            "Registered ids run from UKM-001 to UKM-004.",
        ),
        (unknown_module, "There is no module 'keuangn'.", "Did you mean 'keuangan'?"),
        (
            unknown_practice,
            "There is no practice 'kas-hrian'.",
            "Did you mean 'kas-harian' (keuangan)?",
        ),
    ],
)
def test_an_unknown_name_is_refused_with_a_suggestion(
    ukm: Run, empty: Path, fault, expected: str, hint: str
) -> None:
    result = visit(ukm, empty, *fault())
    assert result.exit_code == 1, result.output
    assert expected in result.stderr and hint in result.stderr
    assert not (empty / "visits.yaml").exists()


def test_several_unknown_names_are_listed_together(ukm: Run, kept: Path) -> None:
    before = (kept / "visits.yaml").read_bytes()
    result = visit(ukm, kept, *with_flag("--module", "keuangn"), "--yes", "merk")
    assert result.exit_code == 1
    assert "--module: There is no module 'keuangn'." in result.stderr
    assert "--yes/--no: There is no practice 'merk'. Did you mean 'merek' (pemasaran)?" in (
        result.stderr
    )
    assert (kept / "visits.yaml").read_bytes() == before


def test_a_visit_before_registering_is_refused(ukm: Run, empty: Path) -> None:
    result = visit(ukm, empty, *with_flag("--date", "2017-12-20"))
    assert result.exit_code == 1
    assert "The visit (2017-12-20) is before UKM-001 registered (2018-01-01)" in result.stderr
    assert not (empty / "visits.yaml").exists()


def test_a_second_visit_on_one_day_needs_allow_duplicate(ukm: Run, empty: Path) -> None:
    assert visit(ukm, empty, *FULL).exit_code == 0
    before = (empty / "visits.yaml").read_bytes()
    again = visit(ukm, empty, *FULL)
    assert again.exit_code == 1
    assert "UKM-001 already has a visit on 2018-01-10 (by Ratna Dewi)" in again.stderr
    assert "--allow-duplicate" in again.stderr
    assert (empty / "visits.yaml").read_bytes() == before
    assert visit(ukm, empty, *FULL, "--allow-duplicate").exit_code == 0
    assert len(visits(empty)) == 2


def test_a_folder_with_errors_in_visits_yaml_is_refused(ukm: Run, tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [V("UKM-009", date(2018, 1, 5))])
    before = (where / "visits.yaml").read_bytes()
    result = visit(ukm, where, *FULL)
    assert result.exit_code == 1
    assert "visits.yaml:3: UKM-009 is not a registered participant." in result.stderr
    assert (where / "visits.yaml").read_bytes() == before


def test_no_terminal_lists_what_is_missing(ukm: Run, empty: Path) -> None:
    result = visit(ukm, empty, "--date", "2018-01-10")
    assert result.exit_code == 2
    assert "missing: ID, --trainer, --hours" in result.stderr
    assert "no terminal" in result.stderr
    assert not (empty / "visits.yaml").exists()


def test_no_input_refuses_to_ask_on_a_terminal(
    ukm: Run, empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
    result = visit(ukm, empty, "UKM-001", "--no-input", input="Ratna Dewi\n1\n")
    assert result.exit_code == 2
    assert "missing: --trainer, --hours" in result.stderr and "--no-input" in result.stderr
    assert not (empty / "visits.yaml").exists()


def test_prompts_walk_through_what_was_not_given(
    ukm: Run, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
    answers = [
        "UKM-404",  # not registered: asked again
        "3",  # the business
        "2018-01-15",  # the date
        "Ratna Dewi",  # the trainer
        "satu",  # not a number: asked again
        "1.5",  # hours
        "keuangan",  # modules worked on
        "ya",  # kas-harian
        "",  # pisah-uang: not checked
        "Pemilik sudah mencatat kas.",  # notes
    ]
    result = visit(ukm, kept, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "UKM-404 is not a registered participant." in result.stderr
    assert "'satu' is not a number of hours." in result.stderr
    assert "Trainer: one of Ratna Dewi, Hendro Wicaksono" in result.stderr
    assert "kas-harian: Mencatat kas harian? (y/n, empty: not checked)" in result.stderr
    added = visits(kept)[-1]
    assert (added.participant, added.date, added.trainer, added.hours) == (
        "UKM-003",
        date(2018, 1, 15),
        "Ratna Dewi",
        1.5,
    )
    assert (added.modules, added.practices) == (["keuangan"], {"kas-harian": True})
    assert added.notes == "Pemilik sudah mencatat kas."


def test_prompts_ask_again_only_for_a_wrong_value_when_all_were_given(
    ukm: Run, empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
    result = visit(ukm, empty, *with_flag("--hours", "1.500"), input="2\n")
    assert result.exit_code == 0, result.output
    assert "For one and a half hours write 1,5 or 1.5." in result.stderr
    assert "Notes" not in result.stderr  # nothing else is asked
    assert visits(empty)[-1].hours == 2


def test_a_real_process_records_the_visit(tmp_path: Path) -> None:
    where = folder(tmp_path / "p", [V("UKM-002", date(2018, 1, 5))])
    result = run_process("--lang", "en", "--data", str(where), "visit", *FULL)
    assert result.exit_code == 0, result.stderr
    assert (
        (where / "visits.yaml")
        .read_text(encoding="utf-8")
        .startswith(visits_text([V("UKM-002", date(2018, 1, 5))]))
    )
    assert [v.participant for v in visits(where)] == ["UKM-002", "UKM-001"]


@pytest.mark.slow
def test_three_visits_at_once_all_land(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    where = folder(tmp_path / "p", [])

    def one(number: int):
        return run_process(
            "--data", str(where), "visit", str(number), "--date", "2018-01-10",
            "--trainer", "Ratna Dewi", "--hours", "1", "--yes", "kas-harian",
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(one, (1, 2, 3)))
    for result in results:
        assert result.exit_code == 0, result.output
    assert sorted(v.participant for v in visits(where)) == ["UKM-001", "UKM-002", "UKM-003"]
    assert (where / "visits.yaml").read_text(encoding="utf-8").count("# visits.yaml:") == 1
    assert not list(where.glob(".*ukm-tmp"))


def test_notes_and_names_of_any_text_read_back_as_written(ukm: Run, empty: Path) -> None:
    note = '- Catatan: 50% naik #1\nbaris "dua"\t[31m'
    args = ["1", "--date", "2018-01-12", "--trainer", "Dwi O'Neil: tamu", "--hours", ".5"]
    args.append("--new-trainer")
    result = visit(ukm, empty, *args, "--note", note)
    assert result.exit_code == 0, result.output
    added = visits(empty)[-1]
    assert (added.notes, added.trainer, added.hours) == (note, "Dwi O'Neil: tamu", 0.5)
    before = (empty / "visits.yaml").read_bytes()
    refused = visit(ukm, empty, *args, "--note", "merah \x1b[31m")  # issue 29: refused at input
    assert refused.exit_code in (1, 2), refused.output
    assert "\x1b" not in refused.output and "U+001B" in refused.output
    assert (empty / "visits.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "written"), [("0.00001", "0.00001"), ("2.50", "2.5"), ("10", "10")]
)
def test_hours_are_written_as_plain_decimals(
    ukm: Run, empty: Path, typed: str, written: str
) -> None:
    """A tiny number is still digits and a dot in the file (Python would write 1e-05)."""
    args = ["1", "--date", "2018-01-12", "--trainer", "Ratna Dewi", "--hours", typed]
    result = visit(ukm, empty, *args)
    assert result.exit_code == 0, result.output
    assert f"  hours: {written}\n" in (empty / "visits.yaml").read_text(encoding="utf-8")
    assert f", {written} h." in result.stdout  # the confirmation too
    (only,) = visits(empty)
    assert only.hours == float(typed)
    assert ukm("--data", str(empty), "check").exit_code == 0


def long_visits(count: int, words: tuple[str, str] = ("yes", "no"), start: int = 0) -> str:
    """``count`` visits to UKM-001..UKM-004, one a day from 2018-01-02, in the usual layout."""
    yes, no = words
    return "".join(
        f"- participant: UKM-00{n % 4 + 1}\n"
        f"  date: {date.fromordinal(date(2018, 1, 2).toordinal() + n).isoformat()}\n"
        "  trainer: Ratna Dewi\n"
        "  hours: 1.5\n"
        f"  practices: {{kas-harian: {yes}, pisah-uang: {no}}}\n"
        for n in range(start, start + count)
    )


def test_a_long_visits_file_is_read_only_at_its_ends(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `register`: the loader read the file a moment ago, so only its ends are parsed."""
    from ukmtool.core.files import list_file
    from ukmtool.core.yamlio import ends

    where = folder(tmp_path / "p", [], ends=date(2020, 12, 31))
    text = long_visits(1000)
    (where / "visits.yaml").write_text(text, encoding="utf-8", newline="\n")
    assert ukm("--data", str(where), "check").exit_code == 0  # the load cache is warm
    parsed: list[int] = []
    real_parse = ends.parse_text

    def measured_parse(part: str, **kwargs: object) -> object:
        parsed.append(len(part))
        return real_parse(part, **kwargs)  # type: ignore[arg-type]

    def no_whole_read(*args: object) -> None:
        raise AssertionError("visits.yaml was parsed whole")

    monkeypatch.setattr(ends, "parse_text", measured_parse)
    monkeypatch.setattr(list_file, "_parse_whole", no_whole_read)
    result = visit(ukm, where, "UKM-002", "--date", "2020-12-01", "--trainer", "Ratna Dewi",
                   "--hours", "1", "--yes", "kas-harian")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(parsed) == 2 and sum(parsed) < len(text) / 3
    after = (where / "visits.yaml").read_text(encoding="utf-8")
    assert after.startswith(text)
    assert after[len(text) :] == (
        "- participant: UKM-002\n  date: 2020-12-01\n  trainer: Ratna Dewi\n  hours: 1\n"
        "  practices: {kas-harian: yes}\n"
    )
    assert visits(where)[-1].practices == {"kas-harian": True}


@pytest.mark.parametrize("recent", [("ya", "tidak"), ("yes", "no")])
def test_a_long_file_s_yes_no_words_follow_its_recent_visits(
    ukm: Run, tmp_path: Path, recent: tuple[str, str]
) -> None:
    """Judged as its style is: the first 20 and the last 200 visits, not the middle."""
    older = ("yes", "no") if recent == ("ya", "tidak") else ("ya", "tidak")
    where = folder(tmp_path / "p", [], ends=date(2020, 12, 31))
    text = long_visits(400, older) + long_visits(201, recent, start=400)
    (where / "visits.yaml").write_text(text, encoding="utf-8", newline="\n")
    for loaded in (False, True):  # with the load cache cold and warm: the same words
        if loaded:
            (where / "visits.yaml").write_text(text, encoding="utf-8", newline="\n")
            assert ukm("--data", str(where), "check").exit_code == 0
        result = visit(ukm, where, "UKM-002", "--date", "2020-06-01", "--trainer", "Ratna Dewi",
                       "--hours", "1", "--yes", "kas-harian")  # fmt: skip
        assert result.exit_code == 0, result.output
        added = (where / "visits.yaml").read_text(encoding="utf-8")[len(text) :]
        assert f"practices: {{kas-harian: {recent[0]}}}" in added
    assert visits(where)[-1].practices == {"kas-harian": True}
