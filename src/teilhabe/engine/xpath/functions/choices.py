"""Choices: selected(), selected-at(), count-selected(), jr:choice-name(), and the checklists
that count true answers."""

import math
import re

from teilhabe.engine.xpath.functions.base import Evaluation, Function, eager
from teilhabe.engine.xpath.tree import Call, ExpressionError, Text, gettext_noop
from teilhabe.engine.xpath.values import (
    Nodes,
    Value,
    each,
    first,
    to_boolean,
    to_number,
    to_string,
)

_QUESTION_TEXT = re.compile(r"\s*\$\{([^\W\d][\w.-]*)\}\s*")


def choices_of(value: Value) -> tuple[str, ...]:
    """The choice names of a multiple-choice answer, a list or ODK's "a b c"."""
    scalar = first(value)
    return scalar if isinstance(scalar, tuple) else tuple(to_string(scalar).split())


def _selected(choices: Value, name: Value) -> bool:
    return to_string(name).strip() in choices_of(choices)


def _selected_at(choices: Value, position: Value) -> str:
    """The choice at the 0-based position; '' if there is none there."""
    number = to_number(position)
    names = choices_of(choices)
    if math.isnan(number) or not 0 <= number < len(names):
        return ""
    return names[int(number)]


def question_of(call: Call) -> str | None:
    """The question named in jr:choice-name()'s second argument, written as '${name}'."""
    argument = call.arguments[1]
    if isinstance(argument, Text) and (match := _QUESTION_TEXT.fullmatch(argument.value)):
        return match.group(1)
    return None


def _choice_name(ev: Evaluation, call: Call) -> str:
    """The label of the chosen choice in the respondent's language; '' if it has none."""
    question = question_of(call)
    assert question is not None  # checked when parsing
    name = to_string(ev.evaluate(call.arguments[0])).strip()
    return ev.layout.choice_labels.get(question, {}).get(name, "")


def _check_choice_name(call: Call) -> None:
    if question_of(call) is None:
        raise ExpressionError(
            gettext_noop(
                "jr:choice-name() names the question as text in its second argument,"
                " such as jr:choice-name(${{q}}, '${{q}}')"
            ),
            call.arguments[1].position,
        )


def _bound(value: Value) -> int:
    """checklist()'s minimum and maximum: whole numbers; -1 (any negative) means no limit."""
    number = to_number(value)
    return 0 if math.isnan(number) else int(max(min(number, 1e18), -1e18))


def _checklist(minimum: Value, maximum: Value, *answers: Value) -> bool:
    """Whether the number of true answers lies between the minimum and the maximum."""
    least, most = _bound(minimum), _bound(maximum)
    count = sum(to_boolean(answer) for answer in each(list(answers)))
    return (least < 0 or count >= least) and (most < 0 or count <= most)


def _weighted_checklist(minimum: Value, maximum: Value, *pairs: Value) -> bool:
    """Whether the weights of the true answers add up to between the minimum and the maximum.
    Answers and weights come in pairs, or as two node-sets of the same length."""
    answers: list[Value] = list(pairs[0::2])
    weights: list[Value] = list(pairs[1::2])
    if len(pairs) == 2 and all(isinstance(pair, Nodes) for pair in pairs):
        answers, weights = list(each(answers)), list(each(weights))
        if len(answers) != len(weights):
            return False
    total = 0.0
    for answer, weight in zip(answers, weights, strict=True):
        if to_boolean(answer):
            total += float(to_number(weight))
    return to_number(minimum) <= total <= to_number(maximum)  # NaN anywhere: false


def _check_weighted(call: Call) -> None:
    if len(call.arguments) % 2:
        raise ExpressionError(
            gettext_noop(
                "weighted-checklist() takes a minimum, a maximum and pairs of answer and weight:"
                " an even number of arguments, got {got}"
            ),
            call.position,
            got=str(len(call.arguments)),
        )


FUNCTIONS: dict[str, Function] = {
    "selected": eager(2, 2, _selected),
    "selected-at": eager(2, 2, _selected_at),
    "count-selected": eager(1, 1, lambda choices: len(choices_of(choices))),
    "jr:choice-name": Function(2, 2, _choice_name, _check_choice_name),
    "checklist": eager(2, None, _checklist),
    "weighted-checklist": eager(2, None, _weighted_checklist, _check_weighted),
}
