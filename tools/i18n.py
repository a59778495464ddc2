"""ukm's message catalogues: extract, compile, check.

    python tools/i18n.py extract   # code -> ukm.pot -> id and en ukm.po (translations kept)
    python tools/i18n.py compile   # ukm.po -> ukm.mo, for every language
    python tools/i18n.py check     # what tests/test_i18n.py checks; exit 1 on any problem

The extraction settings (source folders, keywords, the template's path) are
the ``[tool.babel.extract_messages]`` table of pyproject.toml, which plain
``pybabel extract`` reads too.  docs/translating.md says how to translate.
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
DOMAIN = "ukm"
LANGUAGES = ("id", "en")
SOURCE_LANGUAGE = "en"
"""The language the code is written in: its catalogue holds no translations."""
HEADER = """\
Messages of ukm, the UKM training programme tool.
This file is distributed under the same license as ukm.
docs/translating.md says how to update and translate it.
"""
WIDTH = 79
Key = tuple[str | None, str]


@dataclass(frozen=True)
class Project:
    """Where the code and the catalogues are, and how messages are marked."""

    root: Path
    sources: tuple[str, ...]
    template: Path
    keywords: dict[str, object]
    comment_tags: tuple[str, ...] = ("TRANSLATORS:",)
    languages: tuple[str, ...] = LANGUAGES
    source_language: str = SOURCE_LANGUAGE
    domain: str = DOMAIN
    functions: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, root: Path = REPO) -> Project:
        """The settings of pyproject.toml's ``[tool.babel.extract_messages]``."""
        with (root / "pyproject.toml").open("rb") as f:
            table = tomllib.load(f)["tool"]["babel"]["extract_messages"]
        words = table["keywords"]
        words = words.split() if isinstance(words, str) else list(words)
        paths = table["input_paths"]
        tags = table.get("add_comments", "TRANSLATORS:")
        return cls(
            root=root,
            sources=tuple([paths] if isinstance(paths, str) else paths),
            template=root / table["output_file"],
            keywords=parse_keywords(words),
            comment_tags=tuple([tags] if isinstance(tags, str) else tags),
            functions=frozenset(w.partition(":")[0] for w in words),
        )

    @property
    def locale_dir(self) -> Path:
        """The folder of the template and of ``LANG/LC_MESSAGES``."""
        return self.template.parent

    def po(self, language: str) -> Path:
        """The catalogue translators edit."""
        return self.locale_dir / language / "LC_MESSAGES" / f"{self.domain}.po"

    def mo(self, language: str) -> Path:
        """The compiled catalogue ukm reads."""
        return self.po(language).with_suffix(".mo")

    def rel(self, path: Path) -> str:
        """``path`` relative to the project, for messages."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


# -- extraction ---------------------------------------------------------------


def extract_template(project: Project) -> Catalog:
    """Every message marked in the code, as a template catalogue."""
    catalog = _new_catalog(project, None)
    for source in project.sources:
        base = project.root / source
        for filename, lineno, message, comments, context in extract_from_dir(
            base,
            keywords=project.keywords,
            comment_tags=project.comment_tags,
            strip_comment_tags=True,
        ):
            where = (base / filename).relative_to(project.root).as_posix()
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def extract(project: Project) -> list[Path]:
    """Write the template, then merge it into every language's catalogue; the files changed."""
    template = extract_template(project)
    changed = []
    if _write_template(project, template):
        changed.append(project.template)
    for language in project.languages:
        path = project.po(language)
        catalog = _read_po(path, language) if path.exists() else _new_catalog(project, language)
        catalog.update(template, update_header_comment=False)
        catalog.fuzzy = False
        if language == project.source_language:
            for message in _messages(catalog):
                message.string = ("",) * len(message.string) if message.pluralizable else ""
                message.flags.discard("fuzzy")
        if _write_if_changed(path, _po_bytes(catalog)):
            changed.append(path)
    return changed


def _new_catalog(project: Project, language: str | None) -> Catalog:
    catalog = Catalog(
        locale=language,
        domain=project.domain,
        header_comment="\n".join("# " + line for line in HEADER.splitlines()),
        project=project.domain,
        version=_version(project),
        copyright_holder="the ukm authors",
        msgid_bugs_address="the ukm maintainers (see README.md)",
        last_translator="the ukm authors",
        language_team=f"{language} (ukm)" if language else "",
        revision_date=datetime.now().astimezone() if language else None,
        charset="utf-8",
        fuzzy=False,
    )
    return catalog


def _version(project: Project) -> str:
    for source in project.sources:
        init = project.root / source / "__init__.py"
        if init.exists():
            for line in init.read_text(encoding="utf-8").splitlines():
                if line.startswith("__version__"):
                    return line.partition("=")[2].strip().strip("\"'")
    return "0"


def _write_template(project: Project, template: Catalog) -> bool:
    # Keep the creation date while the messages stay the same, so that a run
    # that changes nothing changes no file.
    if project.template.exists():
        with project.template.open("rb") as f:
            old = read_po(f)
        template.creation_date = old.creation_date
        if _po_bytes(template) == project.template.read_bytes():
            return False
        template.creation_date = datetime.now().astimezone()
    return _write_if_changed(project.template, _po_bytes(template))


def _po_bytes(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _read_po(path: Path, language: str | None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _key(message: Message) -> Key:
    ident = message.id
    return (message.context, ident if isinstance(ident, str) else ident[0])


# -- compiling ----------------------------------------------------------------


def compile_all(project: Project) -> list[Path]:
    """Compile every language's ``.po`` into its ``.mo``; the files changed."""
    changed = []
    for language in project.languages:
        if _write_if_changed(project.mo(language), _mo_bytes(project, language)):
            changed.append(project.mo(language))
    return changed


def _mo_bytes(project: Project, language: str) -> bytes:
    out = BytesIO()
    write_mo(out, _read_po(project.po(language), language), use_fuzzy=False)
    return out.getvalue()


def _compiled(mo: bytes) -> dict[Key, object]:
    """What a compiled catalogue says: its messages, and its plural rule.

    Compared this way, not byte for byte, so that another Babel version
    writing the same messages a little differently is no reason to fail.
    """
    catalog = read_mo(BytesIO(mo))
    found: dict[Key, object] = {_key(m): (m.id, tuple(_strings(m))) for m in _messages(catalog)}
    found[(None, "")] = catalog.plural_forms
    return found


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


# -- checking -----------------------------------------------------------------


def check(project: Project) -> list[str]:
    """Every problem of the catalogues, as sentences saying what to do; empty when all is well."""
    problems = list(_check_calls(project))
    template = extract_template(project)
    wanted = {_key(m): m for m in _messages(template)}
    if not project.template.exists():
        problems.append(f"{project.rel(project.template)} is missing: run extract.")
    else:
        with project.template.open("rb") as f:
            written = {_key(m) for m in _messages(read_po(f))}
        if written != set(wanted):
            problems.append(
                f"{project.rel(project.template)} does not match the code: run extract."
            )
    for language in project.languages:
        problems.extend(_check_language(project, language, wanted))
    return problems


def _check_language(project: Project, language: str, wanted: dict[Key, Message]) -> list[str]:
    po = project.po(language)
    name = project.rel(po)
    if not po.exists():
        return [f"{name} is missing: run extract."]
    catalog = _read_po(po, language)
    problems = []
    have = {_key(m): m for m in _messages(catalog)}
    for key in wanted.keys() - have.keys():
        problems.append(f"{name}: {_show(key)} is in the code but not here: run extract.")
    for key in have.keys() - wanted.keys():
        problems.append(f"{name}: {_show(key)} is no longer in the code: run extract.")
    for message in catalog.obsolete.values():
        problems.append(f"{name}: {_show(_key(message))} is obsolete (#~): run extract.")
    for key, message in have.items():
        if key not in wanted:
            continue
        if message.pluralizable != wanted[key].pluralizable or (
            message.pluralizable and message.id != wanted[key].id
        ):
            problems.append(f"{name}: {_show(key)} has other plural forms than the code.")
        if language == project.source_language:
            if any(_strings(message)) or message.fuzzy:
                problems.append(
                    f"{name}: {_show(key)} has a translation, but English is the source: "
                    "change the text in the code, then run extract."
                )
            continue
        if message.fuzzy:
            problems.append(
                f"{name}: {_show(key)} is fuzzy (its English changed): check the translation, "
                "then remove the fuzzy flag."
            )
        elif not _translated(message):
            problems.append(f"{name}: {_show(key)} is not translated.")
        else:
            problems.extend(_check_translation(name, catalog, message))
    mo = project.mo(language)
    if not mo.exists():
        problems.append(f"{project.rel(mo)} is missing: run compile.")
    elif _compiled(mo.read_bytes()) != _compiled(_mo_bytes(project, language)):
        problems.append(f"{project.rel(mo)} is older than {name}: run compile.")
    return problems


def _check_translation(name: str, catalog: Catalog, message: Message) -> list[str]:
    problems = []
    strings = _strings(message)
    if message.pluralizable and len(strings) != catalog.num_plurals:
        problems.append(
            f"{name}: {_show(_key(message))} needs {catalog.num_plurals} plural form(s), "
            f"has {len(strings)}."
        )
    sources = message.id if isinstance(message.id, tuple) else (message.id,)
    expected = set().union(*(_fields(s) for s in sources))
    for text in strings:
        try:
            got = _fields(text)
        except ValueError as exc:
            problems.append(f"{name}: the translation of {_show(_key(message))}: {exc}.")
            continue
        if got - expected or (not message.pluralizable and got != expected):
            problems.append(
                f"{name}: the translation of {_show(_key(message))} has the placeholders "
                f"{_braces(got)}, the English {_braces(expected)}."
            )
    return problems


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    return tuple(string) if isinstance(string, list | tuple) else (string,)


def _fields(text: str) -> set[tuple[str, str, str]]:
    """The ``{name:spec!conv}`` fields of a ``str.format`` text."""
    return {
        (name, spec or "", conversion or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def _braces(fields: Iterable[tuple[str, str, str]]) -> str:
    shown = sorted(
        "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        for name, spec, conv in fields
    )
    return " ".join(shown) or "none"


def _show(key: Key) -> str:
    context, text = key
    short = text if len(text) <= 60 else text[:57] + "..."
    return repr(short) + (f" (context {context!r})" if context else "")


def _check_calls(project: Project) -> Iterable[str]:
    """Calls Babel cannot extract: an f-string, ``%``, ``+`` or ``.format()`` inside ``_()``."""
    for source in project.sources:
        for path in sorted((project.root / source).rglob("*.py")):
            tree = ast.parse(path.read_bytes(), filename=str(path))
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in project.functions
                ):
                    continue
                for arg in node.args[:2]:
                    if isinstance(arg, ast.JoinedStr | ast.BinOp | ast.Call):
                        yield (
                            f"{project.rel(path)}:{node.lineno}: {node.func.id}() needs a plain "
                            "string; call .format() on its result instead."
                        )


# -- command line -------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; the exit status is 1 when ``check`` finds a problem."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "compile", "check"))
    args = parser.parse_args(argv)
    project = Project.load()
    if args.command == "check":
        problems = check(project)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)." if problems else "The catalogues are complete.")
        return 1 if problems else 0
    changed = extract(project) if args.command == "extract" else compile_all(project)
    for path in changed:
        print(f"wrote {project.rel(path)}")
    if not changed:
        print("nothing to change")
    if args.command == "extract":
        untranslated = [p for p in check(project) if "not translated" in p or "fuzzy" in p]
        print(f"{len(untranslated)} message(s) to translate in the catalogues.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
