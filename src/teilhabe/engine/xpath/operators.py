"""Comparison and arithmetic (see "Comparing" and "Arithmetic" in `engine.expressions`)."""

import math
from collections.abc import Callable
from datetime import date

from teilhabe.engine.xpath.datetimes import day_count, parse_date, parse_date_time
from teilhabe.engine.xpath.tree import Op
from teilhabe.engine.xpath.values import (
    NAN,
    Nodes,
    Scalar,
    Value,
    as_float,
    bounded,
    is_empty,
    is_number,
    numeric,
    to_boolean,
    to_number,
    to_string,
)


def equal(left: Value, right: Value) -> bool:
    """`=`: with a node-set, true if some node compares equal (XPath 1.0)."""
    return _some(left, right, _equal)


def not_equal(left: Value, right: Value) -> bool:
    """`!=`: with a node-set, true if some node compares unequal, so not simply `not(=)`."""
    return _some(left, right, lambda a, b: not _equal(a, b))


def order(op: Op, left: Value, right: Value) -> bool:
    """`<`, `<=`, `>`, `>=` compare numbers: XPath converts both sides with number()."""
    return _some(left, right, lambda a, b: _ordered(op, to_number(a), to_number(b)))


def _some(left: Value, right: Value, test: Callable[[Scalar, Scalar], bool]) -> bool:
    # A boolean against a node-set compares with the node-set's own truth (non-empty).
    if isinstance(left, bool) and isinstance(right, Nodes):
        return test(left, to_boolean(right))
    if isinstance(right, bool) and isinstance(left, Nodes):
        return test(to_boolean(left), right)
    lefts = left.values if isinstance(left, Nodes) else (left,)
    rights = right.values if isinstance(right, Nodes) else (right,)
    return any(test(a, b) for a in lefts for b in rights)


def _equal(left: Scalar, right: Scalar) -> bool:
    left, right = _flat(left), _flat(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if is_number(left) or is_number(right):
        return to_number(left) == to_number(right)
    if (days := _as_days(left, right)) is not None:
        return days[0] == days[1]
    if is_empty(left) or is_empty(right):
        return is_empty(left) and is_empty(right)
    return to_string(left) == to_string(right)


def _flat(value: Scalar) -> Scalar:
    """A selection compares as ODK's text "a b": one selected "2" equals 2 and is below 3."""
    return " ".join(value) if isinstance(value, tuple) else value


def _ordered(op: Op, a: int | float, b: int | float) -> bool:
    match op:
        case Op.LT:
            return a < b
        case Op.LE:
            return a <= b
        case Op.GT:
            return a > b
    return a >= b


def _as_days(left: Scalar, right: Scalar) -> tuple[int | float, int | float] | None:
    """Both sides in days since 1970 if one is a date and the other can be read as one."""
    if not (isinstance(left, date) or isinstance(right, date)):
        return None
    a, b = _date_number(left), _date_number(right)
    return None if a is None or b is None else (a, b)


def _date_number(value: Scalar) -> int | float | None:
    if isinstance(value, date):
        return day_count(value)
    if (number := numeric(value)) is not None:
        return number
    if isinstance(value, str) and (day := parse_date(value) or parse_date_time(value)):
        return day_count(day)
    return None


def arithmetic(op: Op, a: int | float, b: int | float) -> int | float:
    if isinstance(a, int) and isinstance(b, int) and op is not Op.DIV:
        match op:
            case Op.ADD:
                return bounded(a + b)
            case Op.SUB:
                return bounded(a - b)
            case Op.MUL:
                return bounded(a * b)
        if b == 0:
            return NAN
        remainder = abs(a) % abs(b)  # XPath's mod keeps the sign of the dividend
        return -remainder if a < 0 else remainder
    x, y = as_float(a), as_float(b)
    match op:
        case Op.ADD:
            return x + y
        case Op.SUB:
            return x - y
        case Op.MUL:
            return x * y
        case Op.DIV:
            return x / y if y != 0 else _divided_by_zero(x, y)
    return NAN if y == 0 or math.isinf(x) else math.fmod(x, y)


def _divided_by_zero(x: float, zero: float) -> float:
    """IEEE 754, as XPath: ±Infinity, or NaN for 0 div 0 and NaN div 0."""
    if x == 0 or math.isnan(x):
        return NAN
    return math.copysign(math.inf, x) * math.copysign(1.0, zero)
