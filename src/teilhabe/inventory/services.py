"""Writes of the stock-take. Views and the import call these; each runs in one transaction."""

import datetime
from typing import Any

from django.db import transaction

from teilhabe.core.errors import require_version
from teilhabe.inventory.models import Activity, ActivityStatus
from teilhabe.regions.models import District


@transaction.atomic
def create_activity(district: District, values: dict[str, Any]) -> Activity:
    activity = Activity(district=district, **values)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def update_activity(activity_id: int, values: dict[str, Any], expected_version: int) -> Activity:
    """Save changes unless someone else saved since `expected_version` was read (else
    EditConflict).

    The row is locked for the check-and-save (on SQLite the IMMEDIATE transaction serialises
    writers), so two simultaneous saves cannot both pass the check."""
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    require_version(activity, expected_version)
    for name, value in values.items():
        setattr(activity, name, value)
    activity.version = expected_version + 1  # the row is locked, so this is the next version
    activity.full_clean()
    activity.save()
    return activity


def end_activity(activity_id: int, end_date: datetime.date, expected_version: int) -> Activity:
    """Mark an activity as ended on a date; it stays in the inventory and its history."""
    return update_activity(
        activity_id, {"status": ActivityStatus.ENDED, "end_date": end_date}, expected_version
    )


def unique_category_key(district: District, name: str) -> str:
    """A slug for a new field of action that no other field of the district uses."""
    from django.utils.text import slugify

    from teilhabe.inventory.models import Category

    base = slugify(name)[:50] or "handlungsfeld"
    taken = set(Category.objects.filter(district=district).values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
