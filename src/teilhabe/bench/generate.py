"""Scale data on the real municipality list: `teilhabe bench generate --scale …`.

Scales (all on `regions/data/de_gemeinden.csv`, 400 Kreise, 10,775 Gemeinden):

- `district`: Landkreis Rotenburg (Wümme) alone;
- `land`: the 45 Kreise of Lower Saxony;
- `national`: all 400 Kreise of Germany.

Every Kreis gets the same data at every scale (its own random stream from the seed and its
AGS), so Rotenburg's pages can be compared across scales: what changes is the rest of the
installation. National totals: 500,000 activities (each Kreis its share by population) with
5 years of history, 10 allocation periods (half-years) with arrivals and capacities per
municipality, 2 events and 1 priority with 3 measures per year, and questionnaire waves:
20 in the focus district (Rotenburg, quarterly over 5 years, the one the benchmarks open) and
2 in every other Kreis (last year's and the current one). No personal data: counts only, and
made-up user names for the memberships."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from teilhabe.bench import rows
from teilhabe.bench.activities import local_date, timeline

SCALES = ("district", "land", "national")
FOCUS = "03357"  # Landkreis Rotenburg (Wümme)
NATIONAL_ACTIVITIES = 500_000
YEARS = 5
PERIODS = 10
FOCUS_WAVES = 20
OTHER_WAVES = 2
BATCH = 5000
PASSWORD = "bench-password-2026"  # all generated users share it; for loopback benchmarks only


@dataclass
class Stats:
    scale: str
    seed: int
    districts: int = 0
    municipalities: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def region_file() -> Any:
    from importlib.resources import files

    return files("teilhabe.regions") / "data" / "de_gemeinden.csv"


def kreis_populations() -> dict[str, int]:
    """Population (Zensus 2022, else 31 Dec 2022) of every Kreis, summed from its Gemeinden."""
    totals: dict[str, int] = {}
    with region_file().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            value = row["population_zensus_2022_05_15"] or row["population_2022_12_31"] or "0"
            key = row["kreis_ags"].zfill(5)
            totals[key] = totals.get(key, 0) + int(value)
    return totals


def kreise_for(scale: str, populations: dict[str, int]) -> list[str]:
    if scale == "district":
        return [FOCUS]
    if scale == "land":
        return sorted(k for k in populations if k.startswith("03"))
    if scale == "national":
        return sorted(populations)
    raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")


def activity_count(ags: str, populations: dict[str, int], total: int) -> int:
    """A Kreis's share of the national number of activities, by population."""
    return max(1, round(total * populations[ags] / sum(populations.values())))


def generate(
    scale: str,
    *,
    seed: int = 2026,
    end: datetime.datetime | None = None,
    national_activities: int = NATIONAL_ACTIVITIES,
    progress: Callable[[str], None] = print,
) -> Stats:
    """Fill an empty, migrated database. `end` is the moment of the newest save (default: the
    start of today); the same seed and end give the same data."""
    from teilhabe.regions.models import District
    from teilhabe.regions.reference import load_rotenburg

    if District.objects.exists():
        raise ValueError("the database already holds districts; generate into an empty one")
    end = end or timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    populations = kreis_populations()
    kreise = kreise_for(scale, populations)
    stats = Stats(scale, seed)
    _FORM.clear()  # the first Kreis imports the XLSForm, the others copy its form
    if scale != "district":
        call_command(
            "import_regions",
            str(region_file()),
            *[f"--kreis={k}" for k in kreise],
            stdout=io.StringIO(),
        )
    load_rotenburg()  # the real reference data of the focus district (boundaries, seats)
    districts = {d.ags: d for d in District.objects.filter(ags__in=kreise)}
    for n, ags in enumerate(kreise, 1):
        district = districts[ags]
        rng = random.Random(f"{seed}:{ags}")
        count = activity_count(ags, populations, national_activities)
        with transaction.atomic():
            _district(district, rng, count, end, stats)
        stats.districts += 1
        if n % 10 == 0 or n == len(kreise):
            _analyze()  # fresh statistics, or PostgreSQL plans the growing tables as empty
            progress(
                f"{n}/{len(kreise)} Kreise, {stats.counts.get('activities', 0):,} "
                f"activities, {stats.counts.get('history rows', 0):,} history rows"
            )
    # The rows above were written in bulk, past the signals that index a public offer for the
    # Wegweiser's search: index them all at once.
    from teilhabe.directory import indexing

    stats.add("search documents", indexing.rebuild())
    return stats


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _district(
    district: Any, rng: random.Random, count: int, end: datetime.datetime, stats: Stats
) -> None:
    municipalities = list(district.municipalities.order_by("ars"))
    stats.municipalities += len(municipalities)
    coordinator, editors = _users(district, municipalities)
    _activities(district, rng, count, end, coordinator, editors, stats)
    waves = FOCUS_WAVES if district.ags == FOCUS else OTHER_WAVES
    _waves(district, municipalities, rng, end, waves, stats)
    _allocation(district, municipalities, rng, end, stats)
    _events_and_measures(district, municipalities, rng, end, coordinator, stats)


def _users(district: Any, municipalities: list[Any]) -> tuple[int, dict[int, int]]:
    from django.contrib.auth.hashers import make_password

    from teilhabe.accounts.models import Membership, Role, User

    password = _password_hash(make_password)
    coordinator = User.objects.create(username=f"koordination-{district.ags}", password=password)
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, district=district)
    users = User.objects.bulk_create(
        [User(username=f"redaktion-{m.ars}", password=password) for m in municipalities]
    )
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.EDITOR, district=district, municipality=m)
        for u, m in zip(users, municipalities, strict=True)
    )
    return coordinator.pk, {m.pk: u.pk for m, u in zip(municipalities, users, strict=True)}


_HASH: list[str] = []


def _password_hash(make_password: Callable[[str], str]) -> str:
    """One Argon2 hash for all generated users (hashing is slow on purpose)."""
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


def _activities(
    district: Any,
    rng: random.Random,
    count: int,
    end: datetime.datetime,
    coordinator: int,
    editors: dict[int, int],
    stats: Stats,
) -> None:
    from teilhabe.inventory.models import Activity, Category

    categories = {c.key: c.pk for c in Category.objects.filter(district=district)}
    keys = sorted(categories)
    history_model = Activity.history.model
    begin = end - datetime.timedelta(days=365 * YEARS)
    municipality_ids = sorted(editors)
    for first in range(0, count, BATCH):
        timelines = [
            timeline(
                rng,
                i,
                district.pk,
                municipality_ids,
                categories,
                keys,
                coordinator,
                editors,
                begin,
                end,
            )
            for i in range(first, min(count, first + BATCH))
        ]
        ids = rows.next_ids(Activity, len(timelines))
        rows.insert(
            Activity, ({**saves[-1][2], "id": pk} for pk, saves in zip(ids, timelines, strict=True))
        )
        history = rows.insert(
            history_model,
            (
                {
                    **state,
                    "id": pk,
                    "history_date": when,
                    "history_user_id": user,
                    "history_type": "+" if kind == "+" else "~",
                    "history_change_reason": None,
                    "history_id": hid,
                }
                for hid, (pk, when, kind, state, user) in enumerate(
                    (
                        (pk, *save)
                        for pk, saves in zip(ids, timelines, strict=True)
                        for save in saves
                    ),
                    start=rows.next_ids(history_model, 1).start,
                )
            ),
        )
        stats.add("activities", len(timelines))
        stats.add("history rows", history)
    rows.reset_sequence(Activity, history_model)


_FORM: list[Any] = []


def _questionnaire(district: Any) -> Any:
    """The shipped questionnaire (XLSForm, converted once; copied for every further Kreis)."""
    from teilhabe.surveys import services
    from teilhabe.surveys.demo import XLSFORM
    from teilhabe.surveys.models import Questionnaire, QuestionnaireVersion

    if not _FORM:
        version = services.import_questionnaire(district, XLSFORM.read_bytes(), XLSFORM.name)
        _FORM.append(version.form)
        return version
    questionnaire = Questionnaire.objects.create(district=district, title="Bestandsaufnahme")
    return QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1, form=_FORM[0])


def wave_token(seed_text: str) -> str:
    """Deterministic link tokens, so the benchmarks can answer as a municipality would."""
    return hashlib.sha256(f"bench-wave:{seed_text}".encode()).hexdigest()[:43]


def _waves(
    district: Any,
    municipalities: list[Any],
    rng: random.Random,
    end: datetime.datetime,
    waves: int,
    stats: Stats,
) -> None:
    from teilhabe.core.links import hash_token
    from teilhabe.surveys import runtime
    from teilhabe.surveys.models import Answer, Invitation, Response, ResponseStatus, Wave

    version = _questionnaire(district)
    _form, items = runtime.compile_form(version.form)
    questions = [i.question for i in items if i.question.type != "note"]
    today = local_date(end)
    for w in range(waves):
        opens = today - datetime.timedelta(days=91 * (waves - 1 - w) + 14)
        closes = opens + datetime.timedelta(days=42)
        wave = Wave.objects.create(
            version=version,
            district=district,
            opens=opens,
            closes=closes,
            name=f"Bestandsaufnahme {opens:%m/%Y}",
        )
        invitations = Invitation.objects.bulk_create(
            Invitation(
                wave=wave, municipality=m, token_hash=hash_token(wave_token(f"{wave.pk}:{m.ars}"))
            )
            for m in municipalities
        )
        current = closes >= today
        responses, answers = [], []
        for invitation in invitations:
            answering = rng.random() < (0.6 if current else 0.9)
            status = (
                ResponseStatus.OPEN
                if not answering
                else ResponseStatus.IN_PROGRESS
                if current
                else ResponseStatus.SUBMITTED
            )
            response = Response(
                invitation=invitation,
                status=status,
                submitted_at=_at(closes) if status == "submitted" else None,
            )
            responses.append(response)
            if answering:
                level = rng.uniform(0.3, 0.8)
                answers.append(
                    [
                        (q.name, runtime.coerce(q, v))
                        for q in questions
                        if (v := _raw(q, rng, level)) is not None
                    ]
                )
            else:
                answers.append([])
        responses = Response.objects.bulk_create(responses)
        rows = [
            Answer(response=r, question=name, value=value)
            for r, pairs in zip(responses, answers, strict=True)
            for name, value in pairs
        ]
        Answer.objects.bulk_create(rows, batch_size=BATCH)
        stats.add("waves", 1)
        stats.add("answers", len(rows))


def _raw(question: Any, rng: random.Random, level: float) -> Any:
    """A plausible raw answer as a municipality would type it (as in the demo waves)."""
    name = question.name
    if name.endswith("_exists"):
        return "yes" if rng.random() < level else "no"
    if name.endswith("_since"):
        return str(rng.randint(2012, 2025))
    if name.endswith("_volunteers"):
        return str(rng.randint(0, 30))
    if name.endswith("_providers") and question.choices:
        return rng.sample([c.name for c in question.choices], k=min(2, len(question.choices)))
    if name == "housing_total":
        return str(rng.randint(30, 250))
    return None


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _allocation(
    district: Any,
    municipalities: list[Any],
    rng: random.Random,
    end: datetime.datetime,
    stats: Stats,
) -> None:
    from teilhabe.allocation import services
    from teilhabe.allocation.models import AllocationPeriod, Arrival, ArrivalKind, Capacity

    today = local_date(end)
    weights = _weights(municipalities)
    population = sum(weights.values()) or 1
    half = today.month > 6
    arrivals, capacities = [], []
    for p in range(PERIODS):
        index = today.year * 2 + half - (PERIODS - 1 - p)
        year, second = divmod(index, 2)
        start = datetime.date(year, 7 if second else 1, 1)
        stop = datetime.date(year, 12, 31) if second else datetime.date(year, 6, 30)
        quota = max(10, round(population * rng.uniform(0.0008, 0.002)))
        period = AllocationPeriod.objects.create(
            district=district,
            name=f"{year}/{'II' if second else 'I'}",
            start=start,
            end=stop,
            quota=quota,
            population_date=district.population_date,
            method="hare-niemeyer",
            staff_ratio_limit=80,
        )
        days = (min(stop, today) - start).days
        for m in municipalities:
            total = rng.randint(20, 300)
            capacities.append(
                Capacity(
                    municipality=m,
                    date=start,
                    housing_total=total,
                    housing_occupied=int(total * rng.uniform(0.5, 0.98)),
                    staff_fte=Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0"])),
                )
            )
            persons = round(
                quota
                * weights[m.pk]
                / population
                * rng.uniform(0.55, 1.1)
                * min(1, max(days, 0) / (stop - start).days)
            )
            while persons > 0:
                household = min(persons, rng.choice([1, 1, 2, 3, 4, 5]))
                arrivals.append(
                    Arrival(
                        municipality=m,
                        date=start + datetime.timedelta(rng.randint(0, max(days, 0))),
                        persons=household,
                        households=1,
                        counts_toward_quota=True,
                        kind=ArrivalKind.ASYLUM if rng.random() < 0.8 else ArrivalKind.FAMILY,
                    )
                )
                persons -= household
        if stop < today:
            Arrival.objects.bulk_create(arrivals, batch_size=BATCH)
            stats.add("arrivals", len(arrivals))
            arrivals = []
            services.close_period(period)
        stats.add("allocation periods", 1)
    Arrival.objects.bulk_create(arrivals, batch_size=BATCH)
    Capacity.objects.bulk_create(capacities, batch_size=BATCH)
    stats.add("arrivals", len(arrivals))
    stats.add("capacities", len(capacities))


def _weights(municipalities: Iterable[Any]) -> dict[int, int]:
    from teilhabe.regions.models import PopulationFigure

    weights: dict[int, int] = {m.pk: 0 for m in municipalities}
    for pk, population in (
        PopulationFigure.objects.filter(municipality__in=list(weights))
        .order_by("municipality", "reference_date")
        .values_list("municipality", "population")
    ):
        weights[pk] = population  # the newest figure wins
    return weights


def _events_and_measures(
    district: Any,
    municipalities: list[Any],
    rng: random.Random,
    end: datetime.datetime,
    coordinator: int,
    stats: Stats,
) -> None:
    from teilhabe.actionplan.models import Measure, Priority, ProgressNote
    from teilhabe.events.models import Attendance, Event

    today = local_date(end)
    for year in range(today.year - YEARS + 1, today.year + 1):
        for month, title in ((3, "Netzwerktreffen Integration"), (9, "Workshop Handlungsplan")):
            day = datetime.date(year, month, rng.randint(1, 28))
            event = Event.objects.create(
                district=district,
                title=f"{title} {year}",
                date=day,
                place="Kreishaus",
                kind="workshop",
            )
            if day <= today:
                Attendance.objects.bulk_create(
                    Attendance(event=event, municipality=m, persons=rng.randint(1, 4))
                    for m in municipalities
                    if rng.random() < 0.7
                )
            stats.add("events", 1)
        priority = Priority.objects.create(
            district=district, title=f"Schwerpunkt {year}", adopted_on=datetime.date(year, 3, 31)
        )
        for k in range(3):
            measure = Measure.objects.create(
                priority=priority,
                title=f"Maßnahme {year}-{k + 1}",
                due=datetime.date(year, 12, 31) + datetime.timedelta(days=365 * (k == 2)),
                progress=rng.choice([0, 25, 50, 75, 100]),
            )
            measure.municipalities.set(rng.sample(municipalities, k=min(3, len(municipalities))))
            ProgressNote.objects.create(
                measure=measure,
                date=datetime.date(year, 6, 30),
                progress=measure.progress,
                text="Zwischenstand",
                author_id=coordinator,
            )
            stats.add("measures", 1)


def digest(tables: Iterator[str] | None = None) -> str:
    """SHA-256 over the generated content, for the determinism check (ids and time stamps of
    the moment of generation left out)."""
    from teilhabe.allocation.models import Arrival
    from teilhabe.inventory.models import Activity
    from teilhabe.surveys.models import Answer

    h = hashlib.sha256()
    for row in Activity.history.order_by("history_date", "title").values_list(
        "title", "status", "municipality__ars", "history_date", "version"
    ):
        h.update(repr(row).encode())
    for row in Answer.objects.order_by(
        "response__invitation__wave__name", "response__invitation__municipality__ars", "question"
    ).values_list("response__invitation__municipality__ars", "question", "value"):
        h.update(repr(row).encode())
    for row in Arrival.objects.order_by("municipality__ars", "date", "persons", "kind").values_list(
        "municipality__ars", "date", "persons", "kind"
    ):
        h.update(repr(row).encode())
    return h.hexdigest()
