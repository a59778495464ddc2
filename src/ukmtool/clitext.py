"""Typer's own words (help headings, usage errors) in ukm's language.

Typer draws its help and usage errors with texts from ``typer.rich_utils``
and with messages that click builds in English.  ``cli.UkmGroup`` calls
:func:`translate_typer_texts` just before Typer draws (importing rich_utils
costs ~150 ms, so never when a command runs without a hitch) and
:func:`translate_usage_error` on each usage error.  What cannot be reached
this way (the ``Usage:`` line, ``<bool>`` type names) stays English.
"""

from __future__ import annotations

import re
from typing import Any

from ukmtool.i18n import N_, _

HELP_OPTION_TEXT = N_("Show this message and exit.")
HELP_OPTIONS = ("-h", "--help")

_TYPER_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "ENVVAR_STRING": N_("[env var: {}]"),
}

# click's usage errors, as it writes them in English -> the message to translate.
_USAGE_ERRORS = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"Missing command\.", N_("Missing command.")),
        (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {name} (possible options: {options})"),
        ),
        (r"No such option: (?P<name>.+)", N_("No such option: {name}")),
        (
            r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
        (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} requires a value.")),
        (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} takes no value.")),
        (
            r"(?:Value error, )?(?P<value>'.*'|\".*\") is not one of (?P<choices>.+)\.",
            N_("{value} is not one of {choices}."),
        ),
        (
            r"Invalid value for (?P<name>.+?): (?P<problem>.+)",
            N_("Invalid value for {name}: {problem}"),
        ),
    )
)


def asks_help(args: list[str]) -> bool:
    """Whether ``-h``/``--help`` is among ``args`` (before a ``--``)."""
    words = args[: args.index("--")] if "--" in args else args
    return any(word in HELP_OPTIONS for word in words)


def translate_typer_texts() -> None:
    """Set Typer's help headings and error frame in the current language."""
    from typer import rich_utils

    for name, text in _TYPER_TEXTS.items():
        setattr(rich_utils, name, _(text))


def translate_help_option(option: Any) -> Any:
    """Give a command's ``-h``/``--help`` option its translated help text."""
    if option is not None:
        option.help = _(HELP_OPTION_TEXT)
    return option


def translate_message(text: str) -> str:
    """One of click's English usage errors in the current language (else unchanged)."""
    for pattern, message in _USAGE_ERRORS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            if "problem" in parts:
                parts["problem"] = translate_message(parts["problem"])
            return _(message).format(**parts)
    return text


def translate_usage_error(exc: Any) -> None:
    """Make a click usage error print its message in the current language."""
    format_message = getattr(exc, "format_message", None)
    if not callable(format_message):
        return
    text = format_message()
    translated = translate_message(text)
    if translated != text:
        exc.format_message = lambda: translated
