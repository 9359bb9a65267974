"""The expression engine is `engine.expressions` (the text side) and the package `engine.xpath`
(tree, values, operators, functions, evaluator). No part of it may hand text to Python; the
behaviour itself is specified in test_expressions.py."""

from __future__ import annotations

import ast
from pathlib import Path

import teilhabe.engine.xpath
from teilhabe.engine import expressions

FORBIDDEN = {"eval", "exec", "compile", "__import__", "literal_eval", "getattr"}


PACKAGE = Path(teilhabe.engine.xpath.__file__).parent


def engine_files() -> list[Path]:
    return [Path(expressions.__file__), *sorted(PACKAGE.rglob("*.py"))]


def test_every_part_is_checked() -> None:
    names = {path.relative_to(PACKAGE.parent).with_suffix("").as_posix() for path in engine_files()}
    parts = {"tree", "values", "datetimes", "operators", "repeats", "evaluator"}
    families = {"base", "text", "numbers", "dates", "choices", "logic", "repeats", "refused"}
    assert {"expressions"} | {f"xpath/{part}" for part in parts} <= names
    assert {f"xpath/functions/{family}" for family in families} <= names


def test_no_part_of_the_engine_hands_text_to_python() -> None:
    for path in engine_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        calls = {
            (ast.unparse(node.value), node.attr)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN
        }
        assert names & FORBIDDEN == set(), path.name
        assert calls <= {("re", "compile")}, path.name  # regular expressions only


def test_the_public_names_are_there() -> None:
    for name in expressions.__all__:
        assert getattr(expressions, name) is not None, name
