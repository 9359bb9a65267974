"""Import a file all or nothing: first a plan that writes nothing, then, confirmed, every row.

An `Importer` turns a file into a `Plan`: what each line would do, and every problem of the file
with its line and column, so that the user fixes the file once rather than once per error. The
app's importer says only what is particular to it: the columns (`spec`), what the rows are
checked against (`load`, a fixed number of queries however long the file), and what a read row
becomes (`plan_row`). Its apply function writes inside `applying(plan)`: one transaction, and
only a plan without problems."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.functional import Promise

from teilhabe.core.scoping import Scope
from teilhabe.core.tabular import reading
from teilhabe.core.tabular.reading import FileProblem, RawTable, read_table, width_problem
from teilhabe.core.tabular.table import Header, ParsedRow, Problem, TableSpec


@dataclass(frozen=True)
class Plan[R]:
    """Everything a file would do, and everything wrong with it. Nothing is written yet."""

    rows: tuple[R, ...]
    errors: tuple[Problem, ...]
    ignored_columns: tuple[str, ...] = ()  # headers the import does not know, for the preview

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class StaleImportError(ValueError):
    """The data changed between planning and applying; the user must check the file again."""


class Importer[C, R]:
    """Reads a file for a district into rows of type R, checked against a context of type C
    (what `scope` may do there included)."""

    spec: TableSpec[Any]  # whose parsers take a context of type C
    plan_type: type[Plan[R]] = Plan
    no_rows: str | Promise  # the message for a file with a header and nothing else

    def __init__(self, district: Any, scope: Scope) -> None:
        self.district = district
        self.scope = scope

    def header_problems(self, header: Header) -> list[Problem]:
        return header.problems()

    def load(self, table: RawTable, header: Header) -> C:
        """What every row is checked against, loaded with a fixed number of queries."""
        raise NotImplementedError

    def across(self, rows: Sequence[ParsedRow]) -> list[Problem]:
        """Problems between rows (the same record twice), before each row is planned."""
        return []

    def plan_row(self, row: ParsedRow, context: C) -> R | None:
        """What the row does; None when it has a problem (recorded with `row.fail`)."""
        raise NotImplementedError

    def read(self, data: bytes, filename: str) -> Plan[R]:
        try:
            # The limits are looked up now, so that a test can make them small.
            table = read_table(
                data,
                filename,
                sheet=self.spec.sheet,
                max_rows=reading.MAX_ROWS,
                max_bytes=reading.MAX_BYTES,
            )
        except FileProblem as problem:
            return self.plan_type(
                (), (Problem(problem.line, None, problem.message, problem.brief),)
            )
        header = self.spec.match(table.header)
        header_problems = self.header_problems(header)
        if header_problems:
            refused = tuple(sorted(header_problems, key=self.spec.order))
            return self.plan_type((), refused, header.ignored)
        if not table.rows:
            return self.plan_type((), (Problem(None, None, str(self.no_rows)),), header.ignored)
        context = self.load(table, header)
        problems: list[Problem] = []
        parsed: list[ParsedRow] = []
        for line, cells in table.rows:
            shifted = width_problem(cells, len(table.header), exact=False) if table.is_csv else None
            if shifted:
                problems.append(Problem(line, None, shifted.message, shifted.brief))
            else:
                parsed.append(self.spec.read(line, cells, header, context))
        problems.extend(self.across(parsed))
        rows = []
        for row in parsed:
            planned = self.plan_row(row, context)
            problems.extend(row.problems)
            if planned is not None:
                rows.append(planned)
        ordered = tuple(sorted(problems, key=self.spec.order))
        return self.plan_type(tuple(rows), ordered, header.ignored)


@contextmanager
def applying(plan: Plan[Any]) -> Iterator[None]:
    """Write a checked plan in one transaction: every row or, on any problem, none."""
    if not plan.ok:
        raise ValueError("refusing to apply an import plan with errors or without rows")
    with transaction.atomic():
        yield
