"""From a district's quota to each municipality's target, fulfilment and warnings.

    new quota  = the municipality's share of the district quota, by population (the key)
    carried    = target of the previous period minus the arrivals counted there
                 (positive: still owed; negative: taken in more than asked)
    credited   = persons credited, e.g. for a reception facility in the municipality
    target     = new quota + carried - credited

Everything is integers and `Fraction`s, so a committee member can recompute each line by hand.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from teilhabe.engine.apportionment import Method, Result, Share, apportion


@dataclass(frozen=True)
class Input:
    key: str  # the municipality's ARS
    population: int  # on the period's reference date
    carried: int = 0
    credited: int = 0
    exempt: bool = False  # exempt from the key: no new quota this period


@dataclass(frozen=True)
class Line:
    key: str
    population: int  # counted in the key (0 when exempt)
    share: Fraction  # population / population of all keyed municipalities
    quota: Fraction  # exact proportional share of the district quota
    new: int  # units after apportionment
    carried: int
    credited: int
    tied: bool

    @property
    def target(self) -> int:
        return self.new + self.carried - self.credited


def targets(total: int, inputs: Sequence[Input], method: Method) -> tuple[list[Line], Result]:
    """Apportion `total` by population and add carry-forward and credits."""
    shares = [Share(i.key, 0 if i.exempt else i.population) for i in inputs]
    result = apportion(total, shares, method)
    keyed = sum(s.weight for s in shares) or 1
    lines = [
        Line(
            key=i.key,
            population=share.weight,
            share=Fraction(share.weight, keyed),
            quota=allocation.quota,
            new=allocation.seats,
            carried=i.carried,
            credited=i.credited,
            tied=allocation.tied,
        )
        for i, share, allocation in zip(inputs, shares, result.allocations, strict=True)
    ]
    return lines, result


@dataclass(frozen=True)
class Status:
    key: str
    target: int
    arrived: int  # counted arrivals in the period
    free_places: int | None  # None: no capacity recorded
    staff_fte: Fraction | None
    staff_limit: int  # persons per FTE above which a warning is raised

    @property
    def remaining(self) -> int:
        return max(self.target - self.arrived, 0)

    @property
    def fulfilment(self) -> Fraction | None:
        """Arrived / target; None when the target is not positive."""
        return Fraction(self.arrived, self.target) if self.target > 0 else None

    @property
    def persons_per_fte(self) -> Fraction | None:
        if not self.staff_fte:
            return None
        return Fraction(self.arrived + self.remaining) / self.staff_fte

    @property
    def housing_short(self) -> int:
        """How many of the remaining persons exceed the free places (0: enough room)."""
        if self.free_places is None:
            return 0
        return max(self.remaining - self.free_places, 0)

    @property
    def staff_overloaded(self) -> bool:
        ratio = self.persons_per_fte
        return ratio is not None and ratio > self.staff_limit

    @property
    def carry_forward(self) -> int:
        """What the next period inherits: target minus counted arrivals."""
        return self.target - self.arrived


def who_is_next(statuses: Sequence[Status], household_size: int) -> list[Status]:
    """The order in which municipalities should receive the next household of `household_size`.

    Only municipalities with room for the whole household (or with no capacity recorded) and
    with persons still to take in are candidates; the one furthest behind its target comes
    first (lowest fulfilment, then most remaining), ties broken by key so the order is stable."""
    if household_size < 1:
        raise ValueError("household size must be at least 1")
    candidates = [
        s
        for s in statuses
        if s.remaining > 0 and (s.free_places is None or s.free_places >= household_size)
    ]
    return sorted(
        candidates,
        key=lambda s: (
            s.fulfilment if s.fulfilment is not None else Fraction(0),
            -s.remaining,
            s.key,
        ),
    )


@dataclass(frozen=True)
class Proposal:
    """A distribution bounded by free places: a proposal for discussion, not the legal key."""

    seats: dict[str, int]
    unplaced: int  # persons that do not fit anywhere within the recorded capacity


def capacity_bounded(
    total: int,
    populations: Mapping[str, int],
    free_places: Mapping[str, int | None],
    method: Method,
) -> Proposal:
    """Distribute by population, but never beyond a municipality's free places."""
    room = {k: free_places.get(k) for k in populations}
    limited = {k: max(v, 0) for k, v in room.items() if v is not None}
    placeable = total if len(limited) < len(room) else min(total, sum(limited.values()))
    shares = [Share(k, w, maximum=limited.get(k)) for k, w in populations.items()]
    result = apportion(placeable, shares, method)
    return Proposal(result.seats(), total - placeable)
