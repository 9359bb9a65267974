"""Evaluating a parsed expression over the answers, and relevance in form order."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from teilhabe.engine.xpath import operators
from teilhabe.engine.xpath.datetimes import LOCAL, LOCAL_TIME_ZONE, localized, on_local_clock
from teilhabe.engine.xpath.functions import FUNCTIONS
from teilhabe.engine.xpath.repeats import NO_REPEATS, Layout, resolve
from teilhabe.engine.xpath.tree import (
    ORDERINGS,
    Binary,
    Call,
    Column,
    Current,
    Expression,
    Negate,
    Node,
    Number,
    Op,
    Parent,
    Reference,
    Text,
)
from teilhabe.engine.xpath.values import (
    Scalar,
    Value,
    as_value,
    bounded,
    to_boolean,
    to_number,
)

__all__ = ["LOCAL_TIME_ZONE", "Evaluator", "evaluate", "is_true", "relevant_questions"]


def evaluate(
    expr: Expression,
    answers: Mapping[str, Any],
    current: Any = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    layout: Layout | None = None,
    at: Mapping[str, int] | None = None,
    choice: Mapping[str, Any] | None = None,
) -> Value:
    """The value of the expression, given the answers by question name.

    `current` is the value `.` stands for: the answer the constraint is checked against.
    `today` and `now` stand in for the clock (today defaults to now's date in Berlin).
    `layout` tells where the repeats are, `at` which of their instances (1-based, by repeat
    name) the expression is evaluated in; `choice` is the choice a choice filter is asked
    about. See "Repeats" and "Choice filters" in `engine.expressions`."""
    return Evaluator(
        answers,
        as_value(current),
        today=today,
        now=now,
        layout=layout,
        at=at,
        choice=choice,
    ).evaluate(expr.tree)


def is_true(
    expr: Expression,
    answers: Mapping[str, Any],
    current: Any = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    layout: Layout | None = None,
    at: Mapping[str, int] | None = None,
    choice: Mapping[str, Any] | None = None,
) -> bool:
    """Whether the expression holds, by XPath's rules for converting a value to a boolean."""
    value = evaluate(
        expr, answers, current, today=today, now=now, layout=layout, at=at, choice=choice
    )
    return to_boolean(value)


def relevant_questions(
    order: Sequence[tuple[str, Expression | None]],
    answers: Mapping[str, Any],
    *,
    today: date | None = None,
    now: datetime | None = None,
    layout: Layout | None = None,
) -> set[str]:
    """The questions shown, given their `relevant` expressions (None: always shown).

    Walks the questions in form order. As in ODK, the answer to a question that is not shown
    counts as empty for every later expression, even if one was stored before the respondent
    changed an earlier answer. An expression that refers to a later question sees its answer
    as given. (Questions outside repeats; the answering side walks each repeat instance.)"""
    now = datetime.now(LOCAL) if now is None else now  # one clock for the whole walk
    seen = dict(answers)
    shown: set[str] = set()
    for name, relevant in order:
        if relevant is None or is_true(
            relevant, seen, seen.get(name), today=today, now=now, layout=layout
        ):
            shown.add(name)
        else:
            seen[name] = None
    return shown


class Evaluator:
    def __init__(
        self,
        answers: Mapping[str, Any],
        current: Scalar,
        *,
        today: date | None = None,
        now: datetime | None = None,
        layout: Layout | None = None,
        at: Mapping[str, int] | None = None,
        choice: Mapping[str, Any] | None = None,
    ) -> None:
        self.answers = answers
        self.current = current
        self.now = datetime.now(LOCAL) if now is None else localized(now)
        self.today = on_local_clock(self.now).date() if today is None else today
        self.layout = NO_REPEATS if layout is None else layout
        self.at: Mapping[str, int] = {} if at is None else at
        self.choice: Mapping[str, Any] = {} if choice is None else choice

    def evaluate(self, node: Node) -> Value:
        match node:
            case Number(value=value):
                return value
            case Text(value=text):
                return text
            case Reference(name=name):
                return self.resolve(name, self.at)
            case Current():
                return self.current
            case Column(name=name):
                return as_value(self.choice.get(name))
            case Parent():  # the parser allows `..` only as position(..), which reads `at`
                return None
            case Negate(operand=operand):
                number = to_number(self.evaluate(operand))
                return bounded(-number) if isinstance(number, int) else -number
            case Binary():
                return self.binary(node)
            case Call(function=function):
                return FUNCTIONS[function].implementation(self, node)

    def resolve(self, name: str, at: Mapping[str, int]) -> Value:
        return resolve(name, self.answers, self.layout, at)

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
            return operators.not_equal(left, right)
        if step.operator in ORDERINGS:
            return operators.order(step.operator, left, right)
        return operators.arithmetic(step.operator, to_number(left), to_number(right))

    def arguments(self, call: Call) -> list[Value]:
        return [self.evaluate(argument) for argument in call.arguments]
