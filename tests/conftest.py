"""Every test runs isolated: its own folder, English, a fixed terminal, no colour."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.kit.helpers import REPO, Run

SAMPLE = REPO / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the tests marked ``posix_only`` where there is no POSIX (Windows)."""
    if os.name == "posix":
        return
    skip = pytest.mark.skip(reason="tests POSIX behaviour (modes, signals, terminals, FIFOs)")
    for item in items:
        if item.get_closest_marker("posix_only") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty folder with a pinned terminal and no inherited ukm settings."""
    from ukmtool import i18n

    for var in ("UKM_DATA", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(var, raising=False)
    # English even for a programme with `language: id` (the shipped sample);
    # a test of the language choice deletes it.
    monkeypatch.setenv("UKM_LANG", "en")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERMINAL_WIDTH", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("UKM_LOCK_TIMEOUT", "20")
    monkeypatch.setenv("UKM_CACHE_DIR", str(tmp_path / "ukm-cache"))  # never ~/.cache
    monkeypatch.setenv("UKM_KEY_DIR", str(tmp_path / "ukm-keys"))  # never ~/.config/ukm/keys
    monkeypatch.delenv("UKM_P12_PASSWORD", raising=False)
    monkeypatch.delenv("UKM_NO_CACHE", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    i18n.reset()
    yield work
    i18n.reset()


@pytest.fixture
def during_the_programme(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today pinned (``core/clock``) to 13 December 2017, while the test programmes run.

    The shipped sample's first day, and before the first session of
    ``kit.helpers.programme`` (which starts on 1 January 2018): a registration
    without a date is dated today and leaves no session out.  Without it, today
    is after every test programme's end, and a registration must give its day.
    In-process runs only (a real ``ukm`` process has the real today).
    """
    from ukmtool.core import clock

    day = date(2017, 12, 13)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the shipped Blora sample, safe to change."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def ukm() -> Run:
    """Run ``ukm`` in-process through Typer's CliRunner."""
    return Run()


@pytest.fixture(scope="session")
def _built_cli() -> object:
    from typer.main import get_command

    from ukmtool.cli import app

    return get_command(app)


@pytest.fixture
def cached_cli(_built_cli: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the ``ukm`` fixture reuse one built command: Typer rebuilds it per run (~0.1 s)."""
    import typer.testing

    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: _built_cli)


@pytest.fixture(scope="session")
def throwaway_ca() -> object:
    """A root certificate authority made for this test session (tests/kit/signing.py)."""
    from tests.kit.signing import make_ca

    return make_ca()


@pytest.fixture(scope="session")
def office_p12(tmp_path_factory: pytest.TempPathFactory, throwaway_ca: object) -> Path:
    """``office.p12``: the office's certificate from the throwaway CA; password 'rahasia'."""
    from tests.kit.signing import Issued, make_signer

    assert isinstance(throwaway_ca, Issued)
    path = tmp_path_factory.mktemp("sign") / "office.p12"
    path.write_bytes(make_signer(throwaway_ca).pkcs12(b"rahasia"))
    return path


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB tmpfs, where the machine allows mounting one (root on Linux)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
