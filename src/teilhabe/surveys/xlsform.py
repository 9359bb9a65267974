"""Read and write questionnaires as XLSForm workbooks (.xlsx).

XLSForm is the spreadsheet format of ODK, KoboToolbox and SurveyCTO, so a coordinator can design
a questionnaire in Excel or export one from Kobo, and take ours elsewhere. We support the part
of it that our answering pages can show: text, integer, decimal, date, select_one,
select_multiple and note questions in one level of groups (our sections), with labels, hints
and constraint messages in several languages, required, relevant and constraint.

As in `regions.regionlist`, reading yields plain frozen dataclasses or raises one
XLSFormError that points at sheet, row and column; nothing is returned half-read.
Files we write convert with pyxform, and reading them gives back the same Form.

Conventions a reader of the code should know:
- Languages are keyed by their code: `label::Deutsch (de)`, `label::de` and, with the setting
  default_language "de", plain `label` all become "de". A language without a code in
  parentheses keeps its name ("English"); columns without language in a form without the
  default_language setting are keyed "default", as pyxform calls them.
- A select_one over a list with exactly the choices `yes` and `no` is our `yes_no` type;
  it keeps its list and labels, so that exporting gives back the same file.
- Kobo's metadata rows (start, end, today, deviceid, ...) record the device, not answers;
  they are skipped.
- Cell text is stripped; columns we do not interpret (appearance, a `category` of our own,
  Kobo's `$kuid`, ...) are kept as `extra` and written back.
"""

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.tabular import reading, writer

QUESTION_TYPES = frozenset(
    {"text", "integer", "decimal", "date", "select_one", "select_multiple", "note", "yes_no"}
)
SELECT_TYPES = frozenset({"select_one", "select_multiple", "yes_no"})
DEFAULT_LANGUAGE = "default"  # the key of labels from columns without a language
YES_NO_LIST = "yes_no"

# Kobo adds these rows to every form; they record the device and times, not answers.
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "phonenumber",
        "username",
        "email",
        "simserial",
        "subscriberid",
        "audit",
    }
)
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

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format, which Kobo can still export
_NAME = re.compile(r"[^\W\d][\w.\-]*")  # XML element names without namespaces
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_LANGUAGE_WITH_CODE = re.compile(r"(.*?)\s*\(([^()]+)\)")
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
# Written files carry this date, so that the same form gives the same bytes.
_FIXED_TIME = datetime.datetime(2020, 1, 1)  # noqa: DTZ001 - Excel stores naive UTC


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

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {self.type!r}")
        if self.type == "yes_no" and not self.choices:
            object.__setattr__(self, "choices", YES_NO_CHOICES)
            object.__setattr__(self, "list_name", self.list_name or YES_NO_LIST)
        if self.type in SELECT_TYPES and not self.list_name:
            object.__setattr__(self, "list_name", self.name)
        if self.type not in SELECT_TYPES and (self.choices or self.list_name):
            raise ValueError(f"question {self.name!r} of type {self.type!r} has choices")


@dataclass(frozen=True)
class Section:
    """A group of the survey sheet; questions outside groups form sections named ""."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    questions: tuple[Question, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # e.g. {"category": "housing"}


@dataclass(frozen=True)
class Form:
    """A whole questionnaire, as stored in one QuestionnaireVersion."""

    title: str
    form_id: str
    version: str
    default_language: str
    sections: tuple[Section, ...]

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions


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


# --- reading: cells and tables -------------------------------------------------------------


_TRANSLATED = {"survey": ("label", "hint", "constraint_message"), "choices": ("label",)}
_KNOWN = {
    "survey": {"type", "name", "label", "hint", "required", "relevant", "constraint"},
    "choices": {"list_name", "name", "label"},
    "settings": {"form_title", "form_id", "version", "default_language"},
}
# The types a user can write in the survey sheet, for the message about an unknown one.
_SUPPORTED = (
    "text, integer, decimal, date, select_one, select_multiple, note, begin_group, end_group"
)
_ALIASES = {
    "list name": "list_name",
    "constraint message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
}


def _text(value: Any) -> str:
    """A cell as text, the way it looks in Excel: 2030 rather than 2030.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


@dataclass
class _Table:
    """One sheet: cells by column key, where a key is (base, language) for translated columns
    ('label', 'de') and (header, None) otherwise; `headers` keeps the header as written."""

    sheet: str
    headers: dict[tuple[str, str | None], str]
    rows: list[tuple[int, dict[tuple[str, str | None], str]]]

    def column(self, base: str) -> str:
        """The header as the user wrote it ("Label::English (en)"), for messages."""
        if (base, None) in self.headers:
            return self.headers[base, None]
        translated = (h for (b, language), h in self.headers.items() if b == base and language)
        return next(translated, base)

    def translations(self, cells: dict[tuple[str, str | None], str], base: str) -> dict[str, str]:
        return {
            language: text
            for (name, language), text in cells.items()
            if name == base and language is not None
        }

    def extra(self, cells: dict[tuple[str, str | None], str]) -> dict[str, str]:
        known = _KNOWN[self.sheet]
        return {
            name: text
            for (name, language), text in cells.items()
            if language is None and name not in known
        }


class _Reader:
    def __init__(self, filename: str) -> None:
        self.filename = filename

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> XLSFormError:
        return XLSFormError(sheet, row, column, message, filename=self.filename)

    # --- workbook ---

    def sheets(self, data: bytes) -> dict[str, list[tuple[Any, ...]]]:
        if data.startswith(_OLE_MAGIC):
            raise self.error(
                "",
                None,
                None,
                _("this is an old Excel file (.xls); save it as an Excel workbook (.xlsx)"),
            )
        if not data.startswith(_ZIP_MAGIC):
            raise self.error("", None, None, _("the file is not an Excel workbook (.xlsx)"))
        try:
            workbook = reading.read_workbook(data)
        except reading.FileProblem:  # openpyxl raises many kinds; all mean the same to the user
            raise self.error(
                "", None, None, _("the file is not an Excel workbook (.xlsx)")
            ) from None
        sheets: dict[str, list[tuple[Any, ...]]] = {}
        for title, rows in workbook:
            sheets.setdefault(title.strip().casefold(), rows)
        return sheets

    def table(self, sheet: str, rows: list[tuple[Any, ...]], default_language: str) -> _Table:
        header = [_text(value) for value in rows[0]] if rows else []
        translated = _TRANSLATED.get(sheet, ())
        keys: list[tuple[str, str | None] | None] = []
        headers: dict[tuple[str, str | None], str] = {}
        for text in header:
            if not text:
                keys.append(None)
                continue
            base, separator, language = text.partition("::")
            base = base.strip().casefold()
            base = _ALIASES.get(base, base)
            key: tuple[str, str | None]
            if base in translated:
                key = (base, language_code(language) if separator else default_language)
            elif base in _KNOWN.get(sheet, ()) and not separator:
                key = (base, None)
            else:
                key = (text, None)
            if key in headers:
                raise self.error(
                    sheet,
                    1,
                    text,
                    _("this column repeats the column “{other}”").format(other=headers[key]),
                )
            headers[key] = text
            keys.append(key)
        table_rows = []
        for number, row in enumerate(rows[1:], start=2):
            cells = {}
            for key, value in zip(keys, row, strict=False):
                text = _text(value)
                if key is not None and text:
                    cells[key] = text
            if cells:
                table_rows.append((number, cells))
        return _Table(sheet, headers, table_rows)

    def require_columns(self, table: _Table, *columns: str) -> None:
        for column in columns:
            if (column, None) not in table.headers:
                raise self.error(table.sheet, 1, column, _("the column is missing"))

    # --- the form ---

    def read(self, data: bytes) -> Form:
        sheets = self.sheets(data)
        if "survey" not in sheets:
            raise self.error("survey", None, None, _("the workbook has no sheet “survey”"))
        settings = self.settings(sheets.get("settings", []))
        default_language = self.default_language(settings, sheets)
        survey = self.table("survey", sheets["survey"], default_language)
        self.require_columns(survey, "type", "name")
        choices = None
        if "choices" in sheets:
            choices = self.table("choices", sheets["choices"], default_language)
            self.require_columns(choices, "list_name", "name")
        lists = self.lists(choices) if choices is not None else None
        builder = _SurveyBuilder(self, survey, lists)
        sections = builder.build()
        stem = PurePath(self.filename).stem
        form_id = settings.get("form_id") or _form_id(stem)
        return Form(
            title=settings.get("form_title") or stem or form_id,
            form_id=form_id,
            version=settings.get("version", ""),
            default_language=default_language,
            sections=sections,
        )

    def settings(self, rows: list[tuple[Any, ...]]) -> dict[str, str]:
        table = self.table("settings", rows, DEFAULT_LANGUAGE)
        if not table.rows:
            return {}
        _number, cells = table.rows[0]
        return {name: text for (name, language), text in cells.items() if language is None}

    def default_language(self, settings: dict[str, str], sheets: dict[str, Any]) -> str:
        """The setting; else "default" if columns lack a language; else the first language."""
        if settings.get("default_language"):
            return language_code(settings["default_language"])
        first = None
        for sheet in ("survey", "choices"):
            rows = sheets.get(sheet)
            for value in rows[0] if rows else ():
                base, separator, language = _text(value).partition("::")
                base = _ALIASES.get(base.strip().casefold(), base.strip().casefold())
                if base in _TRANSLATED[sheet]:
                    if not separator:
                        return DEFAULT_LANGUAGE
                    first = first or language_code(language)
        return first or DEFAULT_LANGUAGE

    def lists(self, table: _Table) -> dict[str, list[tuple[int, Choice]]]:
        lists: dict[str, list[tuple[int, Choice]]] = {}
        rows: dict[tuple[str, str], int] = {}
        for number, cells in table.rows:
            list_name = cells.get(("list_name", None), "")
            name = cells.get(("name", None), "")
            labels = table.translations(cells, "label")
            if not list_name and not name and not labels:
                continue  # a row with notes in a column of one's own
            if not list_name:
                raise self.error(
                    "choices", number, table.column("list_name"), _("the list name is missing")
                )
            if not name:
                raise self.error("choices", number, table.column("name"), _("the name is missing"))
            first = rows.setdefault((list_name, name), number)
            if first != number:
                raise self.error(
                    "choices",
                    number,
                    table.column("name"),
                    _("the choice “{name}” is already in the list “{list}” in row {row}").format(
                        name=name, list=list_name, row=first
                    ),
                )
            if not labels:
                raise self.error(
                    "choices", number, table.column("label"), _("the choice has no label")
                )
            choice = Choice(name, labels, table.extra(cells))
            lists.setdefault(list_name, []).append((number, choice))
        return lists


def _form_id(stem: str) -> str:
    """A form id from a file name, for files without settings: 'Fragebogen 2026' -> ..."""
    cleaned = re.sub(r"[^\w.\-]+", "_", stem).strip("_") or "form"
    return cleaned if _NAME.fullmatch(cleaned) else f"_{cleaned}"


@dataclass
class _Check:
    """An expression or label to check once all names are known."""

    row: int
    column: str
    text: str
    is_expression: bool


class _SurveyBuilder:
    """Walks the survey sheet once, building sections and remembering what to check after."""

    def __init__(
        self, reader: _Reader, table: _Table, lists: dict[str, list[tuple[int, Choice]]] | None
    ) -> None:
        self.reader = reader
        self.table = table
        self.lists = lists
        self.names: dict[str, int] = {}
        self.questions: set[str] = set()
        self.checks: list[_Check] = []
        self.sections: list[Section] = []
        self.group: tuple[int, Section, list[Question]] | None = None
        self.top: list[Question] | None = None  # the implicit section being filled

    def error(self, row: int, column: str, message: str) -> XLSFormError:
        return self.reader.error("survey", row, self.table.column(column), message)

    def build(self) -> tuple[Section, ...]:
        for number, cells in self.table.rows:
            self.row(number, cells)
        if self.group is not None:
            raise self.error(
                self.group[0], "type", _("the group is not closed by an “end_group” row")
            )
        self.flush_top()
        for check in self.checks:
            self.check(check)
        return tuple(self.sections)

    def row(self, number: int, cells: dict[tuple[str, str | None], str]) -> None:
        kind = cells.get(("type", None), "")
        tokens = kind.split()
        keyword = " ".join(tokens).casefold().replace(" ", "_")
        if not tokens:
            if ("name", None) in cells or self.table.translations(cells, "label"):
                raise self.error(number, "type", _("the type is missing"))
            return  # a row with notes in a column of one's own
        if keyword == "begin_group":
            self.begin_group(number, cells)
        elif keyword == "end_group":
            self.end_group(number)
        elif keyword in METADATA_TYPES:
            return
        else:
            self.question(number, cells, kind, tokens)

    def name(self, number: int, cells: dict[tuple[str, str | None], str]) -> str:
        name = cells.get(("name", None), "")
        if not name:
            raise self.error(number, "name", _("the name is missing"))
        if not _NAME.fullmatch(name):
            raise self.error(
                number,
                "name",
                _(
                    "“{name}” is not a valid name; use letters, digits, “_”, “-” and “.”, "
                    "starting with a letter or “_”"
                ).format(name=name),
            )
        first = self.names.setdefault(name, number)
        if first != number:
            raise self.error(
                number,
                "name",
                _("the name “{name}” is already used in row {row}").format(name=name, row=first),
            )
        return name

    def expressions(self, number: int, cells: dict[tuple[str, str | None], str]) -> None:
        for column in ("relevant", "constraint"):
            if text := cells.get((column, None)):
                self.checks.append(_Check(number, self.table.headers[column, None], text, True))
        for (base, language), text in cells.items():
            if language is not None and "${" in text:
                self.checks.append(_Check(number, self.table.headers[base, language], text, False))

    def begin_group(self, number: int, cells: dict[tuple[str, str | None], str]) -> None:
        if self.group is not None:
            raise self.error(
                number,
                "type",
                _("nested groups are not supported; close the group of row {row} first").format(
                    row=self.group[0]
                ),
            )
        name = self.name(number, cells)
        self.expressions(number, cells)
        self.flush_top()
        section = Section(
            name=name,
            labels=self.table.translations(cells, "label"),
            relevant=cells.get(("relevant", None), ""),
            extra=self.table.extra(cells),
        )
        self.group = (number, section, [])

    def end_group(self, number: int) -> None:
        if self.group is None:
            raise self.error(number, "type", _("this “end_group” has no “begin_group” before it"))
        _start, section, questions = self.group
        self.sections.append(
            Section(section.name, section.labels, section.relevant, tuple(questions), section.extra)
        )
        self.group = None

    def flush_top(self) -> None:
        if self.top:
            self.sections.append(Section("", questions=tuple(self.top)))
        self.top = None

    def question(
        self, number: int, cells: dict[tuple[str, str | None], str], kind: str, tokens: list[str]
    ) -> None:
        keyword = tokens[0].casefold()
        keyword = "integer" if keyword == "int" else keyword
        list_name = ""
        if keyword in ("select_one", "select_multiple") and len(tokens) == 1:
            raise self.error(
                number,
                "type",
                _("“{type}” needs the name of a choice list, as in “{type} colours”").format(
                    type=kind
                ),
            )
        if keyword in ("select_one", "select_multiple") and len(tokens) == 2:
            list_name = tokens[1]
        elif keyword not in QUESTION_TYPES - SELECT_TYPES or len(tokens) > 1:
            raise self.error(
                number,
                "type",
                _("“{type}” is not a supported question type; use one of: {types}").format(
                    type=kind, types=_SUPPORTED
                ),
            )
        name = self.name(number, cells)
        self.questions.add(name)
        choices = self.choices(number, list_name, keyword) if list_name else ()
        if keyword == "select_one" and sorted(choice.name for choice in choices) == ["no", "yes"]:
            keyword = "yes_no"
        labels = self.table.translations(cells, "label")
        hints = self.table.translations(cells, "hint")
        if not labels and not hints:
            raise self.error(number, "label", _("the question has no label"))
        question = Question(
            name=name,
            type=keyword,
            labels=labels,
            hints=hints,
            required=self.required(number, cells),
            relevant=cells.get(("relevant", None), ""),
            constraint=cells.get(("constraint", None), ""),
            constraint_messages=self.table.translations(cells, "constraint_message"),
            choices=choices,
            list_name=list_name,
            extra=self.table.extra(cells),
        )
        self.expressions(number, cells)
        if self.group is not None:
            self.group[2].append(question)
        else:
            self.top = self.top if self.top is not None else []
            self.top.append(question)

    def choices(self, number: int, list_name: str, keyword: str) -> tuple[Choice, ...]:
        if self.lists is None:
            raise self.error(
                number,
                "type",
                _("the workbook has no sheet “choices” for the list “{list}”").format(
                    list=list_name
                ),
            )
        if list_name not in self.lists:
            raise self.error(
                number,
                "type",
                _("the choice list “{list}” is not on the sheet “choices”").format(list=list_name),
            )
        rows = self.lists[list_name]
        if keyword == "select_multiple":
            for row, choice in rows:
                if any(char.isspace() for char in choice.name):
                    raise self.reader.error(
                        "choices",
                        row,
                        "name",
                        _("“{name}” contains a space, which a select_multiple cannot store").format(
                            name=choice.name
                        ),
                    )
        return tuple(choice for _row, choice in rows)

    def required(self, number: int, cells: dict[tuple[str, str | None], str]) -> bool:
        value = cells.get(("required", None), "").casefold()
        if value in ("", "no", "false", "false()", "0"):
            return False
        if value in ("yes", "true", "true()", "1"):
            return True
        raise self.error(
            number,
            "required",
            _("“{value}” is neither “yes” nor “no”").format(value=cells["required", None]),
        )

    def check(self, check: _Check) -> None:
        if check.is_expression:
            problem, unknown = _expression_problem(check.text, self.questions)
        else:
            problem, unknown = None, sorted(set(_REFERENCE.findall(check.text)) - self.questions)
        if problem:
            raise self.error(check.row, check.column, problem)
        if unknown:
            raise self.error(
                check.row,
                check.column,
                _("“{reference}” does not name a question of this form").format(
                    reference="${" + unknown[0] + "}"
                ),
            )


def _expression_problem(source: str, names: set[str]) -> tuple[str | None, list[str]]:
    """(why the expression engine refuses it, names it refers to that are not questions)."""
    from teilhabe.engine import expressions  # here, so that writing never loads the engine

    try:
        parsed = expressions.parse(source)
    except expressions.ExpressionError as error:
        message = _("the expression is not valid at character {position}: {detail}")
        return message.format(position=error.position + 1, detail=error.message), []
    return None, sorted(expressions.references(parsed) - names)


def read_xlsform(data: bytes, filename: str) -> Form:
    """Read and check a whole XLSForm; raise XLSFormError at the first problem."""
    return _Reader(filename).read(data)


# --- writing -------------------------------------------------------------------------------


def _languages(form: Form) -> list[str]:
    """The default language first, then the others in the order they first appear."""
    seen = {form.default_language: None}

    def add(*dicts: dict[str, str]) -> None:
        for values in dicts:
            seen.update(dict.fromkeys(values))

    for section in form.sections:
        add(section.labels)
        for question in section.questions:
            add(question.labels, question.hints, question.constraint_messages)
            for choice in question.choices:
                add(choice.labels)
    return list(seen)


def _header(base: str, language: str) -> str:
    return base if language == DEFAULT_LANGUAGE else f"{base}::{language_column(language)}"


def _xlsform_type(question: Question) -> str:
    if question.type == "yes_no":
        return f"select_one {question.list_name}"
    if question.type in SELECT_TYPES:
        return f"{question.type} {question.list_name}"
    return question.type


def _lists(form: Form) -> dict[str, tuple[Choice, ...]]:
    lists: dict[str, tuple[Choice, ...]] = {}
    for question in form.questions():
        if question.type in SELECT_TYPES:
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


def write_xlsform(form: Form) -> bytes:
    """The form as an XLSForm workbook that pyxform, Kobo and `read_xlsform` understand."""
    languages = _languages(form)
    questions = list(form.questions())

    # A column for every language once one is used, so pyxform sees no language lacking one.
    hint_languages = languages if any(question.hints for question in questions) else []
    message_languages = (
        languages if any(question.constraint_messages for question in questions) else []
    )
    extra = _extra_columns(
        [section.extra for section in form.sections] + [question.extra for question in questions]
    )
    header = (
        ["type", "name"]
        + [_header("label", language) for language in languages]
        + [_header("hint", language) for language in hint_languages]
        + ["required", "relevant", "constraint"]
        + [_header("constraint_message", language) for language in message_languages]
        + extra
    )
    rows: list[list[str]] = []
    for section in form.sections:
        if section.name:
            rows.append(
                ["begin_group", section.name]
                + [section.labels.get(language, "") for language in languages]
                + [""] * len(hint_languages)
                + ["", section.relevant, ""]
                + [""] * len(message_languages)
                + [section.extra.get(column, "") for column in extra]
            )
        for question in section.questions:
            rows.append(
                [_xlsform_type(question), question.name]
                + [question.labels.get(language, "") for language in languages]
                + [question.hints.get(language, "") for language in hint_languages]
                + ["yes" if question.required else "", question.relevant, question.constraint]
                + [question.constraint_messages.get(language, "") for language in message_languages]
                + [question.extra.get(column, "") for column in extra]
            )
        if section.name:
            rows.append(["end_group"])

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
    sheets.append(_sheet("settings", list(settings), [list(settings.values())]))
    # An XLSForm is read back word for word by pyxform, Kobo and `read_xlsform`: an apostrophe
    # before "=..." or "-..." would become part of a label or break an expression such as
    # "-1 < ." So the text stays as it is (keep_text); no cell is ever a formula, and Excel's
    # quotePrefix style keeps such a cell text when someone edits it. Fixed dates keep the
    # shipped default questionnaire's bytes unchanged in git until its questions change.
    return writer.xlsx_bytes(sheets, keep_text=True, fixed_time=_FIXED_TIME, title=form.title)


# --- storing -------------------------------------------------------------------------------

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
    }


def form_to_dict(form: Form) -> dict[str, Any]:
    """The form as JSON-serialisable data, for a JSONField; form_from_dict reverses it."""
    return {
        "format": _FORMAT,
        "title": form.title,
        "form_id": form.form_id,
        "version": form.version,
        "default_language": form.default_language,
        "sections": [
            {
                "name": section.name,
                "labels": dict(section.labels),
                "relevant": section.relevant,
                "extra": dict(section.extra),
                "questions": [_question_to_dict(question) for question in section.questions],
            }
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
                    )
                    for question in section.get("questions", [])
                ),
            )
            for section in data["sections"]
        ),
    )
