"""Storing a Form as JSON-serialisable data (QuestionnaireVersion.form), and back."""

from typing import Any

from teilhabe.surveys.xlsform.model import DEFAULT_LANGUAGE, Choice, Form, Question, Section

_FORMAT = 1  # of the dictionaries below; raise it when their shape changes


def _choice_to_dict(choice: Choice) -> dict[str, Any]:
    return {"name": choice.name, "labels": dict(choice.labels), "extra": dict(choice.extra)}


def _question_to_dict(question: Question) -> dict[str, Any]:
    return {
        "name": question.name,
        "type": question.type,
        "labels": dict(question.labels),
        "hints": dict(question.hints),
        "required": question.required,
        "relevant": question.relevant,
        "constraint": question.constraint,
        "constraint_messages": dict(question.constraint_messages),
        "choices": [_choice_to_dict(choice) for choice in question.choices],
        "list_name": question.list_name,
        "extra": dict(question.extra),
        "guidance_hints": dict(question.guidance_hints),
        "required_messages": dict(question.required_messages),
        "default": question.default,
        "read_only": question.read_only,
        "choice_filter": question.choice_filter,
        "calculation": question.calculation,
        "parameters": question.parameters,
        "or_other": question.or_other,
        "choices_file": question.choices_file,
    }


def form_to_dict(form: Form) -> dict[str, Any]:
    """The form as JSON-serialisable data, for a JSONField; form_from_dict reverses it."""
    return {
        "format": _FORMAT,
        "title": form.title,
        "form_id": form.form_id,
        "version": form.version,
        "default_language": form.default_language,
        "settings": dict(form.settings),
        "sections": [
            {
                "name": section.name,
                "labels": dict(section.labels),
                "relevant": section.relevant,
                "extra": dict(section.extra),
                "questions": [_question_to_dict(question) for question in section.questions],
            }
            | ({"repeat": True, "repeat_count": section.repeat_count} if section.repeat else {})
            for section in form.sections
        ],
    }


def form_from_dict(data: dict[str, Any]) -> Form:
    """A form from form_to_dict's data; missing optional keys take their defaults."""
    return Form(
        title=data["title"],
        form_id=data["form_id"],
        version=data.get("version", ""),
        default_language=data.get("default_language", DEFAULT_LANGUAGE),
        sections=tuple(
            Section(
                name=section["name"],
                labels=dict(section.get("labels", {})),
                relevant=section.get("relevant", ""),
                extra=dict(section.get("extra", {})),
                repeat=bool(section.get("repeat", False)),
                repeat_count=section.get("repeat_count", ""),
                questions=tuple(
                    Question(
                        name=question["name"],
                        type=question["type"],
                        labels=dict(question.get("labels", {})),
                        hints=dict(question.get("hints", {})),
                        required=bool(question.get("required", False)),
                        relevant=question.get("relevant", ""),
                        constraint=question.get("constraint", ""),
                        constraint_messages=dict(question.get("constraint_messages", {})),
                        choices=tuple(
                            Choice(
                                choice["name"],
                                dict(choice.get("labels", {})),
                                dict(choice.get("extra", {})),
                            )
                            for choice in question.get("choices", [])
                        ),
                        list_name=question.get("list_name", ""),
                        extra=dict(question.get("extra", {})),
                        guidance_hints=dict(question.get("guidance_hints", {})),
                        required_messages=dict(question.get("required_messages", {})),
                        default=question.get("default", ""),
                        read_only=bool(question.get("read_only", False)),
                        choice_filter=question.get("choice_filter", ""),
                        calculation=question.get("calculation", ""),
                        parameters=question.get("parameters", ""),
                        or_other=bool(question.get("or_other", False)),
                        choices_file=question.get("choices_file", ""),
                    )
                    for question in section.get("questions", [])
                ),
            )
            for section in data["sections"]
        ),
        settings=dict(data.get("settings", {})),
    )
