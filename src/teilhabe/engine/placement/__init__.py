"""Placing announced households into the housing register, optimally and explained.

Plain data in (`Unit`, `Household`, `Municipality`, optionally `ExpectedArrivals`), a
`Proposal` out: one `Placement` per household with the facts for its sentence (`Placed`,
`Unplaced`), the outcome per municipality, the `Score` by the goals and the same for the
"who is next" procedure (`baseline.py`). The model and its goals: `model.py`; solving and
tolerances: `solve.py`. No Django here.

Goals, in this order (each one only among the best placements for the goals before it):

1. place as many persons as the free places allow; a household is never split;
2. keep every municipality as close to its target as possible, fairly: the largest shortfall
   relative to the target first, then the total shortfall;
3. fit household sizes to units: the fewest places left empty in the flats used;
4. honour the flags: barrier-free units for those who need them, children where childcare or
   school places are recorded.

With expected arrivals (rolling placement), the persons of the expected rest of the period that
still fit come right after goal 1, and among placements equal on every goal the one that packs
best ("best fit": where the fewest places are free) is taken.

Hard rules: one household, one unit; a unit never holds more persons than its free places; a
flat holds one household; a household that needs barrier-free housing goes only into a
barrier-free unit.
"""

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
from teilhabe.engine.placement.proposal import propose, score, validate

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
    "propose",
    "score",
    "validate",
]
