"""The manual in docs/ held to the command line: option tables, the command list, examples.

    python tools/docs.py                # rewrite the generated parts of the pages
    python tools/docs.py --check        # exit 1 when a generated part is stale (the test)
    python tools/docs.py run PAGE...    # run each page's examples, print what each command printed

Generated parts are marked in the Markdown (the comments do not show on GitHub):

- ``<!-- options: ukm NAME -->`` ... ``<!-- end options -->`` on ``docs/commands/NAME.md``:
  the table of a command's options, one row per option in the order the app declares
  them.  The first cell (the option's names) comes from the app; the rest of a row is
  written by hand and kept.  A new option gets a row with its ``--help`` text, an option
  that went away loses its row.
- ``<!-- commands -->`` ... ``<!-- end commands -->`` on ``docs/commands/README.md``: one
  row per command and subcommand, linked to its page; descriptions kept as written.
- A command without a page gets one (title, help text, options table) to write up.

The examples are the shell blocks (``sh``, ``console``, ...) holding ``ukm`` lines, in
README.md and every page of docs/.  Each page runs in a fresh copy of the sample
``data/`` (in-process, through Typer's CliRunner), its blocks in order; ``# lines``
after a command (``sh``) or the lines after ``$ ukm ...`` (``console``) are the output
it must print (``...`` alone skips lines, inside a line any text).  A comment
``<!-- example: ... -->`` right above a block says more: ``not run: WHY``, ``exit N``,
``terminal WIDTH``; above a YAML (or CSV) block ``write FILE`` / ``append FILE``; above
a JSON block ``json ukm ...``: the command's JSON has exactly the keys the block shows.
docs/documenting.md says how to use all this.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import functools
import importlib
import json
import os
import pkgutil
import re
import shlex
import shutil
import sys
import tempfile
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
COMMANDS = DOCS / "commands"
INDEX = COMMANDS / "README.md"
SAMPLE = REPO / "data"

OPTIONS_BEGIN = re.compile(r"^<!-- options: (ukm(?: [a-z][a-z-]*)*) -->$")
OPTIONS_END = "<!-- end options -->"
COMMANDS_BEGIN = "<!-- commands -->"
COMMANDS_END = "<!-- end commands -->"
OPTIONS_HEADER = "| option | what it does |\n|---|---|"
COMMANDS_HEADER = "| command | what it is for |\n|---|---|"


class DocsError(Exception):
    """A page the tool cannot bring in step (a malformed table, a row naming two options)."""


# --------------------------------------------------------------------------- the app


@dataclass(frozen=True)
class Command:
    """One command or subcommand of ``ukm`` (``("ukm",)`` is ukm itself)."""

    path: tuple[str, ...]
    command: Any

    @property
    def name(self) -> str:
        """``ukm certificate issue``."""
        return " ".join(self.path)

    @property
    def page(self) -> Path:
        """The page that documents it: ``docs/commands/certificate.md``."""
        return INDEX if len(self.path) == 1 else COMMANDS / f"{self.path[1]}.md"

    @property
    def help(self) -> str:
        """The first paragraph of its help, on one line."""
        text = (self.command.help or "").strip().split("\n\n")[0]
        return " ".join(text.split())

    @property
    def params(self) -> list[Any]:
        """Its arguments and options, as declared (``--help`` is not among them)."""
        return [p for p in self.command.params if not getattr(p, "hidden", False)]


def app_commands() -> list[Command]:
    """``ukm`` and every command and subcommand it has, in the order ``--help`` lists them."""
    from typer.main import get_command

    from ukmtool.cli import app

    found: list[Command] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found.append(Command(path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(get_command(app), ("ukm",))
    return found


def is_argument(param: Any) -> bool:
    """A positional argument (``MODULE``), not an option."""
    return bool(param.param_type_name == "argument")


def argument_key(text: str) -> str:
    """``[NUMBER|ID]...`` -> ``NUMBER|ID``: how an argument is named in a table."""
    return text.replace("\\|", "|").strip("[].")


def param_names(param: Any) -> frozenset[str]:
    """The names a table row uses for ``param``: its options, or its argument's metavar."""
    if is_argument(param):
        return frozenset({argument_key(param.metavar or param.name.upper())})
    return frozenset([*param.opts, *param.secondary_opts])


def metavar(param: Any) -> str:
    """What follows an option's name: ``ID``, ``text|json``; empty for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    if param.metavar:
        return str(param.metavar)
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    for kind in (annotation, *typing.get_args(annotation)):
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return "|".join(str(member.value) for member in kind)
    for kind, name in ((bool, ""), (int, "N"), (float, "NUMBER"), (Path, "PATH")):
        if annotation is kind or kind in typing.get_args(annotation):
            return name
    return "TEXT"


def first_cell(param: Any) -> str:
    """The row's first cell, from the app: ```--module ID`, `-m```."""
    if is_argument(param):
        name = argument_key(param.metavar or param.name.upper())
        more = " ..." if param.nargs == -1 else ""
        return f"`{name}{more}`".replace("|", "\\|")
    names = [*param.opts, *param.secondary_opts]
    longs = [n for n in names if n.startswith("--")] or names[:1]
    rest = [n for n in names if n not in longs[:1]]
    value = metavar(param)
    cells = [f"`{longs[0]} {value}`" if value else f"`{longs[0]}`", *(f"`{n}`" for n in rest)]
    return ", ".join(cells).replace("|", "\\|")


def help_cell(text: str) -> str:
    """Help text as a table cell."""
    return " ".join((text or "").split()).replace("|", "\\|")


# --------------------------------------------------------------------------- tables


def split_row(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` stays inside its cell)."""
    inner = line.strip()
    inner = inner.removeprefix("|")
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def cell_names(cell: str) -> frozenset[str]:
    """The option names (``--module``, ``-m``) or argument (``MODULE``) a first cell names."""
    names: set[str] = set()
    for span in re.findall(r"`([^`]+)`", cell):
        words = span.replace("\\|", "|").split()
        if not words:
            continue
        word = words[0].rstrip(",")
        names.add(word if word.startswith("-") else argument_key(word))
    return frozenset(names)


def command_in_cell(cell: str) -> str | None:
    """``[`ukm certificate issue`](...)`` -> ``ukm certificate issue``."""
    match = re.search(r"`(ukm(?: [a-z][a-z-]*)*)`", cell)
    return match[1] if match else None


@dataclass
class Block:
    """A generated part of a page: the lines between its two markers."""

    start: int  # index of the opening marker
    end: int  # index of the closing marker
    key: str  # ``ukm report`` for options; ``commands`` for the list


def blocks(lines: list[str], page: Path) -> list[Block]:
    """Every generated part of a page, checked to be closed."""
    found: list[Block] = []
    open_at: tuple[int, str] | None = None
    for i, line in enumerate(lines):
        match = OPTIONS_BEGIN.match(line.strip())
        if match or line.strip() == COMMANDS_BEGIN:
            if open_at is not None:
                raise DocsError(f"{page}:{open_at[0] + 1}: a generated table is not closed")
            open_at = (i, match[1] if match else "commands")
        elif line.strip() in (OPTIONS_END, COMMANDS_END):
            if open_at is None:
                raise DocsError(f"{page}:{i + 1}: '{line.strip()}' closes nothing")
            found.append(Block(open_at[0], i, open_at[1]))
            open_at = None
    if open_at is not None:
        raise DocsError(f"{page}:{open_at[0] + 1}: a generated table is not closed")
    return found


def table_rows(lines: list[str], block: Block, page: Path) -> list[str]:
    """The rows of the table inside ``block`` (its header and rule left out)."""
    body = [line for line in lines[block.start + 1 : block.end] if line.strip()]
    if len(body) < 2 or not body[0].startswith("|") or not re.match(r"^\|[-:| ]+\|$", body[1]):
        raise DocsError(f"{page}:{block.start + 1}: the marked part holds no table")
    return body[2:]


def options_table(command: Command, rows: list[str], page: Path, notes: list[str]) -> list[str]:
    """The option table of ``command``, its hand-written cells kept."""
    by_row = [(row, cell_names(split_row(row)[0])) for row in rows]
    used: set[int] = set()
    out = OPTIONS_HEADER.splitlines()
    for param in command.params:
        names = param_names(param)
        matches = [i for i, (_row, named) in enumerate(by_row) if named & names]
        if len(matches) > 1:
            raise DocsError(f"{page}: {command.name}: two rows name {sorted(names)}")
        if matches:
            i = matches[0]
            row, named = by_row[i]
            if named - names:
                raise DocsError(
                    f"{page}: {command.name}: a row names {sorted(named)}: one option a row"
                )
            used.add(i)
            if named == names:
                out.append(row)
            else:
                rest = split_row(row)[1:]
                out.append("| " + " | ".join([first_cell(param), *rest]) + " |")
                notes.append(f"{page.name}: {command.name}: {first_cell(param)} renamed")
        else:
            out.append(f"| {first_cell(param)} | {help_cell(param.help)} |")
            notes.append(f"{page.name}: {command.name}: {first_cell(param)} added")
    for i, (row, _named) in enumerate(by_row):
        if i not in used:
            notes.append(f"{page.name}: {command.name}: row dropped: {row[:60]}")
    return out


def heading_slugs(text: str) -> dict[str, str]:
    """Each heading's text -> its anchor on GitHub (``## `ukm init` `` -> ``ukm-init``)."""
    slugs: dict[str, str] = {}
    seen: dict[str, int] = {}
    for heading in headings(text):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        slugs.setdefault(heading, base if n == 0 else f"{base}-{n}")
    return slugs


def headings(text: str) -> list[str]:
    """The Markdown headings of ``text`` (outside code blocks), without their ``#``."""
    found: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        marker = re.match(r"^(```+|~~~+)", line)
        if marker:
            if fence is None:
                fence = marker[1]
            elif line.startswith(fence):
                fence = None
            continue
        if fence is None:
            match = re.match(r"^#{1,6} +(.*?) *#* *$", line)
            if match:
                found.append(match[1])
    return found


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: small letters, punctuation dropped, spaces as ``-``."""
    text = re.sub(r"<[^>]+>", "", heading).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def command_link(command: Command) -> str:
    """Where the list of commands links a command: its page, and for a subcommand its heading."""
    target = command.page.relative_to(COMMANDS).as_posix()
    if len(command.path) <= 2:
        return target
    text = command.page.read_text(encoding="utf-8") if command.page.exists() else ""
    for heading, anchor in heading_slugs(text).items():
        if heading.startswith(f"`{command.name}`"):
            return f"{target}#{anchor}"
    return f"{target}#{slug(command.name)}"


def commands_table(found: list[Command], rows: list[str], notes: list[str]) -> list[str]:
    """The list of commands, linked to their pages, descriptions kept."""
    by_name = {command_in_cell(split_row(row)[0]): row for row in rows}
    out = COMMANDS_HEADER.splitlines()
    for command in found[1:]:
        cell = f"[`{command.name}`]({command_link(command)})"
        row = by_name.pop(command.name, None)
        if row is None:
            out.append(f"| {cell} | {help_cell(command.help)} |")
            notes.append(f"commands/README.md: {command.name} added")
        else:
            out.append("| " + " | ".join([cell, *split_row(row)[1:]]) + " |")
    notes += [f"commands/README.md: row dropped: {row[:60]}" for row in by_name.values()]
    return out


def new_page(command: Command) -> str:
    """A page for a command that has none: its title, help and option table, to write up."""
    return f"# `{command.name}`\n\n{command.help}\n\n" + (
        f"<!-- options: {command.name} -->\n{OPTIONS_HEADER}\n{OPTIONS_END}\n"
        if command.params and len(command.path) > 1
        else ""
    )


def synced_pages(found: list[Command] | None = None) -> tuple[dict[Path, str], list[str]]:
    """Every page with generated parts, as it should read; and what changes."""
    found = found if found is not None else app_commands()
    notes: list[str] = []
    texts: dict[Path, str] = {}
    for command in found:
        if command.page not in texts:
            if command.page.exists():
                texts[command.page] = command.page.read_text(encoding="utf-8")
            else:
                texts[command.page] = new_page(command)
                notes.append(f"{command.page.relative_to(DOCS)}: new page for {command.name}")
        text = texts[command.page]
        if command.params and f"<!-- options: {command.name} -->" not in text:
            texts[command.page] = (
                text.rstrip("\n")
                + f"\n\n## `{command.name}`\n\n{command.help}\n\n"
                + f"<!-- options: {command.name} -->\n{OPTIONS_HEADER}\n{OPTIONS_END}\n"
            )
            notes.append(f"{command.page.name}: a table for {command.name}")
    by_name = {command.name: command for command in found}
    result: dict[Path, str] = {}
    for page, text in texts.items():
        lines = text.split("\n")
        for block in reversed(blocks(lines, page)):
            rows = table_rows(lines, block, page)
            if block.key == "commands":
                table = commands_table(found, rows, notes)
            elif block.key in by_name:
                table = options_table(by_name[block.key], rows, page, notes)
            else:
                raise DocsError(f"{page}: a table for '{block.key}', which ukm does not have")
            lines[block.start + 1 : block.end] = table
        result[page] = "\n".join(lines)
    return result, notes


def stale_pages() -> list[str]:
    """The pages whose generated parts differ from what the app says, and how."""
    pages, notes = synced_pages()
    stale = []
    for page, text in pages.items():
        current = page.read_text(encoding="utf-8") if page.exists() else None
        if current != text:
            stale.append(str(page.relative_to(REPO)))
    return [*stale, *notes] if stale else []


# --------------------------------------------------------------------------- links


def markdown_pages() -> list[Path]:
    """README.md and every page of docs/."""
    return [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]


def broken_links(page: Path) -> list[str]:
    """Relative links of ``page`` to a file that is not there, or to a heading it lacks."""
    text = page.read_text(encoding="utf-8")
    text_outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text_outside_code):
        if re.match(r"^[a-z]+:", target):
            continue  # https:, mailto:
        path_part, _hash, anchor = target.partition("#")
        path = (page.parent / path_part).resolve() if path_part else page
        if not path.exists():
            problems.append(f"{page.relative_to(REPO)}: {target}: no such file")
        elif anchor and path.suffix == ".md":
            anchors = set(heading_slugs(path.read_text(encoding="utf-8")).values())
            if anchor not in anchors:
                problems.append(f"{page.relative_to(REPO)}: {target}: no such heading")
    return problems


# --------------------------------------------------------------------------- examples

SHELLS = {"sh", "shell", "bash", "console", "bat", "cmd", "powershell", "ps1", "pwsh"}
CONTINUATION = {"bat": "^", "cmd": "^", "powershell": "`", "ps1": "`", "pwsh": "`"}
MARK = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->$")


@dataclass
class Fence:
    """A fenced block of a page, with the ``<!-- example: ... -->`` marks above it."""

    page: Path
    line: int  # of the opening fence, from 1
    lang: str
    text: str
    marks: list[str]

    def mark(self, name: str) -> str | None:
        """The value of mark ``name`` (``exit 1`` -> ``1``), or None."""
        for mark in self.marks:
            if mark == name:
                return ""
            if mark.startswith((name + ":", name + " ")):
                return mark[len(name) + 1 :].strip()
        return None

    @property
    def where(self) -> str:
        """``docs/commands/attend.md:12``."""
        page = self.page.relative_to(REPO) if self.page.is_relative_to(REPO) else self.page
        return f"{page}:{self.line}"


def fences(page: Path) -> list[Fence]:
    """Every fenced block of ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Fence] = []
    i = 0
    while i < len(lines):
        opening = re.match(r"^(```+|~~~+)\s*([\w+-]*)\s*$", lines[i])
        if not opening:
            i += 1
            continue
        marks: list[str] = []
        j = i - 1
        while j >= 0 and lines[j].strip().startswith("<!--"):
            match = MARK.match(lines[j].strip())
            if match:
                marks.insert(0, match[1])
            j -= 1
        end = i + 1
        while end < len(lines) and not lines[end].startswith(opening[1]):
            end += 1
        body = "\n".join(lines[i + 1 : end])
        found.append(Fence(page, i + 1, opening[2].lower(), body, marks))
        i = end + 1
    return found


def is_example(fence: Fence) -> bool:
    """A shell block with a ``ukm`` line: an example to run (or to mark as not run)."""
    if fence.lang not in SHELLS:
        return False
    return any(re.match(r"^(\$ )?ukm(\s|$)", line.strip()) for line in fence.text.splitlines())


@dataclass
class Step:
    """One command line of an example and the output it must print."""

    line: int
    words: list[str]
    expected: list[str] = field(default_factory=list)


def steps(fence: Fence) -> list[Step]:
    """The command lines of an example block and the output shown after each."""
    lines = fence.text.splitlines()
    found: list[Step] = []
    console = fence.lang == "console"
    joiner = CONTINUATION.get(fence.lang, "\\")
    i = 0
    while i < len(lines):
        raw = lines[i]
        number = fence.line + 1 + i
        if console and not raw.startswith("$ "):
            if found:
                found[-1].expected.append(raw)
            i += 1
            continue
        if not console and raw.lstrip().startswith("#"):
            if found:
                found[-1].expected.append(re.sub(r"^\s*# ?", "", raw))
            i += 1
            continue
        command = raw[2:] if console else raw
        while command.rstrip().endswith(joiner) and i + 1 < len(lines):
            i += 1
            command = command.rstrip()[: -len(joiner)] + " " + lines[i].strip()
        i += 1
        if not command.strip():
            continue
        lexer = shlex.shlex(command, posix=True, punctuation_chars="<>|&;")
        lexer.whitespace_split = True
        lexer.commenters = "" if fence.lang in ("bat", "cmd") else "#"
        found.append(Step(number, list(lexer)))
    return found


def json_shape_problems(shown: Any, real: Any, path: str = "") -> list[str]:
    """Keys ``real`` has that ``shown`` lacks, and the reverse, at every level.

    A list on the page shows one element for all; ``"...": ...`` in an object
    says more keys may follow.  Values are not compared: the page shows a shape.
    """
    if real is None or real == [] or real == {}:
        return []
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            return [f"{path or 'the output'}: the page shows an object"]
        known = set(shown) - {"..."}
        problems = [f"{path}.{k}: not on the page" for k in sorted(set(real) - known)]
        problems = [] if "..." in shown else problems
        problems += [
            f"{path}.{k}: on the page, not in the output" for k in sorted(known - set(real))
        ]
        for key in sorted(known & set(real)):
            problems += json_shape_problems(shown[key], real[key], f"{path}.{key}")
        return problems
    if isinstance(shown, list) and shown:
        if not isinstance(real, list):
            return [f"{path}: the page shows a list"]
        if isinstance(shown[0], dict):
            merged: dict[str, Any] = {}
            for item in real:
                for key, value in (item if isinstance(item, dict) else {}).items():
                    if merged.get(key) in (None, [], {}):
                        merged[key] = value
            return json_shape_problems(shown[0], merged, path + "[]")
        return json_shape_problems(shown[0], real[0], path + "[]")
    return []


def expected_lines_match(expected: list[str], actual: list[str]) -> bool:
    """Whether ``expected`` (``...`` alone skips lines, inside a line any text) is in ``actual``."""
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(line.rstrip())
    position = 0
    for chunk in (c for c in chunks if c):
        patterns = [
            re.compile(".*".join(re.escape(part) for part in line.split("...")) + r"\Z")
            for line in chunk
        ]
        for start in range(position, len(actual) - len(chunk) + 1):
            if all(p.match(actual[start + k]) for k, p in enumerate(patterns)):
                position = start + len(chunk)
                break
        else:
            return False
    return True


@dataclass
class Ran:
    """What one command of an example printed."""

    fence: Fence
    step: Step
    exit_code: int
    output: str
    problem: str | None
    stdout: bytes = b""


@functools.cache
def _is_terminal() -> Any:
    """ukm's one answer to "is the output a terminal?", wherever in ``render`` it lives."""
    import ukmtool.render

    for info in pkgutil.walk_packages(ukmtool.render.__path__, "ukmtool.render."):
        module = importlib.import_module(info.name)
        found = getattr(module, "is_terminal", None)
        if callable(found) and getattr(found, "__module__", None) == info.name:
            return found
    raise DocsError("ukmtool.render defines no is_terminal: the terminal mark cannot work")


@contextlib.contextmanager
def _as_terminal(width: int | None) -> Iterator[None]:
    """Have ukm's renderers draw as on a terminal ``width`` columns wide (None: as piped)."""
    if width is None:
        yield
        return
    original = _is_terminal()

    def terminal(*, stderr: bool = False) -> bool:
        return True

    def swap(old: Any, new: Any) -> None:
        # every module that holds the function (``from ... import is_terminal``), also
        # one first imported while the block ran
        for name, module in list(sys.modules.items()):
            if name.startswith("ukmtool") and getattr(module, "is_terminal", None) is old:
                module.is_terminal = new

    swap(original, terminal)
    try:
        yield
    finally:
        swap(terminal, original)


class Session:
    """Runs a page's examples one after the other, in one working folder.

    The folder starts as a copy of the sample (``data/``); ``cd`` and ``export``
    lines change this session's folder and environment only.
    """

    def __init__(self, work: Path, env: dict[str, str | None]) -> None:
        from typer.main import get_command

        from ukmtool.cli import app

        self.cwd = work
        self.env = dict(env)
        self.command = get_command(app)

    def run_fence(self, fence: Fence) -> list[Ran]:
        """Run one block: write a file, or run every command line of an example."""
        target = fence.mark("write") or fence.mark("append")
        if target is not None:
            path = self.cwd / target
            path.parent.mkdir(parents=True, exist_ok=True)
            text = fence.text + "\n"
            if fence.mark("append") is not None:
                existing = path.read_text(encoding="utf-8")
                text = existing + ("" if existing.endswith("\n") else "\n") + text
            path.write_text(text, encoding="utf-8", newline="\n")
            return []
        shape_of = fence.mark("json")
        if shape_of is not None:
            return [self.run_shape(fence, shape_of)]
        if not is_example(fence) or fence.mark("not run") is not None:
            return []
        expected_exit = int(fence.mark("exit") or 0)
        width = fence.mark("terminal")
        return [
            self.run_step(fence, step, expected_exit, int(width) if width else None)
            for step in steps(fence)
        ]

    def run_shape(self, fence: Fence, command: str) -> Ran:
        """Run ``command`` and compare the keys of its JSON with those the block shows."""
        ran = self.run_step(fence, Step(fence.line, shlex.split(command)), 0, None)
        if ran.problem:
            return ran
        try:
            shown = json.loads(fence.text)
        except ValueError as exc:
            ran.problem = f"the block is not JSON: {exc}"
            return ran
        problems = json_shape_problems(shown, json.loads(ran.stdout))
        ran.problem = "; ".join(problems) or None
        return ran

    def run_step(self, fence: Fence, step: Step, expected_exit: int, width: int | None) -> Ran:
        """Run one command line and compare what it printed with what the page shows."""
        words = list(step.words)
        env: dict[str, str | None] = {}
        while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
            name, _eq, value = words.pop(0).partition("=")
            env[name] = value
        if words[:1] == ["cd"] and len(words) == 2:
            self.cwd = (self.cwd / words[1]).resolve()
            return Ran(fence, step, 0, "", None)
        if words[:1] == ["export"]:
            for pair in words[1:]:
                name, _eq, value = pair.partition("=")
                self.env[name] = value
            return Ran(fence, step, 0, "", None)
        redirect: Path | None = None
        if ">" in words:
            at = words.index(">")
            redirect = self.cwd / words[at + 1]
            words = words[:at] + words[at + 2 :]
        if words[:1] != ["ukm"] or any(w in ("|", "&&", ";", "<", ">>", "&") for w in words):
            return Ran(fence, step, -1, "", "the docs cannot run this line: mark the block")
        exit_code, stdout, output = self.invoke(words[1:], {**self.env, **env}, width)
        if redirect is not None:
            redirect.write_bytes(stdout)
        problem = None
        lines = [line.rstrip().lstrip("\ufeff") for line in output.splitlines()]
        if exit_code != expected_exit:
            problem = f"exit status {exit_code}, not {expected_exit}"
        elif step.expected and not expected_lines_match(step.expected, lines):
            problem = "it did not print what the page shows"
        return Ran(fence, step, exit_code, output, problem, stdout)

    def invoke(
        self, args: list[str], env: dict[str, str | None], width: int | None
    ) -> tuple[int, bytes, str]:
        """Run ``ukm ARGS`` in-process: exit status, stdout, stdout and stderr as printed."""
        from typer.testing import CliRunner

        from ukmtool import i18n

        if width is not None:
            env = {**env, "COLUMNS": str(width), "TERMINAL_WIDTH": str(width)}
            env["UKM_PROGRESS_DELAY"] = "1000"
        runner = CliRunner()
        before = Path.cwd()
        i18n.reset()  # as a new process starts
        os.chdir(self.cwd)
        exit_code = 0
        try:
            with runner.isolation(env=env) as (out, _err, mixed), _as_terminal(width):
                try:
                    self.command.main(args=args, prog_name="ukm")
                except SystemExit as exc:
                    exit_code = exc.code if isinstance(exc.code, int) else 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                stdout, printed = out.getvalue(), mixed.getvalue()
        finally:
            os.chdir(before)
            i18n.reset()
        return exit_code, stdout, printed.decode("utf-8", "replace").replace("\r\n", "\n")


def base_env(cache: Path) -> dict[str, str | None]:
    """The environment every example starts with: English, no colour, a known width."""
    return {
        "UKM_LANG": "en",
        "UKM_DATA": None,
        "NO_COLOR": "1",
        "FORCE_COLOR": None,
        "COLUMNS": "100",
        "TERMINAL_WIDTH": "100",
        "UKM_CACHE_DIR": str(cache),
        "UKM_KEY_DIR": None,  # set per page (run_page): never the user's own signing keys
        "UKM_NO_CACHE": None,
        "UKM_P12_PASSWORD": None,
    }


def run_page(page: Path, work: Path, cache: Path) -> list[Ran]:
    """Run every example of ``page`` in ``work`` (made, with a copy of the sample)."""
    work.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLE, work / "data")
    env = base_env(cache)
    env["UKM_KEY_DIR"] = str(work.parent / f"{work.name}-keys")
    session = Session(work, env)
    ran: list[Ran] = []
    for fence in fences(page):
        ran += session.run_fence(fence)
    return ran


def unmarked_problems(page: Path) -> list[str]:
    """Example marks that say nothing: ``not run`` without a reason, an unknown mark."""
    known = ("not run:", "exit ", "terminal ", "write ", "append ", "json ")
    problems = []
    for fence in fences(page):
        for mark in fence.marks:
            if not mark.startswith(known):
                problems.append(f"{fence.where}: unknown mark '{mark}'")
            elif mark.startswith("not run:") and not mark.partition(":")[2].strip():
                problems.append(f"{fence.where}: 'not run:' says why")
    return problems


def pages_with_examples() -> list[Path]:
    """The pages that hold at least one example to run (or a file to write)."""
    return [
        page
        for page in markdown_pages()
        if any(
            (is_example(f) and f.mark("not run") is None)
            or any(f.mark(m) for m in ("write", "append", "json"))
            for f in fences(page)
        )
    ]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Rewrite, check, or run the examples of the pages."""
    os.environ["UKM_LANG"] = "en"  # help texts (new rows) in English
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is stale")
    sub = parser.add_subparsers(dest="action")
    run = sub.add_parser("run", help="run the examples of pages and print their output")
    run.add_argument("pages", nargs="+", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    if args.action == "run":
        failed = 0
        with tempfile.TemporaryDirectory() as tmp:
            for number, page in enumerate(args.pages):
                ran = run_page(page.resolve(), Path(tmp) / f"work{number}", Path(tmp) / "cache")
                for result in ran:
                    print(f"--- {result.fence.where} (line {result.step.line})")
                    print("$ " + shlex.join(result.step.words))
                    print(result.output, end="")
                    if result.problem:
                        failed += 1
                        print(f"!!! {result.problem} (exit {result.exit_code})")
        return 1 if failed else 0
    if args.check:
        stale = stale_pages()
        for line in stale:
            print(line)
        if stale:
            print("Run: python tools/docs.py", file=sys.stderr)
        return 1 if stale else 0
    pages, notes = synced_pages()
    for page, text in pages.items():
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {page.relative_to(REPO)}")
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
