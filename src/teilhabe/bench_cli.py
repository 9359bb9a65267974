"""`teilhabe bench generate --scale district|land|national`: scale data for benchmarks.

    teilhabe bench generate --scale land --data-dir /tmp/land
    TEILHABE_DATABASE_URL=postgres://… teilhabe bench generate --scale national

Fills an empty installation (migrating it first) with the data described in
`teilhabe/bench/generate.py`; the same --seed and --end give the same data."""

from __future__ import annotations

import argparse
import datetime
import sys
import time


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("bench", help="scale data for benchmarks")
    bench = p.add_subparsers(dest="bench_command", required=True)
    g = bench.add_parser("generate", help="fill an empty installation with scale data")
    g.add_argument("--scale", required=True, choices=["district", "land", "national"])
    g.add_argument("--seed", type=int, default=2026)
    g.add_argument(
        "--end",
        type=datetime.date.fromisoformat,
        default=None,
        help="day of the newest save (YYYY-MM-DD; default today)",
    )
    g.add_argument(
        "--activities",
        type=int,
        default=None,
        help="national number of activities (default 500,000); each Kreis its share",
    )
    g.add_argument("--data-dir", default=None)


def run(args: argparse.Namespace) -> int:
    from teilhabe.cli import _configure, _django

    _configure(args.data_dir)
    _django()
    from django.core.management import call_command
    from django.utils import timezone

    from teilhabe.bench import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    end = None
    if args.end is not None:
        end = timezone.make_aware(datetime.datetime.combine(args.end, datetime.time()))
    try:
        stats = generate.generate(
            args.scale,
            seed=args.seed,
            end=end,
            national_activities=args.activities or generate.NATIONAL_ACTIVITIES,
            progress=lambda text: print(text, flush=True),
        )
    except ValueError as error:
        print(f"Nicht möglich: {error}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n:,} {name}" for name, n in stats.counts.items())
    print(
        f"Skala {stats.scale}: {stats.districts} Kreise, {stats.municipalities:,} Kommunen; "
        f"{counts} in {time.perf_counter() - started:.0f} s."
    )
    print(f"Anmeldung: koordination-<AGS> bzw. redaktion-<ARS>, Passwort {generate.PASSWORD}")
    return 0
