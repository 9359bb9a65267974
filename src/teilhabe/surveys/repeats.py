"""Repeat groups while a questionnaire is answered: how their instances are stored, named on
the page, counted, and which of their questions apply in each instance.

Storage: a repeat's answers are one Answer row named after the repeat, whose value is the list
of its instances in order, each a mapping of its answers plus a stable id under "#" (not a
valid question name): [{"#": 1, "title": "Sprachcafé"}, {"#": 3, "title": "Patenschaft"}].
The id survives the removal of an earlier instance, so an autosave from a page that still
shows the old numbering reaches the right instance. Top-level answers keep their own rows, so
responses to forms without repeats are unchanged.

On the page and in POST data an instance's field is named `offers·3·title` (repeat, id,
question): "·" cannot occur in a question name (`XML_NAME`), and it is a valid character in
HTML ids and CSS selectors.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from teilhabe.engine import expressions

ID = "#"
SEP = "·"
MAX_INSTANCES = 100  # per repeat: enough for any municipality's offers, a bound against abuse


@dataclass(frozen=True)
class Key:
    """Where an instance's field is: repeat name, instance id, question name."""

    repeat: str
    instance: int
    question: str

    def __str__(self) -> str:
        return f"{self.repeat}{SEP}{self.instance}{SEP}{self.question}"


def parse_key(text: str) -> Key | None:
    """The field an instance key names; None for a plain question name."""
    parts = text.split(SEP)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return Key(parts[0], int(parts[1]), parts[2])


def instances(value: Any) -> list[dict[str, Any]]:
    """The stored instances of a repeat (a list of mappings with an id), in order."""
    if not isinstance(value, list):
        return []
    return [dict(instance) for instance in value if isinstance(instance, dict) and ID in instance]


def next_id(stored: list[dict[str, Any]]) -> int:
    return max((int(instance[ID]) for instance in stored), default=0) + 1


def has_answers(instance: Mapping[str, Any], answered: frozenset[str]) -> bool:
    """Whether the respondent gave any of the `answered` questions (not calculations)."""
    return any(instance.get(name) not in (None, "", []) for name in answered)


def count(
    expression: expressions.Expression | None,
    answers: Mapping[str, Any],
    layout: expressions.Layout,
) -> int | None:
    """How many instances repeat_count asks for (None: as many as the respondent adds)."""
    if expression is None:
        return None
    number = expressions.to_number(expressions.evaluate(expression, answers, layout=layout))
    if number != number or number in (float("inf"), float("-inf")):  # NaN or infinite
        return 0
    return max(0, min(MAX_INSTANCES, int(Decimal(str(number)))))


def with_count(stored: list[dict[str, Any]], wanted: int | None) -> list[dict[str, Any]]:
    """The instances as repeat_count fixes them: the first `wanted`, padded with empty ones
    (ids after the highest), or all when there is no count."""
    if wanted is None:
        return stored
    found = stored[:wanted]
    while len(found) < wanted:
        found.append({ID: next_id(found + stored)})
    return found
