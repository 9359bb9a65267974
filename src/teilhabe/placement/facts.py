"""The facts behind a placement, as plain JSON: what a line's reason says and how a proposal
measures up. The proposal page builds them fresh; confirming a batch stores them
(`AnnouncedHousehold.reason`, `Batch.outcome`), so a confirmed batch reads the same forever.
Keys are never renamed; a key added later is read with `.get`."""

from fractions import Fraction
from typing import Literal, NotRequired, TypedDict

from teilhabe.allocation.models import OverloadNotice
from teilhabe.engine import placement as engine


class Notice(TypedDict):
    shortage: str  # allocation.Shortage code
    amount: str  # a decimal as text, "1.5"
    since: str  # ISO date


class Placed(TypedDict):
    placed: Literal[True]
    by_hand: bool  # chosen by the coordinator, not proposed
    municipality: str  # name
    target: int
    owed_before: int  # persons behind the target before this line's part of the batch
    owed_after: int  # ... after the whole batch
    unit: str  # label
    unit_kind: str  # "flat" or "shared"
    unit_free: int  # free places before the batch
    places_left: int  # free places after the batch (a flat: 0, it is taken)
    empty_places: int  # a flat's places this household leaves empty
    unit_barrier_free: bool
    needs_barrier_free: bool
    children: int
    childcare_places: int | None  # None: not recorded
    notices: list[Notice]  # the municipality's overload notices not yet resolved


class Unplaced(TypedDict):
    placed: Literal[False]
    why: str  # engine.Why
    size: int
    largest_free: int
    fitting_units: int
    needs_barrier_free: bool


type Reason = Placed | Unplaced


class Figures(TypedDict):
    """A placement measured by the goals."""

    persons: int  # goal 1: persons housed
    households: int
    largest_shortfall: str  # goal 2: a fraction "3/25" of the target (0: nobody behind)
    largest_name: str  # the municipality furthest behind afterwards ("" if none)
    total_shortfall: int  # goal 2, then: persons still missing in all
    empty_places: int  # goal 3: places left empty in the flats used
    barrier_free_without_need: int  # goal 4
    children_without_place: int  # goal 4


class MunicipalityOutcome(TypedDict):
    name: str
    target: int
    owed_before: int
    placed: int
    baseline_placed: int


class Outcome(TypedDict):
    """What a confirmed batch stores besides its lines."""

    status: str  # engine.Status: "optimal" or "partial"
    persons: int
    households: int
    proposal: Figures
    baseline: Figures  # the "who is next" procedure on the same batch
    optimum: Figures | None  # without the lines chosen by hand; None: none was
    municipalities: list[MunicipalityOutcome]
    expected_households: float | None  # still expected in the period (rolling placement)
    seconds: NotRequired[float]


def notices(found: list[OverloadNotice]) -> list[Notice]:
    return [
        {"shortage": n.shortage, "amount": str(n.amount), "since": n.since.isoformat()}
        for n in found
    ]


def placed(p: engine.Placed, by_hand: bool, active: list[OverloadNotice]) -> Placed:
    return {
        "placed": True,
        "by_hand": by_hand,
        "municipality": p.municipality_name,
        "target": p.target,
        "owed_before": p.owed_before,
        "owed_after": p.owed_after,
        "unit": p.unit_name,
        "unit_kind": str(p.unit_kind),
        "unit_free": p.unit_free,
        "places_left": p.places_left,
        "empty_places": p.empty_places,
        "unit_barrier_free": p.unit_barrier_free,
        "needs_barrier_free": p.needs_barrier_free,
        "children": p.children,
        "childcare_places": p.childcare_places,
        "notices": notices(active),
    }


def unplaced(u: engine.Unplaced, needs_barrier_free: bool) -> Unplaced:
    return {
        "placed": False,
        "why": str(u.why),
        "size": u.size,
        "largest_free": u.largest_free,
        "fitting_units": u.fitting_units,
        "needs_barrier_free": needs_barrier_free,
    }


def figures(score: engine.Score, largest_name: str) -> Figures:
    return {
        "persons": score.persons_placed,
        "households": score.households_placed,
        "largest_shortfall": str(score.largest_shortfall),
        "largest_name": largest_name,
        "total_shortfall": score.total_shortfall,
        "empty_places": score.empty_places,
        "barrier_free_without_need": score.barrier_free_without_need,
        "children_without_place": score.children_without_place,
    }


def percent(fraction: str) -> float:
    """A stored fraction of the target in percent, for the page."""
    return float(Fraction(fraction) * 100)
