"""What every function of the library is made of: its arity, its implementation and the checks
made when parsing; and what a function sees of the evaluator."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from teilhabe.engine.xpath.repeats import Layout
from teilhabe.engine.xpath.tree import Call, Current, ExpressionError, Node, Reference, gettext_noop
from teilhabe.engine.xpath.values import Scalar, Value


class Evaluation(Protocol):
    """What a function sees of the evaluator: lazy functions (if, coalesce, once) evaluate only
    the arguments they need; repeat functions resolve names in other instances."""

    today: date
    now: datetime
    layout: Layout
    at: Mapping[str, int]
    current: Scalar

    def evaluate(self, node: Node) -> Value: ...

    def arguments(self, call: Call) -> list[Value]: ...

    def resolve(self, name: str, at: Mapping[str, int]) -> Value: ...


type Implementation = Callable[[Evaluation, Call], Value]
type Check = Callable[[Call], None]  # refuses a call when parsing, beyond its arity


@dataclass(frozen=True)
class Function:
    minimum: int
    maximum: int | None  # None: any number
    implementation: Implementation
    check: Check | None = None

    def check_call(self, call: Call) -> None:
        """Refuse, while parsing, a call with the wrong number or kind of arguments."""
        self.check_arity(call.function, len(call.arguments), call.position)
        if self.check is not None:
            self.check(call)

    def check_arity(self, name: str, count: int, position: int) -> None:
        if self.minimum <= count and (self.maximum is None or count <= self.maximum):
            return
        numbers = {"name": name, "got": str(count)}
        if self.maximum is None:
            template = (
                gettext_noop("{name}() takes at least {minimum} argument, got {got}")
                if self.minimum == 1
                else gettext_noop("{name}() takes at least {minimum} arguments, got {got}")
            )
            raise ExpressionError(template, position, minimum=str(self.minimum), **numbers)
        if self.minimum == self.maximum:
            template = (
                gettext_noop("{name}() takes {count} argument, got {got}")
                if self.minimum == 1
                else gettext_noop("{name}() takes {count} arguments, got {got}")
            )
            raise ExpressionError(template, position, count=str(self.minimum), **numbers)
        raise ExpressionError(
            gettext_noop("{name}() takes {minimum} or {maximum} arguments, got {got}"),
            position,
            minimum=str(self.minimum),
            maximum=str(self.maximum),
            **numbers,
        )


def eager(
    minimum: int, maximum: int | None, function: Callable[..., Value], check: Check | None = None
) -> Function:
    """A function of its arguments' values, all evaluated first."""
    return Function(minimum, maximum, lambda ev, call: function(*ev.arguments(call)), check)


def needs_question(call: Call) -> None:
    """count(), sum()... work on the answers to a question: their argument names it."""
    argument = call.arguments[0]
    if not isinstance(argument, Reference | Current):
        raise ExpressionError(
            gettext_noop("{name}() needs a question as its argument, such as {name}(${{field}})"),
            call.position,
            name=call.function,
        )
