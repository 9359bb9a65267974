"""Repeat groups: where a question sits, and what `${name}` means from where an expression is
evaluated (see "Repeats" in `engine.expressions`)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from teilhabe.engine.xpath.tree import Call, ExpressionError, Reference, gettext_noop
from teilhabe.engine.xpath.values import Nodes, Scalar, Value, as_value, to_string

type Answers = Mapping[str, Any]


@dataclass(frozen=True, eq=False)
class Layout:
    """What the evaluator knows of the form beyond the answers.

    `repeats` names every repeat group and the repeat it is nested in (None at the top);
    `inside` names, for every question in a repeat, the repeat it sits in directly (a question
    in a group inside a repeat sits in that repeat). `choice_labels` gives, per select question,
    the label of each choice in the language the respondent sees (for jr:choice-name());
    `language` is that language's code, for the month and day names of format-date()."""

    repeats: Mapping[str, str | None] = field(default_factory=dict)
    inside: Mapping[str, str] = field(default_factory=dict)
    choice_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    language: str = "de"

    def __post_init__(self) -> None:
        for name, repeat in self.inside.items():
            if repeat not in self.repeats:
                raise ValueError(f"{name!r} sits in {repeat!r}, which is not a repeat")
        for repeat, outer in self.repeats.items():
            if outer is not None and outer not in self.repeats:
                raise ValueError(f"repeat {repeat!r} is nested in {outer!r}, not a repeat")
            if len(self.levels(repeat)) > len(self.repeats):
                raise ValueError(f"repeat {repeat!r} is nested in itself")

    def levels(self, name: str) -> tuple[str, ...]:
        """The repeats, outermost first, whose instance must be known to reach one node named
        `name`: those around a question, or a repeat group and those around it."""
        chain: list[str] = []
        repeat = name if name in self.repeats else self.inside.get(name)
        while repeat is not None and len(chain) <= len(self.repeats):
            chain.append(repeat)
            repeat = self.repeats.get(repeat)
        return tuple(reversed(chain))


NO_REPEATS = Layout()


def resolve(name: str, answers: Answers, layout: Layout, at: Mapping[str, int]) -> Value:
    """The value of `${name}` evaluated in the repeat instances `at` (1-based, by repeat).

    A repeat level fixed by `at` is that instance; any other is every instance, so that a
    question in a repeat seen from outside it is a node-set (as pyxform's relative and absolute
    paths give). A repeat group's own name is always every instance of it."""
    levels = layout.levels(name)
    if not levels:
        return as_value(answers.get(name))
    is_repeat = levels[-1] == name
    containers: list[Answers] = [answers]
    single = True
    for depth, repeat in enumerate(levels):
        index = None if is_repeat and depth == len(levels) - 1 else at.get(repeat)
        found: list[Answers] = []
        for container in containers:
            instances = instances_of(container.get(repeat))
            if index is None:
                found += instances
            elif 1 <= index <= len(instances):
                found.append(instances[index - 1])
        single = single and index is not None
        containers = found
    if is_repeat:
        return Nodes(tuple(text_of(instance) for instance in containers))
    values = tuple(as_value(container.get(name)) for container in containers)
    if single:
        return values[0] if values else None
    return Nodes(values)


def instances_of(raw: object) -> list[Answers]:
    """The instances of a repeat as the answers give them: a sequence of mappings."""
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        return [instance for instance in raw if isinstance(instance, Mapping)]
    return []


def text_of(instance: Answers) -> str:
    """XPath's string-value of a repeat instance: the text of everything in it, in order."""
    parts: list[str] = []
    for raw in instance.values():
        nested = instances_of(raw)
        if nested:
            parts += (text_of(inner) for inner in nested)
        else:
            parts.append(to_string(as_value(raw)))
    return "".join(parts)


def innermost(layout: Layout, at: Mapping[str, int]) -> Scalar:
    """position(..): the number of the innermost repeat instance `at` names; 1 outside."""
    deepest = max(at, key=lambda repeat: len(layout.levels(repeat)), default=None)
    return 1 if deepest is None else at[deepest]


def check_layout(calls: Iterable[Call], layout: Layout) -> None:
    """Refuse what only the form's layout shows wrong: indexed-repeat() over a group that is
    not a repeat around the question."""
    for call in calls:
        if call.function != "indexed-repeat":
            continue
        target = call.arguments[0]
        assert isinstance(target, Reference)
        around = layout.levels(target.name)
        for argument in call.arguments[1::2]:
            assert isinstance(argument, Reference)
            if argument.name not in layout.repeats:
                raise ExpressionError(
                    gettext_noop("${{{name}}} is not a repeat group"),
                    argument.position,
                    name=argument.name,
                )
            if argument.name not in around or argument.name == target.name:
                raise ExpressionError(
                    gettext_noop("${{{question}}} is not inside the repeat group ${{{name}}}"),
                    argument.position,
                    question=target.name,
                    name=argument.name,
                )
