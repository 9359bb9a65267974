"""Answers of the newer XLSForm types as stored and shown: times, dates with times, ranges and
acknowledgements; and answers written into labels (`${name}` in a note), the way a German
reader expects them (1.370; 2,5; 05.12.2026; 14:30)."""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from teilhabe.core import parsing
from teilhabe.surveys.xlsform import Question
from teilhabe.surveys.xlsform.parameters import range_parameters

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")
_DATE_TIME = re.compile(r"(.+?)[T ]\s*(\d{1,2}[:.]\d{2}(?::\d{2})?)")
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_ACKNOWLEDGED = {"ok", "1", "on", "yes", "true", "ja"}


class InvalidValue(ValueError):
    """The message says what is allowed, translated."""


def parse_time(text: str) -> str:
    """'14:30', '9.05' or '14:30:15' as 'HH:MM' (seconds kept when not 0)."""
    match = _TIME.fullmatch(text.strip())
    if match:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return f"{hour:02}:{minute:02}" + (f":{second:02}" if second else "")
    raise InvalidValue(_("Please enter a time such as 14:30."))


def parse_datetime(text: str) -> str:
    """'2026-12-05T14:30' (the browser's), '05.12.2026 14:30' as '2026-12-05T14:30'."""
    match = _DATE_TIME.fullmatch(text.strip())
    if match:
        try:
            day = parsing.parse_date(match[1])
            return f"{day.isoformat()}T{parse_time(match[2])}"
        except (parsing.InvalidInput, InvalidValue):
            pass
    raise InvalidValue(_("Please enter a date and time such as 05.12.2026 14:30."))


def parse_range(question: Question, text: str) -> int | str:
    """A number between the range's start and end, on its steps; an int when the range has
    only whole numbers (pyxform then binds it as int), else a decimal as text."""
    start, end, step = range_parameters(question.parameters) or (Decimal(1), Decimal(10), 1)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InvalidValue(_("Please enter a number.")) from None
    low, high = min(start, end), max(start, end)
    if not number.is_finite() or not low <= number <= high or (number - start) % step:
        raise InvalidValue(
            _("Please choose a value from %(low)s to %(high)s in steps of %(step)s.")
            % {"low": _number(low), "high": _number(high), "step": _number(Decimal(step))}
        )
    whole = all(value == value.to_integral_value() for value in (start, end, Decimal(step)))
    return int(number) if whole else str(number.normalize())


def range_hint(question: Question) -> str:
    """What a range accepts, as a hint for the field."""
    start, end, step = range_parameters(question.parameters) or (Decimal(1), Decimal(10), 1)
    return _("A number from %(low)s to %(high)s in steps of %(step)s.") % {
        "low": _number(min(start, end)),
        "high": _number(max(start, end)),
        "step": _number(Decimal(step)),
    }


def parse_acknowledge(text: str) -> str | None:
    """ODK stores an acknowledgement as 'OK'; anything else is no acknowledgement."""
    return "OK" if text.strip().casefold() in _ACKNOWLEDGED else None


def _number(value: Any) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def display(question: Question, value: Any, language: str) -> str:
    """An answer as a reader sees it in a label: choice labels, German numbers and dates."""
    from teilhabe.surveys.runtime import label

    if value in (None, "", []):
        return ""
    if question.choices:
        labels = {c.name: label(c.labels, language, c.name) for c in question.choices}
        values = value if isinstance(value, list) else str(value).split()
        return ", ".join(labels.get(v, v) for v in values)
    try:
        if question.type in ("integer", "decimal", "range"):
            return _number(Decimal(str(value)).normalize() if "." in str(value) else int(value))
        if question.type == "date":
            return formats.date_format(datetime.date.fromisoformat(value), "d.m.Y")
        if question.type == "datetime":
            moment = datetime.datetime.fromisoformat(value)
            return formats.date_format(moment, "d.m.Y H:i")
    except (ValueError, InvalidOperation):
        pass
    if question.type == "calculate":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        # NaN (a calculation over unanswered questions) reads as nothing, as in Enketo.
        return _number(number.normalize()) if number.is_finite() else ""
    return str(value)


def fill(
    text: str, questions: Mapping[str, Question], stored: Mapping[str, Any], language: str
) -> str:
    """A label or hint with each ${name} replaced by that answer as a reader sees it."""
    if "${" not in text:
        return text

    def answer(match: re.Match[str]) -> str:
        question = questions.get(match[1])
        return display(question, stored.get(match[1]), language) if question else match[0]

    return _REFERENCE.sub(answer, text)
