"""``teilhabe.core`` is the ground floor: every app may build on it, it builds on no app.

Apps hand core what it needs through their AppConfig (demo data, set-up, task recovery: see
core/installation.py), so core never imports them, not even inside a function or only for
type checking. Its tests may use the apps; they are not part of the ground floor."""

from __future__ import annotations

import ast
from pathlib import Path

import teilhabe.core

CORE_DIR = Path(teilhabe.core.__file__).resolve().parent
SRC_DIR = CORE_DIR.parents[1]
# Every package of teilhabe but the two floors (core and the Django-free engine): the apps,
# today's and those still to come, found on disk so that a new one is covered without a word.
FEATURE_APPS = tuple(
    sorted(
        path.parent.name
        for path in SRC_DIR.joinpath("teilhabe").glob("*/__init__.py")
        if path.parent.name not in ("core", "engine")
    )
)


def core_modules() -> dict[str, Path]:
    """Every module of core outside core/tests, by dotted name."""
    modules = {}
    for path in sorted(CORE_DIR.rglob("*.py")):
        if "tests" in path.relative_to(CORE_DIR).parts:
            continue
        parts = path.relative_to(SRC_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_names(package: str, tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an import statement anywhere in the tree names, relative ones resolved
    against the module's package (`from ..x import y` in a module of teilhabe.core.a names
    teilhabe.core.x and teilhabe.core.x.y)."""
    parts = package.split(".")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(parts[: len(parts) - node.level + 1])
                where = f"{base}.{node.module}" if node.module else base
            else:
                where = node.module or ""
            found.append((node.lineno, where))
            found += [(node.lineno, f"{where}.{alias.name}") for alias in node.names]
    return found


def is_feature_app(name: str) -> bool:
    return any(
        name == f"teilhabe.{app}" or name.startswith(f"teilhabe.{app}.") for app in FEATURE_APPS
    )


def offenders(source: str, module: str, path: Path | None = None) -> list[str]:
    is_package = path is not None and path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    names = imported_names(package, ast.parse(source))
    return [f"{module}:{line} {name}" for line, name in names if is_feature_app(name)]


def test_the_module_list_holds_core_but_not_its_tests() -> None:
    names = core_modules()
    assert {"teilhabe.core", "teilhabe.core.scoping", "teilhabe.core.tabular.download"} <= set(
        names
    )
    assert "teilhabe.core.management.commands.setup_instance" in names
    assert not [n for n in names if ".tests" in n]


def test_every_installed_app_but_core_counts_as_a_feature_app() -> None:
    from django.apps import apps

    installed = {
        config.name.removeprefix("teilhabe.")
        for config in apps.get_app_configs()
        if config.name.startswith("teilhabe.")
    }
    assert installed - {"core"} <= set(FEATURE_APPS)
    assert {"directory", "placement", "tasklist", "digest", "bench"} <= set(FEATURE_APPS)
    assert not {"core", "engine", "locale"} & set(FEATURE_APPS)


def test_the_check_sees_every_kind_of_import() -> None:
    """The forms a forbidden import can take, including inside a function and for type
    checking only; core's own modules and a name that only begins like an app are allowed."""
    source = (
        "import teilhabe.regions.models\n"
        "from teilhabe.accounts.models import Role\n"
        "from teilhabe import reports\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from teilhabe.regions.models import District\n"
        "def f():\n"
        "    from teilhabe.surveys.demo import example_waves\n"
        "    from .... import inventory\n"
        "    from ... import parsing\n"
        "from teilhabe.core import parsing\n"
        "from teilhabe.engine import svgmap\n"
        "import teilhabe.eventsource\n"
    )
    found = offenders(source, "teilhabe.core.management.commands.x")
    assert [entry.split(" ")[0] for entry in found] == [
        "teilhabe.core.management.commands.x:1",
        "teilhabe.core.management.commands.x:2",
        "teilhabe.core.management.commands.x:2",
        "teilhabe.core.management.commands.x:3",
        "teilhabe.core.management.commands.x:6",
        "teilhabe.core.management.commands.x:6",
        "teilhabe.core.management.commands.x:8",
        "teilhabe.core.management.commands.x:8",
        "teilhabe.core.management.commands.x:9",
    ]
    assert found[-1].endswith("teilhabe.inventory")


def test_no_core_module_imports_a_feature_app() -> None:
    found = []
    for name, path in core_modules().items():
        found += offenders(path.read_text(encoding="utf-8"), name, path)
    assert found == []
