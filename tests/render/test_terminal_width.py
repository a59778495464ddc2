"""Tables on 80-, 100- and 200-column terminals: ids, names and dates whole, the rest stated."""

from __future__ import annotations

import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from tests.kit.helpers import REPO, Run, ukm_executable

SAMPLE = REPO / "data"
WIDTHS = (80, 100, 200)


def sample_people() -> list[dict[str, object]]:
    return yaml.safe_load((SAMPLE / "participants.yaml").read_text(encoding="utf-8"))


def on_terminal(
    ukm: Run, monkeypatch: pytest.MonkeyPatch, width: int, *args: str, data: Path = SAMPLE
) -> str:
    """``ukm ARGS`` drawn as on a terminal ``width`` columns wide (Rich's console, no colour)."""
    from ukmtool.render import console

    monkeypatch.setattr(console, "is_terminal", lambda stderr=False: True)
    monkeypatch.setattr("ukmtool.render.commands.register.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("TERMINAL_WIDTH", str(width))
    result = ukm("--lang", "en", "--data", str(data), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_fits(out: str, width: int) -> None:
    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert not too_wide, too_wide[:3]
    assert "…" not in out  # nothing cut with an ellipsis


def words_in_order(text: str, out: str) -> bool:
    """Whether ``text``'s words appear whole in ``out``, in order (a name may wrap)."""
    pattern = r"\s+(?:\S+\s+)*?".join(map(re.escape, text.split()))
    return re.search(pattern, out) is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_the_module_report_keeps_ids_names_and_dates_whole(
    ukm: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    out = on_terminal(ukm, monkeypatch, width, "report", "--module", "keuangan")
    assert_fits(out, width)
    people = sample_people()
    for person in people:
        assert re.search(rf"^{person['id']}\s", out, re.M), person["id"]
        assert words_in_order(str(person["business"]), out), person["business"]
    if width == 200:
        assert "Not shown at" not in out
        assert "21 February 2018" in out  # the missed sessions' dates, whole
    else:
        note = re.search(r"Not shown at (\d+) columns: (.*?)\. A terminal (\d+)", out, re.S)
        assert note is not None
        assert int(note.group(1)) == width and int(note.group(3)) > width
        assert "--format md, csv or xlsx has every column" in " ".join(out.split())
        for dropped in note.group(2).replace("\n", " ").split(", "):
            header = " ".join(dropped.split())
            assert header  # named; and really not drawn as a column header
    for line in out.splitlines():
        assert not re.search(r"\d{1,2} (January|February|March|December)$", line.rstrip()) or (
            re.search(r"\d{4}", line)
        ), line  # a date never ends a line without its year


@pytest.mark.parametrize("width", WIDTHS)
def test_the_programme_report_has_readable_headers_and_whole_summary_words(
    ukm: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    out = on_terminal(ukm, monkeypatch, width, "report")
    assert_fits(out, width)
    header = out.split("Modules", 1)[1].split("───", 1)[0]
    for word in ("module", "title", "held", "plan", "req"):
        assert re.search(rf"\b{word}\b", header), word
    assert words_in_order("Keselamatan dan Kesehatan Kerja (K3)", out)
    summary = out.split("Summary", 1)[1].split("\n\n", 1)[0]
    joined = " ".join(summary.split())
    # wrapped at spaces only: joined again, the sentence is whole (no word split in two)
    sentence = "Practice uptake: 25% at the first observation, 55% at the latest (+30; of 255 "
    assert sentence + "practices observed at" in joined
    if width == 80:
        assert "(+30; of 255\npractices" in summary.replace(" \n", "\n")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.usefixtures("during_the_programme")
def test_the_register_preview_shows_whole_ids_names_and_phones(
    ukm: Run, monkeypatch: pytest.MonkeyPatch, sample: Path, tmp_path: Path, width: int
) -> None:
    source = tmp_path / "peserta.csv"
    source.write_text(
        "nama usaha,pemilik,jenis kelamin,jenis usaha,kecamatan,desa,telepon\n"
        "Batik Sekar Arum Lestari Jaya,Siti Aminah Rahmawati,P,batik,Cepu,Balun,081234567890\n"
        "Warung Makan Bu Sri,Sri Wahyuningsih,P,kuliner,Jepon,Jepon,0812 3456 7891\n",
        encoding="utf-8",
    )
    out = on_terminal(
        ukm, monkeypatch, width, "register", "--from", str(source), "--dry-run", data=sample
    )
    table = out.split("Dry run:", 1)[0]
    assert_fits(table, width)
    for whole in ("UKM-101", "UKM-102", "081234567890", "081234567891", "Siti Aminah Rahmawati"):
        assert whole in table, whole
    assert words_in_order("Batik Sekar Arum Lestari Jaya", table)
    if width < 200:
        assert "Not shown at" in table and "--format json" in " ".join(table.split())
    else:
        assert "Not shown at" not in table and "Balun" in table


def test_a_real_terminal_of_80_columns(sample: Path) -> None:
    """The installed ``ukm`` in a pseudo-terminal 80 columns wide, as a laptop's shell."""
    leader, follower = pty.openpty()
    fcntl_size = struct.pack("HHHH", 50, 80, 0, 0)
    import fcntl

    fcntl.ioctl(follower, termios.TIOCSWINSZ, fcntl_size)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERMINAL_WIDTH")}
    env.update({"UKM_LANG": "en", "NO_COLOR": "1"})
    proc = subprocess.Popen(
        [ukm_executable(), "--data", str(sample), "report", "--module", "keuangan"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([leader], [], [], 1)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(leader)
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8"))
    out = out.replace("\r\n", "\n")
    assert proc.returncode == 0, out
    assert_fits(out, 80)
    assert re.search(r"^UKM-001\s+Batik Sekar Jati\s", out, re.M)
    assert "Not shown at 80 columns:" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_dates_are_left_out_whole_never_cut(
    ukm: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    out = on_terminal(ukm, monkeypatch, width, "modules")
    assert_fits(out, width)
    months = "January February March April May June July August September October November December"
    for match in re.finditer(r"\b\d{1,2} ([A-Z][a-z]*)( \d{4})?", out):
        word = match.group(1)
        if any(month.startswith(word) for month in months.split()):
            assert word in months.split(), match.group(0)  # never "21 Febr"
            assert match.group(2), match.group(0)  # never without its year
