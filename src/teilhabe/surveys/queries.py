"""Read side of the questionnaires: links, response status and results of a wave."""

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from teilhabe.regions.models import Municipality
from teilhabe.surveys import runtime
from teilhabe.surveys.models import Answer, Invitation, ResponseStatus, ReviewState, Wave

if TYPE_CHECKING:
    from teilhabe.engine.charts import BarChart


def links(
    request: HttpRequest, wave: Wave, tokens: dict[int, str]
) -> list[tuple[Municipality, str]]:
    """The personal links, absolute, by municipality name: shown once after creation."""
    municipalities = Municipality.objects.filter(pk__in=tokens).order_by("name")
    return [
        (m, request.build_absolute_uri(reverse("surveys:answer-by-link", args=[tokens[m.pk]])))
        for m in municipalities
    ]


def repeat_titles(wave: Wave) -> list[tuple[str, str]]:
    """(name, title) of each repeat group of the wave's questionnaire."""
    form, _items = runtime.compile_version(wave.version)
    language = get_language() or "de"
    return [
        (name, runtime.label(section.labels, language, name))
        for name, section in form.repeats().items()
    ]


@dataclass(frozen=True)
class StatusRow:
    invitation: Invitation
    status: str
    answered: int


@dataclass(frozen=True)
class WaveStatus:
    rows: list[StatusRow]
    questions: int

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.status == ResponseStatus.SUBMITTED)

    @property
    def rate(self) -> int:
        """Response rate (Rücklauf) in whole percent."""
        return round(100 * self.submitted / len(self.rows)) if self.rows else 0


def wave_status(wave: Wave) -> WaveStatus:
    _form, items = runtime.compile_version(wave.version)
    answered = {pk: len(a) for pk, a in applicable_answers(wave, items).items()}
    invitations = wave.invitations.select_related("municipality", "response").order_by(
        "municipality__name"
    )
    rows = [StatusRow(i, i.response.status, answered.get(i.response.pk, 0)) for i in invitations]
    return WaveStatus(rows, sum(1 for i in items if i.question.type != "note"))


@dataclass
class QuestionResult:
    name: str
    label: str
    type: str
    by_municipality: dict[str, Any] = field(default_factory=dict)  # name -> display value
    counts: list[tuple[str, int]] = field(default_factory=list)  # choice label -> count

    @property
    def chart(self) -> "BarChart | None":
        from teilhabe.engine.charts import bar_chart

        return bar_chart(self.counts) if self.counts else None


def applicable_answers(
    wave: Wave, items: tuple[runtime.Item, ...], accepted_only: bool = False
) -> dict[int, dict[str, Any]]:
    """Each response's answers to the questions that apply to it: an answer given before the
    skip logic hid its question does not count. With `accepted_only`, only responses the
    office has accepted in its review. One query."""
    by_response: dict[int, dict[str, Any]] = {}
    answers = Answer.objects.filter(response__invitation__wave=wave)
    if accepted_only:
        answers = answers.filter(response__review=ReviewState.ACCEPTED)
    for response_id, question, value in answers.values_list("response_id", "question", "value"):
        by_response.setdefault(response_id, {})[question] = value
    found = {}
    for response_id, stored in by_response.items():
        typed = runtime.answers_of(items, stored)
        applies = runtime.relevant(items, typed)
        found[response_id] = {n: v for n, v in stored.items() if n in applies and v is not None}
        for repeat in runtime.repeat_items(items):  # a repeat: its instances, as they apply
            if instances := runtime.applicable_instances(items, repeat, stored, typed):
                found[response_id][repeat] = instances
    return found


def results(wave: Wave, accepted_only: bool = False) -> list[QuestionResult]:
    """Per question: every municipality's answer and, for choices, how often each was given;
    with `accepted_only`, of the responses accepted in the review only. Two queries whatever
    the number of municipalities and questions."""
    language = get_language() or "de"
    _form, items = runtime.compile_version(wave.version)
    names = dict(wave.invitations.values_list("response__pk", "municipality__name"))
    values: dict[str, dict[str, Any]] = {}
    for response_id, answers in applicable_answers(wave, items, accepted_only).items():
        for question, value in answers.items():
            values.setdefault(question, {})[names.get(response_id, "")] = value
    # A question in a repeat: each municipality's answers in all its instances, in order.
    for repeat, its in runtime.repeat_items(items).items():
        for municipality, instances in values.pop(repeat, {}).items():
            for item in its:
                listed = [
                    v
                    for instance in instances
                    for v in _as_list(instance.get(item.question.name))
                    if v not in (None, "")
                ]
                if listed:
                    values.setdefault(item.question.name, {})[municipality] = listed
    found = []
    for item in items:
        q = item.question
        if q.type == "note":
            continue
        labels = {c.name: runtime.label(c.labels, language, c.name) for c in q.choices}
        given = values.get(q.name, {})
        label = runtime.label(q.labels, language, q.name)
        if item.repeat:
            label = f"{runtime.label(item.section.labels, language, item.repeat)}: {label}"
        result = QuestionResult(q.name, label, q.type)
        for municipality in sorted(given):
            value = given[municipality]
            if isinstance(value, list):
                chosen: list[str] = value  # a select_multiple answer: the choices' names
                shown = ", ".join(str(labels.get(v, v)) for v in chosen)
            else:
                shown = labels.get(value, value) if isinstance(value, str) else value
            result.by_municipality[municipality] = shown
        if q.choices:
            counter: Counter[str] = Counter()
            for value in given.values():
                for v in value if isinstance(value, list) else [value]:
                    counter[v] += 1
            result.counts = [(labels[c.name], counter.get(c.name, 0)) for c in q.choices]
        found.append(result)
    return found


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Comparison:
    question: str
    label: str
    rows: list[tuple[str, Any, Any]]  # municipality, answer in the earlier wave, in the later
    counts: list[tuple[str, int, int]]  # choice label, count earlier, count later
    # Like for like: the same counts among the municipalities that submitted in both waves.
    both: list[tuple[str, int, int]] = field(default_factory=list)


def submitted_in_both(earlier: Wave, later: Wave) -> list[str]:
    """The names of the municipalities that submitted in both waves, by name."""

    def names(wave: Wave) -> set[str]:
        return set(
            wave.invitations.filter(response__status=ResponseStatus.SUBMITTED).values_list(
                "municipality__name", flat=True
            )
        )

    return sorted(names(earlier) & names(later))


def compare(earlier: Wave, later: Wave) -> list[Comparison]:
    """Two waves side by side per question: progress over time. Questions are matched by name,
    so a later version of the questionnaire can add or drop questions."""
    first = {r.name: r for r in results(earlier)}
    both = set(submitted_in_both(earlier, later))
    found = []
    for second in results(later):
        before = first.get(second.name)
        municipalities = sorted(
            set(second.by_municipality) | set(before.by_municipality if before else {})
        )
        rows = [
            (m, before.by_municipality.get(m) if before else None, second.by_municipality.get(m))
            for m in municipalities
        ]
        earlier_counts = dict(before.counts) if before else {}
        counts = [(label, earlier_counts.get(label, 0), n) for label, n in second.counts]
        same = [(a, b) for m, a, b in rows if m in both]
        like = [
            (label, sum(1 for a, _b in same if a == label), sum(1 for _a, b in same if b == label))
            for label, _n in second.counts
        ]
        found.append(Comparison(second.name, second.label, rows, counts, like))
    return found
