"""CPU and queries per request of the Wegweiser, in-process (no server, no wrk): what one
cached page and one search cost the Python side, for comparing changes on a busy machine
where wrk's figures would mostly measure the neighbours.

    TEILHABE_DATA_DIR=… [TEILHABE_DATABASE_URL=…] python benchmarks/directory_cpu.py
        [--ags 03357] [--repeat 200] [--profile search|directory|offer]

The data dir (and database) must hold generated data (`teilhabe bench generate --scale land`).
Requests go through Django's full handler and middleware (django.test.Client), as gunicorn's
would. Figures: CPU milliseconds per request (process time, median of five batches) and the
queries of one request, for the directory page and an offer page (both cache hits after the
first answer), the search (a different query each time, as benchmarks/directory.py sends)
and a filtered list."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
from collections.abc import Callable

WORDS = ["sprachcafe", "deutschkurs", "beratung", "chor", "job", "kita", "ehrenamt", "runder"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ags", default="03357")
    parser.add_argument("--repeat", type=int, default=200, help="requests per batch")
    parser.add_argument(
        "--profile", choices=["search", "directory", "offer", "/health/"], default=None
    )
    parser.add_argument("--sort", default="cumulative", help="of the profile: tottime, …")
    parser.add_argument("--callers", default="", help="of the profile: who calls these")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    os.environ.setdefault("TEILHABE_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from teilhabe.directory import queries
    from teilhabe.regions.models import District

    district = District.objects.get(ags=args.ags)
    offer = queries.visible(district).order_by("pk").first()
    assert offer is not None, "no visible offer: generate data first"
    client = Client()
    counter = iter(range(10**9))

    def search_path() -> str:
        n = next(counter)
        return f"/{args.ags}/angebote/?q={WORDS[n % len(WORDS)]}+{n // len(WORDS) + 1}"

    paths: dict[str, Callable[[], str]] = {
        "/health/": lambda: "/health/",
        "directory": lambda: f"/{args.ags}/",
        "offer": lambda: f"/{args.ags}/angebote/{offer.pk}/",
        "search": search_path,
        "search (ar)": lambda: f"/ar{search_path()}",
        "list, filtered": lambda: f"/{args.ags}/angebote/?free=on&page=2",
    }

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert not response.cookies, path

    print(f"{connection.vendor}, district {args.ags}, {queries.visible(district).count()} offers")
    for name, path in paths.items():
        get(path())  # warm: the cache, templates, translations
        with CaptureQueriesContext(connection) as captured:
            get(path())
        queries_made = len(captured)  # now: the next request empties the log
        batches, walls = [], []
        for _ in range(5):
            started, wall = time.process_time(), time.perf_counter()
            for _ in range(args.repeat):
                get(path())
            batches.append((time.process_time() - started) / args.repeat * 1000)
            walls.append((time.perf_counter() - wall) / args.repeat * 1000)
        print(
            f"{name:16} {statistics.median(batches):6.2f} ms CPU/request "
            f"(batches {min(batches):.2f}–{max(batches):.2f}), "
            f"{statistics.median(walls):6.2f} ms wall, {queries_made} queries"
        )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            get(paths[args.profile]())
        profile.disable()
        stats = pstats.Stats(profile).sort_stats(args.sort)
        stats.print_stats(45)
        if args.callers:
            stats.print_callers(args.callers)


if __name__ == "__main__":
    main()
