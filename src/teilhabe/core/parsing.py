"""The one place that turns user input into dates and whole numbers: forms (core/forms.py),
views that read the query string, the questionnaire runtime and the API all use it, so that a
value out of range gives a clear message everywhere instead of an error deep in the code.

Dates are bounded to 01.01.1900-31.12.2199. Python's dates reach 31.12.9999, but the code does
arithmetic on them (the day after a period, a year back for a comparison, the end of the day
"as of" a date), and date.max + one day overflows with an error; the databases' date ranges
differ as well. No record of Teilhabe lies before 1900 or beyond 2199, so the bounds lose nothing
real and leave every computation centuries of room.

Whole numbers are what Python's int() accepts after stripping blanks (so also Arabic-Indic
digits such as ١٢, but not ² or 1e3), bounded to the signed 64-bit range of the databases'
integer columns, and to a narrower range where the caller gives one."""

import datetime
import re
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2199, 12, 31)
MIN_INT = -(2**63)
MAX_INT = 2**63 - 1

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_GERMAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII)


class InvalidInput(ValueError):
    """Input that is not a value of the wanted kind (`code` "invalid") or is out of range
    ("range"); the message is translated and says what is allowed."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def parse_date(value: Any) -> datetime.date:
    """A date written as 2026-09-17 or 17.09.2026 (or a date object), within the bounds."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        text = str(value).strip()
        iso, german = _ISO.fullmatch(text), _GERMAN.fullmatch(text)
        try:
            if iso:
                value = datetime.date(*(int(part) for part in iso.groups()))
            elif german:
                day, month, year = (int(part) for part in german.groups())
                value = datetime.date(year, month, day)
            else:
                raise ValueError(text)
        except ValueError:
            raise InvalidInput(_("Please enter a date such as 17.09.2026."), "invalid") from None
    return check_date(value)


def check_date(value: datetime.date) -> datetime.date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise InvalidInput(
            _("Please enter a date between %(min)s and %(max)s.")
            % {"min": date_format(MIN_DATE, "d.m.Y"), "max": date_format(MAX_DATE, "d.m.Y")},
            "range",
        )
    return value


def parse_int(value: Any, *, min_value: int | None = None, max_value: int | None = None) -> int:
    """A whole number as int() reads it, within 64 bits and the given bounds."""
    if isinstance(value, bool):
        raise InvalidInput(_("Please enter a whole number."), "invalid")
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InvalidInput(_("Please enter a whole number."), "invalid") from None
    low = MIN_INT if min_value is None else max(min_value, MIN_INT)
    high = MAX_INT if max_value is None else min(max_value, MAX_INT)
    if not low <= number <= high:
        if min_value is None and max_value is None:
            message = _("This number is too large.")
        elif max_value is None:
            message = _("Please enter a whole number of at least %(min)s.") % {"min": low}
        elif min_value is None:
            message = _("Please enter a whole number of at most %(max)s.") % {"max": high}
        else:
            message = _("Please enter a whole number between %(min)s and %(max)s.") % {
                "min": low,
                "max": high,
            }
        raise InvalidInput(message, "range")
    return number


def optional_id(value: Any) -> int | None:
    """The id of a database row from a query string or a form, or None when the text cannot be
    one (empty, not a whole number, not positive, beyond 64 bits)."""
    try:
        return parse_int(value, min_value=1) if value not in (None, "") else None
    except InvalidInput:
        return None


def optional_date(value: Any) -> datetime.date | None:
    """A date from a query string, or None when it is missing, malformed or out of range."""
    try:
        return parse_date(value) if value not in (None, "") else None
    except InvalidInput:
        return None


def has_nul(value: str) -> bool:
    """PostgreSQL refuses text with NUL characters; no human input contains them."""
    return "\x00" in value
