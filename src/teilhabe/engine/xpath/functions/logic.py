"""Truth and choosing: true(), false(), not(), boolean(), boolean-from-string(), if(),
coalesce(), once()."""

import math

from teilhabe.engine.xpath.functions.base import Evaluation, Function, eager
from teilhabe.engine.xpath.tree import Call
from teilhabe.engine.xpath.values import Value, first, is_empty, to_boolean, to_string


def _if(ev: Evaluation, call: Call) -> Value:
    condition, then, otherwise = call.arguments
    return ev.evaluate(then if to_boolean(ev.evaluate(condition)) else otherwise)


def is_null(value: Value) -> bool:
    """Empty for coalesce(): unanswered, or NaN (what arithmetic on an empty answer gives)."""
    scalar = first(value)
    return is_empty(scalar) or (isinstance(scalar, float) and math.isnan(scalar))


def _coalesce(ev: Evaluation, call: Call) -> Value:
    chosen = ev.evaluate(call.arguments[0])
    return ev.evaluate(call.arguments[1]) if is_null(chosen) else chosen


def _once(ev: Evaluation, call: Call) -> Value:
    """The question's own value once it has one; until then, the argument (evaluated only
    then, so that once(uuid()) keeps its first value)."""
    if to_string(ev.current) != "":
        return ev.current
    return ev.evaluate(call.arguments[0])


def _boolean_from_string(value: Value) -> bool:
    """True for 'true' (in any case) and '1' only, as ODK stores booleans."""
    text = to_string(value)
    return text.lower() == "true" or text == "1"


FUNCTIONS: dict[str, Function] = {
    "true": eager(0, 0, lambda: True),
    "false": eager(0, 0, lambda: False),
    "not": eager(1, 1, lambda value: not to_boolean(value)),
    "boolean": eager(1, 1, to_boolean),
    "boolean-from-string": eager(1, 1, _boolean_from_string),
    "if": Function(3, 3, _if),
    "coalesce": Function(2, 2, _coalesce),
    "once": Function(1, 1, _once),
}
