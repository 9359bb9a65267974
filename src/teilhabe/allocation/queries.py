"""Read side of allocation: the key, targets, fulfilment and capacity of a period.

Targets depend on the previous period (carry-forward), so a period is computed after the open
periods before it; a closed period contributes its frozen figures."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypedDict

from django.db.models import Sum
from django.utils import timezone

from teilhabe.allocation.models import AdjustmentKind, AllocationPeriod, Arrival, Capacity
from teilhabe.engine import allocation as engine
from teilhabe.engine.apportionment import Method, Result
from teilhabe.regions.models import Municipality, PopulationFigure


class FrozenLine(TypedDict):
    """One municipality's figures in AllocationPeriod.results (stored JSON, keyed by its pk as
    text): what closing a period stores, enough to show it and to carry forward."""

    population: int
    quota: str  # the exact Fraction as text, "7/3"
    new: int
    carried: int
    credited: int
    target: int
    arrived: int
    carry_forward: int


@dataclass(frozen=True)
class Row:
    """One municipality in a period: the key line and the state of fulfilment."""

    municipality: Municipality
    line: engine.Line
    status: engine.Status
    exempt: bool
    credit_reasons: list[str]

    @property
    def share_percent(self) -> Decimal:
        return _decimal(self.line.share * 100, 2)

    @property
    def warnings(self) -> list[str]:
        codes = []
        if self.status.housing_short:
            codes.append("housing")
        if self.status.staff_overloaded:
            codes.append("staff")
        return codes


@dataclass(frozen=True)
class PeriodView:
    period: AllocationPeriod
    rows: list[Row]
    result: Result | None  # None for a closed period read from its frozen figures
    missing_population: list[Municipality]  # no figure on the reference date: no key possible
    # The previous period when it is still open: the carried figures come from it and change
    # until it is closed (None when it is closed, or when this period's figures are frozen).
    carried_from_open: AllocationPeriod | None = None

    @property
    def totals(self) -> dict[str, int]:
        return {
            "new": sum(r.line.new for r in self.rows),
            "carried": sum(r.line.carried for r in self.rows),
            "credited": sum(r.line.credited for r in self.rows),
            "target": sum(r.line.target for r in self.rows),
            "arrived": sum(r.status.arrived for r in self.rows),
            "remaining": sum(r.status.remaining for r in self.rows),
        }

    def row(self, ars: str) -> Row | None:
        return next((r for r in self.rows if r.municipality.ars == ars), None)


def previous_period(period: AllocationPeriod) -> AllocationPeriod | None:
    return (
        AllocationPeriod.objects.filter(district=period.district_id, end__lt=period.start)
        .order_by("-end")
        .first()
    )


def counted_arrivals(period: AllocationPeriod) -> dict[int, int]:
    rows = (
        Arrival.objects.filter(
            municipality__district=period.district_id,
            date__range=(period.start, period.end),
            counts_toward_quota=True,
        )
        .values("municipality_id")
        .annotate(n=Sum("persons"))
        .values_list("municipality_id", "n")
    )
    return dict(rows)


def capacities(district_id: int, on: datetime.date) -> dict[int, Capacity]:
    """The latest capacity of each municipality recorded on or before `on`."""
    latest: dict[int, Capacity] = {}
    for capacity in Capacity.objects.filter(
        municipality__district=district_id, date__lte=on
    ).order_by("municipality_id", "date"):
        latest[capacity.municipality_id] = capacity
    return latest


def _carried(period: AllocationPeriod) -> dict[int, int]:
    previous = previous_period(period)
    if previous is None:
        return {}
    if previous.is_closed and previous.results:
        results: dict[str, FrozenLine] = previous.results
        return {int(pk): line["carry_forward"] for pk, line in results.items()}
    view = period_view(previous)
    return {r.municipality.pk: r.status.carry_forward for r in view.rows}


def period_view(period: AllocationPeriod, today: datetime.date | None = None) -> PeriodView:
    """Key, targets and fulfilment of every municipality in the period."""
    municipalities = list(period.district.municipalities.order_by("name"))
    population = dict(
        PopulationFigure.objects.filter(
            municipality__district=period.district_id, reference_date=period.population_date
        ).values_list("municipality_id", "population")
    )
    missing = [m for m in municipalities if m.pk not in population]
    adjustments = list(period.adjustments.all())
    exempt = {a.municipality_id for a in adjustments if a.kind == AdjustmentKind.EXEMPT}
    credited: dict[int, int] = {}
    reasons: dict[int, list[str]] = {}
    for a in adjustments:
        if a.kind == AdjustmentKind.CREDIT:
            credited[a.municipality_id] = credited.get(a.municipality_id, 0) + a.persons
        reasons.setdefault(a.municipality_id, []).append(a.reason)
    carried = _carried(period)
    inputs = [
        engine.Input(
            key=m.ars,
            population=population.get(m.pk, 0),
            carried=carried.get(m.pk, 0),
            credited=credited.get(m.pk, 0),
            exempt=m.pk in exempt,
        )
        for m in municipalities
    ]
    lines, result = engine.targets(period.quota, inputs, Method(period.method))
    arrived = counted_arrivals(period)
    on = min(today or timezone.localdate(), period.end)
    capacity = capacities(period.district_id, on)
    if period.is_closed and period.results:
        results: dict[str, FrozenLine] = period.results
        lines, arrived = (
            _frozen(results, municipalities, lines),
            {
                m.pk: results[str(m.pk)].get("arrived", 0) if str(m.pk) in results else 0
                for m in municipalities
            },
        )
    rows = []
    for m, line in zip(municipalities, lines, strict=True):
        cap = capacity.get(m.pk)
        status = engine.Status(
            key=m.ars,
            target=line.target,
            arrived=arrived.get(m.pk, 0),
            free_places=cap.free_places if cap else None,
            staff_fte=Fraction(cap.staff_fte) if cap else None,
            staff_limit=period.staff_ratio_limit,
        )
        rows.append(Row(m, line, status, m.pk in exempt, reasons.get(m.pk, [])))
    previous = previous_period(period)
    open_previous = (
        previous
        if previous is not None and not previous.is_closed and not period.is_closed
        else None
    )
    return PeriodView(period, rows, result, missing, open_previous)


def frozen_results(view: PeriodView) -> dict[str, FrozenLine]:
    """What closing a period stores: enough to show it and to carry forward, unchanged later."""
    return {
        str(r.municipality.pk): {
            "population": r.line.population,
            "quota": str(r.line.quota),
            "new": r.line.new,
            "carried": r.line.carried,
            "credited": r.line.credited,
            "target": r.line.target,
            "arrived": r.status.arrived,
            "carry_forward": r.status.carry_forward,
        }
        for r in view.rows
    }


def _frozen(
    results: dict[str, FrozenLine], municipalities: list[Municipality], live: list[engine.Line]
) -> list[engine.Line]:
    """The figures stored when the period was closed, whatever happened to the inputs since."""
    lines = []
    for m, line in zip(municipalities, live, strict=True):
        stored = results.get(str(m.pk))
        if stored is None:
            lines.append(line)
            continue
        lines.append(
            engine.Line(
                key=m.ars,
                population=stored["population"],
                share=line.share,
                quota=Fraction(stored["quota"]),
                new=stored["new"],
                carried=stored["carried"],
                credited=stored["credited"],
                tied=line.tied,
            )
        )
    return lines


@dataclass(frozen=True)
class ScenarioRow:
    municipality: Municipality
    line: engine.Line
    room: int | None  # free places left after the rest of the current period; None: unknown
    proposal: int  # capacity-bounded distribution of the new persons
    free_places: int | None = None  # free places now

    @property
    def exceeds(self) -> int:
        """Persons of the target (new quota and what is carried) beyond the free places now
        (0: fits, or capacity unknown). The carried persons are part of the target, so the
        comparison is with all free places, not with the room left after them."""
        return max(self.line.target - self.free_places, 0) if self.free_places is not None else 0


@dataclass(frozen=True)
class Scenario:
    persons: int
    rows: list[ScenarioRow]
    unplaced: int  # persons the capacity-bounded proposal cannot place
    result: Result


def what_if(period: AllocationPeriod, persons: int) -> Scenario:
    """If the Land assigned `persons` next period: targets with this period's carry-forward,
    where capacity would be exceeded, and a capacity-bounded proposal beside the legal key."""
    view = period_view(period)
    inputs = [
        engine.Input(
            key=r.municipality.ars,
            population=r.line.population,
            carried=r.status.carry_forward,
            exempt=r.exempt,
        )
        for r in view.rows
    ]
    method = Method(period.method)
    lines, result = engine.targets(persons, inputs, method)
    room = {
        r.municipality.ars: None
        if r.status.free_places is None
        else r.status.free_places - r.status.remaining
        for r in view.rows
    }
    proposal = engine.capacity_bounded(
        persons, {r.municipality.ars: r.line.population for r in view.rows}, room, method
    )
    rows = [
        ScenarioRow(
            r.municipality,
            line,
            room[r.municipality.ars],
            proposal.seats.get(r.municipality.ars, 0),
            r.status.free_places,
        )
        for r, line in zip(view.rows, lines, strict=True)
    ]
    return Scenario(persons, rows, proposal.unplaced, result)


@dataclass(frozen=True)
class Step:
    label: str
    value: object
    note: str = ""


def transparency(view: PeriodView, row: Row) -> list[Step]:
    """The computation of one municipality's target, step by step, with every input."""
    from django.utils.translation import gettext as _

    keyed = sum(r.line.population for r in view.rows)
    line = row.line
    whole = int(line.quota)
    leftover = view.period.quota - sum(int(r.line.quota) for r in view.rows)
    remainders = sorted(
        (r.line.quota - int(r.line.quota) for r in view.rows if r.line.population), reverse=True
    )
    remainder = line.quota - whole
    rank = remainders.index(remainder) + 1 if line.population else None
    steps = [
        Step(_("Quota of the district"), view.period.quota),
        Step(
            _("Population on the reference date"),
            line.population,
            f"{view.period.population_date:%d.%m.%Y}",
        ),
        Step(_("Population of all municipalities in the key"), keyed),
        Step(
            _("Share of the key"),
            _decimal(line.share, 6),
            _("population ÷ population of all municipalities"),
        ),
        Step(
            _("Exact share of the quota"),
            _decimal(line.quota, 6),
            _("quota of the district × share"),
        ),
    ]
    if view.period.method == Method.HARE_NIEMEYER and line.population:
        steps += [
            Step(_("Whole part"), whole),
            Step(
                _("Remainder"),
                _decimal(remainder, 6),
                _(
                    "rank %(rank)d of %(n)d; %(left)d units are left after the whole parts and go "
                    "to the largest remainders"
                )
                % {"rank": rank, "n": len(remainders), "left": leftover},
            ),
        ]
    steps += [
        Step(_("New quota (after apportionment)"), line.new, str(view.period.get_method_display())),
        Step(
            _("Carried from the previous period"),
            line.carried,
            _("target minus counted arrivals of the previous period"),
        ),
        Step(_("Credited"), line.credited, "; ".join(row.credit_reasons)),
        Step(_("Target"), line.target, _("new quota + carried − credited")),
        Step(_("Counted arrivals so far"), row.status.arrived),
        Step(_("Still to take in"), row.status.remaining),
    ]
    return steps


def _decimal(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
