"""A table described once: which columns a file has, what they mean and how their cells read.

An app says per column its German header (with other spellings it accepts), the key of the
value, the parser of its cells, whether the file must have it, and what an empty cell means.
`TableSpec` then finds the columns in a file's header (case and extra spaces do not count),
reads every row into values, and locates every problem by line and column.

A parser gets the import's context (what the row is checked against, loaded once per file, e.g.
the district's fields of action) and the cell; `cell(...)` makes one of a plain value parser.
Columns without a parser are read by the app itself (an ID, or a municipality that two columns
describe together)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.tabular.cells import CellProblem, as_text, normal
from teilhabe.core.tabular.reading import RawTable

type Parser[C] = Callable[[C, Any], Any]


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


FILL = _Sentinel("FILL")  # `Column.empty`: an empty cell is a problem
FAILED = _Sentinel("FAILED")  # a cell that could not be read; its problem is recorded
_UNSET = _Sentinel("UNSET")


def cell(parse: Callable[..., Any], **options: Any) -> Parser[Any]:
    """A column parser from a parser of the cell alone, e.g. `cell(free_text, limit=200)`."""
    return lambda _context, value: parse(value, **options)


@dataclass(frozen=True)
class Column[C]:
    """One column of a file."""

    header: str  # German, as the files show it
    key: str  # the value's name, usually a model field
    parse: Parser[C] | None = None  # None: the app reads the cell itself
    required: bool = False  # a file without this column is refused
    aliases: tuple[str, ...] = ()  # further headers accepted (other spellings, English)
    empty: Any = _UNSET  # the value of an empty cell; FILL refuses it. Default: FILL if required
    width: int | None = None  # for exports: the column's width in characters
    note: str = ""  # for exports: how to fill it in (German, like the header)

    @property
    def if_empty(self) -> Any:
        if self.empty is _UNSET:
            return FILL if self.required else None
        return self.empty


@dataclass(frozen=True)
class Problem:
    """A problem located in the file, so that the user can find and fix it there."""

    line: int | None  # 1-based line in the file (header = 1); None for the file as a whole
    column: str | None  # the German header
    message: str  # a translated sentence
    brief: str = field(default="", compare=False)  # the same as a clause (command line)

    def __str__(self) -> str:
        """One sentence with the location, for a CLI or a plain list."""
        return located(self.message, self.line, self.column)


def located(message: str, line: int | None, column: str | None, file: str | None = None) -> str:
    """The message with where it happened: "Line 3, column “Titel”: …", or, with the name of
    the file, "liste.csv, line 3, column “ars”: …" (then `message` should be a brief clause)."""
    values = {"filename": file, "line": line, "column": column, "message": message}
    if file is None:
        if line is not None and column is not None:
            return _("Line {line}, column “{column}”: {message}").format(**values)
        if line is not None:
            return _("Line {line}: {message}").format(**values)
        if column is not None:
            return _("Column “{column}”: {message}").format(**values)
        return message
    if line is not None and column is not None:
        return _("{filename}, line {line}, column “{column}”: {message}").format(**values)
    if line is not None:
        return _("{filename}, line {line}: {message}").format(**values)
    if column is not None:
        return _("{filename}, column “{column}”: {message}").format(**values)
    return _("{filename}: {message}").format(**values)


@dataclass(frozen=True)
class Header:
    """The columns found in a file's first row."""

    positions: dict[str, int]  # key -> position of its column
    ignored: tuple[str, ...]  # headers no column answers to, as written
    repeated: tuple[Column[Any], ...]  # columns found twice, in the order of the file
    missing: tuple[Column[Any], ...]  # required columns not found

    def problems(self) -> list[Problem]:
        """As sentences, on the header line."""
        problems = []
        for column in self.repeated:
            message = _("The column “{column}” appears more than once in the header.")
            problems.append(Problem(1, column.header, message.format(column=column.header)))
        for column in self.missing:
            message = _("The required column “{column}” is missing from the header.")
            problems.append(Problem(1, column.header, message.format(column=column.header)))
        return problems


@dataclass
class ParsedRow:
    """One line of a file, read: the values of the cells that could be read, and the problems."""

    spec: "TableSpec[Any]"
    line: int
    cells: Sequence[Any]
    positions: Mapping[str, int]
    values: dict[str, Any] = field(default_factory=dict)  # only the cells that could be read
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # keys whose cell could not be read

    def has(self, key: str) -> bool:
        """Whether the file has this column."""
        return key in self.positions

    def cell(self, key: str) -> Any:
        """The cell as read, None when it is empty or the file has no such column; 0 and False
        are values."""
        position = self.positions.get(key)
        if position is None or position >= len(self.cells):
            return None
        value = self.cells[position]
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def value(self, key: str) -> Any:
        """The value read, or what an empty cell means when the file has no such column."""
        if key in self.values:
            return self.values[key]
        empty = self.spec.column(key).if_empty
        return None if empty is FILL else empty

    def fail(self, key: str, problem: str | CellProblem) -> Any:
        """Record a problem in this row's cell of column `key`; returns FAILED."""
        message, brief = (
            (problem.message, problem.brief)
            if isinstance(problem, CellProblem)
            else (problem, problem)
        )
        self.problems.append(Problem(self.line, self.spec.column(key).header, message, brief))
        self.failed.add(key)
        return FAILED


class TableSpec[C]:
    """The columns of a file and how to read them; `sheet` is the sheet of a workbook to read
    (else the first)."""

    def __init__(self, columns: Iterable[Column[C]], *, sheet: str | None = None) -> None:
        self.columns = tuple(columns)
        self.sheet = sheet
        self._by_key = {column.key: column for column in self.columns}
        self._by_header: dict[str, Column[C]] = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                self._by_header.setdefault(normal(name), column)
        self._order = {column.header: position for position, column in enumerate(self.columns)}

    def column(self, key: str) -> Column[C]:
        return self._by_key[key]

    @property
    def headers(self) -> dict[str, str]:
        """key -> German header."""
        return {column.key: column.header for column in self.columns}

    def match(self, cells: Sequence[Any]) -> Header:
        """Find the columns; unknown ones are ignored, so users may add their own notes."""
        positions: dict[str, int] = {}
        ignored: list[str] = []
        repeated: list[Column[C]] = []
        for position, raw in enumerate(cells):
            column = self._by_header.get(normal(raw))
            if column is None:
                if normal(raw):
                    ignored.append(as_text(raw))
            elif column.key in positions:
                repeated.append(column)
            else:
                positions[column.key] = position
        missing = [c for c in self.columns if c.required and c.key not in positions]
        return Header(positions, tuple(ignored), tuple(repeated), tuple(missing))

    def read(self, line: int, cells: Sequence[Any], header: Header, context: C) -> ParsedRow:
        """The values of the row's cells, in column order; every problem is recorded."""
        row = ParsedRow(self, line, cells, header.positions)
        for column in self.columns:
            position = header.positions.get(column.key)
            if column.parse is None or position is None:
                continue
            value = cells[position] if position < len(cells) else None
            if isinstance(value, str) and not value.strip():
                value = None
            if value is not None:
                try:
                    value = column.parse(context, value)
                except CellProblem as problem:
                    row.fail(column.key, problem)
                    continue
            if value is None or value == "":
                if column.if_empty is FILL:
                    row.fail(column.key, _not_empty(column))
                    continue
                value = column.if_empty if value is None else value
            row.values[column.key] = value
        return row

    def values(
        self, table: RawTable, header: Header, key: str, parse: Callable[[Any], Any]
    ) -> set[Any]:
        """The values of one column that can be read, for loading what rows refer to (the IDs
        or keys they name) in one query; bad cells are reported when their row is read."""
        position = header.positions.get(key)
        if position is None:
            return set()
        found = set()
        for _line, cells in table.rows:
            if position < len(cells) and cells[position] not in (None, ""):
                with suppress(CellProblem):
                    found.add(parse(cells[position]))
        return found

    def order(self, problem: Problem) -> tuple[int, int]:
        """File order, then column order: the user works through the list top to bottom."""
        return (problem.line or 0, self._order.get(problem.column or "", -1))


def _not_empty(column: Column[Any]) -> CellProblem:
    return CellProblem(
        _("“{column}” must not be empty.").format(column=column.header), _("the value is missing")
    )
