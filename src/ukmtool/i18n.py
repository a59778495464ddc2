"""Translation of every message ukm prints to a person.

``_()`` looks the message up in the catalogue of the current language at call
time, so a language chosen after import (``--lang``, ``UKM_LANG``, the
programme's ``language``) still applies.  Help texts are translated when the
command line is built, which ``ukmtool.__main__`` does after choosing the
language from the arguments and environment.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Sequence
from pathlib import Path

DOMAIN = "ukm"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "id")
DEFAULT_LANGUAGE = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
_explicit = False


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as meant in ``context``.

    For an English word with two uses that Indonesian writes differently,
    such as ``held`` as a column header (``terlak-/sana``, broken to fit a
    narrow column) and in a sentence (``terlaksana``).
    """
    return _translation.pgettext(context, message)


def before_stop(value: str) -> str:
    """``value`` to end a sentence whose own full stop follows it: without a final ``.``.

    A message such as ``"Left out {folder}: {reason}."`` quoting a text that ends
    a sentence itself (an error message, ``Unknown district 'Kec.'.``, a reason
    typed as ``salah nama.``) would otherwise print ``..``.  An ellipsis
    (``...``) is kept as it is.
    """
    if value.endswith(".") and not value.endswith("..."):
        return value[:-1]
    return value


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


def current_language() -> str:
    """The language messages are printed in now."""
    return _language


def set_language(language: str, *, explicit: bool = True) -> None:
    """Print messages in ``language`` from now on.

    A language chosen explicitly (``--lang`` or ``UKM_LANG``) wins over one
    suggested later by the programme's ``language`` (``explicit=False``).
    """
    global _translation, _language, _explicit  # noqa: PLW0603 - one process-wide setting
    if not explicit and _explicit:
        return
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )
    _language = language
    _explicit = _explicit or explicit


def reset() -> None:
    """Back to English with nothing chosen (for tests)."""
    global _translation, _language, _explicit  # noqa: PLW0603
    _translation = gettext.NullTranslations()
    _language = DEFAULT_LANGUAGE
    _explicit = False


_LANGUAGE_LINE = re.compile(rb"^language:\s*[\"']?([A-Za-z]+)", re.MULTILINE)


def language_from_argv(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``argv``, if any (before Typer parses it)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def program_language(folder: Path) -> str | None:
    """The ``language:`` of ``folder/program.yaml`` read without a YAML parser.

    Used only to pick the language of help texts before anything heavy is
    imported; the loader reads the file properly later.
    """
    try:
        with (folder / "program.yaml").open("rb") as handle:
            head = handle.read(65536)  # a huge file is the loader's to refuse, not read here
    except OSError:
        return None
    match = _LANGUAGE_LINE.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def normalise(value: str | None) -> str | None:
    """``id``/``en`` from a value such as ``ID``, ``id_ID.UTF-8`` or ``en-GB``; None if neither."""
    if not value:
        return None
    code = re.split(r"[-_.@]", value.strip(), maxsplit=1)[0].lower()
    return code if code in LANGUAGES else None


def choose(option: str | None, data_dir: Path | None) -> None:
    """Choose the language: ``--lang``, else ``UKM_LANG``, else the programme's, else English.

    A value that names neither language (``UKM_LANG=fr``) is passed over; a
    wrong ``--lang`` is refused by the command line itself.
    """
    chosen = normalise(option) or normalise(os.environ.get("UKM_LANG"))
    if chosen:
        set_language(chosen, explicit=True)
        return
    found = program_language(data_dir) if data_dir is not None else None
    set_language(normalise(found) or DEFAULT_LANGUAGE, explicit=False)
