"""The placement proposal of an announced batch, as the page shows it and confirming writes it.

`propose_batch` reads the batch and the register (`inputs.collect`), checks the lines the
coordinator fixed by hand against the hard rules, lets the engine place the others
(`teilhabe.engine.placement.propose`), and measures the whole by the goals beside the "who is
next" procedure. With lines fixed by hand it also solves the batch without them, so the page can
say what the choice by hand costs. Reading only: nothing here writes.

Input the engine cannot place gives a `Refusal` with a German sentence; a batch larger than the
free places, or a household larger than every unit, gives a proposal with `warnings` and the
households that stay without a place. A search cut short by the time limit gives a proposal
marked `partial`."""

from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.allocation.models import HousingUnit, UnitKind
from teilhabe.engine import placement as engine
from teilhabe.placement import facts, reasons
from teilhabe.placement.inputs import Inputs, collect, digest
from teilhabe.placement.models import AnnouncedHousehold, Batch

__all__ = [
    "TIME_LIMIT",
    "Line",
    "Proposal",
    "Refusal",
    "check_choice",
    "prepare",
    "propose_batch",
]

TIME_LIMIT = 20.0  # seconds of search for one proposal; then the best found, marked partial


@dataclass(frozen=True)
class Line:
    household: AnnouncedHousehold
    unit: HousingUnit | None  # None: no place
    reason: facts.Reason
    baseline_unit: HousingUnit | None  # where "who is next" would have put it

    @property
    def by_hand(self) -> bool:
        return self.reason["placed"] and self.reason["by_hand"]


@dataclass(frozen=True)
class Outcome:
    """One municipality: its target and what the batch does to it."""

    name: str
    ars: str
    target: int
    owed_before: int  # persons behind the target before the batch
    placed: int
    baseline_placed: int
    notices: list[facts.Notice]

    @property
    def owed_after(self) -> int:
        return max(self.owed_before - self.placed, 0)

    @property
    def notice_texts(self) -> list[str]:
        return [reasons.notice_text(n) for n in self.notices]


@dataclass(frozen=True)
class Proposal:
    inputs: Inputs
    lines: list[Line]
    municipalities: list[Outcome]
    figures: facts.Figures
    baseline: facts.Figures
    optimum: facts.Figures | None  # without the lines chosen by hand; None: none was
    partial: bool  # the time limit ended the search
    seconds: float
    warnings: list[str]
    assignment: dict[str, str]  # household key -> unit key
    digest: str
    time_limit: float = TIME_LIMIT

    @property
    def persons(self) -> int:
        return sum(h.size for h in self.inputs.households)

    @property
    def unplaced(self) -> list[Line]:
        return [line for line in self.lines if line.unit is None]

    @property
    def expected_households(self) -> float | None:
        expected = self.inputs.expected
        return expected.households if expected else None

    def outcome(self) -> facts.Outcome:
        """What confirming stores besides the lines."""
        return {
            "status": str(engine.Status.PARTIAL if self.partial else engine.Status.OPTIMAL),
            "persons": self.persons,
            "households": len(self.lines),
            "proposal": self.figures,
            "baseline": self.baseline,
            "optimum": self.optimum,
            "municipalities": [
                {
                    "name": m.name,
                    "target": m.target,
                    "owed_before": m.owed_before,
                    "placed": m.placed,
                    "baseline_placed": m.baseline_placed,
                }
                for m in self.municipalities
            ],
            "expected_households": self.expected_households,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Refusal:
    """No proposal can be made; `message` says why, in German."""

    batch: Batch
    message: str


def _number(household: AnnouncedHousehold) -> str:
    return _("household %(n)d") % {"n": household.position}


def check_choice(
    inputs: Inputs, household_key: str, unit_key: str, pins: dict[str, str]
) -> str | None:
    """Why the household may not go into the unit by the hard rules, with the other lines
    fixed in `pins`; None when it may."""
    row = inputs.rows[household_key]
    unit = inputs.unit_rows.get(unit_key)
    names = {"household": _number(row), "unit": unit.label if unit else ""}
    if unit is None:
        return _("The unit is not in the district's housing register.")
    if not unit.available_on(inputs.batch.arrival_date):
        return _(
            "“%(unit)s” is available only from %(from)s; the households arrive on %(day)s."
        ) % {
            **names,
            "from": f"{unit.available_from:%d.%m.%Y}",
            "day": f"{inputs.batch.arrival_date:%d.%m.%Y}",
        }
    if row.barrier_free and not unit.barrier_free:
        return (
            _("%(household)s needs barrier-free housing, and “%(unit)s” is not barrier-free.")
            % names
        )
    others = [k for k, u in pins.items() if u == unit_key and k != household_key]
    if unit.kind == UnitKind.FLAT:
        if unit.occupied:
            return (
                _("“%(unit)s” is a flat where somebody lives already; it takes no other household.")
                % names
            )
        if others:
            return _(
                "“%(unit)s” is a flat for one household, and %(other)s goes there already."
            ) % {**names, "other": _number(inputs.rows[others[0]])}
    taken = sum(inputs.rows[k].size for k in others)
    free = unit.free - taken
    if row.size > free:
        return ngettext(
            "%(household)s has %(size)d persons, but “%(unit)s” has only %(free)d free place.",
            "%(household)s has %(size)d persons, but “%(unit)s” has only %(free)d free places.",
            free,
        ) % {**names, "size": row.size, "free": free}
    return None


def _pins(inputs: Inputs) -> tuple[dict[str, str], list[str]]:
    """The lines fixed by hand that still keep the rules, in line order, and a sentence for
    each that no longer does (the register changed since): those are proposed again."""
    pins: dict[str, str] = {}
    dropped = []
    for key, row in inputs.rows.items():
        if row.chosen_unit_id is None:
            continue
        unit = str(row.chosen_unit_id)
        problem = check_choice(inputs, key, unit, pins)
        if problem is None:
            pins[key] = unit
        else:
            dropped.append(
                _("The unit chosen by hand for %(household)s no longer fits: %(problem)s")
                % {"household": _number(row), "problem": problem}
            )
    return pins, dropped


def _warnings(inputs: Inputs) -> list[str]:
    """What the coordinator should know before reading the proposal: bad input that leaves
    households without a place."""
    day = f"{inputs.batch.arrival_date:%d.%m.%Y}"
    if not inputs.households:
        return [_("The batch has no households yet. Enter them first.")]
    if not inputs.units:
        return [
            _(
                "No unit of the housing register is available on %(day)s: no household can be "
                "placed. Record the municipalities' units first."
            )
            % {"day": day}
        ]
    found = []
    persons = sum(h.size for h in inputs.households)
    free = sum(u.free for u in inputs.units)
    if persons > free:
        found.append(
            _(
                "The batch has %(persons)d persons, but the units available on %(day)s have only "
                "%(free)d free places: at least %(missing)d persons stay without a place."
            )
            % {"persons": persons, "free": free, "day": day, "missing": persons - free}
        )
    largest = max((u.free for u in inputs.units), default=0)
    largest_accessible = max((u.free for u in inputs.units if u.barrier_free), default=0)
    for h in inputs.households:
        room = largest_accessible if h.barrier_free else largest
        if h.size > room:
            found.append(
                _(
                    "%(household)s has %(size)d persons, more than any unit it may move into "
                    "has free (at most %(room)d)."
                )
                % {"household": _number(inputs.rows[h.key]), "size": h.size, "room": room}
            )
    return found


def _refusal(batch: Batch, error: engine.PlacementError) -> Refusal:
    """The engine's checks, in German (the database's constraints make most impossible)."""
    messages = {
        "occupied": _("A unit has more places occupied than it has places. Correct it first."),
        "size": _("A household has fewer than 1 person."),
        "children": _("A household has as many children as persons; it needs an adult."),
    }
    return Refusal(
        batch,
        messages.get(
            error.code,
            _("The input cannot be placed (%(detail)s).") % {"detail": error},
        ),
    )


def _largest(inputs: Inputs, assignment: dict[str, str]) -> str:
    """The municipality furthest behind its target (relative) after the assignment."""
    placed = _persons(inputs, assignment)
    behind = [
        (Fraction(max(m.owed - placed[m.key], 0), m.target), m.name)
        for m in inputs.municipalities
        if m.target > 0 and m.owed > placed[m.key]
    ]
    return max(behind, key=lambda x: (x[0], x[1]))[1] if behind else ""


def _persons(inputs: Inputs, assignment: dict[str, str]) -> Counter[str]:
    size = {h.key: h.size for h in inputs.households}
    municipality = {u.key: u.municipality for u in inputs.units}
    placed: Counter[str] = Counter()
    for household, unit in assignment.items():
        placed[municipality[unit]] += size[household]
    return placed


def _measure(inputs: Inputs, assignment: dict[str, str]) -> facts.Figures:
    score = engine.score(inputs.units, inputs.households, inputs.municipalities, assignment)
    return facts.figures(score, _largest(inputs, assignment))


def _pinned_reason(inputs: Inputs, key: str, assignment: dict[str, str]) -> facts.Placed:
    """The facts of a line fixed by hand, measured on the whole batch."""
    household = next(h for h in inputs.households if h.key == key)
    unit = next(u for u in inputs.units if u.key == assignment[key])
    municipality = next(m for m in inputs.municipalities if m.key == unit.municipality)
    size = {h.key: h.size for h in inputs.households}
    used = sum(size[h] for h, u in assignment.items() if u == unit.key)
    flat = unit.kind is engine.Kind.FLAT
    placed = engine.Placed(
        municipality=municipality.key,
        municipality_name=municipality.name,
        target=municipality.target,
        owed_before=municipality.owed,
        owed_after=max(municipality.owed - _persons(inputs, assignment)[municipality.key], 0),
        unit=unit.key,
        unit_name=unit.name,
        unit_kind=unit.kind,
        unit_free=unit.free,
        unit_barrier_free=unit.barrier_free,
        places_left=0 if flat else unit.free - used,
        empty_places=unit.free - household.size if flat else 0,
        needs_barrier_free=household.barrier_free,
        children=household.children,
        childcare_places=municipality.childcare_places,
    )
    return facts.placed(placed, True, inputs.notices[municipality.key])


def prepare(batch: Batch) -> tuple[Inputs, list[str]]:
    """The engine's input with the lines fixed by hand that keep the rules, and a sentence for
    each that does not (any more)."""
    plain = collect(batch)
    pins, dropped = _pins(plain)
    return replace(plain, pins=pins), dropped


def propose_batch(batch: Batch, time_limit: float = TIME_LIMIT) -> Proposal | Refusal:
    """The proposal for `batch` as the data is now (or why there can be none)."""
    if batch.period.is_closed:
        return Refusal(
            batch,
            _(
                "The allocation period “%(period)s” is closed: nothing more can be placed in it. "
                "Give the batch an arrival date in an open period."
            )
            % {"period": batch.period.name},
        )
    inputs, dropped = prepare(batch)
    pins = inputs.pins
    try:
        engine.validate(inputs.units, inputs.households, inputs.municipalities, inputs.expected)
        units, households, municipalities = inputs.reduced()
        share = time_limit / 2 if pins else time_limit
        solved = engine.propose(units, households, municipalities, inputs.expected, share)
        whole = (
            engine.propose(
                inputs.units, inputs.households, inputs.municipalities, inputs.expected, share
            )
            if pins
            else solved
        )
    except engine.PlacementError as error:
        return _refusal(batch, error)
    assignment = {**pins, **{p.household: p.unit for p in solved.placements if p.unit}}
    baseline = {p.household: p.unit for p in whole.baseline if p.unit}
    reasons: dict[str, facts.Reason] = {}
    for p in solved.placements:
        if isinstance(p.reason, engine.Placed):
            notices = inputs.notices[p.reason.municipality]
            reasons[p.household] = facts.placed(p.reason, False, notices)
        else:
            needs = inputs.rows[p.household].barrier_free
            reasons[p.household] = facts.unplaced(p.reason, needs)
    for key in pins:
        reasons[key] = _pinned_reason(inputs, key, assignment)
    unit_rows = inputs.unit_rows
    lines = [
        Line(
            household=row,
            unit=unit_rows[assignment[key]] if key in assignment else None,
            reason=reasons[key],
            baseline_unit=unit_rows[baseline[key]] if key in baseline else None,
        )
        for key, row in inputs.rows.items()
    ]
    placed, baseline_placed = _persons(inputs, assignment), _persons(inputs, baseline)
    outcomes = [
        Outcome(
            name=m.name,
            ars=m.key,
            target=m.target,
            owed_before=m.owed,
            placed=placed[m.key],
            baseline_placed=baseline_placed[m.key],
            notices=facts.notices(inputs.notices[m.key]),
        )
        for m in inputs.municipalities
    ]
    return Proposal(
        inputs=inputs,
        lines=lines,
        municipalities=outcomes,
        figures=_measure(inputs, assignment),
        baseline=_measure(inputs, baseline),
        optimum=_measure(inputs, {p.household: p.unit for p in whole.placements if p.unit})
        if pins
        else None,
        partial=solved.partial or whole.partial,
        seconds=solved.seconds + (whole.seconds if pins else 0.0),
        warnings=[*dropped, *_warnings(inputs)],
        assignment=assignment,
        digest=digest(inputs, assignment),
        time_limit=time_limit,
    )
