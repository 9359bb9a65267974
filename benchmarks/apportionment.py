"""Benchmark of the apportionment engine on all 10,775 municipalities of Germany.

    .venv/bin/python benchmarks/apportionment.py [--repeat 30] [--total 300000]
        [--compare-total 5000] [--their-repeat 5] [--their-time-limit 60]
        [--their-memory-gib 8] [--no-write]

1. Flat: one call of `apportion` over all municipalities of de_gemeinden.csv, per method.
2. Hierarchy: Germany -> 16 Länder -> 400 Kreise -> 10,775 municipalities (1 + 16 + 400 calls),
   per method, with the sums checked at every level.
3. OPTIONAL comparison with the PyPI package `apportionment` (version 1.0). It is NOT a project
   dependency and is never installed by the project; install it by hand to enable this part:
   `.venv/bin/pip install apportionment==1.0`. Without it the comparison is skipped with a
   message. Its calls run in a child process with a time limit per call and a limit on the
   address space, because its divisor methods build a matrix of (keys x total) averages, which
   for all municipalities and a large total does not fit into memory.

Weights: the Zensus population of 15 May 2022; the 10 municipalities without one fall back to
the population of 31 December 2022. Kreise and Länder weigh the sum of their municipalities.

The figures go into the section "## Apportionment: all municipalities of Germany" of
BENCHMARKS.md unless --no-write is given.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import gc
import importlib.metadata
import importlib.util
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
import common  # noqa: E402  (benchmarks/common.py, next to this script)
from apportionment_render import (  # noqa: E402  (next to this script, too)
    GIB,
    LABELS,
    SECTION,
    print_summary,
    render_section,
)

ROOT = HERE.parent
DATA = ROOT / "src" / "teilhabe" / "regions" / "data"

# Our method, the name of its equivalent in the PyPI package, and whether to ask that package for
# exact arithmetic (fractions=True). Its divisor methods with fractions=True build a
# (keys x total) matrix of Fraction objects, hopeless here, so they run with floats only.
COMPARISONS = [
    ("hare-niemeyer", "largest_remainder", False),
    ("hare-niemeyer", "largest_remainder", True),
    ("sainte-lague", "saintelague", False),
    ("dhondt", "dhondt", False),
]


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def load_data() -> dict[str, Any]:
    """Municipalities in file order (ascending ARS) with their Kreis, Land and weight."""
    with (DATA / "de_gemeinden.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    keys, weights, kreis_of, land_of, fallback = [], [], {}, {}, []
    for row in rows:
        census = row["population_zensus_2022_05_15"]
        if not census:
            fallback.append(row["ars"])
        keys.append(row["ars"])
        weights.append(int(census or row["population_2022_12_31"]))
        kreis_of[row["ars"]] = row["kreis_ags"]
        land_of[row["kreis_ags"]] = row["land"]
    if len(set(keys)) != len(keys):
        raise SystemExit("duplicate ARS in de_gemeinden.csv")

    kreis_weight: dict[str, int] = defaultdict(int)
    for key, weight in zip(keys, weights, strict=True):
        kreis_weight[kreis_of[key]] += weight
    # Cross-check with de_kreise.csv: the same Kreise in the same Länder; where its Zensus figure
    # differs from our sum, the Kreis should contain one of the fallback municipalities.
    with (DATA / "de_kreise.csv").open(encoding="utf-8", newline="") as f:
        kreise_csv = {row["ags"]: row for row in csv.DictReader(f)}
    if set(kreise_csv) != set(kreis_weight) or any(
        kreise_csv[k]["land"] != land_of[k] for k in kreise_csv
    ):
        raise SystemExit("de_kreise.csv and de_gemeinden.csv disagree on the Kreise or Länder")
    mismatch = sorted(
        k
        for k, row in kreise_csv.items()
        if int(row["population_zensus_2022_05_15"] or 0) != kreis_weight[k]
    )
    fallback_kreise = {kreis_of[a] for a in fallback}
    return {
        "keys": keys,
        "weights": weights,
        "kreis_of": kreis_of,
        "land_of": land_of,
        "kreis_weight": dict(kreis_weight),
        "fallback": fallback,
        "kreise_mismatch": mismatch,
        "kreise_mismatch_explained": set(mismatch) <= fallback_kreise,
    }


def build_shares(data: dict[str, Any]) -> dict[str, Any]:
    """The Share lists of every call, built once before any timing."""
    from teilhabe.engine.apportionment import Share

    start = time.perf_counter()
    flat = [Share(k, w) for k, w in zip(data["keys"], data["weights"], strict=True)]
    build_ms = (time.perf_counter() - start) * 1000

    by_kreis: dict[str, list[Any]] = defaultdict(list)
    for share in flat:
        by_kreis[data["kreis_of"][share.key]].append(share)
    land_weight: dict[str, int] = defaultdict(int)
    kreise_by_land: dict[str, list[Any]] = defaultdict(list)
    for kreis, weight in data["kreis_weight"].items():
        land = data["land_of"][kreis]
        land_weight[land] += weight
        kreise_by_land[land].append(Share(kreis, weight))
    return {
        "flat": flat,
        "build_ms": build_ms,
        "lands": [Share(land, w) for land, w in land_weight.items()],
        "kreise_by_land": dict(kreise_by_land),
        "municipalities_by_kreis": dict(by_kreis),
    }


# --------------------------------------------------------------------------------------------
# Our engine
# --------------------------------------------------------------------------------------------


def time_calls(fn: Callable[[], object], repeat: int, gc_enabled: bool) -> list[float]:
    """One warm-up call, then `repeat` timed calls in milliseconds."""
    fn()
    gc.collect()
    was_enabled = gc.isenabled()
    if not gc_enabled:
        gc.disable()
    try:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        if was_enabled:
            gc.enable()
    return times


def summary(times: list[float]) -> dict[str, float]:
    return {"min": min(times), "median": statistics.median(times), "max": max(times)}


def run_hierarchy(total: int, method: str, shares: dict[str, Any]) -> tuple:
    """Germany -> Länder -> Kreise -> municipalities; every result, for checking afterwards."""
    from teilhabe.engine.apportionment import apportion

    kreise_by_land = shares["kreise_by_land"]
    municipalities_by_kreis = shares["municipalities_by_kreis"]
    top = apportion(total, shares["lands"], method)
    kreis_results, municipality_results = [], []
    for land, land_seats in top.seats().items():
        kreise = apportion(land_seats, kreise_by_land[land], method)
        kreis_results.append((land_seats, kreise))
        for kreis, kreis_seats in kreise.seats().items():
            result = apportion(kreis_seats, municipalities_by_kreis[kreis], method)
            municipality_results.append((kreis_seats, result))
    return top, kreis_results, municipality_results


def check_hierarchy(total: int, outcome: tuple, n_municipalities: int) -> dict[str, Any]:
    top, kreis_results, municipality_results = outcome
    results = [top] + [r for _, r in kreis_results] + [r for _, r in municipality_results]
    checks = [sum(top.seats().values()) == total]
    checks += [sum(r.seats().values()) == n for n, r in kreis_results + municipality_results]
    seats = {k: v for _, r in municipality_results for k, v in r.seats().items()}
    if not all(checks) or len(seats) != n_municipalities:
        raise SystemExit(f"hierarchy: sums do not add up ({checks.count(False)} calls)")
    return {
        "calls": len(results),
        "levels": (1, len(kreis_results), len(municipality_results)),
        "tie_calls": sum(1 for r in results if r.tie_keys),
        "contested": sum(r.contested for r in results),
        "seats": seats,
    }


def bench_ours(args: argparse.Namespace, data: dict[str, Any], shares: dict[str, Any]) -> dict:
    from teilhabe.engine.apportionment import Method, apportion

    flat, hierarchy, compare = {}, {}, {}
    n = len(data["keys"])
    for method in Method:
        m = method.value
        print(f"ours  {LABELS[m]:<14} flat ...", flush=True)
        result = apportion(args.total, shares["flat"], method)
        if sum(a.seats for a in result.allocations) != args.total:
            raise SystemExit(f"flat {m}: seats do not add up to {args.total}")

        def flat_call(method: Method = method, total: int = args.total) -> object:
            return apportion(total, shares["flat"], method)

        flat[m] = {
            "gc": summary(time_calls(flat_call, args.repeat, gc_enabled=True)),
            "nogc": summary(time_calls(flat_call, args.repeat, gc_enabled=False)),
            "result": result,
        }

        print(f"ours  {LABELS[m]:<14} hierarchy ...", flush=True)
        checked = check_hierarchy(args.total, run_hierarchy(args.total, m, shares), n)

        def hierarchy_call(m: str = m) -> object:
            return run_hierarchy(args.total, m, shares)

        hierarchy[m] = {
            "gc": summary(time_calls(hierarchy_call, args.repeat, gc_enabled=True)),
            "nogc": summary(time_calls(hierarchy_call, args.repeat, gc_enabled=False)),
            # every timed run must give the same table; check the last one again
            "check": checked,
            "check_again": check_hierarchy(args.total, hierarchy_call(), n)["seats"]
            == checked["seats"],
            "differs_from_flat": sum(
                1 for a in result.allocations if checked["seats"][a.key] != a.seats
            ),
        }

        if args.compare_total != args.total:
            compare_result = apportion(args.compare_total, shares["flat"], method)

            def compare_call(method: Method = method) -> object:
                return apportion(args.compare_total, shares["flat"], method)

            compare[m] = {
                "gc": summary(time_calls(compare_call, args.repeat, gc_enabled=True)),
                "result": compare_result,
            }
    return {"flat": flat, "hierarchy": hierarchy, "compare": compare}


# --------------------------------------------------------------------------------------------
# The PyPI package `apportionment` (optional), in a child process
# --------------------------------------------------------------------------------------------


def their_package() -> str | None:
    """The installed version of the PyPI package `apportionment`, or None if it is missing.

    This script is itself called apportionment.py; its folder was taken off sys.path at start,
    so `apportionment` here is the package and not this file."""
    if importlib.util.find_spec("apportionment") is None:
        return None
    try:
        importlib.import_module("apportionment.methods")
        return importlib.metadata.version("apportionment")
    except (ImportError, importlib.metadata.PackageNotFoundError):
        return None


def _their_worker(
    conn: Any,
    name: str,
    votes: list[int],
    keys: list[str],
    total: int,
    fractions: bool,
    runs: int,
    memory_bytes: int,
) -> None:
    """Child process: one warm-up call (whose seats are sent back), then `runs` timed calls."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        import numpy  # noqa: F401  (imported before the first call is timed)
        from apportionment.methods import compute

        conn.send(("ready", None, None))
        for run in range(runs + 1):
            start = time.perf_counter()
            # parties: names for its tie messages; the default has only 52 letters
            seats = compute(name, votes, total, fractions=fractions, parties=keys)
            ms = (time.perf_counter() - start) * 1000
            conn.send(("ok", ms, seats if run == 0 else None))
    except MemoryError:
        conn.send(("memory", None, None))
    except Exception as error:  # reported, not raised: the parent goes on with the next one
        conn.send(("error", None, f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def run_theirs(
    name: str,
    fractions: bool,
    votes: list[int],
    keys: list[str],
    total: int,
    args: argparse.Namespace,
) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")  # no re-import of this script in the child
    receiver, sender = context.Pipe(duplex=False)
    memory_bytes = int(args.their_memory_gib * GIB)
    runs = min(args.repeat, args.their_repeat)
    process = context.Process(
        target=_their_worker,
        args=(sender, name, votes, keys, total, fractions, runs, memory_bytes),
        daemon=True,
    )
    process.start()
    sender.close()
    out: dict[str, Any] = {"status": "ok", "times": [], "seats": None, "detail": ""}
    try:
        if not receiver.poll(120):
            out.update(status="error", detail="the child process did not start")
            return out
        receiver.recv()
        for run in range(runs + 1):
            if not receiver.poll(args.their_time_limit):
                out.update(status="timeout")
                break
            kind, ms, payload = receiver.recv()
            if kind != "ok":
                out.update(status=kind, detail=payload or "")
                break
            if run == 0:
                out.update(seats=payload, warmup_ms=ms)
            else:
                out["times"].append(ms)
    except EOFError:
        out.update(status="error", detail=f"child process died (exit code {process.exitcode})")
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    return out


def compare_seats(ours: Any, theirs: list[int], method: str) -> dict[str, Any]:
    """Element-wise comparison; for Hare-Niemeyer also whether their seats obey its rule."""
    pairs = list(zip(ours.allocations, theirs, strict=True))
    differing = [a.key for a, seats in pairs if a.seats != seats]
    untied = [key for key in differing if key not in ours.tie_keys]
    shown = set(untied[:5]) | set(sorted(ours.tie_keys)[:5])
    out = {
        "identical": not differing,
        "differing": len(differing),
        "differing_untied": len(untied),
        # key, weight, exact quota, our seats, their seats, in our tie
        "details": [
            (a.key, a.weight, a.quota, a.seats, seats, a.tied)
            for a, seats in pairs
            if a.key in shown
        ],
        "contested": ours.contested,
        "their_sum": sum(theirs),
        "violation": None,
    }
    if method == "hare-niemeyer":
        # Every key gets floor(quota) or floor(quota) + 1, and no key that gets the extra unit
        # may have a smaller remainder than one that does not.
        won = [(a.quota - int(a.quota), a.key) for a, s in pairs if s == int(a.quota) + 1]
        lost = [
            (a.quota - int(a.quota), a.key)
            for a, s in pairs
            if s == int(a.quota) and a.quota != int(a.quota)
        ]
        if len(won) + len(lost) != len(pairs):
            out["violation"] = "some key got neither floor(quota) nor floor(quota) + 1"
        elif won and lost and min(won)[0] < max(lost)[0]:
            (r_won, k_won), (r_lost, k_lost) = min(won), max(lost)
            out["violation"] = (
                f"{k_lost} (remainder {float(r_lost):.6f}) gets no extra unit "
                f"while {k_won} (remainder {float(r_won):.6f}) gets one"
            )
    return out


def bench_theirs(args: argparse.Namespace, data: dict[str, Any], ours: dict) -> dict | None:
    version = their_package()
    if version is None:
        print(
            "\nSKIPPED the optional comparison: the PyPI package `apportionment` is not installed"
            " (it is no project dependency; `.venv/bin/pip install apportionment==1.0` to enable"
            " it).",
            flush=True,
        )
        return None
    votes, keys = data["weights"], data["keys"]
    rows = []
    totals = [args.total] if args.compare_total == args.total else [args.total, args.compare_total]
    for total in totals:
        for method, name, fractions in COMPARISONS:
            label = f"{name}{', fractions=True' if fractions else ''}"
            print(f"theirs {label:<32} total {total:,} ...", flush=True)
            our = ours["flat" if total == args.total else "compare"][method]
            theirs = run_theirs(name, fractions, votes, keys, total, args)
            row = {
                "method": method,
                "name": name,
                "fractions": fractions,
                "total": total,
                "our_median": our["gc"]["median"],
                "our_ties": len(our["result"].tie_keys),
                "theirs": theirs,
            }
            if theirs["seats"] is not None:
                row["compare"] = compare_seats(our["result"], theirs["seats"], method)
            if theirs["times"]:
                row["their"] = summary(theirs["times"])
                row["ratio"] = row["their"]["median"] / our["gc"]["median"]
            rows.append(row)
    return {"version": version, "rows": rows}


# --------------------------------------------------------------------------------------------
# Environment (the section of BENCHMARKS.md is rendered in apportionment_render.py)
# --------------------------------------------------------------------------------------------


def environment(load_before: float) -> dict[str, str]:
    engine = "src/teilhabe/engine/apportionment.py"
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": common.cpu_name() or "?",
        "memory_gib": f"{common.memory_gib():.1f}",
        "python": platform.python_version(),
        "os": platform.platform(),
        "commit": common.git("rev-parse", "--short", "HEAD"),
        "engine_dirty": "yes" if common.git("status", "--porcelain", "--", engine) else "no",
        "load_before": f"{load_before:.2f}",
        "load_after": f"{os.getloadavg()[0]:.2f}",
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per series")
    parser.add_argument("--total", type=int, default=300_000, help="units to apportion")
    parser.add_argument(
        "--compare-total",
        type=int,
        default=5_000,
        help="second, smaller total for the comparison, at which the PyPI "
        "package's divisor methods fit into memory",
    )
    parser.add_argument(
        "--their-repeat",
        type=int,
        default=5,
        help="timed runs of the PyPI package (at most --repeat)",
    )
    parser.add_argument(
        "--their-time-limit", type=float, default=60.0, help="seconds per call of the PyPI package"
    )
    parser.add_argument(
        "--their-memory-gib",
        type=float,
        default=8.0,
        help="address-space limit of the PyPI package's child process",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    if args.repeat < 1 or args.their_repeat < 1 or args.total < 1 or args.compare_total < 1:
        parser.error("--repeat, --their-repeat, --total and --compare-total must be positive")

    load_before = os.getloadavg()[0]
    data = load_data()
    shares = build_shares(data)
    ours = bench_ours(args, data, shares)
    theirs = bench_theirs(args, data, ours)
    print_summary(ours, theirs)
    if not args.no_write:
        section = render_section(args, environment(load_before), data, shares, ours, theirs)
        common.write_section(args.output, SECTION, section)
        print(f"\nWrote the section {SECTION!r} to {args.output}")


if __name__ == "__main__":
    # This file is named apportionment.py: take its folder off sys.path so that
    # `import apportionment` finds the PyPI package, and measure the engine of this work tree.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.path.insert(0, str(ROOT / "src"))
    main()
