"""Numbers: number(), int(), round(), pow(), the logarithms and trigonometry, sum(), min(),
max()... Results follow IEEE 754 as XPath's doubles do: log(0) is -Infinity, sqrt(-1) is NaN,
never an error."""

import math
import random
from collections.abc import Callable
from decimal import ROUND_FLOOR, Context, Decimal

from teilhabe.engine.xpath.functions.base import Function, eager, needs_question
from teilhabe.engine.xpath.tree import MAX_LENGTH
from teilhabe.engine.xpath.values import NAN, Value, as_float, bounded, each, to_number

_RANDOM = random.SystemRandom()
_EXACT = Context(prec=3 * MAX_LENGTH)  # enough digits that rounding loses none by accident


def _round(value: Value, digits: Value = 0) -> int | float:
    """Half towards positive infinity, as XPath 1.0 (round(-2.5) is -2), in decimal so that
    round(2.675, 2) is 2.68 as written; `digits` may be negative (round(1250, -2) is 1300)."""
    number, places = to_number(value), to_number(digits)
    if math.isnan(places) or math.isinf(places):
        return NAN
    places = max(-MAX_LENGTH, min(MAX_LENGTH, int(places)))
    if isinstance(number, float) and not math.isfinite(number):
        return number
    if isinstance(number, int) and places >= 0:
        return number
    exact = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    shifted = _EXACT.add(exact.scaleb(places, _EXACT), Decimal("0.5"))
    whole = shifted.to_integral_value(rounding=ROUND_FLOOR, context=_EXACT)
    rounded = whole.scaleb(-places, _EXACT)
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


def _real(function: Callable[[float], float], pole: float = NAN) -> Callable[[Value], float]:
    """A function of one double: a domain error is NaN (or `pole`, at 0), an overflow infinite."""

    def apply(value: Value) -> float:
        x = as_float(to_number(value))
        try:
            return function(x)
        except ValueError:
            return pole if x == 0 else NAN
        except OverflowError:
            return math.inf

    return apply


def _pow(base: Value, exponent: Value) -> int | float:
    """XPath 3.0 math:pow: exact for whole numbers while the result fits a double."""
    x, y = to_number(base), to_number(exponent)
    # |x| ** y has at least (bits - 1) * y + 1 bits: compute it only if it may fit a double
    whole = isinstance(x, int) and isinstance(y, int) and y >= 0
    if whole and (x in (-1, 0, 1) or (abs(int(x)).bit_length() - 1) * int(y) <= 1024):
        return bounded(int(x) ** int(y))
    a, b = as_float(x), as_float(y)
    odd = b.is_integer() and math.fmod(b, 2) != 0
    try:
        return math.pow(a, b)
    except OverflowError:
        return -math.inf if a < 0 and odd else math.inf
    except ValueError:
        if a == 0 and b < 0:  # 1 div 0: a pole
            return -math.inf if odd and math.copysign(1, a) < 0 else math.inf
        return NAN  # a negative number to a fractional power


def _numbers(values: tuple[Value, ...]) -> list[int | float]:
    """The numbers among the values (node-sets spread out); NaN and empty answers left out,
    as JavaRosa does, so that an unanswered instance of a repeat does not spoil the rest."""
    numbers = (to_number(value) for value in each(list(values)))
    return [number for number in numbers if not (isinstance(number, float) and math.isnan(number))]


def _sum(nodes: Value) -> int | float:
    """Exact while every answer is whole; otherwise added up in order, as doubles are."""
    numbers = _numbers((nodes,))
    if all(isinstance(number, int) for number in numbers):
        return bounded(sum(int(number) for number in numbers))
    total = 0.0
    for number in numbers:
        total += as_float(number)
    return total


def _min(*values: Value) -> int | float:
    numbers = _numbers(values)
    return min(numbers) if numbers else NAN


def _max(*values: Value) -> int | float:
    numbers = _numbers(values)
    return max(numbers) if numbers else NAN


FUNCTIONS: dict[str, Function] = {
    "number": eager(1, 1, to_number),
    "int": eager(1, 1, _int),
    "round": eager(1, 2, _round),
    "floor": eager(1, 1, _integral(math.floor)),
    "ceiling": eager(1, 1, _integral(math.ceil)),
    "abs": eager(1, 1, _abs),
    "pow": eager(2, 2, _pow),
    "exp": eager(1, 1, _real(math.exp)),
    "exp10": eager(1, 1, _real(lambda x: math.pow(10.0, x))),
    "log": eager(1, 1, _real(math.log, pole=-math.inf)),
    "log10": eager(1, 1, _real(math.log10, pole=-math.inf)),
    "sqrt": eager(1, 1, _real(math.sqrt)),
    "sin": eager(1, 1, _real(math.sin)),
    "cos": eager(1, 1, _real(math.cos)),
    "tan": eager(1, 1, _real(math.tan)),
    "asin": eager(1, 1, _real(math.asin)),
    "acos": eager(1, 1, _real(math.acos)),
    "atan": eager(1, 1, _real(math.atan)),
    "atan2": eager(2, 2, lambda y, x: math.atan2(as_float(to_number(y)), as_float(to_number(x)))),
    "pi": eager(0, 0, lambda: math.pi),
    "random": eager(0, 0, _RANDOM.random),
    "sum": eager(1, 1, _sum, needs_question),
    "min": eager(1, None, _min),
    "max": eager(1, None, _max),
}
