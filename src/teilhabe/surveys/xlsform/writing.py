"""Writing a Form as an XLSForm workbook."""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from teilhabe.core.tabular import writer
from teilhabe.surveys.xlsform.model import (
    DEFAULT_LANGUAGE,
    SELECT_TYPES,
    Choice,
    Form,
    Question,
    XLSFormError,
    language_column,
)

# Written files carry this date, so that the same form gives the same bytes.
_FIXED_TIME = datetime.datetime(2020, 1, 1)  # noqa: DTZ001 - Excel stores naive UTC


def _languages(form: Form) -> list[str]:
    """The default language first, then the others in the order they first appear."""
    seen = {form.default_language: None}

    def add(*dicts: dict[str, str]) -> None:
        for values in dicts:
            seen.update(dict.fromkeys(values))

    for section in form.sections:
        add(section.labels)
        for question in section.questions:
            add(
                question.labels,
                question.hints,
                question.constraint_messages,
                question.guidance_hints,
                question.required_messages,
            )
            for choice in question.choices:
                add(choice.labels)
    return list(seen)


def _header(base: str, language: str) -> str:
    return base if language == DEFAULT_LANGUAGE else f"{base}::{language_column(language)}"


def _xlsform_type(question: Question) -> str:
    if question.type == "yes_no":
        return f"select_one {question.list_name}"
    if question.choices_file:
        return f"{question.type}_from_file {question.choices_file}"
    if question.type in SELECT_TYPES:
        return f"{question.type} {question.list_name}" + (" or_other" if question.or_other else "")
    if question.type == "datetime":
        return "dateTime"
    return question.type


def _optional_cell(question: Question, column: str) -> str:
    value = getattr(question, column)
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def _lists(form: Form) -> dict[str, tuple[Choice, ...]]:
    lists: dict[str, tuple[Choice, ...]] = {}
    for question in form.questions():
        if question.type in SELECT_TYPES and not question.choices_file:
            known = lists.setdefault(question.list_name, question.choices)
            if known != question.choices:
                raise XLSFormError(
                    "choices",
                    None,
                    "list_name",
                    _("the list “{list}” has different choices in different questions").format(
                        list=question.list_name
                    ),
                    filename=form.form_id,
                )
    return lists


def _extra_columns(extras: Sequence[dict[str, str]]) -> list[str]:
    columns: dict[str, None] = {}
    for extra in extras:
        columns.update(dict.fromkeys(extra))
    return list(columns)


def _sheet(title: str, header: list[str], rows: list[list[str]]) -> writer.Sheet:
    columns = [
        writer.Column(
            name, 40 if name.startswith(("label", "hint", "constraint", "relevant")) else 18
        )
        for name in header
    ]
    return writer.Sheet(title, columns, rows)


def choice_files(form: Form) -> dict[str, bytes]:
    """The CSV files of the form's select_*_from_file questions, by name, as pyxform and ODK
    read them (UTF-8, comma, columns name, label::<language> and the choices' own)."""
    languages = _languages(form)
    files: dict[str, bytes] = {}
    for question in form.questions():
        if not question.choices_file:
            continue
        extra = _extra_columns([choice.extra for choice in question.choices])
        header = ["name"] + [_header("label", language) for language in languages] + extra
        rows = [
            [choice.name]
            + [choice.labels.get(language, "") for language in languages]
            + [choice.extra.get(column, "") for column in extra]
            for choice in question.choices
        ]
        files[question.choices_file] = writer.csv_bytes([header, *rows], writer.PLAIN)
    return files


def write_xlsform(form: Form) -> bytes:
    """The form as an XLSForm workbook that pyxform, Kobo and `read_xlsform` understand."""
    languages = _languages(form)
    questions = list(form.questions())

    # A column for every language once one is used, so pyxform sees no language lacking one.
    hint_languages = languages if any(question.hints for question in questions) else []
    message_languages = (
        languages if any(question.constraint_messages for question in questions) else []
    )
    guidance_languages = languages if any(q.guidance_hints for q in questions) else []
    required_languages = languages if any(q.required_messages for q in questions) else []
    # Columns that only some forms use are written only then, so older files stay unchanged.
    optional = [
        column
        for column in ("default", "read_only", "choice_filter", "calculation", "parameters")
        if any(getattr(question, column) for question in questions)
    ]
    if any(section.repeat_count for section in form.sections):
        optional.append("repeat_count")
    extra = _extra_columns(
        [section.extra for section in form.sections] + [question.extra for question in questions]
    )
    header = (
        ["type", "name"]
        + [_header("label", language) for language in languages]
        + [_header("hint", language) for language in hint_languages]
        + ["required", "relevant", "constraint"]
        + [_header("constraint_message", language) for language in message_languages]
        + [_header("guidance_hint", language) for language in guidance_languages]
        + [_header("required_message", language) for language in required_languages]
        + optional
        + extra
    )
    # Empty cells for a group row in the columns after "constraint_message".
    group_padding = len(guidance_languages) + len(required_languages) + len(optional)
    rows: list[list[str]] = []
    for section in form.sections:
        kind = "repeat" if section.repeat else "group"
        if section.name:
            rows.append(
                [f"begin_{kind}", section.name]
                + [section.labels.get(language, "") for language in languages]
                + [""] * len(hint_languages)
                + ["", section.relevant, ""]
                + [""] * len(message_languages)
                + [""] * (group_padding - ("repeat_count" in optional))
                + ([section.repeat_count] if "repeat_count" in optional else [])
                + [section.extra.get(column, "") for column in extra]
            )
        for question in section.questions:
            rows.append(
                [_xlsform_type(question), question.name]
                + [question.labels.get(language, "") for language in languages]
                + [question.hints.get(language, "") for language in hint_languages]
                + ["yes" if question.required else "", question.relevant, question.constraint]
                + [question.constraint_messages.get(language, "") for language in message_languages]
                + [question.guidance_hints.get(language, "") for language in guidance_languages]
                + [question.required_messages.get(language, "") for language in required_languages]
                + [
                    _optional_cell(question, column)
                    for column in optional
                    if column != "repeat_count"
                ]
                + ([""] if "repeat_count" in optional else [])
                + [question.extra.get(column, "") for column in extra]
            )
        if section.name:
            rows.append([f"end_{kind}"])

    sheets = [_sheet("survey", header, rows)]
    lists = _lists(form)
    if lists:
        choices = [choice for values in lists.values() for choice in values]
        choice_extra = _extra_columns([choice.extra for choice in choices])
        sheets.append(
            _sheet(
                "choices",
                ["list_name", "name"]
                + [_header("label", language) for language in languages]
                + choice_extra,
                [
                    [list_name, choice.name]
                    + [choice.labels.get(language, "") for language in languages]
                    + [choice.extra.get(column, "") for column in choice_extra]
                    for list_name, values in lists.items()
                    for choice in values
                ],
            )
        )
    settings = {"form_title": form.title, "form_id": form.form_id, "version": form.version}
    if form.default_language != DEFAULT_LANGUAGE:
        settings["default_language"] = language_column(form.default_language)
    settings |= form.settings
    sheets.append(_sheet("settings", list(settings), [list(settings.values())]))
    # An XLSForm is read back word for word by pyxform, Kobo and `read_xlsform`: an apostrophe
    # before "=..." or "-..." would become part of a label or break an expression such as
    # "-1 < ." So the text stays as it is (keep_text); no cell is ever a formula, and Excel's
    # quotePrefix style keeps such a cell text when someone edits it. Fixed dates keep the
    # shipped default questionnaire's bytes unchanged in git until its questions change.
    return writer.xlsx_bytes(sheets, keep_text=True, fixed_time=_FIXED_TIME, title=form.title)
