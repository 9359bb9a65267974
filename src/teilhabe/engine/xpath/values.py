"""Values as the evaluator sees them, and XPath's conversions between them (see "Values",
"Empty", "Truth" and "Node-sets" in `engine.expressions`)."""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from numbers import Real

from teilhabe.engine.xpath.datetimes import (
    EPOCH,
    day_count,
    iso_date,
    iso_date_time,
    parse_date,
    parse_date_time,
)

NAN = math.nan

# One answer: text, a number, a boolean, a date or dateTime, a selection, or unanswered.
type Scalar = str | int | float | bool | date | tuple[str, ...] | None


@dataclass(frozen=True)
class Nodes:
    """An XPath node-set: the answers to one question in several instances of a repeat (or the
    instances themselves), in form order. `count()`, `sum()`, `join()`... see every node;
    anything that wants one value sees the first node's, and a node-set is true if not empty."""

    values: tuple[Scalar, ...]


type Value = Scalar | Nodes

__all__ = ["EPOCH", "NAN", "Nodes", "Scalar", "Value"]

_NUMERIC_TEXT = re.compile(r"[ \t\r\n]*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*")


def as_value(raw: object) -> Scalar:
    """An answer as the evaluator sees it (see "Values" in `engine.expressions`)."""
    match raw:
        case None | str() | bool() | date():
            return raw
        case int():
            return bounded(raw)
        case float():
            return raw
        case Decimal():
            if raw.is_nan():  # float() refuses a signalling NaN
                return NAN
            if raw.is_finite() and raw == raw.to_integral_value() and raw.adjusted() < 300:
                return int(raw)
            return float(raw)
        case Real():
            return float(raw)
        case time():
            return raw.isoformat()
        case set() | frozenset():
            return tuple(sorted(str(choice) for choice in raw))
        case list() | tuple():
            return tuple(str(choice) for choice in raw)
    return str(raw)


def bounded(number: int) -> int | float:
    """Keep an int while a double could hold it; beyond that XPath would be infinite."""
    if number.bit_length() <= 1024:
        return number
    return math.inf if number > 0 else -math.inf


def as_float(number: int | float) -> float:
    return float(bounded(number)) if isinstance(number, int) else number


def is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_empty(value: Value) -> bool:
    """Unanswered: None, "", an empty selection, or a node-set whose first node is empty."""
    if isinstance(value, Nodes):
        return not value.values or is_empty(value.values[0])
    return value is None or value == "" or value == ()


def first(value: Value) -> Scalar:
    """The value itself, or a node-set's first node (None if it has none)."""
    if isinstance(value, Nodes):
        return value.values[0] if value.values else None
    return value


def each(values: list[Value]) -> list[Scalar]:
    """Arguments with every node-set spread out into its nodes, for sum(), join()..."""
    spread: list[Scalar] = []
    for value in values:
        if isinstance(value, Nodes):
            spread += value.values
        else:
            spread.append(value)
    return spread


def numeric(value: Value) -> int | float | None:
    """The number a number or a numeric text stands for; None for anything else."""
    if is_number(value):
        assert isinstance(value, int | float)
        return value
    if isinstance(value, str) and (match := _NUMERIC_TEXT.fullmatch(value)):
        digits = match.group(1)
        if "." in digits or len(digits) > 400:  # long digit strings: int() would refuse them
            return float(digits)
        return bounded(int(digits))
    return None


def to_number(value: Value) -> int | float:
    """XPath's number(), extended as ODK does: a date or a text written as one ('2024-05-31')
    is its number of days since 1970-01-01; a dateTime counts from midnight UTC, with a
    fraction."""
    value = first(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return day_count(value)
    if isinstance(value, tuple):
        value = " ".join(value)
    number = numeric(value)
    if number is not None:
        return number
    if isinstance(value, str):
        day = parse_date(value) or parse_date_time(value)
        if day is not None:
            return day_count(day)
    return NAN


def to_string(value: Value) -> str:
    match first(value):
        case None:
            return ""
        case bool() as truth:
            return "true" if truth else "false"
        case int() as number:
            return str(number)
        case float() as number:
            return _format_float(number)
        case datetime() as moment:
            return iso_date_time(moment)
        case date() as day:
            return iso_date(day)
        case tuple() as selection:
            return " ".join(selection)
        case str() as text:
            return text
    raise AssertionError(value)  # pragma: no cover - every kind of value is handled above


def _format_float(number: float) -> str:
    """XPath's string(): no exponent, no trailing '.0', NaN and Infinity spelt out."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer():
        return str(int(number))
    return format(Decimal(repr(number)), "f")


def to_boolean(value: Value) -> bool:
    if isinstance(value, Nodes):  # XPath: a node-set is true if it has a node
        return bool(value.values)
    match value:
        case None:
            return False
        case bool():
            return value
        case int():
            return value != 0
        case float():
            return not (value == 0 or math.isnan(value))
        case str() | tuple():
            return len(value) > 0
    return True  # a date
