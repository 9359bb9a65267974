"""Reading a workbook into a Form: the file, its sheets, the settings and the choice lists;
the survey sheet is walked by `survey_sheet`."""

import re
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.tabular import reading
from teilhabe.surveys.xlsform import vocabulary
from teilhabe.surveys.xlsform.model import (
    DEFAULT_LANGUAGE,
    XML_NAME,
    Choice,
    Form,
    XLSFormError,
    language_code,
)
from teilhabe.surveys.xlsform.survey_sheet import SurveyBuilder
from teilhabe.surveys.xlsform.table import KNOWN, TRANSLATED, Table, cell_text
from teilhabe.surveys.xlsform.vocabulary import REFUSED_COLUMNS

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format, which Kobo can still export


class _Reader:
    def __init__(self, filename: str, attachments: dict[str, bytes] | None = None) -> None:
        self.filename = filename
        self.attachments = attachments or {}

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

    def table(self, sheet: str, rows: list[tuple[Any, ...]], default_language: str) -> Table:
        header = [cell_text(value) for value in rows[0]] if rows else []
        double_colon = any("::" in text for text in header)
        keys: list[tuple[str, str | None] | None] = []
        headers: dict[tuple[str, str | None], str] = {}
        for text in header:
            if not text:
                keys.append(None)
                continue
            key = _key(sheet, text, double_colon, default_language)
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
            for column, value in zip(keys, row, strict=False):
                text = cell_text(value)
                if column is not None and text:
                    cells[column] = text
            if cells:
                table_rows.append((number, cells))
        return Table(sheet, headers, table_rows)

    def require_columns(self, table: Table, *columns: str) -> None:
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
        self.refuse_columns(survey)
        choices = None
        if "choices" in sheets:
            choices = self.table("choices", sheets["choices"], default_language)
            self.require_columns(choices, "list_name", "name")
            self.refuse_columns(choices)
        lists = self.lists(choices) if choices is not None else None
        files = {
            name: self.file_choices(name, content, default_language)
            for name, content in self.attachments.items()
        }
        builder = SurveyBuilder(self.filename, survey, lists, files)
        sections = builder.build()
        stem = PurePath(self.filename).stem
        form_id = settings.get("form_id") or _form_id(stem)
        return Form(
            title=settings.get("form_title") or stem or form_id,
            form_id=form_id,
            version=settings.get("version", ""),
            default_language=default_language,
            sections=sections,
            settings={k: v for k, v in settings.items() if k not in KNOWN["settings"]},
        )

    def settings(self, rows: list[tuple[Any, ...]]) -> dict[str, str]:
        table = self.table("settings", rows, DEFAULT_LANGUAGE)
        if not table.rows:
            return {}
        _number, cells = table.rows[0]
        return {name: text for (name, language), text in cells.items() if language is None}

    def refuse_columns(self, table: Table) -> None:
        """A cell in a column pyxform knows and we do not implement is refused by name."""
        for number, cells in table.rows:
            for name, language in cells:
                if name in REFUSED_COLUMNS:
                    raise self.error(
                        table.sheet,
                        number,
                        table.headers[name, language],
                        refusal(REFUSED_COLUMNS[name]),
                    )

    def default_language(self, settings: dict[str, str], sheets: dict[str, Any]) -> str:
        """The setting; else "default" if columns lack a language; else the first language."""
        if settings.get("default_language"):
            return language_code(settings["default_language"])
        first = None
        for sheet in ("survey", "choices"):
            rows = sheets.get(sheet)
            header = [cell_text(value) for value in rows[0]] if rows else []
            double_colon = any("::" in text for text in header)
            for text in header:
                meaning = _meaning(sheet, text, double_colon)
                if meaning.known and meaning.name in TRANSLATED[sheet]:
                    if meaning.language is None:
                        return DEFAULT_LANGUAGE
                    first = first or language_code(meaning.language)
        return first or DEFAULT_LANGUAGE

    def file_choices(
        self, name: str, content: bytes, default_language: str
    ) -> list[tuple[int, Choice]]:
        """The choices of an attached CSV file (columns name and label, label::Deutsch (de),
        ... and columns of one's own for choice filters), checked like the sheet "choices"."""
        try:
            raw = reading.read_table(content, name, csv_only=True)
        except reading.FileProblem as problem:
            raise XLSFormError(
                name, problem.line, None, problem.brief, filename=self.filename
            ) from None
        rows = [tuple(raw.header)] + [tuple(cells) for _line, cells in raw.rows]
        table = self.table("choices", rows, default_language)
        if ("name", None) not in table.headers:
            raise self.error(name, 1, "name", _("the column is missing"))
        cells_with_list = [
            (number, {("list_name", None): name} | cells) for number, cells in table.rows
        ]
        headers = {("list_name", None): "list_name"} | table.headers
        listed = Table("choices", headers, cells_with_list)
        return self.lists(listed, sheet=name).get(name, [])

    def lists(self, table: Table, sheet: str = "choices") -> dict[str, list[tuple[int, Choice]]]:
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
                    sheet, number, table.column("list_name"), _("the list name is missing")
                )
            if not name:
                raise self.error(sheet, number, table.column("name"), _("the name is missing"))
            first = rows.setdefault((list_name, name), number)
            if first != number:
                raise self.error(
                    sheet,
                    number,
                    table.column("name"),
                    _("the choice “{name}” is already in the list “{list}” in row {row}").format(
                        name=name, list=list_name, row=first
                    ),
                )
            if not labels:
                raise self.error(sheet, number, table.column("label"), _("the choice has no label"))
            choice = Choice(name, labels, table.extra(cells))
            lists.setdefault(list_name, []).append((number, choice))
        return lists


def _meaning(sheet: str, text: str, double_colon: bool) -> vocabulary.Header:
    if sheet == "survey":
        return vocabulary.survey_header(text, double_colon)
    if sheet == "choices":
        return vocabulary.choices_header(text, double_colon)
    return vocabulary.Header(vocabulary.settings_header(text))


def _key(
    sheet: str, text: str, double_colon: bool, default_language: str
) -> tuple[str, str | None]:
    """The column's key in a Table: (our name, language code) for translated columns, (our
    name, None) for others we know, (the header as written, None) for columns of one's own."""
    meaning = _meaning(sheet, text, double_colon)
    if not meaning.known:
        return (text, None)
    if meaning.name in TRANSLATED.get(sheet, ()) or meaning.name == "media":
        language = meaning.language
        return (meaning.name, language_code(language) if language is not None else default_language)
    return (meaning.name, None)


def refusal(feature: str) -> str:
    """The message for a cell in a column we do not implement."""
    return _(
        "Teilhabe does not support {feature} (this column); leave it empty or remove it"
    ).format(feature=_(feature))


def _form_id(stem: str) -> str:
    """A form id from a file name, for files without settings: 'Fragebogen 2026' -> ..."""
    cleaned = re.sub(r"[^\w.\-]+", "_", stem).strip("_") or "form"
    return cleaned if XML_NAME.fullmatch(cleaned) else f"_{cleaned}"


def read_xlsform(data: bytes, filename: str, attachments: dict[str, bytes] | None = None) -> Form:
    """Read and check a whole XLSForm; raise XLSFormError at the first problem. `attachments`
    are the files the form refers to by name (the CSV files of select_*_from_file)."""
    return _Reader(filename, attachments).read(data)
