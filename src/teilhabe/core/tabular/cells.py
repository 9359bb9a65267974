"""The cells of a file, as German offices fill them in, turned into values.

A cell arrives as openpyxl or the CSV reader gives it: text, a number, a date, a boolean. Each
parser returns a value or raises `CellProblem`, which says in the user's language what is wrong
and how to write it instead. The numbers follow German Excel (1.234 and 2,5 beside 1234 and 2.5),
dates are DD.MM.YYYY, ISO or real date cells, booleans "ja"/"nein".

Dates and whole numbers end in `core.parsing`, so that an import accepts the same range as
every form: 01.01.1900 to 31.12.2199, and numbers within the database's columns."""

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.core import parsing
from teilhabe.core.tabular.writer import restore

YES, NO = "ja", "nein"
MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds on every database

_PLAIN_INTEGER = re.compile(r"\d+")
_GROUPED_INTEGER = re.compile(r"\d{1,3}(?:\.\d{3})+")  # German thousands: 1.234
_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")
_GERMAN_DECIMAL = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_ISO_MIDNIGHT = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]00:00(?::00)?")  # a date saved as time
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")  # what Excel makes of a long key
_YES_WORDS = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x"})
_NO_WORDS = frozenset({"nein", "n", "no", "false", "falsch", "0"})


class CellProblem(ValueError):
    """A cell that cannot be read. `message` is a sentence for the list of problems on a
    preview page; `brief` says the same as a clause, for a line that already names the place
    ("liste.csv, line 3, column “ars”: …" on the command line)."""

    def __init__(self, message: str, brief: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.brief = brief or message


# --- text --------------------------------------------------------------------------------------


def date_text(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def as_text(value: Any) -> str:
    """A cell as text: Excel turns '2024' or '0421' typed into a text column into numbers.

    Text loses the apostrophe our exports put before what a spreadsheet would run as a formula
    (`writer.neutralise`), so that a file imported as exported changes nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return restore(value).strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return date_text(value.date())
    if isinstance(value, date):
        return date_text(value)
    return str(value).strip()


def free_text(value: Any, limit: int | None = None) -> str:
    """Text as typed, with Windows line ends undone; at most `limit` characters."""
    text = as_text(value).replace("\r\n", "\n")
    if limit is not None and len(text) > limit:
        message = _("The text has {length} characters; at most {limit} are allowed.")
        raise CellProblem(message.format(length=len(text), limit=limit))
    return text


def normal(text: Any) -> str:
    """Compare headers and labels as people see them: without case and extra spaces."""
    return "" if text is None else " ".join(str(text).split()).casefold()


# --- numbers -----------------------------------------------------------------------------------


def negative(text: str) -> CellProblem:
    return CellProblem(
        _("“{value}” is negative.").format(value=text),
        _("“{value}” is negative").format(value=text),
    )


def as_whole_number(value: Any, *, grouping: bool = True, maximum: int | None = MAX_COUNT) -> int:
    """A whole number of at least 0: a number cell, or digits, with German thousands separators
    (1.234) where `grouping` allows them. `maximum` None means the database's 64 bits."""
    text = as_text(value)
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    else:
        digits = text.removeprefix("-")
        plain = _PLAIN_INTEGER.fullmatch(digits) or (
            grouping and _GROUPED_INTEGER.fullmatch(digits)
        )
        number = (
            int(digits.replace(".", "")) * (-1 if text.startswith("-") else 1) if plain else None
        )
    if number is None:
        raise CellProblem(
            _("“{value}” is not a whole number.").format(value=text),
            _("“{value}” is not a whole number").format(value=text),
        )
    try:
        return parsing.parse_int(number, min_value=0, max_value=maximum)
    except parsing.InvalidInput:
        if number < 0:
            raise negative(text) from None
        raise CellProblem(
            _("“{value}” is too large.").format(value=text),
            _("“{value}” is too large").format(value=text),
        ) from None


def as_decimal(value: Any, *, german: bool = True) -> Decimal:
    """A decimal number; German files write '1.234,5', but plain '150.42' is read too.

    A German value such as '1.234' is a valid thousands grouping and therefore means 1234."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    text = as_text(value)
    if german and _GERMAN_DECIMAL.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _PLAIN_DECIMAL.fullmatch(text):
        return Decimal(text)
    raise CellProblem(
        _("“{value}” is not a number.").format(value=text),
        _("“{value}” is not a number").format(value=text),
    )


# --- dates and yes/no --------------------------------------------------------------------------


def as_date(value: Any) -> date:
    """A date cell, DD.MM.YYYY as Germans type it, or YYYY-MM-DD (also with a midnight time)."""
    if isinstance(value, date):
        candidate: Any = value
        text = as_text(value)
    else:
        text = as_text(value)
        midnight = _ISO_MIDNIGHT.fullmatch(text)
        candidate = midnight[1] if midnight else text
    try:
        return parsing.parse_date(candidate)
    except parsing.InvalidInput as error:
        if error.code == "range":
            raise CellProblem(error.message) from None
        message = _("“{value}” is not a date. Write it as DD.MM.YYYY, for example 31.12.2025.")
        raise CellProblem(message.format(value=text)) from None


def as_boolean(value: Any) -> bool:
    text = as_text(value)
    if text.casefold() in _YES_WORDS:
        return True
    if text.casefold() in _NO_WORDS:
        return False
    message = _("Write “{yes}” or “{no}” instead of “{value}”.")
    raise CellProblem(message.format(yes=YES, no=NO, value=text))


# --- keys --------------------------------------------------------------------------------------


def as_code(
    value: Any,
    digits: int,
    *,
    shortest: int = 1,
    wrong: Callable[[], str],
    scientific: Callable[[], str],
) -> str:
    """A key of `digits` digits, with the leading zeros restored that Excel drops from a key it
    took for a number; at least `shortest` digits must be left. `wrong` and `scientific` give
    the message templates ({value}, {digits}): a key is named differently in every file."""
    text = as_text(value)
    if text.isascii() and text.isdigit() and shortest <= len(text) <= digits:
        return text.zfill(digits)
    template = scientific() if _SCIENTIFIC.fullmatch(text) else wrong()
    raise CellProblem(template.format(value=text, digits=digits))


def as_ars(value: Any) -> str:
    """A municipality's regional key (ARS), as typed (spaces are dropped) or as Excel shows it
    in a number column (11 digits, the leading 0 lost)."""
    return as_code(
        as_text(value).replace(" ", ""),
        12,
        shortest=11,
        wrong=lambda: _("“{value}” is not a regional key (ARS) of 12 digits."),
        scientific=lambda: _(
            "“{value}” is in scientific notation. Format the column as text in Excel and enter "
            "the regional key again."
        ),
    )


# --- choices -----------------------------------------------------------------------------------


class ChoiceParser:
    """The codes of a `TextChoices`, read by the German label the files use, by the code, or by
    the interface's label in German or English. `unknown` is the message for anything else,
    with {value} and {allowed} (the file's labels)."""

    def __init__(
        self, labels: Mapping[str, str], choices: type[Choices], unknown: Callable[[], str]
    ) -> None:
        self.labels = labels
        self.choices = choices
        self.unknown = unknown

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Built on first use, when the translations are ready; the same in every language."""
        lookup: dict[str, str] = {}
        for code, label in self.labels.items():
            lookup.setdefault(normal(label), code)
            lookup.setdefault(normal(code), code)
        for language in ("de", "en"):
            with translation.override(language):
                for choice, choice_label in self.choices.choices:
                    lookup.setdefault(normal(choice_label), choice)
        return lookup

    @property
    def allowed(self) -> str:
        return ", ".join(self.labels.values())

    def __call__(self, value: Any) -> str:
        text = as_text(value)
        code = self.lookup.get(normal(text))
        if code is None:
            raise CellProblem(self.unknown().format(value=text, allowed=self.allowed))
        return code
