"""The manual in docs/ and README.md held to the command line (docs/documenting.md).

Every command has its page and every option its row (taken from the Typer
app), every field of every file of the programme folder (taken from the
pydantic models), every exit status and environment variable is documented,
every example of every page runs and prints what the page shows, and every
link goes somewhere.  ``tools/docs.py`` keeps the generated parts in step.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.kit.helpers import REPO

DOCS = REPO / "docs"
COMMANDS = DOCS / "commands"
SRC = REPO / "src" / "ukmtool"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ukm_docs_tool", REPO / "tools" / "docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


# -- commands and options ------------------------------------------------------------------


def test_every_command_and_subcommand_has_its_page() -> None:
    commands = tool.app_commands()
    names = {c.name for c in commands}
    assert {"ukm init", "ukm report", "ukm print sheet", "ukm certificate verify"} <= names
    missing = [c.name for c in commands if not c.page.exists()]
    assert missing == [], "run: python tools/docs.py"
    listed = {tool.command_in_cell(row) for row in text(COMMANDS / "README.md").splitlines()}
    assert sorted(names - {"ukm"} - listed) == []


def test_every_option_of_every_command_is_a_row_on_its_page() -> None:
    """From the app itself: each parameter named in the first cell of one row, and no others."""
    problems = []
    for command in tool.app_commands():
        if not command.params:
            continue
        lines = text(command.page).split("\n")
        found = [b for b in tool.blocks(lines, command.page) if b.key == command.name]
        if len(found) != 1:
            problems.append(f"{command.page.name}: no option table for {command.name}")
            continue
        rows = tool.table_rows(lines, found[0], command.page)
        named = [tool.cell_names(tool.split_row(row)[0]) for row in rows]
        wanted = [tool.param_names(param) for param in command.params]
        for names in wanted:
            if not any(names == row for row in named):
                problems.append(f"{command.name}: {sorted(names)} has no row")
        for row_names in named:
            if row_names not in wanted:
                problems.append(f"{command.name}: a row names {sorted(row_names)}")
        problems += [
            f"{command.name}: {row[:40]}: no description"
            for row in rows
            if not "".join(tool.split_row(row)[1:]).strip()
        ]
    assert problems == []


def test_the_generated_tables_are_in_step_with_the_app() -> None:
    assert tool.stale_pages() == [], "run: python tools/docs.py"


def test_every_command_page_says_its_exit_status() -> None:
    pages = sorted(p for p in COMMANDS.glob("*.md") if p.name != "README.md")
    assert len(pages) >= len({c.page for c in tool.app_commands()}) - 1
    lacking = [p.name for p in pages if "Exit status" not in tool.headings(text(p))]
    assert lacking == []


# -- the tool that keeps them in step ---------------------------------------------------------


def _command(name: str) -> Any:
    return next(c for c in tool.app_commands() if c.name == name)


def test_the_tool_adds_a_new_option_keeps_descriptions_and_drops_what_went() -> None:
    attend = _command("ukm attend")
    rows = [
        "| `MODULE` | the module, written by hand |",
        "| `-s N` | the session, written by hand |",  # renamed: --session joined -s
        "| `--gone` | an option the command no longer has |",
    ]
    notes: list[str] = []
    table = tool.options_table(attend, rows, COMMANDS / "attend.md", notes)
    body = table[2:]
    assert [tool.cell_names(tool.split_row(r)[0]) for r in body] == [
        tool.param_names(p) for p in attend.params
    ]
    assert body[0] == rows[0]
    session = next(r for r in body if "--session" in r)
    assert session.startswith("| `--session N`, `-s` |")
    assert session.endswith("| the session, written by hand |")
    status = next(r for r in body if "--status" in r)
    assert "present, late, excused" in status  # its --help text, to write up
    assert not any("--gone" in r for r in body)
    assert any("dropped" in note for note in notes)


def test_the_tool_refuses_a_row_that_names_two_options() -> None:
    with pytest.raises(tool.DocsError):
        tool.options_table(
            _command("ukm report"), ["| `--district`, `--sector` | as written |"], Path("x"), []
        )


@pytest.mark.parametrize(
    ("expected", "ok"),
    [
        (["b", "c"], True),
        (["a", "...", "d"], True),
        (["Created ... in .../x."], False),
        (["b", "d"], False),  # not consecutive
        (["d", "...", "a"], False),  # not in order
        (["... c"], False),
        (["...c"], True),
    ],
)
def test_what_an_example_must_print(expected: list[str], ok: bool) -> None:
    assert tool.expected_lines_match(expected, ["a", "b", "c", "d"]) is ok


def test_a_json_shape_names_every_key_and_no_other() -> None:
    real = {"a": 1, "b": [{"c": 1, "d": None}, {"c": 2, "d": {"e": 1}}]}
    assert tool.json_shape_problems({"a": 0, "b": [{"c": 0, "d": {"e": 0}}]}, real) == []
    problems = tool.json_shape_problems({"a": 0, "x": 0, "b": [{"c": 0}]}, real)
    assert sorted(problems) == [".b[].d: not on the page", ".x: on the page, not in the output"]
    assert tool.json_shape_problems({"a": 0, "...": "..."}, real) == []


# -- the folder, exit codes, environment -------------------------------------------------------


def yaml_models() -> list[type[Any]]:
    """Every pydantic model of ukm that forbids unknown keys: the files' entries."""
    from pydantic import BaseModel

    import ukmtool.core

    for info in pkgutil.walk_packages(ukmtool.core.__path__, "ukmtool.core."):
        importlib.import_module(info.name)
    found: dict[str, type[Any]] = {}
    todo: list[type[Any]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("ukmtool") and sub.model_config.get("extra") == "forbid":
                found[f"{sub.__module__}.{sub.__qualname__}"] = sub
    return list(found.values())


def test_every_field_of_every_file_is_documented_in_the_folder_page() -> None:
    page = text(DOCS / "folder.md")
    models = yaml_models()
    assert {m.__name__ for m in models} >= {"Participant", "Module", "Session", "Visit"}
    missing = []
    for model in models:
        for name, info in model.model_fields.items():
            alias = info.validation_alias
            if isinstance(alias, str) and alias.startswith("\x00"):
                continue  # held inside ukm, never written in a file (sector_names)
            key = alias if isinstance(alias, str) else name
            if f"`{key}`" not in page:
                missing.append(f"{model.__name__}.{key}")
    assert missing == []
    assert "`last_id`" in page  # ids.yaml is read without a model (core's id record)


def file_names() -> set[str]:
    """The files of a programme folder the code names (``PARTICIPANTS_FILE = "..."``)."""
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(text(path))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                value = node.value.value
                if (
                    any(t.endswith("_FILE") for t in targets)
                    and isinstance(value, str)
                    and value.endswith(".yaml")
                ):
                    names.add(value)
    return names


def test_every_file_of_the_folder_has_its_part_of_the_folder_page() -> None:
    names = file_names()
    assert {"program.yaml", "participants.yaml", "ids.yaml"} <= names
    headings = set(tool.headings(text(DOCS / "folder.md")))
    assert sorted(n for n in names if f"`{n}`" not in headings) == []


def test_every_exit_status_has_its_row() -> None:
    from ukmtool.errors import ExitStatus

    page = text(DOCS / "exit-codes.md")
    assert [s for s in ExitStatus if not re.search(rf"^\| *{int(s)} *\|", page, re.M)] == []


def test_every_environment_variable_is_documented() -> None:
    read = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(text(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                read.update(re.findall(r"^UKM_[A-Z_]+$", node.value))
    assert {"UKM_DATA", "UKM_LANG", "UKM_LOCK_TIMEOUT"} <= read
    documented = " ".join(text(page) for page in DOCS.rglob("*.md"))
    assert sorted(v for v in read if v not in documented) == []


def test_the_folder_is_found_as_the_pages_say() -> None:
    page = text(COMMANDS / "README.md")
    for where in ("--data", "UKM_DATA", "program.yaml", "./data"):
        assert where in page


# -- the pages as a whole ------------------------------------------------------------------------


def test_the_readme_is_a_front_door_with_its_quick_start() -> None:
    readme = text(REPO / "README.md")
    assert len(readme.splitlines()) <= 300
    quick = readme.split("<!-- quickstart:begin -->")[1].split("<!-- quickstart:end -->")[0]
    lines = [line for line in quick.splitlines() if re.match(r"^(pip|python|ukm) ", line)]
    assert lines == [
        "pip install . && ukm report --module keuangan",
        "pip install '.[test]' && pytest",
    ]


def test_every_link_goes_somewhere() -> None:
    problems = [p for page in tool.markdown_pages() for p in tool.broken_links(page)]
    assert problems == []


def test_every_mark_above_an_example_is_understood() -> None:
    assert [p for page in tool.markdown_pages() for p in tool.unmarked_problems(page)] == []


@pytest.fixture(scope="module")
def example_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One load cache for every page: each starts from the same sample."""
    return tmp_path_factory.mktemp("docs-cache")


@pytest.mark.parametrize("page", tool.pages_with_examples(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_example_runs_and_prints_what_the_page_shows(
    page: Path, tmp_path: Path, example_cache: Path
) -> None:
    ran = tool.run_page(page, tmp_path / "example", example_cache)
    assert ran, "a page with examples runs at least one"
    failed = [
        f"{r.fence.where} line {r.step.line}: ukm {' '.join(r.step.words[1:])}\n"
        f"  {r.problem} (exit {r.exit_code}); it printed:\n{r.output}"
        for r in ran
        if r.problem
    ]
    assert not failed, "\n".join(failed)
