"""``teilhabe.engine`` is pure domain logic: importing it must never pull in Django.

That keeps it testable without settings or a database and reusable from scripts and tasks.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import teilhabe.engine

ENGINE_DIR = Path(teilhabe.engine.__file__).resolve().parent
SRC_DIR = ENGINE_DIR.parents[1]


def engine_modules() -> dict[str, Path]:
    """Every module in the package, tests included, by dotted name."""
    modules = {}
    for path in sorted(ENGINE_DIR.rglob("*.py")):
        parts = path.relative_to(SRC_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def is_django(name: str | None) -> bool:
    return name is not None and (name == "django" or name.startswith("django."))


def test_the_module_list_is_not_empty() -> None:
    names = engine_modules()
    assert "teilhabe.engine" in names
    assert "teilhabe.engine.svgmap" in names
    assert "teilhabe.engine.tests.test_no_django" in names


def test_importing_every_engine_module_does_not_load_django() -> None:
    code = (
        "import importlib, json, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'django'"
        " or m.startswith('django.'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC_DIR), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code, *engine_modules()],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_no_engine_module_imports_django() -> None:
    """Catches imports the subprocess cannot see, e.g. inside functions."""
    offenders = []
    for name, path in engine_modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported = [node.module or ""]
            else:
                continue
            offenders += [f"{name}:{node.lineno} {m}" for m in imported if is_django(m)]
    assert offenders == []
