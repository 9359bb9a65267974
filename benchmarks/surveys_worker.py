"""The child process of benchmarks/surveys.py: one database, filled with a district, its
made-up municipalities and a large wave, the results of that wave timed, then the load test
(surveys_load.py)."""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common
from common import HOST
from measure import time_cases
from surveys_client import WORDS
from surveys_load import load_benchmark, log

AGS = "03357"
BATCH = 5000


def worker(args: argparse.Namespace) -> dict[str, Any]:
    # TEILHABE_ENV=local as `teilhabe up` runs: manifest static files
    settings = {"TEILHABE_ENV": "local"}
    prefix = "teilhabe-bench-surveys-"
    with common.child_database(args.worker, args.database_url, prefix, settings) as data_dir:
        import django

        import teilhabe

        source = os.environ.get("TEILHABE_BENCH_SRC")
        if source and not (
            teilhabe.__path__[0].startswith(source) and application_path().startswith(source)
        ):
            sys.exit(f"teilhabe is not imported from {source}: {teilhabe.__path__[0]}")
        django.setup()
        return fill_and_measure(args, data_dir)


def fill_and_measure(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from teilhabe.regions.models import District
    from teilhabe.regions.reference import load_rotenburg

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_rotenburg()
    district = District.objects.get(ags=AGS)
    coordinator = make_coordinator(district)
    add_municipalities(district, args.municipalities)
    log(
        args,
        f"migrated, static files collected, {district.name} with "
        f"{district.municipalities.count()} municipalities in "
        f"{time.perf_counter() - started:.1f} s",
    )
    run: dict[str, Any] = {
        "database": connection.vendor,
        "database_version": common.database_version(fsync=True),
        "environment": environment(),
    }
    if not args.skip_results:
        run["results"] = results_benchmark(args, district, coordinator)
    if not args.skip_load:
        run["load"] = load_benchmark(args, district, data_dir)
    return run


def make_coordinator(district: Any) -> Any:
    from teilhabe.accounts.models import Membership, Role, User

    user = User.objects.create(username="bench-coordinator")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, role=Role.COORDINATOR, district=district)
    return user


def add_municipalities(district: Any, total: int) -> None:
    """Made-up municipalities (ARS 0335799nnnnn, kind gemeinde, unique names) up to `total`."""
    from teilhabe.regions.models import Municipality

    have = district.municipalities.count()
    Municipality.objects.bulk_create(
        [
            Municipality(
                district=district,
                ars=f"0335799{i:05d}",
                name=f"Testgemeinde {i:05d}",
                kind="gemeinde",
            )
            for i in range(have, total)
        ],
        batch_size=BATCH,
    )


# Part 1: results of a large wave ------------------------------------------------------------


def synthetic_form(n: int) -> Any:
    """N questions cycling through text, integer, select_one and select_multiple, ten to a
    section, labels in German and English, five choices per list."""
    from teilhabe.surveys.xlsform import Choice, Form, Question, Section

    types = ("text", "integer", "select_one", "select_multiple")
    choices = tuple(Choice(f"c{c}", {"de": f"Option {c}", "en": f"Option {c}"}) for c in range(5))
    questions = [
        Question(
            name=f"q{i:03d}",
            type=types[i % len(types)],
            labels={"de": f"Frage {i + 1}", "en": f"Question {i + 1}"},
            choices=choices if types[i % len(types)].startswith("select") else (),
        )
        for i in range(n)
    ]
    sections = tuple(
        Section(f"s{k}", {"de": f"Teil {k + 1}"}, questions=tuple(questions[k * 10 : k * 10 + 10]))
        for k in range((n + 9) // 10)
    )
    return Form(f"Synthetischer Fragebogen ({n} Fragen)", f"synthetic_{n}", "1", "de", sections)


def random_value(rng: random.Random, question: Any) -> Any:
    if question.type == "integer":
        return rng.randint(0, 500)
    if question.type == "select_one":
        return rng.choice(question.choices).name
    if question.type == "select_multiple":
        return sorted(c.name for c in rng.sample(question.choices, rng.randint(1, 3)))
    return " ".join(rng.choices(WORDS, k=rng.randint(1, 12)))


def make_large_wave(args: argparse.Namespace, district: Any) -> tuple[Any, dict[str, Any]]:
    from django.db import transaction
    from django.utils import timezone

    from teilhabe.surveys import services
    from teilhabe.surveys.models import Answer, Response, ResponseStatus

    rng = random.Random(args.seed)
    form = synthetic_form(args.questions)
    questions = list(form.questions())
    started = time.perf_counter()
    version = services.create_questionnaire(district, form)
    today = timezone.localdate()
    municipalities = list(district.municipalities.order_by("ars")[: args.municipalities])
    wave, _tokens = services.create_wave(
        version, "Große Welle", today, today + datetime.timedelta(days=60), municipalities
    )
    wave_seconds = time.perf_counter() - started
    responses = list(Response.objects.filter(invitation__wave=wave).order_by("pk"))
    started = time.perf_counter()
    rows = 0
    for first in range(0, len(responses), max(1, BATCH // max(1, len(questions)))):
        chunk = responses[first : first + max(1, BATCH // max(1, len(questions)))]
        with transaction.atomic():
            Answer.objects.bulk_create(
                [
                    Answer(response=r, question=q.name, value=random_value(rng, q))
                    for r in chunk
                    for q in questions
                ],
                batch_size=BATCH,
            )
        rows += len(chunk) * len(questions)
    submitted = [r.pk for r in responses if rng.random() < 0.7]
    Response.objects.filter(pk__in=submitted).update(
        status=ResponseStatus.SUBMITTED, submitted_at=timezone.now()
    )
    Response.objects.exclude(pk__in=submitted).filter(invitation__wave=wave).update(
        status=ResponseStatus.IN_PROGRESS
    )
    answers_seconds = time.perf_counter() - started
    stored = Answer.objects.filter(response__invitation__wave=wave).count()
    if stored != len(responses) * len(questions):
        sys.exit(f"expected {len(responses) * len(questions)} answers, found {stored}")
    return wave, {
        "municipalities": len(responses),
        "questions": len(questions),
        "types": dict(Counter(q.type for q in questions)),
        "answers": stored,
        "submitted": len(submitted),
        "wave_seconds": round(wave_seconds, 1),
        "answers_seconds": round(answers_seconds, 1),
    }


def results_benchmark(args: argparse.Namespace, district: Any, coordinator: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from teilhabe.surveys import queries
    from teilhabe.surveys.models import Wave

    wave, data = make_large_wave(args, district)
    log(
        args,
        f"wave of {data['municipalities']:,} municipalities x {data['questions']} "
        f"questions, {data['answers']:,} answers: wave {data['wave_seconds']} s, "
        f"answers {data['answers_seconds']} s",
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    client = Client(HTTP_HOST=HOST)
    client.force_login(coordinator)

    def as_the_view_reads_it() -> Any:
        return Wave.objects.select_related("district", "version__questionnaire").get(pk=wave.pk)

    fresh = as_the_view_reads_it()

    def results() -> str:
        found = queries.results(fresh)
        cells = sum(len(r.by_municipality) for r in found)
        return f"{len(found)} questions, {cells:,} answers shown"

    def status() -> str:
        found = queries.wave_status(fresh)
        answered = sum(r.answered for r in found.rows)
        return f"{len(found.rows):,} rows, {answered:,} answered, rate {found.rate} %"

    def page(url: str) -> Callable[[], str]:
        def get() -> str:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return f"{len(response.content) / 1024 / 1024:,.1f} MiB HTML"

        return get

    cases = [
        ("queries.results(wave)", results),
        ("queries.wave_status(wave)", status),
        ("GET results page", page(reverse("surveys:results", args=[wave.pk]))),
        (
            "GET wave page (status of every municipality)",
            page(reverse("surveys:wave-detail", args=[wave.pk])),
        ),
    ]
    load_before = [round(x, 2) for x in os.getloadavg()]
    measured = time_cases(args.repeat, cases)[None]
    return {
        "data": data,
        "cases": measured,
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def application_path() -> str:
    """Where a new process started like gunicorn (same environment) imports teilhabe from."""
    return subprocess.run(
        [sys.executable, "-c", "import teilhabe; print(teilhabe.__path__[0])"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
        env=dict(os.environ),
    ).stdout.strip()


def environment() -> dict[str, str]:
    import django
    import gunicorn as gunicorn_package
    import psycopg

    if os.environ.get("TEILHABE_BENCH_COMMIT"):
        commit = os.environ["TEILHABE_BENCH_COMMIT"] + ", a clean export of it"
    else:
        commit = common.git("rev-parse", "--short", "HEAD")
        outside_tests = ":(exclude,glob)src/**/tests/**"
        dirty = subprocess.run(
            ["git", "-C", str(common.ROOT), "status", "--porcelain", "--", "src", outside_tests],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if dirty.strip():
            changed = sorted(
                {
                    line[3:].split("/")[2]
                    for line in dirty.splitlines()
                    if line[3:].startswith("src/teilhabe/")
                }
            )
            commit += " with uncommitted changes in " + ", ".join(changed)
    wrk = shutil.which("wrk")
    wrk_version = (
        subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False).stdout.split()[1]
        if wrk
        else ""
    )
    return {
        **common.environment(),
        "django": django.get_version(),
        "gunicorn": gunicorn_package.__version__,
        "psycopg": psycopg.__version__,
        "wrk": wrk_version,
        "commit": commit,
        "application": application_path(),
    }
