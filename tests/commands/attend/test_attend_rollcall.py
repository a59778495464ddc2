"""``ukm attend --roll-call``: one key per participant, driven key by key."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.kit.attendance import expect, folder, ids, sheet
from tests.kit.helpers import Run, run_process, ukm_executable
from ukmtool.core.models import Participant
from ukmtool.core.rollcall import RollCall, StepKind


def people(*numbers: int) -> list[Participant]:
    return [
        Participant(
            id=f"UKM-{n:03d}",
            business=f"Usaha {n}",
            owner=f"Pemilik {n}",
            gender="F",
            sector="batik",
            district="Cepu",
            registered=date(2018, 1, 1),
        )
        for n in numbers
    ]


# --- the walk itself ------------------------------------------------------------------------


def test_each_key_gives_its_status() -> None:
    call = RollCall(people(1, 2, 3, 4, 5, 6, 7))
    for key in ["H", "t", "I", "s", "A", "\r", "\n"]:
        assert call.press(key).kind is StepKind.MARKED
    assert call.marks == {
        "UKM-001": "present",
        "UKM-002": "late",
        "UKM-003": "excused",
        "UKM-004": "sick",
        "UKM-005": "absent",
        "UKM-006": "present",
        "UKM-007": "present",
    }
    assert call.all_marked and not call.stopped


def test_undo_takes_back_the_last_mark_and_asks_again() -> None:
    call = RollCall(people(1, 2, 3))
    assert call.press("u").kind is StepKind.NOTHING_TO_UNDO
    call.press("h")
    call.press("a")
    step = call.press("u")
    assert step.kind is StepKind.UNDONE
    assert step.participant is not None and step.participant.id == "UKM-002"
    assert step.status == "absent"
    assert call.current is not None and call.current.id == "UKM-002"
    call.press("t")
    assert call.marks == {"UKM-001": "present", "UKM-002": "late"}
    assert call.press("u").kind is StepKind.UNDONE
    assert call.press("U").kind is StepKind.UNDONE
    assert call.marks == {}
    assert call.current is not None and call.current.id == "UKM-001"


def test_unknown_keys_change_nothing() -> None:
    call = RollCall(people(1, 2))
    for key in ["x", "P", " ", "\x1b[A", "hh", "1"]:
        assert call.press(key).kind is StepKind.UNKNOWN
    assert call.marks == {} and call.position == 0


def test_q_stops_and_keeps_what_was_marked() -> None:
    call = RollCall(people(1, 2, 3))
    call.press("s")
    assert call.press("q").kind is StepKind.STOPPED
    assert call.stopped and call.current is None
    assert call.marks == {"UKM-001": "sick"}


@pytest.mark.parametrize("key", ["", "\x04", "Q"])
def test_the_end_of_input_stops_like_q(key: str) -> None:
    call = RollCall(people(1, 2))
    call.press("i")
    assert call.press(key).kind is StepKind.STOPPED
    assert call.marks == {"UKM-001": "excused"}


def test_ctrl_c_cancels_and_keeps_nothing() -> None:
    call = RollCall(people(1, 2))
    call.press("h")
    assert call.press("\x03").kind is StepKind.CANCELLED
    assert call.stopped and call.marks == {}


def test_after_the_last_one_enter_saves_and_u_still_undoes() -> None:
    call = RollCall(people(1, 2))
    call.press("h")
    call.press("a")
    assert call.all_marked and not call.stopped
    assert call.press("h").kind is StepKind.UNKNOWN  # no one left to mark
    assert call.press("u").kind is StepKind.UNDONE
    call.press("s")
    assert call.press("\r").kind is StepKind.STOPPED
    assert call.marks == {"UKM-001": "present", "UKM-002": "sick"}


def test_the_walk_shows_each_participant_and_each_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ukmtool.core.models import Module
    from ukmtool.core.writing.attend import SessionSheet
    from ukmtool.render.commands import rollcall as view

    module = Module.model_validate(
        {"id": "keuangan", "title": "Tertib Keuangan", "sessions": {1: {"date": "2018-01-08"}}}
    )
    sheet_ = SessionSheet(module, 1, date(2018, 1, 8), {}, [])
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    keys = iter(["h", "z", "a", "u", "t", "\r"])
    call = RollCall(people(1, 2))
    assert view.walk(call, sheet_, lambda: next(keys)) is True
    text = out.getvalue()
    assert "Roll call: keuangan, session 1 (8 January 2018), 2 not marked yet." in text
    assert "[1/2] UKM-001  Usaha 1  Pemilik 1  Cepu > present" in text
    assert "[2/2] UKM-002  Usaha 2  Pemilik 2  Cepu > absent" in text
    assert "undo: UKM-002 (absent)" in text
    assert "[2/2] UKM-002  Usaha 2  Pemilik 2  Cepu > late" in text
    assert "Everyone is marked: Enter to save" in text
    assert call.marks == {"UKM-001": "present", "UKM-002": "late"}


def test_ctrl_c_on_a_terminal_cancels_the_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukmtool.core.models import Module
    from ukmtool.core.writing.attend import SessionSheet
    from ukmtool.render.commands import rollcall as view

    module = Module.model_validate(
        {"id": "keuangan", "title": "T", "sessions": {1: {"date": "2018-01-08"}}}
    )
    monkeypatch.setattr(sys, "stdout", io.StringIO())

    def interrupted() -> str:
        raise KeyboardInterrupt

    call = RollCall(people(1))
    assert view.walk(call, SessionSheet(module, 1, date(2018, 1, 8), {}, []), interrupted) is False
    assert call.marks == {}


# --- through the command line -----------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend stdin is a terminal; CliRunner's getchar then reads ``input`` one key a time."""
    from ukmtool.render.commands import rollcall

    monkeypatch.setattr(rollcall, "reads_keys", lambda: True)


SHEET = b"# kas\n2:\n  present: [UKM-001, UKM-002]\n  excused: [UKM-003]   # izin\n"


@pytest.mark.usefixtures("terminal")
def test_roll_call_key_by_key_with_undo_and_q(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET)
    # UKM-004..: H, Enter, T, (A then undo) I, S, A, then q: UKM-010 and later stay unmarked
    result = ukm(
        "--data", str(root), "attend", "keuangan", "-s", "2", "--roll-call", input="h\rtauisaq"
    )
    assert result.exit_code == 0, result.output
    assert "UKM-004" in result.stdout and "UKM-001  " not in result.stdout
    assert "undo: UKM-007 (absent)" in result.stdout
    assert sheet(root, 2) == expect(
        present=ids(1, 2, 4, 5),
        late=ids(6),
        excused=ids(3, 7),
        sick=ids(8),
        absent=ids(9),
    )
    assert "Marked 2 present, 1 late, 1 excused, 1 sick, 1 absent." in result.stdout
    # session 2 counts for 24 (UKM-025 joined later); 9 are marked now
    assert "4 present, 1 late, 2 excused, 1 sick, 1 absent; 15 not marked yet." in result.stdout
    text = (root / "attendance" / "keuangan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# kas\n2:\n") and "  excused: [UKM-003, UKM-007]   # izin\n" in text


@pytest.mark.usefixtures("terminal")
def test_roll_call_to_the_end_saves_on_enter(ukm: Run, tmp_path: Path) -> None:
    marked = ids(*range(1, 24))
    root = folder(tmp_path / "p", b"1:\n  present: [" + ", ".join(marked).encode() + b"]\n")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--roll-call", input="a\r")
    assert result.exit_code == 0, result.output
    assert "[1/1] UKM-024" in result.stdout
    assert sheet(root, 1) == expect(present=marked, absent=ids(24))
    assert "everyone is marked" in result.stdout


@pytest.mark.usefixtures("terminal")
def test_roll_call_ending_with_nothing_marked_writes_nothing(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--roll-call", input="hu")
    assert result.exit_code == 0, result.output
    assert "Nothing changed; nothing was written." in result.stdout
    assert not (root / "attendance" / "keuangan.yaml").exists()


@pytest.mark.usefixtures("terminal")
def test_roll_call_ctrl_c_writes_nothing(ukm: Run, tmp_path: Path) -> None:
    root = folder(tmp_path / "p", SHEET)
    result = ukm(
        "--data", str(root), "attend", "keuangan", "-s", "2", "--roll-call", input="hh\x03"
    )
    assert result.exit_code == 130
    assert "cancelled; nothing was written" in result.stdout
    assert (root / "attendance" / "keuangan.yaml").read_bytes() == SHEET


@pytest.mark.usefixtures("terminal")
def test_roll_call_when_everyone_is_marked(ukm: Run, tmp_path: Path) -> None:
    everyone = ", ".join(ids(*range(1, 25))).encode()
    root = folder(tmp_path / "p", b"1:\n  late: [" + everyone + b"]\n")
    result = ukm("--data", str(root), "attend", "keuangan", "-s", "1", "--roll-call", input="")
    assert result.exit_code == 0, result.output
    assert "0 present, 24 late" in result.stdout and "everyone is marked" in result.stdout


@pytest.mark.usefixtures("terminal")
def test_roll_call_with_json_prompts_on_stderr(ukm: Run, tmp_path: Path) -> None:
    import json

    root = folder(tmp_path / "p")
    result = ukm(
        "--data",
        str(root),
        "attend",
        "keuangan",
        "-s",
        "1",
        "--roll-call",
        "--format",
        "json",
        input="stq",
    )
    assert result.exit_code == 0, result.output
    assert "[1/24] UKM-001" in result.stderr
    data = json.loads(result.stdout)
    assert data["sick"] == ids(1) and data["late"] == ids(2)
    assert data["changes"] == [
        {"id": "UKM-001", "from": None, "to": "sick"},
        {"id": "UKM-002", "from": None, "to": "late"},
    ]


def test_roll_call_without_a_terminal_is_an_error(tmp_path: Path) -> None:
    root = folder(tmp_path / "p")
    result = run_process(
        "--data", str(root), "attend", "keuangan", "-s", "1", "--roll-call", input="hhh"
    )
    assert result.exit_code == 2
    assert "--roll-call needs a terminal" in result.stderr
    assert not (root / "attendance" / "keuangan.yaml").exists()


def run_on_terminal(root: Path, batches: list[bytes]) -> tuple[int, bytes]:
    """Run the installed ukm's roll call in a pseudo-terminal, writing each batch of keys
    after the next prompt; the exit status and everything it printed."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1")
    args = ["--data", str(root), "attend", "keuangan", "-s", "2", "--roll-call"]
    proc = subprocess.Popen(
        [ukm_executable(), *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    seen = b""

    def wait_for(text: bytes, count: int) -> None:
        nonlocal seen
        deadline = time.monotonic() + 20
        while seen.count(text) < count:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            ready, _w, _x = select.select([master], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:  # the process has ended and closed the terminal
                    return

    try:
        for count, batch in enumerate(batches, start=1):
            wait_for(b" > ", count)
            os.write(master, batch)
        status = proc.wait(timeout=20)
        wait_for(b"not marked yet", 2)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return status, seen


posix_terminal = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


@posix_terminal
def test_roll_call_on_a_real_terminal(tmp_path: Path) -> None:
    """Raw single keys, Enter as a carriage return, one key after each prompt."""
    root = folder(tmp_path / "p", SHEET)
    status, seen = run_on_terminal(root, [b"h", b"\r", b"a", b"u", b"s", b"q"])
    assert status == 0, seen.decode(errors="replace")
    assert sheet(root, 2) == expect(present=ids(1, 2, 4, 5), excused=ids(3), sick=ids(6))
    assert b"undo: UKM-006 (absent)" in seen


@posix_terminal
def test_keys_typed_ahead_are_neither_lost_nor_merged(tmp_path: Path) -> None:
    """A fast hand: every key at once, with an arrow key (whose last byte is 'A') among them."""
    root = folder(tmp_path / "p", SHEET)
    status, seen = run_on_terminal(root, [b"h\x1b[Ah\rtq"])
    assert status == 0, seen.decode(errors="replace")
    assert sheet(root, 2) == expect(present=ids(1, 2, 4, 5, 6), excused=ids(3), late=ids(7))
    assert b"Keys: H present" in seen.split(b"[1/21]", 1)[1]  # the arrow key got the help


@pytest.mark.parametrize(
    ("text", "first", "rest"),
    [
        ("hh", "h", "h"),
        ("\x1b[Ah", "\x1b[A", "h"),
        ("\x1bOPa", "\x1bOP", "a"),
        ("\x1b[15~", "\x1b[15~", ""),
        ("\x1b", "\x1b", ""),
        ("\r\nq", "\r\n", "q"),
        ("\u00e9a", "\u00e9", "a"),
    ],
)
def test_split_key(text: str, first: str, rest: str) -> None:
    from ukmtool.render.commands.rollcall import split_key

    assert split_key(text) == (first, rest)
