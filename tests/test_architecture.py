"""The layers of docs/architecture.md, held by tests.

Rich only in ``render/``, Typer only in ``cli.py`` and ``commands/``, no
``print(`` anywhere, the core never reaching up, no import cycle between
modules or between packages, and ``ukm --version`` /
``ukm --help`` fast because they import nothing heavy.  (That every command,
option, field and exit code is documented is ``tests/test_docs.py``'s.)
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kit.helpers import REPO, ukm_executable

SRC = REPO / "src" / "ukmtool"
SOURCES = sorted(SRC.rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    """Every module an ``import`` statement names, with its line."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def uses(module: str, top: str) -> bool:
    return module == top or module.startswith(top + ".")


def test_the_source_tree_is_there() -> None:
    names = {rel(p) for p in SOURCES}
    assert {
        "cli.py",
        "core/reading/loader.py",
        "render/commands/check.py",
        "commands/check.py",
    } <= names


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("rich", ("render/",)),
        ("typer", ("cli.py", "clitext.py", "commands/")),
        ("click", ()),
        ("openpyxl", ("core/importing/",)),  # reads the workbooks offices send
        ("xlsxwriter", ("render/formats/xlsx.py", "render/formats/workbook/")),  # writes ours
    ],
)
def test_libraries_stay_in_their_layer(library: str, allowed: tuple[str, ...]) -> None:
    offenders = [
        f"{rel(path)}:{line} imports {module}"
        for path in SOURCES
        for module, line in imported_modules(parsed(path))
        if uses(module, library) and not rel(path).startswith(allowed)
    ]
    assert offenders == []


def test_core_never_reaches_up_to_cli_commands_or_render() -> None:
    offenders = [
        f"{rel(path)}:{line} imports {module}"
        for path in SOURCES
        if rel(path).startswith("core/")
        for module, line in imported_modules(parsed(path))
        if any(uses(module, f"ukmtool.{up}") for up in ("cli", "commands", "render"))
    ]
    assert offenders == []


def test_no_print_calls_in_src() -> None:
    offenders = [
        f"{rel(path)}:{node.lineno}"
        for path in SOURCES
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]
    assert offenders == []


def module_name(path: Path) -> str:
    parts = ["ukmtool", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each ukmtool module -> the ukmtool modules it imports (at the top or inside a function)."""
    modules = {module_name(path): path for path in SOURCES}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        for module, _line in imported_modules(parsed(path)):
            if module in modules and module != name:
                edges.add(module)
        # `from ukmtool.a import b` names b (a module) and ukmtool.a (its package): keep the module
        graph[name] = {m for m in edges if not any(o.startswith(m + ".") for o in edges)}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph`` (each as the path that closes it), found depth first."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_no_import_cycles_among_ukmtool_modules() -> None:
    graph = import_graph()
    cycles = find_cycles(graph)
    assert [" -> ".join(cycle) for cycle in cycles] == []


def test_no_import_cycles_between_packages() -> None:
    """Inside each package, its modules and sub-packages import one another one way.

    A sub-package counts as one node with every module in it: the module-level
    test cannot see ``core/importing`` importing ``core/writing`` while
    ``core/writing`` imports ``core/importing`` through other modules.
    """
    graph = import_graph()
    packages = sorted(module_name(path) for path in SOURCES if path.stem == "__init__")
    found: list[str] = []
    for package in packages:
        prefix = package + "."

        def child(module: str, prefix: str = prefix) -> str | None:
            if not module.startswith(prefix):
                return None
            return prefix + module[len(prefix) :].split(".", maxsplit=1)[0]

        siblings: dict[str, set[str]] = {}
        for module, imports in graph.items():
            here = child(module)
            if here is None:
                continue
            there = {child(other) for other in imports} - {None, here}
            siblings.setdefault(here, set()).update(t for t in there if t is not None)
        found += [" -> ".join(cycle) for cycle in find_cycles(siblings)]
    assert found == []


def _core_part(module: str) -> str:
    """``ukmtool.core.reading.loader`` -> ``core.reading``; outside core: ``ukmtool.x`` -> ``x``."""
    parts = module.split(".")
    if len(parts) > 2 and parts[1] == "core":
        return ".".join(parts[1:3])
    return parts[1] if len(parts) > 1 else parts[0]


@pytest.mark.parametrize(
    ("part", "never"),
    [
        # YAML text, knowing nothing of ukm (only the words of its messages)
        ("core.yamlio", ("core.", "commands", "render", "cli", "diagnostics", "errors")),
        # the safe-write machinery: knows no command, no loaded programme, no report
        (
            "core.files",
            (
                "core.programme",
                "core.reading",
                "core.writing",
                "core.importing",
                "core.certificates",
                "core.rules",
                "core.reports",
                "core.tables",
                "core.documents",
            ),
        ),
        # folder -> LoadResult: reads, never writes or reports
        (
            "core.reading",
            (
                "core.files",
                "core.writing",
                "core.importing",
                "core.certificates",
                "core.reports",
                "core.tables",
                "core.documents",
                "core.rules",
            ),
        ),
        # figures from a loaded Programme: never the files, never how they are shown
        (
            "core.reports",
            (
                "core.reading",
                "core.files",
                "core.writing",
                "core.yamlio",
                "core.importing",
                "core.certificates",
                "core.tables",
                "core.documents",
            ),
        ),
        # the completion rules: only the models and the programme
        (
            "core.rules",
            (
                "core.reading",
                "core.files",
                "core.writing",
                "core.yamlio",
                "core.reports",
                "core.tables",
            ),
        ),
        # figures -> the tables every format draws: never the files
        (
            "core.tables",
            (
                "core.reading",
                "core.files",
                "core.writing",
                "core.yamlio",
                "core.importing",
                "core.documents",
            ),
        ),
        # what printed documents say: from figures and tables, never the files
        ("core.documents", ("core.reading", "core.files", "core.writing", "core.importing")),
        # every write: under the lock, through reading and files; never a report's helper,
        # never the import (which builds the writes' entries)
        (
            "core.writing",
            (
                "core.reports",
                "core.tables",
                "core.documents",
                "core.importing",
                "core.certificates",
            ),
        ),
        # a spreadsheet's rows -> entries: writes nothing, reports nothing
        (
            "core.importing",
            ("core.files", "core.certificates", "core.reports", "core.tables", "core.documents"),
        ),
    ],
)
def test_the_core_layers_of_architecture_md(part: str, never: tuple[str, ...]) -> None:
    offenders = [
        f"{module} imports {other}"
        for module, imports in import_graph().items()
        if _core_part(module) == part
        for other in imports
        if _core_part(other) != part and _core_part(other).startswith(never)
    ]
    assert offenders == []


def test_no_folder_holds_more_than_fifteen_modules() -> None:
    """A folder a reader can hold in their head (docs/architecture.md); split it by job first."""
    from collections import Counter

    counts = Counter(rel(p.parent) for p in SOURCES if p.stem != "__init__")
    assert {folder: n for folder, n in counts.items() if n > 15} == {}


def test_no_package_holds_a_single_module() -> None:
    """A package of one module is a rule dodged (docs/architecture.md): split the folder by job."""
    packages = {path.parent for path in SOURCES if path.stem == "__init__"}
    held = {
        rel(package) or ".": [p for p in package.iterdir() if p.suffix == ".py" or p in packages]
        for package in packages
    }
    assert sorted(name for name, found in held.items() if len(found) < 3) == []


def test_every_package_says_what_its_folder_is_for() -> None:
    """Each ``__init__.py`` opens with a docstring: the folder's job, in a sentence or more."""
    silent = [
        rel(path)
        for path in SOURCES
        if path.stem == "__init__" and not ast.get_docstring(parsed(path))
    ]
    assert silent == []


def test_libyaml_is_imported_in_exactly_one_module() -> None:
    """core/yamlio/libyaml.py imports it, with the one fallback; every reader uses that."""
    naming = re.compile(r"\bcyaml\b|\bC(?:Base|Safe|Full|Unsafe)?(?:Loader|Parser|Dumper)\b")
    found = [rel(path) for path in SOURCES if naming.search(path.read_text(encoding="utf-8"))]
    assert found == ["core/yamlio/libyaml.py"]


def _top_level_imports(tree: ast.Module) -> list[tuple[str, int]]:
    """Imports run when the module is imported (not inside functions or TYPE_CHECKING)."""
    found: list[tuple[str, int]] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found += imported_modules(node)
    return found


def test_commands_import_only_light_modules_at_top_level() -> None:
    light = ("typer", "ukmtool.i18n", "ukmtool.commands.common", "ukmtool.errors")
    offenders = [
        f"{rel(path)}:{line} imports {module}"
        for path in SOURCES
        if rel(path).startswith("commands/")
        for module, line in _top_level_imports(parsed(path))
        if module.split(".")[0] not in sys.stdlib_module_names
        and module != "__future__.annotations"
        and not any(uses(module, ok) for ok in light)
    ]
    assert offenders == []


def test_command_signatures_are_evaluated_once_at_definition() -> None:
    """Typer reads every command's signature on every run; string annotations
    (``from __future__ import annotations``) would make it compile each one again."""
    offenders = [
        rel(path)
        for path in SOURCES
        if (rel(path).startswith("commands/") and rel(path) != "commands/common.py")
        or rel(path) == "cli.py"
        for module, _line in _top_level_imports(parsed(path))
        if module == "__future__.annotations"
    ]
    assert offenders == []


HEAVY = (
    "yaml",
    "pydantic",
    "pydantic_core",
    "openpyxl",
    "xlsxwriter",
    "phonenumbers",
    "ukmtool.core.reading.loader",
    "ukmtool.core.models",
    "ukmtool.core.rules",
    "ukmtool.render",
    "pyarrow",
    "duckdb",
)


def imported_by(*args: str) -> set[str]:
    """The modules the installed ``ukm ARGS`` imports, from ``python -X importtime``."""
    # ukm.exe is a launcher, not a script Python can run: `-m ukmtool` there
    entry = ["-m", "ukmtool"] if os.name == "nt" else [ukm_executable()]
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *entry, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "ukmtool.cli" in names  # the measurement itself works
    return names


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_import_nothing_heavy(args: tuple[str, ...]) -> None:
    names = imported_by(*args)
    heavy = sorted(n for n in names if any(uses(n, h) for h in HEAVY))
    assert heavy == []


def test_only_export_imports_pyarrow_and_nothing_imports_duckdb(tmp_path: Path) -> None:
    """pyarrow is for ``ukm export`` alone; DuckDB is what others read a bundle with."""
    sample = str(REPO / "data")
    for args in (("--data", sample, "report"), ("compare", sample, "--format", "json")):
        names = imported_by(*args)
        assert not any(uses(n, "pyarrow") or uses(n, "duckdb") for n in names), args
    names = imported_by("export", sample, "--output", str(tmp_path / "bundle"))
    assert any(uses(n, "pyarrow") for n in names)
    assert not any(uses(n, "duckdb") for n in names)


def test_version_does_not_even_import_rich() -> None:
    names = imported_by("--version")
    assert not any(uses(n, "rich") for n in names)
