"""An announced batch's households from a spreadsheet, as the Land's notice is typed into Excel:
one row per household with its number of persons and, optionally, whether it needs barrier-free
housing and how many children of kindergarten or school age it has.

All or nothing, on the import layer of `teilhabe.core.tabular`: `plan_import` reads without
writing and lists every problem by line and column (sizes that are negative, 0, not whole or too
large; more children than the household has persons less one); `apply_import` adds every row to
the batch in one transaction. A file with a column that looks like personal data (a name, a
date of birth, …) is refused as a whole before any row is read: Teilhabe stores counts only, and
a household has no name here, not even in an ignored column.

Headers are *data*: the files are German whatever the language of the interface."""

from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.scoping import Scope
from teilhabe.core.tabular.cells import as_boolean, as_whole_number
from teilhabe.core.tabular.personal import personal_data_problems
from teilhabe.core.tabular.plan import Importer, Plan, applying
from teilhabe.core.tabular.reading import RawTable
from teilhabe.core.tabular.table import Column, Header, ParsedRow, Problem, TableSpec, cell
from teilhabe.placement import services
from teilhabe.placement.models import MAX_HOUSEHOLDS, MAX_SIZE, Batch
from teilhabe.regions.models import District

__all__ = ["COLUMNS", "HEADERS", "HouseholdPlan", "apply_import", "plan_import"]

COLUMNS: tuple[Column[None], ...] = (
    Column(
        "Personen",
        "size",
        cell(as_whole_number),
        required=True,
        aliases=("Größe", "Haushaltsgröße", "Anzahl Personen", "persons", "size"),
    ),
    Column(
        "Barrierefrei",
        "barrier_free",
        cell(as_boolean),
        empty=False,
        aliases=(
            "barrierefrei nötig",
            "braucht barrierefreie Unterkunft",
            "barrier-free",
            "barrier_free",
        ),
    ),
    Column(
        "Kinder",
        "children",
        cell(as_whole_number),
        empty=0,
        aliases=("Kinder (Kita/Schule)", "Kinder im Kita- oder Schulalter", "children"),
    ),
)

SPEC = TableSpec(COLUMNS)
HEADERS: dict[str, str] = SPEC.headers


@dataclass(frozen=True)
class PlannedHousehold:
    line: int
    values: dict[str, Any]  # size, barrier_free, children


@dataclass(frozen=True)
class HouseholdPlan(Plan[PlannedHousehold]):
    @property
    def persons(self) -> int:
        return sum(row.values["size"] for row in self.rows)

    @property
    def barrier_free(self) -> int:
        return sum(1 for row in self.rows if row.values["barrier_free"])

    @property
    def children(self) -> int:
        return sum(row.values["children"] for row in self.rows)


class _HouseholdImport(Importer[None, PlannedHousehold]):
    spec = SPEC
    plan_type = HouseholdPlan
    no_rows = gettext_lazy("The file contains no households.")

    def header_problems(self, header: Header) -> list[Problem]:
        return personal_data_problems(header.ignored) or header.problems()

    def load(self, table: RawTable, header: Header) -> None:
        return None

    def plan_row(self, row: ParsedRow, context: None) -> PlannedHousehold | None:
        size = row.values.get("size")
        if "size" not in row.failed and size is not None:
            if size < 1:
                row.fail("size", _("A household has at least 1 person."))
            elif size > MAX_SIZE:
                message = _("A household of more than %(n)d persons is not possible here.")
                row.fail("size", message % {"n": MAX_SIZE})
        children = row.value("children")
        if not row.failed and size is not None and children >= size:
            message = _("A household of %(size)d persons has at most %(most)d children.")
            row.fail("children", message % {"size": size, "most": size - 1})
        if row.problems:
            return None
        values = {key: row.value(key) for key in ("size", "barrier_free", "children")}
        return PlannedHousehold(row.line, values)


def plan_import(data: bytes, filename: str, district: District, scope: Scope) -> HouseholdPlan:
    """What importing the file would add, without writing anything."""
    plan = cast(HouseholdPlan, _HouseholdImport(district, scope).read(data, filename))
    if len(plan.rows) > MAX_HOUSEHOLDS:
        message = _("A batch holds at most %(n)d households.") % {"n": MAX_HOUSEHOLDS}
        return HouseholdPlan((), (Problem(None, None, message),))
    return plan


def apply_import(plan: HouseholdPlan, batch: Batch) -> int:
    """Add every household of a checked plan to the batch, or none."""
    with applying(plan):
        return services.add_households(batch.pk, [dict(row.values) for row in plan.rows])
