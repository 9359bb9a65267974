"""The function library as a whole: every function the ODK XForms specification lists is either
implemented or refused by name when parsing, with a message; every implemented function has
rows in the family tables; refusals happen when a form is imported, never when it is answered;
and messages can be translated outside the engine."""

from __future__ import annotations

import ast
import gettext
import math
import pickle
import re
import string
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from teilhabe.engine import expressions
from teilhabe.engine.expressions import ExpressionError, Layout, Nodes, evaluate, parse
from teilhabe.engine.tests import (
    test_expressions,
    test_xpath_choices,
    test_xpath_dates,
    test_xpath_numbers,
    test_xpath_repeats,
    test_xpath_semantics,
    test_xpath_text,
)
from teilhabe.engine.tests.xpath_support import refused

# The table "XPath Functions" of the ODK XForms specification (getodk.github.io/xforms-spec,
# _sections/30-bindings.md as of March 2024), in its order, plus what XPath 1.0 and JavaRosa
# offer that ODK's documentation shows (floor, ceiling, date-time) and the geo and signing
# functions JavaRosa knows beyond the table.
SPEC_NAMES = [
    # String Functions
    "string",
    "concat",
    "join",
    "substr",
    "substring-before",
    "substring-after",
    "translate",
    "string-length",
    "normalize-space",
    "contains",
    "starts-with",
    "ends-with",
    "uuid",
    "digest",
    "pulldata",
    # Boolean Functions
    "if",
    "coalesce",
    "once",
    "true",
    "false",
    "boolean",
    "boolean-from-string",
    "not",
    "regex",
    "checklist",
    "weighted-checklist",
    # Number Functions
    "number",
    "random",
    "int",
    "sum",
    "max",
    "min",
    "round",
    "pow",
    "log",
    "log10",
    "abs",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sqrt",
    "exp",
    "exp10",
    "pi",
    # Node-set Functions
    "count",
    "count-non-empty",
    "position",
    "instance",
    "current",
    "randomize",
    # Date and Time Functions
    "today",
    "now",
    "format-date",
    "format-date-time",
    "date",
    "decimal-date-time",
    "decimal-time",
    # Select Functions
    "selected",
    "selected-at",
    "count-selected",
    "jr:choice-name",
    # Translation Functions
    "jr:itext",
    # Repeat Functions
    "indexed-repeat",
    # Geographic Functions
    "area",
    "distance",
    "base64-decode",
    # beyond the table
    "floor",
    "ceiling",
    "date-time",
    "geofence",
    "enclosed-area",
    "extract-signed",
]

REFUSED_NAMES = {
    "pulldata": "it reads a CSV file on the device; use select_one_from_file or a calculation",
    "instance": "to filter choices, write a choice_filter",
    "current": "it only serves instance() lookups",
    "randomize": "choices keep the order of the choices sheet",
    "jr:itext": "labels and their translations come from the form's sheets",
    "area": "it has no geopoint, geotrace or geoshape questions",
    "distance": "it has no geopoint, geotrace or geoshape questions",
    "geofence": "it has no geopoint, geotrace or geoshape questions",
    "enclosed-area": "it has no geopoint, geotrace or geoshape questions",
    "extract-signed": "it does not check signed values",
}


def test_the_list_of_names_has_no_repetition() -> None:
    assert len(SPEC_NAMES) == len(set(SPEC_NAMES)) == 76


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_every_function_of_the_specification_is_implemented_or_refused_by_name(name: str) -> None:
    if name in REFUSED_NAMES:
        assert name not in expressions._FUNCTIONS
        error = refused(f"1 = {name}('x')")
        assert error.message == f"{name}() is not supported in Teilhabe: {REFUSED_NAMES[name]}"
        assert error.position == 4
    else:
        assert name in expressions._FUNCTIONS, f"{name}() is neither implemented nor refused"


def test_the_refused_names_are_exactly_the_specifications_that_cannot_work_here() -> None:
    implemented = set(expressions._FUNCTIONS)
    assert set(SPEC_NAMES) - implemented == set(REFUSED_NAMES)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "substring('abc', 2)",
            "substring() is not supported in Teilhabe, nor in ODK: use substr(), which counts from 0",
        ),
        (
            "last()",
            "last() is not supported in Teilhabe: count the instances with count(${repeat})",
        ),
        ("name()", "name() is not supported in Teilhabe: refer to a question as ${name} instead"),
        (
            "local-name(.)",
            "local-name() is not supported in Teilhabe: refer to a question as ${name} instead",
        ),
        (
            "version()",
            "version() is not supported in Teilhabe: it keeps the questionnaire's versions itself",
        ),
        (
            "property('deviceid')",
            "property() is not supported in Teilhabe: there is no device whose properties it could read",
        ),
        ("lower-case('A')", "unknown function lower-case()"),
        ("is-selected(., 'a')", "unknown function is-selected()"),
        ("foo:bar()", "unknown function foo:bar()"),
    ],
)
def test_other_names_are_refused_with_a_hint_or_as_unknown(source: str, message: str) -> None:
    assert refused(source).message == message


def test_a_refused_name_without_brackets_is_an_unexpected_name() -> None:
    assert "unexpected name 'pulldata'" in refused("pulldata = 1").message


FAMILY_TABLES: list[list[Any]] = [
    test_expressions.CASES,
    test_xpath_text.CASES,
    test_xpath_numbers.CASES,
    test_xpath_dates.CASES,
    test_xpath_choices.CASES,
    test_xpath_repeats.CASES,
    test_xpath_semantics.CASES,
]


@pytest.mark.parametrize("name", sorted(expressions._FUNCTIONS))
def test_every_implemented_function_has_rows_in_the_tables(name: str) -> None:
    call = re.compile(rf"(?<![\w:-]){re.escape(name)}\(")
    rows = [row for table in FAMILY_TABLES for row in table if call.search(row[0])]
    assert len(rows) >= (0 if name == "random" else 2), name  # random(): its own test


def test_the_tables_have_several_hundred_rows() -> None:
    assert sum(len(table) for table in FAMILY_TABLES) >= 800


# Every function, called with arguments of every awkward kind, around every kind of wrapping:
# whatever the answers, evaluating gives a value and never an error, so that nothing is refused
# when a respondent answers (regex() alone may refuse a pattern only the answers make invalid).
AWKWARD: list[Any] = [
    None,
    "",
    "text",
    -7.5,
    0,
    ["a", "b"],
    "2024-02-30",
    "2024-05-31",
    "12:00:00+02:00",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
    datetime.fromisoformat("0001-01-01T00:00:00"),
    date.max,
    date.min,
    time(23, 59),
    1e300,
    -1e300,
    2932897,
    -719163,
    2932896.99,
    "9" * 400,
    math.nan,
    math.inf,
]
WRAPPINGS = [
    "{}",
    "string({})",
    "{} + 1",
    "-{}",
    "date({})",
    "date-time({})",
    "decimal-time({})",
    "decimal-date-time({})",
    "format-date-time({}, '%Y-%m-%d %H:%M:%S.%3 %a %b')",
    "{} = now()",
    "{} < today()",
    "{} != ${v}",
    "count-selected({})",
    "round({}, 2)",
]


def call_of(name: str) -> str:
    function = expressions._FUNCTIONS[name]
    count = max(function.minimum, 1 if function.maximum is None else function.maximum)
    arguments = ["${v}"] * count
    if name in ("count", "count-non-empty", "sum"):
        arguments = ["${v}"]
    elif name == "position":
        arguments = [".."]
    elif name == "indexed-repeat":
        arguments = ["${v}", "${r}", "${v}"]
    elif name == "jr:choice-name":
        arguments = ["${v}", "'${v}'"]
    elif name == "weighted-checklist" and count % 2:
        arguments.append("${v}")
    return f"{name}({', '.join(arguments)})"


@pytest.mark.parametrize("name", sorted(expressions._FUNCTIONS))
def test_no_function_fails_when_answering(name: str) -> None:
    for wrapping in WRAPPINGS:
        expr = parse(wrapping.replace("{}", call_of(name)))
        for answer in AWKWARD:
            try:
                result = evaluate(expr, {"r": [{"v": answer}]}, answer, layout=LAYOUT, at={"r": 1})
            except ExpressionError as error:
                assert name == "regex" and "patterns of" in error.message, (name, answer)
                continue
            assert result is None or isinstance(
                result, str | int | float | bool | tuple | date | Nodes
            )


LAYOUT = Layout(repeats={"r": None}, inside={"v": "r"})


def test_messages_are_templates_that_translate_outside_the_engine() -> None:
    error = refused("pulldata('a', 'b', 'c', 'd')")
    assert (
        error.template
        == "{name}() is not supported in Teilhabe: it reads a CSV file on the device; use select_one_from_file or a calculation"
    )
    assert error.params == {"name": "pulldata"}
    german = {error.template: "{name}() ist in Teilhabe nicht verfügbar"}
    assert (
        error.render(lambda text: german.get(text, text))
        == "pulldata() ist in Teilhabe nicht verfügbar"
    )
    assert error.render(lambda text: text) == error.message
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.template, copy.params, copy.position, str(copy)) == (
        error.template,
        error.params,
        0,
        str(error),
    )


# --- translations --------------------------------------------------------------------------------

ENGINE = Path(expressions.__file__).parent
CATALOG = ENGINE.parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"


def templates() -> set[str]:
    """Every message template of the engine: the texts marked with gettext_noop()."""
    found = set()
    for path in [ENGINE / "expressions.py", *sorted((ENGINE / "xpath").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop":
                argument = node.args[0]
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), path
                found.add(argument.value)
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_has_a_german_translation_with_the_same_placeholders() -> None:
    with CATALOG.open("rb") as catalog:
        german = gettext.GNUTranslations(catalog)
    found = templates()
    assert len(found) >= 55
    for template in sorted(found):
        translated = german.gettext(template)
        assert translated != template, f"not translated: {template}"
        assert fields(translated) == fields(template), template
        sample = {name: "x" for name in fields(template)}
        assert "{" not in translated.format(**sample).replace("${", "").replace("'{'", "")


def test_a_refusal_reads_in_german_through_the_catalog() -> None:
    with CATALOG.open("rb") as catalog:
        german = gettext.GNUTranslations(catalog)
    assert refused("pulldata('a', 'b', 'c', 'd')").render(german.gettext) == (
        "pulldata() wird in Teilhabe nicht unterstützt: die Funktion liest eine CSV-Datei auf dem"
        " Gerät; verwenden Sie select_one_from_file oder eine Berechnung"
    )
    assert refused("date('gestern')").render(german.gettext) == (
        "„gestern“ ist kein Datum: schreiben Sie es als JJJJ-MM-TT"
    )
    assert refused("$a").render(german.gettext) == (
        "nach '$' wird '{' erwartet: verweisen Sie auf eine Frage mit ${name}"
    )
    assert (
        refused("selected(${a})").render(german.gettext)
        == "selected() braucht 2 Argumente, nicht 1"
    )
