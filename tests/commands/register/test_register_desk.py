"""Registering one business at the desk: every question, Enter to skip, the entry, a yes."""

from __future__ import annotations

import os
import pty
import select
import time
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme, ukm_executable
from ukmtool.core.folder import Folder
from ukmtool.core.models import Participant
from ukmtool.core.reading.loader import load

# business, owner, gender, sector, district, then village, phone, employees, sales, capital, NIK,
# NIB, and the day of registration: today is after the programme's end, so it cannot be the day
DESK = [
    "Batik Sekar Jati",
    "Sri Wahyuni",
    "P",
    "batik",
    "jepon",
    "Balun",
    "0812-3456-7890",
    "3",
    "15 jt",
    "",  # capital: Enter leaves it out
    "3316015507800001",
    "912 0001 234 567",
    "2018-01-05",
]


def participants(folder: Path) -> list[Participant]:
    result = load(Folder(folder))
    assert result.ok and result.programme is not None, [d.message for d in result.errors]
    return result.programme.participants


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p")


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)


@pytest.mark.usefixtures("desk")
def test_the_desk_asks_every_field_shows_the_entry_and_registers_on_yes(
    ukm: Run, folder: Path
) -> None:
    result = ukm("--data", str(folder), "register", input="\n".join([*DESK, "y"]) + "\n")
    assert result.exit_code == 0, result.output
    for question in (
        "Village (empty to leave out)",
        "Phone (empty to leave out)",
        "Employees (empty to leave out)",
        "Sales a month, Rupiah, such as 15 jt (empty to leave out)",
        "Capital without land and buildings, Rupiah (empty to leave out)",
        "NIK (empty to leave out)",
        "NIB, the business's 13-digit number from OSS (empty to leave out)",
        "is after the programme ended (2018-03-31), so it cannot be the day",
        "Registered on (such as 2017-12-13 or 13/12/2017)",
        "Register this business? (y/n) [y]",
    ):
        assert question in result.stderr, question
    shown = result.stderr.split("The new entry:", 1)[1].split("Register this business?", 1)[0]
    assert "  business: Batik Sekar Jati" in shown
    assert "  phone: 081234567890" in shown
    assert "  sales a month: Rp15,000,000" in shown
    assert "  NIK: 3316********0001" in shown  # masked even here
    assert "  NIB: 9120001234567" in shown  # a public number: as it is
    assert "capital" not in shown
    added = participants(folder)[-1]
    assert (added.village, added.phone, added.employees) == ("Balun", "081234567890", 3)
    assert (added.monthly_sales, added.capital, added.nik) == (15_000_000, None, "3316015507800001")
    assert added.nib == "9120001234567"
    assert added.registered == date(2018, 1, 5)


@pytest.mark.usefixtures("desk")
def test_no_at_the_confirmation_writes_nothing(ukm: Run, folder: Path) -> None:
    before = (folder / "participants.yaml").read_bytes()
    result = ukm("--data", str(folder), "register", input="\n".join([*DESK, "n"]) + "\n")
    assert result.exit_code == 0, result.output
    assert "Not registered; nothing was written." in result.stdout
    assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.usefixtures("desk")
def test_a_wrong_optional_answer_is_asked_again_and_enter_skips_it(ukm: Run, folder: Path) -> None:
    answers = [*DESK[:6], "12", "", "", "", "", "", "", DESK[-1], "y"]  # a phone too short
    result = ukm("--data", str(folder), "register", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "'12' is not an Indonesian phone number." in result.stderr
    added = participants(folder)[-1]
    assert (added.phone, added.employees, added.nik) == (None, None, None)


@pytest.mark.usefixtures("desk")
def test_all_required_given_as_options_asks_nothing(ukm: Run, folder: Path) -> None:
    args = ["--business", "Warung Baru", "--owner", "Joko", "--gender", "M", "--sector"]
    args += ["kuliner", "--district", "Cepu", "--registered", "2018-01-05"]
    result = ukm("--data", str(folder), "register", *args, input="")
    assert result.exit_code == 0, result.output
    assert "Register this business?" not in result.stderr


def test_the_desk_in_a_real_terminal(folder: Path) -> None:
    """The installed ``ukm register`` in a pseudo-terminal, answered question by question."""
    env = {**os.environ, "UKM_LANG": "en", "NO_COLOR": "1"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: ukm on the terminal
        os.execve(ukm_executable(), [ukm_executable(), "--data", str(folder), "register"], env)
    answers = [*DESK, "y"]
    seen = b""
    pending = b""  # what the terminal showed since the last answer
    asked = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        seen += data
        pending += data
        if pending.rstrip().endswith((b":", b"]:")) and asked < len(answers):
            os.write(fd, answers[asked].encode() + b"\r")  # Enter, as a keyboard sends it
            asked += 1
            pending = b""
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    text = seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert asked == len(answers), text
    assert "The new entry:" in text and "Registered UKM-003: Batik Sekar Jati" in text
    added = participants(folder)[-1]
    assert (added.id, added.village, added.monthly_sales) == ("UKM-003", "Balun", 15_000_000)
