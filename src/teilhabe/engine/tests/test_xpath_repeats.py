"""Repeat groups: what `${name}` means in and around a repeat instance, node-sets, count(),
count-non-empty(), sum(), min()/max(), join(), position(..), indexed-repeat(), and the layout
check made at import.

The answers of a repeat are a list of instances, each a mapping of its answers; the Layout
says which repeat each question sits in; `at` says which instances the expression is in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.engine.expressions import ExpressionError, Layout, Nodes, check_layout, parse
from teilhabe.engine.tests.xpath_support import NAN, assert_same, refused, value

LAYOUT = Layout(
    repeats={"offers": None, "visits": "offers", "members": None},
    inside={
        "title": "offers",
        "cost": "offers",
        "status": "offers",
        "when": "visits",
        "people": "visits",
        "age": "members",
    },
)
ANSWERS: dict[str, Any] = {
    "district": "ROW",
    "offers": [
        {
            "title": "Sprachcafé",
            "cost": 0,
            "status": "active",
            "visits": [
                {"when": date(2024, 1, 5), "people": 12},
                {"when": date(2024, 2, 2), "people": 8},
            ],
        },
        {"title": "Patenschaft", "cost": "", "status": "planned", "visits": []},
        {
            "title": "Radwerkstatt",
            "cost": 25.5,
            "status": "active",
            "visits": [{"when": date(2024, 3, 1), "people": 5}],
        },
    ],
    "members": [{"age": 34}, {"age": 7}, {"age": 19}],
}
TITLES = Nodes(("Sprachcafé", "Patenschaft", "Radwerkstatt"))

type At = dict[str, int]

CASES: list[tuple[str, At, Any]] = [
    # count(): instances of a repeat, or answers to a question across them
    ("count(${offers})", {}, 3),
    ("count(${offers})", {"offers": 2}, 3),  # a repeat's own name: every instance
    ("count(${title})", {}, 3),
    ("count(${visits})", {}, 3),
    ("count(${visits})", {"offers": 1}, 2),
    ("count(${visits})", {"offers": 2}, 0),
    ("count(${when})", {}, 3),
    ("count(${when})", {"offers": 3}, 1),
    ("count(${members})", {}, 3),
    ("count(${district})", {}, 1),  # a question outside repeats is one node
    ("count(${title})", {"offers": 2}, 1),
    # count-non-empty()
    ("count-non-empty(${cost})", {}, 2),
    ("count-non-empty(${title})", {}, 3),
    ("count-non-empty(${district})", {}, 1),
    ("count-non-empty(${nobody})", {}, 0),
    ("count-non-empty(${people})", {"offers": 2}, 0),
    # sum(), min(), max(), join(), concat() see every node
    ("sum(${cost})", {}, 25.5),
    ("sum(${people})", {}, 25),
    ("sum(${people})", {"offers": 1}, 20),
    ("sum(${age})", {}, 60),
    ("sum(${age}) div count(${members})", {}, 20.0),
    ("max(${age})", {}, 34),
    ("min(${age})", {}, 7),
    ("max(${when})", {}, 19783),  # 2024-03-01 in days
    ("join(', ', ${title})", {}, "Sprachcafé, Patenschaft, Radwerkstatt"),
    ("join('/', ${people})", {}, "12/8/5"),
    ("concat(${title})", {}, "SprachcaféPatenschaftRadwerkstatt"),
    ("checklist(2, -1, ${cost})", {}, False),  # 0, '' and 25.5: one is true
    # ${name}: the answer in the current instance, else a node-set
    ("${title}", {}, TITLES),
    ("${title}", {"offers": 2}, "Patenschaft"),
    ("${title}", {"offers": 9}, None),
    ("${title}", {"offers": 3, "visits": 1}, "Radwerkstatt"),  # from a nested repeat
    ("${people}", {"offers": 1, "visits": 2}, 8),
    ("${people}", {"offers": 1}, Nodes((12, 8))),
    ("${people}", {"offers": 2}, Nodes(())),
    ("${district}", {"offers": 2}, "ROW"),
    ("${cost} + 1", {"offers": 3}, 26.5),
    ("${cost} + 1", {"offers": 2}, NAN),
    ("${cost} + 1", {}, 1),  # a node-set as a number: its first node
    ("string(${title})", {}, "Sprachcafé"),
    ("string(${members})", {}, "34"),  # an instance's text: all of its answers
    ("string-length(${title})", {}, 10),
    ("boolean(${title})", {}, True),
    ("boolean(${people})", {"offers": 2}, False),  # an empty node-set is false
    ("not(${when})", {"offers": 2}, True),
    # comparisons with a node-set: true if some node compares so
    ("${title} = 'Patenschaft'", {}, True),
    ("${title} = 'Kochkurs'", {}, False),
    ("${title} != 'Sprachcafé'", {}, True),
    ("${status} = 'active'", {"offers": 2}, False),
    ("${age} > 30", {}, True),
    ("${age} > 40", {}, False),
    ("${age} < 10", {}, True),
    ("${age} >= 18 and ${age} < 18", {}, True),  # different members
    ("${age} = 19", {}, True),
    ("${age} = '7'", {}, True),
    ("${age} = ${people}", {}, False),
    ("${people} = ${people}", {}, True),
    ("${people} = 5", {"offers": 1}, False),
    ("${when} < '2024-01-31'", {}, True),
    ("${people} = ''", {"offers": 2}, False),  # an empty node-set equals nothing
    ("${people} != ''", {"offers": 2}, False),
    ("${title} = true()", {}, True),
    ("${people} = false()", {"offers": 2}, True),
    # position(..): the number of the innermost instance
    ("position(..)", {"offers": 2}, 2),
    ("position(..)", {"offers": 1, "visits": 2}, 2),
    ("position(..)", {"members": 3}, 3),
    ("position(..)", {}, 1),
    ("position(..) = count(${offers})", {"offers": 3}, True),
    (
        "concat('Angebot ', position(..), ' von ', count(${offers}))",
        {"offers": 2},
        "Angebot 2 von 3",
    ),
    # indexed-repeat(): the answer in a given instance, from anywhere
    ("indexed-repeat(${title}, ${offers}, 2)", {}, "Patenschaft"),
    ("indexed-repeat(${title}, ${offers}, 2)", {"offers": 3}, "Patenschaft"),
    ("indexed-repeat(${title}, ${offers}, 1.9)", {}, "Sprachcafé"),
    ("indexed-repeat(${title}, ${offers}, 0)", {}, "Sprachcafé"),  # below 1: the first
    ("indexed-repeat(${title}, ${offers}, '')", {}, "Sprachcafé"),
    ("indexed-repeat(${title}, ${offers}, 4)", {}, None),
    ("indexed-repeat(${title}, ${offers}, position(..) - 1)", {"offers": 3}, "Patenschaft"),
    ("indexed-repeat(${people}, ${offers}, 1, ${visits}, 2)", {}, 8),
    ("indexed-repeat(${people}, ${offers}, 3, ${visits}, 1)", {}, 5),
    ("indexed-repeat(${people}, ${offers}, 2, ${visits}, 1)", {}, None),
    ("indexed-repeat(${people}, ${offers}, 1)", {}, Nodes((12, 8))),
    ("indexed-repeat(${people}, ${visits}, 1)", {"offers": 3}, 5),
    ("indexed-repeat(${age}, ${members}, ${n})", {}, 34),
    ("indexed-repeat(${district}, ${offers}, 2)", {}, "ROW"),
]


@pytest.mark.parametrize(
    ("source", "at", "expected"), CASES, ids=[f"{c[0][:60]} {c[1]}" for c in CASES]
)
def test_repeats(source: str, at: At, expected: Any) -> None:
    assert_same(value(source, ANSWERS, layout=LAYOUT, at=at), expected)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"offers": []}, (0, 0, Nodes(()), "", NAN, False)),
        ({}, (0, 0, Nodes(()), "", NAN, False)),  # a repeat never answered
        ({"offers": "garbage"}, (0, 0, Nodes(()), "", NAN, False)),
        ({"offers": [{"title": "A", "cost": 3}, "garbage"]}, (1, 3, Nodes(("A",)), "A", 3, True)),
    ],
)
def test_a_repeat_without_instances_is_an_empty_node_set(
    answers: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    sources = [
        "count(${offers})",
        "sum(${cost})",
        "${title}",
        "join('', ${title})",
        "max(${cost})",
        "boolean(${title})",
    ]
    for source, wanted in zip(sources, expected, strict=True):
        assert_same(value(source, answers, layout=LAYOUT), wanted)


def test_without_a_layout_names_are_plain_answers() -> None:
    assert value("count(${offers})", ANSWERS) == 1
    assert value("${title}", ANSWERS) is None


def test_a_layout_must_be_nested_properly() -> None:
    with pytest.raises(ValueError, match="'x' sits in 'nope', which is not a repeat"):
        Layout(inside={"x": "nope"})
    with pytest.raises(ValueError, match="nested in 'outer', not a repeat"):
        Layout(repeats={"inner": "outer"})
    with pytest.raises(ValueError, match="nested in itself"):
        Layout(repeats={"a": "b", "b": "a"})
    assert LAYOUT.levels("people") == ("offers", "visits")
    assert LAYOUT.levels("visits") == ("offers", "visits")
    assert LAYOUT.levels("district") == ()


LAYOUT_ERRORS: list[tuple[str, int, str]] = [
    (
        "indexed-repeat(${title}, ${members}, 1)",
        25,
        "${title} is not inside the repeat group ${members}",
    ),
    ("indexed-repeat(${title}, ${district}, 1)", 25, "${district} is not a repeat group"),
    (
        "indexed-repeat(${offers}, ${offers}, 1)",
        26,
        "${offers} is not inside the repeat group ${offers}",
    ),
    (
        "indexed-repeat(${when}, ${visits}, 1, ${members}, 2)",
        38,
        "${when} is not inside the repeat group ${members}",
    ),
    ("1 + indexed-repeat(${age}, ${nobody}, 1)", 27, "${nobody} is not a repeat group"),
]


@pytest.mark.parametrize(
    ("source", "position", "message"), LAYOUT_ERRORS, ids=[e[0] for e in LAYOUT_ERRORS]
)
def test_the_layout_check_refuses_indexed_repeat_over_a_group_not_around_the_question(
    source: str, position: int, message: str
) -> None:
    expr = parse(source)
    with pytest.raises(ExpressionError) as raised:
        check_layout(expr, LAYOUT)
    assert (raised.value.message, raised.value.position) == (message, position)


@pytest.mark.parametrize(
    "source",
    [
        "indexed-repeat(${title}, ${offers}, 1)",
        "indexed-repeat(${when}, ${offers}, 1, ${visits}, 2)",
        "indexed-repeat(${when}, ${visits}, 2)",
        "count(${title}) + sum(${cost})",
    ],
)
def test_the_layout_check_accepts_what_the_layout_allows(source: str) -> None:
    check_layout(parse(source), LAYOUT)


ERRORS: list[tuple[str, int, str]] = [
    ("count()", 0, "count() takes 1 argument, got 0"),
    ("count(1)", 0, "count() needs a question as its argument, such as count(${field})"),
    ("count('offers')", 0, "count() needs a question"),
    ("count(${a} + 1)", 0, "count() needs a question"),
    ("count-non-empty(concat(${a}))", 0, "count-non-empty() needs a question"),
    (
        "position()",
        0,
        "position() is supported as position(..): the number of the repeat instance the question is in",
    ),
    ("position(.)", 0, "position() is supported as position(..)"),
    ("position(${a})", 0, "position() is supported as position(..)"),
    ("position(.., ..)", 0, "position() takes 0 or 1 arguments, got 2"),
    ("position(..) + ..", 15, "'..' (the parent) is not supported, except in position(..)"),
    ("concat(..)", 7, "'..' (the parent) is not supported, except in position(..)"),
    ("position(.. + 1)", 9, "'..' (the parent) is not supported, except in position(..)"),
    (
        "../${a}",
        2,
        "unexpected character '/': paths are not supported; refer to a question as ${name}",
    ),
    ("/data/a", 0, "paths are not supported"),
    ("indexed-repeat(${a}, ${r})", 0, "indexed-repeat() takes at least 3 arguments, got 2"),
    (
        "indexed-repeat(${a}, ${r}, 1, ${s})",
        0,
        "indexed-repeat() takes a question, then a repeat group and an instance number for up to three repeats: 3, 5 or 7 arguments, got 4",
    ),
    ("indexed-repeat(${a}, ${r}, 1, ${s}, 1, ${t}, 1, ${u}, 1)", 0, "3, 5 or 7 arguments, got 9"),
    (
        "indexed-repeat('a', ${r}, 1)",
        15,
        "indexed-repeat() names questions and repeat groups as ${name} here",
    ),
    (
        "indexed-repeat(${a}, 'r', 1)",
        21,
        "indexed-repeat() names questions and repeat groups as ${name} here",
    ),
    (
        "indexed-repeat(${a}, ${r}, 1, 2, 1)",
        30,
        "indexed-repeat() names questions and repeat groups",
    ),
    ("last()", 0, "last() is not supported in Teilhabe: count the instances with count(${repeat})"),
]


@pytest.mark.parametrize(("source", "position", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_repeat_functions_refused_when_parsing(source: str, position: int, message: str) -> None:
    error = refused(source)
    assert message in error.message
    assert error.position == position


# --- properties ----------------------------------------------------------------------------------

ROWS = Layout(repeats={"rows": None}, inside={"n": "rows", "label": "rows"})
instances = st.lists(
    st.fixed_dictionaries({"n": st.integers(-50, 50), "label": st.text("abc", max_size=3)}),
    max_size=6,
)


@settings(max_examples=100)
@given(instances, st.integers(-60, 60))
def test_repeat_functions_agree_with_python_over_the_instances(
    rows: list[dict[str, Any]], bound: int
) -> None:
    answers = {"rows": rows}
    numbers = [row["n"] for row in rows]

    def ask(source: str, **at: int) -> Any:
        return value(source, answers, layout=ROWS, at=at)

    assert ask("count(${rows})") == ask("count(${n})") == len(rows)
    assert ask("sum(${n})") == sum(numbers)
    assert ask("count-non-empty(${label})") == sum(1 for row in rows if row["label"])
    assert ask("join(',', ${label})") == ",".join(row["label"] for row in rows)
    assert ask(f"${{n}} > ({bound})") is any(n > bound for n in numbers)
    for index, row in enumerate(rows, start=1):
        assert ask("${n}", rows=index) == row["n"]
        assert ask("position(..)", rows=index) == index
        assert ask(f"indexed-repeat(${{label}}, ${{rows}}, {index})") == row["label"]
        assert ask("indexed-repeat(${n}, ${rows}, position(..))", rows=index) == row["n"]
