"""The syntax tree of an expression, its operators and the limits against abuse."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

MAX_LENGTH = 2_000
MAX_DEPTH = 50
MAX_PATTERN_LENGTH = 200
MAX_REGEX_INPUT = 10_000


def gettext_noop(message: str) -> str:
    """Marks an English message template for the translation catalog (Django's makemessages
    looks for this name). The engine never translates: see `ExpressionError.render`."""
    return message


class ExpressionError(ValueError):
    """The expression cannot be parsed or evaluated; `position` is a character offset.

    `template` is an English message with {placeholders} filled from `params`; `message` is
    the filled-in English text. `render(gettext)` gives it in the active language, for callers
    that have a catalog (the engine itself has none)."""

    def __init__(self, template: str, position: int, **params: str) -> None:
        self.template = template
        self.params = params
        self.message = template.format(**params)
        self.position = position
        super().__init__(f"{self.message} (at position {position})")

    def render(self, translate: Callable[[str], str]) -> str:
        return translate(self.template).format(**self.params)

    def __reduce__(self) -> tuple[Callable[..., "ExpressionError"], tuple[object, ...]]:
        return _rebuild, (type(self), self.template, self.position, self.params)


def _rebuild(
    kind: type[ExpressionError], template: str, position: int, params: Mapping[str, str]
) -> ExpressionError:
    return kind(template, position, **params)  # so that the error survives pickling


class Op(StrEnum):
    OR = "or"
    AND = "and"
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "div"
    MOD = "mod"


# XPath 1.0, loosest first. All binary operators are left-associative.
PRECEDENCE = {
    Op.OR: 1,
    Op.AND: 2,
    Op.EQ: 3,
    Op.NE: 3,
    Op.LT: 4,
    Op.LE: 4,
    Op.GT: 4,
    Op.GE: 4,
    Op.ADD: 5,
    Op.SUB: 5,
    Op.MUL: 6,
    Op.DIV: 6,
    Op.MOD: 6,
}
ORDERINGS = {Op.LT, Op.LE, Op.GT, Op.GE}


@dataclass(frozen=True)
class Number:
    value: int | float
    position: int


@dataclass(frozen=True)
class Text:
    value: str
    position: int


@dataclass(frozen=True)
class Reference:
    name: str  # the question name inside ${...}
    position: int


@dataclass(frozen=True)
class Current:
    position: int  # `.`: the value of the question the constraint belongs to


@dataclass(frozen=True)
class Parent:
    position: int  # `..`, allowed only as position(..): the current repeat instance


@dataclass(frozen=True)
class Column:
    name: str  # a bare name in a choice filter: that column of the choice being filtered
    position: int


@dataclass(frozen=True)
class Negate:
    operand: "Node"
    position: int


@dataclass(frozen=True)
class Binary:
    operator: Op
    left: "Node"
    right: "Node"
    position: int  # of the operator


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple["Node", ...]
    position: int  # of the function name


type Node = Number | Text | Reference | Current | Parent | Column | Negate | Binary | Call


@dataclass(frozen=True)
class Expression:
    source: str
    tree: Node
