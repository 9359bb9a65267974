"""Repeats: count(), count-non-empty(), position(..), indexed-repeat() (see "Repeats" in
`engine.expressions`)."""

import math

from teilhabe.engine.xpath.functions.base import Evaluation, Function, eager, needs_question
from teilhabe.engine.xpath.repeats import innermost
from teilhabe.engine.xpath.tree import Call, ExpressionError, Parent, Reference, gettext_noop
from teilhabe.engine.xpath.values import Nodes, Scalar, Value, is_empty, to_number


def _count(nodes: Value) -> int:
    """The instances of a repeat, or the answers to a question across them; one question
    outside a repeat is one node, answered or not."""
    return len(nodes.values) if isinstance(nodes, Nodes) else 1


def _count_non_empty(nodes: Value) -> int:
    values = nodes.values if isinstance(nodes, Nodes) else (nodes,)
    return sum(not is_empty(value) for value in values)


def _position(ev: Evaluation, call: Call) -> Scalar:
    return innermost(ev.layout, ev.at)


def _check_position(call: Call) -> None:
    if len(call.arguments) != 1 or not isinstance(call.arguments[0], Parent):
        raise ExpressionError(
            gettext_noop(
                "position() is supported as position(..): the number of the repeat instance"
                " the question is in"
            ),
            call.position,
        )


def _indexed_repeat(ev: Evaluation, call: Call) -> Value:
    """The answer to a question in the given instances (1-based) of the repeats around it."""
    question, *pairs = call.arguments
    assert isinstance(question, Reference)
    at = dict(ev.at)
    for repeat, index in zip(pairs[0::2], pairs[1::2], strict=True):
        assert isinstance(repeat, Reference)
        number = to_number(ev.evaluate(index))
        at[repeat.name] = 1 if math.isnan(number) or number < 1 else int(min(number, 1e18))
    return ev.resolve(question.name, at)


def _check_indexed_repeat(call: Call) -> None:
    count = len(call.arguments)
    if count not in (3, 5, 7):
        raise ExpressionError(
            gettext_noop(
                "indexed-repeat() takes a question, then a repeat group and an instance number"
                " for up to three repeats: 3, 5 or 7 arguments, got {got}"
            ),
            call.position,
            got=str(count),
        )
    for argument in call.arguments[0:1] + call.arguments[1::2]:
        if not isinstance(argument, Reference):
            raise ExpressionError(
                gettext_noop(
                    "indexed-repeat() names questions and repeat groups as ${{name}} here"
                ),
                argument.position,
            )


FUNCTIONS: dict[str, Function] = {
    "count": eager(1, 1, _count, needs_question),
    "count-non-empty": eager(1, 1, _count_non_empty, needs_question),
    "position": Function(0, 1, _position, _check_position),
    "indexed-repeat": Function(3, None, _indexed_repeat, _check_indexed_repeat),
}
