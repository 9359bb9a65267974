"""A questionnaire version while it is being answered: which questions apply, how raw input
becomes a typed answer, and what blocks a submission. Skip logic and constraints are XLSForm
expressions, evaluated by the pure engine, never by `eval`."""

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.engine import expressions
from teilhabe.surveys import repeats
from teilhabe.surveys.coercion import InvalidAnswer as InvalidAnswer
from teilhabe.surveys.coercion import calculated_cell as calculated_cell
from teilhabe.surveys.coercion import coerce as coerce
from teilhabe.surveys.coercion import entry_problem as entry_problem
from teilhabe.surveys.coercion import typed as typed
from teilhabe.surveys.xlsform import (
    UNANSWERED_TYPES,
    Choice,
    Form,
    Question,
    Section,
    form_from_dict,
)


@dataclass(frozen=True)
class Item:
    section: Section
    question: Question
    relevant: expressions.Expression | None  # the question's own condition and its section's
    constraint: expressions.Expression | None
    choice_filter: expressions.Expression | None = None
    calculation: expressions.Expression | None = None

    @property
    def repeat(self) -> str:
        """The repeat group the question is in, "" outside repeats."""
        return self.section.name if self.section.repeat else ""


def layout_of(sections: tuple[Section, ...]) -> expressions.Layout:
    """Where the repeats are, for the expression engine: each repeat at the top level (groups
    do not nest here), and each question in one (with the field or_other adds)."""
    repeats = [section for section in sections if section.repeat]
    return expressions.Layout(
        repeats=dict.fromkeys((section.name for section in repeats), None),
        inside={
            question.name: section.name
            for section in repeats
            for question in _with_other(section.questions)
        },
    )


def _expression(text: str) -> expressions.Expression | None:
    return expressions.parse(text) if text.strip() else None


@functools.lru_cache(maxsize=64)
def _compiled(form_json: str) -> tuple[Form, tuple[Item, ...]]:
    import json

    form = form_from_dict(json.loads(form_json))
    items = []
    for section in form.sections:
        for question in _with_other(section.questions):
            conditions = [c for c in (section.relevant, question.relevant) if c.strip()]
            relevant = " and ".join(f"({c})" for c in conditions)
            choice_filter = (
                expressions.parse(question.choice_filter, choice_filter=True)
                if question.choice_filter.strip()
                else None
            )
            items.append(
                Item(
                    section,
                    question,
                    _expression(relevant),
                    _expression(question.constraint),
                    choice_filter,
                    _expression(question.calculation),
                )
            )
    return form, tuple(items)


# What pyxform adds for "or_other": the choice and the field that says what "other" is.
OTHER = Choice("other", {"de": "Sonstiges", "en": "Other"})
SPECIFY = {"de": "Bitte geben Sie an, was:", "en": "Specify other."}


def _with_other(questions: tuple[Question, ...]) -> Iterator[Question]:
    for question in questions:
        if not question.or_other:
            yield question
            continue
        yield dataclasses.replace(question, choices=(*question.choices, OTHER))
        yield Question(
            f"{question.name}_other",
            "text",
            SPECIFY,
            relevant=f"selected(${{{question.name}}}, 'other')",
        )


_BY_VERSION: dict[tuple[Any, ...], tuple[Form, tuple["Item", ...]]] = {}


def compile_version(version: Any) -> tuple[Form, tuple["Item", ...]]:
    """The compiled form of a questionnaire version in use by a wave. Such a version never
    changes (edits start a new version), so it is compiled once per process, by id."""
    # The creation time is part of the key, so a reused id (after a rollback) is never confused.
    key = (version.pk, version.created_at)
    if key not in _BY_VERSION:
        if len(_BY_VERSION) > 256:
            _BY_VERSION.clear()
        _BY_VERSION[key] = compile_form(version.form)
    return _BY_VERSION[key]


def compile_form(form_dict: dict[str, Any]) -> tuple[Form, tuple[Item, ...]]:
    """Parse a stored version once; the expressions are cached for every later request."""
    import json

    return _compiled(json.dumps(form_dict, sort_keys=True))


def relevant(items: tuple[Item, ...], answers: dict[str, Any]) -> set[str]:
    """Names of the questions outside repeats that apply, given the answers so far (ODK
    semantics: an answer to a question that does not apply counts as empty for later
    conditions). `answers` as `answers_of` gives them; see `instance_relevant` for repeats."""
    return expressions.relevant_questions(
        [(i.question.name, i.relevant) for i in items if not i.repeat],
        answers,
        layout=layout(items),
    )


def layout(items: tuple[Item, ...]) -> expressions.Layout:
    """Where the repeats are (see `layout_of`), from the compiled items."""
    inside = {item.question.name: item.repeat for item in items if item.repeat}
    return expressions.Layout(repeats=dict.fromkeys(inside.values(), None), inside=inside)


def repeat_items(items: tuple[Item, ...]) -> dict[str, tuple[Item, ...]]:
    """The items of each repeat group, by its name, in form order."""
    found: dict[str, list[Item]] = {}
    for item in items:
        if item.repeat:
            found.setdefault(item.repeat, []).append(item)
    return {name: tuple(its) for name, its in found.items()}


@functools.lru_cache(maxsize=256)
def _count_expression(text: str) -> expressions.Expression | None:
    return _expression(text)


def answers_of(items: tuple[Item, ...], stored: dict[str, Any]) -> dict[str, Any]:
    """Stored answers as the expression engine expects them: typed, and each repeat as the
    list of its instances (repeat_count applied), each a mapping of typed answers."""
    found: dict[str, Any] = {
        i.question.name: typed(i.question, stored.get(i.question.name))
        for i in items
        if not i.repeat
    }
    for name, its in repeat_items(items).items():
        found[name] = [
            {i.question.name: typed(i.question, instance.get(i.question.name)) for i in its}
            for instance in instances_shown(items, name, stored, found)
        ]
    return found


def instances_shown(
    items: tuple[Item, ...], repeat: str, stored: dict[str, Any], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The repeat's stored instances as the page shows them: repeat_count applied."""
    section = next(i.section for i in items if i.repeat == repeat)
    wanted = repeats.count(_count_expression(section.repeat_count), answers, layout(items))
    return repeats.with_count(repeats.instances(stored.get(repeat)), wanted)


def applicable_instances(
    items: tuple[Item, ...], repeat: str, stored: dict[str, Any], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The repeat's instances (repeat_count applied) with only the answers that apply in
    each, and its id: what a submission keeps and results count."""
    found = []
    for position, instance in enumerate(instances_shown(items, repeat, stored, answers), start=1):
        here = instance_relevant(items, answers, repeat, position) | {repeats.ID}
        found.append({k: v for k, v in instance.items() if k in here})
    return found


def instance_relevant(
    items: tuple[Item, ...], answers: dict[str, Any], repeat: str, position: int
) -> set[str]:
    """Names of the repeat's questions that apply in its instance at `position` (1-based),
    walked in form order as `relevant` walks the others."""
    seen = dict(answers)
    instance = dict(seen[repeat][position - 1])
    seen[repeat] = [*seen[repeat][: position - 1], instance, *seen[repeat][position:]]
    where = layout(items)
    shown: set[str] = set()
    for item in repeat_items(items).get(repeat, ()):
        name = item.question.name
        if item.relevant is None or expressions.is_true(
            item.relevant, seen, instance.get(name), layout=where, at={repeat: position}
        ):
            shown.add(name)
        else:
            instance[name] = None
    return shown


def choices(
    item: Item,
    answers: dict[str, Any],
    at: dict[str, int] | None = None,
    where: expressions.Layout | None = None,
) -> list[Choice]:
    """The choices offered, given the answers so far: those the choice filter lets through
    (each choice is seen as its columns: name, label and the list's own columns). `at` and
    `where` place a question of a repeat in one of its instances."""
    if item.choice_filter is None:
        return list(item.question.choices)
    return [
        choice
        for choice in item.question.choices
        if expressions.is_true(
            item.choice_filter,
            answers,
            choice={"name": choice.name, "label": label(choice.labels, "de"), **choice.extra},
            layout=where,
            at=at,
        )
    ]


def filtered_choices(
    items: tuple[Item, ...], answers: dict[str, Any], stored: dict[str, Any] | None = None
) -> dict[str, list[str]]:
    """For each question with a choice filter, the names of the choices it offers now; in a
    repeat, for each of its instances (by the field's key)."""
    found = {
        item.question.name: [choice.name for choice in choices(item, answers)]
        for item in items
        if item.choice_filter is not None and not item.repeat
    }
    where = layout(items)
    for repeat, its in repeat_items(items).items():
        shown = instances_shown(items, repeat, stored or {}, answers)
        for position, instance in enumerate(shown, start=1):
            for item in its:
                if item.choice_filter is not None:
                    key = str(repeats.Key(repeat, int(instance[repeats.ID]), item.question.name))
                    offered = choices(item, answers, {repeat: position}, where)
                    found[key] = [choice.name for choice in offered]
    return found


def initial_answers(items: tuple[Item, ...]) -> dict[str, Any]:
    """The answers a new response starts with: each question's `default`, as ODK fills the
    form's instance with them when it is created."""
    found = {}
    for item in items:
        question = item.question
        if question.default and question.type != "note":
            raw = (
                question.default.split() if question.type == "select_multiple" else question.default
            )
            found[question.name] = coerce(question, raw)
    return found


def calculated(items: tuple[Item, ...], stored: dict[str, Any]) -> dict[str, Any]:
    """The value of every calculate question, in form order, given the stored answers: its
    calculation as text (as ODK stores it), or None where it does not apply. A repeat with
    calculations maps to its instances as stored, with their calculations filled in (first,
    so that a calculation outside can sum them)."""
    answers = answers_of(items, stored)
    where = layout(items)
    found: dict[str, Any] = {}
    for repeat, its in repeat_items(items).items():
        if not any(item.calculation is not None for item in its):
            continue
        shown = instances_shown(items, repeat, stored, answers)
        for position, instance in enumerate(shown, start=1):
            applies = instance_relevant(items, answers, repeat, position)
            for item in its:
                if item.calculation is None:
                    continue
                name, value = item.question.name, None
                if name in applies:
                    result = expressions.evaluate(
                        item.calculation, answers, layout=where, at={repeat: position}
                    )
                    value = expressions.to_string(result) or None
                instance[name] = answers[repeat][position - 1][name] = value
        found[repeat] = shown
    applies = relevant(items, answers)
    for item in items:
        if item.calculation is None or item.repeat:
            continue
        name = item.question.name
        value = None
        if name in applies:
            text = expressions.to_string(
                expressions.evaluate(item.calculation, answers, layout=where)
            )
            value = text or None
        answers[name] = found[name] = value
    return found


def label(labels: dict[str, str], language: str, default: str = "") -> str:
    return labels.get(language) or labels.get("de") or next(iter(labels.values()), default)


def problems(items: tuple[Item, ...], stored: dict[str, Any], language: str) -> dict[str, str]:
    """What blocks a submission: required questions left empty and violated constraints,
    for the questions that apply. Maps question name (or, in a repeat, the field's key) to a
    message."""
    answers = answers_of(items, stored)
    where = layout(items)
    applies = relevant(items, answers)
    found: dict[str, str] = {}
    for item in items:
        name = item.question.name
        if item.repeat or name not in applies:
            continue
        if problem := _problem(item, answers, answers.get(name), language, None, where):
            found[name] = problem
    for repeat, its in repeat_items(items).items():
        shown = instances_shown(items, repeat, stored, answers)
        for position, instance in enumerate(shown, start=1):
            here = instance_relevant(items, answers, repeat, position)
            for item in its:
                if item.question.name not in here:
                    continue
                value = answers[repeat][position - 1].get(item.question.name)
                at = {repeat: position}
                if problem := _problem(item, answers, value, language, at, where):
                    key = repeats.Key(repeat, int(instance[repeats.ID]), item.question.name)
                    found[str(key)] = problem
    return found


def _problem(
    item: Item,
    answers: dict[str, Any],
    value: Any,
    language: str,
    at: dict[str, int] | None,
    where: expressions.Layout,
) -> str:
    if item.question.type in UNANSWERED_TYPES:
        return ""
    if value in (None, "", []):
        if item.question.required:
            return label(item.question.required_messages, language) or _(
                "Please answer this question."
            )
        return ""
    if item.choice_filter is not None:
        offered = {choice.name for choice in choices(item, answers, at, where)}
        given = value if isinstance(value, list) else [value]
        if any(v not in offered for v in given):
            return _("This choice does not fit your earlier answers.")
    if item.constraint and not expressions.is_true(
        item.constraint, answers, value, layout=where, at=at
    ):
        return label(item.question.constraint_messages, language) or _(
            "This answer is not allowed."
        )
    return ""
