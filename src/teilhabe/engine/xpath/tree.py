"""The syntax tree of an expression, its operators and the limits against abuse."""

from dataclasses import dataclass
from enum import StrEnum

MAX_LENGTH = 2_000
MAX_DEPTH = 50
MAX_PATTERN_LENGTH = 200
MAX_REGEX_INPUT = 10_000


class ExpressionError(ValueError):
    """The expression cannot be parsed or evaluated; `position` is a character offset."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position

    def __reduce__(self) -> tuple[type["ExpressionError"], tuple[str, int]]:
        return type(self), (self.message, self.position)  # so it survives pickling


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


type Node = Number | Text | Reference | Current | Negate | Binary | Call


@dataclass(frozen=True)
class Expression:
    source: str
    tree: Node
