"""Skip logic, constraints and calculations: the XLSForm expression language, ODK's XPath.

A questionnaire says when a question is shown (`relevant`), what an answer must satisfy
(`constraint`) and what a calculation gives (`calculation`) in the syntax form designers know
from XLSForm:

    ${has_children} = 'yes' and ${children} > 0
    . >= 0 and . <= 120
    selected(${languages}, 'de') or count-selected(${languages}) > 2
    format-date(date(${arrival} + 30), '%e. %b %Y')

The text comes from whoever builds the questionnaire, so it never reaches Python's own parser:
a tokenizer and a precedence-climbing parser (this module) turn it into a tree of frozen
dataclasses (`xpath.tree`), and an evaluator (`xpath.evaluator`) walks that tree. Only the
functions in `xpath.functions` exist: the library of the ODK XForms specification
(getodk.github.io/xforms-spec, "XPath Functions"), with JavaRosa's behaviour where the
specification is terse. Anything else is an error when the expression is parsed, and so is a
function that cannot work here (pulldata(), instance(), area()...: `xpath.functions.refused`
says why), a call with the wrong number or kind of arguments (count(1), position()), and a
literal a function would refuse (date('gestern'), format-date(., '%Q'), regex(., '(')). So a
questionnaire with a problem is refused when it is imported, not when a respondent fills it in:
evaluating never fails, except regex() on a pattern that only the answers make invalid.

Semantics follow XPath 1.0 as the ODK specification extends it:

- Values. Answers are plain Python values: str, int, float, Decimal, bool, date, datetime,
  a list of choice names for a multiple choice, or None / "" when unanswered. Numbers stay
  `int` while that is exact (so `2 * 3` is 6, not 6.0) and become float otherwise; beyond
  the range of a double they become infinite, as in XPath. Decimal answers become int or
  float; a time becomes its ISO text ('08:30:00'). A multiple choice may also be ODK's text
  "a b c"; lists come back as tuples, and compare as that text (["2"] = 2 is true).
- Empty. None, "" and an empty selection are all "unanswered". `${q} = ''` is true for them
  and `${q} != ''` false. As a number an unanswered value is NaN, so every ordering comparison
  (`<`, `<=`, `>`, `>=`) with it is false and arithmetic on it gives NaN.
- Comparing (XPath 1.0). With a boolean on either side, `=` and `!=` compare booleans; else
  with a number on either side they compare numbers; else texts, which are equal only if
  identical ('01' is not '1': choice names such as municipality codes are often numeric with
  leading zeros). A date compares with a date, a number of days or a text written as a date
  as days. The orderings always compare numbers: true is 1, a text is its number (" 12 ",
  "-3.5"), a date or a text written as one is its days, and any other text is NaN, so
  '08:30' < '17:00' and 'a' < 'b' are false as in ODK (compare times with decimal-time()).
- Arithmetic. `div` and `mod` as XPath: `1 div 0` is Infinity, `-1 div 0` -Infinity,
  `0 div 0` and `5 mod 0` NaN; `mod` keeps the sign of the dividend (-7 mod 3 is -1). Every
  comparison with NaN is false, except `!=`. `and` and `or` evaluate their right side only when
  needed; unary minus binds tighter than `*`, which binds tighter than `+`, then the
  orderings, `=` and `!=`, `and`, `or`. An integer zero has no sign: `1 div -0` is Infinity.
- Truth. false, 0, NaN, "", None and an empty selection are false; everything else is true
  (so the text 'false' and the text '0' are true, as in XPath: boolean-from-string() reads
  'true' and '1' as ODK stores booleans).
- Dates and times (`xpath.datetimes`). A date, or a text written as one ('2024-05-31'), is its
  number of days since 1970-01-01 in arithmetic and comparisons (`today() - 7`,
  `${end} - ${start}`); date() turns a number of days back into a date. A dateTime counts days
  since 1970-01-01T00:00Z with a fraction; written without an offset it is Berlin's clock.
  today() is the injected date, or today in Berlin; now() the injected moment, or now, and
  its text is ODK's ('2024-05-31T10:20:30.123+02:00'). decimal-time() is the fraction of the
  day on Berlin's clock (noon is 0.5); decimal-date-time() of a date counts from its midnight
  in Berlin, as JavaRosa does. format-date() and format-date-time() know the codes %Y %y %m
  %n %b %d %e %H %h %M %S %3 %a and %%; %b and %a are in the layout's language (German
  unless 'en'). A value that is no date gives '' from date() and format-date(), NaN from the
  decimal functions.
- Functions. `round(x, n)` rounds in decimal (round(2.675, 2) is 2.68), halves towards
  positive infinity as XPath (round(-2.5) is -2). `int(x)` truncates. `regex(s, p)` must
  match the whole text (Python `re.fullmatch`, as JavaRosa's `Pattern.matches`; Enketo
  searches, so a pattern without ^...$ accepts more there). `substr(s, start, end)` counts
  from 0 and, as Python slices and JavaRosa, from the end when negative. `sum()`, `min()` and
  `max()` leave out answers that are not numbers (an unanswered instance of a repeat does not
  spoil the rest, as in JavaRosa); with none left min() and max() are NaN and sum() is 0.
  `coalesce()` also passes over NaN. `selected-at(s, n)` counts from 0. `jr:choice-name(v,
  '${q}')` is the label of choice v of question q in the layout's `choice_labels`, '' if
  there is none. `once(x)` keeps the question's own value (`current`) once it has one.
  `uuid()`, `uuid(n)` and `random()` are random each time they are evaluated.
- Node-sets and repeats (`xpath.repeats`). Answers in a repeat group are passed as the repeat's
  name mapped to a list of instances, each a mapping of its answers (nested repeats nest the
  same way): {"offers": [{"title": "Sprachcafé", "cost": 0}, {"title": "Patenschaft"}]}. The
  evaluator needs the form's `Layout`: each repeat and the repeat it is nested in, each
  question in a repeat and its repeat. `at` names the instances (1-based, by repeat name) the
  expression is evaluated in, for the question's own repeat and those around it:
  at={"offers": 2}. Then `${name}` means what pyxform's paths mean: a question outside any
  repeat is its answer; one in a repeat whose instance `at` fixes is the answer in that
  instance; otherwise it is a node-set (`Nodes`) of its answers in every instance, in order,
  and a repeat's own name is the node-set of its instances. count(), count-non-empty(),
  sum(), min(), max(), join(), concat() and the checklists see every node; a comparison is
  true if it holds for some node (`${age} > 17` from outside the repeat: someone is of age);
  anything else sees the first node, and a node-set is true if it is not empty.
  position(..) is the number of the innermost instance in `at` (1 outside repeats);
  indexed-repeat(${q}, ${repeat}, n [, ${inner}, m ...]) is q's answer in instance n.
  check_layout() refuses, at import, an indexed-repeat() over a group that is not a repeat
  around the question; `Layout` refuses a layout whose repeats are not nested properly.
- Choice filters. parse(source, choice_filter=True) reads a bare name as a column of the
  choices sheet (`state = ${state}`, `selected(${q}, name)`), evaluated against the `choice`
  mapping given to evaluate(); columns() lists them, references() the questions.
- Messages. ExpressionError carries an English template and its parameters; `message` is the
  English text and `render(gettext)` the translated one, so the engine needs no Django.
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
from teilhabe.engine.xpath.functions import FUNCTIONS, REFUSED, Implementation
from teilhabe.engine.xpath.functions.choices import question_of
from teilhabe.engine.xpath.repeats import Layout
from teilhabe.engine.xpath.repeats import check_layout as _check_layout
from teilhabe.engine.xpath.tree import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_PATTERN_LENGTH,
    MAX_REGEX_INPUT,
    ORDERINGS,
    PRECEDENCE,
    Binary,
    Call,
    Column,
    Current,
    Expression,
    ExpressionError,
    Negate,
    Node,
    Number,
    Op,
    Parent,
    Reference,
    Text,
    gettext_noop,
)
from teilhabe.engine.xpath.values import (
    EPOCH,
    NAN,
    Nodes,
    Scalar,
    Value,
    bounded,
    to_boolean,
    to_number,
    to_string,
)

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
    "Column",
    "Current",
    "Expression",
    "ExpressionError",
    "Implementation",
    "Layout",
    "Negate",
    "Node",
    "Nodes",
    "Number",
    "Op",
    "Parent",
    "Reference",
    "Scalar",
    "Text",
    "Value",
    "check_layout",
    "columns",
    "evaluate",
    "is_true",
    "parse",
    "references",
    "relevant_questions",
    "to_boolean",
    "to_number",
    "to_string",
]

_FUNCTIONS = FUNCTIONS  # the function library by name: the calls the parser accepts
_WORD_OPERATORS = {Op.OR, Op.AND, Op.DIV, Op.MOD}  # names, not symbols, in XPath


# --- tokens --------------------------------------------------------------------------------------

type Kind = Literal["number", "string", "reference", "current", "parent", "name", "symbol", "end"]


@dataclass(frozen=True)
class _Token:
    kind: Kind
    content: str  # the number's digits, the string's text, the name, the symbol
    position: int
    text: str  # as written, for messages

    def refuse(self, template: str, at_end: str, **params: str) -> ExpressionError:
        """An error about this token: `template` names it as {found}; `at_end` is for the end."""
        if self.kind == "end":
            return ExpressionError(at_end, self.position, **params)
        return ExpressionError(template, self.position, found=repr(self.text), **params)


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
                raise ExpressionError(
                    gettext_noop("text starting here has no closing {quote}"), start, quote=char
                )
            i = end + 1
            tokens.append(_Token("string", source[start + 1 : end], start, source[start:i]))
        elif number := _NUMBER.match(source, i):
            i = number.end()
            tokens.append(_Token("number", number.group(), start, number.group()))
        elif source.startswith("..", i):
            i += 2
            tokens.append(_Token("parent", "..", start, ".."))
        elif char == ".":
            i += 1
            tokens.append(_Token("current", ".", start, "."))
        elif name := _NAME.match(source, i):
            i = name.end()
            tokens.append(_Token("name", name.group(), start, name.group()))
        elif symbol := next((s for s in _SYMBOLS if source.startswith(s, i)), None):
            i += len(symbol)
            tokens.append(_Token("symbol", symbol, start, symbol))
        elif char in _TYPOGRAPHIC_QUOTES:
            raise ExpressionError(
                gettext_noop("unexpected {character}: quote text with ' or \""),
                start,
                character=repr(char),
            )
        elif char == "/":
            raise ExpressionError(
                gettext_noop(
                    "unexpected character '/': paths are not supported;"
                    " refer to a question as ${{name}}"
                ),
                start,
            )
        else:
            raise ExpressionError(
                gettext_noop("unexpected character {character}"), start, character=repr(char)
            )
    tokens.append(_Token("end", "", len(source), ""))
    return tokens


def _question_name(source: str, start: int) -> tuple[str, int]:
    """Read `${name}` at `start`; return the name and the offset after the `}`."""
    if not source.startswith("${", start):
        raise ExpressionError(
            gettext_noop("expected '{{' after '$': refer to a question as ${{name}}"), start + 1
        )
    name = _QUESTION.match(source, start + 2)
    if name is None:
        raise ExpressionError(
            gettext_noop("expected a question name after '${{' (a letter or '_' first)"),
            start + 2,
        )
    end = name.end()
    if end == len(source):
        raise ExpressionError(gettext_noop("'${{' has no closing '}}'"), start)
    if source[end] != "}":
        raise ExpressionError(
            gettext_noop(
                "unexpected {character} in a question name (letters, digits, '_', '-' and '.' only)"
            ),
            end,
            character=repr(source[end]),
        )
    return name.group(), end + 1


# --- parser --------------------------------------------------------------------------------------


def parse(source: str, *, choice_filter: bool = False) -> Expression:
    """Parse an XLSForm expression, or raise ExpressionError saying where and why.

    With `choice_filter`, a bare name is a column of the choices sheet (see "Choice filters")."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            gettext_noop("expression is longer than {most} characters"),
            MAX_LENGTH,
            most=str(MAX_LENGTH),
        )
    if not source.strip():
        raise ExpressionError(gettext_noop("expression is empty"), 0)
    return Expression(source, _Parser(_tokenize(source), choice_filter).parse())


class _Parser:
    """Precedence climbing: each loop collects the operators of one level, left to right."""

    def __init__(self, tokens: list[_Token], choice_filter: bool) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.choice_filter = choice_filter

    def parse(self) -> Node:
        tree = self.expression(1)
        token = self.peek()
        if token.kind != "end":
            raise token.refuse(gettext_noop("expected an operator, found {found}"), "")
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
            raise ExpressionError(
                gettext_noop("expression is nested more than {most} levels deep"),
                token.position,
                most=str(MAX_DEPTH),
            )

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
            case "parent":
                raise ExpressionError(
                    gettext_noop("'..' (the parent) is not supported, except in position(..)"),
                    token.position,
                )
            case "symbol" if token.content == "(":
                self.nest(token)
                inner = self.expression(1)
                self.expect(
                    ")",
                    gettext_noop(
                        "expected ')' to close the '(' at position {opening}, found {found}"
                    ),
                    gettext_noop(
                        "expected ')' to close the '(' at position {opening},"
                        " found the end of the expression"
                    ),
                    opening=str(token.position),
                )
                self.depth -= 1
                return inner
        raise token.refuse(
            gettext_noop("expected a value, found {found}"),
            gettext_noop("expected a value, found the end of the expression"),
        )

    def at(self, symbol: str) -> bool:
        token = self.peek()
        return token.kind == "symbol" and token.content == symbol

    def call(self, name: _Token) -> Call | Column:
        if not self.at("("):
            if name.content in _WORD_OPERATORS:
                raise ExpressionError(
                    gettext_noop("expected a value before {word}"),
                    name.position,
                    word=repr(name.text),
                )
            if self.choice_filter:
                return Column(name.content, name.position)
            if name.content in _FUNCTIONS:
                raise ExpressionError(
                    gettext_noop("expected '(' after {word}"), name.position, word=repr(name.text)
                )
            raise ExpressionError(
                gettext_noop(
                    "unexpected name '{word}': quote text ('{word}'),"
                    " refer to a question as ${{{word}}}, or call a function with ()"
                ),
                name.position,
                word=name.text,
            )
        function = _FUNCTIONS.get(name.content)
        if function is None:
            if name.content in REFUSED:
                raise ExpressionError(REFUSED[name.content], name.position, name=name.content)
            raise ExpressionError(
                gettext_noop("unknown function {name}()"), name.position, name=name.content
            )
        self.nest(name)
        self.advance()
        arguments: list[Node] = []
        if not self.at(")"):
            arguments.append(self.argument(name.content))
            while self.at(","):
                self.advance()
                arguments.append(self.argument(name.content))
        self.expect(
            ")",
            gettext_noop("expected ')' after the arguments of {name}(), found {found}"),
            gettext_noop(
                "expected ')' after the arguments of {name}(), found the end of the expression"
            ),
            name=name.content,
        )
        self.depth -= 1
        call = Call(name.content, tuple(arguments), name.position)
        function.check_call(call)
        return call

    def argument(self, function: str) -> Node:
        """An argument: any expression, or for position() `..` on its own."""
        token = self.peek()
        following = self.tokens[min(self.index + 1, len(self.tokens) - 1)]
        if function == "position" and token.kind == "parent" and following.text in (")", ","):
            self.advance()
            return Parent(token.position)
        return self.expression(1)

    def expect(self, symbol: str, template: str, at_end: str, **params: str) -> None:
        token = self.advance()
        if token.kind != "symbol" or token.content != symbol:
            raise token.refuse(template, at_end, **params)


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
    """The question names the expression refers to with ${name}, including the question
    jr:choice-name() names as text ('${name}')."""
    names = {node.name for node in _walk(expr.tree) if isinstance(node, Reference)}
    for node in _walk(expr.tree):
        if isinstance(node, Call) and node.function == "jr:choice-name":
            question = question_of(node)
            if question is not None:
                names.add(question)
    return frozenset(names)


def columns(expr: Expression) -> frozenset[str]:
    """The columns of the choices sheet a choice filter refers to by bare name."""
    return frozenset(node.name for node in _walk(expr.tree) if isinstance(node, Column))


def check_layout(expr: Expression, layout: Layout) -> None:
    """Refuse what is wrong only given the form's repeats: indexed-repeat() over a group that
    is not a repeat around the question. Call it at import, once the layout is known."""
    _check_layout((node for node in _walk(expr.tree) if isinstance(node, Call)), layout)


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
