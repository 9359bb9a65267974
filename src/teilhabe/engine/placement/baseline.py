"""The comparison: the "who is next" procedure applied household by household.

Households are taken **largest first** (equal sizes in the order given): a large family is the
hardest to house, and an office working down the notice in its own order would fare worse, so
the comparison is with the procedure at its best. Each household goes to the municipality that
`teilhabe.engine.allocation.who_is_next` puts first (lowest fulfilment of its target, then most
persons still owed, then key: `ranking_key`) among those with a unit it fits into; if none of
those has one, to any other municipality in the same order. Within the municipality it takes
the smallest unit it fits into (a flat must be empty; a household that needs barrier-free
housing only a barrier-free unit; among equally small units a barrier-free one last), ties by
unit key.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from fractions import Fraction

from teilhabe.engine.placement.data import Household, Kind, Municipality, Unit

__all__ = ["ranking_key", "who_is_next_placement"]


def ranking_key(target: int, arrived: int, key: str) -> tuple[bool, Fraction, int, str]:
    """`who_is_next`'s order as a sort key: municipalities still owed persons first, then by
    fulfilment (arrived / target; 0 without a positive target), most remaining, key."""
    remaining = max(target - arrived, 0)
    fulfilment = Fraction(arrived, target) if target > 0 else Fraction(0)
    return (remaining == 0, fulfilment, -remaining, key)


def who_is_next_placement(
    units: Sequence[Unit], households: Sequence[Household], municipalities: Sequence[Municipality]
) -> dict[str, str]:
    """Household key -> unit key for every household the procedure places."""
    free = {u.key: u.free for u in units}
    in_municipality: dict[str, list[Unit]] = {m.key: [] for m in municipalities}
    for u in sorted(units, key=lambda u: u.key):
        if u.free > 0:
            in_municipality[u.municipality].append(u)
    arrived = {m.key: m.arrived for m in municipalities}
    target = {m.key: m.target for m in municipalities}
    order = sorted(ranking_key(m.target, m.arrived, m.key) for m in municipalities)
    largest = {m: _largest(us, free) for m, us in in_municipality.items()}
    result: dict[str, str] = {}
    for i in sorted(range(len(households)), key=lambda i: (-households[i].size, i)):
        household = households[i]
        need = 1 if household.barrier_free else 0
        for position, entry in enumerate(order):
            key = entry[-1]
            if largest[key][need] < household.size:
                continue
            unit = _smallest_fitting(in_municipality[key], household, free)
            if unit is None:  # cannot happen: `largest` says one fits
                continue
            result[household.key] = unit.key
            free[unit.key] = 0 if unit.kind is Kind.FLAT else free[unit.key] - household.size
            largest[key] = _largest(in_municipality[key], free)
            arrived[key] += household.size
            del order[position]
            bisect.insort(order, ranking_key(target[key], arrived[key], key))
            break
    return result


def _largest(units: list[Unit], free: dict[str, int]) -> tuple[int, int]:
    """Most free places in one unit: any unit, and a barrier-free one."""
    return (
        max((free[u.key] for u in units), default=0),
        max((free[u.key] for u in units if u.barrier_free), default=0),
    )


def _smallest_fitting(units: list[Unit], household: Household, free: dict[str, int]) -> Unit | None:
    fitting = [
        u
        for u in units
        if free[u.key] >= household.size and (u.barrier_free or not household.barrier_free)
    ]
    if not fitting:
        return None
    return min(fitting, key=lambda u: (free[u.key], u.barrier_free, u.key))
