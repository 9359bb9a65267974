"""Benchmark of the placement optimiser (`teilhabe.engine.placement`, Issue 19).

    .venv/bin/python benchmarks/placement.py [--seed 2026] [--streams 20] [--repeat 5]
        [--parts rotenburg,land,rolling] [--no-write]

1. Rotenburg: 1,000 households into the 13 municipalities of Landkreis Rotenburg (Wümme)
   (Einheits- and Samtgemeinden, real ARS and Zensus populations) with 400 units; the whole
   `propose` call (checks, "who is next", every goal, reasons) timed, target ≤ 0.5 s, optimal.
2. Lower Saxony: 10,000 households and 20,000 units over the 405 municipalities of the 45
   districts, split by population; each district placed separately within its own quota;
   target ≤ 30 s in all, each district's persons placed within 0.1 % of its LP bound, peak
   memory of the process stated.
3. Rolling placement: 20 seeded half-year streams (26 weekly batches) in Rotenburg, placed one
   batch at a time with the expected rest of the period as input, against the hindsight
   optimum (all batches known in advance) and against batch-by-batch placement without the
   expectation; target ≥ 98 % of the hindsight optimum (min and median).

Each part runs in a child process of its own, so that its peak memory is its own. Generated
data (`generate_*`): see the docstrings; every stream has its own seed, derived from --seed.
The figures go into the section "## Placement: households into housing" of BENCHMARKS.md
unless --no-write is given.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
import common  # noqa: E402  (benchmarks/common.py, next to this script)
from placement_render import SECTION, section  # noqa: E402  (next to this script, too)

from teilhabe.engine.apportionment import Method, Share, apportion  # noqa: E402
from teilhabe.engine.placement import (  # noqa: E402
    ExpectedArrivals,
    Household,
    Kind,
    Municipality,
    Unit,
    propose,
)
from teilhabe.engine.placement.solve import persons_lp_bound  # noqa: E402

DATA = ROOT / "src" / "teilhabe" / "regions" / "data"
ROTENBURG = "03357"

# Household sizes of an announced batch (share in %), roughly as German reception statistics
# report them: many single adults, families of 3-5, a few large ones. Mean 2.6 persons.
SIZES = {1: 42, 2: 16, 3: 13, 4: 12, 5: 8, 6: 5, 7: 3, 8: 1}
BARRIER_FREE = 0.04  # households that need barrier-free housing
FLAT_PLACES = {1: 8, 2: 18, 3: 20, 4: 20, 5: 15, 6: 10, 7: 5, 8: 4}  # flats by places (%)


@dataclass(frozen=True)
class Place:
    key: str  # ARS of the Einheitsgemeinde or Samtgemeinde (verband)
    name: str
    district: str
    population: int


def load_municipalities() -> list[Place]:
    """Lower Saxony's Einheits- and Samtgemeinden with their Zensus population (2022)."""
    population: dict[tuple[str, str], int] = defaultdict(int)
    names: dict[str, str] = {}
    with (DATA / "de_gemeinden.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["land"] != "Niedersachsen":
                continue
            key = row["verband_ars"]
            population[(row["kreis_ags"], key)] += int(
                row["population_zensus_2022_05_15"] or row["population_2022_12_31"]
            )
            names[key] = row["verband_name"]
    return [Place(k, names[k], d, p) for (d, k), p in sorted(population.items())]


def _size(rng: random.Random) -> int:
    return rng.choices(list(SIZES), weights=list(SIZES.values()))[0]


def generate_households(rng: random.Random, n: int, prefix: str = "H") -> list[Household]:
    """`n` households: sizes by SIZES, 4 % needing barrier-free housing, children of
    kindergarten or school age in households of three and more (1 to size − 2)."""
    out = []
    for i in range(n):
        size = _size(rng)
        children = rng.randint(1, size - 2) if size >= 3 else 0
        out.append(Household(f"{prefix}{i + 1:05d}", size, rng.random() < BARRIER_FREE, children))
    return out


def generate_units(
    rng: random.Random, places: list[Place], n: int, shared: float, occupied: bool
) -> list[Unit]:
    """`n` units spread over the municipalities by population: a share `shared` of shared
    accommodation with 8-40 places, the rest flats by FLAT_PLACES; 10 % barrier-free. With
    `occupied`, a fifth of the flats is taken and shared accommodation is up to half full."""
    weights = [p.population for p in places]
    units = []
    for i in range(n):
        where = rng.choices(places, weights=weights)[0]
        if rng.random() < shared:
            size = rng.randint(8, 40)
            taken = rng.randint(0, size // 2) if occupied else 0
            kind = Kind.SHARED
        else:
            size = rng.choices(list(FLAT_PLACES), weights=list(FLAT_PLACES.values()))[0]
            taken = size if occupied and rng.random() < 0.2 else 0
            kind = Kind.FLAT
        units.append(
            Unit(f"U{i + 1:05d}", where.key, size, kind, rng.random() < 0.1, taken, f"Unit {i + 1}")
        )
    return units


def targets(
    rng: random.Random, places: list[Place], quota: int, arrived_share: float
) -> list[Municipality]:
    """The district quota apportioned by population (Hare-Niemeyer); each municipality has
    taken in a random part (up to `arrived_share`) of its target already."""
    result = apportion(quota, [Share(p.key, p.population) for p in places], Method.HARE_NIEMEYER)
    seats = result.seats()
    return [
        Municipality(
            p.key, seats[p.key], int(seats[p.key] * rng.uniform(0, arrived_share)), name=p.name
        )
        for p in places
    ]


def _split(total: int, weights: dict[str, int]) -> dict[str, int]:
    result = apportion(total, [Share(k, w) for k, w in weights.items()], Method.HARE_NIEMEYER)
    return result.seats()


# --- 1. Rotenburg ---------------------------------------------------------------------------


def part_rotenburg(seed: int, repeat: int) -> dict[str, Any]:
    rng = random.Random(seed)
    places = [p for p in load_municipalities() if p.district == ROTENBURG]
    households = generate_households(rng, 1000)
    units = generate_units(rng, places, 400, shared=0.15, occupied=True)
    munis = targets(rng, places, quota=3000, arrived_share=0.5)
    times, solver, cpu = [], [], []
    for _ in range(repeat + 1):  # the first call warms up imports and HiGHS
        start, start_cpu = time.perf_counter(), time.process_time()
        proposal = propose(units, households, munis)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        solver.append(proposal.seconds)
    times, solver, cpu = times[1:], solver[1:], cpu[1:]
    persons = sum(h.size for h in households)
    return {
        "municipalities": len(places),
        "households": len(households),
        "persons": persons,
        "units": len(units),
        "free": sum(u.free for u in units),
        "median": statistics.median(times),
        "max": max(times),
        "solver_median": statistics.median(solver),
        "cpu_median": statistics.median(cpu),
        "status": proposal.status.value,
        "goals": [(g.name, str(g.value), g.proven) for g in proposal.goals],
        "score": proposal.score,
        "baseline": proposal.baseline_score,
        "lp": persons_lp_bound(units, households, munis),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- 2. Lower Saxony ------------------------------------------------------------------------


def part_land(seed: int, repeat: int) -> dict[str, Any]:
    rng = random.Random(seed)
    places = load_municipalities()
    by_district: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        by_district[p.district].append(p)
    weight = {d: sum(p.population for p in ps) for d, ps in by_district.items()}
    n_households, n_units = _split(10_000, weight), _split(20_000, weight)
    problems = []
    for d, ps in sorted(by_district.items()):
        households = generate_households(rng, n_households[d], prefix=f"{d}-H")
        units = [
            replace(u, key=f"{d}-{u.key}")
            for u in generate_units(rng, ps, n_units[d], shared=0.1, occupied=True)
        ]
        quota = round(sum(h.size for h in households) * 1.2)
        problems.append((d, units, households, targets(rng, ps, quota, arrived_share=0.3)))
    start, start_cpu = time.perf_counter(), time.process_time()
    proposals = [propose(u, h, m) for _, u, h, m in problems]
    total, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    gaps, statuses, slowest = [], [], (0.0, "")
    for (d, u, h, m), p in zip(problems, proposals, strict=True):
        bound = persons_lp_bound(u, h, m)
        gaps.append((bound - p.score.persons_placed) / bound if bound else 0.0)
        statuses.append(p.status.value)
        slowest = max(slowest, (p.seconds, d))
    return {
        "districts": len(problems),
        "municipalities": len(places),
        "households": sum(len(h) for _, _, h, _ in problems),
        "units": sum(len(u) for _, u, _, _ in problems),
        "seconds": total,
        "cpu": cpu,
        "max_gap": max(gaps),
        "median_gap": statistics.median(gaps),
        "optimal": statuses.count("optimal"),
        "slowest": slowest,
        "placed": sum(p.score.persons_placed for p in proposals),
        "persons": sum(sum(x.size for x in h) for _, _, h, _ in problems),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- 3. Rolling placement -------------------------------------------------------------------

WEEKS = 26  # a half-year of weekly batches
PER_WEEK = 10  # households announced per week on average (Poisson)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: small means only."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def generate_stream(seed: int, places: list[Place]) -> dict[str, Any]:
    """One half-year in Rotenburg: WEEKS batches of Poisson(PER_WEEK) households; a housing
    register of flats (and a tenth shared accommodation) whose free places equal the expected
    persons of the half-year, so that fitting sizes to units decides how many can be placed;
    the district quota equals the expected persons, nobody has arrived yet."""
    rng = random.Random(seed)
    mean_size = sum(s * w for s, w in SIZES.items()) / sum(SIZES.values())
    expected_persons = round(WEEKS * PER_WEEK * mean_size)
    units: list[Unit] = []
    while sum(u.free for u in units) < expected_persons:
        units += generate_units(rng, places, 1, shared=0.1, occupied=False)
        units[-1] = replace(units[-1], key=f"U{len(units):05d}", label=f"Unit {len(units)}")
    batches = [
        generate_households(rng, _poisson(rng, PER_WEEK), prefix=f"W{week:02d}-")
        for week in range(WEEKS)
    ]
    return {
        "units": units,
        "batches": batches,
        "municipalities": targets(rng, places, expected_persons, arrived_share=0.0),
        "expected_persons": expected_persons,
    }


def _rolling(stream: dict[str, Any], lookahead: bool) -> dict[str, Any]:
    """Batch by batch; each proposal is confirmed as it is (units occupied, arrivals counted)."""
    units = {u.key: u for u in stream["units"]}
    munis = {m.key: m for m in stream["municipalities"]}
    weights = tuple(sorted((s, float(w)) for s, w in SIZES.items()))
    placed = seconds = 0.0
    empty = barrier_free_waiting = 0  # places left empty in flats used; see `_causes`
    for week, batch in enumerate(stream["batches"]):
        rest = WEEKS - week - 1
        expected = (
            ExpectedArrivals(rest * PER_WEEK, weights, BARRIER_FREE) if lookahead and rest else None
        )
        proposal = propose(list(units.values()), batch, list(munis.values()), expected)
        seconds += proposal.seconds
        room = sum(u.free for u in units.values())
        for placement, household in zip(proposal.placements, batch, strict=True):
            if placement.unit is None:
                barrier_free_waiting += household.barrier_free and room >= household.size
                continue
            unit = units[placement.unit]
            empty += unit.free - household.size if unit.kind is Kind.FLAT else 0
            units[unit.key] = replace(unit, occupied=unit.occupied + household.size)
            m = munis[unit.municipality]
            munis[m.key] = replace(m, arrived=m.arrived + household.size)
            placed += household.size
    return {
        "persons": placed,
        "seconds": seconds,
        "municipalities": list(munis.values()),
        "empty": empty,
        "barrier_free_waiting": barrier_free_waiting,
    }


def _largest_shortfall(munis: list[Municipality], start: list[Municipality]) -> float:
    before = {m.key: m for m in start}
    shortfalls = [
        max(before[m.key].owed - (m.arrived - before[m.key].arrived), 0) / m.target
        for m in munis
        if m.target > 0
    ]
    return max(shortfalls, default=0.0)


def part_rolling(seed: int, streams: int) -> dict[str, Any]:
    places = [p for p in load_municipalities() if p.district == ROTENBURG]
    rows = []
    for k in range(streams):
        stream = generate_stream(seed * 1000 + k, places)
        households = [h for batch in stream["batches"] for h in batch]
        hindsight = propose(stream["units"], households, stream["municipalities"])
        rolling = _rolling(stream, lookahead=True)
        myopic = _rolling(stream, lookahead=False)
        best = hindsight.score.persons_placed
        rows.append(
            {
                "seed": seed * 1000 + k,
                "households": len(households),
                "persons": sum(h.size for h in households),
                "places": sum(u.free for u in stream["units"]),
                "hindsight": best,
                "rolling": rolling["persons"],
                "myopic": myopic["persons"],
                "ratio": rolling["persons"] / best,
                "myopic_ratio": myopic["persons"] / best,
                "hindsight_status": hindsight.status.value,
                "hindsight_shortfall": float(hindsight.score.largest_shortfall),
                "rolling_shortfall": _largest_shortfall(
                    rolling["municipalities"], stream["municipalities"]
                ),
                "seconds": rolling["seconds"],
                "hindsight_empty": hindsight.score.empty_places,
                "rolling_empty": rolling["empty"],
                "barrier_free_waiting": rolling["barrier_free_waiting"],
            }
        )
    return {"rows": rows, "weeks": WEEKS, "per_week": PER_WEEK}


# --- each part in its own process (the section is rendered in placement_render.py) ----------

PARTS = {"rotenburg": part_rotenburg, "land": part_land, "rolling": part_rolling}


def _child(name: str, seed: int, extra: int, queue: Any) -> None:
    queue.put(PARTS[name](seed, extra))


def run_part(name: str, seed: int, extra: int) -> dict[str, Any]:
    """One part in a fresh process, so that its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, seed, extra, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5, help="timed calls for Rotenburg")
    parser.add_argument("--streams", type=int, default=20, help="half-years for rolling")
    parser.add_argument("--parts", default="rotenburg,land,rolling")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    extra = {"rotenburg": args.repeat, "land": 1, "rolling": args.streams}
    results = {}
    for name in args.parts.split(","):
        print(f"== {name}", file=sys.stderr, flush=True)
        results[name] = run_part(name, args.seed, extra[name])
    text = section(results, args)
    print(text)
    if not args.no_write:
        common.write_section(ROOT / "BENCHMARKS.md", SECTION, text)


if __name__ == "__main__":
    main()
