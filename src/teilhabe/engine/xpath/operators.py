"""Comparison and arithmetic (see "Comparing" and "Dividing by zero" in `engine.expressions`)."""

import math
import re
from datetime import date

from teilhabe.engine.xpath.tree import Op
from teilhabe.engine.xpath.values import (
    NAN,
    Value,
    as_float,
    bounded,
    days_since_epoch,
    is_empty,
    is_number,
    numeric,
    to_boolean,
    to_number,
    to_string,
)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def equal(left: Value, right: Value) -> bool:
    left, right = _flat(left), _flat(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if is_empty(left) or is_empty(right):
        return is_empty(left) and is_empty(right)
    if (days := _as_days(left, right)) is not None:
        return days[0] == days[1]
    if is_number(left) or is_number(right):
        a, b = numeric(left), numeric(right)
        if a is not None and b is not None:
            return a == b
    return to_string(left) == to_string(right)


def order(op: Op, left: Value, right: Value) -> bool:
    left, right = _flat(left), _flat(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return _ordered(op, to_number(left), to_number(right))
    if is_empty(left) or is_empty(right):
        return False
    if (days := _as_days(left, right)) is not None:
        return _ordered(op, *days)
    a, b = numeric(left), numeric(right)
    if a is not None and b is not None:
        return _ordered(op, a, b)
    if is_number(left) or is_number(right):
        return False  # a number against text that is not one: XPath's NaN
    return _ordered(op, to_string(left), to_string(right))


def _flat(value: Value) -> Value:
    """A selection compares as ODK's text "a b": one selected "2" equals 2 and is below 3."""
    return " ".join(value) if isinstance(value, tuple) else value


def _ordered[T: (int | float, str)](op: Op, a: T, b: T) -> bool:
    match op:
        case Op.LT:
            return a < b
        case Op.LE:
            return a <= b
        case Op.GT:
            return a > b
    return a >= b


def _as_days(left: Value, right: Value) -> tuple[int | float, int | float] | None:
    """Both sides in days since 1970 if one is a date and the other can be read as one."""
    if not (isinstance(left, date) or isinstance(right, date)):
        return None
    a, b = _date_number(left), _date_number(right)
    return None if a is None or b is None else (a, b)


def _date_number(value: Value) -> int | float | None:
    if isinstance(value, date):
        return days_since_epoch(value)
    if is_number(value):
        assert isinstance(value, int | float)
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return days_since_epoch(date.fromisoformat(value))
        except ValueError:  # 2024-02-30
            return None
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
            return NAN if y == 0 else x / y
    return NAN if y == 0 or math.isinf(x) else math.fmod(x, y)
