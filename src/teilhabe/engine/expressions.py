"""Skip logic and constraints: the XLSForm expression language, a subset of ODK XPath.

A questionnaire says when a question is shown (`relevant`) and what an answer must satisfy
(`constraint`) in the syntax form designers know from XLSForm:

    ${has_children} = 'yes' and ${children} > 0
    . >= 0 and . <= 120
    selected(${languages}, 'de') or count-selected(${languages}) > 2

The text comes from whoever builds the questionnaire, so it never reaches Python's own parser:
a tokenizer and a precedence-climbing parser turn it into a tree of frozen dataclasses, and an
evaluator walks that tree. Only the functions in `_FUNCTIONS` exist; anything else is an error
when the expression is parsed, so a questionnaire with a typo is refused when it is saved, not
when a respondent fills it in.

Semantics follow XPath 1.0 as ODK uses it. Where XPath is silent or surprising we chose:

- Values. Answers are plain Python values: str, int, float, Decimal, bool, date (or datetime),
  a list of choice names for a multiple choice, or None / "" when unanswered. Numbers stay
  `int` while that is exact (so `2 * 3` is 6, not 6.0) and become float otherwise; beyond
  the range of a double they become infinite, as in XPath. Decimal answers become int or
  float; a time becomes its ISO text ('08:30:00'). A multiple choice may also be ODK's text
  "a b c"; lists come back as tuples, and compare as that text (["2"] = 2 is true).
- Empty. None, "" and an empty selection are all "unanswered". `${q} = ''` is true for them
  and `${q} != ''` false. Every ordering comparison (`<`, `<=`, `>`, `>=`) with an
  unanswered side is false, and so is arithmetic on it (the result is NaN, as in XPath).
- Comparing. With a boolean on either side, `=` and `!=` compare booleans and the orderings
  compare numbers (true is 1). With a number on one side and text that reads as a number
  (" 12 ", "-3.5") on the other, the comparison is numeric; text that does not read as a
  number never equals a number and is neither smaller nor larger (XPath's NaN), so
  `. >= 0` rejects "abc". Two texts are equal only if identical ('01' is not '1': choice
  names such as municipality codes are often numeric with leading zeros). Ordering two texts
  compares them as numbers when both read as numbers, otherwise by code point, so
  '08:30' < '17:00' works; XPath 1.0 would say false. Dates compare with dates, with
  ISO texts ('2024-05-31') and with numbers of days since 1970-01-01, which is what date
  arithmetic gives (`today() - 7`); against any other text a date compares as its ISO text.
- Dividing by zero, or `mod` zero, gives NaN, not XPath's Infinity, so that `${a} div ${b} > 1`
  is false rather than true when b is 0. Every comparison with NaN is false, except `!=`.
- Truth. false, 0, NaN, "", None and an empty selection are false; everything else is true
  (so the text 'false' and the text '0' are true, as in XPath).
- Functions. `round(x, n)` rounds half away from zero in decimal (round(2.675, 2) is 2.68);
  XPath's one-argument round would send -2.5 to -2, we send it to -3. `int(x)` truncates.
  `regex(s, p)` must match the whole text (Python `re.fullmatch`; ODK searches, so a pattern
  without ^...$ accepts more there). `today()` is the injected date, or today in Berlin.
- Limits against abuse: MAX_LENGTH characters, MAX_DEPTH levels of nesting (brackets,
  function calls, unary minus), regex patterns up to MAX_PATTERN_LENGTH and texts up to
  MAX_REGEX_INPUT characters. A pattern given as a literal is compiled when parsing. Python's
  `re` has no time limit, so a pathological pattern such as '(a+)+b' can still be slow on a
  long text; patterns come from form designers, not respondents.
"""

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from functools import lru_cache
from numbers import Real
from typing import Any, Literal
from zoneinfo import ZoneInfo

MAX_LENGTH = 2_000
MAX_DEPTH = 50
MAX_PATTERN_LENGTH = 200
MAX_REGEX_INPUT = 10_000

NAN = math.nan
EPOCH = date(1970, 1, 1).toordinal()  # ODK counts dates in days since 1970-01-01
LOCAL_TIME_ZONE = "Europe/Berlin"  # for today() when the caller gives no date

type Value = str | int | float | bool | date | tuple[str, ...] | None


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
_WORD_OPERATORS = {Op.OR, Op.AND, Op.DIV, Op.MOD}  # names, not symbols, in XPath


# --- the tree ------------------------------------------------------------------------------------


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


# --- tokens --------------------------------------------------------------------------------------

type Kind = Literal["number", "string", "reference", "current", "name", "symbol", "end"]


@dataclass(frozen=True)
class _Token:
    kind: Kind
    content: str  # the number's digits, the string's text, the name, the symbol
    position: int
    text: str  # as written, for messages

    def describe(self) -> str:
        return "the end of the expression" if self.kind == "end" else repr(self.text)


_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_NAME = re.compile(r"[^\W\d][\w-]*(?::[^\W\d][\w-]*)?")  # XPath QName, e.g. count-selected
_QUESTION = re.compile(r"[^\W\d][\w.-]*")  # XLSForm name: letter or _, then letters, digits, _-.
_SYMBOLS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "(", ")", ",")
_TYPOGRAPHIC_QUOTES = "‘’‚“”„«»"


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():  # any Unicode space: no-break spaces come in when pasting from Excel
            i += 1
            continue
        start = i
        if char == "$":
            question, i = _question_name(source, i)
            tokens.append(_Token("reference", question, start, source[start:i]))
        elif char in "'\"":
            end = source.find(char, i + 1)
            if end < 0:
                raise ExpressionError(f"text starting here has no closing {char}", start)
            i = end + 1
            tokens.append(_Token("string", source[start + 1 : end], start, source[start:i]))
        elif number := _NUMBER.match(source, i):
            i = number.end()
            tokens.append(_Token("number", number.group(), start, number.group()))
        elif char == ".":
            if source.startswith("..", i):
                raise ExpressionError("'..' (the parent) is not supported", start)
            i += 1
            tokens.append(_Token("current", ".", start, "."))
        elif name := _NAME.match(source, i):
            i = name.end()
            tokens.append(_Token("name", name.group(), start, name.group()))
        elif symbol := next((s for s in _SYMBOLS if source.startswith(s, i)), None):
            i += len(symbol)
            tokens.append(_Token("symbol", symbol, start, symbol))
        elif char in _TYPOGRAPHIC_QUOTES:
            raise ExpressionError(f"unexpected {char!r}: quote text with ' or \"", start)
        else:
            raise ExpressionError(f"unexpected character {char!r}", start)
    tokens.append(_Token("end", "", len(source), ""))
    return tokens


def _question_name(source: str, start: int) -> tuple[str, int]:
    """Read `${name}` at `start`; return the name and the offset after the `}`."""
    if not source.startswith("${", start):
        raise ExpressionError("expected '{' after '$': refer to a question as ${name}", start + 1)
    name = _QUESTION.match(source, start + 2)
    if name is None:
        raise ExpressionError(
            "expected a question name after '${' (a letter or '_' first)", start + 2
        )
    end = name.end()
    if end == len(source):
        raise ExpressionError("'${' has no closing '}'", start)
    if source[end] != "}":
        raise ExpressionError(
            f"unexpected {source[end]!r} in a question name"
            " (letters, digits, '_', '-' and '.' only)",
            end,
        )
    return name.group(), end + 1


# --- parser --------------------------------------------------------------------------------------


def parse(source: str) -> Expression:
    """Parse an XLSForm expression, or raise ExpressionError saying where and why."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not source.strip():
        raise ExpressionError("expression is empty", 0)
    return Expression(source, _Parser(_tokenize(source)).parse())


class _Parser:
    """Precedence climbing: each loop collects the operators of one level, left to right."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def parse(self) -> Node:
        tree = self.expression(1)
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"expected an operator, found {token.describe()}", token.position)
        return tree

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def nest(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = f"expression is nested more than {MAX_DEPTH} levels deep"
            raise ExpressionError(message, token.position)

    def expression(self, loosest: int) -> Node:
        left = self.unary()
        while (op := _infix(self.peek())) is not None and PRECEDENCE[op] >= loosest:
            token = self.advance()
            right = self.expression(PRECEDENCE[op] + 1)
            left = Binary(op, left, right, token.position)
        return left

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "symbol" and token.content == "-":
            self.advance()
            self.nest(token)
            operand = self.unary()
            self.depth -= 1
            return Negate(operand, token.position)
        return self.primary()

    def primary(self) -> Node:
        token = self.advance()
        match token.kind:
            case "number":
                return Number(_literal_number(token.content), token.position)
            case "string":
                return Text(token.content, token.position)
            case "reference":
                return Reference(token.content, token.position)
            case "current":
                return Current(token.position)
            case "name":
                return self.call(token)
            case "symbol" if token.content == "(":
                self.nest(token)
                inner = self.expression(1)
                self.expect(")", f"to close the '(' at position {token.position}")
                self.depth -= 1
                return inner
        raise ExpressionError(f"expected a value, found {token.describe()}", token.position)

    def at(self, symbol: str) -> bool:
        token = self.peek()
        return token.kind == "symbol" and token.content == symbol

    def call(self, name: _Token) -> Call:
        if not self.at("("):
            if name.content in _WORD_OPERATORS:
                raise ExpressionError(f"expected a value before {name.text!r}", name.position)
            if name.content in _FUNCTIONS:
                raise ExpressionError(f"expected '(' after {name.text!r}", name.position)
            raise ExpressionError(
                f"unexpected name {name.text!r}: quote text ('{name.text}'),"
                f" refer to a question as ${{{name.text}}}, or call a function with ()",
                name.position,
            )
        function = _FUNCTIONS.get(name.content)
        if function is None:
            raise ExpressionError(f"unknown function {name.content}()", name.position)
        self.nest(name)
        self.advance()
        arguments: list[Node] = []
        if not self.at(")"):
            arguments.append(self.expression(1))
            while self.at(","):
                self.advance()
                arguments.append(self.expression(1))
        self.expect(")", f"after the arguments of {name.content}()")
        self.depth -= 1
        function.check_arity(name.content, len(arguments), name.position)
        if name.content == "regex" and isinstance(pattern := arguments[1], Text):
            _compile(pattern.value, pattern.position)
        return Call(name.content, tuple(arguments), name.position)

    def expect(self, symbol: str, why: str) -> None:
        token = self.advance()
        if token.kind != "symbol" or token.content != symbol:
            raise ExpressionError(
                f"expected {symbol!r} {why}, found {token.describe()}", token.position
            )


def _infix(token: _Token) -> Op | None:
    """The binary operator this token stands for; `and`, `div`... are names until here."""
    if token.kind == "symbol" and token.content not in ("(", ")", ","):
        return Op(token.content)
    if token.kind == "name" and token.content in _WORD_OPERATORS:
        return Op(token.content)
    return None


def _literal_number(digits: str) -> int | float:
    return float(digits) if "." in digits else _bounded(int(digits))


def references(expr: Expression) -> frozenset[str]:
    """The question names the expression refers to with ${name}."""
    return frozenset(node.name for node in _walk(expr.tree) if isinstance(node, Reference))


def _walk(tree: Node) -> Iterable[Node]:
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        match node:
            case Negate(operand=operand):
                stack.append(operand)
            case Binary(left=left, right=right):
                stack += (left, right)
            case Call(arguments=arguments):
                stack += arguments


# --- evaluation ----------------------------------------------------------------------------------


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
    return _Evaluator(answers, _answer(current), today).evaluate(expr.tree)


def is_true(
    expr: Expression,
    answers: Mapping[str, Any],
    current: Any = None,
    *,
    today: date | None = None,
) -> bool:
    """Whether the expression holds, by XPath's rules for converting a value to a boolean."""
    return _boolean(evaluate(expr, answers, current, today=today))


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


class _Evaluator:
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
                return _answer(self.answers.get(name))
            case Current():
                return self.current
            case Negate(operand=operand):
                number = _number(self.evaluate(operand))
                return _bounded(-number) if isinstance(number, int) else -number
            case Binary():
                return self.binary(node)
            case Call(function=function):
                return _FUNCTIONS[function].implementation(self, node)

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
            return _boolean(left) or _boolean(self.evaluate(step.right))
        if step.operator is Op.AND:
            return _boolean(left) and _boolean(self.evaluate(step.right))
        right = self.evaluate(step.right)
        if step.operator is Op.EQ:
            return _equal(left, right)
        if step.operator is Op.NE:
            return not _equal(left, right)
        if step.operator in ORDERINGS:
            return _order(step.operator, left, right)
        return _arithmetic(step.operator, _number(left), _number(right))

    def arguments(self, call: Call) -> list[Value]:
        return [self.evaluate(argument) for argument in call.arguments]


# --- conversions ---------------------------------------------------------------------------------

_NUMERIC_TEXT = re.compile(r"[ \t\r\n]*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _answer(raw: object) -> Value:
    """An answer as the evaluator sees it (see the module docstring, "Values")."""
    match raw:
        case None | str() | bool() | date():
            return raw
        case int():
            return _bounded(raw)
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


def _bounded(number: int) -> int | float:
    """Keep an int while a double could hold it; beyond that XPath would be infinite."""
    if number.bit_length() <= 1024:
        return number
    return math.inf if number > 0 else -math.inf


def _float(number: int | float) -> float:
    return float(_bounded(number)) if isinstance(number, int) else number


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_empty(value: Value) -> bool:
    return value is None or value == "" or value == ()


def _numeric(value: Value) -> int | float | None:
    """The number a number or a numeric text stands for; None for anything else."""
    if _is_number(value):
        assert isinstance(value, int | float)
        return value
    if isinstance(value, str) and (match := _NUMERIC_TEXT.fullmatch(value)):
        digits = match.group(1)
        if "." in digits or len(digits) > 400:  # long digit strings: int() would refuse them
            return float(digits)
        return _bounded(int(digits))
    return None


def _number(value: Value) -> int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return _days(value)
    if isinstance(value, tuple):
        value = " ".join(value)
    number = _numeric(value)
    return NAN if number is None else number


def _days(day: date) -> int | float:
    days = day.toordinal() - EPOCH
    if isinstance(day, datetime):
        seconds = day.hour * 3600 + day.minute * 60 + day.second + day.microsecond / 1e6
        return days + seconds / 86400
    return days


def _string(value: Value) -> str:
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


def _boolean(value: Value) -> bool:
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


# --- comparison and arithmetic -------------------------------------------------------------------


def _equal(left: Value, right: Value) -> bool:
    left, right = _flat(left), _flat(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return _boolean(left) == _boolean(right)
    if _is_empty(left) or _is_empty(right):
        return _is_empty(left) and _is_empty(right)
    if (days := _as_days(left, right)) is not None:
        return days[0] == days[1]
    if _is_number(left) or _is_number(right):
        a, b = _numeric(left), _numeric(right)
        if a is not None and b is not None:
            return a == b
    return _string(left) == _string(right)


def _order(op: Op, left: Value, right: Value) -> bool:
    left, right = _flat(left), _flat(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return _ordered(op, _number(left), _number(right))
    if _is_empty(left) or _is_empty(right):
        return False
    if (days := _as_days(left, right)) is not None:
        return _ordered(op, *days)
    a, b = _numeric(left), _numeric(right)
    if a is not None and b is not None:
        return _ordered(op, a, b)
    if _is_number(left) or _is_number(right):
        return False  # a number against text that is not one: XPath's NaN
    return _ordered(op, _string(left), _string(right))


def _flat(value: Value) -> Value:
    """A selection compares as ODK's text "a b": one selected "2" equals 2 and is below 3."""
    return " ".join(value) if isinstance(value, tuple) else value


def _ordered[T: (int | float, str)](op: Op, a: T, b: T) -> bool:
    match op:
        case Op.LT:
            return a < b
        case Op.LE:
            return a <= b
        case Op.GT:
            return a > b
    return a >= b


def _as_days(left: Value, right: Value) -> tuple[int | float, int | float] | None:
    """Both sides in days since 1970 if one is a date and the other can be read as one."""
    if not (isinstance(left, date) or isinstance(right, date)):
        return None
    a, b = _date_number(left), _date_number(right)
    return None if a is None or b is None else (a, b)


def _date_number(value: Value) -> int | float | None:
    if isinstance(value, date):
        return _days(value)
    if _is_number(value):
        assert isinstance(value, int | float)
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return _days(date.fromisoformat(value))
        except ValueError:  # 2024-02-30
            return None
    return None


def _arithmetic(op: Op, a: int | float, b: int | float) -> int | float:
    if isinstance(a, int) and isinstance(b, int) and op is not Op.DIV:
        match op:
            case Op.ADD:
                return _bounded(a + b)
            case Op.SUB:
                return _bounded(a - b)
            case Op.MUL:
                return _bounded(a * b)
        if b == 0:
            return NAN
        remainder = abs(a) % abs(b)  # XPath's mod keeps the sign of the dividend
        return -remainder if a < 0 else remainder
    x, y = _float(a), _float(b)
    match op:
        case Op.ADD:
            return x + y
        case Op.SUB:
            return x - y
        case Op.MUL:
            return x * y
        case Op.DIV:
            return NAN if y == 0 else x / y
    return NAN if y == 0 or math.isinf(x) else math.fmod(x, y)


# --- functions -----------------------------------------------------------------------------------

type Implementation = Callable[[_Evaluator, Call], Value]


@dataclass(frozen=True)
class _Function:
    minimum: int
    maximum: int | None  # None: any number
    implementation: Implementation

    def check_arity(self, name: str, count: int, position: int) -> None:
        if self.minimum <= count and (self.maximum is None or count <= self.maximum):
            return
        if self.maximum is None:
            expected = f"at least {self.minimum}"
        elif self.minimum == self.maximum:
            expected = str(self.minimum)
        else:
            expected = f"{self.minimum} or {self.maximum}"
        plural = "" if expected.endswith(" 1") or expected == "1" else "s"
        raise ExpressionError(f"{name}() takes {expected} argument{plural}, got {count}", position)


def _eager(minimum: int, maximum: int | None, function: Callable[..., Value]) -> _Function:
    """A function of its arguments' values, all evaluated first."""
    return _Function(minimum, maximum, lambda ev, call: function(*ev.arguments(call)))


def _if(ev: _Evaluator, call: Call) -> Value:
    condition, then, otherwise = call.arguments
    return ev.evaluate(then if _boolean(ev.evaluate(condition)) else otherwise)


def _coalesce(ev: _Evaluator, call: Call) -> Value:
    first = ev.evaluate(call.arguments[0])
    return ev.evaluate(call.arguments[1]) if _is_empty(first) else first


def _regex(ev: _Evaluator, call: Call) -> Value:
    text, pattern = (_string(value) for value in ev.arguments(call))
    if len(text) > MAX_REGEX_INPUT:
        raise ExpressionError(
            f"regex() is limited to texts of {MAX_REGEX_INPUT} characters", call.position
        )
    return _compile(pattern, call.position).fullmatch(text) is not None


def _compile(pattern: str, position: int) -> re.Pattern[str]:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(
            f"regex() is limited to patterns of {MAX_PATTERN_LENGTH} characters", position
        )
    try:
        return _compiled(pattern)
    except re.error as error:
        raise ExpressionError(f"invalid regular expression: {error.msg}", position) from None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _choices(value: Value) -> tuple[str, ...]:
    """The choice names of a multiple-choice answer, a list or ODK's "a b c"."""
    return value if isinstance(value, tuple) else tuple(_string(value).split())


def _round(value: Value, digits: Value = 0) -> int | float:
    number, places = _number(value), _number(digits)
    if math.isnan(places) or math.isinf(places):
        return NAN
    places = max(-MAX_LENGTH, min(MAX_LENGTH, int(places)))
    if isinstance(number, float) and not math.isfinite(number):
        return number
    if isinstance(number, int) and places >= 0:
        return number
    exact = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    context = Context(prec=3 * MAX_LENGTH, rounding=ROUND_HALF_UP)  # no digit lost in quantize
    rounded = exact.quantize(Decimal(1).scaleb(-places), context=context)
    return _bounded(int(rounded)) if places <= 0 else float(rounded)


def _int(value: Value) -> int | float:
    number = _number(value)
    return number if isinstance(number, int) or not math.isfinite(number) else int(number)


def _integral(function: Callable[[float], int]) -> Callable[[Value], int | float]:
    def apply(value: Value) -> int | float:
        number = _number(value)
        if isinstance(number, int) or not math.isfinite(number):
            return number
        return function(number)

    return apply


def _abs(value: Value) -> int | float:
    number = _number(value)
    return _bounded(abs(number)) if isinstance(number, int) else abs(number)


_FUNCTIONS: dict[str, _Function] = {
    "selected": _eager(2, 2, lambda choices, name: _string(name) in _choices(choices)),
    "count-selected": _eager(1, 1, lambda choices: len(_choices(choices))),
    "string-length": _eager(1, 1, lambda text: len(_string(text))),
    "string": _eager(1, 1, _string),
    "number": _eager(1, 1, _number),
    "boolean": _eager(1, 1, _boolean),
    "int": _eager(1, 1, _int),
    "round": _eager(1, 2, _round),
    "floor": _eager(1, 1, _integral(math.floor)),
    "ceiling": _eager(1, 1, _integral(math.ceil)),
    "abs": _eager(1, 1, _abs),
    "not": _eager(1, 1, lambda value: not _boolean(value)),
    "true": _eager(0, 0, lambda: True),
    "false": _eager(0, 0, lambda: False),
    "if": _Function(3, 3, _if),
    "coalesce": _Function(2, 2, _coalesce),
    "concat": _eager(1, None, lambda *values: "".join(_string(value) for value in values)),
    "contains": _eager(2, 2, lambda text, part: _string(part) in _string(text)),
    "starts-with": _eager(2, 2, lambda text, part: _string(text).startswith(_string(part))),
    "ends-with": _eager(2, 2, lambda text, part: _string(text).endswith(_string(part))),
    "regex": _Function(2, 2, _regex),
    "today": _Function(0, 0, lambda ev, call: ev.today),
}
