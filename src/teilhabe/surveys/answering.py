"""The answering page, shared by personal links (no account) and logged-in municipal editors."""

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.core import parsing
from teilhabe.core.errors import EditConflict
from teilhabe.surveys import answer_files, repeats, runtime, services, values
from teilhabe.surveys.answer_state import applying, item_for, stored_value, texts
from teilhabe.surveys.models import Response, ResponseStatus
from teilhabe.surveys.review import open_questions
from teilhabe.surveys.xlsform import (
    DEFAULT_LANGUAGE,
    FILE_TYPES,
    LANGUAGE_NAMES,
    UNANSWERED_TYPES,
    Form,
    Section,
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
    key: str = ""  # the field's name on the page: the question's, or `repeats.Key` in a repeat
    position: int = 0  # in a repeat: the number of the instance (1-based)

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


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def html_language(code: str) -> str:
    """The HTML `lang` of a questionnaire language: its code ("de", "en"), the code in a
    name written as pyxform allows ("English (en)"), else the page's language (labels from
    columns without a language, or a bare name such as "English")."""
    if _LANGUAGE_TAG.fullmatch(code) and code != DEFAULT_LANGUAGE:
        return code
    if match := re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\)\s*$", code):
        return match.group(1)
    return get_language() or "de"


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
) -> tuple[list["Block"], dict[str, Any]]:
    """The page's sections, each (title, fields); a repeat's fields are those of every
    instance in order (`Block.repeat` groups them)."""
    language = language or get_language() or "de"
    _form, items = runtime.compile_version(response.invitation.wave.version)
    stored = {a.question: a for a in response.answers.all()}
    raw = {name: answer.value for name, answer in stored.items()}
    answers = runtime.answers_of(items, raw)
    applies = runtime.relevant(items, answers)
    where = runtime.layout(items)
    page = _Page(items, raw, answers, language, entries or {})
    sections: list[Block] = []
    for section, group in _by_section(items):
        title = runtime.label(section.labels, language, section.name)
        if section.repeat:
            sections.append(_repeat_block(page, section, group, title, where))
            continue
        found = [
            page.field(item, answers, item.question.name, stored, item.question.name in applies)
            for item in group
            if _shown(item)
        ]
        if sections and sections[-1].title == title and sections[-1].repeat is None:
            sections[-1] = Block(title, [*sections[-1].fields, *found])
        elif found:
            sections.append(Block(title, found))
    return sections, answers


@dataclass(frozen=True)
class _Page:
    """What building every field needs."""

    items: tuple[runtime.Item, ...]
    raw: dict[str, Any]
    answers: dict[str, Any]
    language: str
    entries: dict[str, str]

    def field(
        self,
        item: runtime.Item,
        answers: dict[str, Any],
        key: str,
        stored: dict[str, Any],
        applies: bool,
        *,
        given: Any = None,
        scope: dict[str, Any] | None = None,
        at: dict[str, int] | None = None,
        where: Any = None,
        position: int = 0,
    ) -> Field:
        question, language = item.question, self.language
        questions = {i.question.name: i.question for i in self.items}
        answer = stored.get(key)
        raw = self.raw | (scope or {})
        value = given if at else (answer.value if answer else None)
        entry = self.entries.get(key, "")
        return Field(
            item=item,
            label=values.fill(
                runtime.label(question.labels, language, question.name), questions, raw, language
            ),
            hint=values.fill(runtime.label(question.hints, language), questions, raw, language)
            or (values.range_hint(question) if question.type == "range" else ""),
            value=entry or value,
            version=answer.version if answer else 0,
            applies=applies,
            choices=[(c.name, runtime.label(c.labels, language, c.name)) for c in question.choices],
            guidance=runtime.label(question.guidance_hints, language),
            offered=frozenset(c.name for c in runtime.choices(item, answers, at, where)),
            shown_value=values.display(question, value, language),
            entry_error=runtime.entry_problem(question, entry) if entry else "",
            key=key,
            position=position,
        )


@dataclass(frozen=True)
class Instance:
    position: int
    id: int
    fields: list[Field]
    has_answers: bool
    key: str  # "offers·3": the value of its remove button


@dataclass(frozen=True)
class RepeatBlock:
    name: str
    instances: list[Instance]
    fixed: bool  # repeat_count decides how many: nothing to add or remove
    version: int


class Block(tuple[str, list[Field]]):
    """A section of the page: (title, fields); `repeat` for a repeat group."""

    repeat: RepeatBlock | None

    def __new__(cls, title: str, fields: list[Field], repeat: RepeatBlock | None = None) -> "Block":
        block = super().__new__(cls, (title, fields))
        block.repeat = repeat
        return block

    @property
    def title(self) -> str:
        return self[0]

    @property
    def fields(self) -> list[Field]:
        return self[1]


def _by_section(
    items: tuple[runtime.Item, ...],
) -> list[tuple[Section, list[runtime.Item]]]:
    groups: list[tuple[Section, list[runtime.Item]]] = []
    for item in items:
        if not groups or groups[-1][0] is not item.section:
            groups.append((item.section, []))
        groups[-1][1].append(item)
    return groups


def _repeat_block(
    page: _Page, section: Section, group: list[runtime.Item], title: str, where: Any
) -> Block:
    name = section.name
    shown = runtime.instances_shown(page.items, name, page.raw, page.answers)
    found: list[Instance] = []
    for position, instance in enumerate(shown, start=1):
        here = runtime.instance_relevant(page.items, page.answers, name, position)
        ident = int(instance[repeats.ID])
        found.append(
            Instance(
                position,
                ident,
                [
                    page.field(
                        item,
                        page.answers,
                        str(repeats.Key(name, ident, item.question.name)),
                        {},
                        item.question.name in here,
                        given=instance.get(item.question.name),
                        scope=instance,
                        at={name: position},
                        where=where,
                        position=position,
                    )
                    for item in group
                    if _shown(item)
                ],
                repeats.has_answers(
                    instance,
                    frozenset(
                        i.question.name for i in group if i.question.type not in UNANSWERED_TYPES
                    ),
                ),
                f"{name}{repeats.SEP}{ident}",
            )
        )
    row = page.raw.get(name)
    block = RepeatBlock(name, found, bool(section.repeat_count), 0 if row is None else 1)
    return Block(title, [f for instance in found for f in instance.fields], block)


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
        "labels": {f.key: f.label for _t, fs in sections for f in fs},
        "response": response,
        "wave": response.invitation.wave,
        "municipality": response.invitation.municipality,
        "sections": sections,
        "save_url": save_url,
        "submit_url": submit_url,
        "repeat_url": submit_url.removesuffix("submit/") + "repeat/",
        "problems": problems or {},
        "submitted": response.status == ResponseStatus.SUBMITTED,
        "form_language": language,
        "form_lang": html_language(language),
        "questionnaire_languages": [
            (code, LANGUAGE_NAMES.get(code, code), html_language(code)) for code in languages
        ],
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
        item = item_for(compiled, question)
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
        if problem and stored_value(stored, question) not in (None, "", []):
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
    answers = runtime.answers_of(items, stored)
    result["HX-Trigger"] = json.dumps(
        {
            "relevance": applying(items, stored),
            "choicefilter": {"offered": runtime.filtered_choices(items, answers, stored)},
            "texts": {"texts": texts(items, stored, language)},
        }
    )
    return result


def save_posted(request: HttpRequest, response: Response) -> dict[str, str]:
    """Save every answer the whole form carries (the page also works without JavaScript);
    what failed its type, by field key, including entries kept from before."""
    invalid: dict[str, str] = {}
    if response.status == ResponseStatus.SUBMITTED:
        return invalid
    _form, items = runtime.compile_version(response.invitation.wave.version)
    keys = [i.question.name for i in items if not i.repeat]
    keys += [
        key
        for key in dict.fromkeys(k.removesuffix("__present") for k in request.POST)
        if repeats.parse_key(key) is not None
    ]
    for key in keys:
        item = item_for(items, key)
        if item is None or item.question.read_only or item.question.type in UNANSWERED_TYPES:
            continue  # preset: the page shows it but does not send it back
        if item.question.type in FILE_TYPES:  # never inside a repeat (refused at import)
            _save_file(request, response, item.question, invalid)
            continue
        if key in request.POST or f"{key}__present" in request.POST:
            values = request.POST.getlist(key)
            raw = values if item.question.type == "select_multiple" else (values or [""])[0]
            try:
                services.save_answer(response, key, raw, None)
                keep_entry(request, response, key, None)
            except runtime.InvalidAnswer as error:
                invalid[key] = str(error)
                keep_entry(request, response, key, raw)
    # An entry that failed its type and was not corrected blocks the submission too, unless
    # the repeat instance it was typed into has been removed since.
    stored = services.stored_answers(response)
    for key, entry in kept_entries(request, response).items():
        where = repeats.parse_key(key)
        if where is not None and where.instance not in {
            i[repeats.ID] for i in repeats.instances(stored.get(where.repeat))
        }:
            keep_entry(request, response, key, None)
        elif (item := item_for(items, key)) is not None:
            invalid.setdefault(key, runtime.entry_problem(item.question, entry))
    return invalid


def submit(
    request: HttpRequest, response: Response, save_url: str, submit_url: str
) -> HttpResponse | None:
    """Save whatever the form carries (the page also works without JavaScript), then submit.
    Returns the page again with what blocks the submission, or None once it is submitted."""
    invalid = save_posted(request, response)
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
