"""The entry points: `ukm`, `python -m ukmtool`, --version, --help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kit.helpers import Run, run_process


def registered() -> dict[str, str]:
    """Each command the app registers, with the first line of its help."""
    from ukmtool.cli import app

    commands: dict[str, str] = {}
    for info in app.registered_commands:
        assert info.name, "every command is registered under an explicit name"
        help_text = info.help or (info.callback.__doc__ if info.callback else "") or ""
        commands[info.name] = help_text.strip().splitlines()[0]
    for group in app.registered_groups:  # commands with subcommands: ukm print sheet
        assert group.name, "every group is registered under an explicit name"
        help_text = group.help or group.typer_instance.info.help or ""
        commands[group.name] = str(help_text).strip().splitlines()[0]
    return commands


def listed_commands(help_text: str) -> dict[str, str]:
    """The commands in the help's Commands panel, with their descriptions."""
    panel = help_text.split("Commands", 1)[1]
    found: dict[str, str] = {}
    for line in panel.splitlines()[1:]:
        inner = line.strip("│ \t")
        if line.lstrip().startswith("╰"):
            break
        match = re.match(r"^([a-z][a-z-]*)\s{2,}(\S.*)$", inner)
        assert match, f"a command line of the help panel: {line!r}"
        found[match[1]] = match[2].strip()
    return found


def test_version(ukm: Run) -> None:
    from ukmtool import __version__

    result = ukm("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ukm {__version__}\n"
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+.*", __version__)


def test_help_lists_every_command_with_a_one_line_description(ukm: Run) -> None:
    result = ukm("--help")

    assert result.exit_code == 0
    commands = registered()
    assert {"init", "check"} <= set(commands)
    assert listed_commands(result.stdout) == commands
    assert all(description.endswith(".") for description in commands.values())


def test_short_help_option_and_no_arguments_show_the_same_commands(ukm: Run) -> None:
    assert listed_commands(ukm("-h").stdout) == registered()
    bare = ukm()
    assert listed_commands(bare.output) == registered()


def test_every_command_has_help_naming_its_options(ukm: Run) -> None:
    for name in registered():
        result = ukm(name, "--help")
        assert result.exit_code == 0
        assert f"Usage: ukm {name}" in result.stdout


def test_unknown_command_is_a_usage_error(ukm: Run) -> None:
    result = ukm("chek")
    assert result.exit_code == 2
    assert "chek" in result.output


def test_installed_ukm_version_and_help() -> None:
    from ukmtool import __version__

    version = run_process("--version")
    shown = run_process("--help")

    assert (version.exit_code, version.stdout) == (0, f"ukm {__version__}\n")
    assert shown.exit_code == 0
    assert listed_commands(shown.stdout) == registered()


def test_python_dash_m_ukmtool() -> None:
    from ukmtool import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "ukmtool", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (proc.returncode, proc.stdout) == (0, f"ukm {__version__}\n"), proc.stderr


def test_a_bug_in_ukm_exits_70_says_how_to_report_and_shows_no_data(
    ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ukmtool.core.reading.loader

    def broken(folder: object) -> None:
        raise RuntimeError("Endang Khasanah 3316085503700176")

    monkeypatch.setattr(ukmtool.core.reading.loader, "load", broken)

    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 70
    assert "bug in ukm" in result.stderr and "report" in result.stderr
    assert "RuntimeError" in result.stderr
    assert "3316085503700176" not in result.output and "Endang" not in result.output


def test_interrupted_exits_130(ukm: Run, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ukmtool.core.reading.loader

    def interrupted(folder: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ukmtool.core.reading.loader, "load", interrupted)

    result = ukm("--data", str(sample), "check")

    assert result.exit_code == 130
    assert "Traceback" not in result.output
