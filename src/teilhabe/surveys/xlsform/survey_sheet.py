"""Walking the survey sheet: rows become questions in sections (groups), every name and type is
checked, and expressions and references are checked once all names are known."""

import dataclasses
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teilhabe.surveys.xlsform import vocabulary
from teilhabe.surveys.xlsform.model import (
    FILE_TYPES,
    SELECT_TYPES,
    XML_NAME,
    Choice,
    Question,
    Section,
    XLSFormError,
)
from teilhabe.surveys.xlsform.parameters import (
    expression_problem,
    layout_problem,
    range_parameters,
)
from teilhabe.surveys.xlsform.table import Table

# The types a user can write in the survey sheet, for the message about an unknown one.
_SUPPORTED = (
    "text, integer, decimal, date, time, dateTime, range, select_one, select_multiple, note, "
    "acknowledge, hidden, calculate, file, image, begin_group, end_group, begin_repeat, end_repeat"
)
_REFERENCE = re.compile(r"\$\{([^}]*)\}")


@dataclass
class _Check:
    """An expression or label to check once all names are known."""

    row: int
    column: str
    text: str
    is_expression: bool
    filtered: Question | None = None  # the select question whose choice filter this is


class SurveyBuilder:
    """Walks the survey sheet once, building sections and remembering what to check after."""

    def __init__(
        self,
        filename: str,
        table: Table,
        lists: dict[str, list[tuple[int, Choice]]] | None,
        files: dict[str, list[tuple[int, Choice]]] | None = None,
    ) -> None:
        self.filename = filename
        self.files = files or {}  # the choices of each attached CSV file, by its name
        self.table = table
        self.lists = lists
        self.names: dict[str, int] = {}
        self.questions: set[str] = set()
        self.checks: list[_Check] = []
        self.sections: list[Section] = []
        self.group: tuple[int, Section, list[Question]] | None = None  # a group or a repeat
        self.repeats: set[str] = set()
        self.top: list[Question] | None = None  # the implicit section being filled

    def error(self, row: int, column: str, message: str) -> XLSFormError:
        column = self.table.column(column)
        return XLSFormError("survey", row, column, message, filename=self.filename)

    def build(self) -> tuple[Section, ...]:
        for number, cells in self.table.rows:
            self.row(number, cells)
        if self.group is not None:
            if self.group[1].repeat:
                message = _("the repeat group is not closed by an “end_repeat” row")
            else:
                message = _("the group is not closed by an “end_group” row")
            raise self.error(self.group[0], "type", message)
        self.flush_top()
        for check in self.checks:
            self.check(check)
        self.check_layout()
        return tuple(self.sections)

    def check_layout(self) -> None:
        """indexed-repeat() must name a repeat around its question: known once all are read."""
        sections = tuple(self.sections)
        for check in self.checks:
            problem = (
                layout_problem(check.text, sections)
                if check.is_expression and check.filtered is None
                else None
            )
            if problem:
                raise self.error(check.row, check.column, problem)

    def row(self, number: int, cells: dict[tuple[str, str | None], str]) -> None:
        kind = cells.get(("type", None), "")
        if not kind.split():
            if ("name", None) in cells or self.table.translations(cells, "label"):
                raise self.error(number, "type", _("the type is missing"))
            return  # a row with notes in a column of one's own
        try:
            meaning = vocabulary.question_type(kind)
        except vocabulary.Refused as refused:
            raise self.type_error(number, kind, refused.feature) from None
        if meaning.keyword in ("begin_group", "begin_repeat"):
            self.begin_group(number, cells, repeat=meaning.keyword == "begin_repeat")
        elif meaning.keyword in ("end_group", "end_repeat"):
            self.end_group(number, repeat=meaning.keyword == "end_repeat")
        elif meaning.keyword == "metadata":
            return
        else:
            self.question(number, cells, meaning)

    def type_error(self, number: int, kind: str, feature: str) -> XLSFormError:
        snake = "_".join(kind.split()).casefold()
        if snake in vocabulary.SELECT_COMMANDS:
            return self.error(
                number,
                "type",
                _("“{type}” needs the name of a choice list, as in “{type} colours”").format(
                    type=kind
                ),
            )
        message = _("“{type}” is not a supported question type; use one of: {types}").format(
            type=kind, types=_SUPPORTED
        )
        if feature:
            message += " " + _("(Teilhabe does not offer {feature}.)").format(
                feature=vocabulary.feature_name(feature)
            )
        return self.error(number, "type", message)

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
        for column in ("relevant", "constraint", "calculation"):
            if text := cells.get((column, None)):
                self.checks.append(_Check(number, self.table.headers[column, None], text, True))
        for (base, language), text in cells.items():
            if language is not None and "${" in text:
                self.checks.append(_Check(number, self.table.headers[base, language], text, False))

    def begin_group(
        self, number: int, cells: dict[tuple[str, str | None], str], *, repeat: bool = False
    ) -> None:
        if self.group is not None:
            raise self.error(
                number,
                "type",
                _(
                    "nested groups and repeat groups are not supported; close the group of "
                    "row {row} first"
                ).format(row=self.group[0]),
            )
        name = self.name(number, cells)
        self.expressions(number, cells)
        count = cells.get(("repeat_count", None), "")
        if count and not repeat:
            from teilhabe.surveys.xlsform.reading import refusal

            message = refusal(gettext_noop("repeat counts outside repeat groups"))
            raise self.error(number, "repeat_count", message)
        if count:
            self.checks.append(
                _Check(number, self.table.headers["repeat_count", None], count, True)
            )
        if repeat:
            self.repeats.add(name)
        self.flush_top()
        section = Section(
            name=name,
            labels=self.table.translations(cells, "label"),
            relevant=cells.get(("relevant", None), ""),
            extra=self.table.extra(cells),
            repeat=repeat,
            repeat_count=count,
        )
        self.group = (number, section, [])

    def end_group(self, number: int, *, repeat: bool = False) -> None:
        if self.group is None or self.group[1].repeat != repeat:
            message = (
                _("this “end_repeat” has no “begin_repeat” before it")
                if repeat
                else _("this “end_group” has no “begin_group” before it")
            )
            raise self.error(number, "type", message)
        _start, section, questions = self.group
        self.sections.append(dataclasses.replace(section, questions=tuple(questions)))
        self.group = None

    def flush_top(self) -> None:
        if self.top:
            self.sections.append(Section("", questions=tuple(self.top)))
        self.top = None

    def question(
        self, number: int, cells: dict[tuple[str, str | None], str], meaning: vocabulary.Kind
    ) -> None:
        keyword, list_name = meaning.keyword, meaning.list_name
        name = self.name(number, cells)
        self.questions.add(name)
        if meaning.from_file:
            choices = self.file_choices(number, list_name)
        else:
            choices = self.choices(number, list_name, keyword) if list_name else ()
        names = sorted(choice.name for choice in choices)
        if (
            keyword == "select_one"
            and names == ["no", "yes"]
            and not meaning.or_other | meaning.from_file
        ):
            keyword = "yes_no"
        if meaning.or_other:
            self.check_or_other(number, cells, name, names)
        labels = self.table.translations(cells, "label")
        hints = self.table.translations(cells, "hint")
        if not labels and not hints and keyword not in ("calculate", "hidden"):
            raise self.error(number, "label", _("the question has no label"))
        calculation = cells.get(("calculation", None), "")
        if keyword == "calculate" and not calculation:
            raise self.error(number, "calculation", _("a calculate row needs a calculation"))
        if keyword in FILE_TYPES and self.group is not None and self.group[1].repeat:
            # An entry of a repeat keeps its answers in one row; a file has a row of its own.
            message = _("Teilhabe does not support file answers inside a repeat group")
            raise self.error(number, "type", message)
        if calculation and keyword != "calculate":
            from teilhabe.surveys.xlsform.reading import refusal

            message = refusal(gettext_noop("calculations in questions that are answered"))
            raise self.error(number, "calculation", message)
        if cells.get(("repeat_count", None)):
            from teilhabe.surveys.xlsform.reading import refusal

            message = refusal(gettext_noop("repeat counts outside repeat groups"))
            raise self.error(number, "repeat_count", message)
        parameters = cells.get(("parameters", None), "")
        if parameters:
            self.check_parameters(number, keyword, parameters)
        choice_filter = cells.get(("choice_filter", None), "")
        if choice_filter and keyword not in SELECT_TYPES:
            raise self.error(
                number, "choice_filter", _("only a select question can filter its choices")
            )
        question = Question(
            name=name,
            type=keyword,
            labels=labels,
            hints=hints,
            required=self.yes_no(number, cells, "required"),
            relevant=cells.get(("relevant", None), ""),
            constraint=cells.get(("constraint", None), ""),
            constraint_messages=self.table.translations(cells, "constraint_message"),
            choices=choices,
            list_name=list_name,
            extra=self.table.extra(cells),
            guidance_hints=self.table.translations(cells, "guidance_hint"),
            required_messages=self.table.translations(cells, "required_message"),
            default=cells.get(("default", None), ""),
            read_only=self.yes_no(number, cells, "read_only"),
            choice_filter=choice_filter,
            calculation=calculation,
            parameters=parameters,
            or_other=meaning.or_other,
            choices_file=list_name if meaning.from_file else "",
        )
        self.check_default(number, question)
        self.expressions(number, cells)
        if choice_filter:
            self.checks.append(
                _Check(
                    number, self.table.headers["choice_filter", None], choice_filter, True, question
                )
            )
        if self.group is not None:
            self.group[2].append(question)
        else:
            self.top = self.top if self.top is not None else []
            self.top.append(question)

    def check_or_other(
        self, number: int, cells: dict[tuple[str, str | None], str], name: str, names: list[str]
    ) -> None:
        """As pyxform: the list gets the choice "other" and the form a question
        "<name>_other"; neither may exist already, and there is no choice filter."""
        if "other" in names:
            raise self.error(
                number, "type", _("with or_other the list must not have a choice “other”")
            )
        if ("choice_filter", None) in cells:
            raise self.error(
                number, "choice_filter", _("a choice filter cannot be combined with or_other")
            )
        specify = f"{name}_other"
        first = self.names.setdefault(specify, number)
        if first != number:
            raise self.error(
                number,
                "name",
                _("or_other adds the question “{name}”, which row {row} already has").format(
                    name=specify, row=first
                ),
            )
        self.questions.add(specify)

    def check_parameters(self, number: int, keyword: str, text: str) -> None:
        """Only a range has parameters here: start, end and step, numbers, start != end, a
        positive step (as pyxform checks them)."""
        from teilhabe.surveys.xlsform.reading import refusal

        if keyword == "image" and "max-pixels" in text.casefold():
            # ODK shrinks photos on the phone; a browser upload is taken as it is.
            feature = gettext_noop("photos reduced to a maximum size (max-pixels)")
            raise self.error(number, "parameters", refusal(feature))
        if keyword != "range":
            raise self.error(number, "parameters", refusal("question parameters"))
        found = range_parameters(text)
        if found is None:
            raise self.error(
                number,
                "parameters",
                _("write the parameters as “start=1 end=10 step=1”, with numbers"),
            )
        start, end, step = found
        if step <= 0 or start == end:
            raise self.error(
                number,
                "parameters",
                _("the step must be above 0 and start and end must differ"),
            )

    def check_default(self, number: int, question: Question) -> None:
        """A default is a value of the question's type, as ODK stores it; an expression (a
        dynamic default) is not supported."""
        if not question.default:
            return
        from teilhabe.surveys import runtime  # here: the runtime reads forms of this package

        if question.type in ("note", "calculate"):
            raise self.error(number, "default", _("a note has no answer to preset"))
        if question.type in FILE_TYPES:
            from teilhabe.surveys.xlsform.reading import refusal

            raise self.error(number, "default", refusal(gettext_noop("files given in advance")))
        text = question.default
        if "${" in text or "(" in text:
            raise self.error(
                number,
                "default",
                _("Teilhabe does not support defaults calculated from other answers"),
            )
        raw: object = text.split() if question.type == "select_multiple" else text
        try:
            runtime.coerce(question, raw)
        except runtime.InvalidAnswer as error:
            raise self.error(number, "default", str(error)) from None

    def file_choices(self, number: int, filename: str) -> tuple[Choice, ...]:
        """The choices of a select_*_from_file, from the CSV file attached at import."""
        if filename not in self.files:
            raise self.error(
                number,
                "type",
                _("attach the file “{file}” with the questionnaire; its choices are there").format(
                    file=filename
                ),
            )
        return tuple(choice for _row, choice in self.files[filename])

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

    def yes_no(self, number: int, cells: dict[tuple[str, str | None], str], column: str) -> bool:
        """`required` and `read_only`: yes or no; conditions are not supported."""
        value = cells.get((column, None), "").casefold()
        if value in ("", "no", "false", "false()", "0"):
            return False
        if value in ("yes", "true", "true()", "1"):
            return True
        raise self.error(
            number,
            column,
            _("“{value}” is neither “yes” nor “no”").format(value=cells[column, None]),
        )

    def check(self, check: _Check) -> None:
        if check.filtered is not None:
            problem, unknown = self.choice_filter_problem(check.text, check.filtered)
        elif check.is_expression:
            problem, unknown = expression_problem(check.text, self.questions | self.repeats)
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

    def choice_filter_problem(self, text: str, question: Question) -> tuple[str | None, list[str]]:
        """(why the choice filter is refused, the names it refers to that are not questions)."""
        from teilhabe.engine import expressions

        try:
            parsed = expressions.parse(text, choice_filter=True)
        except expressions.ExpressionError as error:
            message = _("the expression is not valid at character {position}: {detail}")
            return message.format(position=error.position + 1, detail=error.render(_)), []
        known = {"name", "label"} | {key for choice in question.choices for key in choice.extra}
        if missing := sorted(expressions.columns(parsed) - known):
            return (
                _("“{column}” is not a column of the list “{list}”").format(
                    column=missing[0], list=question.list_name
                ),
                [],
            )
        return None, sorted(expressions.references(parsed) - self.questions)
