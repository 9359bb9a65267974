"""The function library: every function an expression may call, with how many arguments it
takes. Parsing refuses any other name, so adding a function here is all it takes to offer it
(see "Functions" in `engine.expressions`). The library will grow towards ODK's; when it does,
this module can become a package with one module per family (text, numbers, dates, choices)
that each add to FUNCTIONS."""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Protocol

from teilhabe.engine.xpath.tree import (
    MAX_LENGTH,
    MAX_PATTERN_LENGTH,
    MAX_REGEX_INPUT,
    Call,
    ExpressionError,
    Node,
)
from teilhabe.engine.xpath.values import (
    NAN,
    Value,
    bounded,
    is_empty,
    to_boolean,
    to_number,
    to_string,
)


class Evaluation(Protocol):
    """What a function sees of the evaluator: lazy functions (if, coalesce) evaluate only the
    arguments they need."""

    today: date

    def evaluate(self, node: Node) -> Value: ...

    def arguments(self, call: Call) -> list[Value]: ...


type Implementation = Callable[[Evaluation, Call], Value]


@dataclass(frozen=True)
class Function:
    minimum: int
    maximum: int | None  # None: any number
    implementation: Implementation

    def check_arity(self, name: str, count: int, position: int) -> None:
        if self.minimum <= count and (self.maximum is None or count <= self.maximum):
            return
        if self.maximum is None:
            expected = f"at least {self.minimum}"
        elif self.minimum == self.maximum:
            expected = str(self.minimum)
        else:
            expected = f"{self.minimum} or {self.maximum}"
        plural = "" if expected.endswith(" 1") or expected == "1" else "s"
        raise ExpressionError(f"{name}() takes {expected} argument{plural}, got {count}", position)


def _eager(minimum: int, maximum: int | None, function: Callable[..., Value]) -> Function:
    """A function of its arguments' values, all evaluated first."""
    return Function(minimum, maximum, lambda ev, call: function(*ev.arguments(call)))


def _if(ev: Evaluation, call: Call) -> Value:
    condition, then, otherwise = call.arguments
    return ev.evaluate(then if to_boolean(ev.evaluate(condition)) else otherwise)


def _coalesce(ev: Evaluation, call: Call) -> Value:
    first = ev.evaluate(call.arguments[0])
    return ev.evaluate(call.arguments[1]) if is_empty(first) else first


def _regex(ev: Evaluation, call: Call) -> Value:
    text, pattern = (to_string(value) for value in ev.arguments(call))
    if len(text) > MAX_REGEX_INPUT:
        raise ExpressionError(
            f"regex() is limited to texts of {MAX_REGEX_INPUT} characters", call.position
        )
    return compile_pattern(pattern, call.position).fullmatch(text) is not None


def compile_pattern(pattern: str, position: int) -> re.Pattern[str]:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(
            f"regex() is limited to patterns of {MAX_PATTERN_LENGTH} characters", position
        )
    try:
        return _compiled(pattern)
    except re.error as error:
        raise ExpressionError(f"invalid regular expression: {error.msg}", position) from None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _choices(value: Value) -> tuple[str, ...]:
    """The choice names of a multiple-choice answer, a list or ODK's "a b c"."""
    return value if isinstance(value, tuple) else tuple(to_string(value).split())


def _round(value: Value, digits: Value = 0) -> int | float:
    number, places = to_number(value), to_number(digits)
    if math.isnan(places) or math.isinf(places):
        return NAN
    places = max(-MAX_LENGTH, min(MAX_LENGTH, int(places)))
    if isinstance(number, float) and not math.isfinite(number):
        return number
    if isinstance(number, int) and places >= 0:
        return number
    exact = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    context = Context(prec=3 * MAX_LENGTH, rounding=ROUND_HALF_UP)  # no digit lost in quantize
    rounded = exact.quantize(Decimal(1).scaleb(-places), context=context)
    return bounded(int(rounded)) if places <= 0 else float(rounded)


def _int(value: Value) -> int | float:
    number = to_number(value)
    return number if isinstance(number, int) or not math.isfinite(number) else int(number)


def _integral(function: Callable[[float], int]) -> Callable[[Value], int | float]:
    def apply(value: Value) -> int | float:
        number = to_number(value)
        if isinstance(number, int) or not math.isfinite(number):
            return number
        return function(number)

    return apply


def _abs(value: Value) -> int | float:
    number = to_number(value)
    return bounded(abs(number)) if isinstance(number, int) else abs(number)


FUNCTIONS: dict[str, Function] = {
    "selected": _eager(2, 2, lambda choices, name: to_string(name) in _choices(choices)),
    "count-selected": _eager(1, 1, lambda choices: len(_choices(choices))),
    "string-length": _eager(1, 1, lambda text: len(to_string(text))),
    "string": _eager(1, 1, to_string),
    "number": _eager(1, 1, to_number),
    "boolean": _eager(1, 1, to_boolean),
    "int": _eager(1, 1, _int),
    "round": _eager(1, 2, _round),
    "floor": _eager(1, 1, _integral(math.floor)),
    "ceiling": _eager(1, 1, _integral(math.ceil)),
    "abs": _eager(1, 1, _abs),
    "not": _eager(1, 1, lambda value: not to_boolean(value)),
    "true": _eager(0, 0, lambda: True),
    "false": _eager(0, 0, lambda: False),
    "if": Function(3, 3, _if),
    "coalesce": Function(2, 2, _coalesce),
    "concat": _eager(1, None, lambda *values: "".join(to_string(value) for value in values)),
    "contains": _eager(2, 2, lambda text, part: to_string(part) in to_string(text)),
    "starts-with": _eager(2, 2, lambda text, part: to_string(text).startswith(to_string(part))),
    "ends-with": _eager(2, 2, lambda text, part: to_string(text).endswith(to_string(part))),
    "regex": Function(2, 2, _regex),
    "today": Function(0, 0, lambda ev, call: ev.today),
}
