"""What keeps the public directory current: every save of an offer (through inventory's
services, the import, the admin or example data) re-indexes it for search, and every change
of something the public pages show gives its district a new stamp, so that no cached page
outlives it (directory/caching.py). Connected in DirectoryConfig.ready."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from teilhabe.directory import indexing
from teilhabe.directory.models import DistrictDirectory, OfferTranslation, new_stamp


def touch(district_id: int) -> None:
    """A new stamp for the district: its cached public pages are not used again. A district
    without a record has no cached page (pages are kept only under a stamp, and the first
    page served makes the record), so there is nothing to do; creating one here would also
    bring back the record of a district being deleted, from its dependents' signals."""
    DistrictDirectory.objects.filter(district_id=district_id).update(stamp=new_stamp())


def _offer_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    indexing.index_offer(instance.pk)
    touch(instance.district_id)


def _translation_changed(sender: Any, instance: OfferTranslation, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    indexing.index_offer(instance.activity_id)
    touch(instance.activity.district_id)


def _district_data_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Fields of action, municipalities, events, contacts (consent, erasure): shown publicly."""
    if not kwargs.get("raw"):
        touch(instance.district_id)


def _district_changed(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not created:
        touch(instance.pk)


def connect() -> None:
    from teilhabe.events.models import Event
    from teilhabe.inventory.models import Activity, Category
    from teilhabe.network.models import Contact
    from teilhabe.regions.models import District, Municipality

    post_save.connect(_offer_saved, sender=Activity, dispatch_uid="directory-offer-saved")
    post_delete.connect(_district_data_changed, sender=Activity, dispatch_uid="directory-offer-del")
    for signal in (post_save, post_delete):
        signal.connect(
            _translation_changed, sender=OfferTranslation, dispatch_uid=f"directory-t-{signal}"
        )
        for model in (Category, Municipality, Event, Contact):
            signal.connect(
                _district_data_changed,
                sender=model,
                dispatch_uid=f"directory-{model.__name__}-{id(signal)}",
            )
    post_save.connect(_district_changed, sender=District, dispatch_uid="directory-district")
