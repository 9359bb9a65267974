"""`teilhabe bench generate`: deterministic, realistic, counts only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from teilhabe.allocation.models import AllocationPeriod, Arrival
from teilhabe.bench import generate
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import District
from teilhabe.surveys.models import Answer, Wave

END = datetime.datetime(2026, 11, 1, tzinfo=ZoneInfo("Europe/Berlin"))


class Rollback(Exception):
    pass


def _generate_and_digest(seed: int) -> tuple[str, generate.Stats]:
    try:
        with transaction.atomic():
            stats = generate.generate("district", seed=seed, end=END, progress=lambda _: None)
            result = generate.digest(), stats
            raise Rollback
    except Rollback:
        return result


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first, stats = _generate_and_digest(7)
    again, _ = _generate_and_digest(7)
    other, _ = _generate_and_digest(8)
    assert first == again
    assert other != first
    assert stats.counts["activities"] > 0 and stats.counts["answers"] > 0


@pytest.mark.django_db
def test_district_scale_builds_rotenburg_with_five_years_of_everything():
    stats = generate.generate("district", seed=1, end=END, progress=lambda _: None)
    district = District.objects.get()
    assert district.ags == generate.FOCUS and stats.municipalities == 13
    populations = generate.kreis_populations()
    assert Activity.objects.count() == generate.activity_count("03357", populations, 500_000)
    # Each Kreis's share of 500,000 by population; Germany's shares add up to about that.
    total = sum(generate.activity_count(k, populations, 500_000) for k in populations)
    assert abs(total - 500_000) <= len(populations)
    history = Activity.history.all()
    assert history.count() > Activity.objects.count()
    oldest = history.order_by("history_date").first().history_date
    assert (
        END - datetime.timedelta(days=5 * 365 + 1)
        <= oldest
        < END - datetime.timedelta(days=4 * 365)
    )
    for activity in Activity.objects.all()[:200]:
        newest = activity.history.order_by("-history_date").first()
        assert (newest.status, newest.title, newest.version) == (
            activity.status,
            activity.title,
            activity.version,
        )
    assert Wave.objects.count() == generate.FOCUS_WAVES
    assert Answer.objects.exists()
    periods = AllocationPeriod.objects.order_by("start")
    assert periods.count() == generate.PERIODS
    assert all(p.closed_at for p in periods[: generate.PERIODS - 1])
    assert not periods.last().closed_at  # the current half-year is open
    # Counts only: an arrival is a number of persons and households, nothing about a person.
    fields = {f.name for f in Arrival._meta.concrete_fields}
    assert fields <= {
        "id",
        "municipality",
        "date",
        "persons",
        "households",
        "kind",
        "counts_toward_quota",
        "note",
        "created_at",
    }


@pytest.mark.django_db
def test_generating_into_a_database_with_districts_is_refused(rotenburg):
    with pytest.raises(ValueError, match="already holds districts"):
        generate.generate("district", end=END, progress=lambda _: None)


def test_scales_pick_rotenburg_lower_saxony_or_germany():
    populations = generate.kreis_populations()
    assert generate.kreise_for("district", populations) == ["03357"]
    assert len(generate.kreise_for("land", populations)) == 45
    assert len(generate.kreise_for("national", populations)) == 400
    with pytest.raises(ValueError):
        generate.kreise_for("planet", populations)
