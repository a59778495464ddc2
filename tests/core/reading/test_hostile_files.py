"""Hostile and broken files: a clear error or correct handling, in bounded time."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme

BILLION_LAUGHS = """\
- id: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

HOSTILE: dict[str, tuple[str | bytes, int | None, str]] = {
    # name: (participants.yaml content, expected line or None, gist of the message)
    "alias-bomb": (BILLION_LAUGHS, 2, "Anchors and aliases"),
    "python-object-tag": (
        "- !!python/object/apply:os.system ['touch pwned']\n",
        1,
        "tag !!python/object/apply:os.system is not allowed",
    ),
    "python-name-tag": ("- id: !!python/name:os.system\n", 1, "is not allowed"),
    "deep-flow-nesting": ("[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply"),
    "deep-block-nesting": (
        "".join("  " * i + "- a:\n" for i in range(3000)),
        None,
        "nested too deeply",
    ),
    "nul-byte": (PARTICIPANTS.encode() + b"- id: UKM-9\x00\n", 16, "NUL byte"),
    "control-character": ("- id: UKM-001\x07\n", 1, "character YAML does not allow"),
    "latin-1-bytes": (
        PARTICIPANTS.encode().replace(b"Batik Sekar", "Batik Séka".encode("latin-1")),
        2,
        "not UTF-8",
    ),
    "utf-16": (PARTICIPANTS.encode("utf-16"), 1, "not UTF-8"),
}


@pytest.mark.parametrize("fault", sorted(HOSTILE))
def test_hostile_participants_file_is_a_clear_error(ukm: Run, tmp_path: Path, fault: str) -> None:
    content, line, gist = HOSTILE[fault]
    folder = programme(tmp_path / "p")
    path = folder / "participants.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")
    before = path.read_bytes()
    started = time.perf_counter()
    result = ukm("--data", str(folder), "check")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    location = f"participants.yaml:{line}:" if line is not None else "participants.yaml"
    matching = [row for row in result.stdout.splitlines() if location in row and gist in row]
    assert matching, result.stdout
    assert not (tmp_path / "touch pwned").exists()
    assert path.read_bytes() == before


def test_bom_and_crlf_load_as_written(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    for name in ("program.yaml", "modules.yaml", "participants.yaml"):
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = ukm("--data", str(folder), "check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"participants": 2' in result.stdout


def test_huge_file_is_refused_quickly_with_a_clear_message(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    path = folder / "participants.yaml"
    entry = PARTICIPANTS.split("- id: UKM-002")[0]
    chunk = "".join(entry.replace("UKM-001", f"UKM-{i:06d}") for i in range(2000)).encode()
    with path.open("wb") as handle:
        while handle.tell() < 100 * 2**20:
            handle.write(chunk)
    started = time.perf_counter()
    result = ukm("--data", str(folder), "check")
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert "participants.yaml: The file is 100 MB" in result.stdout
    assert "UKM_MAX_FILE_MB" in result.stdout


@pytest.mark.posix_only
def test_data_file_that_is_a_symlink_is_read_through_the_link(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    real = tmp_path / "elsewhere.yaml"
    (folder / "participants.yaml").rename(real)
    (folder / "participants.yaml").symlink_to(real)
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    assert "2 participants" in result.stdout


@pytest.mark.posix_only
@pytest.mark.parametrize(
    "name", ["program.yaml", "participants.yaml", "attendance/keuangan.yaml", "visits.yaml"]
)
def test_a_link_to_nowhere_is_named_as_such(ukm: Run, tmp_path: Path, name: str) -> None:
    """A dangling link is not "missing" (the link is right there): say where it points."""
    folder = programme(tmp_path / "p")
    path = folder / name
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(tmp_path / "moved-away.yaml")
    result = ukm("--lang", "en", "--data", str(folder), "check")
    assert result.exit_code == 1, result.output
    assert f"{name}: {path.name} is a link to {tmp_path / 'moved-away.yaml'}, which does not" in (
        result.stdout
    )
    assert "Point the link at the file" in result.stdout
    assert "is missing" not in result.stdout and "ukm init" not in result.stdout


def test_unreadable_file_is_a_clear_error(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    (folder / "participants.yaml").unlink()
    (folder / "participants.yaml").mkdir()
    result = ukm("--data", str(folder), "check")
    assert result.exit_code == 1
    assert "participants.yaml: participants.yaml is a folder, not a file." in result.stdout


@pytest.mark.posix_only
def test_folder_marked_read_only_still_checks(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "p")
    mode = stat.S_IMODE(folder.stat().st_mode)
    os.chmod(folder, 0o555)
    try:
        result = ukm("--data", str(folder), "check")
    finally:
        os.chmod(folder, mode)
    assert result.exit_code == 0, result.output


@pytest.mark.posix_only
@pytest.mark.parametrize("kind", ["named-pipe", "link-to-dev-zero"])
def test_a_data_file_that_is_not_a_regular_file_is_refused_at_once(
    ukm: Run, tmp_path: Path, kind: str
) -> None:
    folder = programme(tmp_path / "p")
    path = folder / "participants.yaml"
    path.unlink()
    if kind == "named-pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    started = time.perf_counter()
    result = ukm("--data", str(folder), "check")
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1, result.output
    assert "participants.yaml: The file cannot be read: it is not a regular file." in (
        result.stdout
    )


def test_a_max_file_size_that_is_not_a_number_falls_back_to_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ukmtool.core.yamlio import reader as yamlfile

    for value in ("soon", "-5", "0", "1e9", ""):
        monkeypatch.setenv("UKM_MAX_FILE_MB", value)
        assert yamlfile._max_file_mb() == 64
    monkeypatch.setenv("UKM_MAX_FILE_MB", "200")
    assert yamlfile._max_file_mb() == 200
