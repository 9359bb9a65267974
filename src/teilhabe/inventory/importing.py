"""Activities from a spreadsheet: the stock-take's all-or-nothing import.

`plan_import` reads a file (our export, edited, or a list typed in German Excel) without
writing, and returns an `ImportPlan`: what would be created, changed or left alone, and every
problem with its line and column. The user sees that preview; only `apply_import` writes, all
rows or none. Reading the file is `core.tabular`'s work and the columns are `tabular.COLUMNS`;
this module holds the stock-take's rules: which activity, municipality and field of action a row
means, who may change it, and what counts as a change.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.models import declared_field
from teilhabe.core.scoping import Scope
from teilhabe.core.tabular.cells import CellProblem, as_ars, as_text, as_whole_number, normal
from teilhabe.core.tabular.plan import Importer, Plan, StaleImportError, applying
from teilhabe.core.tabular.reading import RawTable
from teilhabe.core.tabular.table import Header, ParsedRow, Problem
from teilhabe.inventory.models import Activity, Category
from teilhabe.inventory.tabular import (
    DISTRICT_WIDE,
    HEADERS,
    IMPORT_FIELDS,
    SPEC,
    TEXT_FIELDS,
    display_value,
)
from teilhabe.regions.lookup import MunicipalityLookup
from teilhabe.regions.models import District, Municipality

__all__ = ["ImportPlan", "PlannedRow", "StaleImportError", "apply_import", "plan_import"]


@dataclass(frozen=True)
class PlannedRow:
    """What one line of the file will do."""

    line: int
    action: str  # "create" | "update" | "unchanged"
    activity_id: int | None
    values: dict[str, Any]  # Activity field -> value; for updates the fields the file has
    changes: dict[str, tuple[str, str]]  # field -> (old, new) as display strings; updates only
    version: int | None = None  # the activity's version when planned; apply refuses if it moved


@dataclass(frozen=True)
class ImportPlan(Plan[PlannedRow]):
    """Everything a file would do, and everything wrong with it. Nothing is written yet."""

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")


@dataclass
class _Context:
    """What every row is checked against, loaded with a fixed number of queries."""

    district: District
    scope: Scope
    municipalities: MunicipalityLookup
    categories: dict[str, Category]  # normalised name, key or English name -> category
    category_names: list[str]
    activities: dict[int, Activity]  # the district's activities the file names by ID

    def activity_id(self, value: Any) -> int:
        activity_id = as_whole_number(value)
        if activity_id not in self.activities:
            message = _("There is no activity with ID {id} in {district}.")
            raise CellProblem(message.format(id=activity_id, district=self.district.name))
        return activity_id

    def municipality(self, value: Any) -> Municipality:
        return self.municipalities.key(value)

    def category(self, value: Any) -> Category:
        text = as_text(value)
        category = self.categories.get(normal(text))
        if category is None:
            message = _("Unknown field of action “{value}”. Allowed are: {allowed}.")
            allowed = "; ".join(self.category_names)
            raise CellProblem(message.format(value=text, allowed=allowed))
        return category


def _defaults() -> dict[str, Any]:
    """Values of a new activity for the columns the file does not have."""
    values = {
        name: declared_field(Activity, name).get_default()
        for name in IMPORT_FIELDS
        if name not in ("category", "municipality")
    }
    return values | {"municipality": None}


def _same(name: str, old: Any, new: Any) -> bool:
    if name in ("municipality", "category"):
        return (old.pk if old else None) == (new.pk if new else None)
    if name == "target_groups":
        return set(filter(None, old.split(","))) == set(filter(None, new.split(",")))
    if name in TEXT_FIELDS:
        return bool(old.strip().replace("\r\n", "\n") == new)
    return bool(old == new)


def _permission_error(context: _Context, municipality: Municipality | None) -> str | None:
    """Rows that write need the right to edit where the activity is, and where it was."""
    if municipality is None:
        if context.scope.can_manage_district(context.district):
            return None
        return _("Only the district's coordinators may change activities of the whole district.")
    if context.scope.can_edit_municipality(municipality):
        return None
    return _("You may not change activities of {municipality}.").format(
        municipality=municipality.name
    )


class _ActivityImport(Importer[_Context, PlannedRow]):
    spec = SPEC
    plan_type = ImportPlan
    no_rows = gettext_lazy("The file contains no activities.")

    def load(self, table: RawTable, header: Header) -> _Context:
        keys = SPEC.values(table, header, "municipality", as_ars)
        ids = SPEC.values(table, header, "id", as_whole_number)
        categories = list(Category.objects.filter(district=self.district))
        lookup: dict[str, Category] = {}
        for attribute in ("name", "key", "name_en"):
            for category in categories:
                if getattr(category, attribute):
                    lookup.setdefault(normal(getattr(category, attribute)), category)
        activities = Activity.objects.filter(district=self.district, pk__in=ids).select_related(
            "municipality", "category"
        )
        return _Context(
            district=self.district,
            scope=self.scope,
            municipalities=MunicipalityLookup(self.district, keys),
            categories=lookup,
            category_names=[category.name for category in categories],
            activities={activity.pk: activity for activity in activities},
        )

    def across(self, rows: Sequence[ParsedRow]) -> list[Problem]:
        """The same ID twice would apply two versions of one activity, the second silently."""
        first: dict[int, int] = {}
        problems = []
        for row in rows:
            activity_id = row.values.get("id")
            if activity_id is None:
                continue
            line = first.setdefault(activity_id, row.line)
            if line != row.line:
                message = _("The ID {id} already appears on line {line}.")
                problems.append(
                    Problem(row.line, HEADERS["id"], message.format(id=activity_id, line=line))
                )
        return problems

    def plan_row(self, row: ParsedRow, context: _Context) -> PlannedRow | None:
        """Decide create, update or unchanged, and check what the row as a whole must satisfy."""
        self._municipality_by_name(row, context)
        activity_id = row.values.pop("id", None)
        current = context.activities.get(activity_id) if activity_id else None
        if current is None:
            values = _defaults() | row.values
            merged = values
            changes: dict[str, tuple[str, str]] = {}
            action, touched = "create", [values["municipality"]]
        else:
            values = row.values
            merged = {name: getattr(current, name) for name in IMPORT_FIELDS} | values
            changes = {
                name: (display_value(name, getattr(current, name)), display_value(name, new))
                for name, new in values.items()
                if not _same(name, getattr(current, name), new)
            }
            # A cell that could not be read may hide a change: check the rights as for an update.
            action = "update" if changes or row.failed else "unchanged"
            touched = [current.municipality, merged["municipality"]] if action == "update" else []
        if not row.failed & {"start_date", "end_date"}:
            start, end = merged["start_date"], merged["end_date"]
            if start is not None and end is not None and end < start:
                column = "end_date" if "end_date" in row.values else "start_date"
                row.fail(column, _("The end must not be before the start."))
        if not row.failed & {"id", "municipality"}:  # else we do not know where the row goes
            for municipality in dict.fromkeys(touched):
                message = _permission_error(context, municipality)
                if message:
                    row.fail("municipality", message)
        if row.problems:
            return None
        version = current.version if current else None
        return PlannedRow(row.line, action, activity_id, values, changes, version)

    def _municipality_by_name(self, row: ParsedRow, context: _Context) -> None:
        """Only when the ARS is empty, so that a new row with just a name does not silently
        become an activity of the whole district."""
        if row.cell("municipality") is not None:
            return  # read by its column
        if not (row.has("municipality") or row.has("municipality_name")):
            return  # the file does not say: an update keeps the municipality
        value = row.cell("municipality_name")
        name = normal(value)
        if not name or name in (normal(DISTRICT_WIDE), normal(context.district.name)):
            row.values["municipality"] = None
            return
        municipality = context.municipalities.name(value)
        if municipality is None:
            message = _(
                "There is no municipality “{name}” in {district}. Enter its regional key in "
                "the column “{column}”, or leave both empty for the whole district."
            )
            row.values.pop("municipality", None)
            row.fail(
                "municipality",
                message.format(
                    name=as_text(value),
                    district=context.district.name,
                    column=HEADERS["municipality"],
                ),
            )
            return
        row.values["municipality"] = municipality


def plan_import(data: bytes, filename: str, district: District, scope: Scope) -> ImportPlan:
    """Read a file and say what importing it would do, without writing anything.

    Every problem is collected, with its line and column, so that the user fixes the file once
    rather than once per error. The number of queries does not depend on the number of rows."""
    return cast(ImportPlan, _ActivityImport(district, scope).read(data, filename))


def apply_import(plan: ImportPlan, district: District) -> int:
    """Write a checked plan: every row or, on any problem, none. Returns the rows written.

    Each activity is saved on its own so that the history records who changed what. An
    activity saved by someone else since the plan was made stops the whole import."""
    written = 0
    with applying(plan):
        ids = [row.activity_id for row in plan.rows if row.action == "update" and row.activity_id]
        current = Activity.objects.select_for_update().filter(district=district, pk__in=ids)
        activities: dict[int | None, Activity] = {activity.pk: activity for activity in current}
        for row in plan.rows:
            if row.action == "create":
                Activity(district=district, **row.values).save()
            elif row.action == "update":
                activity = activities.get(row.activity_id)
                if activity is None or activity.version != row.version:
                    raise StaleImportError(
                        _(
                            "The activity with ID {id} was changed by someone else after the "
                            "file was checked. Upload the file again."
                        ).format(id=row.activity_id)
                    )
                for name, value in row.values.items():
                    setattr(activity, name, value)
                activity.version += 1
                activity.save()
            else:
                continue
            written += 1
    return written
