"""How raw input becomes a stored answer (or a message saying what is allowed), and how a
stored answer becomes a value for the expression engine or a table cell. `runtime` re-exports
these names: callers keep using `runtime.coerce`, `runtime.InvalidAnswer`, ..."""

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core import parsing
from teilhabe.surveys import values as answer_values
from teilhabe.surveys.xlsform import FILE_TYPES, Question


class InvalidAnswer(ValueError):
    pass


def coerce(question: Question, raw: Any) -> Any:
    """Turn form input into the stored answer, or raise InvalidAnswer with a clear message."""
    if question.type == "select_multiple":
        values = raw if isinstance(raw, list) else [raw] if raw not in (None, "") else []
        allowed = {c.name for c in question.choices}
        if unknown := [v for v in values if v not in allowed]:
            raise InvalidAnswer(_("Unknown choice: %(value)s") % {"value": ", ".join(unknown)})
        return values
    if isinstance(raw, list):
        raw = raw[0] if raw else ""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None
    if question.type in FILE_TYPES:  # answered by an upload only (answer_files.py)
        raise InvalidAnswer(_("Please choose a file to upload."))
    if parsing.has_nul(text):
        raise InvalidAnswer(_("The text contains a control character that cannot be saved."))
    if question.type in _PARSERS:
        try:
            return _PARSERS[question.type](question, text)
        except answer_values.InvalidValue as error:
            raise InvalidAnswer(str(error)) from None
    try:
        if question.type == "integer":
            return parsing.parse_int(text)
        if question.type == "date":
            return parsing.parse_date(text).isoformat()
    except parsing.InvalidInput as error:
        raise InvalidAnswer(error.message) from None
    if question.type == "decimal":
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise InvalidAnswer(_("Please enter a number.")) from None
        if not number.is_finite():  # NaN and Infinity compare with errors
            raise InvalidAnswer(_("Please enter a number."))
        if abs(number) > parsing.MAX_INT:
            raise InvalidAnswer(_("This number is too large."))
        return str(number)
    if question.type in ("select_one", "yes_no"):
        if text not in {c.name for c in question.choices}:
            raise InvalidAnswer(_("Unknown choice: %(value)s") % {"value": text})
        return text
    if len(text) > 5000:
        raise InvalidAnswer(_("At most 5,000 characters, please."))
    return text


_PARSERS: dict[str, Callable[[Question, str], Any]] = {
    "time": lambda _question, text: answer_values.parse_time(text),
    "datetime": lambda _question, text: answer_values.parse_datetime(text),
    "range": answer_values.parse_range,
    "acknowledge": lambda _question, text: answer_values.parse_acknowledge(text),
}


def entry_problem(question: Question, entry: str) -> str:
    """Why a kept entry is not a value of the question's type."""
    try:
        coerce(question, entry)
    except InvalidAnswer as error:
        return str(error)
    return _("Please check this entry.")


def typed(question: Question, value: Any) -> Any:
    """A stored answer as the expression engine expects it."""
    if value is None:
        return None
    if question.type == "decimal" or (question.type == "range" and isinstance(value, str)):
        return Decimal(value)
    if question.type == "date":
        return datetime.date.fromisoformat(value)
    if question.type == "datetime":
        return datetime.datetime.fromisoformat(value)
    if question.type == "time" and len(value) == 5:
        return f"{value}:00"
    return value


def calculated_cell(value: Any) -> Any:
    """A calculation's stored text as a table cell: a number where it is one, so that Excel
    counts with it; otherwise the text."""
    if not isinstance(value, str):
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return number if number.is_finite() else None
