"""The answering page, shared by personal links (no account) and logged-in municipal editors."""

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.core import parsing
from teilhabe.core.errors import EditConflict
from teilhabe.surveys import runtime, services
from teilhabe.surveys.models import Response, ResponseStatus


@dataclass(frozen=True)
class Field:
    item: runtime.Item
    label: str
    hint: str
    value: Any
    version: int
    applies: bool
    choices: list[tuple[str, str]]

    @property
    def display(self) -> str:
        """The answer as a reader sees it: choice labels, "–" when unanswered."""
        if self.value in (None, "", []):
            return "–"
        labels = dict(self.choices)
        values = self.value if isinstance(self.value, list) else [self.value]
        return ", ".join(str(labels.get(v, v)) for v in values)


def fields(response: Response) -> tuple[list[tuple[str, list[Field]]], dict[str, Any]]:
    language = get_language() or "de"
    _form, items = runtime.compile_version(response.invitation.wave.version)
    stored = {a.question: a for a in response.answers.all()}
    answers = {
        i.question.name: runtime.typed(i.question, stored[i.question.name].value)
        if i.question.name in stored
        else None
        for i in items
    }
    applies = runtime.relevant(items, answers)
    sections: list[tuple[str, list[Field]]] = []
    for item in items:
        title = runtime.label(item.section.labels, language, item.section.name)
        if not sections or sections[-1][0] != title:
            sections.append((title, []))
        answer = stored.get(item.question.name)
        sections[-1][1].append(
            Field(
                item=item,
                label=runtime.label(item.question.labels, language, item.question.name),
                hint=runtime.label(item.question.hints, language),
                value=answer.value if answer else None,
                version=answer.version if answer else 0,
                applies=item.question.name in applies,
                choices=[
                    (c.name, runtime.label(c.labels, language, c.name))
                    for c in item.question.choices
                ],
            )
        )
    return sections, answers


def page(
    request: HttpRequest,
    response: Response,
    save_url: str,
    submit_url: str,
    problems: dict[str, str] | None = None,
) -> HttpResponse:
    sections, _answers = fields(response)
    from teilhabe.surveys.review import open_questions

    context = {
        "office_questions": open_questions(response),
        "labels": {f.item.question.name: f.label for _t, fs in sections for f in fs},
        "response": response,
        "wave": response.invitation.wave,
        "municipality": response.invitation.municipality,
        "sections": sections,
        "save_url": save_url,
        "submit_url": submit_url,
        "problems": problems or {},
        "submitted": response.status == ResponseStatus.SUBMITTED,
    }
    return render(request, "surveys/answer.html", context)


def _version(text: str) -> int | None:
    """The version the page last saw; without a readable one the answer is saved as given."""
    try:
        return parsing.parse_int(text, min_value=0) if text else None
    except parsing.InvalidInput:
        return None


def autosave(request: HttpRequest, response: Response, question: str) -> HttpResponse:
    """Save one answer and answer with its new state; the page shows or hides questions from
    the `relevance` event."""
    values = request.POST.getlist(question) or request.POST.getlist("value")
    raw: Any = values if len(values) != 1 else values[0]
    # Each question carries its own version ("v-<name>"): the page posts the whole form.
    expected = request.POST.get(f"v-{question}", request.POST.get("v", ""))
    context: dict[str, Any] = {"name": question}
    try:
        answer = services.save_answer(response, question, raw, _version(expected))
        context |= {"version": answer.version, "saved": True}
    except EditConflict as conflict:
        context |= {"version": conflict.current.version, "conflict": conflict.current.value}
    except services.ResponseLocked:
        context |= {
            "error": _(
                "This questionnaire has been submitted and can no longer be "
                "changed. Please contact the coordination office."
            )
        }
    except runtime.InvalidAnswer as error:
        context |= {"error": str(error), "version": expected}
    # One read of the stored answers serves the constraint check and the skip logic.
    _form, items = runtime.compile_version(response.invitation.wave.version)
    stored = services.stored_answers(response)
    if context.get("saved"):
        # The constraint is checked as the answer is given, not only on submission.
        problem = runtime.problems(items, stored, get_language() or "de").get(question)
        if problem and stored.get(question) not in (None, "", []):
            context["warning"] = problem
    result = render(request, "surveys/_save_state.html", context)
    answers = {
        i.question.name: runtime.typed(i.question, stored[i.question.name])
        if i.question.name in stored
        else None
        for i in items
    }
    result["HX-Trigger"] = json.dumps({"relevance": sorted(runtime.relevant(items, answers))})
    return result


def submit(
    request: HttpRequest, response: Response, save_url: str, submit_url: str
) -> HttpResponse | None:
    """Save whatever the form carries (the page also works without JavaScript), then submit.
    Returns the page again with what blocks the submission, or None once it is submitted."""
    invalid: dict[str, str] = {}
    if response.status != ResponseStatus.SUBMITTED:
        _form, items = runtime.compile_version(response.invitation.wave.version)
        for item in items:
            name = item.question.name
            if name in request.POST or f"{name}__present" in request.POST:
                values = request.POST.getlist(name)
                raw = values if item.question.type == "select_multiple" else (values or [""])[0]
                try:
                    services.save_answer(response, name, raw, None)
                except runtime.InvalidAnswer as error:
                    invalid[name] = str(error)
    if invalid:
        return page(request, response, save_url, submit_url, invalid)
    problems = services.submit(response, get_language() or "de")
    if problems:
        return page(request, response, save_url, submit_url, problems)
    return None
