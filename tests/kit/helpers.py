"""Helpers for building programme folders inline and running ukm."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROGRAM = """\
name: Pelatihan Uji
organizer: Dinas Uji
starts: 2018-01-01
ends: 2018-03-31
language: en
min_attendance: 75
districts: [Cepu, Japah, Jepon]
sectors: [batik, kuliner]
"""

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2018-01-08, topic: Kas harian}
    2: {date: 2018-01-15}
    3: {date: 2018-01-22}
    4: {date: 2018-01-29}
"""

PARTICIPANTS = """\
- id: UKM-001
  business: Batik Sekar
  owner: Rina Lestari
  gender: F
  sector: batik
  district: Jepon
  phone: "081234567801"
  registered: 2018-01-01
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
"""


def native(path: str) -> str:
    """A path written with ``/`` as ukm prints it on this system (``\\`` on Windows)."""
    return path.replace("/", os.sep)


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text, dedented, or bytes) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="\n")
    return root


def programme(root: Path, **overrides: str | bytes | None) -> Path:
    """A small valid programme under ``root``; keyword args replace or (None) drop files.

    Keys are file names with ``/`` written as ``__`` and ``.yaml`` left out:
    ``participants=...``, ``attendance__keuangan=...``.
    """
    files: dict[str, str | bytes | None] = {
        "program.yaml": PROGRAM,
        "modules.yaml": MODULES,
        "participants.yaml": PARTICIPANTS,
    }
    for key, value in overrides.items():
        files[key.replace("__", "/") + ".yaml"] = value
    root.mkdir(parents=True, exist_ok=True)
    (root / "attendance").mkdir(exist_ok=True)
    build_tree(root, {k: v for k, v in files.items() if v is not None})
    return root


@dataclass
class Result:
    """What one run of ukm gave."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Stdout and stderr together."""
        return self.stdout + self.stderr


class Run:
    """Run ukm in-process with Typer's CliRunner."""

    def __call__(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        from typer.testing import CliRunner

        from ukmtool.cli import app

        result = CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)


def ukm_executable() -> str:
    """The installed ``ukm`` (``ukm.exe`` on Windows) next to this Python, else on PATH."""
    here = Path(sys.executable).parent / ("ukm.exe" if os.name == "nt" else "ukm")
    if here.exists():
        return str(here)
    found = shutil.which("ukm")
    assert found, "ukm is not installed"
    return found


def interruptible() -> None:
    """Run in a child before ``exec``: Ctrl-C (SIGINT) as a terminal gives it.

    A suite started in the background (``pytest &``, ``nohup``) ignores SIGINT and
    its children inherit that, so ukm would never see the Ctrl-C a test sends.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_process(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 60,
) -> Result:
    """Run the installed ``ukm`` as a real process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [ukm_executable(), *args],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",  # what ukm writes to a pipe, whatever the code page
        timeout=timeout,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def let_controls_past_check(monkeypatch: object) -> None:
    """As if control and bidi characters got past check (an older ukm wrote them): the tests of
    what the renderers do with them, whatever reached the files (issue 29 refuses them at input).
    """
    import re

    from ukmtool.core import fields

    never = re.compile("(?!)")
    monkeypatch.setattr(fields, "_CONTROL", never)  # type: ignore[attr-defined]
    monkeypatch.setattr(fields, "_CONTROL_IN_NOTES", never)  # type: ignore[attr-defined]
