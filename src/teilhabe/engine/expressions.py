"""Skip logic and constraints: the XLSForm expression language, a subset of ODK XPath.

A questionnaire says when a question is shown (`relevant`) and what an answer must satisfy
(`constraint`) in the syntax form designers know from XLSForm:

    ${has_children} = 'yes' and ${children} > 0
    . >= 0 and . <= 120
    selected(${languages}, 'de') or count-selected(${languages}) > 2

The text comes from whoever builds the questionnaire, so it never reaches Python's own parser:
a tokenizer and a precedence-climbing parser (this module) turn it into a tree of frozen
dataclasses (`xpath.tree`), and an evaluator (`xpath.evaluator`) walks that tree. Only the
functions in `xpath.functions` exist; anything else is an error when the expression is parsed,
so a questionnaire with a typo is refused when it is saved, not when a respondent fills it in.

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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from teilhabe.engine.xpath.evaluator import LOCAL_TIME_ZONE, evaluate, is_true, relevant_questions
from teilhabe.engine.xpath.functions import FUNCTIONS, Implementation, compile_pattern
from teilhabe.engine.xpath.tree import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_PATTERN_LENGTH,
    MAX_REGEX_INPUT,
    ORDERINGS,
    PRECEDENCE,
    Binary,
    Call,
    Current,
    Expression,
    ExpressionError,
    Negate,
    Node,
    Number,
    Op,
    Reference,
    Text,
)
from teilhabe.engine.xpath.values import EPOCH, NAN, Value, bounded

__all__ = [
    "EPOCH",
    "LOCAL_TIME_ZONE",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_PATTERN_LENGTH",
    "MAX_REGEX_INPUT",
    "NAN",
    "ORDERINGS",
    "PRECEDENCE",
    "Binary",
    "Call",
    "Current",
    "Expression",
    "ExpressionError",
    "Implementation",
    "Negate",
    "Node",
    "Number",
    "Op",
    "Reference",
    "Text",
    "Value",
    "evaluate",
    "is_true",
    "parse",
    "references",
    "relevant_questions",
]

_FUNCTIONS = FUNCTIONS  # the function library by name: the calls the parser accepts
_WORD_OPERATORS = {Op.OR, Op.AND, Op.DIV, Op.MOD}  # names, not symbols, in XPath


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
            compile_pattern(pattern.value, pattern.position)
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
    return float(digits) if "." in digits else bounded(int(digits))


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
