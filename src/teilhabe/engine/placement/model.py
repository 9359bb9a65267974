"""The mixed-integer model behind `propose`, solved goal by goal with HiGHS.

Aggregation keeps it small: households that agree in size, need and children are one *type*,
and flats that agree in municipality, free places and barrier-freedom are one *class*; the
variable x[t, b] counts the households of type t placed into class b (or into one shared
accommodation b). A flat class with k flats takes at most k households; a shared accommodation
at most its free places in persons. That is exactly the problem with one variable per household
and unit, because the flats of one class are interchangeable, with a few thousand variables
instead of hundreds of thousands. The counts are handed out afterwards in key order
(`_disaggregate`), so the same input gives the same placement.

Goals, each minimised with the optima of the goals before it kept as constraints:

1. persons placed (maximised);
1b. with expected arrivals only: persons of the expected rest of the period that still fit
   (fractional households, the LP relaxation of the future: this keeps large units for large
   households, the primal form of the dual prices Annie MOORE uses);
2. the largest relative shortfall z ≥ (owed_m − placed_m)/target_m, then the total shortfall;
3. empty places in the flats used;
4. persons without the need in barrier-free units, then children beyond the recorded childcare
   places (a municipality without a record counts as 0 once any municipality has one);
5. with expected arrivals only, a tie-break: "best fit", persons where the fewest places are
   free (`Model._best_fit`).

How a goal is solved exactly (solve.py). Every goal takes discrete values: whole numbers
(persons, shortfall in persons, empty places, ...) or, for the ratio of goal 2, fractions
k/target_m. The LP relaxation gives a lower bound b. The values from b upwards are demanded in
turn (goal value <= v, as an integer row; for the ratio as integer bounds placed_m >= owed_m −
floor(v·target_m)), each as a feasibility question; the first feasible v is the optimum and
stays as the constraint for the later goals. A v is passed over only when HiGHS proves it
infeasible. First of all, the first such v of every goal (each LP taken with the goals before
it at theirs) is demanded at once, as one question: usually a placement meets them all, and
it is then optimal on every goal (`solve._at_bounds`); only otherwise goal by goal. To
answer quickly, a question is first put to small "residual" problems: every count at least
its value in the LP solution rounded down (from the simplex vertex, then from the interior
point, which lies in the middle of the optimal face), and only then to the whole MIP,
started from the best placement so far. After three infeasible whole numbers the whole
MIP minimises instead (gap below 1, so its optimum is proven too).

Tolerances. HiGHS works in floating point (feasibility tolerance 1e-6). Integer variables are
rounded and every goal value recomputed from the rounded counts, in integers or `Fraction`s;
the bound b is used as ceil(b − 1e-6) (whole numbers) or from b − 1e-6 (ratios), so that a
bound a hair too high cannot skip the optimum. With expected arrivals the fractional
households make goals 1b-4 continuous; their optima are kept with a relative tolerance of
1e-7 (goal 1, the announced households, stays exact).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from teilhabe.engine.placement.data import ExpectedArrivals, Household, Kind, Municipality, Unit

__all__ = ["INF", "RELATIVE", "Bin", "Floats", "Model"]

INF = highspy.kHighsInf
RELATIVE = 1e-7  # tolerance for fixing continuous optima (expected arrivals)

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Type:
    size: int
    barrier_free: bool
    children: int
    count: float
    members: tuple[int, ...]  # indices of the households (empty for expected ones)

    @property
    def actual(self) -> bool:
        return bool(self.members)


@dataclass(frozen=True)
class Bin:
    """A class of interchangeable flats, or one shared accommodation."""

    kind: Kind
    municipality: str
    free: int  # free places of one flat, or of the shared accommodation
    barrier_free: bool
    units: tuple[str, ...]  # unit keys, sorted
    frees: tuple[int, ...]  # free places per unit, in the same order

    def holds(self, size: int) -> int:
        """How many households of `size` fit at most (one per flat; by places otherwise)."""
        if self.kind is Kind.FLAT:
            return len(self.units) if size <= self.free else 0
        return sum(f // size for f in self.frees)


def _types(
    households: Sequence[Household], expected: ExpectedArrivals | None, children: bool
) -> list[_Type]:
    """Households grouped by size, need and (only if `children` matter) children."""
    groups: dict[tuple[int, bool, int], list[int]] = {}
    for i, h in enumerate(households):
        groups.setdefault((h.size, h.barrier_free, h.children if children else 0), []).append(i)
    types = [_Type(s, b, c, len(m), tuple(m)) for (s, b, c), m in sorted(groups.items())]
    if expected is not None and expected.households > 0:
        weight = sum(w for _, w in expected.sizes if w > 0)
        shares = ((False, 1 - expected.barrier_free_share), (True, expected.barrier_free_share))
        for size, w in sorted(expected.sizes):
            for needs, share in shares:
                count = expected.households * w / weight * share if weight else 0.0
                if count > 1e-9:
                    types.append(_Type(size, needs, 0, count, ()))
    return types


def _bins(units: Sequence[Unit]) -> list[Bin]:
    flats: dict[tuple[str, int, bool], list[Unit]] = {}
    shared: dict[tuple[str, bool, str], list[Unit]] = {}
    for u in sorted(units, key=lambda u: u.key):
        if u.free <= 0:
            continue
        if u.kind is Kind.FLAT:
            flats.setdefault((u.municipality, u.free, u.barrier_free), []).append(u)
        else:
            shared.setdefault((u.municipality, u.barrier_free, u.key), []).append(u)
    bins = [
        Bin(Kind.FLAT, m, f, b, tuple(u.key for u in us), tuple(u.free for u in us))
        for (m, f, b), us in flats.items()
    ]
    for (m, b, _), us in shared.items():
        frees = tuple(u.free for u in us)
        bins.append(Bin(Kind.SHARED, m, sum(frees), b, tuple(u.key for u in us), frees))
    return sorted(bins, key=lambda b: (b.municipality, b.kind, b.free, b.barrier_free, b.units))


class Model:
    """The columns, rows and stage objectives of one placement problem."""

    def __init__(
        self,
        units: Sequence[Unit],
        households: Sequence[Household],
        municipalities: Sequence[Municipality],
        expected: ExpectedArrivals | None,
    ) -> None:
        self.childcare = any(m.childcare_places is not None for m in municipalities) and any(
            h.children for h in households
        )
        self.types = _types(households, expected, self.childcare)
        self.type_of = {h: i for i, t in enumerate(self.types) for h in t.members}
        self.bins = _bins(units)
        self.munis = list(municipalities)
        self.lookahead = any(not t.actual for t in self.types)
        m_index = {m.key: j for j, m in enumerate(self.munis)}
        pairs = [
            (i, b)
            for i, t in enumerate(self.types)
            for b, bin_ in enumerate(self.bins)
            if bin_.holds(t.size) and (bin_.barrier_free or not t.barrier_free)
        ]
        self.pairs = pairs
        n_x = len(pairs)
        self.p0 = n_x  # persons placed per municipality
        self.s0 = self.p0 + len(self.munis)  # shortfall per municipality
        self.z = self.s0 + len(self.munis)  # largest relative shortfall
        self.e0 = self.z + 1  # children beyond the recorded childcare places
        self.n = self.e0 + len(self.munis)
        lower = np.zeros(self.n)
        upper = np.full(self.n, INF)
        for col, (i, b) in enumerate(pairs):
            t, bin_ = self.types[i], self.bins[b]
            cap = bin_.holds(t.size)
            upper[col] = min(t.count, cap) if not t.actual else min(int(t.count), cap)
        for j, m in enumerate(self.munis):
            upper[self.s0 + j] = m.owed if m.target > 0 else 0
            if not self.childcare:
                upper[self.e0 + j] = 0
        self.lower, self.upper = lower, upper
        self.integer = np.zeros(self.n, dtype=bool)  # the announced households' columns
        self.integer[:n_x] = [self.types[i].actual for i, _ in pairs]
        self.size = np.array([self.types[i].size for i, _ in pairs], dtype=np.float64)
        self.actual = self.integer[:n_x].copy()
        self.bin_municipality = np.array([m_index[self.bins[b].municipality] for _, b in pairs])
        by_type: dict[int, list[int]] = {}
        by_bin: dict[int, list[int]] = {}
        by_muni: dict[int, list[int]] = {}
        for c, (i, b) in enumerate(pairs):
            by_type.setdefault(i, []).append(c)
            by_bin.setdefault(b, []).append(c)
            by_muni.setdefault(int(self.bin_municipality[c]), []).append(c)
        self.by_muni = by_muni
        self.rows: list[tuple[float, float, list[int], list[float]]] = []
        for i, cols in by_type.items():
            self.rows.append((-INF, self.types[i].count, cols, [1.0] * len(cols)))
        for b, cols in by_bin.items():
            bin_ = self.bins[b]
            if bin_.kind is Kind.FLAT:
                self.rows.append((-INF, len(bin_.units), cols, [1.0] * len(cols)))
            else:
                self.rows.append((-INF, bin_.free, cols, [float(self.size[c]) for c in cols]))
        for j, m in enumerate(self.munis):
            cols = by_muni.get(j, [])
            self.rows.append((0.0, 0.0, [self.p0 + j, *cols], [1.0, *(-self.size[cols])]))
            if m.target > 0 and m.owed > 0:
                self.rows.append((m.owed, INF, [self.s0 + j, self.p0 + j], [1.0, 1.0]))
                self.rows.append((m.owed, INF, [self.z, self.p0 + j], [float(m.target), 1.0]))
            if self.childcare:
                kids = [c for c in cols if self.types[pairs[c][0]].children]
                values = [float(-self.types[pairs[c][0]].children) for c in kids]
                bound = -float(m.childcare_places or 0)
                self.rows.append((bound, INF, [self.e0 + j, *kids], [1.0, *values]))

    def objectives(self) -> list[tuple[str, Floats]]:
        """The stage objectives (minimised), in lexicographic order; empty ones left out."""
        n_x = len(self.pairs)
        stages: list[tuple[str, Floats]] = []

        def cost(name: str, values: dict[int, float]) -> None:
            if any(values.values()):
                vector = np.zeros(self.n)
                for col, value in values.items():
                    vector[col] = value
                stages.append((name, vector))

        cost("persons", {c: -self.size[c] for c in range(n_x) if self.actual[c]})
        cost("expected_persons", {c: -self.size[c] for c in range(n_x) if not self.actual[c]})
        owing = [j for j, m in enumerate(self.munis) if m.target > 0 and m.owed > 0]
        if owing:
            cost("largest_shortfall", {self.z: 1.0})
            cost("total_shortfall", {self.s0 + j: 1.0 for j in owing})
        fit: dict[int, float] = {}
        misuse: dict[int, float] = {}
        for c, (i, b) in enumerate(self.pairs):
            t, bin_ = self.types[i], self.bins[b]
            if bin_.kind is Kind.FLAT:
                fit[c] = float(bin_.free - t.size)
            if bin_.barrier_free and not t.barrier_free:
                misuse[c] = float(t.size)
        cost("fit", fit)
        cost("barrier_free", misuse)
        if self.childcare:
            cost("childcare", {self.e0 + j: 1.0 for j in range(len(self.munis))})
        if self.lookahead:
            cost("best_fit", self._best_fit())
        return stages

    def _best_fit(self) -> dict[int, float]:
        """Rolling placement's last tie-break: among placements equal on every goal, persons
        go where the fewest places are free (a flat costs its places once; shared
        accommodation its free places per person placed there, so a flat comes before a
        shared accommodation, and the fullest shared accommodation first). This is "best
        fit", the classic rule for packing what arrives one after another: it keeps large
        free spaces whole for the large households still to come, which the expectation,
        being fractional households, cannot see."""
        best: dict[int, float] = {}
        for c, (i, b) in enumerate(self.pairs):
            t, bin_ = self.types[i], self.bins[b]
            if t.actual:
                best[c] = float(bin_.free * (t.size if bin_.kind is Kind.SHARED else 1))
        return best

    def complete(self, x: Floats) -> Floats:
        """A full, consistent column vector from the placement columns (rounded where integer)."""
        v = np.zeros(self.n)
        n_x = len(self.pairs)
        v[:n_x] = np.where(self.actual, np.round(x[:n_x]), np.maximum(x[:n_x], 0.0))
        persons = v[:n_x] * self.size
        for j, m in enumerate(self.munis):
            cols = self.by_muni.get(j, [])
            placed = float(persons[cols].sum())
            v[self.p0 + j] = placed
            if m.target > 0 and m.owed > 0:
                v[self.s0 + j] = max(m.owed - placed, 0.0)
                v[self.z] = max(v[self.z], (m.owed - placed) / m.target)
            if self.childcare:
                kids = sum(v[c] * self.types[self.pairs[c][0]].children for c in cols)
                v[self.e0 + j] = max(kids - (m.childcare_places or 0), 0.0)
        return v

    def placed_exact(self, v: Floats) -> dict[int, int]:
        """Persons of the announced households per municipality index (integers)."""
        n_x = len(self.pairs)
        out = {j: 0 for j in range(len(self.munis))}
        for c in range(n_x):
            if self.actual[c]:
                out[int(self.bin_municipality[c])] += int(v[c]) * int(self.size[c])
        return out
