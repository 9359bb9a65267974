"""Editing a questionnaire in the browser: one question at a time.

Every edit produces a whole new Form, checked exactly like an imported XLSForm (written out and
read back), so the browser can never store what an import would refuse. The latest version is
changed while no wave uses it; otherwise the edit starts a new version."""

import dataclasses
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import KernFormMixin
from teilhabe.surveys.xlsform import (
    QUESTION_TYPES,
    SELECT_TYPES,
    Choice,
    Form,
    Question,
    read_xlsform,
    write_xlsform,
)

TYPE_LABELS = {
    "text": _("text"), "integer": _("whole number"), "decimal": _("decimal number"),
    "date": _("date"), "select_one": _("single choice"), "select_multiple": _("multiple choice"),
    "yes_no": _("yes/no"), "note": _("note (no answer)"), "time": _("time of day"),
    "datetime": _("date and time"), "range": _("number on a scale"),
    "acknowledge": _("acknowledgement"), "hidden": _("hidden value"),
    "calculate": _("calculation"), "file": _("file (upload)"),
    "image": _("image (upload)"),
}  # fmt: skip


class QuestionForm(KernFormMixin, forms.Form):
    name = forms.SlugField(
        label=_("Name"),
        max_length=60,
        help_text=_("Short, unique, letters, digits and _; used in conditions as ${name}."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=[(t, TYPE_LABELS[t]) for t in TYPE_LABELS])
    label_de = forms.CharField(label=_("Question (German)"), max_length=500)
    label_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    hint_de = forms.CharField(label=_("Hint"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False)
    relevant = forms.CharField(
        label=_("Show only if"),
        max_length=500,
        required=False,
        help_text=_("XLSForm condition, e.g. ${language_exists} = 'yes'"),
    )
    constraint = forms.CharField(
        label=_("Allowed answers"),
        max_length=500,
        required=False,
        help_text=_("XLSForm condition on the answer “.”, e.g. . >= 0"),
    )
    constraint_message = forms.CharField(
        label=_("Message when not allowed"), max_length=300, required=False
    )
    calculation = forms.CharField(
        label=_("Calculation"),
        max_length=500,
        required=False,
        help_text=_("For a calculation: an XLSForm expression, e.g. ${adults} + ${children}"),
    )
    parameters = forms.CharField(
        label=_("Scale"),
        max_length=100,
        required=False,
        help_text=_("For a number on a scale: e.g. start=0 end=10 step=1"),
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For single and multiple choice: one per line as name = label, e.g. yes = Ja"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("type")
        if kind in SELECT_TYPES and kind != "yes_no" and not parse_choices(data.get("choices", "")):
            self.add_error("choices", _("Please give at least one choice."))
        return data


def parse_choices(text: str) -> tuple[Choice, ...]:
    found = []
    for line in text.splitlines():
        if "=" not in line:
            continue
        name, label = (part.strip() for part in line.split("=", 1))
        if name:
            found.append(Choice(name, {"de": label or name}))
    return tuple(found)


def initial(question: Question) -> dict[str, Any]:
    return {
        "name": question.name,
        "type": question.type,
        "label_de": question.labels.get("de", ""),
        "label_en": question.labels.get("en", ""),
        "hint_de": question.hints.get("de", ""),
        "required": question.required,
        "relevant": question.relevant,
        "constraint": question.constraint,
        "constraint_message": question.constraint_messages.get("de", ""),
        "calculation": question.calculation,
        "parameters": question.parameters,
        "choices": "\n".join(f"{c.name} = {c.labels.get('de', c.name)}" for c in question.choices)
        if question.type != "yes_no"
        else "",
    }


def question_from(data: dict[str, Any], old: Question | None) -> Question:
    labels = {"de": data["label_de"]} | ({"en": data["label_en"]} if data["label_en"] else {})
    kind = data["type"]
    choices = parse_choices(data["choices"]) if kind in SELECT_TYPES and kind != "yes_no" else ()
    # What the page does not edit (guidance, defaults, filters, ...) stays as it was.
    kept = old if old and old.type == kind else Question(data["name"], kind)
    return dataclasses.replace(
        kept,
        name=data["name"],
        type=kind,
        labels=labels,
        hints={"de": data["hint_de"]} if data["hint_de"] else {},
        required=data["required"],
        relevant=data["relevant"],
        constraint=data["constraint"],
        constraint_messages={"de": data["constraint_message"]}
        if data["constraint_message"]
        else {},
        choices=choices,
        list_name=old.list_name if old and old.type == kind and kind in SELECT_TYPES else "",
        extra=old.extra if old else {},
        calculation=data["calculation"] if kind == "calculate" else "",
        parameters=data["parameters"] if kind == "range" else "",
    )


def replace(form: Form, section_index: int, old_name: str | None, new: Question | None) -> Form:
    """A new form with one question added, changed or (new=None) removed."""
    sections = list(form.sections)
    section = sections[section_index]
    questions = list(section.questions)
    if old_name is None and new is not None:
        questions.append(new)
    else:
        index = next(i for i, q in enumerate(questions) if q.name == old_name)
        if new is None:
            questions.pop(index)
        else:
            questions[index] = new
    sections[section_index] = dataclasses.replace(section, questions=tuple(questions))
    return dataclasses.replace(form, sections=tuple(sections))


def checked(form: Form) -> Form:
    """The form as an import would read it; raises XLSFormError like an import."""
    return read_xlsform(write_xlsform(form), f"{form.form_id}.xlsx")


assert set(TYPE_LABELS) == set(QUESTION_TYPES)
