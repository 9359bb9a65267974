"""Writes of the public directory, each in one transaction: translations, the legal texts,
and confirming an offer (through inventory's service, so history and version checks apply)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.directory import texts
from teilhabe.directory.models import DistrictDirectory, OfferTranslation, new_stamp
from teilhabe.inventory import services as inventory
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import District


@transaction.atomic
def save_translation(
    activity: Activity, language: str, values: dict[str, Any], user: Any
) -> OfferTranslation:
    """Store the offer's text in `language`, made from its German text as it is now (so the
    translation counts as up to date until the German text changes). Re-indexing and the
    district's new stamp follow from the save (directory/signals.py)."""
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    record = OfferTranslation.objects.filter(activity=current, language=language).first()
    record = record or OfferTranslation(activity=current, language=language)
    for name in texts.FIELDS:
        setattr(record, name, values.get(name, "") if getattr(current, name) else "")
    record.source_hash = texts.source_hash(current)
    record.translated_by = user if getattr(user, "is_authenticated", False) else None
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def save_texts(district: District, values: dict[str, Any]) -> DistrictDirectory:
    record, _created = DistrictDirectory.objects.select_for_update().get_or_create(
        district=district
    )
    record.imprint = values.get("imprint", "")
    record.privacy = values.get("privacy", "")
    record.stamp = new_stamp()
    record.texts_updated_at = timezone.now()
    record.full_clean()
    record.save()
    return record


def confirm_offer(activity_id: int, expected_version: int) -> Activity:
    """ "Still as shown": today becomes the offer's last confirmation (EditConflict when someone
    saved it meanwhile)."""
    return inventory.update_activity(
        activity_id, {"last_confirmed": timezone.localdate()}, expected_version
    )
