"""Benchmark of the status report (Sachstandsbericht): the PDF of one district, and a batch for
all 45 districts of Lower Saxony.

    .venv/bin/python benchmarks/report.py [--repeat 10] [--batch-repeat 3] [--activities 3]
                                          [--seed 2026] [--no-write]

Runs on SQLite in a fresh temporary data directory (WAL, as in production):
1. Landkreis Rotenburg (Wümme) from the shipped reference data with the example data of
   `teilhabe up --demo` (58 activities, three allocation periods, two questionnaire waves, the
   March workshop, the action plan, peer tandems if that app is installed);
2. the other 44 districts of Lower Saxony from `../shared/data/de_gemeinden.csv` through
   `regions.services.import_districts` (what `teilhabe regions import` does), each at its real
   size (its Kommunen), with generated data: --activities activities per Kommune (two thirds
   older than the report period), an allocation period with a quota of 0.5 % of the population,
   a capacity and two arrivals per Kommune, a questionnaire wave of the shipped questionnaire
   with half of the Kommunen answered, a workshop attended by two thirds of them, a priority
   with two measures.

A report is what `teilhabe report --format pdf` and the background task do together: the
snapshot (`reports.snapshot.build`) and the PDF (`reports.rendering.pdf`, WeasyPrint, PDF/UA-1),
for the last 60 days. Each measurement is timed with `time.perf_counter` after one warm-up (the
first report of a process also pays imports and font loading; that cold run is reported
separately). The figures go into the section "## Status report: PDF" of BENCHMARKS.md unless
--no-write is given.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Status report: PDF"
NATIONAL_LIST = ROOT.parent / "shared" / "data" / "de_gemeinden.csv"
ROTENBURG = "03357"
DISTRICT_TARGET = 3.0  # seconds per district report
BATCH_TARGET = 60.0  # seconds for all districts of Lower Saxony
DAYS = 60


def setup_django() -> None:
    directory = tempfile.mkdtemp(prefix="teilhabe-bench-report-")
    os.environ["TEILHABE_DATA_DIR"] = directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.utils import translation

    translation.activate("de")
    call_command("migrate", interactive=False, verbosity=0)


def load_data(activities: int, seed: int) -> dict[str, Any]:
    from teilhabe.core.demo import load_demo
    from teilhabe.regions.models import District
    from teilhabe.regions.reference import load_rotenburg
    from teilhabe.regions.regionlist import parse_region_list
    from teilhabe.regions.services import import_districts

    started = time.perf_counter()
    load_rotenburg()
    load_demo()
    with NATIONAL_LIST.open(encoding="utf-8") as f:
        keys = sorted({r["kreis_ags"] for r in csv.DictReader(f) if r["kreis_ags"][:2] == "03"})
    others = [k for k in keys if k != ROTENBURG]
    import_districts(parse_region_list(NATIONAL_LIST.read_bytes(), NATIONAL_LIST.name, others))
    rnd = random.Random(seed)
    for district in District.objects.filter(ags__in=others).order_by("ags"):
        fill(district, activities, rnd)
    return {"districts": len(keys), "seconds": time.perf_counter() - started}


def fill(district: Any, per_municipality: int, rnd: random.Random) -> None:
    """Generated data for one district, through the services the pages use."""
    from decimal import Decimal

    from django.utils import timezone

    from teilhabe.actionplan import services as plan
    from teilhabe.actionplan.models import Measure, Priority
    from teilhabe.allocation import services as allocation
    from teilhabe.events import services as events
    from teilhabe.inventory.models import Category
    from teilhabe.inventory.services import create_activity

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    municipalities = list(district.municipalities.order_by("name"))
    categories = list(Category.objects.filter(district=district))
    statuses = ["active"] * 6 + ["starting", "planned", "paused", "ended"]
    for m in municipalities:
        for n in range(per_municipality):
            activity = create_activity(
                district,
                {
                    "title": f"Angebot {n + 1} in {m.name}",
                    "municipality": m,
                    "category": rnd.choice(categories),
                    "status": rnd.choice(statuses),
                    "provider_kind": "volunteers",
                    "volunteers": rnd.choice([None, 0, 4, 12, 25]),
                },
            )
            if n % 3:  # two thirds existed before the report period
                when = timezone.now() - datetime.timedelta(days=rnd.randint(DAYS + 1, 700))
                activity.history.filter(history_type="+").update(history_date=when)
    population = sum(p.population for m in municipalities if (p := m.latest_population()))
    period = allocation.create_period(
        district,
        {
            "name": "2026/II",
            "start": today - 90 * day,
            "end": today + 90 * day,
            "quota": max(population // 200, len(municipalities)),
            "method": "hare-niemeyer",
            "population_date": district.population_date,
            "staff_ratio_limit": 80,
        },
    )
    for m in municipalities:
        total = rnd.randint(20, 200)
        allocation.record_capacity(
            m,
            {
                "date": period.start,
                "housing_total": total,
                "housing_occupied": int(total * rnd.uniform(0.5, 1)),
                "staff_fte": Decimal(rnd.choice(["0.5", "1.0", "2.0"])),
            },
        )
        for _ in range(2):
            persons = rnd.randint(1, 6)
            allocation.record_arrival(
                m,
                {
                    "date": today - rnd.randint(0, 89) * day,
                    "persons": persons,
                    "households": 1,
                    "kind": "asylum",
                    "counts_toward_quota": True,
                },
            )
    wave(district, municipalities, rnd)
    workshop = events.create_event(district, {"title": "Workshop", "date": today - 20 * day})
    present = municipalities[: max(1, len(municipalities) * 2 // 3)]
    events.record_attendance(workshop, {m.pk: rnd.randint(1, 3) for m in present})
    priority = Priority.objects.create(district=district, title="Sprache und Ehrenamt")
    for title, due in (("Starterpaket", today - 10 * day), ("Schulungsreihe", today + 99 * day)):
        plan.save_measure(
            Measure(priority=priority),
            {
                "title": title,
                "responsible": "Koordinierungsstelle",
                "due": due,
                "municipalities": municipalities[:2],
            },
        )


def wave(district: Any, municipalities: list[Any], rnd: random.Random) -> None:
    """The shipped questionnaire, half of the Kommunen answered (bulk: the answers' content is
    not what is measured)."""
    from django.utils import timezone

    from teilhabe.surveys import services as surveys
    from teilhabe.surveys.models import Answer, Response
    from teilhabe.testing import default_questionnaire

    form = default_questionnaire()
    version = surveys.create_questionnaire(district, form)
    today = timezone.localdate()
    created, _tokens = surveys.create_wave(
        version, "Herbst", today - datetime.timedelta(days=30), today, municipalities
    )
    names = [q.name for q in form.questions() if q.name.endswith("_exists")]
    responses = list(Response.objects.filter(invitation__wave=created))
    answered = rnd.sample(responses, k=len(responses) // 2)
    Answer.objects.bulk_create(
        Answer(response=r, question=n, value=rnd.choice(["yes", "no"]))
        for r in answered
        for n in names
    )
    Response.objects.filter(pk__in=[r.pk for r in answered]).update(
        status="submitted", submitted_at=timezone.now()
    )


def report(district: Any) -> dict[str, Any]:
    from django.utils import timezone

    from teilhabe.reports import rendering, snapshot

    until = timezone.localdate()
    t0 = time.perf_counter()
    data = snapshot.build(district, until - datetime.timedelta(days=DAYS), until)
    t1 = time.perf_counter()
    pdf = rendering.pdf(data)
    t2 = time.perf_counter()
    return {
        "snapshot": t1 - t0,
        "pdf": t2 - t1,
        "total": t2 - t0,
        "bytes": len(pdf),
        "municipalities": len(data["municipalities"]),
        "data": pdf,
    }


def pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=False)
    return next(
        (int(line.split()[-1]) for line in info.stdout.splitlines() if line.startswith("Pages:")), 0
    )


def stats(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from teilhabe.regions.models import District

    rotenburg = District.objects.get(ags=ROTENBURG)
    cold = report(rotenburg)
    runs = [report(rotenburg) for _ in range(args.repeat)]
    districts = list(District.objects.filter(ags__startswith="03").order_by("ags"))
    batches = []
    for _ in range(args.batch_repeat):
        started = time.perf_counter()
        results = [(d, report(d)) for d in districts]
        batches.append((time.perf_counter() - started, results))
    last = batches[-1][1]
    largest = max(last, key=lambda pair: pair[1]["municipalities"])
    slowest = max(last, key=lambda pair: pair[1]["total"])
    return {
        "cold": cold,
        "runs": runs,
        "pages": pages(runs[-1]["data"]),
        "batches": [b[0] for b in batches],
        "per_district": [r["total"] for _t, results in batches for _d, r in results],
        "districts": len(districts),
        "municipalities": sum(r["municipalities"] for _d, r in last),
        "largest": (
            largest[0].name,
            largest[1]["municipalities"],
            largest[1]["total"],
            pages(largest[1]["data"]),
        ),
        "slowest": (slowest[0].name, slowest[1]["total"]),
    }


def machine() -> dict[str, str]:
    import sqlite3

    import django
    import weasyprint

    return {
        "cpu": common.cpu_name(),
        "nproc": str(os.cpu_count()),
        "memory": f"{common.memory_gib():.0f}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "weasyprint": weasyprint.__version__,
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        "commit": common.commit(),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def verdict(value: float, target: float) -> str:
    return f"✅ ≤ {target:g} s" if value <= target else f"❌ > {target:g} s"


def render_section(
    args: argparse.Namespace,
    r: dict[str, Any],
    env: dict[str, str],
    loaded: dict[str, Any],
    load: tuple[list[float], list[float]],
) -> str:
    runs = r["runs"]
    snap, pdf, total = (stats([x[k] for x in runs]) for k in ("snapshot", "pdf", "total"))
    batch = stats(r["batches"])
    per = stats(r["per_district"])
    name, size, largest, largest_pages = r["largest"]
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/report.py` on {env['date']} (commit {env['commit']}).",
        "",
        f"- **Data**: Landkreis Rotenburg (Wümme) with the example data of `teilhabe up --demo`; "
        f"the other {r['districts'] - 1} districts of Lower Saxony imported from "
        f"`de_gemeinden.csv` at their real sizes ({r['municipalities']} Kommunen in all, up to "
        f"{size} in {name}), each with {args.activities} generated activities per Kommune, an "
        "allocation period with capacities and arrivals, a questionnaire wave (75 questions, half "
        "of the Kommunen answered), a workshop and two measures. Loading took "
        f"{loaded['seconds']:.0f} s.",
        f"- **Machine**: {env['nproc']} cores ({env['cpu']}), {env['memory']} GiB RAM, "
        f"{env['os']}; Python {env['python']}, Django {env['django']}, WeasyPrint "
        f"{env['weasyprint']}, SQLite {env['sqlite']} (a file in a fresh data directory). Load "
        f"average (1, 5, 15 min; the machine is shared with other work): "
        f"{', '.join(f'{x:.2f}' for x in load[0])} before, "
        f"{', '.join(f'{x:.2f}' for x in load[1])} after.",
        "- **Method**: a report is the snapshot (`reports.snapshot.build`, every section "
        f"from the live data, for the last {DAYS} days) plus the PDF "
        "(`reports.rendering.pdf`: the template, WeasyPrint layout, PDF/UA-1 tagging, fonts "
        "subset and embedded), as `teilhabe report --format pdf` and the background task do "
        "it; wall time with `time.perf_counter`. One warm-up report first (cold: imports, "
        f"font cache, template loading), then {args.repeat} timed Rotenburg reports, then "
        f"{args.batch_repeat} batches of all {r['districts']} districts one after the other "
        "in one process.",
        "",
        "| Measurement | min ms | median ms | max ms | target |",
        "|---|--:|--:|--:|---|",
        f"| Rotenburg: snapshot | {ms(snap[0])} | {ms(snap[1])} | {ms(snap[2])} | |",
        f"| Rotenburg: PDF | {ms(pdf[0])} | {ms(pdf[1])} | {ms(pdf[2])} | |",
        f"| **Rotenburg: report (snapshot + PDF)** | {ms(total[0])} | {ms(total[1])} | "
        f"{ms(total[2])} | {verdict(total[1], DISTRICT_TARGET)} |",
        f"| One district in the batches ({len(r['per_district'])} reports) | {ms(per[0])} | "
        f"{ms(per[1])} | {ms(per[2])} | |",
        f"| **Batch: all {r['districts']} districts of Lower Saxony** | {ms(batch[0])} | "
        f"{ms(batch[1])} | {ms(batch[2])} | {verdict(batch[1], BATCH_TARGET)} |",
        "",
        f"- Cold first report of the process: {ms(r['cold']['total'])} ms (Rotenburg).",
        f"- Rotenburg's PDF has {r['pages']} pages ({r['runs'][-1]['bytes'] / 1024:,.0f} KiB); "
        f"the largest district, {name} ({size} Kommunen), {largest_pages} pages in "
        f"{ms(largest)} ms; the slowest report of the last batch: {r['slowest'][0]}, "
        f"{ms(r['slowest'][1])} ms.",
        "",
        "To reproduce:",
        "",
        "```bash",
        f".venv/bin/python benchmarks/report.py --repeat {args.repeat} --batch-repeat "
        f"{args.batch_repeat} --activities {args.activities} --seed {args.seed}",
        "```",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed Rotenburg reports")
    parser.add_argument("--batch-repeat", type=int, default=3, help="timed batches")
    parser.add_argument("--activities", type=int, default=3, help="per Kommune, generated")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    setup_django()
    print("Loading data …", flush=True)
    loaded = load_data(args.activities, args.seed)
    print(f"{loaded['districts']} districts in {loaded['seconds']:.0f} s; measuring …", flush=True)
    before = [round(x, 2) for x in os.getloadavg()]
    result = measure(args)
    after = [round(x, 2) for x in os.getloadavg()]
    section = render_section(args, result, machine(), loaded, (before, after))
    print(section)
    if not args.no_write:
        common.write_section(args.output, SECTION, section)
        print(f"Wrote the section {SECTION!r} to {args.output}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
