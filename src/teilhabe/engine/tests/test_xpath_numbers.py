"""Number functions of the ODK XForms library: number(), int(), round(), floor(), ceiling(),
abs(), pow(), exp(), exp10(), log(), log10(), sqrt(), the trigonometric functions, pi(),
random(), sum(), min(), max().

Results are XPath's doubles (IEEE 754): a domain error is NaN and an overflow infinite, never an
error; ints stay ints while exact."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teilhabe.engine.expressions import Layout
from teilhabe.engine.tests.xpath_support import INF, NAN, Case, assert_same, ids, refused, value

ROWS = Layout(repeats={"rows": None}, inside={"n": "rows"})


def rows(*numbers: Any) -> dict[str, Any]:
    return {"rows": [{"n": number} for number in numbers]}


CASES: list[Case] = [
    # number()
    ("number('42')", {}, 42),
    ("number(' 4.5 ')", {}, 4.5),
    ("number('-.5')", {}, -0.5),
    ("number('+5')", {}, NAN),
    ("number('1,5')", {}, NAN),  # XPath numbers have a point, never a comma
    ("number('0x10')", {}, NAN),
    ("number('Infinity')", {}, NAN),
    ("number(false())", {}, 0),
    ("number('1970-01-11')", {}, 10),  # ODK: a date text is its days
    ("number(${n})", {"n": Decimal("2.50")}, 2.5),
    ("number(${n})", {}, NAN),
    # int()
    ("int(2.9)", {}, 2),
    ("int(-2.9)", {}, -2),
    ("int('7.5')", {}, 7),
    ("int(0.2)", {}, 0),
    ("int(1 div 0)", {}, INF),
    ("int(0 div 0)", {}, NAN),
    ("int(${n})", {"n": ""}, NAN),
    ("int(1000.999)", {}, 1000),
    # round(): halves towards positive infinity, in decimal
    ("round(1)", {}, 1),
    ("round(1.1)", {}, 1),
    ("round(1.5)", {}, 2),
    ("round(-1)", {}, -1),
    ("round(-1.1)", {}, -1),
    ("round(-1.5)", {}, -1),
    ("round(-1.55)", {}, -2),
    ("round(2.44)", {}, 2),
    ("round(0.001)", {}, 0),
    ("round(-0.4)", {}, 0),
    ("round(23.7825, 2)", {}, 23.78),
    ("round(23.7825, 1)", {}, 23.8),
    ("round(2.15, 1)", {}, 2.2),
    ("round(2.149, 1)", {}, 2.1),
    ("round(-1.475, 2)", {}, -1.47),
    ("round(-1.476, 2)", {}, -1.48),
    ("round(1.005, 2)", {}, 1.01),  # as written, not as the double 1.00499999...
    ("round(23.7825, -1)", {}, 20),
    ("round(1250, -2)", {}, 1300),
    ("round(-1250, -2)", {}, -1200),
    ("round(-1260, -2)", {}, -1300),
    ("round(12, -5)", {}, 0),
    ("round('2.5')", {}, 3),
    ("round(2.5, '')", {}, NAN),
    ("round(1.23456, 2.9)", {}, 1.23),  # places truncated
    ("round(-1 div 0)", {}, -INF),
    ("round(${n}, 2)", {"n": 1.0 / 3}, 0.33),
    # floor(), ceiling(), abs()
    ("floor(2.5)", {}, 2),
    ("floor(-2.5)", {}, -3),
    ("floor(-0.5)", {}, -1),
    ("floor('x')", {}, NAN),
    ("floor(1 div 0)", {}, INF),
    ("ceiling(2.1)", {}, 3),
    ("ceiling(-2.9)", {}, -2),
    ("ceiling(4)", {}, 4),
    ("ceiling(0 div 0)", {}, NAN),
    ("abs(-2)", {}, 2),
    ("abs(2.5)", {}, 2.5),
    ("abs('-7')", {}, 7),
    ("abs(-1 div 0)", {}, INF),
    ("abs('')", {}, NAN),
    # pow()
    ("pow(2, 10)", {}, 1024),
    ("pow(2, 0)", {}, 1),
    ("pow(0, 0)", {}, 1),
    ("pow(-2, 3)", {}, -8),
    ("pow(2, -1)", {}, 0.5),
    ("pow(4, 0.5)", {}, 2.0),
    ("pow(2.5, 2)", {}, 6.25),
    ("pow(-8, 1 div 3)", {}, NAN),  # a negative number to a fraction
    ("pow(0, -1)", {}, INF),
    ("pow(10, 400)", {}, INF),
    ("pow(-10, 401)", {}, -INF),
    ("pow(10, -400)", {}, 0.0),
    ("pow(2, 1000)", {}, 2**1000),
    ("pow(1, 0 div 0)", {}, 1.0),
    ("pow(0 div 0, 0)", {}, 1.0),
    ("pow(0 div 0, 1)", {}, NAN),
    ("pow('3', '2')", {}, 9),
    ("pow(${n}, 2)", {}, NAN),
    ("pow(-1, 99999999999)", {}, -1),
    # exp(), exp10(), log(), log10(), sqrt()
    ("exp(0)", {}, 1.0),
    ("exp(1)", {}, math.e),
    ("exp(-1 div 0)", {}, 0.0),
    ("exp(1000)", {}, INF),
    ("exp('')", {}, NAN),
    ("exp10(2)", {}, 100.0),
    ("exp10(-1)", {}, 0.1),
    ("exp10(0.5)", {}, math.sqrt(10)),
    ("exp10(400)", {}, INF),
    ("log(1)", {}, 0.0),
    ("log(exp(2))", {}, 2.0),
    ("log(0)", {}, -INF),
    ("log(-1)", {}, NAN),
    ("log(1 div 0)", {}, INF),
    ("log10(1000)", {}, 3.0),
    ("log10(0.01)", {}, -2.0),
    ("log10(0)", {}, -INF),
    ("log10(-5)", {}, NAN),
    ("sqrt(16)", {}, 4.0),
    ("sqrt(2)", {}, math.sqrt(2)),
    ("sqrt(0)", {}, 0.0),
    ("sqrt(-1)", {}, NAN),
    ("sqrt(1 div 0)", {}, INF),
    ("sqrt('abc')", {}, NAN),
    # trigonometry, in radians
    ("sin(0)", {}, 0.0),
    ("sin(pi() div 2)", {}, 1.0),
    ("sin(1 div 0)", {}, NAN),
    ("cos(0)", {}, 1.0),
    ("cos(pi())", {}, -1.0),
    ("cos(-1 div 0)", {}, NAN),
    ("tan(0)", {}, 0.0),
    ("tan(pi() div 4)", {}, math.tan(math.pi / 4)),
    ("tan(1 div 0)", {}, NAN),
    ("asin(1)", {}, math.pi / 2),
    ("asin(2)", {}, NAN),
    ("acos(1)", {}, 0.0),
    ("acos(-1)", {}, math.pi),
    ("acos(-1.5)", {}, NAN),
    ("atan(1)", {}, math.pi / 4),
    ("atan(1 div 0)", {}, math.pi / 2),
    ("atan2(1, 1)", {}, math.pi / 4),
    ("atan2(0, -1)", {}, math.pi),
    ("atan2(-1, 0)", {}, -math.pi / 2),
    ("atan2(0, 0)", {}, 0.0),
    ("atan2('', 1)", {}, NAN),
    ("pi()", {}, math.pi),
    ("round(pi(), 4)", {}, 3.1416),
    # sum(): the numbers among the answers; ints stay exact
    ("sum(${n})", rows(1, 2, 3), 6),
    ("sum(${n})", rows(1, 2.5), 3.5),
    ("sum(${n})", rows(1, "", None, "x", 2), 3),  # what is not a number is left out
    ("sum(${n})", rows(), 0),
    ("sum(${n})", rows("1", " 2 "), 3),
    ("sum(${n})", rows(10**20, 1), 10**20 + 1),
    ("sum(${n})", rows(1e308, 1e308), INF),
    ("sum(${n})", rows(Decimal("0.1"), Decimal("0.2")), 0.1 + 0.2),
    ("sum(${x})", {"x": 5}, 5),  # one question outside a repeat: its own answer
    ("sum(${x})", {"x": ""}, 0),
    ("sum(.)", {}, 0),
    # min() and max(): numbers or node-sets, non-numbers left out
    ("max(1, 2, 3)", {}, 3),
    ("min(1, 2, 3)", {}, 1),
    ("max(3)", {}, 3),
    ("min(-1.5, 2)", {}, -1.5),
    ("max(1, '', 'x')", {}, 1),
    ("min('', 'x')", {}, NAN),
    ("max(${n})", rows(4, 9, 2), 9),
    ("min(${n})", rows(4, 9, 2), 2),
    ("min(${n})", rows(4, "", 2), 2),
    ("max(${n})", rows(), NAN),
    ("max(${n}, 100)", rows(4, 9), 100),
    ("min(${a}, ${b})", {"a": 3}, 3),
    ("max('2024-01-01', 0)", {}, 19723),  # a date text is its days
    ("max(1 div 0, 5)", {}, INF),
    ("min(-1 div 0, 5)", {}, -INF),
]


@pytest.mark.parametrize(("source", "answers", "expected"), CASES, ids=ids(CASES))
def test_number_functions(source: str, answers: dict[str, Any], expected: Any) -> None:
    layout = ROWS if "rows" in answers else None
    assert_same(value(source, answers, layout=layout), expected)


def test_random_is_between_0_and_1_and_new_each_time() -> None:
    drawn = [value("random()") for _ in range(50)]
    assert all(isinstance(x, float) and 0 <= x < 1 for x in drawn)
    assert len(set(drawn)) > 45


ERRORS: list[tuple[str, int, str]] = [
    ("pow(2)", 0, "pow() takes 2 arguments, got 1"),
    ("atan2(1)", 0, "atan2() takes 2 arguments, got 1"),
    ("pi(1)", 0, "pi() takes 0 arguments, got 1"),
    ("random(5)", 0, "random() takes 0 arguments, got 1"),
    ("sqrt()", 0, "sqrt() takes 1 argument, got 0"),
    ("log(1, 2)", 0, "log() takes 1 argument, got 2"),
    ("max()", 0, "max() takes at least 1 argument, got 0"),
    ("min()", 0, "min() takes at least 1 argument, got 0"),
    ("sum()", 0, "sum() takes 1 argument, got 0"),
    ("sum(${a}, ${b})", 0, "sum() takes 1 argument, got 2"),
    ("sum(1 + 2)", 0, "sum() needs a question as its argument, such as sum(${field})"),
    ("sum('3')", 0, "sum() needs a question"),
    ("1 + sum(${a} * 2)", 4, "sum() needs a question"),
    ("round()", 0, "round() takes 1 or 2 arguments, got 0"),
    ("number()", 0, "number() takes 1 argument, got 0"),
]


@pytest.mark.parametrize(("source", "position", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_number_functions_refused_when_parsing(source: str, position: int, message: str) -> None:
    error = refused(source)
    assert message in error.message
    assert error.position == position


# --- properties ----------------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(-1e12, 1e12, allow_nan=False).map(lambda x: round(x, 3)),
)


@settings(max_examples=100)
@given(st.lists(numbers, max_size=8), st.lists(st.sampled_from(["", None, "x"]), max_size=3))
def test_sum_min_max_agree_with_python(found: list[int | float], blanks: list[Any]) -> None:
    answers = rows(*found, *blanks)
    total = value("sum(${n})", answers, layout=ROWS)
    if all(isinstance(x, int) for x in found):
        assert total == sum(found) and type(total) is int
    else:
        expected = 0.0
        for x in found:
            expected += x
        assert total == expected
    if found:
        assert value("min(${n})", answers, layout=ROWS) == min(found)
        assert value("max(${n})", answers, layout=ROWS) == max(found)
        assert value("max(${n}) >= min(${n})", answers, layout=ROWS) is True
    else:
        assert math.isnan(value("min(${n})", answers, layout=ROWS))


@settings(max_examples=100)
@given(st.integers(-30, 30), st.integers(0, 40))
def test_pow_of_whole_numbers_is_exact(base: int, exponent: int) -> None:
    assert_same(value("pow(${b}, ${e})", {"b": base, "e": exponent}), base**exponent)


@settings(max_examples=150)
@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(-3, 6))
def test_round_lands_on_the_grid_within_half_a_step(x: float, places: int) -> None:
    result = value("round(${x}, ${p})", {"x": x, "p": places})
    step = Decimal(1).scaleb(-places)
    exact = Decimal(repr(x))
    slack = abs(exact) * Decimal("1e-15")  # the result is a double again
    assert abs(Decimal(repr(result)) - exact) <= step / 2 + slack
    assert (Decimal(repr(result)) / step) % 1 == 0


@settings(max_examples=100)
@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_floor_int_ceiling_are_ordered_and_whole(x: float) -> None:
    answers = {"x": x}
    low, whole, high = (value(f"{f}(${{x}})", answers) for f in ("floor", "int", "ceiling"))
    assert all(type(n) is int for n in (low, whole, high))
    assert low <= x <= high and high - low <= 1
    assert whole in (low, high) and abs(whole) <= abs(x)


@settings(max_examples=100)
@given(st.floats(1e-300, 1e300))
def test_logarithms_undo_exponentials(x: float) -> None:
    assume(x > 0)
    assert math.isclose(value("exp(log(${x}))", {"x": x}), x, rel_tol=1e-9)
    assert math.isclose(value("exp10(log10(${x}))", {"x": x}), x, rel_tol=1e-9)
    assert math.isclose(value("pow(sqrt(${x}), 2)", {"x": x}), x, rel_tol=1e-9)
