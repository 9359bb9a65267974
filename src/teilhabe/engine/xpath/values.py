"""Values as the evaluator sees them, and XPath's conversions between them (see "Values",
"Empty" and "Truth" in `engine.expressions`)."""

import math
import re
from datetime import date, datetime, time
from decimal import Decimal
from numbers import Real

NAN = math.nan
EPOCH = date(1970, 1, 1).toordinal()  # ODK counts dates in days since 1970-01-01

type Value = str | int | float | bool | date | tuple[str, ...] | None

_NUMERIC_TEXT = re.compile(r"[ \t\r\n]*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*")


def as_value(raw: object) -> Value:
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
    return value is None or value == "" or value == ()


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
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return days_since_epoch(value)
    if isinstance(value, tuple):
        value = " ".join(value)
    number = numeric(value)
    return NAN if number is None else number


def days_since_epoch(day: date) -> int | float:
    days = day.toordinal() - EPOCH
    if isinstance(day, datetime):
        seconds = day.hour * 3600 + day.minute * 60 + day.second + day.microsecond / 1e6
        return days + seconds / 86400
    return days


def to_string(value: Value) -> str:
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case int():
            return str(value)
        case float():
            return _format_float(value)
        case date():
            return value.isoformat()
        case tuple():
            return " ".join(value)
    return value


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
