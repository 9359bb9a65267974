"""What the answering page learns after each save: the fields that apply now, the texts that
depend on answers, and which stored answer or compiled question a field's key names (a
question's name, or `repeats.Key` in a repeat)."""

from typing import Any

from teilhabe.surveys import repeats, runtime, values


def texts(
    items: tuple[runtime.Item, ...], stored: dict[str, Any], language: str
) -> dict[str, dict[str, str]]:
    """The label, hint and shown value of every question whose text depends on answers
    (${name} in a label or hint, or a calculation): the page replaces them after a save.
    In a repeat, for each instance, by the field's key."""
    questions = {i.question.name: i.question for i in items}
    answers = runtime.answers_of(items, stored)
    scopes: dict[str, list[tuple[str, dict[str, Any]]]] = {
        name: [
            (f"{name}{repeats.SEP}{instance[repeats.ID]}{repeats.SEP}", instance)
            for instance in runtime.instances_shown(items, name, stored, answers)
        ]
        for name in runtime.repeat_items(items)
    }
    found = {}
    for item in items:
        question = item.question
        raw = " ".join([*question.labels.values(), *question.hints.values()])
        if "${" not in raw and question.type != "calculate":
            continue
        for prefix, scope in scopes.get(item.repeat, [("", {})]):
            given = stored | scope
            found[prefix + question.name] = {
                "label": values.fill(
                    runtime.label(question.labels, language, question.name),
                    questions,
                    given,
                    language,
                ),
                "hint": values.fill(
                    runtime.label(question.hints, language), questions, given, language
                ),
                "value": values.display(question, given.get(question.name), language),
            }
    return found


def applying(items: tuple[runtime.Item, ...], stored: dict[str, Any]) -> list[str]:
    """The fields that apply now: question names and, in repeats, the fields' keys."""
    answers = runtime.answers_of(items, stored)
    found = set(runtime.relevant(items, answers))
    for name in runtime.repeat_items(items):
        shown = runtime.instances_shown(items, name, stored, answers)
        for position, instance in enumerate(shown, start=1):
            found |= {
                str(repeats.Key(name, int(instance[repeats.ID]), question))
                for question in runtime.instance_relevant(items, answers, name, position)
            }
    return sorted(found)


def stored_value(stored: dict[str, Any], key: str) -> Any:
    """The stored answer a field's key names (in a repeat: in its instance)."""
    where = repeats.parse_key(key)
    if where is None:
        return stored.get(key)
    for instance in repeats.instances(stored.get(where.repeat)):
        if instance[repeats.ID] == where.instance:
            return instance.get(where.question)
    return None


def item_for(items: tuple[runtime.Item, ...], key: str) -> runtime.Item | None:
    where = repeats.parse_key(key)
    repeat, name = (where.repeat, where.question) if where else ("", key)
    return next((i for i in items if i.repeat == repeat and i.question.name == name), None)
