"""Evaluating a parsed expression over the answers, and relevance in form order."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from teilhabe.engine.xpath import operators
from teilhabe.engine.xpath.functions import FUNCTIONS
from teilhabe.engine.xpath.tree import (
    ORDERINGS,
    Binary,
    Call,
    Current,
    Expression,
    Negate,
    Node,
    Number,
    Op,
    Reference,
    Text,
)
from teilhabe.engine.xpath.values import Value, as_value, bounded, to_boolean, to_number

LOCAL_TIME_ZONE = "Europe/Berlin"  # for today() when the caller gives no date


def evaluate(
    expr: Expression,
    answers: Mapping[str, Any],
    current: Any = None,
    *,
    today: date | None = None,
) -> Value:
    """The value of the expression, given the answers by question name.

    `current` is the value `.` stands for: the answer the constraint is checked against."""
    if today is None:
        today = datetime.now(ZoneInfo(LOCAL_TIME_ZONE)).date()
    return Evaluator(answers, as_value(current), today).evaluate(expr.tree)


def is_true(
    expr: Expression,
    answers: Mapping[str, Any],
    current: Any = None,
    *,
    today: date | None = None,
) -> bool:
    """Whether the expression holds, by XPath's rules for converting a value to a boolean."""
    return to_boolean(evaluate(expr, answers, current, today=today))


def relevant_questions(
    order: Sequence[tuple[str, Expression | None]],
    answers: Mapping[str, Any],
    *,
    today: date | None = None,
) -> set[str]:
    """The questions shown, given their `relevant` expressions (None: always shown).

    Walks the questions in form order. As in ODK, the answer to a question that is not shown
    counts as empty for every later expression, even if one was stored before the respondent
    changed an earlier answer. An expression that refers to a later question sees its answer
    as given."""
    if today is None:
        today = datetime.now(ZoneInfo(LOCAL_TIME_ZONE)).date()
    seen = dict(answers)
    shown: set[str] = set()
    for name, relevant in order:
        if relevant is None or is_true(relevant, seen, seen.get(name), today=today):
            shown.add(name)
        else:
            seen[name] = None
    return shown


class Evaluator:
    def __init__(self, answers: Mapping[str, Any], current: Value, today: date) -> None:
        self.answers = answers
        self.current = current
        self.today = today

    def evaluate(self, node: Node) -> Value:
        match node:
            case Number(value=value):
                return value
            case Text(value=text):
                return text
            case Reference(name=name):
                return as_value(self.answers.get(name))
            case Current():
                return self.current
            case Negate(operand=operand):
                number = to_number(self.evaluate(operand))
                return bounded(-number) if isinstance(number, int) else -number
            case Binary():
                return self.binary(node)
            case Call(function=function):
                return FUNCTIONS[function].implementation(self, node)

    def binary(self, node: Binary) -> Value:
        # Long chains such as `a or b or c ...` nest to the left; walking them in a loop keeps
        # the Python stack as shallow as the brackets, which MAX_DEPTH bounds.
        chain = [node]
        while isinstance(chain[-1].left, Binary):
            chain.append(chain[-1].left)
        value = self.evaluate(chain[-1].left)
        for step in reversed(chain):
            value = self.apply(step, value)
        return value

    def apply(self, step: Binary, left: Value) -> Value:
        if step.operator is Op.OR:
            return to_boolean(left) or to_boolean(self.evaluate(step.right))
        if step.operator is Op.AND:
            return to_boolean(left) and to_boolean(self.evaluate(step.right))
        right = self.evaluate(step.right)
        if step.operator is Op.EQ:
            return operators.equal(left, right)
        if step.operator is Op.NE:
            return not operators.equal(left, right)
        if step.operator in ORDERINGS:
            return operators.order(step.operator, left, right)
        return operators.arithmetic(step.operator, to_number(left), to_number(right))

    def arguments(self, call: Call) -> list[Value]:
        return [self.evaluate(argument) for argument in call.arguments]
