"""`propose`: check the input, solve, and say for every household why it goes where it goes."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from fractions import Fraction

from teilhabe.engine.placement.baseline import who_is_next_placement
from teilhabe.engine.placement.data import (
    ExpectedArrivals,
    Goal,
    Household,
    Kind,
    Municipality,
    MunicipalityOutcome,
    Placed,
    Placement,
    PlacementError,
    Proposal,
    Score,
    Status,
    Unit,
    Unplaced,
    Why,
)

__all__ = ["propose", "score", "validate"]


def validate(
    units: Sequence[Unit],
    households: Sequence[Household],
    municipalities: Sequence[Municipality],
    expected: ExpectedArrivals | None = None,
) -> None:
    """Raise `PlacementError` for input no placement can be made of."""
    known: set[str] = set()
    for m in municipalities:
        if m.key in known:
            raise PlacementError(
                f"municipality {m.key!r} twice", "duplicate_municipality", key=m.key
            )
        known.add(m.key)
        if m.arrived < 0:
            raise PlacementError(
                f"{m.key}: arrived < 0", "arrived", municipality=m.key, arrived=m.arrived
            )
    seen: set[str] = set()
    for u in units:
        if u.key in seen:
            raise PlacementError(f"unit {u.key!r} twice", "duplicate_unit", key=u.key)
        seen.add(u.key)
        if u.municipality not in known:
            raise PlacementError(
                f"unit {u.key!r}: unknown municipality {u.municipality!r}",
                "unknown_municipality",
                unit=u.key,
                municipality=u.municipality,
            )
        if u.places < 0:
            raise PlacementError(
                f"unit {u.key!r}: places < 0", "places", unit=u.key, places=u.places
            )
        if not 0 <= u.occupied <= u.places:
            raise PlacementError(
                f"unit {u.key!r}: occupied {u.occupied} of {u.places} places",
                "occupied",
                unit=u.key,
                occupied=u.occupied,
                places=u.places,
            )
    seen = set()
    for h in households:
        if h.key in seen:
            raise PlacementError(f"household {h.key!r} twice", "duplicate_household", key=h.key)
        seen.add(h.key)
        if h.size < 1:
            raise PlacementError(
                f"household {h.key!r}: size < 1", "size", household=h.key, size=h.size
            )
        if not 0 <= h.children < h.size:
            raise PlacementError(
                f"household {h.key!r}: {h.children} children in {h.size} persons",
                "children",
                household=h.key,
                children=h.children,
            )
    if expected is not None and (
        expected.households < 0
        or not 0 <= expected.barrier_free_share <= 1
        or any(size < 1 or weight < 0 for size, weight in expected.sizes)
    ):
        raise PlacementError("expected arrivals out of range", "expected", detail=repr(expected))


def propose(
    units: Sequence[Unit],
    households: Sequence[Household],
    municipalities: Sequence[Municipality],
    expected: ExpectedArrivals | None = None,
    time_limit: float = 60.0,
) -> Proposal:
    """The placement proposal for one announced batch, with reasons and the comparison.

    `expected`: the expected rest of the period (rolling placement); the proposal then keeps
    units for the households still to come. `time_limit` in seconds for all goals together;
    when it strikes, the result is the best placement found, with status PARTIAL."""
    # HiGHS (with numpy) only where a proposal is computed: every server, worker and command
    # process imports this module with the URLs, and would pay about 0.1 s of CPU at start.
    from teilhabe.engine.placement.solve import solve

    validate(units, households, municipalities, expected)
    baseline = who_is_next_placement(units, households, municipalities)
    index = {h.key: i for i, h in enumerate(households)}
    solution = solve(
        units,
        households,
        municipalities,
        {index[k]: u for k, u in baseline.items()},
        expected,
        time_limit,
    )
    chosen = {households[i].key: u for i, u in solution.assignment.items()}
    placements = _explain(units, households, municipalities, chosen)
    baseline_placements = _explain(units, households, municipalities, baseline)
    placed = _persons_by_municipality(units, households, chosen)
    baseline_placed = _persons_by_municipality(units, households, baseline)
    return Proposal(
        placements=placements,
        municipalities=tuple(
            MunicipalityOutcome(
                m.key, m.target, m.owed, placed.get(m.key, 0), baseline_placed.get(m.key, 0)
            )
            for m in municipalities
        ),
        score=score(units, households, municipalities, chosen),
        baseline=baseline_placements,
        baseline_score=score(units, households, municipalities, baseline),
        status=Status.OPTIMAL if solution.complete else Status.PARTIAL,
        goals=tuple(Goal(n, v, p) for n, v, p in solution.goals),
        seconds=solution.seconds,
    )


def _persons_by_municipality(
    units: Sequence[Unit], households: Sequence[Household], chosen: Mapping[str, str]
) -> dict[str, int]:
    unit = {u.key: u for u in units}
    out: dict[str, int] = {}
    for h in households:
        if h.key in chosen:
            m = unit[chosen[h.key]].municipality
            out[m] = out.get(m, 0) + h.size
    return out


def score(
    units: Sequence[Unit],
    households: Sequence[Household],
    municipalities: Sequence[Municipality],
    chosen: Mapping[str, str],
) -> Score:
    """Any placement (household key -> unit key) measured by the goals."""
    unit = {u.key: u for u in units}
    placed = _persons_by_municipality(units, households, chosen)
    shortfalls = {
        m.key: max(m.owed - placed.get(m.key, 0), 0) for m in municipalities if m.target > 0
    }
    target = {m.key: m.target for m in municipalities}
    kids: dict[str, int] = {}
    empty = misuse = 0
    for h in households:
        if h.key not in chosen:
            continue
        u = unit[chosen[h.key]]
        empty += u.free - h.size if u.kind is Kind.FLAT else 0
        misuse += h.size if u.barrier_free and not h.barrier_free else 0
        kids[u.municipality] = kids.get(u.municipality, 0) + h.children
    recorded = any(m.childcare_places is not None for m in municipalities)
    return Score(
        persons_placed=sum(h.size for h in households if h.key in chosen),
        households_placed=sum(1 for h in households if h.key in chosen),
        largest_shortfall=max(
            (Fraction(s, target[k]) for k, s in shortfalls.items()), default=Fraction(0)
        ),
        total_shortfall=sum(shortfalls.values()),
        empty_places=empty,
        barrier_free_without_need=misuse,
        children_without_place=sum(
            max(kids.get(m.key, 0) - (m.childcare_places or 0), 0) for m in municipalities
        )
        if recorded
        else 0,
    )


def _explain(
    units: Sequence[Unit],
    households: Sequence[Household],
    municipalities: Sequence[Municipality],
    chosen: Mapping[str, str],
) -> tuple[Placement, ...]:
    unit = {u.key: u for u in units}
    muni = {m.key: m for m in municipalities}
    placed = _persons_by_municipality(units, households, chosen)
    used: dict[str, int] = {}
    for h in households:
        if h.key in chosen:
            used[chosen[h.key]] = used.get(chosen[h.key], 0) + h.size
    frees = (
        sorted(u.free for u in units if u.free > 0),
        sorted(u.free for u in units if u.free > 0 and u.barrier_free),
    )
    out = []
    for h in households:
        if h.key not in chosen:
            out.append(Placement(h.key, h.size, None, None, _unplaced(h, frees[h.barrier_free])))
            continue
        u, m = unit[chosen[h.key]], muni[unit[chosen[h.key]].municipality]
        reason = Placed(
            municipality=m.key,
            municipality_name=m.name or m.key,
            target=m.target,
            owed_before=m.owed,
            owed_after=max(m.owed - placed.get(m.key, 0), 0),
            unit=u.key,
            unit_name=u.name,
            unit_kind=u.kind,
            unit_free=u.free,
            unit_barrier_free=u.barrier_free,
            places_left=0 if u.kind is Kind.FLAT else u.free - used[u.key],
            empty_places=u.free - h.size if u.kind is Kind.FLAT else 0,
            needs_barrier_free=h.barrier_free,
            children=h.children,
            childcare_places=m.childcare_places,
        )
        out.append(Placement(h.key, h.size, u.key, m.key, reason))
    return tuple(out)


def _unplaced(h: Household, frees: list[int]) -> Unplaced:
    """Why `h` stays without a place; `frees`: the free places of the units it may use, sorted."""
    largest = frees[-1] if frees else 0
    fitting = len(frees) - bisect.bisect_left(frees, h.size)
    if h.barrier_free and not frees:
        why = Why.NO_BARRIER_FREE
    elif fitting == 0:
        why = Why.TOO_LARGE
    else:
        why = Why.NO_ROOM
    return Unplaced(why, h.size, largest, fitting)
