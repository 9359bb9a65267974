"""Walking the survey sheet: rows become questions in sections (groups), every name and type is
checked, and expressions and references are checked once all names are known."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from teilhabe.surveys.xlsform.model import (
    METADATA_TYPES,
    QUESTION_TYPES,
    SELECT_TYPES,
    XML_NAME,
    Choice,
    Question,
    Section,
    XLSFormError,
)
from teilhabe.surveys.xlsform.table import Table

# The types a user can write in the survey sheet, for the message about an unknown one.
_SUPPORTED = (
    "text, integer, decimal, date, select_one, select_multiple, note, begin_group, end_group"
)
_REFERENCE = re.compile(r"\$\{([^}]*)\}")


@dataclass
class _Check:
    """An expression or label to check once all names are known."""

    row: int
    column: str
    text: str
    is_expression: bool


class SurveyBuilder:
    """Walks the survey sheet once, building sections and remembering what to check after."""

    def __init__(
        self, filename: str, table: Table, lists: dict[str, list[tuple[int, Choice]]] | None
    ) -> None:
        self.filename = filename
        self.table = table
        self.lists = lists
        self.names: dict[str, int] = {}
        self.questions: set[str] = set()
        self.checks: list[_Check] = []
        self.sections: list[Section] = []
        self.group: tuple[int, Section, list[Question]] | None = None
        self.top: list[Question] | None = None  # the implicit section being filled

    def error(self, row: int, column: str, message: str) -> XLSFormError:
        column = self.table.column(column)
        return XLSFormError("survey", row, column, message, filename=self.filename)

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
        if not XML_NAME.fullmatch(name):
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
                    raise XLSFormError(
                        "choices",
                        row,
                        "name",
                        _("“{name}” contains a space, which a select_multiple cannot store").format(
                            name=choice.name
                        ),
                        filename=self.filename,
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
        return message.format(position=error.position + 1, detail=error.render(_)), []
    return None, sorted(expressions.references(parsed) - names)
