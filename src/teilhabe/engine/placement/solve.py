"""Driving HiGHS through the lexicographic goals of `model.Model` (tolerances: see model.py).

Every stage starts from the previous stage's solution, and the first from the "who is next"
placement, so there is always a feasible placement: when the time limit strikes, the best one
found so far is returned, labelled as not proven optimal, never an exception.

Deterministic: HiGHS runs on one thread with a fixed random seed, and no step has a wall-clock
limit of its own; the only one is the caller's `time_limit` for the whole proposal, and a
proposal it cuts short is labelled PARTIAL. So the same input gives the same placement on any
machine under any load, down to the choice among equally good placements.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import highspy
import numpy as np
from highspy._core import _Highs

from teilhabe.engine.placement.data import ExpectedArrivals, Household, Kind, Municipality, Unit
from teilhabe.engine.placement.model import INF, RELATIVE, Floats, Model

__all__ = ["Solution", "persons_lp_bound", "solve"]

_DUAL_SLACK = 1e-6  # how far below the solver's bound a ratio could still hide
_MAXIMISED = ("persons", "expected_persons")  # minimised as −persons, reported as persons


@dataclass(frozen=True)
class Solution:
    assignment: dict[int, str]  # household index -> unit key
    goals: tuple[tuple[str, Fraction, bool], ...]  # name, value (as reported), proven
    complete: bool  # every goal solved and proven optimal
    seconds: float


def _highs(model: Model, relax: bool = False) -> _Highs:
    # The bare binding, not `highspy.Highs`: that wrapper prints a banner to stdout when first
    # made (which would end up in `teilhabe place`'s CSV) and routes callbacks through Python.
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("random_seed", 0)
    # One thread: the search, and so the choice among equally good placements, then does not
    # depend on the number of cores. HiGHS keeps one thread pool per process; the engine is
    # its only user, so every instance asks for the same size.
    h.setOptionValue("threads", 1)
    h.addVars(model.n, model.lower, model.upper)
    rows = model.rows
    starts = np.cumsum([0] + [len(r[2]) for r in rows[:-1]]).astype(np.int32)
    indices = np.array([c for r in rows for c in r[2]], dtype=np.int32)
    values = np.array([v for r in rows for v in r[3]], dtype=np.float64)
    lower = np.array([r[0] for r in rows], dtype=np.float64)
    upper = np.array([r[1] for r in rows], dtype=np.float64)
    h.addRows(len(rows), lower, upper, len(indices), starts, indices, values)
    cols = np.flatnonzero(model.integer).astype(np.int32)
    if len(cols) and not relax:
        kinds = np.full(len(cols), highspy.HighsVarType.kInteger.value, dtype=np.uint8)
        h.changeColsIntegrality(len(cols), cols, kinds)
    return h


def _start(model: Model, assignment: Mapping[int, str]) -> Floats:
    """The column vector of a given placement (the "who is next" one)."""
    type_of = {m: i for i, t in enumerate(model.types) for m in t.members}
    bin_of = {u: b for b, bin_ in enumerate(model.bins) for u in bin_.units}
    column = {pair: c for c, pair in enumerate(model.pairs)}
    x = np.zeros(model.n)
    for index, unit in assignment.items():
        x[column[(type_of[index], bin_of[unit])]] += 1
    return model.complete(x)


class _Stages:
    """Three copies of the model, kept in step: the LP relaxation by simplex (the bound), the
    same by interior point without crossover (a point in the middle of the optimal face, good
    to round from), and the MIP (the placements)."""

    def __init__(self, model: Model, deadline: float) -> None:
        self.model, self.deadline = model, deadline
        self.lp, self.center, self.mip = (
            _highs(model, relax=True),
            _highs(model, relax=True),
            _highs(model),
        )
        self.center.setOptionValue("solver", "ipm")
        self.center.setOptionValue("run_crossover", "off")
        self.copies = (self.lp, self.center, self.mip)
        self.all = np.arange(model.n, dtype=np.int32)
        self.ints = np.flatnonzero(model.integer).astype(np.int32)
        self.zero = np.zeros(model.n)
        self.rows = len(model.rows)

    def out_of_time(self) -> bool:
        return time.perf_counter() >= self.deadline

    def _limit(self, h: _Highs) -> None:
        h.setOptionValue("time_limit", max(self.deadline - time.perf_counter(), 0.001))

    def relaxed(self, h: _Highs, cost: Floats) -> tuple[float, Floats] | None:
        """The LP relaxation's optimum for `cost` (a valid bound) and its solution."""
        h.changeColsCost(self.model.n, self.all, cost)
        self._limit(h)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
        return float(h.getInfo().objective_function_value), values

    def solve_mip(self, cost: Floats, start: Floats | None, integral: bool) -> Floats | None:
        """The MIP from `start` (minimising `cost`; zero: any feasible solution)."""
        h = self.mip
        h.changeColsCost(self.model.n, self.all, cost)
        h.setOptionValue("mip_abs_gap", 0.5 if integral else 1e-9)
        self._limit(h)
        if start is not None:
            h.setSolution(self.model.n, self.all, start)
        h.run()
        if h.getInfo().primal_solution_status != 2:  # no feasible solution at hand
            return None
        return self.model.complete(np.asarray(h.getSolution().col_value, dtype=np.float64))

    def residual(self, around: Floats) -> Floats | None:
        """Any solution with every placement count at least its value in `around` rounded
        down, and none where `around` has none: the small problem of placing the fractional
        rest. (From the interior point, "none" means no optimal LP solution uses that pair,
        so no placement at the LP bound does either.)"""
        model, h = self.model, self.mip
        x = around[self.ints]
        low = np.maximum(np.floor(x + 1e-9), model.lower[self.ints])
        up = np.where(x < 1e-6, low, model.upper[self.ints])
        h.changeColsBounds(len(self.ints), self.ints, low, up)
        found = self.solve_mip(self.zero, None, integral=True)
        h.changeColsBounds(
            len(self.ints), self.ints, model.lower[self.ints], model.upper[self.ints]
        )
        return found

    def add_row(self, cost: Floats) -> int:
        """`cost`·x <= +inf in every copy; its bound is set by `bound_row`."""
        cols = np.flatnonzero(cost).astype(np.int32)
        for h in self.copies:
            h.addRow(-INF, INF, len(cols), cols, cost[cols])
        self.rows += 1
        return self.rows - 1

    def bound_row(self, row: int, upper: float) -> None:
        for h in self.copies:
            h.changeRowBounds(row, -INF, upper)

    def fix_lower(self, col: int, low: float) -> None:
        self.model.lower[col] = low
        for h in self.copies:
            h.changeColBounds(col, low, INF)

    def feasible(self, cost: Floats, start: Floats) -> tuple[Floats | None, bool]:
        """A solution of the model as constrained now: (solution, answered). First rounded
        from the simplex and the interior-point LP solutions (minimising `cost`), else the
        whole MIP; `answered` is False when time ran out before a proof of infeasibility."""
        for h in (self.lp, self.center):
            around = self.relaxed(h, cost)
            if around is None:
                if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
                    return None, True
                continue
            found = self.residual(around[1])
            if found is not None:
                return found, True
            if self.out_of_time():
                return None, False
        found = self.solve_mip(self.zero, start, integral=True)
        if found is not None:
            return found, True
        return None, self.mip.getModelStatus() == highspy.HighsModelStatus.kInfeasible


def _ratio(model: Model, placed: Mapping[int, int]) -> Fraction:
    return max(
        (
            Fraction(max(m.owed - placed[j], 0), m.target)
            for j, m in enumerate(model.munis)
            if m.target > 0 and m.owed > 0
        ),
        default=Fraction(0),
    )


class _Stage:
    """One goal: its value for a solution, the values it could take, and how to demand one."""

    def __init__(self, stages: _Stages, name: str, cost: Floats) -> None:
        self.stages, self.model, self.name, self.cost = stages, stages.model, name, cost
        self.ratio = name == "largest_shortfall" and not self.model.lookahead
        self.integral = not self.model.lookahead or name == "persons"
        self.row = None if self.ratio else stages.add_row(cost)

    def value(self, v: Floats) -> Fraction:
        if self.ratio:
            return _ratio(self.model, self.model.placed_exact(v))
        if self.integral:
            return Fraction(round(float(self.cost @ v)))
        return Fraction(float(self.cost @ v))

    def candidates(self, bound: float, above: Fraction) -> list[Fraction]:
        """The values below `above` the goal can take at or above the LP `bound`, ascending
        (at most a few: beyond them the whole MIP optimises)."""
        if self.ratio:
            values = {Fraction(0)}
            for m in self.model.munis:
                if m.target > 0 and m.owed > 0:
                    k = max(math.floor(m.target * (bound - _DUAL_SLACK)), 0)
                    values.update(Fraction(j, m.target) for j in range(k, m.owed + 1))
            return sorted(v for v in values if bound - _DUAL_SLACK <= v < above)
        if self.integral:
            first = math.ceil(bound - _DUAL_SLACK)
            return [Fraction(v) for v in range(first, min(int(above), first + 3))]
        at = Fraction(bound + RELATIVE * max(1.0, abs(bound)))
        return [at] if at < above else []

    def demand(self, value: Fraction | None) -> None:
        """Only solutions with a goal value <= `value` from now on (None: any)."""
        if self.ratio:
            for j, m in enumerate(self.model.munis):
                if m.target > 0 and m.owed > 0:
                    most = math.floor(value * m.target) if value is not None else m.owed
                    self.stages.fix_lower(self.model.p0 + j, max(m.owed - most, 0))
        else:
            assert self.row is not None
            self.stages.bound_row(self.row, INF if value is None else float(value))


def _optimise(stages: _Stages, stage: _Stage, start: Floats) -> tuple[Floats, bool]:
    """The best solution for one goal, kept as a constraint: (solution, proven optimal).

    The LP relaxation bounds the goal from below, and the goal takes discrete values: whole
    numbers, or for the ratio of goal 2 fractions k/target_m. So the values from the bound
    upwards are demanded in turn, each as a feasibility question (`_Stages.feasible`, which
    rounds from the LP solutions before it tries the whole MIP); the first value that is
    feasible is the optimum, and a value is passed over only when proven infeasible. When a
    few whole numbers in a row are infeasible, the whole MIP optimises instead."""
    current = stage.value(start)
    relaxed = stages.relaxed(stages.lp, stage.cost)
    if relaxed is None:
        stage.demand(current)
        return start, False
    for value in stage.candidates(relaxed[0], current):
        stage.demand(value)
        found, answered = stages.feasible(stage.cost, start)
        if found is not None:
            stage.demand(stage.value(found))
            return found, True
        if not answered:  # out of time
            stage.demand(current)
            return start, False
    stage.demand(current)
    if not stage.integral or stage.ratio or not stage.candidates(relaxed[0], current):
        return start, True  # no value below the start's is feasible
    found = stages.solve_mip(stage.cost, start, integral=True)  # a gap of several whole numbers
    proven = stages.mip.getModelStatus() == highspy.HighsModelStatus.kOptimal
    if found is not None and stage.value(found) < current:
        start, current = found, stage.value(found)
        stage.demand(current)
    return start, proven


def _at_bounds(
    stages: _Stages, steps: Sequence[_Stage], start: Floats
) -> tuple[Floats, int] | None:
    """A placement with every goal at the first value its LP relaxation allows (given the
    goals before it at theirs), found with one feasibility question instead of one per goal:
    (placement, k) with the first k goals settled at their optima (the demands of the others
    lifted again), or None when not even the first goal is settled this way.

    Such a placement is the lexicographic optimum of those goals: if goals 1..j-1 are at their
    optima, the LP bound of goal j under them is a lower bound on goal j, and the value
    demanded is the first one the goal can take at or above it whose LP relaxation is feasible
    (or the start's, when that is lower: then the start shows it is reachable), so a placement
    meeting the demands of goals 1..k meets their optima. A goal whose optimum lies above its
    demand makes the question infeasible; then the last demand is lifted and the question
    asked again for the goals before it, and the goals not settled are solved one by one
    (`_optimise`)."""
    demanded = 0
    for stage in steps:
        relaxed = stages.relaxed(stages.lp, stage.cost)
        if relaxed is None:
            break
        current = stage.value(start)
        for value in stage.candidates(relaxed[0], current):
            stage.demand(value)  # the first value whose LP relaxation is feasible
            if not stage.ratio and float(value) >= relaxed[0]:
                break  # the LP optimum itself meets it
            if stages.relaxed(stages.lp, stage.cost) is not None:
                break
        else:
            stage.demand(current)
        demanded += 1
    for k in range(demanded, 0, -1):
        found, answered = stages.feasible(steps[k - 1].cost, start)
        if found is not None:
            for stage in steps[:k]:
                stage.demand(stage.value(found))
            return found, k
        steps[k - 1].demand(None)
        if not answered:  # out of time
            break
    for stage in steps:
        stage.demand(None)
    return None


def solve(
    units: Sequence[Unit],
    households: Sequence[Household],
    municipalities: Sequence[Municipality],
    start: Mapping[int, str],
    expected: ExpectedArrivals | None = None,
    time_limit: float = 60.0,
) -> Solution:
    """The lexicographic optimum (or the best found within `time_limit` seconds)."""
    began = time.perf_counter()
    model = Model(units, households, municipalities, expected)
    stages = _Stages(model, began + time_limit)
    current = _start(model, start)
    goals: list[tuple[str, Fraction, bool]] = []
    complete = True
    steps = [_Stage(stages, name, cost) for name, cost in model.objectives()]
    settled = _at_bounds(stages, steps, current)
    if settled is not None:
        current = settled[0]
        for stage in steps[: settled[1]]:
            value = stage.value(current)
            goals.append((stage.name, -value if stage.name in _MAXIMISED else value, True))
    for stage in steps[len(goals) :]:
        current, proven = _optimise(stages, stage, current)
        value = stage.value(current)
        goals.append((stage.name, -value if stage.name in _MAXIMISED else value, proven))
        if not proven:
            complete = False
            break
    return Solution(
        _disaggregate(model, current), tuple(goals), complete, time.perf_counter() - began
    )


def _disaggregate(model: Model, v: Floats) -> dict[int, str]:
    """Counts per (type, bin) -> households to units: households of a type in the order given,
    bins in model order, the flats of a class in key order with larger households first."""
    waiting = {i: list(t.members) for i, t in enumerate(model.types) if t.actual}
    per_bin: dict[int, list[tuple[int, int]]] = {}
    for c, (i, b) in enumerate(model.pairs):
        if model.actual[c] and v[c] > 0.5:
            per_bin.setdefault(b, []).append((i, round(v[c])))
    out: dict[int, str] = {}
    for b in sorted(per_bin):
        units = model.bins[b].units
        chosen = [
            waiting[i].pop(0)
            for i, count in sorted(per_bin[b], key=lambda p: (-model.types[p[0]].size, p[0]))
            for _ in range(count)
        ]
        if model.bins[b].kind is Kind.FLAT:
            out.update(zip(chosen, units, strict=False))
        else:
            out.update((h, units[0]) for h in chosen)
    return out


def persons_lp_bound(
    units: Sequence[Unit], households: Sequence[Household], municipalities: Sequence[Municipality]
) -> float:
    """The LP relaxation's bound on goal 1 (persons placed), for the benchmark's gap."""
    model = Model(units, households, municipalities, None)
    objectives = dict(model.objectives())
    if "persons" not in objectives:
        return 0.0
    h = _highs(model, relax=True)
    h.changeColsCost(model.n, np.arange(model.n, dtype=np.int32), objectives["persons"])
    h.run()
    return -float(h.getInfo().objective_function_value)
