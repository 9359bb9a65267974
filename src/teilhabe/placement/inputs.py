"""What the placement engine gets for one announced batch, read from the database.

Units: the district's housing register, the units available on the day of arrival. Households:
the batch's lines, in their order. Municipalities: the targets of the batch's allocation period
(target with carry-forward, minus the arrivals counted so far: `allocation.queries`), with the
free childcare places recorded as capacity (none while a childcare overload notice is not
resolved). Expected: what the rest of the period is still to bring (rolling placement).

Lines the coordinator fixed by hand are taken out before the engine runs: their units lose the
places, their municipalities count the persons as arrived (`Inputs.reduced`).

Reading only: nothing here writes."""

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction

from django.utils import timezone

from teilhabe.allocation import register
from teilhabe.allocation.models import Arrival, HousingUnit, OverloadNotice, Shortage
from teilhabe.allocation.queries import PeriodView, capacities, period_view
from teilhabe.engine import placement as engine
from teilhabe.placement.models import AnnouncedHousehold, Batch, BatchStatus

__all__ = ["Inputs", "collect", "digest", "expected_arrivals"]

SAMPLE = 1000  # past households that describe the sizes still to come


@dataclass(frozen=True)
class Inputs:
    """The engine's input for a batch, and the database rows behind its keys."""

    batch: Batch
    view: PeriodView
    units: tuple[engine.Unit, ...]
    households: tuple[engine.Household, ...]
    municipalities: tuple[engine.Municipality, ...]
    expected: engine.ExpectedArrivals | None
    pins: dict[str, str]  # household key -> unit key, chosen by hand (rules checked)
    rows: dict[str, AnnouncedHousehold]  # household key -> line
    unit_rows: dict[str, HousingUnit]  # unit key -> unit (also those not yet available)
    notices: dict[str, list[OverloadNotice]]  # municipality key (ARS) -> active

    def reduced(
        self,
    ) -> tuple[list[engine.Unit], list[engine.Household], list[engine.Municipality]]:
        """The problem left for the engine once the lines fixed by hand are placed."""
        size = {h.key: h.size for h in self.households}
        used: Counter[str] = Counter()
        for household, unit in self.pins.items():
            used[unit] += size[household]
        by_unit = {u.key: u for u in self.units}
        arrived: Counter[str] = Counter()
        for unit, persons in used.items():
            arrived[by_unit[unit].municipality] += persons
        units = [replace(u, occupied=u.occupied + used[u.key]) for u in self.units]
        households = [h for h in self.households if h.key not in self.pins]
        municipalities = [
            replace(m, arrived=m.arrived + arrived[m.key]) for m in self.municipalities
        ]
        return units, households, municipalities


def _expected_sizes(batch: Batch) -> tuple[Counter[int], int, int]:
    """Household sizes of the district's confirmed batches (newest first), how many of those
    households needed barrier-free housing, and how many households that is."""
    rows = (
        AnnouncedHousehold.objects.filter(
            batch__district=batch.district_id, batch__status=BatchStatus.CONFIRMED
        )
        .order_by("-batch__arrival_date", "-pk")
        .values_list("size", "barrier_free")[:SAMPLE]
    )
    sizes: Counter[int] = Counter()
    barrier_free = 0
    for size, needs in rows:
        sizes[size] += 1
        barrier_free += needs
    return sizes, barrier_free, sum(sizes.values())


def expected_arrivals(
    batch: Batch, view: PeriodView, persons: int
) -> engine.ExpectedArrivals | None:
    """The rest of the period after this batch of `persons`: the persons still owed, in
    households sized like the district's past batches (or, before the first, like the arrivals
    of the period recorded one household at a time). None when nothing more is expected."""
    period = batch.period
    left = sum(r.status.remaining for r in view.rows) - persons
    if left <= 0 or batch.arrival_date >= period.end:
        return None
    sizes, barrier_free, households = _expected_sizes(batch)
    if households < 10:
        single = Arrival.objects.filter(
            municipality__district=batch.district_id,
            date__range=(period.start, period.end),
            households=1,
        ).values_list("persons", flat=True)[:SAMPLE]
        sizes.update(single)
    if not sizes:
        return None
    total = sum(sizes.values())
    mean = Fraction(sum(size * n for size, n in sizes.items()), total)
    return engine.ExpectedArrivals(
        households=float(left / mean),
        sizes=tuple((size, n / total) for size, n in sorted(sizes.items())),
        barrier_free_share=barrier_free / households if households else 0.0,
    )


def _childcare(view: PeriodView, notices: dict[int, list[OverloadNotice]]) -> dict[int, int | None]:
    """Free childcare places per municipality: as recorded in its capacity; none while it has a
    childcare overload notice that is not resolved; None where nothing is recorded."""
    recorded = capacities(view.period.district_id, timezone.localdate())
    out: dict[int, int | None] = {}
    for row in view.rows:
        pk = row.municipality.pk
        cap = recorded.get(pk)
        out[pk] = cap.childcare_places if cap else None
        if any(n.shortage == Shortage.CHILDCARE for n in notices.get(pk, ())):
            out[pk] = 0
    return out


def collect(batch: Batch) -> Inputs:
    """The engine's input for `batch` as the database has it now, without lines fixed by hand:
    those are added once their rules are checked (`proposals._pins`)."""
    view = period_view(batch.period)
    active = register.active_notices(batch.district_id)
    childcare = _childcare(view, active)
    municipalities = tuple(
        engine.Municipality(
            key=r.municipality.ars,
            target=r.line.target,
            arrived=r.status.arrived,
            childcare_places=childcare[r.municipality.pk],
            name=r.municipality.name,
        )
        for r in view.rows
    )
    unit_rows = {str(u.pk): u for u in register.units_of(batch.district_id)}
    units = tuple(
        engine.Unit(
            key=key,
            municipality=u.municipality.ars,
            places=u.places,
            kind=engine.Kind(u.kind),
            barrier_free=u.barrier_free,
            occupied=u.occupied,
            label=u.label,
        )
        for key, u in unit_rows.items()
        if u.available_on(batch.arrival_date)
    )
    rows = {str(h.pk): h for h in batch.households.order_by("position")}
    households = tuple(
        engine.Household(key, h.size, h.barrier_free, h.children) for key, h in rows.items()
    )
    persons = sum(h.size for h in households)
    notices = {r.municipality.ars: active.get(r.municipality.pk, []) for r in view.rows}
    return Inputs(
        batch=batch,
        view=view,
        units=units,
        households=households,
        municipalities=municipalities,
        expected=expected_arrivals(batch, view, persons),
        pins={},
        rows=rows,
        unit_rows=unit_rows,
        notices=notices,
    )


def digest(inputs: Inputs, assignment: dict[str, str]) -> str:
    """A fingerprint of everything a proposal depends on and of the proposal itself: confirming
    writes only the proposal the coordinator read, for the data it was read from."""
    period = inputs.batch.period
    parts = (
        inputs.batch.pk,
        inputs.batch.arrival_date,
        period.pk,
        period.is_closed,
        inputs.units,
        inputs.households,
        inputs.municipalities,
        inputs.expected,
        sorted(inputs.pins.items()),
        sorted(assignment.items()),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()
