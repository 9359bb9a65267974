"""Selection and logic functions of the ODK XForms library: selected(), selected-at(),
count-selected(), jr:choice-name(), checklist(), weighted-checklist(), boolean-from-string(),
boolean(), not(), true(), false(), if(), coalesce(), once(); and choice filters."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.engine.expressions import Layout, columns, evaluate, is_true, parse, references
from teilhabe.engine.tests.xpath_support import NAN, Case, assert_same, ids, refused, value

LABELS = Layout(
    choice_labels={
        "color": {"r": "Rot", "g": "Grün", "b": "Blau"},
        "langs": {"de": "Deutsch", "ar": "Arabisch"},
    }
)
ENGLISH = Layout(choice_labels={"color": {"r": "Red"}}, language="en")
SCORES = Layout(repeats={"risks": None}, inside={"present": "risks", "weight": "risks"})


def risks(*pairs: tuple[Any, Any]) -> dict[str, Any]:
    return {"risks": [{"present": present, "weight": weight} for present, weight in pairs]}


CASES: list[Case] = [
    # selected()
    ("selected('a b c', 'b')", {}, True),
    ("selected('a b c', 'd')", {}, False),
    ("selected('a b c', ' b ')", {}, True),  # the name is trimmed, as JavaRosa does
    ("selected('a b c', '')", {}, False),
    ("selected('', 'a')", {}, False),
    ("selected('ab', 'a')", {}, False),
    ("selected(${q}, 'yes')", {"q": "yes"}, True),  # a single choice works as well
    ("selected(${q}, 2)", {"q": ["1", "2"]}, True),
    ("selected(${q}, 'x')", {"q": {"x", "y"}}, True),
    ("selected(${q}, 'x')", {}, False),
    # selected-at(): 0-based
    ("selected-at('a b c', 0)", {}, "a"),
    ("selected-at('a b c', 2)", {}, "c"),
    ("selected-at('a b c', 3)", {}, ""),
    ("selected-at('a b c', -1)", {}, ""),
    ("selected-at('a b c', 1.7)", {}, "b"),
    ("selected-at('a b c', 'x')", {}, ""),
    ("selected-at('a  b', 1)", {}, "b"),
    ("selected-at(${q}, 1)", {"q": ["de", "ar"]}, "ar"),
    ("selected-at(${q}, 0)", {}, ""),
    # count-selected()
    ("count-selected('a b c')", {}, 3),
    ("count-selected('')", {}, 0),
    ("count-selected('  a  ')", {}, 1),
    ("count-selected(${q})", {"q": ["de", "ar", "uk"]}, 3),
    ("count-selected(${q})", {}, 0),
    # jr:choice-name(): the label in the respondent's language
    ("jr:choice-name('r', '${color}')", {}, "Rot"),
    ("jr:choice-name(${color}, '${color}')", {"color": "g"}, "Grün"),
    ('jr:choice-name(${color}, "${color}")', {"color": "b"}, "Blau"),
    ("jr:choice-name(${color}, ' ${color} ')", {"color": "b"}, "Blau"),
    ("jr:choice-name('x', '${color}')", {}, ""),
    ("jr:choice-name(${color}, '${color}')", {}, ""),
    ("jr:choice-name('de', '${langs}')", {}, "Deutsch"),
    ("jr:choice-name(selected-at(${langs}, 1), '${langs}')", {"langs": ["de", "ar"]}, "Arabisch"),
    ("jr:choice-name('de', '${unknown}')", {}, ""),
    ("jr:choice-name(${langs}, '${langs}')", {"langs": ["de", "ar"]}, ""),  # one choice only
    # checklist(): how many answers are true, -1 for no limit
    ("checklist(2, 3, 1, 1, 0)", {}, True),
    ("checklist(3, 3, 1, 1, 0)", {}, False),
    ("checklist(-1, 1, 1, 1)", {}, False),
    ("checklist(-1, -1)", {}, True),
    ("checklist(1, -1, 0, 'x')", {}, True),
    ("checklist(0, 0, false(), '', 0)", {}, True),
    ("checklist(1, 1, ${a}, ${b})", {"a": "yes"}, True),
    ("checklist('', '', 1)", {}, False),  # NaN limits count as 0
    ("checklist(2, 2, ${present})", risks((1, 0), (1, 0), (0, 0)), True),  # a node-set
    # weighted-checklist(): the weights of the true answers add up
    ("weighted-checklist(3, 5, 1, 2, 1, 2)", {}, True),
    ("weighted-checklist(3, 3, 1, 2, 1, 2)", {}, False),
    ("weighted-checklist(0, 0)", {}, True),
    ("weighted-checklist(-1, 1, 0, 5, 1, -1)", {}, True),  # -1 is a limit here, not "none"
    ("weighted-checklist(1, 2, 1, 'x')", {}, False),  # a NaN weight spoils the total
    ("weighted-checklist(1, 2, 0, 'x', 1, 1.5)", {}, True),
    ("weighted-checklist(4, 4, ${present}, ${weight})", risks((1, 3), (0, 9), (1, 1)), True),
    ("weighted-checklist(0, 9, ${present}, ${weight})", risks(), True),
    # boolean-from-string(): 'true' and '1' only
    ("boolean-from-string('true')", {}, True),
    ("boolean-from-string('TRUE')", {}, True),
    ("boolean-from-string('1')", {}, True),
    ("boolean-from-string(1)", {}, True),
    ("boolean-from-string('false')", {}, False),
    ("boolean-from-string('0')", {}, False),
    ("boolean-from-string('yes')", {}, False),
    ("boolean-from-string(' true')", {}, False),
    ("boolean-from-string('')", {}, False),
    ("boolean-from-string(2)", {}, False),
    ("boolean-from-string(1 = 1)", {}, True),
    ("boolean-from-string(${b})", {"b": "true"}, True),
    ("boolean-from-string(${b})", {"b": "false"}, False),
    ("boolean(${b})", {"b": "false"}, True),  # why boolean-from-string exists
    # boolean(), not(), true(), false()
    ("boolean(1)", {}, True),
    ("boolean(-0.5)", {}, True),
    ("boolean(0 div 0)", {}, False),
    ("boolean(1 div 0)", {}, True),
    ("boolean('')", {}, False),
    ("boolean(' ')", {}, True),
    ("boolean(${q})", {"q": []}, False),
    ("not(true())", {}, False),
    ("not(0)", {}, True),
    ("not('0')", {}, False),
    ("not(${q})", {}, True),
    ("true() and not(false())", {}, True),
    ("true() = 'x'", {}, True),
    ("false() = ''", {}, True),
    # if()
    ("if(true(), 'a', 'b')", {}, "a"),
    ("if(false(), 'a', 'b')", {}, "b"),
    ("if('', 1, 2)", {}, 2),
    ("if('false', 1, 2)", {}, 1),
    ("if(${x} > 17, 'adult', 'minor')", {"x": 18}, "adult"),
    ("if(${x} > 17, 'adult', 'minor')", {}, "minor"),
    ("if(1, 2.5, 'x') + 1", {}, 3.5),
    ("if(1, ${d}, 0)", {"d": ["a"]}, ("a",)),
    ("if(0, 1 div 0, 5)", {}, 5),
    ("if(1, 'ok', regex('x', ${p}))", {"p": "["}, "ok"),  # the branch not taken is not evaluated
    # coalesce(): the first that is not empty (nor NaN)
    ("coalesce('', 'b')", {}, "b"),
    ("coalesce('a', 'b')", {}, "a"),
    ("coalesce(${x}, ${y})", {"y": 2}, 2),
    ("coalesce(${x}, ${y})", {}, None),
    ("coalesce(0, 5)", {}, 0),
    ("coalesce(0 div 0, 5)", {}, 5),
    ("coalesce(${x} + 1, 'none')", {}, "none"),
    ("coalesce(false(), 'x')", {}, False),
    ("coalesce('a', regex('x', ${p}))", {"p": "["}, "a"),
    # once(): the question's own value once it has one (current is None here)
    ("once(5)", {}, 5),
    ("once(concat('a', 'b'))", {}, "ab"),
]


@pytest.mark.parametrize(("source", "answers", "expected"), CASES, ids=ids(CASES))
def test_selection_and_logic_functions(source: str, answers: dict[str, Any], expected: Any) -> None:
    layout = SCORES if "risks" in answers else LABELS
    assert_same(value(source, answers, layout=layout), expected)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (None, "new"),
        ("", "new"),
        ("kept", "kept"),
        (0, 0),
        (NAN, NAN),
        ([], "new"),
        (["a"], ("a",)),
    ],
)
def test_once_keeps_the_value_the_question_already_has(current: Any, expected: Any) -> None:
    assert_same(value("once('new')", current=current), expected)


def test_once_evaluates_its_argument_only_while_the_question_is_empty() -> None:
    kept = value("once(uuid())", current="first")
    assert kept == "first"
    assert len(value("once(uuid())", current="")) == 36


def test_choice_labels_come_in_the_layouts_language() -> None:
    assert value("jr:choice-name('r', '${color}')", layout=ENGLISH) == "Red"
    assert value("jr:choice-name('r', '${color}')") == ""  # no labels given


def test_the_question_named_in_choice_name_is_a_reference() -> None:
    expr = parse("jr:choice-name(${a}, '${b}') != ''")
    assert references(expr) == {"a", "b"}


ERRORS: list[tuple[str, int, str]] = [
    ("selected('a')", 0, "selected() takes 2 arguments, got 1"),
    ("selected-at('a')", 0, "selected-at() takes 2 arguments, got 1"),
    ("count-selected()", 0, "count-selected() takes 1 argument, got 0"),
    ("jr:choice-name(${a})", 0, "jr:choice-name() takes 2 arguments, got 1"),
    (
        "jr:choice-name(${a}, ${a})",
        21,
        "jr:choice-name() names the question as text in its second argument, such as jr:choice-name(${q}, '${q}')",
    ),
    ("jr:choice-name(${a}, 'a')", 21, "jr:choice-name() names the question as text"),
    ("jr:choice-name(${a}, '${a')", 21, "jr:choice-name() names the question as text"),
    ("checklist(1)", 0, "checklist() takes at least 2 arguments, got 1"),
    ("weighted-checklist(1)", 0, "weighted-checklist() takes at least 2 arguments, got 1"),
    (
        "weighted-checklist(1, 2, 3)",
        0,
        "weighted-checklist() takes a minimum, a maximum and pairs of answer and weight: an even number of arguments, got 3",
    ),
    ("boolean-from-string()", 0, "boolean-from-string() takes 1 argument, got 0"),
    ("once()", 0, "once() takes 1 argument, got 0"),
    ("once(1, 2)", 0, "once() takes 1 argument, got 2"),
    ("coalesce(1, 2, 3)", 0, "coalesce() takes 2 arguments, got 3"),
    ("true(1)", 0, "true() takes 0 arguments, got 1"),
    ("if(1, 2, 3, 4)", 0, "if() takes 3 arguments, got 4"),
    ("jr:itext('x')", 0, "jr:itext() is not supported in Teilhabe"),
    ("randomize(${a})", 0, "randomize() is not supported in Teilhabe: choices keep the order"),
]


@pytest.mark.parametrize(("source", "position", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_selection_functions_refused_when_parsing(source: str, position: int, message: str) -> None:
    error = refused(source)
    assert message in error.message
    assert error.position == position


# --- choice filters ------------------------------------------------------------------------------

DISTRICTS = [
    {"name": "row", "label": "Rotenburg (Wümme)", "state": "ni", "seats": 3},
    {"name": "ohz", "label": "Osterholz", "state": "ni", "seats": 1},
    {"name": "hb", "label": "Bremen", "state": "hb", "seats": 0},
]

FILTERS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("state = ${state}", {"state": "ni"}, ["row", "ohz"]),
    ("state=${state}", {"state": "hb"}, ["hb"]),
    ("state = ${state}", {}, []),
    ("state != 'ni'", {}, ["hb"]),
    ("seats > 0 and state = 'ni'", {}, ["row", "ohz"]),
    ("selected(${picked}, name)", {"picked": ["hb", "row"]}, ["row", "hb"]),
    ("not(selected(${picked}, name))", {"picked": "hb"}, ["row", "ohz"]),
    ("starts-with(label, 'O') or name = 'hb'", {}, ["ohz", "hb"]),
    ("missing = ''", {}, ["row", "ohz", "hb"]),  # a column the choice lacks is empty
    ("count-selected(${picked}) = 0 or selected(${picked}, name)", {}, ["row", "ohz", "hb"]),
]


@pytest.mark.parametrize(("source", "answers", "kept"), FILTERS, ids=[f[0] for f in FILTERS])
def test_a_choice_filter_reads_bare_names_as_columns_of_the_choice(
    source: str, answers: dict[str, Any], kept: list[str]
) -> None:
    expr = parse(source, choice_filter=True)
    assert [c["name"] for c in DISTRICTS if is_true(expr, answers, choice=c)] == kept


def test_columns_and_references_of_a_choice_filter() -> None:
    expr = parse(
        "state = ${state} and (seats > ${min} or selected(${q}, name))", choice_filter=True
    )
    assert columns(expr) == {"state", "seats", "name"}
    assert references(expr) == {"state", "min", "q"}
    assert columns(parse("${a} = 1")) == frozenset()


def test_bare_names_are_still_refused_outside_choice_filters() -> None:
    assert "unexpected name 'state'" in refused("state = 'ni'").message
    assert "expected a value before 'and'" in refused("and = 1", choice_filter=True).message
    assert (
        evaluate(parse("count-selected", choice_filter=True), {}, choice={"count-selected": "x"})
        == "x"
    )


# --- properties ----------------------------------------------------------------------------------

names = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True), max_size=6, unique=True)


@settings(max_examples=100)
@given(names, st.integers(-2, 8))
def test_selection_functions_agree_with_python_lists(chosen: list[str], index: int) -> None:
    answers = {"q": " ".join(chosen)}
    assert value("count-selected(${q})", answers) == len(chosen)
    expected = chosen[index] if 0 <= index < len(chosen) else ""
    assert value("selected-at(${q}, ${i})", {**answers, "i": index}) == expected
    for name in [*chosen, "zz9"]:
        assert value("selected(${q}, ${n})", {**answers, "n": name}) is (name in chosen)


@settings(max_examples=100)
@given(st.lists(st.booleans(), max_size=8), st.integers(-1, 8), st.integers(-1, 8))
def test_checklist_counts_true_answers(flags: list[bool], least: int, most: int) -> None:
    arguments = ", ".join(["${lo}", "${hi}", *("1" if flag else "0" for flag in flags)])
    count = sum(flags)
    expected = (least < 0 or count >= least) and (most < 0 or count <= most)
    assert value(f"checklist({arguments})", {"lo": least, "hi": most}) is expected
