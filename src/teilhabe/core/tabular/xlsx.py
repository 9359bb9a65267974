"""The XLSX half of `writer`: openpyxl, imported only by a process that writes a workbook
(each of the many server, worker and command processes would otherwise pay for it at start)."""

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from teilhabe.core.tabular.writer import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    FORMULA_START,
    Column,
    Row,
    Sheet,
    cell_value,
    neutralise,
    sheet_title,
)


class _SheetWriter:
    """Writes one sheet cell by cell, every cell through the guard."""

    TITLE = Font(bold=True, size=13)
    BOLD = Font(bold=True)
    WRAP = Alignment(wrap_text=True, vertical="top")

    def __init__(self, sheet: Worksheet, spec: Sheet, keep_text: bool) -> None:
        self.sheet = sheet
        self.spec = spec
        self.keep_text = keep_text
        self.widest = [len(column.header) for column in spec.columns]

    def cell(self, row: int, column: int, value: Any, number_format: str | None = None) -> Any:
        value = cell_value(value)
        if isinstance(value, str):
            # openpyxl refuses control characters that XML cannot hold (pasted from Word).
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if not self.keep_text:
                value = neutralise(value)
        cell = self.sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl makes "=..." a formula cell; text stays text
            if self.keep_text and value.startswith(FORMULA_START):
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        elif isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
        if number_format:
            cell.number_format = number_format
        if column <= len(self.widest) and value is not None:
            length = 10 if isinstance(value, date) else len(str(value))
            self.widest[column - 1] = max(self.widest[column - 1], length)
        return cell

    def write(self) -> None:
        spec, sheet = self.spec, self.sheet
        line = 0
        for line, values in enumerate(spec.above, start=1):
            for position, value in enumerate(values, start=1):
                self.cell(line, position, value)
        if spec.above and sheet.cell(1, 1).value is not None:
            sheet.cell(1, 1).font = self.TITLE
        header_line = line + 1 if spec.header else line
        if spec.header:
            for position, column in enumerate(spec.columns, start=1):
                cell = self.cell(header_line, position, column.header)
                cell.font = self.BOLD
                if column.wrap:
                    cell.alignment = self.WRAP
        last = header_line
        for last, row in enumerate(spec.rows, start=header_line + 1):
            self.body_row(last, row)
        if last == header_line and spec.empty:
            last += 1
            self.cell(last, 1, spec.empty)
        self.finish(header_line, last)

    def body_row(self, line: int, row: Sequence[Any] | Row) -> None:
        values, fill = (row.cells, row.fill) if isinstance(row, Row) else (row, None)
        columns = self.spec.columns
        for position, value in enumerate(values, start=1):
            column = columns[position - 1] if position <= len(columns) else Column()
            cell = self.cell(line, position, value, column.number_format)
            if column.wrap:
                cell.alignment = self.WRAP
            if column.bold:
                cell.font = self.BOLD
        if fill:
            pattern = PatternFill("solid", fgColor=fill)
            for position in range(1, max(len(values), len(columns)) + 1):
                self.sheet.cell(line, position).fill = pattern

    def finish(self, header_line: int, last: int) -> None:
        spec, sheet = self.spec, self.sheet
        for position, column in enumerate(spec.columns, start=1):
            dimension = sheet.column_dimensions[get_column_letter(position)]
            fitted = min(max(self.widest[position - 1] + 2, 10), 50)
            dimension.width = column.width if column.width is not None else fitted
            if column.number_format:
                dimension.number_format = column.number_format
        if spec.header:
            sheet.freeze_panes = sheet.cell(header_line + 1, spec.frozen_columns + 1).coordinate
            if spec.auto_filter:
                end = get_column_letter(len(spec.columns))
                sheet.auto_filter.ref = f"A{header_line}:{end}{last}"


def workbook_bytes(
    sheets: Sequence[Sheet], *, keep_text: bool, fixed_time: datetime | None, title: str | None
) -> bytes:
    """`writer.xlsx_bytes`, which says what the arguments mean."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    for spec in sheets:
        _SheetWriter(workbook.create_sheet(sheet_title(spec.title)), spec, keep_text).write()
    workbook.properties.creator = "Teilhabe"
    if title is not None:
        workbook.properties.title = title
    if fixed_time is None:
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    workbook.properties.created = workbook.properties.modified = fixed_time
    return _reproducible(workbook)


def _reproducible(workbook: openpyxl.Workbook) -> bytes:
    """Save with fixed dates in the zip entries too, so that the same sheets give the same
    bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()
