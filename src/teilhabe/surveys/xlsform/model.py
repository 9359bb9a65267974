"""The form model: what a questionnaire is, as read from and written to XLSForm, and the
one error every problem in a workbook becomes."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

QUESTION_TYPES = frozenset(
    {"text", "integer", "decimal", "date", "select_one", "select_multiple", "note", "yes_no"}
    | {"time", "datetime", "range", "acknowledge", "hidden", "calculate"}
    | {"file", "image"}
)
# Types nobody types an answer into: shown (note), preset (hidden) or computed (calculate).
UNANSWERED_TYPES = frozenset({"note", "hidden", "calculate"})
# Types answered with an uploaded file (answer_files.py); the answer's value is its name.
FILE_TYPES = frozenset({"file", "image"})
SELECT_TYPES = frozenset({"select_one", "select_multiple", "yes_no"})
DEFAULT_LANGUAGE = "default"  # the key of labels from columns without a language
YES_NO_LIST = "yes_no"

# How we name language columns we write; other codes are written as "xy (xy)".
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "fr": "Français",
    "ru": "Русский",
    "tr": "Türkçe",
    "uk": "Українська",
}

XML_NAME = re.compile(r"[^\W\d][\w.\-]*")  # XML element names without namespaces
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_LANGUAGE_WITH_CODE = re.compile(r"(.*?)\s*\(([^()]+)\)")


@dataclass(frozen=True)
class Choice:
    """One answer option of a choice list."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    extra: dict[str, str] = field(default_factory=dict)  # further columns, e.g. "category"


YES_NO_CHOICES = (
    Choice("yes", {"de": "Ja", "en": "Yes"}),
    Choice("no", {"de": "Nein", "en": "No"}),
)


@dataclass(frozen=True)
class Question:
    """One row of the survey sheet.

    Select questions carry their list's choices, so that a question is complete on its own.
    A yes_no question built without choices gets YES_NO_CHOICES, and a select without a list
    name is named after the question: the file we write can only say it that way.
    """

    name: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_messages: dict[str, str] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    list_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    guidance_hints: dict[str, str] = field(default_factory=dict)  # shown on request
    required_messages: dict[str, str] = field(default_factory=dict)
    default: str = ""  # as written in XLSForm: "3", "2026-05-31", "a b" for a multiple choice
    read_only: bool = False
    choice_filter: str = ""  # over the choices' columns, e.g. "region = ${region}"
    calculation: str = ""  # of a calculate question, e.g. "${adults} + ${children}"
    or_other: bool = False  # a select with a choice "other" and a field "<name>_other"
    choices_file: str = ""  # "towns.csv" for select_*_from_file: the choices came from it
    parameters: str = ""  # of a range question: "start=0 end=10 step=1"

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {self.type!r}")
        if self.type == "yes_no" and not self.choices:
            object.__setattr__(self, "choices", YES_NO_CHOICES)
            object.__setattr__(self, "list_name", self.list_name or YES_NO_LIST)
        if self.type in SELECT_TYPES and not self.list_name:
            object.__setattr__(self, "list_name", self.name)
        if self.type not in SELECT_TYPES and (self.choices or self.list_name or self.choice_filter):
            raise ValueError(f"question {self.name!r} of type {self.type!r} has choices")
        if self.or_other and self.type not in ("select_one", "select_multiple"):
            raise ValueError(f"question {self.name!r} of type {self.type!r} has or_other")
        if self.type != "calculate" and self.calculation:
            raise ValueError(f"question {self.name!r} of type {self.type!r} has a calculation")


@dataclass(frozen=True)
class Section:
    """A group of the survey sheet; questions outside groups form sections named "".

    A repeat group (`repeat`) is a section answered any number of times: each instance holds
    an answer to each of its questions. `repeat_count` fixes how many (a number, or an
    expression over answers outside the repeat); without it the respondent adds and removes
    instances."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    questions: tuple[Question, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # e.g. {"category": "housing"}
    repeat: bool = False
    repeat_count: str = ""

    def __post_init__(self) -> None:
        if self.repeat_count and not self.repeat:
            raise ValueError(f"section {self.name!r} has a repeat_count but is no repeat")
        if self.repeat and not self.name:
            raise ValueError("a repeat group needs a name")


@dataclass(frozen=True)
class Form:
    """A whole questionnaire, as stored in one QuestionnaireVersion."""

    title: str
    form_id: str
    version: str
    default_language: str
    sections: tuple[Section, ...]
    settings: dict[str, str] = field(default_factory=dict)  # further settings, written back

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def repeats(self) -> dict[str, Section]:
        """The repeat groups by name."""
        return {section.name: section for section in self.sections if section.repeat}


class XLSFormError(ValueError):
    """A problem in the workbook, located so that the user can fix it in Excel."""

    def __init__(
        self,
        sheet: str,
        row: int | None,
        column: str | None,
        message: str,
        *,
        filename: str = "",
    ) -> None:
        super().__init__(sheet, row, column, message)
        self.filename = filename
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = message
        # Built now, in the language the message was translated in, so the two never mix.
        self.sentence = self._sentence()

    def _sentence(self) -> str:
        values = {
            "filename": self.filename or _("questionnaire"),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        if not self.sheet or (self.row is None and self.column is None):
            return _("{filename}: {message}").format(**values)
        if self.row is not None and self.column is not None:
            return _("{filename}, sheet “{sheet}”, row {row}, column “{column}”: {message}").format(
                **values
            )
        if self.row is not None:
            return _("{filename}, sheet “{sheet}”, row {row}: {message}").format(**values)
        return _("{filename}, sheet “{sheet}”, column “{column}”: {message}").format(**values)

    def __str__(self) -> str:
        """One sentence, so that a form or the CLI can show it without assembling parts."""
        return self.sentence


# --- languages -----------------------------------------------------------------------------


def language_code(text: str) -> str:
    """'Deutsch (de)' -> 'de'; 'de' -> 'de'; 'English' -> 'English' (no code to find)."""
    match = _LANGUAGE_WITH_CODE.fullmatch(text.strip())
    return match.group(2).strip() if match else text.strip()


def language_column(code: str) -> str:
    """The language as we write it after '::' and in default_language: 'Deutsch (de)'."""
    if _LANGUAGE_CODE.fullmatch(code):
        return f"{LANGUAGE_NAMES.get(code, code)} ({code})"
    return code
