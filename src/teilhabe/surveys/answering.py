"""The answering page, shared by personal links (no account) and logged-in municipal editors."""

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.core import parsing
from teilhabe.core.errors import EditConflict
from teilhabe.surveys import answer_files, runtime, services, values
from teilhabe.surveys.models import Response, ResponseStatus
from teilhabe.surveys.review import open_questions
from teilhabe.surveys.xlsform import (
    DEFAULT_LANGUAGE,
    FILE_TYPES,
    LANGUAGE_NAMES,
    UNANSWERED_TYPES,
    Form,
)


@dataclass(frozen=True)
class Field:
    item: runtime.Item
    label: str
    hint: str
    value: Any
    version: int
    applies: bool
    choices: list[tuple[str, str]]
    guidance: str = ""
    offered: frozenset[str] = frozenset()  # the choices the choice filter lets through now
    shown_value: str = ""  # the answer as a reader sees it (a calculation's result)
    entry_error: str = ""  # why the kept entry (shown as the value) is not a valid answer

    @property
    def display(self) -> str:
        """The answer as a reader sees it: choice labels, "–" when unanswered."""
        if self.value in (None, "", []):
            return "–"
        labels = dict(self.choices)
        values = self.value if isinstance(self.value, list) else [self.value]
        return ", ".join(str(labels.get(v, v)) for v in values)


def form_languages(form: Form) -> list[str]:
    """The languages the questionnaire is written in, its default language first."""
    seen: dict[str, None] = {form.default_language: None} if form.default_language else {}
    for question in form.questions():
        seen.update(dict.fromkeys(question.labels))
    return [code for code in seen if code != DEFAULT_LANGUAGE] or list(seen)


def form_language(request: HttpRequest, form: Form) -> str:
    """The language the respondent chose (?lang=en), else the page's if the form has it, else
    the form's default language."""
    languages = form_languages(form)
    chosen = request.GET.get("lang") or request.POST.get("lang") or ""
    if chosen in languages:
        return chosen
    page_language = get_language() or "de"
    return page_language if page_language in languages else languages[0]


def _shown(item: runtime.Item) -> bool:
    """Hidden values are never shown; a calculation only when it has a label."""
    question = item.question
    return question.type != "hidden" and (question.type != "calculate" or bool(question.labels))


def texts(
    items: tuple[runtime.Item, ...], stored: dict[str, Any], language: str
) -> dict[str, dict[str, str]]:
    """The label, hint and shown value of every question whose text depends on answers
    (${name} in a label or hint, or a calculation): the page replaces them after a save."""
    questions = {i.question.name: i.question for i in items}
    found = {}
    for item in items:
        question = item.question
        raw = " ".join([*question.labels.values(), *question.hints.values()])
        if "${" in raw or question.type == "calculate":
            found[question.name] = {
                "label": values.fill(
                    runtime.label(question.labels, language, question.name),
                    questions,
                    stored,
                    language,
                ),
                "hint": values.fill(
                    runtime.label(question.hints, language), questions, stored, language
                ),
                "value": values.display(question, stored.get(question.name), language),
            }
    return found


def _entries_key(response: Response) -> str:
    return f"surveys-entries-{response.pk}"


def keep_entry(request: HttpRequest, response: Response, question: str, raw: Any) -> None:
    """Remember, in this browser's session, an entry that failed its type (letters in a number
    field), so that a reload shows it again with its message instead of silently dropping it;
    None forgets it once a valid answer is saved. The stored answer is not touched."""
    entries = dict(request.session.get(_entries_key(response), {}))
    if raw is None:
        if entries.pop(question, None) is None:
            return
    else:
        text = raw[0] if isinstance(raw, list) and raw else raw
        entries[question] = str(text or "")[:5000]
    request.session[_entries_key(response)] = entries


def kept_entries(request: HttpRequest | None, response: Response) -> dict[str, str]:
    if request is None or not hasattr(request, "session"):
        return {}
    return dict(request.session.get(_entries_key(response), {}))


def fields(
    response: Response, language: str | None = None, entries: dict[str, str] | None = None
) -> tuple[list[tuple[str, list[Field]]], dict[str, Any]]:
    language = language or get_language() or "de"
    _form, items = runtime.compile_version(response.invitation.wave.version)
    stored = {a.question: a for a in response.answers.all()}
    raw = {name: answer.value for name, answer in stored.items()}
    questions = {i.question.name: i.question for i in items}
    answers = {
        i.question.name: runtime.typed(i.question, stored[i.question.name].value)
        if i.question.name in stored
        else None
        for i in items
    }
    applies = runtime.relevant(items, answers)
    sections: list[tuple[str, list[Field]]] = []
    for item in items:
        if not _shown(item):
            continue
        title = runtime.label(item.section.labels, language, item.section.name)
        if not sections or sections[-1][0] != title:
            sections.append((title, []))
        answer = stored.get(item.question.name)
        entry = (entries or {}).get(item.question.name, "")
        sections[-1][1].append(
            Field(
                item=item,
                label=values.fill(
                    runtime.label(item.question.labels, language, item.question.name),
                    questions,
                    raw,
                    language,
                ),
                hint=values.fill(
                    runtime.label(item.question.hints, language), questions, raw, language
                )
                or (values.range_hint(item.question) if item.question.type == "range" else ""),
                value=entry or (answer.value if answer else None),
                version=answer.version if answer else 0,
                applies=item.question.name in applies,
                choices=[
                    (c.name, runtime.label(c.labels, language, c.name))
                    for c in item.question.choices
                ],
                guidance=runtime.label(item.question.guidance_hints, language),
                offered=frozenset(c.name for c in runtime.choices(item, answers)),
                shown_value=values.display(item.question, raw.get(item.question.name), language),
                entry_error=runtime.entry_problem(item.question, entry) if entry else "",
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
    form, _items = runtime.compile_version(response.invitation.wave.version)
    language = form_language(request, form)
    entries = kept_entries(request, response) if response.status != ResponseStatus.SUBMITTED else {}
    sections, _answers = fields(response, language, entries)
    languages = form_languages(form)
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
        "form_language": language,
        "questionnaire_languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
        "lang_query": f"?lang={language}" if len(languages) > 1 else "",
        # Files given as answers: each question's download is at <file_url><name>/.
        "files": answer_files.stored(response),
        "file_url": _file_url(save_url),
        "file_limits": answer_files.limits(),
    }
    return render(request, "surveys/answer.html", context)


def _file_url(save_url: str) -> str:
    """Where a file answer is downloaded, next to the autosave address: ".../a/" -> ".../f/"."""
    return save_url.removesuffix("a/") + "f/"


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
    file_question = answer_files.file_question(response, question)
    try:
        if file_question is not None:
            saved = answer_files.save_from_request(
                request, response, file_question, _version(expected)
            )
            context |= {"version": saved.version if saved else 0, "saved": True}
        else:
            answer = services.save_answer(response, question, raw, _version(expected))
            context |= {"version": answer.version, "saved": True}
        keep_entry(request, response, question, None)
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
        _form, compiled = runtime.compile_version(response.invitation.wave.version)
        item = next((i for i in compiled if i.question.name == question), None)
        if item is not None and not item.question.read_only and file_question is None:
            # a preset is not an entry, and a refused file is not kept
            keep_entry(request, response, question, raw)
    # One read of the stored answers serves the constraint check and the skip logic.
    form, items = runtime.compile_version(response.invitation.wave.version)
    language = form_language(request, form)
    stored = services.stored_answers(response)
    if context.get("saved"):
        # The constraint is checked as the answer is given, not only on submission.
        problem = runtime.problems(items, stored, language).get(question)
        if problem and stored.get(question) not in (None, "", []):
            context["warning"] = problem
    template = "surveys/_save_state.html"
    if file_question is not None:  # the save state and, out of band, the stored file
        template = "surveys/_file_saved.html"
        context |= {
            "q": file_question,
            "stored": answer_files.stored(response).get(question),
            "save_url": request.path.removesuffix(f"{question}/"),
            "file_url": _file_url(request.path.removesuffix(f"{question}/")),
            "file_limits": answer_files.limits(),
            "lang_query": "?" + urlencode({"lang": language}) if request.GET.get("lang") else "",
            "submitted": response.status == ResponseStatus.SUBMITTED,
        }
    result = render(request, template, context)
    answers = {
        i.question.name: runtime.typed(i.question, stored[i.question.name])
        if i.question.name in stored
        else None
        for i in items
    }
    result["HX-Trigger"] = json.dumps(
        {
            "relevance": sorted(runtime.relevant(items, answers)),
            "choicefilter": {"offered": runtime.filtered_choices(items, answers)},
            "texts": {"texts": texts(items, stored, language)},
        }
    )
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
            if item.question.read_only or item.question.type in UNANSWERED_TYPES:
                continue  # preset: the page shows it but does not send it back
            if item.question.type in FILE_TYPES:
                _save_file(request, response, item.question, invalid)
                continue
            if name in request.POST or f"{name}__present" in request.POST:
                values = request.POST.getlist(name)
                raw = values if item.question.type == "select_multiple" else (values or [""])[0]
                try:
                    services.save_answer(response, name, raw, None)
                    keep_entry(request, response, name, None)
                except runtime.InvalidAnswer as error:
                    invalid[name] = str(error)
                    keep_entry(request, response, name, raw)
        # An entry that failed its type and was not corrected blocks the submission too.
        questions = {i.question.name: i.question for i in items}
        for name, entry in kept_entries(request, response).items():
            if name in questions:
                invalid.setdefault(name, runtime.entry_problem(questions[name], entry))
    if invalid or answer_files.REMOVE in request.POST:  # "Remove file" without JavaScript
        return page(request, response, save_url, submit_url, invalid)
    form, _items = runtime.compile_version(response.invitation.wave.version)
    problems = services.submit(response, form_language(request, form))
    if problems:
        return page(request, response, save_url, submit_url, problems)
    return None


def _save_file(
    request: HttpRequest, response: Response, question: Any, invalid: dict[str, str]
) -> None:
    """A file sent with the whole form (the page without JavaScript), or its removal."""
    if (
        question.name not in request.FILES
        and request.POST.get(answer_files.REMOVE) != question.name
    ):
        return
    try:
        answer_files.save_from_request(request, response, question, None)
    except runtime.InvalidAnswer as error:
        invalid[question.name] = str(error)
