"""Permission-table targets of the public directory (Wegweiser): its public pages, downloads and
feed for a public offer and a public event in each district, and the district's side
(publishing: the overview and translation report, the legal texts, translating and confirming
an offer)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from teilhabe.core.tests.targets import DISTRICTS, Target, both_districts

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
ZEVEN_ARS = "033575408000"
PLACES = {"03357": ZEVEN_ARS, "03356": OSTERHOLZ_MUNICIPALITY_ARS}


def setup(rotenburg: Any, osterholz: Any) -> None:
    """The first offer of each district becomes public and confirmed today, each district's
    workshop a public event (without a new version, so the other targets' versions hold)."""
    from teilhabe.directory import indexing, signals
    from teilhabe.events.models import Event
    from teilhabe.inventory.models import Activity

    for district in (rotenburg, osterholz):
        first = Activity.objects.filter(district=district, municipality__isnull=False)
        offer = first.order_by("pk").first()
        assert offer is not None
        Activity.objects.filter(pk=offer.pk).update(
            public=True, last_confirmed=timezone.localdate()
        )
        indexing.index_offer(offer.pk)
        Event.objects.filter(district=district).update(public=True, activity=offer)
        signals.touch(district.pk)


def _offer(ags: str) -> int:
    from teilhabe.inventory.models import Activity

    found = Activity.objects.filter(district__ags=ags, public=True).order_by("pk").first()
    assert found is not None
    return found.pk


def _event(ags: str) -> int:
    from teilhabe.events.models import Event

    found = Event.objects.filter(district__ags=ags, public=True).order_by("pk").first()
    assert found is not None
    return found.pk


def _public(name: str, **kwargs: Any) -> list[Target]:
    """The page for each district, with the arguments `kwargs` makes from its AGS."""
    return [
        Target(reverse(name, kwargs={"ags": ags, **{k: f(ags) for k, f in kwargs.items()}}))
        for ags in DISTRICTS
    ]


def _activities(name: str, method: str = "get", data: dict[str, Any] | None = None, **kw: Any):  # type: ignore[no-untyped-def]
    from teilhabe.inventory.models import Activity

    targets = []
    for activity in Activity.objects.select_related("district", "municipality").order_by("pk"):
        ars = activity.municipality.ars if activity.municipality else None
        sent = {**data, "version": str(activity.version)} if name == "publishing:confirm" else data
        targets.append(
            Target(
                reverse(name, kwargs={"pk": activity.pk, **kw}),
                activity.district.ags,
                ars,
                method,
                sent,
            )
        )
    return targets


def snapshot() -> list[tuple[Any, ...]]:
    from teilhabe.directory.models import DistrictDirectory, OfferTranslation
    from teilhabe.inventory.models import Activity

    return [
        *DistrictDirectory.objects.order_by("pk").values_list("pk", "imprint", "privacy"),
        *OfferTranslation.objects.order_by("pk").values_list("pk", "language", "title"),
        *Activity.objects.order_by("pk").values_list("pk", "last_confirmed"),
    ]


TRANSLATION = {"title": "Мовне кафе", "description": "Переклад"}
TEXTS = {"imprint": "Kreishaus", "privacy": ""}

TARGETS = {
    "directory:district": lambda u: _public("directory:district"),
    "directory:offers": lambda u: [
        *_public("directory:offers"),
        *[Target(f"{t.url}?q=Sprachcafe&free=on") for t in _public("directory:offers")],
    ],
    "directory:offer": lambda u: _public("directory:offer", pk=_offer),
    "directory:events": lambda u: _public("directory:events"),
    "directory:event-ical": lambda u: _public("directory:event-ical", pk=_event),
    "directory:volunteering": lambda u: _public("directory:volunteering"),
    "directory:easy-read": lambda u: _public("directory:easy-read"),
    "directory:imprint": lambda u: _public("directory:imprint"),
    "directory:privacy": lambda u: _public("directory:privacy"),
    "directory:open-data": lambda u: _public("directory:open-data"),
    "directory:csv": lambda u: _public("directory:csv"),
    "directory:geojson": lambda u: _public("directory:geojson"),
    "directory:embed": lambda u: _public("directory:embed", ars=PLACES.get),
    "directory:flyer": lambda u: _public("directory:flyer", ars=PLACES.get),
    # /de/03357/ leads to /03357/ (301); other prefixes are the public 404.
    "directory:unknown-language": lambda u: [Target(f"/de/{ags}/") for ags in DISTRICTS],
    "api:public-offers": lambda u: _public("api:public-offers"),
    "publishing:overview": lambda u: both_districts("publishing:overview"),
    "publishing:language": lambda u: both_districts("publishing:language", lang="uk"),
    "publishing:texts": lambda u: [
        *both_districts("publishing:texts"),
        *[
            Target(t.url, t.district, method="post", data=TEXTS)
            for t in both_districts("publishing:texts")
        ],
    ],
    "publishing:translate": lambda u: [
        *_activities("publishing:translate", lang="uk"),
        *_activities("publishing:translate", "post", TRANSLATION, lang="uk"),
    ],
    "publishing:confirm": lambda u: _activities("publishing:confirm", "post", {}),
}
