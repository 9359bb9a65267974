"""The language around the functions, as XPath 1.0 and the ODK specification define it:
division by zero, comparing texts with numbers, conversions between booleans, numbers and
texts, empty answers, the laziness of `and` and `or`, precedence, unary minus, `mod`, `div`.

test_expressions.py holds the engine's first table; this one is drawn from the
specifications' own rules, one group per rule."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.engine.tests.xpath_support import INF, NAN, Case, assert_same, ids, value

CASES: list[Case] = [
    # div: IEEE 754 doubles
    ("1 div 0", {}, INF),
    ("-1 div 0", {}, -INF),
    ("1 div -0.0", {}, -INF),
    ("0 div 0", {}, NAN),
    ("0.0 div 0", {}, NAN),
    ("(0 div 0) div 0", {}, NAN),
    ("(1 div 0) div 0", {}, INF),
    ("(1 div 0) div (1 div 0)", {}, NAN),
    ("1 div (1 div 0)", {}, 0.0),
    ("(1 div 0) - (1 div 0)", {}, NAN),
    ("(1 div 0) * 0", {}, NAN),
    ("(1 div 0) + 1 = 1 div 0", {}, True),
    ("-(1 div 0) < -999999999999", {}, True),
    ("10 div 4", {}, 2.5),
    ("10 div 5", {}, 2.0),
    ("${a} div ${b}", {"a": 3, "b": 0}, INF),
    ("${a} div ${b} > 1", {"a": 3, "b": 0}, True),  # as in ODK
    ("${a} div ${b}", {"a": 3}, NAN),  # unanswered: NaN, not Infinity
    # mod: the remainder keeps the dividend's sign (truncating division)
    ("5 mod 2", {}, 1),
    ("5 mod -2", {}, 1),
    ("-5 mod 2", {}, -1),
    ("-5 mod -2", {}, -1),
    ("5.5 mod 2", {}, 1.5),
    ("-5.5 mod 2", {}, -1.5),
    ("5 mod 0", {}, NAN),
    ("5 mod 0.0", {}, NAN),
    ("5 mod (1 div 0)", {}, 5.0),
    ("(1 div 0) mod 5", {}, NAN),
    ("0 mod 5", {}, 0),
    ("${even} mod 2 = 0", {"even": 14}, True),
    ("'7' mod '4'", {}, 3),
    # precedence: or < and < = != < orderings < + - < * div mod < unary minus
    ("1 + 2 * 3", {}, 7),
    ("1 + 6 div 3", {}, 3.0),
    ("7 - 5 mod 3", {}, 5),
    ("2 * 3 mod 4", {}, 2),  # left to right within a level
    ("12 div 2 div 3", {}, 2.0),
    ("2 - 3 - 4", {}, -5),
    ("1 < 2 = 2 > 1", {}, True),  # (1 < 2) = (2 > 1)
    ("1 = 1 = 1", {}, True),  # (1 = 1) = 1: true() = 1
    ("2 = 2 = 2", {}, True),  # (2 = 2) = 2: true() = boolean(2)
    ("2 = 2 = 0", {}, False),
    ("3 > 2 > 1", {}, False),  # (3 > 2) > 1: 1 > 1
    ("1 or 0 and 0", {}, True),
    ("(1 or 0) and 0", {}, False),
    ("0 = 0 or 1 = 0 and 0", {}, True),
    ("1 + 1 = 2 and 2 * 2 = 4", {}, True),
    ("-2 * -3", {}, 6),
    ("-2 mod 3", {}, -2),
    ("--2", {}, 2),
    ("-(-2)", {}, 2),
    ("- 2 + 3", {}, 1),
    ("-${a}", {"a": "4"}, -4),
    ("-${a}", {}, NAN),
    ("-'abc'", {}, NAN),
    ("-true()", {}, -1),
    ("-(1 div 0)", {}, -INF),
    # laziness: the right side of and / or is evaluated only when needed
    ("false() and regex('x', ${p})", {"p": "["}, False),
    ("true() or regex('x', ${p})", {"p": "["}, True),
    ("0 and 1 div 0", {}, False),
    ("1 or ''", {}, True),
    ("'' or 0", {}, False),
    ("'x' and 'y'", {}, True),
    # comparing a number with a text: the text becomes a number
    ("5 = '5'", {}, True),
    ("5 = ' 5 '", {}, True),
    ("5 = '5.000'", {}, True),
    ("5 = '+5'", {}, False),
    ("5 = '5e0'", {}, False),
    ("5 != 'five'", {}, True),
    ("0 = ''", {}, False),
    ("0 != ''", {}, True),
    ("'10' > 9", {}, True),
    ("'10' > '9'", {}, True),  # orderings always compare numbers
    ("'abc' < 1", {}, False),
    ("'abc' >= 1", {}, False),
    ("'abc' = 'abc'", {}, True),
    ("'abc' < 'abd'", {}, False),  # no number: NaN
    ("'abc' <= 'abc'", {}, False),
    ("'NaN' = 0 div 0", {}, False),
    ("'Infinity' = 1 div 0", {}, False),
    ("1 div 0 = '1'", {}, False),
    # comparing with a boolean: the other side becomes a boolean
    ("true() = 'false'", {}, True),
    ("false() = ''", {}, True),
    ("true() = 2", {}, True),
    ("false() = 0 div 0", {}, True),
    ("true() != 0", {}, True),
    ("true() > 0", {}, True),  # orderings: true is 1
    ("false() < 0.5", {}, True),
    ("true() >= 'x'", {}, False),  # 'x' is NaN
    ("${yes} = true()", {"yes": "no"}, True),  # any non-empty answer is true
    ("${none} = false()", {}, True),
    # empty answers
    ("${e} = ''", {"e": None}, True),
    ("${e} = ''", {"e": ""}, True),
    ("${e} = ''", {"e": []}, True),
    ("${e} != ''", {"e": []}, False),
    ("${e} = ${f}", {}, True),
    ("${e} = 0", {}, False),
    ("${e} < 1", {}, False),
    ("${e} >= 0", {}, False),
    ("${e} + 0", {}, NAN),
    ("${e} * 0", {"e": ""}, NAN),
    ("string(${e})", {}, ""),
    ("number(${e})", {}, NAN),
    ("boolean(${e})", {}, False),
    ("string-length(${e}) = 0", {}, True),
    ("${e} = 'x' or ${e} != 'x'", {}, True),
    # conversions: number -> string
    ("string(0.1 + 0.2)", {}, "0.30000000000000004"),
    ("string(1 div 3)", {}, "0.3333333333333333"),
    ("string(100000000000000000000)", {}, "100000000000000000000"),
    ("string(1.0)", {}, "1"),
    ("string(-0.0)", {}, "0"),
    ("string(0.000001)", {}, "0.000001"),
    ("string(123456789.5)", {}, "123456789.5"),
    ("string(1 div 0)", {}, "Infinity"),
    ("concat(0 div 0, '')", {}, "NaN"),
    ("string(2 * 0.5)", {}, "1"),
    # boolean -> number and string
    ("number(true())", {}, 1),
    ("number(false())", {}, 0),
    ("true() + true()", {}, 2),
    ("string(true())", {}, "true"),
    ("concat(false(), '')", {}, "false"),
    # string -> number
    ("number('12')", {}, 12),
    ("number('  12  ')", {}, 12),
    ("number('12.')", {}, 12.0),
    ("number('.5')", {}, 0.5),
    ("number('-0')", {}, 0),
    ("number('1 2')", {}, NAN),
    ("number('')", {}, NAN),
    ("number('- 1')", {}, NAN),
    ("number('٣')", {}, NAN),  # Arabic-Indic digits are no XPath digits
    ("'3' + '4'", {}, 7),
    ("'3' * 'x'", {}, NAN),
    # string -> boolean, number -> boolean
    ("boolean('0')", {}, True),
    ("boolean(0)", {}, False),
    ("boolean(-0.0)", {}, False),
    ("boolean('false')", {}, True),
    ("boolean(0.0001)", {}, True),
    # a multiple choice compares and converts as ODK's text "a b"
    ("${m} = 'a b'", {"m": ["a", "b"]}, True),
    ("${m} = 'a'", {"m": ["a", "b"]}, False),
    ("${m} = 3", {"m": ["3"]}, True),
    ("${m} + 1", {"m": ["3"]}, 4),
    ("${m} + 1", {"m": ["3", "4"]}, NAN),
    ("boolean(${m})", {"m": ["0"]}, True),
]


@pytest.mark.parametrize(("source", "answers", "expected"), CASES, ids=ids(CASES))
def test_xpath_semantics(source: str, answers: dict[str, Any], expected: Any) -> None:
    assert_same(value(source, answers), expected)


# --- properties ----------------------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 4))


def literal(x: float) -> str:
    return f"({x!r})" if x >= 0 else f"(0 - {-x!r})"


@settings(max_examples=150)
@given(finite, finite)
def test_div_and_mod_follow_ieee_and_truncating_division(a: float, b: float) -> None:
    answers = {"a": a, "b": b}
    quotient = value("${a} div ${b}", answers)
    remainder = value("${a} mod ${b}", answers)
    if b == 0:
        assert math.isnan(remainder)
        infinity = math.copysign(INF, a) * math.copysign(1, b)  # -0.0 is a zero with a sign
        assert math.isnan(quotient) if a == 0 else quotient == infinity
    else:
        assert quotient == a / b
        assert remainder == math.fmod(a, b)
        assert remainder == 0 or math.copysign(1, remainder) == math.copysign(1, a)


@settings(max_examples=150)
@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_integer_mod_agrees_with_truncating_division(a: int, b: int) -> None:
    result = value("${a} mod ${b}", {"a": a, "b": b})
    if b == 0:
        assert math.isnan(result)
    else:
        assert type(result) is int and result == a - b * int(a / b)


@settings(max_examples=150)
@given(st.one_of(st.integers(-1000, 1000), finite, st.text(max_size=4), st.booleans(), st.none()))
def test_not_equal_is_the_negation_of_equal_for_single_values(x: Any) -> None:
    for other in ("0", "1", "''", "'a'", "true()", "0 div 0"):
        answers = {"x": x}
        assert value(f"${{x}} != {other}", answers) is not value(f"${{x}} = {other}", answers)


@settings(max_examples=100)
@given(st.one_of(st.integers(-1000, 1000), finite, st.text(max_size=4), st.none()))
def test_the_orderings_are_numeric_comparisons(x: Any) -> None:
    number = value("number(${x})", {"x": x})
    for bound in (-1, 0, 1.5):
        holds = value(f"${{x}} < {literal(bound)}", {"x": x})
        assert holds is (not math.isnan(number) and number < bound)
        assert value(f"${{x}} >= {literal(bound)}", {"x": x}) is (
            not math.isnan(number) and number >= bound
        )
