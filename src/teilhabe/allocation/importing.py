"""Arrivals from a spreadsheet: many rows of "so many persons arrived there on that day" at once.

The same all-or-nothing way as the stock-take import, on the same reading layer
(`teilhabe.core.tabular`): `plan_import` reads the file without writing and returns an
`ArrivalPlan` with every problem, located by line and column; the user sees a preview with the
counts per municipality; only `apply_import` writes, every row through `services.record_arrival`
in one transaction, so that the rules of a single arrival hold for each row (an open allocation
period, households not more than persons).

Teilhabe stores counts only. A file with a column that looks like personal data (names, dates
of birth, nationalities and the like) is refused as a whole, before any row is read.

Column headers and the German labels of the kinds of arrival are *data*: the files are made for
German Excel users whatever the language of the web interface. Messages go through gettext.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.allocation import services
from teilhabe.allocation.models import AllocationPeriod, Arrival, ArrivalKind
from teilhabe.core.scoping import Scope
from teilhabe.core.tabular.cells import (
    ChoiceParser,
    as_ars,
    as_boolean,
    as_date,
    as_text,
    as_whole_number,
    free_text,
)
from teilhabe.core.tabular.personal import personal_data_problems
from teilhabe.core.tabular.plan import Importer, Plan, StaleImportError, applying
from teilhabe.core.tabular.reading import RawTable
from teilhabe.core.tabular.table import FAILED, Column, Header, ParsedRow, Problem, TableSpec, cell
from teilhabe.regions.lookup import MunicipalityLookup
from teilhabe.regions.models import District, Municipality

__all__ = [
    "COLUMNS",
    "HEADERS",
    "KIND_LABELS",
    "ArrivalPlan",
    "MunicipalityTotal",
    "PlannedArrival",
    "StaleImportError",
    "apply_import",
    "plan_import",
]

# --- the German vocabulary of the files ----------------------------------------------------

KIND_LABELS: dict[str, str] = {
    ArrivalKind.ASYLUM: "Asylsuchende",
    ArrivalKind.FAMILY: "Familiennachzug",
    ArrivalKind.RESETTLEMENT: "Resettlement und Aufnahmeprogramme",
    ArrivalKind.UKRAINE: "vorübergehender Schutz (Ukraine)",
    ArrivalKind.OTHER: "Sonstige",
}
KINDS = ChoiceParser(
    KIND_LABELS,
    ArrivalKind,
    lambda: _("Unknown kind of arrival “{value}”. Allowed are: {allowed}."),
)


@dataclass
class _Context:
    """What every row is checked against, loaded with a fixed number of queries."""

    district: District
    scope: Scope
    municipalities: MunicipalityLookup  # by ARS, also of other districts; by name
    periods: list[AllocationPeriod]  # the district's periods


COLUMNS: tuple[Column[_Context], ...] = (
    Column("Kommune (ARS)", "municipality", lambda c, v: c.municipalities.key(v),
           aliases=("ARS", "Regionalschlüssel", "municipality key (ARS)", "regional key (ARS)")),
    Column("Kommune", "municipality_name",
           aliases=("Kommune (Name)", "Gemeinde", "Gemeindename", "Kommunenname",
                    "Name der Kommune", "municipality", "municipality name")),
    Column("Datum", "date", cell(as_date), required=True,
           aliases=("date", "Ankunft", "Ankunftsdatum")),
    Column("Personen", "persons", cell(as_whole_number), required=True,
           aliases=("persons", "Anzahl Personen")),
    Column("Haushalte", "households", cell(as_whole_number), required=True,
           aliases=("households", "Anzahl Haushalte")),
    Column("Art", "kind", cell(KINDS), required=True, aliases=("kind",)),
    Column("Wird angerechnet", "counts_toward_quota", cell(as_boolean), empty=True,
           aliases=("angerechnet", "Anrechnung", "counts toward the quota")),
    Column("Bemerkung", "note", cell(free_text, limit=Arrival._meta.get_field("note").max_length),
           empty="", aliases=("note", "Bemerkungen")),
)  # fmt: skip

SPEC = TableSpec(COLUMNS)
HEADERS: dict[str, str] = SPEC.headers
_VALUES = ("date", "persons", "households", "kind", "counts_toward_quota", "note")

# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedArrival:
    """One line of the file, checked: the arrival it will record."""

    line: int
    municipality: Municipality
    period: AllocationPeriod
    values: dict[str, Any]  # the Arrival fields `services.record_arrival` takes


@dataclass(frozen=True)
class MunicipalityTotal:
    """What the file adds to one municipality, for the preview."""

    municipality: Municipality
    arrivals: int
    persons: int
    households: int
    counted: int  # persons that count toward the quota


@dataclass(frozen=True)
class ArrivalPlan(Plan[PlannedArrival]):
    """Everything a file would record, and everything wrong with it. Nothing is written yet."""

    already_recorded: int = 0  # rows equal to an arrival already recorded: imported twice?

    @property
    def persons(self) -> int:
        return sum(row.values["persons"] for row in self.rows)

    @property
    def households(self) -> int:
        return sum(row.values["households"] for row in self.rows)

    @property
    def counted(self) -> int:
        """Persons that count toward the quota."""
        return sum(row.values["persons"] for row in self.rows if row.values["counts_toward_quota"])

    @property
    def by_municipality(self) -> list[MunicipalityTotal]:
        """Totals per municipality, by name."""
        grouped: dict[int, list[PlannedArrival]] = {}
        for row in self.rows:
            grouped.setdefault(row.municipality.pk, []).append(row)
        totals = [
            MunicipalityTotal(
                municipality=rows[0].municipality,
                arrivals=len(rows),
                persons=sum(row.values["persons"] for row in rows),
                households=sum(row.values["households"] for row in rows),
                counted=sum(
                    row.values["persons"] for row in rows if row.values["counts_toward_quota"]
                ),
            )
            for rows in grouped.values()
        ]
        return sorted(totals, key=lambda total: total.municipality.name)


# --- reading -------------------------------------------------------------------------------


class _ArrivalImport(Importer[_Context, PlannedArrival]):
    spec = SPEC
    plan_type = ArrivalPlan
    no_rows = gettext_lazy("The file contains no arrivals.")

    def header_problems(self, header: Header) -> list[Problem]:
        """Unknown columns are ignored, unless they look like personal data: then the whole
        file is refused, since a single such cell must not be uploaded at all."""
        personal = personal_data_problems(header.ignored)
        if personal:
            return personal
        problems = header.problems()
        if "municipality" not in header.positions and "municipality_name" not in header.positions:
            message = _("The file needs the column “{ars}” or the column “{name}”.")
            ars, name = HEADERS["municipality"], HEADERS["municipality_name"]
            problems.append(Problem(1, ars, message.format(ars=ars, name=name)))
        return problems

    def load(self, table: RawTable, header: Header) -> _Context:
        """The ARS in the file are loaded too, so that one of another district is named as such."""
        keys = SPEC.values(table, header, "municipality", as_ars)
        return _Context(
            district=self.district,
            scope=self.scope,
            municipalities=MunicipalityLookup(self.district, keys),
            periods=list(AllocationPeriod.objects.filter(district=self.district)),
        )

    def plan_row(self, row: ParsedRow, context: _Context) -> PlannedArrival | None:
        municipality, column = self._municipality(row, context)
        for key in ("persons", "households"):
            if key not in row.failed and row.values[key] < 1:
                row.fail(key, _("“{column}” must be at least 1.").format(column=HEADERS[key]))
        counts = row.failed.isdisjoint({"persons", "households"})
        if counts and row.values["households"] > row.values["persons"]:
            row.fail("households", _("There cannot be more households than persons."))
        period = self._period(row, context) if "date" not in row.failed else FAILED
        if municipality is not FAILED and not context.scope.can_edit_municipality(municipality):
            message = _("You may not record arrivals for {municipality}.")
            row.fail(column, message.format(municipality=municipality.name))
        if row.problems or not isinstance(period, AllocationPeriod):  # FAILED has a problem
            return None
        values = {key: row.value(key) for key in _VALUES}
        return PlannedArrival(row.line, municipality, period, values)

    def _municipality(self, row: ParsedRow, context: _Context) -> tuple[Any, str]:
        """By ARS; by name only when the ARS is empty. Returns the column it was read from."""
        if row.cell("municipality") is not None:
            return row.values.get("municipality", FAILED), "municipality"
        value = row.cell("municipality_name")
        if value is None:
            column = "municipality" if row.has("municipality") else "municipality_name"
            message = _("“{column}” must not be empty.").format(column=HEADERS[column])
            return row.fail(column, message), column
        municipality = context.municipalities.name(value)
        if municipality is None:
            message = _(
                "There is no municipality “{name}” in {district}. Enter its regional key in "
                "the column “{column}”."
            )
            message = message.format(
                name=as_text(value), district=context.district.name, column=HEADERS["municipality"]
            )
            return row.fail("municipality_name", message), "municipality_name"
        return municipality, "municipality_name"

    def _period(self, row: ParsedRow, context: _Context) -> Any:
        """The rule of `services.period_for`, checked against the periods loaded once."""
        day: datetime.date = row.values["date"]
        period = next((p for p in context.periods if p.start <= day <= p.end), None)
        if period is None:
            message = _(
                "{date} lies in no allocation period of {district}. Arrivals can only be "
                "recorded in a period; the district's coordinators create them."
            )
            return row.fail(
                "date", message.format(date=f"{day:%d.%m.%Y}", district=context.district.name)
            )
        if period.is_closed:
            message = _(
                "{date} lies in the period “{period}”, which is closed. No more arrivals can be "
                "recorded in it."
            )
            return row.fail("date", message.format(date=f"{day:%d.%m.%Y}", period=period.name))
        return period


def _already_recorded(rows: Sequence[PlannedArrival], district: District) -> int:
    """How many rows equal an arrival already recorded: a hint that the file came twice."""
    if not rows:
        return 0
    fields = ("municipality_id", "date", "persons", "households", "kind")
    recorded = set(
        Arrival.objects.filter(
            municipality__district=district, date__in={row.values["date"] for row in rows}
        ).values_list(*fields)
    )
    return sum(
        1
        for row in rows
        if (row.municipality.pk, *(row.values[name] for name in fields[1:])) in recorded
    )


def plan_import(data: bytes, filename: str, district: District, scope: Scope) -> ArrivalPlan:
    """Read a file and say what importing it would record, without writing anything.

    Every problem is collected, with its line and column, so that the user fixes the file once
    rather than once per error. The number of queries does not depend on the number of rows."""
    plan = cast(ArrivalPlan, _ArrivalImport(district, scope).read(data, filename))
    if plan.errors:
        return plan
    return replace(plan, already_recorded=_already_recorded(plan.rows, district))


# --- applying -------------------------------------------------------------------------------


def apply_import(plan: ArrivalPlan) -> int:
    """Record every arrival of a checked plan or, on any problem, none. Returns the number.

    Each row goes through `services.record_arrival`, so a period closed since the plan was made
    stops the whole import; the periods are locked first, so that none closes half-way."""
    with applying(plan):
        periods = {row.period.pk for row in plan.rows}
        list(AllocationPeriod.objects.select_for_update().filter(pk__in=periods))
        for row in plan.rows:
            try:
                services.record_arrival(row.municipality, dict(row.values))
            except ValidationError as error:
                problem = Problem(row.line, None, " ".join(error.messages))
                raise StaleImportError(
                    _(
                        "Nothing has been imported, because the data changed after the file "
                        "was checked. {problem} Upload the file again."
                    ).format(problem=problem)
                ) from error
    return len(plan.rows)
