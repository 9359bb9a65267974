"""What goes into a placement and what comes out: plain frozen dataclasses, no behaviour.

Everything is counts. A household is a key and a number of persons with two flags; the engine
never sees a name. The Django side builds these from its housing register and the announced
batch, and builds German sentences from the results (see `Placed` and `Unplaced`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "ExpectedArrivals",
    "Goal",
    "Household",
    "Kind",
    "Municipality",
    "MunicipalityOutcome",
    "Placed",
    "Placement",
    "PlacementError",
    "Proposal",
    "Score",
    "Status",
    "Unit",
    "Unplaced",
    "Why",
]


class Kind(StrEnum):
    """A flat takes one household; shared accommodation takes households up to its places."""

    FLAT = "flat"
    SHARED = "shared"


@dataclass(frozen=True)
class Unit:
    """One unit of the housing register: a flat or a shared accommodation."""

    key: str  # unique id, e.g. the register's primary key or the label
    municipality: str  # the municipality's key (ARS)
    places: int  # total places
    kind: Kind
    barrier_free: bool = False
    occupied: int = 0  # places taken already; a flat with anyone in it is taken
    label: str = ""  # what people call it ("Am Markt 3"); the key when empty

    @property
    def free(self) -> int:
        """Places a new household may use: a flat is free only when nobody lives in it."""
        if self.kind is Kind.FLAT:
            return self.places if self.occupied == 0 else 0
        return max(self.places - self.occupied, 0)

    @property
    def name(self) -> str:
        return self.label or self.key


@dataclass(frozen=True)
class Household:
    """An announced household: counts and flags only."""

    key: str
    size: int  # persons, at least 1
    barrier_free: bool = False  # needs barrier-free housing (a hard rule)
    children: int = 0  # children of kindergarten or school age


@dataclass(frozen=True)
class Municipality:
    key: str  # ARS
    target: int  # persons the municipality is to take in this period (may be negative)
    arrived: int = 0  # persons counted toward the target so far
    childcare_places: int | None = None  # free kindergarten/school places; None: not recorded
    name: str = ""

    @property
    def owed(self) -> int:
        """Persons still owed: max(0, target − arrived)."""
        return max(self.target - self.arrived, 0)


@dataclass(frozen=True)
class ExpectedArrivals:
    """What the rest of the period is expected to bring after this batch (rolling placement).

    `households` is the expected number of households; `sizes` the expected share of each
    household size (weights, normalised by the engine); `barrier_free_share` the share of
    households that need barrier-free housing."""

    households: float
    sizes: tuple[tuple[int, float], ...]
    barrier_free_share: float = 0.0


class PlacementError(ValueError):
    """Input the engine refuses (checked before any solving).

    The message is English; callers that speak to people translate by `code` and `params`:
    ``duplicate_unit`` / ``duplicate_household`` / ``duplicate_municipality`` (key),
    ``unknown_municipality`` (unit, municipality), ``size`` (household, size), ``children``
    (household, children), ``places`` (unit, places), ``occupied`` (unit, occupied, places),
    ``arrived`` (municipality, arrived), ``expected`` (detail)."""

    def __init__(self, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class Why(StrEnum):
    """Why a household stays without a place."""

    NO_BARRIER_FREE = "no_barrier_free"  # needs barrier-free; no barrier-free unit has room
    TOO_LARGE = "too_large"  # larger than every unit with free places it may use
    NO_ROOM = "no_room"  # units that fit exist, but the batch's other households fill them


@dataclass(frozen=True)
class Placed:
    """The facts behind one placement, for the sentence on the page.

    E.g. "Zeven is 15 persons behind its target; flat 'Am Markt 3' has 5 places":
    municipality_name, owed_before, unit_kind, unit_name, unit_free."""

    municipality: str
    municipality_name: str
    target: int
    owed_before: int  # persons behind the target before this batch
    owed_after: int  # ... and after the whole proposal
    unit: str
    unit_name: str
    unit_kind: Kind
    unit_free: int  # free places of the unit before this batch
    unit_barrier_free: bool
    places_left: int  # free places of the unit after the proposal (a flat: 0, it is taken)
    empty_places: int  # a flat's places this household leaves empty; 0 in shared housing
    needs_barrier_free: bool
    children: int
    childcare_places: int | None  # the municipality's recorded free childcare places


@dataclass(frozen=True)
class Unplaced:
    """What is missing for a household that cannot be placed."""

    why: Why
    size: int
    largest_free: int  # free places of the largest unit it may use (0: none)
    fitting_units: int  # units it would fit into before this batch (taken by others: NO_ROOM)


@dataclass(frozen=True)
class Placement:
    household: str
    size: int
    unit: str | None  # None: not placed
    municipality: str | None
    reason: Placed | Unplaced


@dataclass(frozen=True)
class Score:
    """A proposal measured by the goals, to compare it with the "who is next" procedure."""

    persons_placed: int  # goal 1
    households_placed: int
    largest_shortfall: Fraction  # goal 2: max (owed − placed)⁺ / target over target > 0
    total_shortfall: int  # goal 2, second: sum of (owed − placed)⁺
    empty_places: int  # goal 3: places left empty in the flats used
    barrier_free_without_need: int  # goal 4: persons without the need in barrier-free units
    children_without_place: int  # goal 4: children beyond recorded childcare places


@dataclass(frozen=True)
class MunicipalityOutcome:
    key: str
    target: int
    owed_before: int
    placed: int  # persons of this proposal
    baseline_placed: int  # persons the "who is next" procedure would have sent

    @property
    def owed_after(self) -> int:
        return max(self.owed_before - self.placed, 0)


class Status(StrEnum):
    OPTIMAL = "optimal"  # every goal solved to proven optimality
    PARTIAL = "partial"  # the time limit ended the search: feasible, not proven optimal


@dataclass(frozen=True)
class Goal:
    """One lexicographic goal as solved: its value and whether it is proven optimal."""

    name: str  # persons, expected_persons, largest_shortfall, total_shortfall, fit, ...
    value: Fraction
    proven: bool


@dataclass(frozen=True)
class Proposal:
    placements: tuple[Placement, ...]  # in the order of the households given
    municipalities: tuple[MunicipalityOutcome, ...]
    score: Score
    baseline: tuple[Placement, ...]  # what "who is next" would have done (same order)
    baseline_score: Score
    status: Status
    goals: tuple[Goal, ...]
    seconds: float  # solver wall time

    @property
    def partial(self) -> bool:
        return self.status is Status.PARTIAL
