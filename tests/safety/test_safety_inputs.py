"""Input that once crashed ukm (issue 21, items 19, 20, 21, 23): ids of thousands of digits,
Unicode digits on the command line, a date at the end of the calendar, a null list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme

LONG = "1" * 5000
VISIT = ["--date", "2018-01-20", "--trainer", "Ratna Dewi", "--hours", "1", "--no-input"]
DESK = ["register", "--no-input", "--business", "Usaha Baru", "--owner", "Siti", "--gender",
        "F", "--sector", "batik", "--district", "Cepu", "--registered", "2018-01-01"]  # fmt: skip
SHEET = "1:\n  present: [UKM-001]\n"


def _no_crash(result_code: int, output: str) -> None:
    assert result_code in (0, 1, 2), output
    assert "bug in ukm" not in output and "Traceback" not in output, output


@pytest.mark.parametrize("long_id", [LONG, "UKM-" + LONG])
@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        DESK,
        ["attend", "keuangan", "-s", "1", "1"],
        ["attend", "keuangan", "-s", "1", "1-3"],
        ["show", "1"],
        ["visit", "1", *VISIT],
        ["participants"],
        ["report"],
        ["print", "sheet", "keuangan", "--session", "1", "-o", "sheet.pdf"],
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_an_id_of_thousands_of_digits_crashes_nothing(
    ukm: Run, tmp_path: Path, long_id: str, args: list[str]
) -> None:
    text = PARTICIPANTS + PARTICIPANTS.split("- id: UKM-002")[1].replace("\n", "\n", 1).join(
        [f'- id: "{long_id}"', ""]
    )
    root = programme(tmp_path / "p", participants=text, attendance__keuangan=SHEET)
    result = ukm("--data", str(root), *args)
    _no_crash(result.exit_code, result.output)


UNICODE_DIGITS = ["²", "①", "1..²", "UKM-²", "١٢", "1.." + "9" * 5000]


@pytest.mark.parametrize("text", UNICODE_DIGITS, ids=lambda t: t[:12])
@pytest.mark.parametrize(
    "args",
    [
        ["attend", "keuangan", "-s", "1", "{}"],
        ["attend", "keuangan", "-s", "{}", "1"],
        ["show", "{}"],
        ["visit", "{}", *VISIT],
        ["participants", "--limit", "{}"],
        ["report", "--module", "keuangan", "--limit", "{}"],
        ["print", "sheet", "keuangan", "--session", "{}", "-o", "sheet.pdf"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_unicode_digits_on_the_command_line_crash_nothing(
    ukm: Run, tmp_path: Path, text: str, args: list[str]
) -> None:
    root = programme(tmp_path / "p", attendance__keuangan=SHEET)
    result = ukm("--data", str(root), *[a.replace("{}", text) for a in args])
    _no_crash(result.exit_code, result.output)
    assert result.exit_code in (1, 2) or "{}" not in args[-1]


@pytest.mark.parametrize("columns", ["²", "①", "9" * 5000])
def test_unicode_digits_in_columns_crash_nothing(ukm: Run, tmp_path: Path, columns: str) -> None:
    root = programme(tmp_path / "p")
    result = ukm("--data", str(root), "check", env={"COLUMNS": columns})
    _no_crash(result.exit_code, result.output)
    assert result.exit_code == 0


@pytest.mark.parametrize("day", ["9999-10-10", "9999-12-31", "9000-12-31", "9000-10-01"])
def test_a_date_at_the_end_of_the_calendar_is_no_crash(ukm: Run, tmp_path: Path, day: str) -> None:
    result = ukm("init", str(tmp_path / "new"), "--starts", day)
    _no_crash(result.exit_code, result.output)
    # past the calendar's end, or (issue 29) more than a year ahead: a mistyped year
    assert result.exit_code == 2
    assert "too far in the future" in result.stderr or "more than a year after" in result.stderr
    assert not (tmp_path / "new" / "program.yaml").exists()


@pytest.mark.parametrize(
    "text", ["~\n", "null\n", "Null\n", "# nobody yet\n~\n", "--- ~\n", "~   # nobody yet\n"]
)
def test_a_null_participants_file_is_an_empty_list_everywhere(
    ukm: Run, tmp_path: Path, text: str
) -> None:
    root = programme(tmp_path / "p", participants=text)
    checked = ukm("--data", str(root), "check")
    assert checked.exit_code == 0, checked.output
    assert "0 participants" in checked.stdout
    result = ukm("--data", str(root), *DESK)
    assert result.exit_code == 0, result.output
    assert "Registered UKM-001" in result.stdout
    written = (root / "participants.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():  # every comment kept as written
        if "#" in line:
            assert line[line.index("#") :] in written
    again = ukm("--data", str(root), "check")
    assert again.exit_code == 0 and "1 participant" in again.stdout, again.output
