"""Dates and times: today(), now(), date(), date-time(), decimal-date-time(), decimal-time(),
format-date(), format-date-time() (see "Dates and times" in `engine.expressions`)."""

import math
from collections.abc import Callable
from datetime import date, datetime

from teilhabe.engine.xpath.datetimes import (
    calendar_day,
    date_from_days,
    day_count,
    fraction_of_day,
    local_clock,
    midnight,
    moment_from_days,
    on_local_clock,
    parse_date,
    parse_date_time,
    parse_time,
)
from teilhabe.engine.xpath.functions.base import Evaluation, Function, eager
from teilhabe.engine.xpath.tree import Call, ExpressionError, Text, gettext_noop
from teilhabe.engine.xpath.values import (
    NAN,
    Scalar,
    Value,
    first,
    is_number,
    numeric,
    to_string,
)

# Abbreviated names as CLDR has them (what ODK Collect shows); %b and %a in the form's language.
_MONTHS = {
    "de": [
        "Jan.",
        "Feb.",
        "März",
        "Apr.",
        "Mai",
        "Juni",
        "Juli",
        "Aug.",
        "Sept.",
        "Okt.",
        "Nov.",
        "Dez.",
    ],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_WEEKDAYS = {  # Monday first, as Python's weekday()
    "de": ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
FORMAT_CODES = "YymnbdeHhMS3a%"


def _number_or_text(value: Value) -> int | float | str | None:
    """A number, or a text to read a date or time from; None for anything else."""
    scalar = first(value)
    if is_number(scalar):
        assert isinstance(scalar, int | float)
        return scalar
    if isinstance(scalar, str) and scalar.strip():
        number = numeric(scalar)
        return scalar if number is None else number
    return None


def _moment(value: Value) -> date | None:
    """A value as a date or a dateTime: a number counts days since 1970-01-01T00:00Z."""
    scalar = first(value)
    if isinstance(scalar, date):
        return scalar
    found = _number_or_text(scalar)
    if isinstance(found, int | float):
        return moment_from_days(found)
    if found is None:
        return None
    return parse_date(found) or parse_date_time(found)


def _date(value: Value) -> Scalar:
    """The calendar day; '' for what is not one (XPath has no error to give). A number counts
    whole days since 1970-01-01, truncated as ODK does."""
    found = _number_or_text(value)
    if isinstance(found, int | float):
        day = date_from_days(found)
    else:
        moment = _moment(value)
        day = None if moment is None else calendar_day(moment)
    return "" if day is None else day


def _date_time(value: Value) -> Scalar:
    found = _moment(value)
    return "" if found is None else midnight(found)


def _decimal_date_time(value: Value) -> int | float:
    """Days since 1970-01-01T00:00Z, with the fraction; a date is its midnight in Berlin."""
    number = _number_or_text(value)
    if isinstance(number, int | float):
        return number
    found = _moment(value)
    return NAN if found is None else day_count(midnight(found))


def _decimal_time(ev: Evaluation, call: Call) -> float:
    """The time of day as a fraction of the day on Berlin's clock: noon is 0.5."""
    scalar = first(ev.evaluate(call.arguments[0]))
    found = _number_or_text(scalar)
    if isinstance(found, int | float):
        return NAN if not math.isfinite(found) else float(found - math.floor(found))
    if isinstance(scalar, date) or isinstance(found, str):
        if isinstance(found, str) and (clock := parse_time(found)) is not None:
            return fraction_of_day(local_clock(*clock, on=ev.today))
        moment = _moment(scalar)
        if isinstance(moment, datetime):
            return fraction_of_day(on_local_clock(moment).time())
        if moment is not None:
            return 0.0
    return NAN


def _format(ev: Evaluation, call: Call) -> str:
    """format-date() and format-date-time(): ODK's %-codes, the rest as written."""
    value, pattern = ev.arguments(call)
    found = _moment(value)
    if found is None:
        return ""
    moment = on_local_clock(found) if isinstance(found, datetime) else midnight(found)
    language = ev.layout.language.split("-")[0].lower()
    fields = _fields(moment, "en" if language == "en" else "de")
    text = to_string(pattern)
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "%" and i + 1 < len(text) and text[i + 1] in fields:
            out.append(fields[text[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _fields(moment: datetime, language: str) -> dict[str, str]:
    year = f"{moment.year:04d}"
    return {
        "Y": year,
        "y": year[2:],
        "m": f"{moment.month:02d}",
        "n": str(moment.month),
        "b": _MONTHS[language][moment.month - 1],
        "d": f"{moment.day:02d}",
        "e": str(moment.day),
        "H": f"{moment.hour:02d}",
        "h": str(moment.hour),
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}",
        "a": _WEEKDAYS[language][moment.weekday()],
        "%": "%",
    }


def _check_format(call: Call) -> None:
    """A format written in the expression is checked when parsing: ODK refuses unknown codes."""
    _check_moment(call)
    pattern = call.arguments[1]
    if not isinstance(pattern, Text):
        return
    text, i = pattern.value, 0
    while i < len(text):
        if text[i] == "%":
            code = text[i + 1 : i + 2]
            if code not in FORMAT_CODES or not code:
                template = (
                    gettext_noop("{name}() does not know the code %{code}: use {codes}")
                    if code
                    else gettext_noop("the format of {name}() ends with a lone %: write %% for %")
                )
                raise ExpressionError(
                    template,
                    pattern.position + 1 + i,
                    name=call.function,
                    code=code,
                    codes=" ".join(f"%{known}" for known in FORMAT_CODES),
                )
            i += 1
        i += 1


def _check_moment(call: Call) -> None:
    """A date written in the expression must be one (ODK would fail when answering)."""
    argument = call.arguments[0]
    if isinstance(argument, Text) and argument.value.strip() and _moment(argument.value) is None:
        raise ExpressionError(
            gettext_noop("“{text}” is not a date: write it as YYYY-MM-DD"),
            argument.position,
            text=argument.value,
        )


def _check_time(call: Call) -> None:
    argument = call.arguments[0]
    if not isinstance(argument, Text) or not argument.value.strip():
        return
    if parse_time(argument.value) is None and _moment(argument.value) is None:
        raise ExpressionError(
            gettext_noop("“{text}” is not a time: write it as HH:MM or HH:MM:SS"),
            argument.position,
            text=argument.value,
        )


def _clock(read: Callable[[Evaluation], Scalar]) -> Function:
    return Function(0, 0, lambda ev, call: read(ev))


FUNCTIONS: dict[str, Function] = {
    "today": _clock(lambda ev: ev.today),
    "now": _clock(lambda ev: ev.now),
    "date": eager(1, 1, _date, _check_moment),
    "date-time": eager(1, 1, _date_time, _check_moment),
    "decimal-date-time": eager(1, 1, _decimal_date_time, _check_moment),
    "decimal-time": Function(1, 1, _decimal_time, _check_time),
    "format-date": Function(2, 2, _format, _check_format),
    "format-date-time": Function(2, 2, _format, _check_format),
}
