"""Recording, editing and ending activities, with history and lost-update protection."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.errors import EditConflict
from teilhabe.inventory import services
from teilhabe.inventory.models import Activity, Category
from teilhabe.regions.models import Municipality
from teilhabe.testing import ZEVEN_ARS, make_activity


@pytest.fixture
def zeven(rotenburg):
    return Municipality.objects.get(ars=ZEVEN_ARS)


def test_every_district_gets_the_default_fields_of_action(rotenburg, osterholz):
    for district in (rotenburg, osterholz):
        keys = list(Category.objects.filter(district=district).values_list("key", flat=True))
        assert len(keys) == 14
        assert keys[:2] == ["orientation", "language"]


def test_an_edit_is_kept_in_the_history(zeven, rotenburg):
    activity = make_activity(rotenburg, zeven, status="planned")
    services.update_activity(activity.pk, {"status": "active"}, expected_version=1)
    statuses = list(activity.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["planned", "active"]
    assert Activity.objects.get(pk=activity.pk).version == 2


def test_the_second_of_two_concurrent_saves_is_refused(zeven, rotenburg):
    activity = make_activity(rotenburg, zeven)
    services.update_activity(activity.pk, {"title": "Sprachcafé am Markt"}, expected_version=1)
    with pytest.raises(EditConflict) as error:
        services.update_activity(activity.pk, {"title": "Sprachtreff"}, expected_version=1)
    assert error.value.current.title == "Sprachcafé am Markt"
    assert Activity.objects.get(pk=activity.pk).title == "Sprachcafé am Markt"


def test_ending_keeps_the_activity(zeven, rotenburg):
    activity = make_activity(rotenburg, zeven, start_date=datetime.date(2025, 1, 1))
    services.end_activity(activity.pk, datetime.date(2026, 10, 31), expected_version=1)
    activity.refresh_from_db()
    assert (activity.status, activity.end_date) == ("ended", datetime.date(2026, 10, 31))


def test_dates_in_the_wrong_order_are_refused(zeven, rotenburg):
    with pytest.raises(ValidationError):
        make_activity(
            rotenburg,
            zeven,
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )
    assert not Activity.objects.exists()


def test_new_category_keys_are_unique(rotenburg):
    assert services.unique_category_key(rotenburg, "Sprache") == "sprache"
    Category.objects.create(district=rotenburg, key="sprache", name="Sprache (lokal)")
    assert services.unique_category_key(rotenburg, "Sprache") == "sprache-2"
